"""Charts of before/after measures, as PNG bytes (matplotlib's Agg backend, no pyplot state)."""
from __future__ import annotations

import io

from .i18n import label, metric_label
from .render import category_label



def chart_png(before, after, ui: str) -> bytes:
    """Findings per category and the headline numbers, before and after, as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure  # no pyplot: no global state shared between users

    fig = Figure(figsize=(9, 3.6), dpi=100, layout="constrained")
    left, right = fig.subplots(1, 2, width_ratios=[3, 2])
    b, a = before.by_category(), after.by_category()
    categories = tuple(dict.fromkeys((*before.categories, *after.categories)))  # a trainer's own ones too
    names = [category_label(c, ui) for c in categories]
    y = range(len(categories))
    left.barh([i + 0.2 for i in y], [b.get(c, 0) for c in categories], height=0.4, color="#c9ced6",
              label=label("chart_before", ui))
    left.barh([i - 0.2 for i in y], [a.get(c, 0) for c in categories], height=0.4, color="#2f6fd0",
              label=label("chart_after", ui))
    left.set_yticks(list(y), names)
    left.invert_yaxis()
    left.set_title(label("chart_counts", ui), fontsize=10)
    left.legend(fontsize=8)
    mb, ma = before.metrics.as_dict(), after.metrics.as_dict()
    keys = ("agent_words", "agent_speaking_seconds", "agent_readability")
    x = range(len(keys))
    right.bar([i - 0.2 for i in x], [mb.get(k) or 0 for k in keys], width=0.4, color="#c9ced6")
    right.bar([i + 0.2 for i in x], [ma.get(k) or 0 for k in keys], width=0.4, color="#2f6fd0")
    right.set_xticks(list(x), [metric_label(k, ui) for k in keys], fontsize=8, rotation=12)
    right.set_title(label("chart_scores", ui), fontsize=10)
    for ax in (left, right):
        ax.spines[["top", "right"]].set_visible(False)
        ax.tick_params(labelsize=8)
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()
