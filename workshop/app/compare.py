"""Before and after: the metrics table, a chart, the word diff and the time saved."""
from __future__ import annotations

import ipywidgets as w

from ..i18n import label
from ..charts import chart_png
from ..engine.compare import compare
from ..render import compare_table_html, esc, readability_bands, turn_diffs_html
from ..state import WorkshopState
from .common import Debouncer, guarded

class ComparePane(w.VBox):
    """Refreshes only while shown (and once typing pauses): pandas and matplotlib are not free."""

    def __init__(self, state: WorkshopState, pause: float | None = 0.3, accent: str | None = None):
        super().__init__()
        self.state, self.accent = state, accent
        self.visible = False
        self._dirty = True
        self.add_class("rw-compare")
        self.built = False
        self._debounced = Debouncer(pause, guarded(state, self.render))
        state.observe(self._changed, ["revision", "transcript", "ui", "variety"])

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
        summary = label(
            "compare_summary", ui, before=mb["words"], after=ma["words"], saved_words=mb["words"] - ma["words"],
            tb=round(mb["speaking_seconds"]), ta=round(ma["speaking_seconds"]),
            saved=round(mb["speaking_seconds"] - ma["speaking_seconds"]))
        # the original's clock beside the estimate from words (the rewrite has no clock)
        if mb.get("agent_real_speaking_seconds") is not None:
            summary += " " + label("compare_real_speech", ui, agent=round(mb["agent_real_speaking_seconds"]),
                                   estimate=round(mb["agent_speaking_seconds"]), silence=round(mb["silence_seconds"]))
        elif mb.get("agent_response_seconds") is not None:
            summary += " " + label("compare_real_chat", ui, mean=round(mb["agent_response_seconds"]),
                                   longest=round(mb["agent_max_response_seconds"]))
        self.summary.value = '<div class="rw-summary">{}</div>'.format(esc(summary))
        self.table_title.value = f"<h4>{esc(label('compare_table', ui))}</h4>"
        self.table.value = compare_table_html(compare(before, after, ui=ui), ui, readability_bands(before, after))
        self.diff_title.value = f"<h4>{esc(label('diff_title', ui))}</h4>"
        self.diff.value = (turn_diffs_html(state.transcript, sorted(state.rewrite.items()), ui=ui)
                           or f"<p>{esc(label('diff_none', ui))}</p>")
        self.chart_title.value = f"<h4>{esc(label('compare_chart', ui))}</h4>"
        self.chart.value = chart_png(before, after, ui, **({"accent": self.accent} if self.accent else {}))
