"""Self-study as a page of widgets: name, exercise, rewrite, hints, Check, then the model, progress.

The logic is workshop.practice's; this pane only shows it. Nothing is revealed or saved
when the page loads (Voilà runs every cell once): the hint waits for its button, the
check for Check, the model rewrite for a first Check, and progress is saved on Check only.
"""
from __future__ import annotations

import io
import os
from typing import Callable, Iterable

import anywidget
import ipywidgets as w
import traitlets

from ..i18n import label, ui_language
from ..library import load_library
from ..model import Transcript
from ..practice import Exercise, plot_progress, progress, record, targets_for
from ..render import esc
from ..sessions import SessionStore, clean_name, open_store
from ..state import WorkshopState
from .common import STYLE, guarded
from .original import OriginalPane
from .rewrite import TYPING_PAUSE, RewritePane

DIFFICULTY_ORDER = {"easy": 0, "medium": 1, "hard": 2}
MEMORY_KEY = "rw-learner-name"


class LearnerMemory(anywidget.AnyWidget):
    """The learner's name, kept in this browser's localStorage so it is there next time (no account needed)."""

    _esm = f"""
    const KEY = {MEMORY_KEY!r};
    function render({{ model, el }}) {{
      el.hidden = true;
      let stored = "";
      try {{ stored = window.localStorage.getItem(KEY) || ""; }} catch (e) {{}}
      if (stored && !model.get("name")) {{ model.set("name", stored); model.save_changes(); }}
      model.on("change:name", () => {{
        try {{ window.localStorage.setItem(KEY, model.get("name") || ""); }} catch (e) {{}}
      }});
    }}
    export default {{ render }};
    """
    name = traitlets.Unicode("").tag(sync=True)


def exercises(library: Iterable[Transcript]) -> list[Transcript]:
    """Transcripts with a model rewrite (what Check and the model need), by language, difficulty, title."""
    return sorted((t for t in library if t.model_rewrite() is not None),
                  key=lambda t: (t.language, DIFFICULTY_ORDER.get(t.metadata.get("difficulty", ""), 3), t.title))


def attempts_chart_svg(frame, ui: str) -> str:
    """The progress chart as inline SVG (no image file, so no broken-image icon)."""
    fig = plot_progress(frame, ui)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    svg = buffer.getvalue()
    return svg[svg.index("<svg"):]


