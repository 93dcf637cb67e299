"""The rewrite: an editor per agent turn, its findings live underneath, apply / reset / undo."""
from __future__ import annotations

import ipywidgets as w
from ipywidgets.widgets.widget_string import HTMLStyle

from ..engine.doc import Finding
from ..i18n import label
from ..render import category_attrs, category_label, esc, highlight, turn_html
from ..rewrite import fixes, patterns
from ..state import WorkshopState, decision_key
from ..words import one_line
from .common import HIDDEN, Debouncer, close_tree, guarded, soon

TYPING_PAUSE = 0.05  # seconds of quiet before the rewrite is re-analysed (analysis takes ~3 ms)
MAX_BUTTON_TEXT = 38
# Rows shown under one editor; the rest are counted in one line. 500 words of "este" make
# 499 findings: a row each was ~3 500 widgets. The original pane still highlights them all.
MAX_ROWS = 30


def _short(text: str) -> str:
    return one_line(text, MAX_BUTTON_TEXT)


class FindingRow(w.VBox):
    """One finding under an editor, with its fix buttons.

    Rows and buttons are reused as the user types (their values change, the
    widgets stay) and hidden with a CSS class: every new widget costs a
    browser round trip and a view, updating a value does not.
    """

    MAX_FIXES = 3

    def __init__(self, state: WorkshopState, shared: dict):
        super().__init__(layout=shared["row"])
        self.state, self.shared = state, shared
        self.finding: Finding | None = None
        self.fixes: tuple[str, ...] = ()
        self.text = w.HTML(layout=shared["row"], style=shared["html"])
        self.buttons: list[w.Button] = []
        self.keep = w.Button(layout=shared["auto"], style=shared["button"], icon="check")
        self.dismiss = w.Button(layout=shared["auto"], style=shared["button"], icon="times")
        self.keep.add_class("rw-keep")
        self.dismiss.add_class("rw-dismiss")
        self.keep.on_click(guarded(state, lambda _: self._decide("kept")))
        self.dismiss.on_click(guarded(state, lambda _: self._decide("dismissed")))
        self.bar = w.HBox([self.keep, self.dismiss], layout=shared["wrap"])
        self.children = [self.text, self.bar]
        self.add_class("rw-finding-row")

    def _ensure_buttons(self, count: int) -> None:
        """At least `count` fix buttons, added to the bar in one assignment."""
        if len(self.buttons) >= count:
            return
        for k in range(len(self.buttons), count):
            button = w.Button(layout=self.shared["auto"], style=self.shared["button"])
            button.on_click(guarded(self.state, lambda _, k=k: self._clicked(k)))
            self.buttons.append(button)
        self.bar.children = [*self.buttons, self.keep, self.dismiss]

    def show(self, f: Finding) -> None:
        ui = self.state.ui
        self.finding, self.fixes = f, fixes(f)[: self.MAX_FIXES]
        kept = self.state.decisions.get(decision_key(f)) == "kept"
        badge = f' <span class="rw-kept">✓ {esc(label("decision_kept", ui))}</span>' if kept else ""
        self.text.value = (f'<div class="rw-fmsg" data-category="{esc(f.category)}" data-text="{esc(f.text)}">'
                           f'<mark class="rw-finding" {category_attrs(f.category)}>'
                           f"{esc(category_label(f.category, ui))}</mark> {esc(f.message)}{badge}"
                           f' <small class="rw-rule-id">{esc(f.id)}</small></div>'
                           + "".join(f'<div class="rw-fix-pattern">{esc(label("fix_pattern", ui, pattern=p))}</div>'
                                     for p in patterns(f)[: self.MAX_FIXES]))
        self.keep.description, self.dismiss.description = label("decision_keep", ui), label("decision_dismiss", ui)
        self.keep.tooltip, self.dismiss.tooltip = label("decision_keep_help", ui), label("decision_dismiss_help", ui)
        self._ensure_buttons(len(self.fixes))
        for button, fix in zip(self.buttons, self.fixes):
            full = label("apply", ui, text=fix) if fix else label("remove", ui)
            button.description, button.tooltip = _short(full), fix or label("remove", ui)
            # A cut suggestion shows in full on hover and on keyboard focus (CSS reads the tooltip).
            long = ("rw-long",) if button.description != full else ()
            button._dom_classes = ("rw-apply", f"rw-apply-{f.category}", *long)
        for button in self.buttons[len(self.fixes):]:
            button._dom_classes = (HIDDEN,)
        self.remove_class(HIDDEN)

    def hide(self) -> None:
        self.finding = None
        self.add_class(HIDDEN)

    @property
    def visible(self) -> bool:
        return HIDDEN not in self._dom_classes

    def visible_buttons(self) -> list[w.Button]:
        return [b for b in self.buttons if HIDDEN not in b._dom_classes]

    def _decide(self, decision: str) -> None:
        if self.finding is not None:
            self.state.decide(self.finding, decision)

    def _clicked(self, k: int) -> None:
        if self.finding is not None and k < len(self.fixes):
            self.state.apply(self.finding, self.fixes[k])


