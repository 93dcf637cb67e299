"""Each detector on hand-written turns: what it must catch and what it must leave alone."""
import pytest

import workshop


def found(text, lang, category=None, customer=None, speakers="agent"):
    """Findings of one agent turn (optionally after a customer turn), as (category, text) pairs."""
    turns = []
    if customer is not None:
        turns.append({"speaker": "Cliente" if lang == "es" else "Customer", "text": customer})
    turns.append({"speaker": "Agente" if lang == "es" else "Agent", "text": text})
    result = workshop.analyze(workshop.load(turns, lang=lang), speakers=speakers)
    pairs = [(f.category, f.text) for f in result.findings]
    return [p for p in pairs if category is None or p[0] == category]


def texts(text, lang, category, **kw):
    return [t for _, t in found(text, lang, category, **kw)]


# ---------------------------------------------------------------- fillers

@pytest.mark.parametrize("text, lang, expected", [
    ("Sí, este, le explico cómo va.", "es", ["este"]),
    ("Eh, o sea, el pedido sale hoy.", "es", ["Eh", "o sea"]),
    ("Bueno, le cuento lo que pasa.", "es", ["Bueno"]),
    ("It's, like, broken at the hinge.", "en", ["like"]),
    ("Um, so, you know, the box is here.", "en", ["Um", "so", "you know"]),
    ("And, basically, we ship it today.", "en", ["basically"]),
])
def test_filler_found(text, lang, expected):
    assert texts(text, lang, "filler") == expected


@pytest.mark.parametrize("text, lang", [
    ("Este pedido sale mañana por la tarde.", "es"),
    ("Le mando este correo con el enlace.", "es"),
    ("El servicio es bueno y rápido.", "es"),
    ("I'd like a refund for the order.", "en"),
    ("Do you know your account number?", "en"),
    ("It works like a charm now.", "en"),
])
def test_filler_context_trap_not_flagged(text, lang):
    assert texts(text, lang, "filler") == []


def test_filler_matches_case_and_accents():
    assert texts("EH, le llamo por lo del router.", "es", "filler") == ["EH"]


# ---------------------------------------------------------------- repetition

def test_repeated_content_phrase_across_turns_of_same_speaker():
    t = workshop.load([
        {"speaker": "Agente", "text": "Necesito su número de cliente."},
        {"speaker": "Cliente", "text": "Un momento."},
        {"speaker": "Agente", "text": "Con el número de cliente lo busco."},
    ], lang="es")
    reps = [(f.turn, f.text) for f in workshop.analyze(t).findings if f.category == "repetition"]
    assert reps == [(2, "número de cliente")]


def test_repetition_ignores_other_speaker():
    t = workshop.load([
        {"speaker": "Cliente", "text": "Quiero cancelar la suscripción mensual."},
        {"speaker": "Agente", "text": "Vamos a cancelar la suscripción mensual ahora."},
    ], lang="es")
    assert [f for f in workshop.analyze(t).findings if f.category == "repetition"] == []


@pytest.mark.parametrize("text, lang, expected", [
    ("Le envío el el formulario ahora.", "es", ["el el"]),
    ("I I will send the form now.", "en", ["I I"]),
])
def test_stammer_found(text, lang, expected):
    assert texts(text, lang, "repetition") == expected


@pytest.mark.parametrize("text, lang", [
    ("No, no, no pasa nada, lo arreglo yo.", "es"),
    ("I know that that is frustrating to hear.", "en"),
])
def test_stammer_allowed_words(text, lang):
    assert texts(text, lang, "repetition") == []


def test_stammer_suggests_single_word():
    result = workshop.analyze(workshop.load([{"speaker": "Agent", "text": "We we can fix it."}], lang="en"))
    stammer = [f for f in result.findings if f.category == "repetition"]
    assert stammer[0].suggestions == ("We",)


# ---------------------------------------------------------------- lexicon categories

@pytest.mark.parametrize("text, lang, category, phrase, suggestion", [
    ("Tiene que subir arriba al segundo piso.", "es", "redundancy", "subir arriba", "subir"),
    ("Le regalamos un regalo gratis con el pedido.", "es", "redundancy", "regalo gratis", "regalo"),
    ("You get a free gift with the order.", "en", "redundancy", "free gift", "gift"),
    ("Lo revisamos a nivel de factura.", "es", "wordy", "a nivel de", "en"),
    ("It was late due to the fact that it rained.", "en", "wordy", "due to the fact that", "because"),
    ("Le informo que su pedido ha salido.", "es", "formal", "Le informo que", ""),
    ("Please be advised that the store is closed.", "en", "formal", "Please be advised that", ""),
    ("Usted debió llamar antes.", "es", "negative", "Usted debió llamar", None),
    ("There's nothing I can do about the fee.", "en", "negative", "There's nothing I can do", None),
    ("Tardará aproximadamente dos días.", "es", "complex-word", "aproximadamente", None),
    ("We will utilize the new address.", "en", "complex-word", "utilize", "use"),
])
def test_lexicon_phrase_found_with_suggestion(text, lang, category, phrase, suggestion):
    result = workshop.analyze(workshop.load([{"speaker": "Agent", "text": text}], lang=lang))
    hits = [f for f in result.findings if f.category == category]
    assert [f.text for f in hits] == [phrase]
    assert hits[0].suggestions, "every lexicon finding of this category offers an alternative"
    if suggestion is not None:
        assert suggestion in hits[0].suggestions


