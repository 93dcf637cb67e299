"""Undo and redo by step: the History class and WorkshopState's use of it, headless."""
import workshop
from workshop.history import History
from workshop.rewrite import remove_fillers
from workshop.state import WorkshopState


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_a_burst_of_typing_is_one_step_and_a_pause_starts_another():
    clock = Clock()
    h = History(pause=1.0, clock=clock)
    h.record({}, ("type", 0))
    clock.now = 0.4
    h.record({0: "a"}, ("type", 0))
    clock.now = 0.8
    h.record({0: "ab"}, ("type", 0))
    clock.now = 2.5  # a pause: a new step
    h.record({0: "abc"}, ("type", 0))
    assert h.undo({0: "abcd"}) == {0: "abc"}
    assert h.undo({0: "abc"}) == {}
    assert h.undo({}) is None


def test_typing_in_another_turn_or_after_an_apply_is_a_new_step():
    clock = Clock()
    h = History(clock=clock)
    h.record({}, ("type", 0))
    h.record({0: "a"}, ("type", 2))
    h.record({0: "a", 2: "b"}, ("apply", 2, 0))
    h.record({0: "a", 2: "c"}, ("type", 2))
    assert h.undo({0: "a", 2: "cd"}) == {0: "a", 2: "c"}
    assert h.undo({0: "a", 2: "c"}) == {0: "a", 2: "b"}
    assert h.undo({0: "a", 2: "b"}) == {0: "a"}  # older typing in turn 0 survives


def test_redo_puts_back_what_undo_took_and_a_new_change_clears_it():
    h = History(clock=Clock())
    h.record({}, ("apply", 0, 3))
    assert h.undo({0: "x"}) == {} and h.can_redo
    assert h.redo({}) == {0: "x"} and not h.can_redo
    assert h.undo({0: "x"}) == {}
    h.record({}, ("reset", 0))
    assert not h.can_redo and h.redo({}) is None


def test_the_history_keeps_at_most_its_limit():
    h = History(limit=3, clock=Clock())
    for k in range(5):
        h.record({0: str(k)}, ("apply", 0, k))
    undone = []
    while (s := h.undo({})) is not None:
        undone.append(s)
    assert undone == [{0: "4"}, {0: "3"}, {0: "2"}]


def _state(text="Agente: Este, le explico, eh, que sí.\nCliente: Vale.\nAgente: Pues, bueno, le cuento que sí.") -> WorkshopState:
    state = WorkshopState(ui="es")
    state.load(workshop.load(text))
    return state


def test_state_undo_after_a_pause_keeps_the_earlier_burst(monkeypatch):
    clock = Clock()
    state = _state()
    state._history.clock = clock
    original = state.turn_text(0)
    state.type_text(0, original + " A")
    clock.now = 0.3
    state.type_text(0, original + " AB")
    clock.now = 3.0
    state.type_text(0, original + " AB C")
    assert state.undo() and state.turn_text(0) == original + " AB"
    assert state.redo() and state.turn_text(0) == original + " AB C"
    assert state.undo() and state.undo() and state.turn_text(0) == original
    assert not state.undo() and state.alert["kind"] == "info"
    assert state.redo() and state.turn_text(0) == original + " AB"


def test_remove_fillers_in_one_turn_is_one_step():
    state = _state()
    before = state.turn_text(0)
    assert any(f.category == "filler" for f in state.findings_for(0))
    assert state.remove_fillers(0) == 1
    assert not any(f.category == "filler" for f in state.findings_for(0))
    assert state.turn_text(2) == state.transcript.turns[2].text  # the other turn is untouched
    assert state.undo() and state.turn_text(0) == before


def test_remove_all_fillers_covers_every_agent_turn_as_one_step():
    state = _state()
    assert state.remove_fillers() == 2
    assert not any(f.category == "filler" for i in (0, 2) for f in state.findings_for(i))
    assert state.undo() and state.rewrite == {}
    assert state.remove_fillers() == 2 and state.remove_fillers() == 0 and state.alert["kind"] == "info"


def test_remove_fillers_keeps_the_sentence_tidy():
    state = _state()
    findings = state.original_analysis.findings
    text = remove_fillers(state.turn_text(0), [f for f in findings if f.turn == 0])
    assert ",," not in text and "  " not in text and text[:1].isupper()