class TurnEditor(w.VBox):
    """One agent turn: its editor, a reset button and the findings of what is typed now."""

    def __init__(self, state: WorkshopState, index: int, shared: dict):
        super().__init__()
        self.state, self.index, self.shared = state, index, shared
        turn = state.transcript.turns[index]
        self.header = w.HTML()
        self.editor = w.Textarea(value=state.turn_text(index), continuous_update=True,
                                 layout=w.Layout(width="100%", height=f"{max(3, len(turn.text) // 60 + 2) * 1.6}em"))
        self.editor.add_class(f"rw-editor-{index}")
        self.reset = w.Button(icon="undo", layout=shared["auto"], style=shared["button"])
        self.reset.add_class("rw-reset")
        self.fillers = w.Button(icon="eraser", layout=shared["auto"], style=shared["button"])
        self.fillers.add_class("rw-fillers-turn")
        # The original turn, highlighted, right above its editor: a late turn's original stays in view.
        self.original = w.HTML(layout=shared["row"], style=shared["html"])
        self.original.add_class("rw-orig-turn")
        self.clean = w.HTML(style=shared["html"])
        self.more = w.HTML(style=shared["html"])
        self.more.add_class("rw-more")
        self.more.add_class(HIDDEN)
        self.rows: list[FindingRow] = []
        self.findings_box = w.VBox([self.clean, self.more])
        self.findings_box.add_class("rw-turn-findings")
        self.children = [w.HBox([self.header, self.reset, self.fillers], layout=shared["bar"]), self.original,
                         self.editor, self.findings_box]
        self.add_class("rw-editor")
        self.add_class(f"rw-editbox-{index}")  # where a highlight's popover jumps to
        self._shown: tuple | None = None
        self.editor.observe(guarded(state, self._typed), "value")
        self.reset.on_click(guarded(state, lambda _: state.reset_turn(index)))
        self.fillers.on_click(guarded(state, lambda _: state.remove_fillers(index)))

    def _typed(self, change) -> None:
        self.state.type_text(self.index, change["new"])

    def relabel(self) -> None:
        ui = self.state.ui
        speaker = self.state.transcript.turns[self.index].speaker
        self.header.value = f"<b>{esc(label('turn_label', ui, n=self.index + 1, speaker=speaker))}</b>"
        self.reset.description = label("reset_turn", ui)
        self.fillers.description = label("remove_fillers_turn", ui)
        self.fillers.tooltip = label("remove_fillers_help", ui)
        turn, analysis = self.state.transcript.turns[self.index], self.state.original_analysis
        found = [f for f in analysis.findings if f.turn == self.index] if analysis is not None else []
        self.original.value = (f'<details class="rw-orig" open><summary>{esc(label("original_turn", ui))}</summary>'
                               f'<div class="rw-text">{highlight(turn.text, found, ui, self.state.hidden, popover=False)}</div>'
                               "</details>")
        self.clean.value = f"<span>✓ {esc(label('rewrite_clean', ui))}</span>"
        self._shown = None

    def sync(self) -> None:
        """Bring the editor and the findings up to date with the state."""
        text = self.state.turn_text(self.index)
        if self.editor.value != text:  # only after apply/reset/undo: typing keeps them equal
            self.editor.value = text
        self.reset.disabled = self.index not in self.state.rewrite
        findings = self.state.findings_for(self.index)
        self.fillers.disabled = not any(f.category == "filler" for f in findings)
        key = tuple((f.category, f.start, f.end, f.message, f.suggestions, self.state.decisions.get(decision_key(f)))
                    for f in findings)
        if key == self._shown:
            return
        self._shown = key
        shown, hidden = findings[:MAX_ROWS], len(findings) - MAX_ROWS
        if len(self.rows) < len(shown):  # new rows join the box in one assignment: each sends the whole list
            self.rows.extend(FindingRow(self.state, self.shared) for _ in range(len(shown) - len(self.rows)))
            self.findings_box.children = [self.clean, *self.rows, self.more]
        for row, f in zip(self.rows, shown):
            row.show(f)
        for row in self.rows[len(shown):]:
            row.hide()
        (self.clean.add_class if findings else self.clean.remove_class)(HIDDEN)
        if hidden > 0:
            self.more.value = f'<div class="rw-fmsg">{esc(label("findings_more", self.state.ui, n=hidden))}</div>'
        (self.more.remove_class if hidden > 0 else self.more.add_class)(HIDDEN)


