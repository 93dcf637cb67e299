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
    assert found("Necesito su número de cliente, ¿vale? Y luego lo reviso.", "es", "filler") == ["vale"]  # a tag


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


def test_a_phrase_can_need_a_word_before_it_compared_by_lemma(tmp_path):
    rules = [pack(tmp_path, "en", """
        redundancy:
          - phrase: up
            after: [finish, wrap]
            suggest: [""]
    """)]
    assert found("Let me wrap up the call.", "en", "redundancy", rules) == ["up"]
    assert found("We wrapped up your order.", "en", "redundancy", rules) == ["up"]      # "wrapped" is "wrap"
    assert found("Please hold up the receipt.", "en", "redundancy", rules) == []
    assert found("Up, then left, on the menu.", "en", "redundancy", rules) == []         # no word before


# ---------------------------------------------------------------- Spanish: pleonasms with transitive verbs

@pytest.mark.parametrize("text, expected", [
    ("Meta adentro el cable hasta que haga clic.", "Meta adentro"),
    ("Ya metimos adentro la solicitud de baja.", "metimos adentro"),
    ("Hay que sacar afuera el módem para que tenga señal.", "sacar afuera"),
    ("Sacamos para afuera el medidor viejo.", "Sacamos para afuera"),
    ("Le vuelvo a reiterar que el cargo es correcto.", "vuelvo a reiterar"),
    ("Como ya le volvimos a reiterar por correo, el plazo es de diez días.", "volvimos a reiterar"),
    ("El titular tiene que ser más mayor que el beneficiario.", "más mayor que"),
    ("Es el más mayor de los tres titulares.", "más mayor de"),
    ("Su hija es más menor que el titular, así que no puede firmar.", "más menor"),
])
def test_spanish_pleonasms_in_any_person(text, expected):
    assert expected in found(text, "es", "redundancy")


@pytest.mark.parametrize("text", [
    "Meta el cable adentro del enchufe.",
    "El técnico ya está adentro, en la sala de máquinas.",
    "Puede sacar la tarjeta; el cajero está afuera.",
    "Le reitero que el cargo es correcto.",
    "Vuelva a intentarlo en cinco minutos.",
    "Su madre ya está más mayor, lo entiendo.",
    "El titular es mayor que el beneficiario.",
    "Está más mayor de lo que parece en la foto del documento.",
])
def test_spanish_look_alikes_are_no_pleonasm(text):
    assert found(text, "es", "redundancy") == []


# ---------------------------------------------------------------- Spanish: letter formulas and jargon

@pytest.mark.parametrize("text, category, expected", [
    ("Tenemos el agrado de comunicarle que su préstamo fue aprobado.", "formal", "Tenemos el agrado de"),
    ("Tengo el agrado de dirigirme a usted por su reclamo.", "formal", "Tengo el agrado de dirigirme a usted"),
    ("La documentación obra en nuestro poder desde el lunes.", "formal", "obra en nuestro poder"),
    ("Los comprobantes obran en mi poder.", "formal", "obran en mi poder"),
    ("Si lo prefiere, puede elevar una consulta al área comercial.", "formal", "elevar una consulta"),
    ("Vamos a elevar un reclamo a la distribuidora.", "formal", "elevar un reclamo"),
    ("Su cuenta está en mora desde marzo.", "complex-word", "en mora"),
    ("Con esta mora no podemos refinanciar.", "complex-word", "esta mora"),
    ("El prestatario tiene que firmar las dos hojas.", "complex-word", "prestatario"),
    ("Las estipulaciones del contrato no lo permiten.", "complex-word", "estipulaciones"),
    ("El cambio de titular complejizó la devolución.", "complex-word", "complejizó"),
    ("Si rescinde el contrato antes de un año hay penalización.", "complex-word", "rescinde"),
    ("Le pedimos la factura a fin de verificar el cobro.", "wordy", "a fin de"),
    ("Con motivo de la actualización, la app no funcionará el domingo.", "wordy", "Con motivo de"),
])
def test_spanish_office_language_is_found(text, category, expected):
    assert expected in found(text, "es", category)


@pytest.mark.parametrize("text", [
    "Con gusto le ayudo con el préstamo.",
    "Ya tenemos la documentación desde el lunes.",
    "Elevamos el límite de su tarjeta a 500 euros.",
    "Le quedan sin intereses de mora.",
    "La señora Mora ya firmó el acuerdo.",
    "Las condiciones del contrato no lo permiten.",
    "El cargo le aparece a fin de mes.",
    "¿Cuál es el motivo de la baja?",
])
def test_spanish_plain_sentences_stay_clean(text):
    flagged = [t for c in ("wordy", "formal", "complex-word", "redundancy") for t in found(text, "es", c)]
    assert flagged == []


# ---------------------------------------------------------------- English: plain words for office English

@pytest.mark.parametrize("text, category, expected", [
    ("We've had a number of calls about the outage today.", "wordy", "a number of"),
    ("I've attached the documents pertaining to your claim.", "wordy", "pertaining to"),
    ("I'm calling in regards to the claim you opened.", "wordy", "in regards to"),
    ("As a matter of fact, the part shipped this morning.", "wordy", "As a matter of fact"),
    ("We keep an adequate number of loan phones in store.", "wordy", "an adequate number of"),
    ("Out of an abundance of caution we've blocked the card.", "wordy", "Out of an abundance of caution"),
    ("I know our service left much to be desired last month.", "wordy", "left much to be desired"),
    ("Be advised that the store closes at six.", "formal", "Be advised that"),
    ("I hope the new date meets with your approval.", "formal", "meets with your approval"),
    ("I'll circle back with you tomorrow once billing replies.", "formal", "circle back"),
    ("The bank answered in the affirmative.", "formal", "in the affirmative"),
    ("We can accede to your request for a new date.", "formal", "accede to"),
    ("I'll be with you momentarily.", "complex-word", "momentarily"),
    ("Customers impacted by the outage get a credit.", "complex-word", "impacted"),
    ("You can leverage the app to pay your bill.", "complex-word", "leverage"),
    ("It's not a fault per se, more a setting.", "complex-word", "per se"),
    ("You'll get a pro rata refund for the unused days.", "complex-word", "pro rata"),
])
def test_english_office_language_is_found(text, category, expected):
    assert expected in found(text, "en", category)


@pytest.mark.parametrize("text, expected", [
    ("We merged together your two accounts.", "together"),
    ("I'll bundle together the TV and broadband.", "together"),
    ("The new router is square in shape.", "in shape"),
    ("The replacement unit is smaller in size.", "in size"),
    ("The fault is intermittent in nature, so it may come and go.", "in nature"),
    ("It helps to pre-plan the install day.", "pre-plan"),
])
def test_english_structural_redundancy_flags_the_repeating_words(text, expected):
    assert found(text, "en", "redundancy") == [expected]


@pytest.mark.parametrize("text", [
    "Could you read me the number of the card?",
    "Give my regards to your team.",
    "You'll be advised by text when it ships.",
    "We can meet with your installer on Monday.",
    "Your balance is in the negative, so the card is paused.",
    "The service was momentarily unavailable.",
    "The line went down momentarily.",
    "The outage had a big impact on your area.",
    "Let's go through it together.",
    "Put the two cables together and plug them in.",
    "The parcel arrived in good shape.",
    "The increase in size is from the photos.",
])
def test_english_look_alikes_stay_clean(text):
    flagged = [t for c in ("wordy", "formal", "complex-word", "redundancy") for t in found(text, "en", c)]
    assert flagged == []
