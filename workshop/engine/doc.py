"""The document model: what the detectors look at, and what they produce.

A `Doc` is a transcript read once: per turn its tokens, sentences, rule-pack
matches, questions and letter body (`TurnDoc`, built by `workshop.engine.build`).
A `Finding` is one thing to look at; `make_finding` words it from the
category messages. Plain data, no behaviour beyond that: every other engine
module imports this one, and it imports only the rule packs and text types.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from ..model import Transcript
from ..words import Token
from .rules import Entry, RulePack, category_messages, slug

CATEGORIES = (
    "filler", "repetition", "redundancy", "wordy", "long-sentence", "complex-word",
    "formal", "negative", "closed-question", "missing-empathy",
)
#: the rule slug of each built-in detector's findings (lexicon findings carry their entry's ID)
DETECTOR_SLUGS = {"closed-question": "run", "missing-empathy": "reply", "long-sentence": "words",
                  "repetition": "phrase"}
SEVERITY_RANK = {"low": 1, "medium": 2, "high": 3}


@dataclass(frozen=True)
class Finding:
    """One thing to look at: `transcript.turns[turn].text[start:end] == text`."""

    category: str
    turn: int
    start: int
    end: int
    text: str
    message: str
    suggestions: tuple[str, ...] = ()
    severity: str = "medium"
    #: stable dotted rule ID, e.g. "formal.le-informo-que" or "repetition.stammer"
    id: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "category": self.category, "turn": self.turn, "start": self.start, "end": self.end,
            "text": self.text, "message": self.message, "suggestions": list(self.suggestions),
            "severity": self.severity,
        }


@dataclass(frozen=True)
class Match:
    """A rule-pack phrase found in a turn, as token positions and character offsets."""

    entry: Entry
    first: int  # index of the first token
    last: int  # index of the last token
    start: int
    end: int


@dataclass(frozen=True)
class Question:
    start: int
    end: int
    open: bool


@dataclass
class TurnDoc:
    """A turn as the detectors see it: tokens, sentences, matches and questions."""

    index: int
    speaker: str
    role: str
    text: str
    tokens: tuple[Token, ...]
    sentences: tuple[tuple[int, int], ...]
    sentence_words: tuple[int, ...]
    matches: dict[str, list[Match]]
    questions: tuple[Question, ...]
    analysed: bool
    #: (start, end) of the message proper: an email's salutation line and signature are outside it
    body: tuple[int, int] = (0, 0)

    @property
    def word_count(self) -> int:
        return sum(t.is_word for t in self.tokens)


@dataclass
class Doc:
    transcript: Transcript
    pack: RulePack
    turns: list[TurnDoc]
    ui: str


# ---------------------------------------------------------------- findings

def message_for(category: str, ui: str, why: dict | None = None, **params) -> str:
    if why:
        return why[ui]
    return category_messages()["categories"][category]["message"][ui].format(**params)


def default_severity(category: str) -> str:
    return category_messages()["categories"][category]["severity"]


def make_finding(doc: Doc, category: str, turn: TurnDoc, start: int, end: int, *,
                 message_key: str | None = None, suggestions: Iterable[str] = (), severity: str | None = None,
                 why: dict | None = None, id: str = "", **params) -> Finding:
    text = turn.text[start:end]
    key = message_key or category
    return Finding(
        category=category, turn=turn.index, start=start, end=end, text=text,
        message=message_for(key, doc.ui, why, text=text, **params),
        suggestions=tuple(suggestions), severity=severity or default_severity(key),
        id=id or f"{category}.{DETECTOR_SLUGS.get(category) or slug(key)}",
    )
