"""The workshop app: pick a transcript, see its problems, rewrite it together, compare.

    from workshop.app import WorkshopApp
    WorkshopApp()

The same object runs in JupyterLab and, through notebooks/workshop.ipynb, in Voilà.
The panes never call each other: each observes the shared `WorkshopState`.
"""
from __future__ import annotations

from typing import Callable, Iterable

import ipywidgets as w

from ..i18n import LANGUAGES, label
from ..library import load_library
from ..loaders import DEFAULT_MAX_WORDS
from ..model import Transcript
from ..render import esc
from ..sessions import SessionStore
from ..state import WorkshopState
from .common import STYLE, guarded, soon
from .compare import ComparePane
from .notes import NotesPane
from .original import OriginalPane
from .picker import PickerPane
from .rewrite import TYPING_PAUSE, RewritePane
from .roleplay import RolePlayPane
from .session import SessionPane

__all__ = ["WorkshopApp", "AlertBar", "PickerPane", "SessionPane", "OriginalPane", "RewritePane", "ComparePane",
           "NotesPane"]

WORK_TAB, COMPARE_TAB, NOTES_TAB, ROLEPLAY_TAB = range(4)


class AlertBar(w.HBox):
    """The one place errors and notices appear, in the UI language, dismissable."""

    def __init__(self, state: WorkshopState):
        super().__init__()
        self.state = state
        self.message = w.HTML()
        self.close_button = w.Button(icon="xmark", layout=w.Layout(width="auto"))
        self.close_button.on_click(lambda _: setattr(state, "alert", {}))
        self.add_class("rw-alert")
        state.observe(self.render, ["alert", "ui"])
        self.render()

    def render(self, _=None) -> None:
        alert = self.state.alert
        self.close_button.description = label("close", self.state.ui)
        if not alert:
            self.message.value = ""
            self.children = []
            return
        kind = "error" if alert.get("kind") == "error" else "info"
        self.message.value = (f'<div class="rw-msg rw-{kind}" role="{"alert" if kind == "error" else "status"}">'
                              f'{esc(alert.get("text", ""))}</div>')
        self.children = [self.message, self.close_button]


class WorkshopApp(w.VBox):
    """The whole app; `state` holds the work, the panes only render it and call it."""

    def __init__(self, transcript: Transcript | None = None, *, ui: str | None = None, rules: Iterable[str] = (),
                 library: list[Transcript] | None = None, folders: Iterable[str] = (),
                 state: WorkshopState | None = None, store: Callable[[], SessionStore] | None = None,
                 max_words: int = DEFAULT_MAX_WORDS,
                 typing_pause: float | None = TYPING_PAUSE):
        """`folders` adds a trainer's transcripts to the library; `rules` adds rule packs.

        `state` shows work already under way (a self-study exercise's); `typing_pause=None`
        makes every update synchronous (scripts and headless tests).
        """
        super().__init__()
        given = state is not None
        self.state = state = state if given else WorkshopState(ui=ui, rules=rules)
        problems: list = []
        self.library = load_library(folders, errors=problems) if library is None else list(library)
        first = state.transcript if given else transcript or next(
            (t for t in self.library if t.language == state.ui), None) or (self.library[0] if self.library else None)
        if first is not None and not given:
            guarded(state, state.load)(first)
        if problems:  # a trainer's broken file is named, the rest of the library still works
            state.inform(" ".join(p.message(state.ui) for p in problems))

        self.title = w.HTML()
        self.language = w.ToggleButtons(options=[(code.upper(), code) for code in LANGUAGES], value=state.ui,
                                        style={"button_width": "48px"})
        self.language.add_class("rw-language")
        self.language.observe(guarded(state, lambda ch: setattr(state, "ui", ch["new"])), "value")
        self.alert = AlertBar(state)
        self.picker: PickerPane | None = None
        self.session: SessionPane | None = None
        self.saved = w.HTML()
        self.picker_box = w.Accordion([w.VBox(), w.VBox()], selected_index=None if first else 0)

        def build_picker() -> None:
            self.picker = PickerPane(state, self.library, max_words=max_words)
            self.session = SessionPane(state, store=store or SessionStore, indicator=self.saved,
                                       delay=0.0 if typing_pause is None else 1.0)
            self.picker_box.children = [self.picker, self.session]
            self.picker_box.set_title(0, label("pick_title", state.ui))
            self.picker_box.set_title(1, label("session_title", state.ui))

        if first is None or typing_pause is None:
            build_picker()
        else:  # collapsed under a loaded transcript: built right after the first paint
            soon(guarded(state, build_picker))
        self.original = OriginalPane(state)
        self.rewrite = RewritePane(state, pause=typing_pause)
        self.compare = ComparePane(state, pause=None if typing_pause is None else 0.3)
        self.notes = NotesPane(state)
        self.roleplay = RolePlayPane(state)
        work = w.HBox([self.original, self.rewrite], layout=w.Layout(align_items="flex-start"))
        self.tabs = w.Tab([work, self.compare, self.notes, self.roleplay])
        self.tabs.observe(guarded(state, self._tab_changed), "selected_index")
        self.picker_box.observe(guarded(state, self._section_opened), "selected_index")
        header = w.HBox([self.title, w.VBox([self.language, self.saved], layout=w.Layout(align_items="flex-end"))],
                        layout=w.Layout(justify_content="space-between", align_items="center"))
        header.add_class("rw-header")
        self.children = [w.HTML(STYLE), header, self.alert, self.picker_box, self.tabs]
        self.add_class("rw-app")
        state.observe(guarded(state, self.relabel), "ui")
        state.observe(guarded(state, self._loaded), "transcript")
        self.relabel()

    def relabel(self, _=None) -> None:
        ui = self.state.ui
        self.title.value = (f"<div><h2>{esc(label('app_title', ui))}</h2>"
                            f'<p class="rw-sub">{esc(label("app_subtitle", ui))}</p></div>')
        self.language.tooltips = [label(f"lang_{code}", ui) for code in LANGUAGES]
        self.picker_box.set_title(0, label("pick_title", ui))
        self.picker_box.set_title(1, label("session_title", ui))
        for i, key in enumerate(("tab_work", "tab_compare", "tab_notes", "tab_roleplay")):
            self.tabs.set_title(i, label(key, ui))
        if self.language.value != ui:
            self.language.value = ui

    def _section_opened(self, change) -> None:
        if change["new"] == 1 and self.session is not None:
            self.session.refresh_list()  # the sessions other tabs saved since

    def _tab_changed(self, change) -> None:
        self.compare.show(change["new"] == COMPARE_TAB)
        self.notes.show(change["new"] == NOTES_TAB)
        self.roleplay.show(change["new"] == ROLEPLAY_TAB)

    def _loaded(self, _=None) -> None:
        self.tabs.selected_index = WORK_TAB
        self.picker_box.selected_index = None
