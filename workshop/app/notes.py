"""The lead's notes: one for the whole transcript and one per turn."""
from __future__ import annotations

import ipywidgets as w

from ..i18n import label
from ..render import esc
from ..words import one_line
from ..state import WorkshopState
from .common import close_tree, guarded

SNIPPET = 70


class NotesPane(w.VBox):
    """Free text the lead writes during the session; kept in the state, keyed by turn.

    The per-turn boxes are built the first time the pane is shown, not with
    the page: they are many widgets and nobody needs them in the first second.
    """

    def __init__(self, state: WorkshopState):
        super().__init__()
        self.state = state
        self.turn_notes: dict[int, tuple[w.HTML, w.Textarea]] = {}
        self.visible = False
        self.built = False
        self.add_class("rw-notes")
        state.observe(guarded(state, self.rebuild), "transcript")
        state.observe(guarded(state, self.relabel), "ui")

    def _build(self) -> None:
        """Made the first time the pane is shown: many widgets nobody needs in the first second."""
        self.built = True
        self.general_title = w.HTML()
        self.general = w.Textarea(layout=w.Layout(width="100%", height="90px"))
        self.general.add_class("rw-note-general")
        self.general.observe(guarded(self.state, lambda ch: self.state.set_note("", ch["new"])), "value")
        self.turns_title = w.HTML()
        self.rows = w.VBox()
        self.children = [self.general_title, self.general, self.turns_title, self.rows]

    def show(self, visible: bool) -> None:
        self.visible = visible
        if visible and not self.built:
            self._build()
            self.rebuild()

    def rebuild(self, _=None) -> None:
        if not self.built:
            return
        self.general.value = self.state.notes.get("", "")
        dropped, self.turn_notes = self.rows.children, {}
        transcript = self.state.transcript
        rows = []
        for i, turn in enumerate(transcript.turns if transcript else ()):
            head = w.HTML()
            box = w.Textarea(value=self.state.notes.get(str(i), ""), layout=w.Layout(width="100%", height="48px"))
            box.add_class(f"rw-note-{i}")
            box.observe(guarded(self.state, lambda ch, i=i: self.state.set_note(i, ch["new"])), "value")
            self.turn_notes[i] = (head, box)
            rows.append(w.VBox([head, box]))
        self.rows.children = rows
        for old in dropped:
            close_tree(old)
        self.relabel()

    def relabel(self, _=None) -> None:
        if not self.built:
            return
        ui, transcript = self.state.ui, self.state.transcript
        self.general_title.value = f"<h4>{esc(label('notes_general', ui))}</h4>"
        self.general.placeholder = label("notes_placeholder", ui)
        self.turns_title.value = f"<h4>{esc(label('notes_turn', ui))}</h4>"
        for i, (head, box) in self.turn_notes.items():
            turn = transcript.turns[i]
            snippet = one_line(turn.text, SNIPPET)
            head.value = (f"<b>{esc(label('turn_label', ui, n=i + 1, speaker=turn.speaker))}</b> "
                          f"<i>{esc(snippet)}</i>")
            box.placeholder = label("notes_placeholder", ui)
