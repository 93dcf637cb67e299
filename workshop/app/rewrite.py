"""The rewrite: an editor per agent turn, its findings live underneath, apply / reset / undo."""
from __future__ import annotations

import ipywidgets as w

from ..analysis import Finding
from ..i18n import label
from ..render import category_label, esc, turn_html
from ..rewrite import fixes
from ..state import WorkshopState
from .common import Debouncer, guarded

TYPING_PAUSE = 0.12  # seconds of quiet before the rewrite is re-analysed
MAX_BUTTON_TEXT = 38


def _short(text: str) -> str:
    return text if len(text) <= MAX_BUTTON_TEXT else text[: MAX_BUTTON_TEXT - 1] + "…"


class TurnEditor(w.VBox):
    """One agent turn: its editor, a reset button and the findings of what is typed now."""

    def __init__(self, state: WorkshopState, index: int):
        super().__init__()
        self.state, self.index = state, index
        turn = state.transcript.turns[index]
        self.header = w.HTML()
        self.editor = w.Textarea(value=state.turn_text(index), continuous_update=True,
                                 layout=w.Layout(width="100%", height=f"{max(3, len(turn.text) // 60 + 2) * 1.6}em"))
        self.editor.add_class(f"rw-editor-{index}")
        self.reset = w.Button(icon="undo", layout=w.Layout(width="auto"))
        self.reset.add_class("rw-reset")
        self.findings_box = w.VBox()
        self.findings_box.add_class("rw-turn-findings")
        self.children = [w.HBox([self.header, self.reset]), self.editor, self.findings_box]
        self.add_class("rw-editor")
        self._shown: tuple | None = None
        self.editor.observe(guarded(state, self._typed), "value")
        self.reset.on_click(guarded(state, lambda _: state.reset_turn(index)))

    def _typed(self, change) -> None:
        self.state.type_text(self.index, change["new"])

    def relabel(self) -> None:
        ui = self.state.ui
        speaker = self.state.transcript.turns[self.index].speaker
        self.header.value = f"<b>{esc(label('turn_label', ui, n=self.index + 1, speaker=speaker))}</b>"
        self.reset.description = label("reset_turn", ui)
        self._shown = None

    def sync(self) -> None:
        """Bring the editor and the findings up to date with the state."""
        text = self.state.turn_text(self.index)
        if self.editor.value != text:  # only after apply/reset/undo: typing keeps them equal
            self.editor.value = text
        self.reset.disabled = self.index not in self.state.rewrite
        findings = self.state.findings_for(self.index)
        key = tuple((f.category, f.start, f.end, f.message, f.suggestions) for f in findings)
        if key == self._shown:
            return
        self._shown = key
        for old in self.findings_box.children:
            old.close()
        self.findings_box.children = [self._row(f) for f in findings] or [
            w.HTML(f"<span>✓ {esc(label('rewrite_clean', self.state.ui))}</span>")]

    def _row(self, f: Finding) -> w.Widget:
        ui = self.state.ui
        text = (f'<div class="rw-fmsg"><mark class="rw-finding" data-category="{esc(f.category)}">'
                f"{esc(category_label(f.category, ui))}</mark> {esc(f.message)}</div>")
        buttons = []
        for fix in fixes(f)[:3]:
            button = w.Button(description=_short(label("apply", ui, text=fix)) if fix else label("remove", ui),
                              tooltip=fix or label("remove", ui), layout=w.Layout(width="auto"))
            button.add_class("rw-apply")
            button.add_class(f"rw-apply-{f.category}")
            button.on_click(guarded(self.state, lambda _, fix=fix: self.state.apply(f, fix)))
            buttons.append(button)
        row = w.VBox([w.HTML(text), w.HBox(buttons, layout=w.Layout(flex_flow="row wrap"))] if buttons
                     else [w.HTML(text)])
        row.add_class("rw-finding-row")
        return row


class RewritePane(w.VBox):
    """Agent turns as editors beside the customer's lines, re-analysed as the user types."""

    def __init__(self, state: WorkshopState, pause: float = TYPING_PAUSE):
        super().__init__()
        self.state = state
        self.title = w.HTML()
        self.status = w.HTML()
        self.undo = w.Button(icon="rotate-left", layout=w.Layout(width="auto"))
        self.undo.add_class("rw-undo")
        self.undo.on_click(guarded(state, lambda _: state.undo()))
        self.rows = w.VBox()
        self.editors: dict[int, TurnEditor] = {}
        self.children = [self.title, w.HBox([self.undo, self.status]), self.rows]
        self.add_class("rw-rewrite")
        self.refresh = Debouncer(pause, guarded(state, self._refresh))
        state.observe(guarded(state, self.rebuild), "transcript")
        state.observe(lambda _: self.refresh(), "revision")
        state.observe(guarded(state, self.relabel), "ui")
        self.rebuild()

    def rebuild(self, _=None) -> None:
        for old in self.rows.children:
            old.close()
        self.editors = {}
        transcript = self.state.transcript
        rows: list[w.Widget] = []
        if transcript is not None:
            for i, turn in enumerate(transcript.turns):
                if turn.role == "agent":
                    self.editors[i] = TurnEditor(self.state, i)
                    rows.append(self.editors[i])
                else:
                    context = w.HTML(turn_html(i, turn.speaker, turn.role, esc(turn.text)))
                    context.add_class("rw-context")
                    rows.append(context)
        self.rows.children = rows
        self.relabel()

    def relabel(self, _=None) -> None:
        ui = self.state.ui
        self.title.value = f"<h3>{esc(label('rewrite', ui))}</h3>"
        self.undo.description = label("undo", ui)
        for editor in self.editors.values():
            editor.relabel()
        self.refresh.flush()

    def _refresh(self) -> None:
        ui, before, after = self.state.ui, self.state.original_analysis, self.state.rewrite_analysis
        if after is None:
            self.status.value = f"<span>{esc(label('no_transcript', ui))}</span>"
            return
        for editor in self.editors.values():
            editor.sync()
        self.undo.disabled = not self.state.can_undo
        self.status.value = (f'<span class="rw-status">'
                             f'{esc(label("rewrite_status", ui, findings=len(after.findings), before=len(before.findings)))}'
                             "</span>")