class SelfStudyPane(w.VBox):
    """The self-study page; `store` opens the sessions store progress is saved in (default: the configured one)."""

    def __init__(self, *, ui: str | None = None, library: list[Transcript] | None = None,
                 folders: Iterable[str] = (), store: Callable[[], SessionStore] | None = None,
                 typing_pause: float | None = TYPING_PAUSE, app_url: str | None = None):
        """`app_url`: the paired app's address for the header link (default: Voilà's base URL, when served)."""
        super().__init__()
        self.store = store or open_store
        self.items = exercises(load_library(folders) if library is None else library)
        self.state = state = WorkshopState(ui=ui_language(ui))
        self.exercise: Exercise | None = None
        self.checked = False
        self.hints: list[str] = []
        self.app_url = app_url if app_url is not None else os.environ.get("VOILA_BASE_URL")

        self.title = w.HTML()
        self.language = w.ToggleButtons(options=[("ES", "es"), ("EN", "en")], value=state.ui,
                                        style={"button_width": "48px"})
        self.language.add_class("rw-language")
        self.language.observe(guarded(state, lambda ch: setattr(state, "ui", ch["new"])), "value")
        self.memory = LearnerMemory()
        self.name = w.Text(layout=w.Layout(width="260px"))
        self.name.add_class("rw-learner")
        w.link((self.memory, "name"), (self.name, "value"))
        self.choice = w.Dropdown(layout=w.Layout(width="520px"))
        self.choice.add_class("rw-exercise-choice")
        self.about = w.HTML()
        self.about.add_class("rw-exercise-about")
        self.original = OriginalPane(state)
        self.rewrite = RewritePane(state, pause=typing_pause)
        self.hint_button = w.Button(icon="lightbulb", layout=w.Layout(width="auto"))
        self.hint_button.add_class("rw-hint-button")
        self.check_button = w.Button(icon="check", button_style="primary", layout=w.Layout(width="auto"))
        self.check_button.add_class("rw-check-button")
        self.model_button = w.Button(icon="eye", disabled=True, layout=w.Layout(width="auto"))
        self.model_button.add_class("rw-model-button")
        self.model_hint = w.HTML()
        self.hint_box = w.HTML()
        self.hint_box.add_class("rw-hints")
        self.result = w.HTML()
        self.result.add_class("rw-check-result")
        self.model_box = w.HTML()
        self.model_box.add_class("rw-model")
        self.progress_box = w.HTML()
        self.progress_box.add_class("rw-progress")
        self.message = w.HTML()
        self.message.add_class("rw-alert")

        self.hint_button.on_click(guarded(state, self.next_hint))
        self.check_button.on_click(guarded(state, self.check))
        self.model_button.on_click(guarded(state, self.show_model))
        self.choice.observe(guarded(state, self._picked), "value")
        self.name.observe(guarded(state, self._named), "value")
        state.observe(guarded(state, self.relabel), "ui")
        state.observe(guarded(state, self._render_message), "alert")

        header = w.HBox([self.title, w.VBox([self.language], layout=w.Layout(align_items="flex-end"))],
                        layout=w.Layout(justify_content="space-between", align_items="center"))
        header.add_class("rw-header")
        self.name_label, self.choice_label = w.HTML(), w.HTML()
        who = w.HBox([w.VBox([self.name_label, self.name]), w.VBox([self.choice_label, self.choice])],
                     layout=w.Layout(align_items="flex-end", flex_flow="row wrap"))
        who.add_class("rw-row")
        work = w.HBox([self.original, self.rewrite], layout=w.Layout(align_items="flex-start"))
        actions = w.HBox([self.hint_button, self.check_button, self.model_button, self.model_hint],
                         layout=w.Layout(align_items="center", flex_flow="row wrap"))
        actions.add_class("rw-practice-actions")
        self.progress_title = w.HTML()
        # The buttons and what they answer come before the (long) transcript, so Check is always near
        self.children = [w.HTML(STYLE + PRACTICE_STYLE), self.memory, header, self.message, who, self.about,
                         actions, self.hint_box, self.result, work, self.model_box, self.progress_title,
                         self.progress_box]
        self.add_class("rw-app")
        self.add_class("rw-selfstudy")
        self._fill_choices()
        self.relabel()

    # ------------------------------------------------------------ choosing
    def _fill_choices(self) -> None:
        ui = self.state.ui
        current = self.choice.value
        order = sorted(range(len(self.items)), key=lambda i: (self.items[i].language != ui, i))  # UI language first
        options = [(self._option_text(self.items[i]), i) for i in order]
        self.choice.options = options
        if current is None and self.items:  # the first exercise in the UI language, easiest first
            current = next((i for i, t in enumerate(self.items) if t.language == ui), 0)
        if current is not None:
            self.choice.value = current

    def _option_text(self, t: Transcript) -> str:
        ui = self.state.ui
        difficulty = t.metadata.get("difficulty", "")
        parts = [label(f"lang_{t.language}", ui, default=t.language),
                 label(f"difficulty_{difficulty}", ui, default=difficulty) if difficulty else ""]
        return f"{t.title} · " + " · ".join(p for p in parts if p)

    def _picked(self, change) -> None:
        if change["new"] is None:
            return
        self.load(self.items[change["new"]])

    def load(self, transcript: Transcript) -> None:
        """Start an exercise: a fresh rewrite, no hints, nothing checked or revealed."""
        self.state.load(transcript)
        self.exercise = Exercise(transcript, targets_for(transcript), self.state)
        self.checked = False
        self.hints = []
        self.hint_box.value = self.result.value = self.model_box.value = ""
        self.model_button.disabled = True
        self.state.alert = {}
        self._render_about()
        self._render_progress()
        self._render_model_hint()

    def _named(self, _=None) -> None:
        self._render_progress()

    @property
    def learner(self) -> str:
        return clean_name(self.name.value)

    # ------------------------------------------------------------ actions
    def next_hint(self, _=None) -> None:
        if self.exercise is None:
            return
        hint = self.exercise.hint()
        self.hints.append(hint._repr_html_())
        self.hint_box.value = "".join(self.hints)

    def check(self, _=None) -> None:
        """Check the rewrite as it is now (every press re-checks), then save the attempt if a name is given."""
        if self.exercise is None:
            return
        ui = self.state.ui
        self.result.value = self.exercise.check()._repr_html_()
        self.checked = True
        self.model_button.disabled = False
        self._render_model_hint()
        if self.model_box.value:  # the model already shown: keep it in step with the rewrite
            self.show_model()
        if not self.learner:
            self.state.inform(label("practice_no_name", ui))
            return
        record(self.learner, self.exercise, store=self.store)
        self.state.alert = {}
        self._render_progress()

    def show_model(self, _=None) -> None:
        if self.exercise is None or not self.checked:
            return
        self.model_box.value = (f"<h3>{esc(label('practice_model', self.state.ui))}</h3>"
                                + self.exercise.model()._repr_html_())

    # ------------------------------------------------------------ rendering
    def relabel(self, _=None) -> None:
        ui = self.state.ui
        back = (f' <a class="rw-link" href="{esc(self.app_url)}">{esc(label("selfstudy_to_app", ui))}</a>'
                if self.app_url else "")
        self.title.value = (f'<div><h2>{esc(label("selfstudy_title", ui))}</h2>'
                            f'<p class="rw-sub">{esc(label("selfstudy_subtitle", ui))}{back}</p></div>')
        self.name_label.value = f'<label class="rw-field">{esc(label("selfstudy_name", ui))}</label>'
        self.name.placeholder = label("selfstudy_name_placeholder", ui)
        self.choice_label.value = f'<label class="rw-field">{esc(label("selfstudy_exercise", ui))}</label>'
        self.hint_button.description = label("selfstudy_hint", ui)
        self.check_button.description = label("selfstudy_check", ui)
        self.model_button.description = label("selfstudy_show_model", ui)
        self.progress_title.value = f"<h3>{esc(label('selfstudy_progress', ui))}</h3>"
        if self.language.value != ui:
            self.language.value = ui
        self._fill_choices()
        self._render_about()
        self._render_model_hint()
        if self.exercise is not None:
            if self.checked:
                self.result.value = self.exercise.check()._repr_html_()
            if self.model_box.value:
                self.show_model()
        self._render_progress()

    def _render_about(self) -> None:
        if self.exercise is not None:
            self.about.value = self.exercise._repr_html_()

    def _render_model_hint(self) -> None:
        self.model_hint.value = "" if self.checked else (
            f'<span class="rw-sub">{esc(label("selfstudy_model_after_check", self.state.ui))}</span>')

    def _render_message(self, _=None) -> None:
        alert = self.state.alert
        if not alert:
            self.message.value = ""
            return
        kind = "error" if alert.get("kind") == "error" else "info"
        self.message.value = (f'<div class="rw-msg rw-{kind}" role="{"alert" if kind == "error" else "status"}">'
                              f'{esc(alert.get("text", ""))}</div>')

    def _render_progress(self) -> None:
        ui = self.state.ui
        if not self.learner:
            self.progress_box.value = f'<p class="rw-sub">{esc(label("selfstudy_progress_name", ui))}</p>'
            return
        frame = progress(self.learner, store=self.store)
        if frame.empty:
            self.progress_box.value = f'<p class="rw-sub">{esc(label("selfstudy_progress_empty", ui))}</p>'
            return
        rows = "".join(
            f"<tr><td>{i}</td><td>{esc(at.strftime('%d/%m/%Y %H:%M') if ui == 'es' else at.strftime('%Y-%m-%d %H:%M'))}"
            f"</td><td class='rw-text'>{esc(title)}</td><td>{saved}</td><td>{left}</td>"
            f"<td>{met}/{of}</td><td>{_mark(bool(passed))}</td></tr>"
            for i, (at, title, saved, left, met, of, passed) in enumerate(zip(
                frame["at"], frame["title"], frame["words_saved"], frame["findings_after"], frame["targets_met"],
                frame["targets"], frame["passed"]), start=1))
        heads = "".join(f"<th>{esc(label(k, ui))}</th>" for k in (
            "practice_attempt", "selfstudy_when", "selfstudy_exercise", "practice_words_saved",
            "practice_findings_left", "selfstudy_targets_met", "practice_passed_short"))
        self.progress_box.value = (f'<div class="rw-progress-chart">{attempts_chart_svg(frame, ui)}</div>'
                                   f'<table class="rw-table rw-progress-table"><thead><tr>{heads}</tr></thead>'
                                   f"<tbody>{rows}</tbody></table>")


