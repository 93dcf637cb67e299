"""The original transcript with its findings highlighted, and the legend that filters them."""
from __future__ import annotations

import ipywidgets as w
from ipywidgets.widgets.widget_bool import ToggleButtonStyle

from ..engine.doc import CATEGORIES
from ..i18n import label
from ..render import category_label, esc, transcript_html
from ..state import WorkshopState
from .common import guarded


class OriginalPane(w.VBox):
    """Turns with speaker and role; a highlight per finding, message and suggestions on hover."""

    def __init__(self, state: WorkshopState):
        super().__init__()
        self.state = state
        self.title = w.HTML()
        layout, style = w.Layout(width="auto"), ToggleButtonStyle()  # shared: ten toggles, one of each
        self.toggles = {c: w.ToggleButton(value=True, layout=layout, style=style) for c in CATEGORIES}
        for category, toggle in self.toggles.items():
            toggle.add_class(f"rw-toggle-{category}")
            toggle.observe(guarded(state, lambda ch, c=category: state.toggle_category(c, ch["new"])), "value")
        self.legend_help = w.HTML()
        self.legend = w.VBox([w.HBox(list(self.toggles.values()), layout=w.Layout(flex_flow="row wrap")),
                              self.legend_help])
        self.legend.add_class("rw-legend")
        self.body = w.HTML()
        self.children = [self.title, self.legend, self.body]
        self.add_class("rw-original")
        state.observe(guarded(state, self.render), ["transcript", "ui", "hidden"])
        self.render()

    def render(self, _=None) -> None:
        ui, analysis = self.state.ui, self.state.original_analysis
        self.title.value = f"<h3>{esc(label('original', ui))}</h3>"
        self.legend_help.value = f"<small>{esc(label('legend_help', ui))}</small>"
        if analysis is None:
            self.body.value = f"<p>{esc(label('no_transcript', ui))}</p>"
            return
        per_category = analysis.by_category()
        for category, toggle in self.toggles.items():
            shown = category not in self.state.hidden
            toggle.description = f"{category_label(category, ui)} ({per_category[category]})"
            toggle.value = shown
            (toggle.remove_class if shown else toggle.add_class)("rw-off")
            toggle.add_class(f"rw-chip-{category}")
        self.body.value = transcript_html(analysis.transcript, analysis.findings, ui, self.state.hidden)
