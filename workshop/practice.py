"""Self-study: an exercise with targets to beat, hints one at a time, a check, the model, progress.

    from workshop.practice import Exercise, progress
    ex = Exercise.pick(goal="empathy", difficulty="easy", language="es")
    ex.state.type_text(2, "…")          # or rewrite in WorkshopApp(state=ex.state)
    ex.hint(); ex.check(); ex.model(); ex.save("Ana"); progress("Ana")

No widgets here: the notebook shows these objects (they have HTML reprs) and
may embed the app on the same state.
"""
from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Iterable

from .engine.analyze import Analysis, analyze
from .engine.doc import SEVERITY_RANK, Finding
from .i18n import WorkshopError, format_number, label, metric_label, ui_language
from .library import load_library
from .model import Transcript
from .render import category_attrs, category_label, diff_html, esc, turn_html
from .rewrite import DiffBudget, word_diff
from .state import WorkshopState

MAX_CUT = 0.25  # the issue's example target: a quarter fewer words
# ✓/✗ as styled text: an emoji needs a font the page may lack
MET = '<span class="rw-ok" style="color:#1b7f3b;font-weight:700">✓</span>'
NOT_MET = '<span class="rw-no" style="color:#b3261e;font-weight:700">✗</span>'


@dataclass(frozen=True)
class Targets:
    """What a good attempt reaches; derived from the model rewrite so every target is reachable."""

    word_cut: float = MAX_CUT  # share of the agent's words to cut
    max_fillers: int = 0
    min_open_questions: int = 0
    empathy: bool = False  # acknowledge every upset customer (no missing-empathy finding)


def targets_for(transcript: Transcript) -> Targets:
    before = analyze(transcript)
    model = transcript.model_rewrite()
    after = analyze(model) if model is not None else before
    words_before = before.metrics.agent.words or 1
    reached = 1 - after.metrics.agent.words / words_before
    cut = min(MAX_CUT, math.floor(max(reached, 0) * 20) / 20)  # 5 % steps, never above what the model did
    return Targets(word_cut=cut, max_fillers=0, min_open_questions=1 if after.metrics.open_questions else 0,
                   empathy=before.by_category()["missing-empathy"] > 0)


@dataclass(frozen=True)
class TargetCheck:
    key: str
    label: str
    goal: str
    result: str
    met: bool
    feedback: str


@dataclass
class CheckResult:
    checks: list[TargetCheck]
    ui: str

    @property
    def passed(self) -> bool:
        return all(c.met for c in self.checks)

    def frame(self):
        import pandas as pd

        return pd.DataFrame([asdict(c) for c in self.checks])

    def _repr_html_(self) -> str:
        rows = "".join(
            f'<tr class="rw-{"better" if c.met else "worse"}"><td>{MET if c.met else NOT_MET}</td>'
            f"<th>{esc(c.label)}</th><td>{esc(c.goal)}</td><td>{esc(c.result)}</td><td>{esc(c.feedback)}</td></tr>"
            for c in self.checks)
        verdict = label("practice_passed" if self.passed else "practice_not_yet", self.ui)
        return f'<div class="rw-check"><p><b>{esc(verdict)}</b></p><table class="rw-table">{rows}</table></div>'


def check_attempt(original: Analysis, attempt: Analysis, targets: Targets, ui: str) -> CheckResult:
    """Each target: met or not, and what to do next."""
    words_before, words_after = original.metrics.agent.words, attempt.metrics.agent.words
    cut = 1 - words_after / words_before if words_before else 0.0
    limit = math.floor(words_before * (1 - targets.word_cut))
    fillers = attempt.by_category()["filler"]
    open_q = attempt.metrics.open_questions
    no_empathy = attempt.by_category()["missing-empathy"]
    checks = [TargetCheck(
        "word_cut", label("practice_words", ui), label("practice_words_goal", ui, pct=round(targets.word_cut * 100)),
        label("practice_words_result", ui, pct=round(cut * 100), before=words_before, after=words_after),
        words_after <= limit,
        label("practice_words_ok", ui) if words_after <= limit
        else label("practice_words_more", ui, n=words_after - limit))]
    checks.append(TargetCheck(
        "fillers", label("practice_fillers", ui), label("practice_fillers_goal", ui, n=targets.max_fillers),
        str(fillers), fillers <= targets.max_fillers,
        label("practice_fillers_ok", ui) if fillers <= targets.max_fillers
        else label("practice_fillers_more", ui, n=fillers)))
    if targets.min_open_questions:
        checks.append(TargetCheck(
            "open_questions", label("practice_open", ui), label("practice_open_goal", ui, n=targets.min_open_questions),
            str(open_q), open_q >= targets.min_open_questions,
            label("practice_open_ok", ui) if open_q >= targets.min_open_questions
            else label("practice_open_more", ui)))
    if targets.empathy:
        checks.append(TargetCheck(
            "empathy", label("practice_empathy", ui), label("practice_empathy_goal", ui), str(no_empathy),
            no_empathy == 0, label("practice_empathy_ok", ui) if no_empathy == 0
            else label("practice_empathy_more", ui, n=no_empathy)))
    return CheckResult(checks, ui)


