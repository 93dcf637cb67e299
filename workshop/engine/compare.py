"""`compare`: the before/after table of two analyses (or transcripts, paths, text), and batch rows.

Which metrics are compared, and which direction is better, is
`workshop.engine.metrics.COMPARED`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from ..i18n import metric_label, ui_language
from .analyze import Analysis, analyze
from .metrics import COMPARED
from .rules import category_info

if TYPE_CHECKING:
    import pandas as pd


def _as_analysis(value: Any, ui: str | None) -> Analysis:
    if isinstance(value, Analysis):
        return value
    return analyze(value, ui=ui)


def compare(before: Any, after: Any, ui: str | None = None) -> "pd.DataFrame":
    """Before/after table: metric, label, before, after, change, and whether it got better or worse.

    `before` and `after` are analyses, transcripts, paths or text.
    """
    import pandas as pd

    a, b = _as_analysis(before, ui), _as_analysis(after, ui)
    lang = ui_language(ui or a.ui)
    da, db = a.metrics.as_dict(), b.metrics.as_dict()
    rows = []
    compared = set(k for k, _ in COMPARED)
    # A trainer's own categories (their counts are in the metrics as for the built-in ones): fewer is better.
    own = [(c, -1) for c in dict.fromkeys((*a.categories, *b.categories)) if c not in compared]
    for key, direction in (*COMPARED, *own):
        x, y = da.get(key), db.get(key)
        change = None if x is None or y is None else round(y - x, 3)
        if change is None or direction == 0:
            verdict = ""
        elif change == 0:
            verdict = "same"
        else:
            verdict = "better" if change * direction > 0 else "worse"
        name = metric_label(key, lang) if key in compared else category_info(key)["label"][lang]
        rows.append({"metric": key, "label": name, "before": x, "after": y,
                     "change": change, "verdict": verdict})
    return pd.DataFrame(rows, columns=["metric", "label", "before", "after", "change", "verdict"])


def metrics_rows(analyses: Iterable[Analysis]) -> "pd.DataFrame":
    """One row of flat metrics per analysed transcript, for batch tables and CSV."""
    import pandas as pd

    return pd.DataFrame([{"source": an.transcript.source, **an.metrics.as_dict()} for an in analyses])


def findings_rows(analyses: Iterable[Analysis]) -> "pd.DataFrame":
    """One row per finding of every analysed transcript, with its rule ID: what a trainer
    filters on to see which rule fired, and what to put under `disable:`."""
    import pandas as pd

    columns = ["source", "turn", "speaker", "id", "category", "severity", "start", "end", "text", "message",
               "suggestions"]
    rows = [{"source": an.transcript.source, "turn": f.turn, "speaker": an.transcript.turns[f.turn].speaker,
             "id": f.id, "category": f.category, "severity": f.severity, "start": f.start, "end": f.end,
             "text": f.text, "message": f.message, "suggestions": " | ".join(s or "∅" for s in f.suggestions)}
            for an in analyses for f in an.findings]
    return pd.DataFrame(rows, columns=columns)
