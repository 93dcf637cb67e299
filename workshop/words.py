"""What a word is: tokens with their offsets, the word count, and input clean-up.

The one place that decides what a word is. The loaders count the 500-word
limit with `count_words`, and the engine (`workshop.engine`) tokenizes with
`tokenize`, so the loader's limit and the metrics never disagree. It sits
below both, with nothing but the standard library (and nltk, on request) under it.
"""
from __future__ import annotations

import re
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

# Numbers keep their separators (3,50 / 1.000), words keep inner apostrophes and
# hyphens (don't, wi-fi); every other non-space character is its own token.
# `\d\d*` and `\w\w*` are `\d+` and `\w+`: written so, every alternative starts with a plain
# character class and `re` skips the spaces between tokens at C speed (13 % of the scan, measured).
WORD_PATTERN = r"\d\d*(?:[.,]\d+)+|\w\w*(?:[-'’]\w+)*"
TOKEN_PATTERN = WORD_PATTERN + r"|\.\.\.|[^\w\s]"

# Lower-case and drop acute/grave accents and diaeresis but keep ñ, so that
# chat-style "esta"/"está" and "aereo"/"aéreo" match the same rule.
_FOLD = str.maketrans("áéíóúàèìòùäëïöüâêîôû’", "aeiouaeiouaeiouaeiou'")

class Token(NamedTuple):
    start: int
    end: int
    text: str
    norm: str
    is_word: bool


_FOLD_PAIRS = tuple((chr(a), chr(b)) for a, b in _FOLD.items())


def fold(text: str) -> str:
    """Matching form of a word: lower case, accents folded.

    Same result as `text.lower().translate(_FOLD)`, but str.translate looks every
    character up in the table (a third of tokenizing a turn, profiled); a
    `replace` per accented letter present runs at C speed, and the targets are
    never sources, so the order does not matter.
    """
    folded = text.lower()
    if folded.isascii():
        return folded
    for accented, plain in _FOLD_PAIRS:
        if accented in folded:
            folded = folded.replace(accented, plain)
    return folded


_TOKEN_RE = re.compile(TOKEN_PATTERN)
# The same tokens, the word alternative in group 1: `m.lastindex == 1` is `_is_word(m.group())`
# (\w is exactly "isalnum() or _", and the other alternatives never start with a word character).
_TOKEN_GROUPS_RE = re.compile(f"({WORD_PATTERN})|" + TOKEN_PATTERN[len(WORD_PATTERN) + 1:])
_new_token = tuple.__new__


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
    # The hot loop of load + analyze (profiled): no per-token call but the match methods.
    out = []
    append = out.append
    for m in _TOKEN_GROUPS_RE.finditer(text):
        start, end = m.span()
        append(_new_token(Token, (start, end, m.group(), folded[start:end], m.lastindex == 1)))
    return tuple(out)


_IS_WORD = itemgetter(4)


def word_count(tokens: tuple[Token, ...]) -> int:
    """How many of the tokens are words, at C speed (map over the field, no Python loop)."""
    return sum(map(_IS_WORD, tokens))


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


def one_line(value: object, limit: int | None = None) -> str:
    """Text as a heading, a label or a terminal shows it: one line, no control characters
    (a title such as "\x1b]0;…\x1b[2J" prints as letters), at most `limit` characters (cut with "…")."""
    text = " ".join(strip_control(str(value)).split())
    return text if limit is None or len(text) <= limit else text[: limit - 1].rstrip() + "…"
