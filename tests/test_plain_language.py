"""Plain-language rules an agent's reply should pass (issue 12), and the context that keeps look-alikes clean.

Each rule is tried on several sentences an agent could say or write (phone, chat, email) and on
look-alikes that must stay clean; none are the peer suites' sentences.
"""
from __future__ import annotations

import textwrap

import pytest

import workshop


def found(text: str, lang: str, category: str | None = None, rules=()) -> list[str]:
    speaker = "Agente" if lang == "es" else "Agent"
    result = workshop.analyze(workshop.load([{"speaker": speaker, "text": text}], lang=lang), rules=rules)
    return [f.text for f in result.findings if category is None or f.category == category]


def pack(tmp_path, lang, body):
    path = tmp_path / "equipo.yaml"
    path.write_text(f"language: {lang}\nextends: default\n" + textwrap.dedent(body), encoding="utf-8")
    return path


# ---------------------------------------------------------------- the words next to a phrase

@pytest.mark.parametrize("text, expected", [
    ("A nivel de facturación no veo ningún cargo.", ["A nivel de"]),
    ("La antena está a nivel de 300 metros del edificio.", []),      # a real level: a number follows
    ("El depósito está a nivel de cinco metros bajo la calle.", []),
])
def test_a_number_after_a_phrase_can_keep_it_clean(text, expected):
    assert found(text, "es", "wordy") == expected


@pytest.mark.parametrize("text, expected", [
    ("Con el plan nuevo le va a ir más mejor.", ["más mejor"]),
    ("Cuanto más mejor, así le cubre los dos meses.", []),
    ("Mientras más mejor, ¿le agrego otra línea?", []),
])
def test_a_word_before_a_phrase_can_keep_it_clean(text, expected):
    assert [t.lower() for t in found(text, "es", "redundancy")] == expected


def test_a_trainer_pack_can_say_which_neighbours_keep_a_phrase_clean(tmp_path):
    rules = [pack(tmp_path, "en", """
        wordy:
          - phrase: a couple of
            suggest: [two]
            not_after: [just]
            not_before: ["{num}"]
    """)]
    assert found("I'll need a couple of minutes.", "en", "wordy", rules) == ["a couple of"]
    assert found("I'll need just a couple of minutes.", "en", "wordy", rules) == []
    assert found("It takes a couple of 5 minute steps.", "en", "wordy", rules) == []


@pytest.mark.parametrize("text, lang", [
    ("So?", "en"),
    ("Well? Did the light come back on?", "en"),
    ("¿Bueno? Sí, le escucho.", "es"),
])
def test_an_isolated_filler_that_is_a_whole_question_is_no_crutch(text, lang):
    assert found(text, lang, "filler") == []


def test_the_same_filler_in_a_sentence_still_counts():
    assert found("So, um, the refund is on its way.", "en", "filler")[:1] == ["So"]


# ---------------------------------------------------------------- blame needs someone to blame

@pytest.mark.parametrize("text", [
    "Debería haber llegado antes, le pido disculpas.",     # the parcel, not the customer
    "Su pedido debería haber llegado ayer.",
    "Tenía que haber salido del almacén el lunes.",
])
def test_an_expectation_that_failed_is_not_blame(text):
    assert found(text, "es", "negative") == []


@pytest.mark.parametrize("text, expected", [
    ("Usted debería haber marcado la casilla.", "Usted debería haber marcado"),
    ("Debería habernos avisado antes del viaje.", "Debería habernos avisado"),
    ("Tendría que habérmelo dicho al principio.", "Tendría que habérmelo dicho"),
])
def test_blame_with_a_subject_or_done_to_us_is_still_found(text, expected):
    assert expected in found(text, "es", "negative")
