"""Tokens, sentences, stems and syllables: the one place that decides what a word is.

Every count in the workshop (the 500-word limit, metrics, phrase matching) goes
through `tokenize`, so the loader's limit and the metrics never disagree.
"""
from __future__ import annotations

import re
from typing import NamedTuple
from functools import lru_cache

# Numbers keep their separators (3,50 / 1.000), words keep inner apostrophes and
# hyphens (don't, wi-fi); every other non-space character is its own token.
WORD_PATTERN = r"\d+(?:[.,]\d+)+|\w+(?:[-'’]\w+)*"
TOKEN_PATTERN = WORD_PATTERN + r"|\.\.\.|[^\w\s]"

SENTENCE_END = frozenset({".", "?", "!", "…", "..."})
# Marks that stand for a spoken pause: fillers between them are crutches.
PAUSE = frozenset({",", ".", ";", ":", "…", "...", "-", "—", "–", "¿", "?", "¡", "!", "(", ")", '"', "«", "»"})

# Lower-case and drop acute/grave accents and diaeresis but keep ñ, so that
# chat-style "esta"/"está" and "aereo"/"aéreo" match the same rule.
_FOLD = str.maketrans("áéíóúàèìòùäëïöüâêîôû’", "aeiouaeiouaeiouaeiou'")

ABBREVIATIONS = frozenset(
    "sr sra srta sres dr dra ud uds etc mr mrs ms núm pág tel avda "
    "aprox dept ref vs e.g i.e approx".split()
)


class Token(NamedTuple):
    start: int
    end: int
    text: str
    norm: str
    is_word: bool


def fold(text: str) -> str:
    """Matching form of a word: lower case, accents folded."""
    return text.lower().translate(_FOLD)


_TOKEN_RE = re.compile(TOKEN_PATTERN)


def nltk_tokenizer():
    """The nltk tokenizer `tokenize` reproduces (tests hold them equal)."""
    from nltk.tokenize import RegexpTokenizer

    return RegexpTokenizer(TOKEN_PATTERN)


@lru_cache(maxsize=8192)
def tokenize(text: str) -> tuple[Token, ...]:
    """All tokens of a text with their character offsets.

    Same pattern and spans as nltk's RegexpTokenizer(TOKEN_PATTERN).span_tokenize,
    but through re.finditer: nltk 3.9+ wraps each match in a ReDoS guard
    (nltk/redos.py) that cost more than the rest of the analysis, and this
    pattern has no nested quantifiers to guard against.
    """
    folded = fold(text)
    if len(folded) != len(text):  # lower() changed a length (e.g. "İ"): fold token by token
        return tuple(Token(m.start(), m.end(), m.group(), fold(m.group()), _is_word(m.group()))
                     for m in _TOKEN_RE.finditer(text))
    out = []
    for m in _TOKEN_RE.finditer(text):
        start, end = m.span()
        raw = m.group()
        out.append(Token(start, end, raw, folded[start:end], _is_word(raw)))
    return tuple(out)


def _is_word(raw: str) -> bool:
    return raw[0].isalnum() or raw[0] == "_"


_WORD_RE = re.compile(WORD_PATTERN)


def count_words(text: str) -> int:
    """The words `tokenize` finds, without building its tokens.

    The loaders count a whole upload (up to 1 MB) before the word limit
    refuses it; building a token per punctuation mark took seconds. Scanning
    for the word alternatives alone finds the same words: every other token
    is made of characters that cannot start a word.
    """
    return len(_WORD_RE.findall(text))


