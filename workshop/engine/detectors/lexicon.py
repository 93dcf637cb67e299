"""Phrase-list detectors: fillers, redundancies, wordy, complex and formal phrases (negative ones: blame.py).

Each reports the rule-pack matches of its category (found once per turn by
`workshop.engine.match`); the pack decides the phrases, these only say what to do about them.
"""
from __future__ import annotations

from typing import Iterator

from ..doc import Doc, Finding, make_finding, suggestions_for


def _lexicon(doc: Doc, category: str) -> Iterator[Finding]:
    for turn in doc.turns:
        if not turn.analysed:
            continue
        for m in turn.matches.get(category, ()):
            e = m.entry
            yield make_finding(doc, category, turn, m.start, m.end,
                               suggestions=suggestions_for(turn, m, doc),
                               severity=e.severity, why=e.why, id=e.id)


def fillers(doc: Doc) -> Iterator[Finding]:
    """Spoken fillers and crutch words (muletillas: "o sea", "eh", "you know").

    Heard aloud they make an agent sound unsure and stretch the call; words
    that are fillers only between pauses ("este", "like") count only there.
    """
    return _lexicon(doc, "filler")


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
        if not turn.analysed:
            continue
        start, end = turn.body if turn.body != (0, 0) else (0, len(turn.text))
        group: list = []
        for m in turn.matches.get("formal", ()):
            if not (start <= m.start and m.end <= end):
                continue
            if group and _chained(turn, group[-1], m):
                group.append(m)
                continue
            if group:
                yield _formal_finding(doc, turn, group)
            group = [m]
        if group:
            yield _formal_finding(doc, turn, group)


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