class RewritePane(w.VBox):
    """Agent turns as editors beside the customer's lines, re-analysed as the user types."""

    def __init__(self, state: WorkshopState, pause: float | None = TYPING_PAUSE):
        super().__init__()
        self.state = state
        self.title = w.HTML()
        self.status = w.HTML()
        self.undo = w.Button(icon="rotate-left", layout=w.Layout(width="auto"))
        self.undo.add_class("rw-undo")
        self.undo.on_click(guarded(state, lambda _: state.undo()))
        self.redo = w.Button(icon="rotate-right", layout=w.Layout(width="auto"))
        self.redo.add_class("rw-redo")
        self.redo.on_click(guarded(state, lambda _: state.redo()))
        self.fillers = w.Button(icon="eraser", layout=w.Layout(width="auto"))
        self.fillers.add_class("rw-fillers-all")
        self.fillers.on_click(guarded(state, lambda _: state.remove_fillers()))
        self.rows = w.VBox()
        self.editors: dict[int, TurnEditor] = {}
        # One layout and one style for all the small widgets, instead of one each.
        self.shared = {"auto": w.Layout(width="auto"), "row": w.Layout(), "wrap": w.Layout(flex_flow="row wrap"),
                       "bar": w.Layout(flex_flow="row wrap", align_items="center"),
                       "button": w.ButtonStyle(), "html": HTMLStyle()}
        self.children = [self.title, w.HBox([self.undo, self.redo, self.fillers, self.status],
                                                  layout=w.Layout(flex_flow="row wrap", align_items="center")), self.rows]
        self.add_class("rw-rewrite")
        self.refresh = Debouncer(pause, guarded(state, self._refresh))
        state.observe(guarded(state, self.rebuild), "transcript")
        state.observe(lambda _: self.refresh(), ["revision", "decisions", "variety"])
        state.observe(guarded(state, self.relabel), ["ui", "hidden"])
        self.relabel()
        # The editors follow the first paint of the original: they are most of the page's widgets.
        (soon if pause is not None else lambda fn: fn())(guarded(state, self.rebuild))

    def rebuild(self, _=None) -> None:
        dropped, self.editors = self.rows.children, {}
        transcript = self.state.transcript
        rows: list[w.Widget] = []
        if transcript is not None:
            for i, turn in enumerate(transcript.turns):
                if turn.role == "agent":
                    self.editors[i] = TurnEditor(self.state, i, self.shared)
                    rows.append(self.editors[i])
                else:
                    context = w.HTML(turn_html(i, turn.speaker, turn.role, esc(turn.text)),
                                     layout=self.shared["row"], style=self.shared["html"])
                    context.add_class("rw-context")
                    rows.append(context)
        self.rows.children = rows
        for old in dropped:  # once off the page: a closed widget still shown would be blank
            close_tree(old, keep=self.shared.values())
        self.relabel()

    def relabel(self, _=None) -> None:
        ui = self.state.ui
        self.title.value = f"<h3>{esc(label('rewrite', ui))}</h3>"
        self.undo.description = label("undo", ui)
        self.redo.description = label("redo", ui)
        self.fillers.description = label("remove_fillers_all", ui)
        self.undo.tooltip, self.redo.tooltip = label("undo_help", ui), label("redo_help", ui)
        self.fillers.tooltip = label("remove_fillers_help", ui)
        for editor in self.editors.values():
            editor.relabel()
        # Deferred: the findings under the editors come right after the page's first paint.
        self.refresh()

    def _refresh(self) -> None:
        ui, before, after = self.state.ui, self.state.original_analysis, self.state.rewrite_analysis
        if after is None:
            self.status.value = f"<span>{esc(label('no_transcript', ui))}</span>"
            return
        for editor in self.editors.values():
            editor.sync()
        self.undo.disabled = not self.state.can_undo
        self.redo.disabled = not self.state.can_redo
        self.fillers.disabled = not any(f.category == "filler" for f in after.findings)
        self.status.value = (f'<span class="rw-status">'
                             f'{esc(label("rewrite_status", ui, n=len(after.findings), before=len(before.findings)))}'
                             "</span>")