@lru_cache(maxsize=8192)
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Sentence (start, end) offsets, split on . ? ! … and line breaks.

    nltk's PunktSentenceTokenizer with fixed PunktParameters makes the same
    decisions here (a stop ends a sentence unless it follows a known
    abbreviation or a single initial), but it measured 7 ms per 500 words,
    more than the whole analysis budget; this walks the tokens we already have
    (tests compare both on the sample library).
    """
    tokens = tokenize(text)
    spans: list[tuple[int, int]] = []
    start = None
    last_end = None
    for i, tok in enumerate(tokens):
        if start is not None and last_end is not None and "\n" in text[last_end:tok.start]:
            spans.append((start, last_end))
            start = None
        if start is None:
            if tok.text in SENTENCE_END or tok.text in {",", ";", ":"}:
                last_end = tok.end
                continue
            start = tok.start
        last_end = tok.end
        if tok.text in SENTENCE_END:
            prev = tokens[i - 1] if i else None
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if tok.text == "." and prev is not None and prev.is_word and (
                prev.norm in ABBREVIATIONS or (len(prev.text) == 1 and prev.text.isalpha() and prev.text.isupper())
            ) and prev.end == tok.start and nxt is not None and nxt.text not in SENTENCE_END:
                continue
            if nxt is not None and nxt.text in SENTENCE_END | {")", '"', "»"} and nxt.start == tok.end:
                continue  # "?!" or "...)" closes the same sentence
            if tok.text in ("...", "…") and nxt is not None and nxt.is_word and nxt.text[0].islower():
                continue  # "Hang on... okay": a pause, not an end (as Punkt decides)
            spans.append((start, tok.end))
            start = None
    if start is not None and last_end is not None:
        spans.append((start, last_end))
    return tuple(spans)


@lru_cache(maxsize=4)
def _stemmer(lang: str):
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer({"es": "spanish", "en": "english"}[lang], ignore_stopwords=False)


@lru_cache(maxsize=65536)
def stem(word: str, lang: str) -> str:
    """Snowball stem in matching form; memoized (an uncached stem costs ~35 µs)."""
    if len(word) > LONG_WORD:  # no rule phrase is this long; Snowball's cost grows with length
        return fold(word)
    return fold(_stemmer(lang).stem(word.lower()))


# Longer "words" (URLs, codes, a key held down) skip the stemmer and syllabifiers.
LONG_WORD = 40


@lru_cache(maxsize=2)
def _pyphen(lang: str):
    import pyphen

    return pyphen.Pyphen(lang={"es": "es", "en": "en_US"}[lang], left=1, right=2)


_VOWEL_GROUPS = re.compile(r"[aeiouyáéíóúüàèìòù]+", re.IGNORECASE)


@lru_cache(maxsize=65536)
def syllables(word: str, lang: str) -> int:
    """Syllables in a word, for the readability formulas.

    Spanish: pylabeador's rule-based syllabifier (it splits hiatus correctly,
    a-é-re-o, where hyphenation dictionaries do not). English: pyphen's
    Hunspell hyphenation dictionary (left=1, right=2: a final single letter is never a syllable), the source textstat used
    before it moved to cmudict, which needs a download. Words either source
    rejects (digits, "mmm") fall back to counting vowel groups, at least one.
    """
    if not any(ch.isalpha() for ch in word):
        return max(1, len(word) // 3) if word.isdigit() else 1
    if len(word) > LONG_WORD:  # a URL or a pasted run of letters: the syllabifiers would take seconds
        return max(1, len(_VOWEL_GROUPS.findall(word)))
    if lang == "es":
        try:
            import pylabeador

            return max(1, len(pylabeador.syllabify(word.lower())))
        except Exception:  # pylabeador raises on letters outside Spanish; fall back
            pass
    else:
        parts = _pyphen("en").inserted(word.lower()).count("-") + 1
        if parts > 1:
            return parts
        # No hyphenation point ("idea", "area"): vowel groups, minus a silent
        # final e, plus one for a consonant + "le" ending (table, simple).
        w = word.lower()
        extra = 1 if len(w) > 2 and w.endswith("le") and w[-3] not in "aeiouy" else 0
        if w.endswith("e") and not w.endswith(("ee", "ye")):
            w = w[:-1]
        return max(1, len(_VOWEL_GROUPS.findall(w)) + extra)
    return max(1, len(_VOWEL_GROUPS.findall(word)))


# Control and invisible format characters a paste or an export can carry
# (C0/C1 controls, zero-width and bidi marks, BOM, surrogates, private use);
# newlines and tabs stay. A character class keeps this at C speed.
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff\ue000-\uf8ff]"
)


def strip_control(text: str) -> str:
    """Drop control and invisible format characters (except newlines and tabs)."""
    return _CONTROL.sub("", text)
