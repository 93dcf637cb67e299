"""What a workshop is working on: the transcript, its rewrite, the notes.

The app's panes never talk to each other; they observe one `WorkshopState`
and call its methods. It uses traitlets (for observers) but no widgets, so
every rule of editing is tested without a browser or a kernel.
"""
from __future__ import annotations

import logging
from typing import Any, Iterable

from traitlets import Dict, HasTraits, Instance, Int, List, Unicode, observe

from .engine.analyze import Analysis, analyze
from .engine.doc import Finding
from .i18n import WorkshopError, t, ui_language
from .model import Transcript
from .history import History
from .rewrite import apply_fix, remove_fillers

log = logging.getLogger(__name__)

UNDO_LIMIT = 200
TYPING_PAUSE = 1.0  # seconds of quiet that end a burst of typing: one undo step


def decision_key(finding: Finding) -> str:
    return f"{finding.turn}:{finding.category}:{finding.text}"


class WorkshopState(HasTraits):
    """Shared state of one workshop: observe `transcript`, `revision`, `ui`, `variety`, `hidden`, `alert`."""

    ui = Unicode("es")
    #: the language variety the lead picked ("es-AR"); "" lets the transcript's metadata or words decide
    variety = Unicode("")
    transcript = Instance(Transcript, allow_none=True)
    #: turn index -> rewritten text, for agent turns whose text differs from the original
    rewrite = Dict()
    #: "" -> the note on the whole transcript; "3" -> the note on turn 3
    notes = Dict()
    hidden = List(Unicode())
    #: "turn:category:words" -> "applied" | "dismissed" | "kept": what the pair decided about each finding
    decisions = Dict()
    #: {"kind": "error" | "info", "text": ...} or {} when nothing is to be said
    alert = Dict()
    #: bumped on every change of the rewrite, so observers re-render once per change
    revision = Int(0)
    #: bumped just before another transcript replaces this one: the last chance to save it
    leaving = Int(0)

    def __init__(self, ui: str | None = None, rules: Iterable[str] = (), settings: dict | None = None,
                 **kwargs: Any):
        super().__init__(ui=ui_language(ui), **kwargs)
        self.rules = tuple(rules)
        #: thresholds passed to every analysis (long_sentence_words, words_per_minute); 0 or absent: the pack's
        self.settings = {k: v for k, v in (settings or {}).items() if v}
        self._history = History(pause=TYPING_PAUSE, limit=UNDO_LIMIT)
        self._cache: dict[tuple, Analysis] = {}

    # ------------------------------------------------------------ loading
    def load(self, transcript: Transcript) -> None:
        """Start working on a transcript; any loader notices become an info alert."""
        if self.transcript is not None:
            self.leaving += 1
        self._history.clear()
        self._cache.clear()
        if self.variety and self.variety.split("-")[0] != transcript.language:
            self.variety = ""  # a Spanish variety says nothing about an English transcript
        # Observers run after every trait is set: none of them sees the new
        # transcript with the old rewrite, or the old transcript with no notes.
        with self.hold_trait_notifications():
            self.rewrite = {}
            self.notes = {}
            self.decisions = {}
            self.transcript = transcript
            self.revision += 1
        if transcript.notices:
            self.inform(" ".join(n.message(self.ui) for n in transcript.notices))
        else:
            self.alert = {}

    # ------------------------------------------------------------ analyses
    def _analysis(self, key: tuple, transcript: Transcript) -> Analysis:
        """The analysis of `transcript`, worded in the current UI language.

        Cached without the UI language in the key: an analysis is
        language-neutral, so switching ES/EN only re-words it.
        """
        key = (*key, self.variety)
        if key not in self._cache:
            if len(self._cache) > 8:
                self._cache.clear()
            self._cache[key] = analyze(transcript, ui=self.ui, rules=self.rules, variety=self.variety or None,
                                       **self.settings)
        return self._cache[key].in_ui(self.ui)

    @property
    def original_analysis(self) -> Analysis | None:
        if self.transcript is None:
            return None
        return self._analysis(("original", id(self.transcript)), self.transcript)

    @property
    def rewrite_transcript(self) -> Transcript | None:
        if self.transcript is None:
            return None
        return self.transcript.with_texts(self.rewrite)

    @property
    def rewrite_analysis(self) -> Analysis | None:
        if self.transcript is None:
            return None
        if not self.rewrite:
            return self.original_analysis
        return self._analysis(("rewrite", id(self.transcript), self.revision), self.rewrite_transcript)

    def turn_text(self, index: int) -> str:
        return self.rewrite.get(index, self.transcript.turns[index].text)

    def findings_for(self, index: int) -> list[Finding]:
        """The rewrite's findings in one turn, less those the pair dismissed."""
        analysis = self.rewrite_analysis
        if analysis is None:
            return []
        return [f for f in analysis.findings
                if f.turn == index and self.decisions.get(decision_key(f)) != "dismissed"]

    # ------------------------------------------------------------ editing
    def _change(self, index: int, text: str, action: tuple) -> None:
        turn = self.transcript.turns[index]
        if turn.role != "agent":
            raise ValueError(f"turn {index} is not an agent turn")
        if text == self.turn_text(index):
            return
        # A burst of typing in one turn is one undo step; anything else is a step of its own.
        self._history.record(self.rewrite, action)
        new = dict(self.rewrite)
        if text == turn.text:
            new.pop(index, None)
        else:
            new[index] = text
        self.rewrite = new
        self.revision += 1

    def type_text(self, index: int, text: str) -> None:
        """What the editor of turn `index` now holds."""
        self._change(index, text, ("type", index))

    def apply(self, finding: Finding, replacement: str) -> None:
        """Replace a rewrite finding's words with one of its fixes."""
        text = apply_fix(self.turn_text(finding.turn), finding, replacement)
        self.decide(finding, "applied")
        self._change(finding.turn, text, ("apply", finding.turn, finding.start))

    def decide(self, finding: Finding, decision: str) -> None:
        """Record what the pair decided about a finding: applied, dismissed or kept."""
        if decision not in ("applied", "dismissed", "kept"):
            raise ValueError(decision)
        self.decisions = {**self.decisions, decision_key(finding): decision}

    def restore(self, rewrite: dict[int, str], notes: dict[str, str], decisions: dict[str, str]) -> None:
        """Put back saved work (a reopened session or an earlier revision); undo can take it back."""
        self._history.record(self.rewrite, ("restore",))
        self.rewrite = {int(k): v for k, v in rewrite.items()
                        if 0 <= int(k) < len(self.transcript.turns) and self.transcript.turns[int(k)].role == "agent"}
        self.notes = dict(notes)
        self.decisions = dict(decisions)
        self.revision += 1

    def reset_turn(self, index: int) -> None:
        self._change(index, self.transcript.turns[index].text, ("reset", index))

    def remove_fillers(self, index: int | None = None) -> int:
        """Delete every filler in agent turn `index`, or in every agent turn: one undo step.

        Returns how many turns changed (0: there was nothing to remove).
        """
        analysis = self.rewrite_analysis
        if analysis is None:
            return 0
        turns = [index] if index is not None else [i for i, t in enumerate(self.transcript.turns) if t.role == "agent"]
        new = dict(self.rewrite)
        changed = 0
        for i in turns:
            if self.transcript.turns[i].role != "agent":
                raise ValueError(f"turn {i} is not an agent turn")
            before = self.turn_text(i)
            after = remove_fillers(before, [f for f in analysis.findings if f.turn == i])
            if after == before:
                continue
            changed += 1
            if after == self.transcript.turns[i].text:
                new.pop(i, None)
            else:
                new[i] = after
        if not changed:
            self.inform(t("no_fillers", self.ui))
            return 0
        self._history.record(self.rewrite, ("fillers", index))
        self.rewrite = new
        self.revision += 1
        return changed

    def undo(self) -> bool:
        """Go back to before the last step; False when there is none."""
        previous = self._history.undo(self.rewrite)
        if previous is None:
            self.inform(t("nothing_to_undo", self.ui))
            return False
        self.rewrite = previous
        self.revision += 1
        return True

    def redo(self) -> bool:
        """Put back the last undone step; False when there is none."""
        following = self._history.redo(self.rewrite)
        if following is None:
            self.inform(t("nothing_to_redo", self.ui))
            return False
        self.rewrite = following
        self.revision += 1
        return True

    @property
    def can_undo(self) -> bool:
        return self._history.can_undo

    @property
    def can_redo(self) -> bool:
        return self._history.can_redo

    def set_note(self, key: str | int, text: str) -> None:
        notes = dict(self.notes)
        if text.strip():
            notes[str(key)] = text
        else:
            notes.pop(str(key), None)
        self.notes = notes

    def toggle_category(self, category: str, shown: bool) -> None:
        hidden = [c for c in self.hidden if c != category]
        self.hidden = hidden if shown else hidden + [category]

    # ------------------------------------------------------------ alerts
    def inform(self, text: str) -> None:
        self.alert = {"kind": "info", "text": text}

    def fail(self, error: BaseException) -> None:
        """Show any error as a message the user can act on; never a traceback."""
        if isinstance(error, WorkshopError):
            text = error.message(self.ui)
        else:
            log.exception("workshop app error", exc_info=error)
            text = t("internal_error", self.ui, detail=type(error).__name__)
        self.alert = {"kind": "error", "text": text}

    @observe("ui")
    def _ui_changed(self, change) -> None:
        self.revision += 1  # messages of every finding change language
