"""Phrase-list detectors: fillers, redundancies, wordy, complex and formal phrases (negative ones: blame.py).

Each reports the rule-pack matches of its category (found once per turn by
`workshop.engine.match`); the pack decides the phrases, these only say what to do about them.
"""
from __future__ import annotations

from typing import Iterator

from ..doc import Doc, Finding, make_finding, suggestions_for, turn_findings
from ..text import SENTENCE_END, match_keys


def _lexicon(doc: Doc, category: str) -> Iterator[Finding]:
    for turn in doc.turns:
        if turn.analysed and turn.matches.get(category):
            yield from turn_findings(doc, turn, category, lambda: _turn_lexicon(doc, turn, category))


def _turn_lexicon(doc: Doc, turn, category: str) -> Iterator[Finding]:
    for m in turn.matches.get(category, ()):
        e = m.entry
        if turn.tokens[m.last].norm in _MISMO and not _pronoun_use(turn, m):
            continue
        yield make_finding(doc, category, turn, m.start, m.end,
                           suggestions=suggestions_for(turn, m, doc),
                           severity=e.severity, why=e.why, id=e.id)


def fillers(doc: Doc) -> Iterator[Finding]:
    """Spoken fillers and crutch words (muletillas: "o sea", "eh", "you know").

    Heard aloud they make an agent sound unsure and stretch the call; words
    that are fillers only between pauses ("este", "like") count only there. A
    Spanish filler ending in "que" ("fíjese que") before a subjunctive is an
    instruction ("fijate que el módem tenga luz"), not a filler.
    """
    if doc.pack.language != "es":
        return _lexicon(doc, "filler")
    return (f for f in _lexicon(doc, "filler") if not _instruction(doc.turns[f.turn], f))


def _instruction(turn, f) -> bool:
    """ "fijate que el módem tenga luz" (a subjunctive follows) or, opening a sentence after another
    one of the turn, "…te agendé. Fijate que el técnico te llama antes": a heads-up, not a filler."""
    if not f.text.lower().endswith(" que"):
        return False
    before = [t for t in turn.tokens if t.end <= f.start]
    if before and before[-1].text in SENTENCE_END and any(t.is_word for t in before):
        return True
    after = [t for t in turn.tokens if t.start >= f.end][:6]
    for tok in after:
        if not tok.is_word:
            return False
        verb = _finite_verb(tok.text.lower())
        if verb is not None:
            return _subjunctive(tok.text.lower(), verb)
    return False


def _finite_verb(low: str) -> str | None:
    """The infinitive of a finite Spanish verb form, from its match keys ("tenga" -> "tener"), or None."""
    for key in match_keys(low, "es")[0]:
        if key.endswith(("|A", "|S")):
            return key[1:-2]
    return None


def _subjunctive(low: str, lemma: str) -> bool:
    """A present subjunctive by its ending: -ar verbs in -e ("llegue", "esté"), -er/-ir in -a ("tenga", "salga")."""
    if len(low) < 3 or low.endswith(("ía", "ían", "ías", "ra", "ran")):
        return False  # imperfect and conditional; "va", "da" are too short to tell
    word = low.rstrip("sn")
    return word.endswith(("e", "é")) if lemma.endswith("ar") else word.endswith("a")


def redundancies(doc: Doc) -> Iterator[Finding]:
    """Pleonasms and doubled meanings ("subir arriba", "free gift").

    The customer hears twice the words for one idea; dropping the extra word
    loses nothing.
    """
    return _lexicon(doc, "redundancy")


def wordy_phrases(doc: Doc) -> Iterator[Finding]:
    """Phrases with a shorter equivalent ("a nivel de" → "en", "due to the fact that" → "because").

    Every extra word is time the customer spends waiting for the point.
    """
    return _lexicon(doc, "wordy")


def complex_words(doc: Doc) -> Iterator[Finding]:
    """Long or officialese words with a plain alternative ("efectuar" → "hacer", "utilize" → "use").

    Plain words are understood at first hearing, which matters on the phone.
    """
    return _lexicon(doc, "complex-word")


