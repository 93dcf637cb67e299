"""Rewrite Workshop: find what an agent's words can lose, rewrite them together, measure the difference.

The flat API a notebook needs:

    import workshop
    t = workshop.load("data/transcripts/es-telecom-phone-internet-caido.json")
    result = workshop.analyze(t)            # findings + metrics
    workshop.compare(t, rewritten)          # before/after table (pandas)

Heavy libraries (nltk, pandas) load on first use, so importing stays fast.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .i18n import Notice, WorkshopError
from .model import Transcript, Turn

if TYPE_CHECKING:
    import pandas as pd

    from .engine.analyze import Analysis

__version__ = "0.1.0"
__all__ = ["load", "analyze", "compare", "samples", "Transcript", "Turn", "WorkshopError", "Notice", "__version__"]


def load(source: Any, **kwargs: Any) -> Transcript:
    """A transcript from a path, pasted text, bytes or a list of {speaker, text} turns.

    Raises `WorkshopError` (with `.message("es")`/`.message("en")`) for input
    the exercise can't use: over the word limit, empty, binary, unreadable.
    Personal data is masked as it loads; `redact=False` keeps it (data already clean).
    """
    from .loaders import load as _load

    return _load(source, **kwargs)


def analyze(source: Any, lang: str | None = None, **kwargs: Any) -> "Analysis":
    """Findings and metrics for a transcript, a path or pasted text; `lang` overrides detection."""
    from .engine.analyze import analyze as _analyze

    return _analyze(source, lang, **kwargs)


def compare(before: Any, after: Any, ui: str | None = None) -> "pd.DataFrame":
    """Before/after metrics as a DataFrame: metric, label, before, after, change, verdict."""
    from .engine.compare import compare as _compare

    return _compare(before, after, ui)


def samples(**filters: str) -> list[Transcript]:
    """The shipped sample transcripts, optionally filtered (language="es", channel="chat", ...)."""
    from .library import load_library

    return load_library(**filters)
