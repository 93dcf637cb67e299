"""Self-study: targets from the model rewrite, hints, the check, the model comparison, progress."""
from __future__ import annotations

import sqlite3

import pytest

import workshop
from workshop.app import WorkshopApp
from workshop.i18n import WorkshopError
from workshop.practice import Exercise, Targets, check_attempt, plot_progress, progress, targets_for

CASE = ("Agente: Eh, buenos días. Le informo que su pedido, o sea, llega el lunes.\n"
        "Cliente: ¡Es indignante! Lo necesitaba hoy.\n"
        "Agente: El pedido llega el lunes. ¿Tiene el número? ¿Lo tiene a mano?")


def test_targets_never_ask_more_than_the_model_rewrite_reached():
    for t in workshop.samples():
        targets = targets_for(t)
        model = t.model_rewrite()
        before, after = workshop.analyze(t), workshop.analyze(model)
        assert 0 <= targets.word_cut <= 0.25
        assert after.metrics.agent.words <= before.metrics.agent.words * (1 - targets.word_cut) + 1e-9, t.source
        result = check_attempt(before, after, targets, "es")
        assert result.passed, (t.source, [(c.key, c.result) for c in result.checks if not c.met])


def test_check_says_what_is_missing_then_passes_once_fixed():
    ex = Exercise.of(workshop.load(CASE))
    ex.targets = Targets(word_cut=0.25, max_fillers=0, min_open_questions=1, empathy=True)
    first = {c.key: c for c in ex.check().checks}
    assert not ex.check().passed
    assert first["fillers"].result == "2" and "Quedan 2" in first["fillers"].feedback
    assert not first["open_questions"].met and not first["empathy"].met
    assert first["word_cut"].feedback.startswith("Sobran ")
    ex.state.type_text(0, "Buenos días. Su pedido llega el lunes.")
    ex.state.type_text(2, "Entiendo que lo necesitaba hoy. ¿Qué le vendría mejor?")
    assert ex.check().passed, ex.check().frame()
    html = ex.check()._repr_html_()
    assert 'class="rw-ok"' in html and "✓" in html and "✅" not in html  # styled text, no emoji font


def test_hints_reveal_one_finding_at_a_time_most_severe_first():
    ex = Exercise.of(workshop.load(CASE))
    total = len(ex.state.rewrite_analysis.findings)
    hints = [ex.hint() for _ in range(total + 1)]
    severities = [h.finding.severity for h in hints[:-1]]
    assert severities == sorted(severities, key=lambda s: {"high": 0, "medium": 1, "low": 2}[s])
    assert len({(h.finding.turn, h.finding.start, h.finding.category) for h in hints[:-1]}) == total
    assert hints[-1].finding is None and "No quedan pistas" in hints[-1]._repr_html_()
    assert f"Quedan {total - 1} pistas" in hints[0]._repr_html_()


def test_pick_filters_by_goal_difficulty_and_language_and_explains_when_nothing_matches():
    ex = Exercise.pick(goal="empathy", difficulty="hard", language="en")
    meta = ex.transcript.metadata
    assert "empathy" in meta["goals"] and meta["difficulty"] == "hard" and ex.transcript.language == "en"
    assert ex.ui == "en" and "Targets:" in ex._repr_html_()
    with pytest.raises(WorkshopError) as error:
        Exercise.pick(goal="juggling")
    assert "juggling" in error.value.message("es")


def test_model_comparison_has_three_columns_and_the_rationale():
    ex = Exercise.pick(language="es")
    frame = ex.model().frame()
    assert list(frame.columns) == ["Original", "Su reescritura", "Reescritura modelo"]
    assert (frame["Original"] == frame["Su reescritura"]).all()
    html = ex.model()._repr_html_()
    why = ex.transcript.metadata["model_rewrite"][0]["why"]
    assert why.replace("«", "").split()[0] in html and "<ins" in html


def test_progress_survives_new_connections_and_keeps_learners_apart(tmp_path):
    ex = Exercise.of(workshop.load(CASE))
    ex.save("Ana", folder=tmp_path)
    ex.state.type_text(0, "Buenos días. Su pedido llega el lunes.")
    ex.save("  Ana  ", folder=tmp_path)
    Exercise.of(workshop.load(CASE)).save("Luis", folder=tmp_path)
    ana = progress("Ana", folder=tmp_path)
    assert list(ana["words_saved"]) == [0, 6] and list(ana["learner"]) == ["Ana", "Ana"]
    assert len(progress(folder=tmp_path)) == 3
    db = sqlite3.connect(tmp_path / "sessions.sqlite3")  # progress lives in the sessions store (schema 2)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("SELECT count(*) FROM attempts").fetchone()[0] == 3
    assert not (tmp_path / "progress.sqlite3").exists()
    assert plot_progress(ana, "en").axes[0].get_xlabel() == "Attempt"
    with pytest.raises(WorkshopError):
        ex.save("   ", folder=tmp_path)


def test_the_app_can_show_an_exercise_in_progress():
    ex = Exercise.of(workshop.load(CASE))
    ex.state.type_text(0, "Buenos días.")
    app = WorkshopApp(state=ex.state, typing_pause=None)
    assert app.rewrite.editors[0].editor.value == "Buenos días."
    app.rewrite.editors[2].editor.value = "Entiendo. ¿Qué le vendría mejor?"
    assert ex.state.rewrite[2] == "Entiendo. ¿Qué le vendría mejor?"