def formal_phrases(doc: Doc) -> Iterator[Finding]:
    """Robotic, scripted boilerplate ("le informo que", "please be advised that").

    Script language tells the customer they are talking to a process, not a person.
    An email's salutation line and signature are its frame, not filler, so only
    the message proper is read; formulas chained in one sentence ("Sin otro
    particular, lo saludamos atentamente") are one finding, since they go together.
    """
    for turn in doc.turns:
        if turn.analysed and turn.matches.get("formal"):
            yield from turn_findings(doc, turn, "formal", lambda: _turn_formal(doc, turn))


def _turn_formal(doc: Doc, turn) -> Iterator[Finding]:
    start, end = turn.body if turn.body != (0, 0) else (0, len(turn.text))
    group: list = []
    for m in turn.matches.get("formal", ()):
        if not (start <= m.start and m.end <= end):
            continue
        if turn.tokens[m.last].norm in _MISMO and not _pronoun_use(turn, m):
            continue
        if group and _chained(turn, group[-1], m):
            group.append(m)
            continue
        if group:
            yield _formal_finding(doc, turn, group)
        group = [m]
    if group:
        yield _formal_finding(doc, turn, group)


_MISMO = frozenset("mismo misma mismos mismas".split())
# After these "la misma" is the predicate ("la tarifa es la misma"), which is plain Spanish.
_PREDICATE_VERBS = ("@ser", "@estar", "@seguir", "@quedar", "@parecer", "@resultar", "@mantener", "@continuar")
# What may follow "la misma" used as a pronoun: a pause, a preposition, an adverb, a clitic or a verb
# (not "de": "¿a la misma de la entrega?" leaves out a noun, which is plain speech).
_AFTER_PRONOUN = frozenset("por en a con para y e ya hoy mañana sin tras hasta desde se le les lo la los las me "
                           "nos te no cuanto antes despues luego lo mas pronto".split())


def _pronoun_use(turn, m) -> bool:
    """A formal phrase ending in "el mismo / la misma" counts only as a pronoun ("le envío la misma",
    "recibida la misma,", "la misma será anulada"), not before a noun ("la misma factura"), after
    "ser/estar/seguir" ("es la misma") or as "él mismo". Every other formal phrase counts."""
    tokens = turn.tokens
    last = tokens[m.last]
    if last.norm not in _MISMO:
        return True
    if tokens[m.first].text.lower() == "él":
        return False
    prev = next((t for t in reversed(tokens[:m.first]) if t.is_word), None) if m.first else None
    if prev is not None and m.first and tokens[m.first - 1].is_word:
        keys = match_keys(prev.text.lower(), "es")[0]
        if prev.norm == "que" or any(k.startswith(_PREDICATE_VERBS) for k in keys):
            return False
    nxt = tokens[m.last + 1] if m.last + 1 < len(tokens) else None
    if nxt is None or not nxt.is_word or nxt.norm in _AFTER_PRONOUN:
        return True
    return _finite_verb(nxt.text.lower()) is not None  # "la misma será anulada"


def _chained(turn, a, b) -> bool:
    """The first formula is dropped whole ("" first suggestion) and only pauses or two words part it from the next, in one sentence.

    The chain then takes the last formula's suggestions: "Sin otro particular, le
    saluda atentamente" becomes "Un saludo" in one click.
    """
    if not (a.entry.suggest and a.entry.suggest[0] == ""):
        return False
    if not any(s <= a.start and b.end <= e for s, e in turn.sentences):
        return False
    return sum(t.is_word for t in turn.tokens[a.last + 1:b.first]) <= 2


def _formal_finding(doc: Doc, turn, group: list) -> Finding:
    e = group[-1].entry
    return make_finding(doc, "formal", turn, group[0].start, group[-1].end,
                        suggestions=suggestions_for(turn, group[-1], doc), severity=e.severity, why=e.why, id=e.id)


def trainer_phrases(doc: Doc) -> Iterator[Finding]:
    """The phrases of categories trainers define in their packs (`type: existence` or `substitution`).

    A team's own words to avoid (in-house jargon, a competitor's name, a
    banned promise) are flagged like the built-in lists, with the trainer's message.
    """
    for name, category in doc.pack.categories.items():
        if category.type != "occurrence":
            yield from _lexicon(doc, name)
