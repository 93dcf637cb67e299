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
