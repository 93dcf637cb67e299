"""Sentence-length detector: sentences over the pack's `long_sentence_words`."""
from __future__ import annotations

from typing import Iterator

from ..doc import Doc, Finding, make_finding


def long_sentences(doc: Doc) -> Iterator[Finding]:
    """Sentences longer than the pack's `long_sentence_words` (25 by default).

    A listener, unlike a reader, cannot go back: long sentences lose them.
    """
    limit = doc.pack.settings["long_sentence_words"]
    for turn in doc.turns:
        if not turn.analysed:
            continue
        for (start, end), words in zip(turn.sentences, turn.sentence_words):
            if words > limit:
                yield make_finding(doc, "long-sentence", turn, start, end, words=words, limit=limit)


def trainer_occurrences(doc: Doc) -> Iterator[Finding]:
    """A trainer's own size limits (`type: occurrence` categories): sentences or turns over `max` words.

    A team's standard ("no chat message over 40 words") is theirs to set; the
    check is the same as for long sentences, per scope.
    """
    rules = [c for c in doc.pack.categories.values() if c.type == "occurrence"]
    if not rules:
        return
    for turn in doc.turns:
        if not turn.analysed:
            continue
        for rule in rules:
            if rule.scope == "sentence":
                spans = zip(turn.sentences, turn.sentence_words)
            else:
                spans = [((turn.body[0], turn.body[1]), sum(turn.sentence_words))] if turn.sentences else []
            for (start, end), words in spans:
                if words > rule.max:
                    yield make_finding(doc, rule.name, turn, start, end, words=words, limit=rule.max,
                                       id=f"{rule.name}.{rule.scope}")