@dataclass
class Hint:
    """One finding of the current attempt, revealed on request."""

    finding: Finding | None
    speaker: str
    left: int
    ui: str

    def _repr_html_(self) -> str:
        if self.finding is None:
            return f"<p>✓ {esc(label('practice_no_hints', self.ui))}</p>"
        f = self.finding
        return (f'<div class="rw-hint"><p><b>{esc(label("turn_label", self.ui, n=f.turn + 1, speaker=self.speaker))}'
                f'</b> · <mark class="rw-finding" {category_attrs(f.category)}>'
                f"{esc(category_label(f.category, self.ui))}</mark></p><p>{esc(f.message)}</p>"
                f"<p><small>{esc(label('practice_hints_left', self.ui, n=self.left))}</small></p></div>")

    def __str__(self) -> str:
        return "" if self.finding is None else f"{self.finding.turn + 1}: {self.finding.message}"


@dataclass
class Exercise:
    """One transcript to practise alone; the rewrite lives in `state` (the app can show the same state)."""

    transcript: Transcript
    targets: Targets
    state: WorkshopState
    revealed: set = field(default_factory=set)

    @classmethod
    def pick(cls, goal: str | None = None, difficulty: str | None = None, language: str | None = None,
             number: int = 0, ui: str | None = None, folders: Iterable[str] = ()) -> "Exercise":
        """The `number`-th library transcript with that goal, difficulty and language."""
        items = [t for t in load_library(folders, difficulty=difficulty or "", language=language or "")
                 if not goal or goal in t.metadata.get("goals", ())]
        if not items:
            raise WorkshopError("practice_none", goal=goal or "—", difficulty=difficulty or "—")
        return cls.of(items[number % len(items)], ui=ui or language)

    @classmethod
    def of(cls, transcript: Transcript, ui: str | None = None) -> "Exercise":
        state = WorkshopState(ui=ui_language(ui or transcript.language))
        state.load(transcript)
        return cls(transcript, targets_for(transcript), state)

    @property
    def ui(self) -> str:
        return self.state.ui

    def hint(self) -> Hint:
        """The most important finding of the attempt not yet shown."""
        analysis = self.state.rewrite_analysis
        key = lambda f: (f.turn, f.category, self.state.turn_text(f.turn)[f.start:f.end])  # noqa: E731
        hidden = [f for f in analysis.findings if key(f) not in self.revealed]
        if not hidden:
            return Hint(None, "", 0, self.ui)
        f = min(hidden, key=lambda f: (-SEVERITY_RANK.get(f.severity, 0), f.turn, f.start))
        self.revealed.add(key(f))
        return Hint(f, self.transcript.turns[f.turn].speaker, len(hidden) - 1, self.ui)

    def check(self) -> CheckResult:
        return check_attempt(self.state.original_analysis, self.state.rewrite_analysis, self.targets, self.ui)

    def model(self) -> "ModelComparison":
        return ModelComparison(self)

    def save(self, learner: str, folder=None) -> int:
        """Keep this attempt in the learner's progress; returns its row id."""
        return record(learner, self, folder=folder)

    def _repr_html_(self) -> str:
        t, ui = self.transcript, self.ui
        tags = " · ".join(esc(label(f"{k}_{v}", ui, default=v)) for k, v in (
            ("lang", t.language), ("channel", t.channel), ("scenario", t.scenario),
            ("difficulty", t.metadata.get("difficulty", ""))) if v)
        goals = ", ".join(esc(label(f"goal_{g}", ui, default=g)) for g in t.metadata.get("goals", ()))
        return (f'<div class="rw-exercise"><h3>{esc(t.title)}</h3><p>{tags} · '
                f'{esc(label("words_count", ui, n=t.words))}</p><p>{esc(t.metadata.get("summary", ""))}</p>'
                f"<p><b>{esc(label('practice_goals', ui))}</b> {goals}</p>"
                f"<p><b>{esc(label('practice_targets', ui))}</b> "
                f"{esc(label('practice_words_goal', ui, pct=round(self.targets.word_cut * 100)))}; "
                f"{esc(label('practice_fillers_goal', ui, n=self.targets.max_fillers))}"
                + (f"; {esc(label('practice_open_goal', ui, n=self.targets.min_open_questions))}"
                   if self.targets.min_open_questions else "")
                + (f"; {esc(label('practice_empathy_goal', ui))}" if self.targets.empathy else "") + ".</p></div>")


