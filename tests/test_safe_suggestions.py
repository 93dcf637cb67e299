"""Issue 12: applying any one-click suggestion leaves well-formed text and fixes only what it says."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

import workshop
from workshop.rewrite import apply_fix, fixes, is_pattern, patterns

LIBRARY = sorted((Path(workshop.__file__).parent / "data" / "transcripts").glob("*.json"))

# What a careless splice leaves behind: empty brackets or questions, doubled punctuation or spaces,
# a space before a comma or full stop, a lower-case letter right after a full stop.
_BROKEN = re.compile(r"¿\s*\?|¡\s*!|\(\s*\)|,\s*,|,\s*[.?!]|[^\S\n]{2,}|[^\S\n][,.;:](?!\d)|[.?!][^\S\n]+[a-záéíóúñ]")



def _broken(before: str, after: str) -> list[str]:
    """Defects in `after` that `before` did not already have."""
    old = Counter(m.group() for m in _BROKEN.finditer(before))
    new = Counter(m.group() for m in _BROKEN.finditer(after))
    return list((new - old).elements())


def _cases():
    for path in LIBRARY:
        t = workshop.load(str(path))
        for f in workshop.analyze(t).findings:
            for fix in fixes(f):
                yield pytest.param(str(path), f.turn, f.start, f.category, f.text, fix,
                                   id=f"{path.stem}-{f.turn}-{f.start}-{f.category}-{fix or 'remove'}")


CASES = list(_cases())


def test_the_library_offers_one_click_fixes_to_check():
    assert len(CASES) > 50 and {c.values[3] for c in CASES} >= {"filler", "wordy", "formal", "redundancy"}


@pytest.mark.parametrize("path, turn, start, category, text, fix", CASES)
def test_every_suggestion_applies_cleanly(path, turn, start, category, text, fix):
    t = workshop.load(path)
    result = workshop.analyze(t)
    finding = next(f for f in result.findings if (f.turn, f.start, f.category, f.text) == (turn, start, category, text))
    before = t.turns[turn].text
    after = apply_fix(before, finding, fix)
    assert _broken(before, after) == [], (before, after)
    turns = [{"speaker": x.speaker, "text": after if i == turn else x.text} for i, x in enumerate(t.turns)]
    again = workshop.analyze(workshop.load(turns, lang=t.language))
    same_turn = [f for f in again.findings if f.turn == turn]
    # the finding goes away: nothing of its kind is left on the words that replaced it
    spot = (start, start + len(after) - len(before) + len(text))
    assert not [f for f in same_turn if f.category == category and f.start < max(spot[1], spot[0] + 1)
                and spot[0] < f.end and f.id == finding.id], after
    # and the fix brings no new finding of another kind into the turn
    old = Counter(f.category for f in result.findings if f.turn == turn and f.category != category)
    new = Counter(f.category for f in same_turn if f.category != category)
    assert not (new - old), (after, new - old)


@pytest.mark.parametrize("suggestion, expected", [
    ("lo que sí puedo hacer es …", True), ("what we can do now is …", True), ("by + a date", True),
    ("le cuento que", False), ("", False), ("because", False),
])
def test_a_suggestion_with_a_gap_is_a_pattern_not_a_one_click_fix(suggestion, expected):
    assert is_pattern(suggestion) is expected


@pytest.mark.parametrize("text, lang", [("Usted debió llamar antes.", "es"), ("You should have called us first.", "en")])
def test_blame_reframes_are_offered_as_patterns_only(text, lang):
    f = next(f for f in workshop.analyze(workshop.load([{"speaker": "Agent", "text": text}], lang=lang)).findings
             if f.category == "negative")
    assert patterns(f) and all(is_pattern(p) for p in patterns(f)) and not any(is_pattern(x) for x in fixes(f))


@pytest.mark.parametrize("text, lang, tag, expected", [
    ("Agente: Le llega mañana, ¿vale?", "es", "vale", "Le llega mañana."),
    ("Agent: It arrives tomorrow (okay) and you pay nothing.", "en", "okay", "It arrives tomorrow and you pay nothing."),
])
def test_removing_a_tag_question_removes_its_punctuation(text, lang, tag, expected):
    from workshop.engine.doc import Finding
    body = text.split(": ", 1)[1]
    start = body.index(tag)
    f = Finding(category="filler", turn=0, start=start, end=start + len(tag), text=tag, message="")
    assert apply_fix(body, f, "") == expected


def test_an_empathy_opener_replaces_a_bare_acknowledgement():
    t = workshop.load([{"speaker": "Cliente", "text": "Estoy harto, es la tercera vez que llamo."},
                       {"speaker": "Agente", "text": "Vale. ¿Me da su número de cliente?"}], lang="es")
    f = next(f for f in workshop.analyze(t).findings if f.category == "missing-empathy")
    assert f.text == "Vale." and f.suggestions and not any(s.endswith("Vale.") for s in f.suggestions)


@pytest.mark.parametrize("text, category, expected", [
    ("Si repites otra vez el pago, te cobran dos veces.", "redundancy", "repites"),  # not the entry's "repito"
    ("Te informo que la línea ya quedó activa.", "formal", "Te cuento que"),  # tú stays tú
    ("Le informo que la línea ya quedó activa.", "formal", "le cuento que"),
])
def test_a_suggestion_keeps_the_person_the_agent_used(text, category, expected):
    f = next(f for f in workshop.analyze(workshop.load([{"speaker": "Agente", "text": text}], lang="es")).findings
             if f.category == category)
    assert f.suggestions[0] == expected
