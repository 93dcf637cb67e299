"""Words, sentences and syllables: the counts every limit and metric rests on."""
import pytest
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

import workshop
from workshop.engine.text import ABBREVIATIONS, sentence_spans, syllables
from workshop.words import count_words, tokenize


@pytest.mark.parametrize("text, words", [
    ("Hola, ¿qué tal?", 3),
    ("I don't know, it's wi-fi.", 5),
    ("Son 3,50 € al mes.", 4),
    ("¡¡¡...!!!", 0),
    ("", 0),
])
def test_word_count(text, words):
    assert count_words(text) == words


def test_token_offsets_slice_the_text():
    text = "Sí, este… le explico: ¿vale?"
    for tok in tokenize(text):
        assert text[tok.start:tok.end] == tok.text


def sentences(text):
    return [text[s:e] for s, e in sentence_spans(text)]


@pytest.mark.parametrize("text, expected", [
    ("El Sr. Pérez llamó ayer. ¿Algo más?", ["El Sr. Pérez llamó ayer.", "¿Algo más?"]),
    ("Mrs. Smith called. Did she pay?", ["Mrs. Smith called.", "Did she pay?"]),
    ("Wait?! Really.", ["Wait?!", "Really."]),
    ("Hang on... okay, found it.", ["Hang on... okay, found it."]),
    ("Estimado cliente:\nLe escribo por su pedido", ["Estimado cliente:", "Le escribo por su pedido"]),
    ("sin punto final", ["sin punto final"]),
])
def test_sentence_split(text, expected):
    assert sentences(text) == expected


def test_sentence_split_agrees_with_punkt_on_the_library():
    """The token-based splitter stands in for Punkt for speed; it must decide as Punkt does."""
    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    punkt = PunktSentenceTokenizer(params)
    lines = [line for t in workshop.samples() for turn in t.turns for line in turn.text.split("\n") if line.strip()]
    assert len(lines) > 50
    disagree = [line for line in lines if sentences(line) != [line[s:e] for s, e in punkt.span_tokenize(line)]]
    assert disagree == []


@pytest.mark.parametrize("word, lang, count", [
    ("teléfono", "es", 4), ("aéreo", "es", 4), ("país", "es", 2), ("ciudad", "es", 2),
    ("pedido", "es", 3), ("mañana", "es", 3), ("router", "es", 2), ("123", "es", 1), ("mmm", "es", 1),
    ("computer", "en", 3), ("beautiful", "en", 3), ("the", "en", 1), ("payment", "en", 2),
    ("today", "en", 2), ("make", "en", 1), ("table", "en", 2), ("information", "en", 4),
])
def test_syllables_hand_counted(word, lang, count):
    assert syllables(word, lang) == count


def test_tokenizer_matches_nltk_regexp_tokenizer_on_the_library():
    """`tokenize` uses re.finditer for speed; it must give nltk's RegexpTokenizer spans exactly."""
    from workshop.words import nltk_tokenizer

    nltk_tok = nltk_tokenizer()
    texts = [turn.text for t in workshop.samples() for turn in t.turns]
    texts.append("İstanbul: ¿qué tal? don’t 3,50 € wi-fi… «hola» _x")
    for text in texts:
        assert [(t.start, t.end) for t in tokenize(text)] == list(nltk_tok.span_tokenize(text))


def test_tokens_word_flag_is_the_first_character_rule():
    import random

    from workshop.words import _is_word, tokenize

    rng = random.Random(5)
    alphabet = "abzñáÉü_09 .,;:!?¿¡'’-…\n\t\"()İß中٣"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        tokens = tokenize(text)
        assert [t.is_word for t in tokens] == [_is_word(t.text) for t in tokens]
        assert [t.text for t in tokens] == [text[t.start:t.end] for t in tokens]


def test_fold_equals_the_translate_table():
    import random

    from workshop.words import _FOLD, fold

    rng = random.Random(7)
    alphabet = "aAeEzZñÑáÁéÉíÍóÓúÚàèìòùäëïöüÜâêîôû’'İß中 .-"
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert fold(text) == text.lower().translate(_FOLD), text


def test_letter_body_from_the_turns_tokens_equals_tokenizing_each_line():
    import workshop
    from workshop.engine import build
    from workshop.engine.rules import get_pack
    from workshop.words import tokenize

    def reference(text, pack):
        original = build._line_words
        build._line_words = lambda tokens, starts, offset, line: tuple(t.norm for t in tokenize(line) if t.is_word)
        try:
            return build.letter_body(text, pack)
        finally:
            build._line_words = original

    texts = {lang: [turn.text for s in workshop.samples(language=lang) for turn in s.turns] for lang in ("es", "en")}
    texts["es"] += ["Estimado Sr. Robles:\n\nLe escribo por el pedido.\n\nUn saludo,\nAna", "Hola,\n\nGracias.\n"]
    texts["en"] += ["Dear Ms Adeyemi,\nThe refund is on its way.\nKind regards\nTom", "\n\nHi,\nok\n\n"]
    for lang, items in texts.items():
        pack = get_pack(lang)
        for text in items:
            assert build.letter_body(text, pack) == reference(text, pack), text
