"""Which language a transcript is in: Spanish or English, from the shipped packs' function words.

The loaders call `detect_language` when a transcript does not say its
language, so it sits below the engine: it reads only the `stopwords` lists of
`data/rules/es.yaml` and `en.yaml` (the same words `workshop.engine.rules`
builds into `RulePack.stopwords`; a test holds them equal), not whole packs.
"""
from __future__ import annotations

from functools import lru_cache

import yaml

from .resources import rules_dir
from .words import tokenize

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when present


@lru_cache(maxsize=2)
def function_words(lang: str) -> frozenset[str]:
    """The default pack's `stopwords` for `lang`, in matching form."""
    data = yaml.load((rules_dir() / f"{lang}.yaml").read_text(encoding="utf-8"), Loader=_Loader)
    return frozenset(t.norm for phrase in data.get("stopwords") or () for t in tokenize(str(phrase)) if t.is_word)


def detect_language(text: str) -> str:
    """Spanish or English, by which pack's function words the text uses more.

    Function words are the most frequent words of a language and nearly
    disjoint between these two, so a few sentences decide reliably; Spanish
    punctuation (¿ ¡) and letters (ñ, accents) break ties.
    """
    words = [t.norm for t in tokenize(text) if t.is_word]
    es_words, en_words = function_words("es"), function_words("en")
    es = sum(w in es_words for w in words) + sum(text.count(c) for c in "¿¡ñÑáéíóú")
    en = sum(w in en_words for w in words)
    return "en" if en > es else "es"
