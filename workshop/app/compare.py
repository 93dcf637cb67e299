"""Before and after: the metrics table, a chart, the word diff and the time saved."""
from __future__ import annotations

import io

import ipywidgets as w

from ..i18n import label
from ..metrics import COMPARED, compare
from ..render import category_label, compare_table_html, diff_html, esc, turn_html
from ..rewrite import word_diff
from ..state import WorkshopState
from .common import Debouncer, guarded

CHART_CATEGORIES = ("filler", "repetition", "redundancy", "wordy", "long-sentence", "complex-word", "formal",
                    "negative", "closed-question", "missing-empathy")


def chart_png(before, after, ui: str) -> bytes:
    """Findings per category and the headline numbers, before and after, as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure  # no pyplot: no global state shared between users

    fig = Figure(figsize=(9, 3.6), dpi=100, layout="constrained")
    left, right = fig.subplots(1, 2, width_ratios=[3, 2])
    b, a = before.by_category(), after.by_category()
    names = [category_label(c, ui) for c in CHART_CATEGORIES]
    y = range(len(CHART_CATEGORIES))
    left.barh([i + 0.2 for i in y], [b[c] for c in CHART_CATEGORIES], height=0.4, color="#c9ced6",
              label=label("chart_before", ui))
    left.barh([i - 0.2 for i in y], [a[c] for c in CHART_CATEGORIES], height=0.4, color="#2f6fd0",
              label=label("chart_after", ui))
    left.set_yticks(list(y), names)
    left.invert_yaxis()
    left.set_title(label("chart_counts", ui), fontsize=10)
    left.legend(fontsize=8)
    mb, ma = before.metrics.as_dict(), after.metrics.as_dict()
    keys = ("agent_words", "agent_speaking_seconds", "agent_readability")
    rows = {k: (es, en) for k, _, es, en in COMPARED}
    x = range(len(keys))
    right.bar([i - 0.2 for i in x], [mb.get(k) or 0 for k in keys], width=0.4, color="#c9ced6")
    right.bar([i + 0.2 for i in x], [ma.get(k) or 0 for k in keys], width=0.4, color="#2f6fd0")
    right.set_xticks(list(x), [rows[k][0 if ui == "es" else 1] for k in keys], fontsize=8, rotation=12)
    right.set_title(label("chart_scores", ui), fontsize=10)
    for ax in (left, right):
        ax.spines[["top", "right"]].set_visible(False)
        ax.tick_params(labelsize=8)
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()


class ComparePane(w.VBox):
    """Refreshes only while shown (and once typing pauses): pandas and matplotlib are not free."""

    def __init__(self, state: WorkshopState, pause: float | None = 0.3):
        super().__init__()
        self.state = state
        self.visible = False
        self._dirty = True
        self.add_class("rw-compare")
        self.built = False
        self._debounced = Debouncer(pause, guarded(state, self.render))
        state.observe(self._changed, ["revision", "transcript", "ui"])

    def _build(self) -> None:
        """The pane's widgets, made the first time it is shown: the first page stays light."""
        self.built = True
        self.summary = w.HTML()
        self.table_title = w.HTML()
        self.table = w.HTML()
        self.chart_title = w.HTML()
        self.chart = w.Image(format="png", layout=w.Layout(max_width="900px"))
        self.diff_title = w.HTML()
        self.diff = w.HTML()
        self.diff.add_class("rw-diff")
        side = w.HBox([w.VBox([self.table_title, self.table]), w.VBox([self.chart_title, self.chart])],
                      layout=w.Layout(flex_flow="row wrap", align_items="flex-start"))
        self.children = [self.summary, self.diff_title, self.diff, side]

    def show(self, visible: bool) -> None:
        self.visible = visible
        if visible and not self.built:
            self._build()
        if visible and self._dirty:
            self._debounced.flush()

    def _changed(self, _=None) -> None:
        self._dirty = True
        if self.visible:
            self._debounced()

    def render(self) -> None:
        if not self.built:
            return
        self._dirty = False
        ui, state = self.state.ui, self.state
        before, after = state.original_analysis, state.rewrite_analysis
        if before is None:
            self.summary.value = f"<p>{esc(label('no_transcript', ui))}</p>"
            return
        mb, ma = before.metrics.as_dict(), after.metrics.as_dict()
        self.summary.value = '<div class="rw-summary">{}</div>'.format(esc(label(
            "compare_summary", ui, before=mb["words"], after=ma["words"], saved_words=mb["words"] - ma["words"],
            tb=round(mb["speaking_seconds"]), ta=round(ma["speaking_seconds"]),
            saved=round(mb["speaking_seconds"] - ma["speaking_seconds"]))))
        self.table_title.value = f"<h4>{esc(label('compare_table', ui))}</h4>"
        self.table.value = compare_table_html(compare(before, after, ui=ui), ui)
        self.diff_title.value = f"<h4>{esc(label('diff_title', ui))}</h4>"
        turns = state.transcript.turns
        changed = sorted(state.rewrite)
        self.diff.value = "".join(
            turn_html(i, turns[i].speaker, turns[i].role, diff_html(word_diff(turns[i].text, state.rewrite[i])))
            for i in changed
        ) or f"<p>{esc(label('diff_none', ui))}</p>"
        self.chart_title.value = f"<h4>{esc(label('compare_chart', ui))}</h4>"
        self.chart.value = chart_png(before, after, ui)
