"""The workshop app: pick a transcript, see its problems, rewrite it together, compare.

    from workshop.app import WorkshopApp
    WorkshopApp()

The same object runs in JupyterLab and, through notebooks/workshop.ipynb, in Voilà.
The panes never call each other: each observes the shared `WorkshopState`.
"""
from __future__ import annotations

import os
from typing import Callable, Iterable

import ipywidgets as w

from ..config import AppConfig, load_config
from ..engine.varieties import VARIETIES
from ..i18n import WorkshopError, label, ui_language
from ..identity import Identity, ScopedStore, current
from ..library import load_library
from ..model import Transcript
from ..render import esc
from ..sessions import SessionStore, open_store
from ..state import WorkshopState
from .common import STYLE, close_tree, guarded, soon
from .compare import ComparePane
from .notes import NotesPane
from .original import OriginalPane
from .picker import PickerPane
from .rewrite import TYPING_PAUSE, RewritePane
from .roleplay import RolePlayPane
from .session import SessionPane
from .team import TeamPane

__all__ = ["WorkshopApp", "AlertBar", "PickerPane", "SessionPane", "OriginalPane", "RewritePane", "ComparePane",
           "NotesPane", "TeamPane"]

WORK_TAB, COMPARE_TAB, NOTES_TAB, ROLEPLAY_TAB, TEAM_TAB = range(5)


class VarietyPicker(w.Dropdown):
    """The language variety of the open transcript: "Automática: Río de la Plata", or the one the lead picks.

    The choice is the state's `variety` trait; the panes re-render from the state, never from here."""

    def __init__(self, state: WorkshopState):
        super().__init__(layout=w.Layout(width="230px"), style={"description_width": "initial"})
        self.add_class("rw-variety")
        self.state = state
        self._relabelling = False
        self.observe(guarded(state, self._picked), "value")
        state.observe(guarded(state, self.relabel), ["transcript", "ui", "variety"])
        self.relabel()

    def relabel(self, _=None) -> None:
        state, ui = self.state, self.state.ui
        transcript = state.transcript
        self.layout.display = "none" if transcript is None or transcript.language not in VARIETIES else None
        if transcript is None:
            return
        analysis = state.original_analysis if not state.variety else None
        found = analysis.variety if analysis is not None else None
        auto = (label("variety_auto_detected", ui, name=label(f"variety_{found}", ui)) if found
                else label("variety_auto", ui))
        options = [(auto, "")] + [(label(f"variety_{v}", ui), v) for v in VARIETIES.get(transcript.language, ())]
        self._relabelling = True
        try:
            self.options, self.value = options, state.variety if state.variety in dict(options).values() else ""
        finally:
            self._relabelling = False
        self.description = label("variety_label", ui)
        self.tooltip = label("variety_hint", ui)

    def _picked(self, change) -> None:
        if not self._relabelling and change["new"] is not None and change["new"] != self.state.variety:
            self.state.variety = change["new"]


