"""The original transcript with its findings highlighted, and the legend that filters them."""
from __future__ import annotations

import ipywidgets as w
from ipywidgets.widgets.widget_bool import ToggleButtonStyle

from ..engine.doc import CATEGORIES
from ..engine.rules import category_info
from ..i18n import label
from ..render import category_label, esc, transcript_html
from ..state import WorkshopState
from .common import guarded
from .popover import HighlightPopover


class OriginalPane(w.VBox):
    """Turns with speaker and role; a highlight per finding, message and suggestions on hover."""

    def __init__(self, state: WorkshopState):
        super().__init__()
        self.state = state
        self.title = w.HTML()
        self._layout, self._style = w.Layout(width="auto"), ToggleButtonStyle()  # shared by the built-in toggles
        self.toggles: dict[str, w.ToggleButton] = {}
        for category in CATEGORIES:
            self._toggle(category)
        self.legend_help = w.HTML()
        self.chips = w.HBox(list(self.toggles.values()), layout=w.Layout(flex_flow="row wrap"))
        self.chip_css = w.HTML()  # the colours of trainers' own categories (built-in ones: app CSS)
        self.legend = w.VBox([self.chips, self.legend_help, self.chip_css])
        self.legend.add_class("rw-legend")
        self.body = w.HTML()
        self.popover = HighlightPopover()  # opens on any highlight, here or above an editor
        self.children = [self.title, self.legend, self.body, self.popover]
        self.add_class("rw-original")
        state.observe(guarded(state, self.render), ["transcript", "ui", "hidden", "variety"])
        self.render()

    def _toggle(self, category: str) -> w.ToggleButton:
        """The legend's toggle of a category; a trainer's own category gets its pack's colour."""
        toggle = w.ToggleButton(value=True, layout=self._layout, style=self._style)
        toggle.add_class(f"rw-toggle-{category}")
        toggle.observe(guarded(self.state, lambda ch, c=category: self.state.toggle_category(c, ch["new"])), "value")
        self.toggles[category] = toggle
        return toggle

    def render(self, _=None) -> None:
        ui, analysis = self.state.ui, self.state.original_analysis
        self.title.value = f"<h3>{esc(label('original', ui))}</h3>"
        self.legend_help.value = f"<small>{esc(label('legend_help', ui))}</small>"
        self.popover.relabel(ui)
        if analysis is None:
            self.body.value = f"<p>{esc(label('no_transcript', ui))}</p>"
            return
        per_category = analysis.by_category()
        for category in analysis.categories:
            if category not in self.toggles:
                self._toggle(category)
        shown_toggles = [self.toggles[c] for c in analysis.categories]
        if list(self.chips.children) != shown_toggles:
            self.chips.children = shown_toggles
            own = [c for c in analysis.categories if c not in CATEGORIES]
            # Colours are validated as #rrggbb when the pack loads; names as [a-z0-9-]: nothing here can break out.
            self.chip_css.value = "".join(
                f'<style>.rw-legend .rw-chip-{esc(c)}.jupyter-button {{background:{esc(category_info(c)["colour"])} '
                f'!important}}</style>' for c in own)
        for category in analysis.categories:
            toggle = self.toggles[category]
            shown = category not in self.state.hidden
            toggle.description = f"{category_label(category, ui)} ({per_category[category]})"
            toggle.value = shown
            (toggle.remove_class if shown else toggle.add_class)("rw-off")
            toggle.add_class(f"rw-chip-{category}")
        self.body.value = transcript_html(analysis.transcript, analysis.findings, ui, self.state.hidden)
