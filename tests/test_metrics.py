"""Metrics against values worked out by hand (see each test's arithmetic)."""
import math

import pytest

import workshop
from workshop.engine.metrics import mattr
from workshop.engine.readability import fernandez_huerta, flesch_reading_ease, szigriszt_pazos


def one(speaker, text, lang):
    return workshop.load([{"speaker": speaker, "text": text}], lang=lang)


def test_spanish_readability_by_hand():
    # "El pedido llega mañana." 4 words, 1 sentence, el(1) pe-di-do(3) lle-ga(2) ma-ña-na(3) = 9 syllables.
    m = workshop.analyze(one("Agente", "El pedido llega mañana.", "es")).metrics.agent
    assert (m.words, m.sentences, m.syllables) == (4, 1, 9)
    # Szigriszt-Pazos: 206.835 - 62.3*9/4 - 4/1 = 62.66  -> INFLESZ "normal" (55-65)
    assert m.szigriszt_pazos == pytest.approx(62.7, abs=0.05)
    assert m.readability_band == "inflesz_normal"
    # Fernández-Huerta: 206.84 - 0.60*(100*9/4) - 1.02*(100*1/4) = 46.34
    assert m.fernandez_huerta == pytest.approx(46.3, abs=0.05)
    # 4 words at 160 words per minute = 1.5 s
    assert m.speaking_seconds == 1.5


def test_english_readability_by_hand():
    # "We will refund the payment today." 6 words, 1 sentence,
    # we(1) will(1) re-fund(2) the(1) pay-ment(2) to-day(2) = 9 syllables.
    m = workshop.analyze(one("Agent", "We will refund the payment today.", "en"), ui="en").metrics.agent
    assert (m.words, m.sentences, m.syllables) == (6, 1, 9)
    # Flesch: 206.835 - 1.015*6 - 84.6*9/6 = 73.845 -> "fairly easy" (70-80)
    assert m.flesch_reading_ease == pytest.approx(73.8, abs=0.05)
    assert m.readability_band == "flesch_fairly_easy"
    # 6 words at 150 words per minute = 2.4 s
    assert m.speaking_seconds == 2.4


def test_formulas_directly():
    assert fernandez_huerta(100, 5, 200) == pytest.approx(206.84 - 120 - 5.1)
    assert szigriszt_pazos(100, 5, 200) == pytest.approx(206.835 - 124.6 - 20)
    assert flesch_reading_ease(100, 5, 150) == pytest.approx(206.835 - 20.3 - 126.9)


@pytest.mark.parametrize("words, window, expected", [
    (["a", "b", "a", "c"], 2, 1.0),            # every 2-window has 2 types
    (["a", "a", "b", "b"], 2, 2 / 3),          # (a,a)=.5 (a,b)=1 (b,b)=.5
    (["a", "a", "b", "b", "c"], 3, 2 / 3),     # each 3-window has 2 types
    (["a", "a", "b"], 50, 2 / 3),              # shorter than the window: plain TTR
    ([], 50, None),
])
def test_mattr(words, window, expected):
    result = mattr(words, window)
    assert (result is None and expected is None) or math.isclose(result, expected)


def test_talk_share_questions_and_empathy():
    t = workshop.load([
        {"speaker": "Agent", "text": "I understand. What happened? Did it work?"},   # 7 words
        {"speaker": "Customer", "text": "It broke twice."},                           # 3 words
    ], lang="en")
    m = workshop.analyze(t).metrics
    assert m.agent.words == 7 and m.customer.words == 3 and m.all.words == 10
    assert m.agent_talk_share == 0.7
    assert (m.questions, m.open_questions, m.open_question_share) == (2, 1, 0.5)
    assert m.empathy_statements == 1
    assert m.agent.longest_turn_words == 7


def test_counts_and_rate_per_100_agent_words():
    # 10 agent words with 2 fillers ("Eh", "o sea") and nothing else.
    t = one("Agente", "Eh, o sea, el pedido sale hoy por la tarde.", "es")
    m = workshop.analyze(t).metrics
    assert m.agent.words == 10
    assert m.counts["filler"] == 2 and m.findings == 2
    assert m.findings_per_100_agent_words == 20.0


def test_metrics_frame_has_one_row_per_scope():
    frame = workshop.analyze("data/transcripts/es-banca-chat-cargo-duplicado.json").metrics_frame()
    assert list(frame.index) == ["all", "agent", "customer"]
    assert frame.loc["all", "words"] == frame.loc["agent", "words"] + frame.loc["customer", "words"]


def test_compare_verdicts():
    before = workshop.load([
        {"speaker": "Agente", "text": "Eh, bueno, o sea, le informo que el pedido llega mañana. ¿Tiene el número? ¿Lo tiene a mano?"},
        {"speaker": "Cliente", "text": "Sí."},
    ], lang="es")
    after = before.with_texts({0: "El pedido llega mañana. ¿Qué número le aparece en el correo?"})
    table = workshop.compare(before, after).set_index("metric")
    assert table.loc["filler", "before"] == 3 and table.loc["filler", "after"] == 0
    assert table.loc["filler", "change"] == -3 and table.loc["filler", "verdict"] == "better"
    assert table.loc["agent_words", "verdict"] == "better"
    assert table.loc["open_question_share", "before"] == 0 and table.loc["open_question_share", "after"] == 1
    assert table.loc["open_question_share", "verdict"] == "better"
    assert table.loc["questions", "verdict"] == ""          # neither better nor worse
    assert table.loc["negative", "verdict"] == "same"
    assert list(table.columns) == ["label", "before", "after", "change", "verdict"]


def test_compare_worse_and_labels_in_both_languages():
    good = one("Agent", "I understand. Your refund is on its way.", "en")
    bad = good.with_texts({0: "Um, you know, please be advised that your refund is, like, on its way."})
    en = workshop.compare(good, bad, ui="en").set_index("metric")
    assert en.loc["filler", "verdict"] == "worse" and en.loc["filler", "label"] == "Fillers"
    assert en.loc["empathy_statements", "verdict"] == "worse"
    es = workshop.compare(good, bad, ui="es").set_index("metric")
    assert es.loc["filler", "label"] == "Muletillas"


def test_model_rewrites_improve_on_the_originals():
    """The library's model rewrites must score better by the engine's own measures."""
    for t in workshop.samples():
        rewrite = t.model_rewrite()
        assert rewrite is not None, t.source
        before, after = workshop.analyze(t), workshop.analyze(rewrite)
        assert len(after.findings) < len(before.findings), t.source
        assert after.transcript.words <= before.transcript.words, t.source
        new = {f.category for f in after.findings} - {f.category for f in before.findings}
        assert new == set(), (t.source, new)


def _mattr_reference(words, window):
    """Straightforward MATTR: the distinct words of every window, counted from scratch."""
    if not words:
        return None
    if len(words) <= window:
        return len(set(words)) / len(words)
    windows = len(words) - window + 1
    return sum(len(set(words[i:i + window])) for i in range(windows)) / windows / window


def test_mattr_equals_the_reference_on_random_word_lists():
    import random

    rng = random.Random(11)
    for case in range(400):
        vocab = [f"w{k}" for k in range(rng.randint(1, 60))]
        words = [rng.choice(vocab) for _ in range(rng.randint(0, 300))]
        window = rng.choice([1, 2, 3, 5, 10, 50, 120])
        assert mattr(words, window) == _mattr_reference(words, window), (case, window)