def test_stemmed_phrase_matches_other_endings():
    # "subir arriba" in the pack also catches the past tense.
    assert texts("Ayer subió arriba sin avisar.", "es", "redundancy") == ["subió arriba"]


def test_phrase_does_not_match_across_punctuation():
    assert texts("Hay que subir. Arriba está la oficina.", "es", "redundancy") == []


@pytest.mark.parametrize("text, lang, category", [
    ("Su pedido llega mañana antes de las diez.", "es", "wordy"),
    ("Your parcel arrives tomorrow before ten.", "en", "wordy"),
    ("Gracias por llamar, le ayudo con mucho gusto.", "es", "formal"),
    ("Here is what I can do for you today.", "en", "negative"),
])
def test_clean_sentences_have_no_lexicon_findings(text, lang, category):
    assert texts(text, lang, category) == []


def test_customer_turns_not_analysed_by_default_but_can_be():
    t = workshop.load([{"speaker": "Cliente", "text": "O sea, a nivel de factura no entiendo nada."}], lang="es")
    assert workshop.analyze(t).findings == []
    every = {f.category for f in workshop.analyze(t, speakers="all").findings}
    assert {"filler", "wordy"} <= every


# ---------------------------------------------------------------- long sentences

def test_long_sentence_over_threshold():
    words_26 = " ".join(["palabra"] * 25) + " final."
    words_25 = " ".join(["palabra"] * 24) + " final."
    assert len(texts(words_26, "es", "long-sentence")) == 1
    assert texts(words_25, "es", "long-sentence") == []


def test_long_sentence_threshold_is_a_setting():
    text = "We will check the meter and send you a corrected bill next week."  # 13 words
    t = workshop.load([{"speaker": "Agent", "text": text}], lang="en")
    assert [f for f in workshop.analyze(t).findings if f.category == "long-sentence"] == []
    short = workshop.analyze(t, long_sentence_words=10).findings
    assert [f.text for f in short if f.category == "long-sentence"] == [text]


# ---------------------------------------------------------------- questions

def test_string_of_closed_questions_spanish():
    text = "¿Tiene el router encendido? ¿Ha probado a reiniciarlo? ¿Las luces están en verde?"
    result = workshop.analyze(workshop.load([{"speaker": "Agente", "text": text}], lang="es"))
    closed = [f for f in result.findings if f.category == "closed-question"]
    assert [f.text for f in closed] == ["¿Tiene el router encendido?", "¿Ha probado a reiniciarlo?",
                                        "¿Las luces están en verde?"]
    assert {f.severity for f in closed} == {"medium"}
    assert "3" in closed[0].message


def test_open_question_breaks_the_string_and_is_not_flagged():
    text = "¿Qué luces ve en el router? ¿Cómo se conecta normalmente?"
    assert texts(text, "es", "closed-question") == []


def test_single_closed_question_is_low_severity():
    result = workshop.analyze(workshop.load([{"speaker": "Agent", "text": "Okay. Did you get the email?"}], lang="en"))
    closed = [f for f in result.findings if f.category == "closed-question"]
    assert [(f.text, f.severity) for f in closed] == [("Did you get the email?", "low")]


def test_spanish_question_judged_from_inverted_mark():
    # The lead-in before ¿ is not part of the question; "cómo" after "y" makes it open.
    assert texts("Perfecto, ¿y cómo lo paga normalmente?", "es", "closed-question") == []
    assert texts("Perfecto, ¿tiene su DNI a mano?", "es", "closed-question") == ["¿tiene su DNI a mano?"]
    # a request in question form is not a yes/no probe (issue 12)
    assert texts("Perfecto, ¿me confirma su DNI?", "es", "closed-question") == []


def test_english_open_question_after_lead_in():
    assert texts("Okay, so what happened when you plugged it in?", "en", "closed-question") == []


# ---------------------------------------------------------------- empathy

def test_missing_empathy_spans_first_sentence_of_reply():
    reply = "Necesito su número de cliente. Luego lo miro."
    hits = found(reply, "es", "missing-empathy", customer="Estoy harto, ya es la tercera vez que llamo.")
    assert hits == [("missing-empathy", "Necesito su número de cliente.")]


