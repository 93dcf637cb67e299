"""Role-play: step through the conversation, the lead reading the customer, the agent their rewrite."""
from __future__ import annotations

from pathlib import Path

import anywidget
import ipywidgets as w
import traitlets

from ..i18n import label
from ..render import esc
from ..engine.rules import get_pack
from ..state import WorkshopState
from ..words import count_words
from .common import guarded


class RolePlayStage(anywidget.AnyWidget):
    """One turn shown large; the JavaScript (roleplay.js, in this package) adds the timer and read-aloud."""

    _esm = Path(__file__).with_name("roleplay.js")
    speaker = traitlets.Unicode("").tag(sync=True)
    role = traitlets.Unicode("").tag(sync=True)
    text = traitlets.Unicode("").tag(sync=True)
    original = traitlets.Unicode("").tag(sync=True)  # the agent's original line, when rewritten
    estimate = traitlets.Unicode("").tag(sync=True)
    language = traitlets.Unicode("es").tag(sync=True)
    step = traitlets.Int(0).tag(sync=True)
    steps = traitlets.Int(0).tag(sync=True)
    labels = traitlets.Dict().tag(sync=True)


class RolePlayPane(w.VBox):
    """Built when first shown; follows the rewrite as it changes."""

    def __init__(self, state: WorkshopState):
        super().__init__()
        self.state = state
        self.stage: RolePlayStage | None = None
        self.help = w.HTML()
        self.add_class("rw-roleplay")
        state.observe(guarded(state, self.render), ["revision", "transcript", "ui", "variety"])

    def show(self, visible: bool) -> None:
        if visible and self.stage is None:
            self.stage = RolePlayStage()
            self.stage.observe(guarded(self.state, self.render), "step")
            self.children = [self.help, self.stage]
            self.render()

    def render(self, _=None) -> None:
        if self.stage is None or self.state.transcript is None:
            return
        ui, state, stage = self.state.ui, self.state, self.stage
        turns = state.transcript.turns
        step = min(stage.step, len(turns) - 1)
        turn = turns[step]
        text = state.turn_text(step)
        # the trainer's configured pace (the app config, in state.settings) wins over the pack's
        wpm = state.settings.get("words_per_minute") or \
            get_pack(state.transcript.language, state.rules).settings["words_per_minute"]
        before, after = count_words(turn.text) / wpm * 60, count_words(text) / wpm * 60
        self.help.value = f"<p>{esc(label('roleplay_help', ui))}</p>"
        with stage.hold_sync():
            stage.speaker = turn.speaker
            stage.role = turn.role
            stage.text = text
            stage.original = turn.text if text != turn.text else ""
            stage.language = state.transcript.language
            stage.steps = len(turns)
            stage.step = step
            stage.estimate = label("roleplay_estimate", ui, before=round(before), after=round(after)) \
                if turn.role == "agent" else label("roleplay_estimate_one", ui, seconds=round(before))
            stage.labels = {"prev": label("roleplay_prev", ui), "next": label("roleplay_next", ui),
                            "speak": label("roleplay_speak", ui), "timer": label("roleplay_timer", ui),
                            "original": label("original", ui)}
