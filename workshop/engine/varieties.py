"""Language varieties: packs under data/rules/varieties/ that extend a base pack, and which one a transcript uses.

The variety comes, in order, from the caller (`--variety`, the app's picker,
the trainer's config), the transcript's metadata (`"variety": "es-AR"`), or
detection: the variety whose `variety_markers` (voseo forms, vocabulary) the
transcript uses most, if it uses at least two of them.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..i18n import WorkshopError
from ..model import Transcript
from ..resources import rules_dir
from ..words import tokenize
from .rules import load_pack_file, phrase_words

VARIETY_CODES = ("es-MX", "es-AR", "es-CO", "es-ES", "es-US", "en-US", "en-GB", "en-IN", "en-PH")
#: the varieties of each language, by its code ("es-AR" is Spanish)
VARIETIES = {lang: tuple(v for v in VARIETY_CODES if v.split("-")[0] == lang) for lang in ("es", "en")}
MIN_MARKERS = 2  # one "vale" or "sir" does not make a variety


@lru_cache(maxsize=32)
def variety_path(variety: str) -> Path:
    # Memoized: every analysis asks for its variety's pack, and finding the package's data folder
    # (importlib.resources and a stat) was 2 % of a live edit (profiled); it does not move in a process.
    return Path(rules_dir()) / "varieties" / f"{variety}.yaml"


def check_variety(variety: str, lang: str) -> str:
    """`variety` if it is one of `lang`'s, else a WorkshopError in both languages."""
    if variety not in VARIETIES.get(lang, ()):
        raise WorkshopError("variety_unknown", variety=variety, valid=", ".join(VARIETIES.get(lang, ())))
    return variety


@lru_cache(maxsize=4)
def _marker_index(lang: str) -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """Every variety's markers by their first word: one dict look-up per transcript word."""
    index: dict[str, list] = {}
    for variety in VARIETIES.get(lang, ()):
        for p in load_pack_file(variety_path(variety)).get("variety_markers", ()):
            words = phrase_words(p)
            if words:
                index.setdefault(words[0], []).append((words, variety))
    return {k: tuple(v) for k, v in index.items()}


def detect_variety(transcript: Transcript) -> str | None:
    """The variety whose markers the transcript uses most (at least MIN_MARKERS times), or None."""
    counts: dict[str, int] = {}
    for turn in transcript.turns:
        for variety, n in _turn_markers(turn.text, transcript.language):
            counts[variety] = counts.get(variety, 0) + n
    best = max(counts, key=lambda v: (counts[v], -VARIETY_CODES.index(v)), default=None)
    return best if best is not None and counts[best] >= MIN_MARKERS else None


@lru_cache(maxsize=4096)
def _turn_markers(text: str, lang: str) -> tuple[tuple[str, int], ...]:
    """(variety, markers) in one turn, cached by text: a live edit counts only the edited turn."""
    index = _marker_index(lang)
    counts: dict[str, int] = {}
    words = [t.norm for t in tokenize(text) if t.is_word]
    for i, w in enumerate(words):
        for marker, variety in index.get(w, ()):
            if len(marker) == 1 or tuple(words[i:i + len(marker)]) == marker:
                counts[variety] = counts.get(variety, 0) + 1
    return tuple(counts.items())


def resolve_variety(transcript: Transcript, explicit: str | None = None) -> str | None:
    """The variety to analyse with: explicit, else metadata, else detected (None: the base pack only)."""
    if explicit:
        return check_variety(explicit, transcript.language)
    meta = transcript.metadata.get("variety")
    if isinstance(meta, str) and meta in VARIETIES.get(transcript.language, ()):
        return meta
    return detect_variety(transcript)