class AlertBar(w.HBox):
    """The one place errors and notices appear, in the UI language, dismissable."""

    def __init__(self, state: WorkshopState):
        super().__init__()
        self.state = state
        self.message = w.HTML()
        self.close_button = w.Button(icon="times", layout=w.Layout(width="auto"))
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
                 config: AppConfig | str | None = None, max_words: int | None = None,
                 typing_pause: float | None = TYPING_PAUSE, identity: Identity | None = None):
        """`config` is an AppConfig or a file (default: $WORKSHOP_CONFIG or the shipped one);
        `folders` and `rules` add transcripts and rule packs to it.

        `state` shows work already under way (a self-study exercise's); `typing_pause=None`
        makes every update synchronous (scripts and headless tests). `identity` (default: the
        Hub's user, $WORKSHOP_USER or nobody signed in) decides which sessions the store shows
        and whether the team tab is there.
        """
        super().__init__()
        config_problem = None
        if not isinstance(config, AppConfig):
            try:
                config = load_config(config)
            except WorkshopError as error:  # a broken file is named; the app still opens with the defaults
                config_problem, config = error, AppConfig()
        self.config = config
        max_words = max_words or config.max_words
        explicit_ui = ui or os.environ.get("WORKSHOP_LANG")
        start_ui = ui_language(explicit_ui) if explicit_ui else config.default_language
        if start_ui not in config.languages:
            start_ui = config.default_language
        given = state is not None
        settings = {"long_sentence_words": config.long_sentence_words, "words_per_minute": config.words_per_minute,
                    "silence_threshold_seconds": config.silence_threshold_seconds, "disable": config.disabled_rules}
        self.state = state = state if given else WorkshopState(
            ui=start_ui, rules=(*config.rule_packs, *rules), settings=settings)
        problems: list = []
        self.library = load_library((*config.transcript_folders, *folders), errors=problems,
                                    shipped=config.include_library, redact=config.redact) \
            if library is None else list(library)
        first = state.transcript if given else transcript or next(
            (t for t in self.library if t.language == state.ui), None) or (self.library[0] if self.library else None)
        if first is not None and not given:
            guarded(state, state.load)(first)
        if config_problem is not None:
            state.fail(config_problem)
        elif problems:  # a trainer's broken file is named, the rest of the library still works
            state.inform(" ".join(p.message(state.ui) for p in problems))
        if store is None:
            store = lambda: open_store(config)  # noqa: E731 - $WORKSHOP_SESSIONS_URL, sessions_url or the folder
        self.identity = identity = identity if identity is not None else current(config)
        if identity.hub_problem and any(m.get("groups") for m in config.roles.values()) and config_problem is None:
            state.inform(label("identity_no_groups", state.ui, detail=identity.hub_problem))
        unscoped = store
        store = lambda: ScopedStore(unscoped(), identity, config)  # noqa: E731 - every pane sees what the role allows

        self.title = w.HTML()
        self.language = w.ToggleButtons(options=[(code.upper(), code) for code in config.languages],
                                        value=state.ui, style={"button_width": "48px"})
        if len(config.languages) < 2:
            self.language.layout.display = "none"
        self.language.add_class("rw-language")
        self.language.observe(guarded(state, lambda ch: setattr(state, "ui", ch["new"])), "value")
        self.variety = VarietyPicker(state)
        self.alert = AlertBar(state)
        self.picker: PickerPane | None = None
        self.session: SessionPane | None = None
        self.saved = w.HTML()
        self.picker_box = w.Accordion([w.VBox(), w.VBox()], selected_index=None if first else 0)

        def build_picker() -> None:
            self.picker = PickerPane(state, self.library, max_words=max_words, columns=config.csv_columns,
                                     redact=config.redact)
            self.session = SessionPane(state, store=store, indicator=self.saved,
                                       delay=0.0 if typing_pause is None else 1.0, identity=identity)
            placeholders, self.picker_box.children = self.picker_box.children, [self.picker, self.session]
            for placeholder in placeholders:
                close_tree(placeholder)
            self.picker_box.set_title(0, label("pick_title", state.ui))
            self.picker_box.set_title(1, label("session_title", state.ui))

        if first is None or typing_pause is None:
            build_picker()
        else:  # collapsed under a loaded transcript: built right after the first paint
            soon(guarded(state, build_picker))
        self.original = OriginalPane(state)
        self.rewrite = RewritePane(state, pause=typing_pause)
        self.compare = ComparePane(state, pause=None if typing_pause is None else 0.3,
                                   accent=config.accent_colour)
        self.notes = NotesPane(state)
        self.roleplay = RolePlayPane(state)
        self.team = TeamPane(state, store, identity, config, rules=(*config.rule_packs, *rules),
                             settings=settings) if identity.sees_team else None
        work = w.HBox([self.original, self.rewrite], layout=w.Layout(align_items="flex-start"))
        self.tabs = w.Tab([work, self.compare, self.notes, self.roleplay, *([self.team] if self.team else [])])
        self.tabs.observe(guarded(state, self._tab_changed), "selected_index")
        self.picker_box.observe(guarded(state, self._section_opened), "selected_index")
        self.who = w.HTML()
        self.who.add_class("rw-who")
        # Served by Voilà (`workshop serve`), the self-study page is a sibling address: BASE/self-study
        base = os.environ.get("VOILA_BASE_URL")
        self.selfstudy_url = f"{base.rstrip('/')}/self-study" if base else None
        self.selfstudy_link = w.HTML()
        self.selfstudy_link.add_class("rw-selfstudy-link")
        header = w.HBox([self.title, w.VBox([w.HBox([self.variety, self.language]), self.who, self.selfstudy_link,
                                             self.saved],
                                            layout=w.Layout(align_items="flex-end"))],
                        layout=w.Layout(justify_content="space-between", align_items="center"))
        header.add_class("rw-header")
        accent = (f"<style>.rw-app h2, .rw-app h3 {{ color: {config.accent_colour}; }} "
                  f".rw-app .mod-primary {{ background-color: {config.accent_colour}; }}</style>")
        self.children = [w.HTML(STYLE + accent), header, self.alert, self.picker_box, self.tabs]
        self.add_class("rw-app")
        state.observe(guarded(state, self.relabel), "ui")
        state.observe(guarded(state, self._loaded), "transcript")
        self.relabel()

    def relabel(self, _=None) -> None:
        ui = self.state.ui
        title = self.config.title.get(ui) or label("app_title", ui)
        subtitle = self.config.subtitle.get(ui) or label("app_subtitle", ui)
        self.title.value = f'<div><h2>{esc(title)}</h2><p class="rw-sub">{esc(subtitle)}</p></div>'
        self.language.tooltips = [label(f"lang_{code}", ui) for code in self.config.languages]
        self.picker_box.set_title(0, label("pick_title", ui))
        self.picker_box.set_title(1, label("session_title", ui))
        for i, key in enumerate(("tab_work", "tab_compare", "tab_notes", "tab_roleplay", "tab_team")[
                :len(self.tabs.children)]):
            self.tabs.set_title(i, label(key, ui))
        self.selfstudy_link.value = "" if self.selfstudy_url is None else (
            f'<a class="rw-link" href="{esc(self.selfstudy_url)}">{esc(label("selfstudy_link", ui))}</a>')
        me = self.identity
        self.who.value = "" if me.name is None else '<span class="rw-sub">{}</span>'.format(
            esc(label("identity_signed_in", ui, name=me.name, role=label(f"role_{me.role}", ui))))
        if self.language.value != ui:
            self.language.value = ui

    def _section_opened(self, change) -> None:
        if change["new"] == 1 and self.session is not None:
            self.session.refresh_list()  # the sessions other tabs saved since

    def _tab_changed(self, change) -> None:
        self.compare.show(change["new"] == COMPARE_TAB)
        self.notes.show(change["new"] == NOTES_TAB)
        self.roleplay.show(change["new"] == ROLEPLAY_TAB)
        if self.team is not None:
            self.team.show(change["new"] == TEAM_TAB)

    def _loaded(self, _=None) -> None:
        self.tabs.selected_index = WORK_TAB
        self.picker_box.selected_index = None
