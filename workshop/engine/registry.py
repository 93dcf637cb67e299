"""The detector registry: every detector `analyze` runs, in order.

A detector is a function from a `Doc` to findings (`Detector`). To add one,
write it in the family module under `workshop/engine/detectors/` and list it here.
"""
from __future__ import annotations

from typing import Callable, Iterator

from .detectors import blame, empathy, lexicon, questions, repetition, sentences
from .doc import Doc, Finding

Detector = Callable[[Doc], Iterator[Finding]]

DETECTORS: tuple[Detector, ...] = (
    lexicon.fillers,
    lexicon.redundancies,
    lexicon.wordy_phrases,
    lexicon.complex_words,
    lexicon.formal_phrases,
    blame.blame,
    lexicon.trainer_phrases,
    sentences.long_sentences,
    sentences.trainer_occurrences,
    repetition.repetitions,
    questions.closed_questions,
    empathy.missing_empathy,
)
