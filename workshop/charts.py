"""Charts of before/after measures, as PNG bytes (matplotlib's Agg backend, no pyplot state)."""
from __future__ import annotations

import io
import textwrap

from .i18n import format_number, label, metric_label
from .render import category_label

BEFORE_COLOUR = "#c9ced6"
ACCENT = "#2f6fd0"  # the config's default accent_colour
#: Small multiples: each measure on its own scale (seconds and a 0-100 score never share an axis).
SCALED = ("agent_words", "agent_speaking_seconds", "agent_readability")


def chart_png(before, after, ui: str, accent: str = ACCENT) -> bytes:
    """Findings per category before/after, and words, speaking time and readability each on its own axis."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure  # no pyplot: no global state shared between users

    fig = Figure(figsize=(9, 3.8), dpi=100, layout="constrained")
    grid = fig.add_gridspec(1, 2 + len(SCALED), width_ratios=[3.2, 0.15] + [1] * len(SCALED))
    left = fig.add_subplot(grid[0, 0])
    b, a = before.by_category(), after.by_category()
    categories = tuple(dict.fromkeys((*before.categories, *after.categories)))  # a trainer's own ones too
    names = [category_label(c, ui) for c in categories]
    y = range(len(categories))
    left.barh([i - 0.2 for i in y], [b.get(c, 0) for c in categories], height=0.4, color=BEFORE_COLOUR,
              label=label("chart_before", ui))
    left.barh([i + 0.2 for i in y], [a.get(c, 0) for c in categories], height=0.4, color=accent,
              label=label("chart_after", ui))
    left.set_yticks(list(y), names)
    left.invert_yaxis()
    left.xaxis.get_major_locator().set_params(integer=True)  # counts are whole
    left.set_title(label("chart_counts", ui), fontsize=10)
    left.legend(fontsize=8)
    mb, ma = before.metrics.as_dict(), after.metrics.as_dict()
    axes = [left]
    for k, key in enumerate(SCALED):
        ax = fig.add_subplot(grid[0, 2 + k])
        values = [mb.get(key) or 0, ma.get(key) or 0]
        bars = ax.bar([0, 1], values, width=0.6, color=[BEFORE_COLOUR, accent])
        ax.bar_label(bars, labels=[format_number(v, ui, decimals=0) for v in values], fontsize=8)
        ax.set_xticks([0, 1], [label("chart_before", ui), label("chart_after", ui)])
        ax.set_title(textwrap.fill(metric_label(key, ui), 16), fontsize=9)
        ax.set_ylim(0, max(values + [1]) * 1.18)
        axes.append(ax)
    for ax in axes:
        ax.spines[["top", "right"]].set_visible(False)
        ax.tick_params(labelsize=8)
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()