def _mark(ok: bool) -> str:
    """✓ or ✗ as styled text (no emoji font needed)."""
    return '<span class="rw-ok">✓</span>' if ok else '<span class="rw-no">✗</span>'


PRACTICE_STYLE = """
<style>
.rw-selfstudy .rw-field { font-weight: 600; font-size: 14px; }
.rw-selfstudy .rw-practice-actions { margin: 10px 0; gap: 8px; }
.rw-selfstudy .rw-row { gap: 24px; }
.rw-selfstudy .rw-hints .rw-hint { border-left: 3px solid #e0b341; padding: 2px 10px; margin: 6px 0; background: #fffaf0; }
.rw-selfstudy .rw-progress-chart svg { max-width: 800px; height: auto; }
.rw-selfstudy .rw-progress-table td.rw-text, .rw-selfstudy .rw-progress-table th:nth-child(3) { text-align: left; }
.rw-selfstudy .rw-check td, .rw-selfstudy .rw-check th { text-align: left; vertical-align: top; }
.rw-selfstudy .rw-check table { max-width: 1100px; }
.rw-selfstudy .rw-exercise h3 { margin: 8px 0 4px 0; }
.rw-selfstudy .rw-link { margin-left: 8px; color: #2f6fd0; text-decoration: underline; }
.rw-ok { color: #1b7f3b; font-weight: 700; }
.rw-no { color: #b3261e; font-weight: 700; }
</style>
"""
