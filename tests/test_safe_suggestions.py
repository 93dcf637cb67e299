"""Applying any one-click suggestion leaves well-formed text and removes its finding (issue 12).

Every suggestion of every library transcript is applied one at a time to its
turn; a suggestion with a gap ("lo que sí puedo hacer es …") is a pattern the
agent completes, not a one-click fix, and is left out.
"""
from __future__ import annotations

import re
from collections import Counter

import pytest

import workshop
from workshop.rewrite import apply_fix, fixes

GAP = "…"
BROKEN = [
    (re.compile(r"¿\s*\?|¡\s*!|\(\s*\)"), "an empty question, exclamation or bracket"),
    (re.compile(r",\s*,|;\s*;|,\s*[.?!]"), "a doubled or dangling comma"),
    (re.compile(r"(?<=\S) {2,}(?=\S)"), "a doubled space"),
    (re.compile(r"^\s*[,;:.]"), "punctuation opening the text"),
]


def cases():
    for t in workshop.samples():
        result = workshop.analyze(t)
        for f in result.findings:
            for fix in fixes(f):
                if GAP not in fix:
                    yield pytest.param(t, f, fix, id=f"{t.source.rsplit('/', 1)[-1]}-{f.turn}-{f.start}-{f.id}-{fix!r}")


CASES = list(cases())


def test_the_library_offers_one_click_fixes_in_both_languages():
    langs = Counter(t.language for t, _f, _fix in (c.values for c in CASES))
    assert langs["es"] > 20 and langs["en"] > 20


@pytest.mark.parametrize("t, finding, fix", CASES)
def test_each_suggestion_is_safe(t, finding, fix):
    text = t.turns[finding.turn].text
    fixed = apply_fix(text, finding, fix)
    for pattern, problem in BROKEN:
        if not pattern.search(text):  # only what the fix introduced
            assert not pattern.search(fixed), f"{problem}: {fixed!r}"
    if text[:1].isupper():
        assert not fixed[:1].islower(), f"the turn lost its capital: {fixed!r}"
    before = workshop.analyze(t).findings
    after = workshop.analyze(t.with_texts({finding.turn: fixed})).findings
    same_turn = lambda fs: [f for f in fs if f.turn == finding.turn]
    # the finding goes away
    assert not any(f.id == finding.id and f.start == finding.start and f.text == finding.text
                   for f in same_turn(after)), f"{finding.text!r} still flagged in {fixed!r}"
    # and no other category appears because of the fix
    grew = Counter(f.category for f in same_turn(after)) - Counter(f.category for f in same_turn(before))
    grew.pop(finding.category, None)
    grew.pop("long-sentence", None) if finding.category == "long-sentence" else None
    assert not grew, f"the fix {fix!r} brought {dict(grew)} into {fixed!r}"


@pytest.mark.parametrize("text, lang, expected", [
    ("Tarda un día, ¿vale? Y luego le llamo.", "es", "Tarda un día. Y luego le llamo."),
    ("Um, the parcel left today.", "en", "The parcel left today."),
    ("Eh, le cuento lo que pasa.", "es", "Le cuento lo que pasa."),
])
def test_removing_a_tag_question_or_opening_filler_removes_its_punctuation(text, lang, expected):
    t = workshop.load([{"speaker": "Agente" if lang == "es" else "Agent", "text": text}], lang=lang)
    f = next(f for f in workshop.analyze(t).findings if f.category == "filler")
    assert apply_fix(text, f, "") == expected


def test_an_empathy_opener_replaces_a_bare_acknowledgement():
    t = workshop.load([{"speaker": "Cliente", "text": "Estoy harto, es la tercera vez que llamo."},
                       {"speaker": "Agente", "text": "Vale. ¿Me da su número de cliente?"}], lang="es")
    f = next(f for f in workshop.analyze(t).findings if f.category == "missing-empathy")
    assert f.text == "Vale." and f.suggestions and not any(s.endswith("Vale.") for s in f.suggestions)