KEY_METRICS = ("agent_words", "agent_speaking_seconds", "agent_readability", "findings", "filler",
               "open_question_share", "empathy_statements")


@dataclass
class ModelComparison:
    """The learner's attempt beside the model rewrite: key numbers and a diff per turn."""

    exercise: Exercise

    def frame(self):
        import pandas as pd

        ex = self.exercise
        model = ex.transcript.model_rewrite()
        values = [a.metrics.as_dict() for a in (ex.state.original_analysis, ex.state.rewrite_analysis,
                                                analyze(model, ui=ex.ui))]
        heads = [label(k, ex.ui) for k in ("original", "practice_yours", "practice_model")]
        return pd.DataFrame([[v.get(k) for v in values] for k in KEY_METRICS], columns=heads,
                            index=[metric_label(k, ex.ui) for k in KEY_METRICS])

    def _repr_html_(self) -> str:
        ex = self.exercise
        entries = ex.transcript.metadata.get("model_rewrite", [])
        turns = ex.transcript.turns
        parts, budget = [], DiffBudget()  # one for the whole comparison, as on every page of diffs
        for e in entries:
            i = int(e["turn"])
            mine = ex.state.turn_text(i)
            parts.append(turn_html(i, turns[i].speaker, turns[i].role, diff_html(word_diff(mine, e["text"], budget)))
                         + f'<p class="rw-why"><i>{esc(e.get("why", ""))}</i></p>')
        return (self.frame().to_html(classes="rw-table", float_format=lambda x: format_number(x, ex.ui))
                + f"<h4>{esc(label('practice_diff', ex.ui))}</h4><div class='rw-diff'>{''.join(parts)}</div>")


# ---------------------------------------------------------------- progress

def _store(folder=None, store=None):
    """The sessions store (progress lives there since schema 2): `store()` if given, `folder`'s SQLite file,
    else the configured one."""
    from .sessions import SessionStore, open_store

    if store is not None:
        return store()
    return SessionStore(folder) if folder is not None else open_store()


def record(learner: str, exercise: Exercise, folder=None, store=None) -> int:
    learner = " ".join(str(learner).split())[:80]
    if not learner:
        raise WorkshopError("practice_no_name")
    before, after = exercise.state.original_analysis, exercise.state.rewrite_analysis
    result = exercise.check()
    t = exercise.transcript
    store = _store(folder, store)
    try:
        return store.add_attempt({
            "learner": learner, "transcript": t.metadata.get("id") or t.source, "title": t.title,
            "at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "words_before": before.metrics.agent.words, "words_after": after.metrics.agent.words,
            "findings_before": len(before.findings), "findings_after": len(after.findings),
            "fillers_after": after.by_category()["filler"], "readability_after": after.metrics.agent.readability,
            "targets_met": sum(c.met for c in result.checks), "targets": len(result.checks),
            "passed": int(result.passed),
            "rewrite": json.dumps({str(k): v for k, v in exercise.state.rewrite.items()}, ensure_ascii=False)})
    finally:
        store.close()


def progress(learner: str | None = None, folder=None, store=None):
    """Every saved attempt (of one learner), oldest first, as a pandas table."""
    import pandas as pd

    from .sessions import ATTEMPT_COLUMNS

    store = _store(folder, store)
    try:
        rows = store.attempts(" ".join(str(learner).split())[:80] if learner else None)
    finally:
        store.close()
    frame = pd.DataFrame(rows, columns=["id", *ATTEMPT_COLUMNS])
    frame["words_saved"] = frame["words_before"] - frame["words_after"]
    frame["at"] = pd.to_datetime(frame["at"])
    return frame.drop(columns=["rewrite"])


def plot_progress(frame, ui: str | None = None):
    """Words saved and findings left per attempt, as a matplotlib figure: whole attempts and whole
    counts on the axes, each attempt's date under its number."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    ui = ui_language(ui)
    fig = Figure(figsize=(8, 3), layout="constrained")
    ax = fig.subplots()
    x = list(range(1, len(frame) + 1))
    ax.plot(x, frame["words_saved"], marker="o", label=label("practice_words_saved", ui))
    ax.plot(x, frame["findings_after"], marker="s", label=label("practice_findings_left", ui))
    ax.set_xlabel(label("practice_attempt", ui))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    step = max(1, len(x) // 10)  # at most ~10 labelled attempts
    ticks = x[::step]
    dates = [d.strftime("%d/%m" if ui == "es" else "%b %d") for d in frame["at"]]
    ax.set_xticks(ticks, [f"{n}\n{dates[n - 1]}" for n in ticks])
    ax.set_xlim(0.5, len(x) + 0.5)
    ax.legend()
    ax.spines[["top", "right"]].set_visible(False)
    return fig
