"""The popover of a highlight: explanation, alternatives and a link to the finding under the editor."""
from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets

from ..i18n import label


class HighlightPopover(anywidget.AnyWidget):
    """One per app; popover.js (in this package) listens for clicks, taps, focus and Enter on any highlight.

    The finding's words travel in the mark's escaped data attributes, so nothing here
    follows the rewrite; only the labels change with the UI language.
    """

    _esm = Path(__file__).with_name("popover.js")
    labels = traitlets.Dict().tag(sync=True)

    def relabel(self, ui: str) -> None:
        self.labels = {"close": label("popover_close", ui), "jump": label("popover_jump", ui),
                       "alternatives": label("alternatives", ui)}
