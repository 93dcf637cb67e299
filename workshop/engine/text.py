"""Sentences, stems, syllables and matching keys (lemmas, contractions, numbers).

Tokens themselves come from `workshop.words` (below the engine, because the
loaders count words with it too); everything here builds on those tokens.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..words import fold, tokenize

SENTENCE_END = frozenset({".", "?", "!", "…", "..."})
# Marks that stand for a spoken pause: fillers between them are crutches.
PAUSE = frozenset({",", ".", ";", ":", "…", "...", "-", "—", "–", "¿", "?", "¡", "!", "(", ")", '"', "«", "»"})

ABBREVIATIONS = frozenset(
    "sr sra srta sres dr dra ud uds etc mr mrs ms núm pág tel avda "
    "aprox dept ref vs e.g i.e approx".split()
)


_NO_SENTENCE_START = SENTENCE_END | {",", ";", ":"}
_SAME_SENTENCE = SENTENCE_END | {")", '"', "»"}


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
    multiline = "\n" in text  # else no gap between tokens can hold a line break
    for i, tok in enumerate(tokens):
        raw = tok.text
        if multiline and start is not None and last_end is not None and "\n" in text[last_end:tok.start]:
            spans.append((start, last_end))
            start = None
        if start is None:
            if raw in _NO_SENTENCE_START:
                last_end = tok.end
                continue
            start = tok.start
        last_end = tok.end
        if raw in SENTENCE_END:
            prev = tokens[i - 1] if i else None
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if raw == "." and prev is not None and prev.is_word and (
                prev.norm in ABBREVIATIONS or (len(prev.text) == 1 and prev.text.isalpha() and prev.text.isupper())
            ) and prev.end == tok.start and nxt is not None and nxt.text not in SENTENCE_END:
                continue
            if nxt is not None and nxt.text in _SAME_SENTENCE and nxt.start == tok.end:
                continue  # "?!" or "...)" closes the same sentence
            if raw in ("...", "…") and nxt is not None and nxt.is_word and nxt.text[0].islower():
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


# ---------------------------------------------------------------- matching keys (lemmas, contractions, numbers)
#
# Rule phrases and transcript words are compared through *keys*, strings whose
# first character says what they are:
#   "=word"    the written form (lower case, accents folded)
#   "~stem"    the Snowball stem (nltk): other endings of the same written word
#   "@lemma"   the dictionary form: "salgan" -> "@salir", "made" -> "@make"
#   "@lemma|S" / "@lemma|A"   a Spanish finite verb said by the speaker (yo, nosotros)
#              or to the addressee (tú, vos, usted, ustedes, vosotros)
#   "#"        a number (digits or a number word), for the {num} slot
#   "*"        any word, for gaps {0-3}
# A transcript word carries all its keys; a rule word asks for some of them
# (workshop.engine.rules compiles which), so one dict look-up per key decides a step.
#
# Why these libraries: simplemma (Barbaresi) is a maintained, offline,
# dictionary-based lemmatizer made for exactly this (word -> lemma, no model
# download, ~50 µs a word), with Spanish and English in one wheel. For English
# it misreads some irregular forms ("gone" -> "gan"), and lemminflect (an
# English lemmatizer built from the Automatically Generated Inflection
# Database, also offline) knows irregular verbs and plurals by part of speech,
# so English asks lemminflect first and falls back to simplemma. nltk stays for
# the tokenizer pattern and the Snowball stems, which still catch endings a
# dictionary lacks (chat spellings, new words). Each word is lemmatized once
# (lru_cache on the word), never per rule.

ANY, NUMBER = "*", "#"

# Object clitics and subject pronouns: one class each, so that one rule covers
# every person it can be addressed to ("le recomendamos" / "te recomendamos" /
# "les recomiendo"). me/nos are the speaker (the agent or the company).
_ES_PRONOUN_CLASS = {
    **dict.fromkeys(("le", "les", "te", "os", "lo", "la", "los", "las"), "@<le>"),
    **dict.fromkeys(("me", "nos"), "@<me>"),
    **dict.fromkeys(("usted", "ustedes", "ud", "uds", "vd", "vds", "vos", "vosotros", "vosotras", "ti"), "@<usted>"),
    **dict.fromkeys(("yo", "nosotros", "nosotras"), "@<yo>"),
    # the customer's things: "es su culpa" / "es tu culpa" / "es vuestra culpa"
    **dict.fromkeys(("su", "sus", "tus", "vuestro", "vuestra", "vuestros", "vuestras"), "@<su>"),
    # and the speaker's: "no es mi problema" / "no es nuestro problema"
    **dict.fromkeys(("mi", "mis", "nuestro", "nuestra", "nuestros", "nuestras"), "@<mi>"),
}
# Folded, "tú" (you) and "tu" (your) are one word, so it belongs to both classes.
_ES_PRONOUN_CLASSES = {**{w: (c,) for w, c in _ES_PRONOUN_CLASS.items()}, "tu": ("@<usted>", "@<su>")}
# Closed-class words whose simplemma lemma would join words a rule keeps apart:
# "esta"/"esto" -> "este" (the demonstrative is not the filler), "muy" -> "mucho",
# "un" -> "uno", possessives and quantifiers. They match by written form and stem only.
_ES_NO_LEMMA = frozenset(
    "el la los las lo un una unos unas uno este esta esto estos estas ese esa eso esos esas aquel aquella aquello "
    "aquellos aquellas suyo suya suyos suyas mio mia mios mias muy mucho mucha muchos muchas poco poca pocos "
    "pocas todo toda todos todas otro otra otros otras mismo misma mismos mismas alguno alguna algunos algunas "
    "algun ninguno ninguna ningun quien quienes cual cuales cuyo cuya se si él ella ellos ellas mí conmigo "
    "contigo consigo para sobre entre bajo como nada solo casa vino cuenta llama paso pase".split()
)
_EN_NO_LEMMA = frozenset("me him us them these those better best worse worst".split())
# simplemma errors met on contact-center words (checked with simplemma 2.0.0):
# the present-subjunctive and first-person forms of "salir" come out as "salgar",
# "sale" as "salar" (to salt), "infórmele" as the noun "informe".
_ES_LEMMA_FIX = {
    "sale": "salir", "salgo": "salir", "salga": "salir", "salgas": "salir", "salgamos": "salir",
    "salgan": "salir", "salgáis": "salir", "infórmele": "informar", "infórmeles": "informar",
    "infórmenos": "informar",
}
_ES_CLITICS = ("selo", "sela", "selos", "selas", "melo", "mela", "noslo", "nosla", "telo", "tela",
               "me", "te", "le", "lo", "la", "nos", "les", "los", "las", "se", "os")
_FOLD_ACCENT = str.maketrans("aei", "áéí")

_NUMBER_WORDS = {
    "es": frozenset(
        "cero un uno una dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince dieciseis "
        "diecisiete dieciocho diecinueve veinte veintiun veintiuno veintiuna veintidos veintitres veinticuatro "
        "veinticinco veintiseis veintisiete veintiocho veintinueve treinta cuarenta cincuenta sesenta setenta "
        "ochenta noventa cien ciento doscientos doscientas trescientos trescientas cuatrocientos quinientos "
        "seiscientos setecientos ochocientos novecientos mil medio media".split()),
    "en": frozenset(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand "
        "half".split()),
}
_DIGITS = re.compile(r"\d+(?:[.,:/-]\d+)*$")

# English contractions, expanded for matching: each part becomes its own word
# with the contraction's offsets, so "can't" matches a rule written "cannot" or
# "can not", and the finding still slices the original "can't".
_EN_SUFFIXES = (("n't", ("not",)), ("'ve", ("have",)), ("'re", ("are",)), ("'ll", ("will",)),
                ("'d", ("would", "had")), ("'m", ("am",)), ("'s", ("is", "has")))
_EN_NT_BASE = {"ca": "can", "wo": "will", "sha": "shall", "ai": "is"}
_EN_S_BASES = frozenset("it he she that there here what who where how when why everything nothing something "
                        "everyone someone nobody".split())
_EN_WHOLE = {
    "cannot": (("can",), ("not",)), "y'all": (("you",), ("all",)), "let's": (("let",), ("us",)),
    "gonna": (("going",), ("to",)), "wanna": (("want",), ("to",)), "gotta": (("got",), ("to",)),
    # chat spellings without the apostrophe, only where no other word is spelled so
    "dont": (("do",), ("not",)), "doesnt": (("does",), ("not",)), "didnt": (("did",), ("not",)),
    "isnt": (("is",), ("not",)), "arent": (("are",), ("not",)), "wasnt": (("was",), ("not",)),
    "werent": (("were",), ("not",)), "cant": (("can",), ("not",)), "couldnt": (("could",), ("not",)),
    "wouldnt": (("would",), ("not",)), "shouldnt": (("should",), ("not",)), "havent": (("have",), ("not",)),
    "hasnt": (("has",), ("not",)), "im": (("i",), ("am",)), "ive": (("i",), ("have",)),
    "youre": (("you",), ("are",)), "theyre": (("they",), ("are",)), "youve": (("you",), ("have",)),
    "theyve": (("they",), ("have",)), "youll": (("you",), ("will",)), "thats": (("that",), ("is", "has")),
    "theres": (("there",), ("is", "has")), "whats": (("what",), ("is", "has")),
}


def expand_contraction(norm: str, lang: str) -> tuple[tuple[str, ...], ...]:
    """The words a (folded) token stands for, each as its possible readings.

    "can't" -> (("can",), ("not",)); "you'd've" -> (("you",), ("would", "had"), ("have",));
    "it's" -> (("it",), ("is", "has")); any other word -> ((word,),).
    """
    if lang != "en" or ("'" not in norm and norm not in _EN_WHOLE):
        return ((norm,),)
    if norm in _EN_WHOLE:
        return _EN_WHOLE[norm]
    tail: list[tuple[str, ...]] = []
    base = norm
    while True:
        for suffix, words in _EN_SUFFIXES:
            if base.endswith(suffix) and len(base) > len(suffix):
                stem_ = base[: -len(suffix)]
                if suffix == "'s" and stem_ not in _EN_S_BASES:
                    continue  # "John's", "today's": a possessive, not "is"
                if suffix == "n't":
                    stem_ = _EN_NT_BASE.get(stem_, stem_)
                tail.insert(0, words)
                base = stem_
                break
        else:
            break
    if not tail:
        return ((norm,),)
    head = _EN_WHOLE.get(base)
    return (head if head else ((base,),)) + tuple(tail)


def _is_number(norm: str, lang: str) -> bool:
    if _DIGITS.match(norm):
        return True
    words = _NUMBER_WORDS[lang]
    return norm in words or ("-" in norm and all(p in words for p in norm.split("-")))


_ES_IRREGULAR_PARTICIPLES = frozenset(
    "hecho dicho puesto visto escrito vuelto abierto roto muerto cubierto resuelto devuelto satisfecho impreso "
    "provisto previsto descubierto".split())


def _es_person(word: str, lemma: str) -> tuple[str, ...]:
    """Who a Spanish finite verb form is said by: S (yo/nosotros), A (tú/vos/usted/ustedes/vosotros), both, or neither.

    From the ending, which is all a lemmatizer without a tagger can go on;
    ambiguous endings (tenía, tendría: yo or usted) get both, non-finite forms
    (infinitive, gerund, participle) neither.
    """
    w = word
    if w == lemma or w.endswith(("ar", "er", "ir", "ír")):
        return ()
    first_conj = lemma.endswith("ar")
    gerund = ("ando",) if first_conj else ("iendo", "yendo")
    participle = ("ado", "ada", "ados", "adas") if first_conj else ("ido", "ida", "idos", "idas", "ído", "ída")
    if w.endswith(gerund + participle) or fold(w) in _ES_IRREGULAR_PARTICIPLES:
        return ()
    if w.endswith("mos"):
        return ("S",)
    for clitic in _ES_CLITICS:  # "permítame", "fijate", "decime": the addressee's imperative
        base = w[: -len(clitic)]
        if not w.endswith(clitic) or len(base) < 3:
            continue
        if base.endswith(("ar", "er", "ir", "ír")) or fold(base).endswith(gerund):
            return ()  # infinitive or gerund with a clitic ("recomendarle"): non-finite
        if fold(base).endswith(("a", "e", "i")):
            return ("A",)
    if w.endswith(("ía", "ías", "aba", "ría", "ra", "se")) and not w.endswith(("ías", "ras", "ses")):
        return ("S", "A")
    if w.endswith(("é", "o", "oy", "ey")) and not w.endswith(("ó", "hay")):
        return ("S",)
    if w.endswith("í"):
        return ("S", "A")  # "salí" (yo) or voseo imperative "salí"
    return ("A",)


@lru_cache(maxsize=1)
def _simplemma():
    """simplemma's lemmatizer on its low-memory dictionaries.

    The default backend decodes a language's whole dictionary into a Python
    dict: about 100 MB per kernel for Spanish, on a server that plans for 95 MB
    per kernel. The stream backend (same data, same answers) keeps it
    front-coded, about 12 MB, for ~10 µs more per new word (each word is
    lemmatized once: lemma_keys is cached).
    """
    from simplemma import Lemmatizer
    from simplemma.strategies import DefaultStrategy

    return Lemmatizer(lemmatization_strategy=DefaultStrategy(low_memory=True)).lemmatize


def _es_lemma_raw(w: str) -> str:
    simplemma_lemmatize = _simplemma()
    if w in _ES_LEMMA_FIX:
        return _ES_LEMMA_FIX[w]
    lemma = simplemma_lemmatize(w, "es")
    if lemma != w:
        return lemma
    # Voseo that simplemma does not list (checked with 2.0.0: tenés, sabés,
    # querés, fijate, vení come out right; podés, andá, decime, contame do not):
    # the vos present "podés" is the vosotros "podéis" without the i, and the
    # vos imperative "andá" is the vosotros "andad" without the d.
    tries = []
    for clitic in ("", *_ES_CLITICS):
        base = w[: -len(clitic)] if clitic else w
        if clitic and (not w.endswith(clitic) or len(base) < 3):
            continue
        if not clitic and base[-1:] not in "sáéí":
            continue
        if clitic and base[-1:] in "aei":  # "decime" -> "decí"
            base = base[:-1] + base[-1].translate(_FOLD_ACCENT)
        if base.endswith(("ás", "és")):
            tries.append(base[:-2] + base[-2] + "is")
        elif base.endswith("ís"):
            tries.append(base)
        elif base.endswith(("á", "é", "í")):
            tries.append(base[:-1] + {"á": "ad", "é": "ed", "í": "id"}[base[-1]])
    for form in tries:
        lemma = simplemma_lemmatize(form, "es")
        if lemma != form and lemma.endswith(("ar", "er", "ir")):
            return lemma
    return w


@lru_cache(maxsize=65536)
def lemma_keys(word: str, lang: str, side: str = "text") -> tuple[str, ...]:
    """The "@lemma" keys of one word (not a contraction): see the key table above.

    `side="text"`: every key the word may carry (a Spanish verb: the plain
    lemma and its possible persons). `side="rule"`: what a rule word asks for
    (a finite verb only its own person, so `usted tiene que` does not catch
    "tengo que"; an infinitive or a noun any form).
    """
    w = word.lower().replace("’", "'")
    if len(w) > LONG_WORD or not any(ch.isalpha() for ch in w):
        return ()
    if lang == "es":
        folded = fold(w)
        if folded in _ES_PRONOUN_CLASSES:
            return _ES_PRONOUN_CLASSES[folded]
        if folded in _ES_NO_LEMMA or w in _ES_NO_LEMMA:
            return ()
        lemma = _es_lemma_raw(w)
        key = "@" + fold(lemma)
        if not lemma.endswith(("ar", "er", "ir", "ír")) or lemma == w:
            return (key,)
        persons = _es_person(w, lemma)
        if side == "rule":
            return tuple(f"{key}|{p}" for p in persons) or (key,)
        return (key,) + tuple(f"{key}|{p}" for p in persons)
    if w in _EN_NO_LEMMA:
        return ()
    return tuple("@" + fold(lemma) for lemma in _en_lemmas(w))


@lru_cache(maxsize=1)
def _lemminflect_lookup():
    """lemminflect's own dictionaries, read without the deep copies getAllLemmas makes per call.

    getAllLemmas copies the entry twice to apply capitalisation we do not use
    (lower-case words in, lower-case lemmas out); reading the two dicts it
    reads halves a cold analysis of English. Falls back to the public call if
    a later lemminflect renames them.
    """
    import lemminflect

    try:
        from lemminflect.core.Lemmatizer import Lemmatizer

        lemmatizer = Lemmatizer()
        lemmas, overrides = lemmatizer._getLemmaDict(), lemmatizer._getOverridesDict()
        return lambda word: {**lemmas.get(word, {}), **overrides.get(word, {})}
    except (ImportError, AttributeError):  # pragma: no cover - other lemminflect versions
        return lemminflect.getAllLemmas


def _en_lemmas(w: str) -> tuple[str, ...]:
    found = _lemminflect_lookup()(w)
    lemmas = []
    for upos in ("VERB", "AUX", "NOUN"):  # not ADJ/ADV: "better" -> "good" would join words a rule keeps apart
        for lemma in found.get(upos, ()):
            if lemma.lower() not in lemmas:
                lemmas.append(lemma.lower())
    if not lemmas:
        lemmas.append(_simplemma()(w, "en").lower())
    return tuple(lemmas)


@lru_cache(maxsize=65536)
def match_keys(word: str, lang: str) -> tuple[frozenset, ...]:
    """Every key of a transcript token, one set per word it stands for ("can't" is two words)."""
    norm = fold(word)
    if lang != "en" or ("'" not in norm and norm not in _EN_WHOLE):  # one word, one reading: most tokens
        keys = {ANY, "=" + norm, "~" + stem(word, lang), *lemma_keys(word, lang)}
        if _is_number(norm, lang):
            keys.add(NUMBER)
        return (frozenset(keys),)
    out = []
    for readings in expand_contraction(norm, lang):
        keys = {ANY}
        for reading in readings:
            raw = word if len(readings) == 1 and reading == fold(word) else reading
            keys.add("=" + reading)
            keys.add("~" + stem(raw, lang))
            keys.update(lemma_keys(raw, lang))
            if _is_number(reading, lang):
                keys.add(NUMBER)
        out.append(frozenset(keys))
    return tuple(out)
