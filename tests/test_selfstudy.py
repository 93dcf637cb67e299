"""The self-study page as widgets: nothing revealed or saved before Check, Check re-checks, progress per learner."""
from __future__ import annotations

import pytest

from workshop.app.selfstudy import SelfStudyPane, exercises
from workshop.library import load_library
from workshop.sessions import SessionStore


@pytest.fixture()
def pane(tmp_path):
    return SelfStudyPane(ui="es", store=lambda: SessionStore(tmp_path), typing_pause=None)


def saved(tmp_path, learner=None):
    store = SessionStore(tmp_path)
    try:
        return store.attempts(learner)
    finally:
        store.close()


def agent_turn(pane) -> int:
    return next(i for i, t in enumerate(pane.state.transcript.turns) if t.role == "agent")


def test_nothing_is_shown_or_saved_when_the_page_loads(pane, tmp_path):
    assert pane.state.transcript is not None and pane.state.transcript.language == "es"
    assert pane.hint_box.value == "" and pane.result.value == "" and pane.model_box.value == ""
    assert pane.model_button.disabled
    assert saved(tmp_path) == []


def test_the_model_rewrite_waits_for_a_first_check(pane):
    pane.show_model()
    assert pane.model_box.value == ""
    pane.name.value = "Ana"
    pane.check()
    assert not pane.model_button.disabled
    pane.show_model()
    assert "rw-diff" in pane.model_box.value


def test_every_check_rechecks_the_rewrite_as_it_is_now_and_saves_an_attempt(pane, tmp_path):
    pane.name.value = "  Ana   López "
    pane.check()
    first = pane.result.value
    turn = agent_turn(pane)
    pane.state.type_text(turn, "Gracias.")
    pane.check()
    assert pane.result.value != first
    rows = saved(tmp_path, "Ana López")
    assert len(rows) == 2 and rows[0]["words_after"] > rows[1]["words_after"]
    assert pane.progress_box.value.count("<tr>") == 3  # the header and two attempts
    assert "<svg" in pane.progress_box.value


def test_a_check_without_a_name_checks_but_saves_nothing_and_says_why(pane, tmp_path):
    pane.check()
    assert "rw-check" in pane.result.value
    assert saved(tmp_path) == []
    assert pane.state.alert["text"] == "Escriba su nombre para guardar el progreso."
    pane.name.value = "Ana"
    pane.check()
    assert pane.state.alert == {} and len(saved(tmp_path)) == 1


def test_hints_come_one_at_a_time(pane):
    pane.next_hint()
    assert pane.hint_box.value.count('class="rw-hint"') == 1
    pane.next_hint()
    assert pane.hint_box.value.count('class="rw-hint"') == 2
    assert pane.result.value == ""  # a hint is not a check


def test_another_exercise_starts_fresh(pane):
    pane.next_hint()
    pane.check()
    other = next(v for _, v in pane.choice.options if v != pane.choice.value)
    pane.choice.value = other
    assert pane.state.transcript is pane.items[other]
    assert pane.hint_box.value == "" and pane.result.value == "" and pane.model_button.disabled


def test_the_page_speaks_the_ui_language_and_marks_without_emoji(pane):
    pane.name.value = "Ana"
    pane.check()
    assert "Comprobar" == pane.check_button.description
    pane.state.ui = "en"
    assert pane.check_button.description == "Check" and "Self-study" in pane.title.value
    assert "Targets met" in pane.progress_box.value
    assert "✅" not in pane.result.value + pane.progress_box.value and "❌" not in pane.result.value
    assert pane.items[pane.choice.options[0][1]].language == "en"  # the UI language's exercises first


def test_exercises_are_the_transcripts_with_a_model_rewrite_easiest_first():
    library = load_library(())
    items = exercises(library)
    assert items and all(t.model_rewrite() is not None for t in items)
    spanish = [t.metadata["difficulty"] for t in items if t.language == "es"]
    assert spanish == sorted(spanish, key=["easy", "medium", "hard"].index)


def test_the_name_the_browser_remembers_fills_the_field_and_shows_that_progress(pane):
    pane.name.value = "Ana"
    pane.check()
    pane.name.value = ""
    assert "Escriba su nombre" in pane.progress_box.value
    pane.memory.name = "Ana"  # what the browser's localStorage sends back on the next visit
    assert pane.name.value == "Ana" and pane.progress_box.value.count("<tr>") == 2