def test_missing_empathy_suggestion_keeps_the_sentence():
    t = workshop.load([
        {"speaker": "Customer", "text": "I'm really worried about this bill."},
        {"speaker": "Agent", "text": "Give me your account number."},
    ], lang="en")
    f = [f for f in workshop.analyze(t).findings if f.category == "missing-empathy"][0]
    assert f.suggestions and all(s.endswith("Give me your account number.") for s in f.suggestions)
    assert "worr" in f.message


def test_empathy_present_means_no_finding():
    assert found("Entiendo su enfado, lo reviso ahora mismo.", "es", "missing-empathy",
                 customer="Es indignante, estoy harto.") == []
    assert found("I'm sorry about that, let me check it now.", "en", "missing-empathy",
                 customer="This is ridiculous, I'm fed up.") == []


def test_no_emotion_no_finding():
    assert found("Dígame su número de cliente.", "es", "missing-empathy",
                 customer="Hola, quería consultar mi factura.") == []


def test_negated_emotion_is_not_a_cue():
    assert found("Dígame su número de cliente.", "es", "missing-empathy",
                 customer="No estoy preocupado, solo quiero saberlo.") == []


def test_negated_empathy_marker_does_not_count():
    hits = found("No entiendo lo que me dice.", "es", "missing-empathy", customer="Estoy harta de esperar.")
    assert [c for c, _ in hits] == ["missing-empathy"]


# ---------------------------------------------------------------- shape of findings

def test_findings_carry_both_languages_of_message():
    t = workshop.load([{"speaker": "Agente", "text": "Eh, le llamo luego."}], lang="es")
    es = workshop.analyze(t, ui="es").findings[0]
    en = workshop.analyze(t, ui="en").findings[0]
    assert es.category == en.category == "filler"
    assert "muletilla" in es.message and "filler" in en.message


def test_offsets_slice_the_turn_text():
    t = workshop.load("data/transcripts/es-telecom-phone-internet-caido.json")
    for f in workshop.analyze(t).findings:
        assert t.turns[f.turn].text[f.start:f.end] == f.text


@pytest.mark.parametrize("text", [
    "Agente: Usted tenía que avisar antes.",
    "Agente: Se procederá a revisar el caso.",
    "Agente: En la mayoría de los casos llega mañana.",
])
def test_phrases_with_accents_match_their_own_written_form(text):
    """Rule phrases and transcript words are stemmed alike, accents included."""
    assert workshop.analyze(text).findings, text


EMAILS = {
    "es": ("Cliente: Estoy harto, es la tercera vez que escribo.\n"
           "Agente: Estimado Sr. Robles:\n\nHemos recibido su consulta sobre la factura de marzo.\n\nUn saludo,\n"
           "Atención al Cliente\nBanco Alcora\n"
           "Cliente: Sigue sin resolverse.\n"
           "Agente: Estimado Sr. Robles:\n\nLa factura de marzo ya está corregida.\n\nUn saludo,\n"
           "Atención al Cliente\nBanco Alcora"),
    "en": ("Customer: This is unacceptable, I am furious.\n"
           "Agent: Dear Ms Adeyemi,\n\nWe have received your query about the March bill.\n\nKind regards,\n"
           "Customer Care Team\nSkyline\n"
           "Customer: Still not fixed.\n"
           "Agent: Dear Ms Adeyemi,\n\nThe March bill is now corrected.\n\nKind regards,\nCustomer Care Team\nSkyline"),
}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_an_emails_salutation_and_signature_are_not_the_message(lang):
    """Signatures repeat in every email by design; empathy belongs after the salutation."""
    t = workshop.load(EMAILS[lang].replace("\n\n", "\n"), lang=lang)
    findings = workshop.analyze(t).findings
    repeated = [f.text for f in findings if f.category == "repetition"]
    assert repeated == [{"es": "factura de marzo", "en": "March bill"}[lang]]  # the body still counts
    empathy = [f for f in findings if f.category == "missing-empathy"]
    assert empathy and empathy[0].text.startswith({"es": "Hemos recibido", "en": "We have received"}[lang])
    assert empathy[0].suggestions[0].endswith(empathy[0].text)


@pytest.mark.parametrize("text, is_open", [
    ("Agent: Thanks for calling Brightleaf, this is Liam, how can I help you today?", True),
    ("Agent: Okay, so what happened next?", True),
    ("Agent: Is the router on, or is it off?", False),
    ("Agente: Buenos días, le atiende Ana, ¿en qué puedo ayudarle?", True),
    ("Agente: Perfecto, ¿tiene a mano su DNI?", False),
])
def test_a_question_in_the_last_clause_is_judged_there(text, is_open):
    a = workshop.analyze(text)
    assert a.metrics.questions == 1 and a.metrics.open_questions == int(is_open)
    assert any(f.category == "closed-question" for f in a.findings) != is_open
