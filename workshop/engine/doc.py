"""The document model: what the detectors look at, and what they produce.

A `Doc` is a transcript read once: per turn its tokens, sentences, rule-pack
matches, questions and letter body (`TurnDoc`, built by `workshop.engine.build`).
A `Finding` is one thing to look at, language-neutral: a message code and
its parameters, worded only when shown (`Finding.worded`), so switching the
interface language re-words without re-analysing. Plain data: every other
engine module imports this one, and it imports only the rule packs and text types.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Iterable

from ..model import Transcript
from ..words import Token, word_count
from .register import adapt, register_of
from .rules import PATTERN_SYNTAX, Entry, RulePack, category_info, category_message, category_messages, slug

CATEGORIES = (
    "filler", "repetition", "redundancy", "wordy", "long-sentence", "complex-word",
    "formal", "negative", "closed-question", "missing-empathy",
)


def categories_of(pack: RulePack) -> tuple[str, ...]:
    """The categories a pack can report: the built-in ones, then its trainers' own."""
    return CATEGORIES + tuple(pack.categories)
#: the rule slug of each built-in detector's findings (lexicon findings carry their entry's ID)
DETECTOR_SLUGS = {"closed-question": "run", "missing-empathy": "reply", "long-sentence": "words",
                  "repetition": "phrase"}
SEVERITY_RANK = {"low": 1, "medium": 2, "high": 3}


@dataclass(frozen=True)
class Finding:
    """One thing to look at: `transcript.turns[turn].text[start:end] == text`.

    The engine fills `code` and `params` (plus `why`, an entry's own
    explanation per language) and leaves `message` empty; `worded(ui)` is the
    copy a person reads.
    """

    category: str
    turn: int
    start: int
    end: int
    text: str
    #: the sentence a person reads; empty until `worded`
    message: str = ""
    suggestions: tuple[str, ...] = ()
    severity: str = "medium"
    #: stable dotted rule ID, e.g. "formal.le-informo-que" or "repetition.stammer"
    id: str = ""
    #: the message's key in the category messages ("filler", "stammer", "closed-question-run"…)
    code: str = ""
    #: the message's parameters, as (name, value) pairs; an "emotion" value is an emotion code
    params: tuple[tuple[str, Any], ...] = ()
    #: a rule entry's own explanation, as (language, text) pairs; replaces the category message
    why: tuple[tuple[str, str], ...] = ()

    def worded(self, ui: str, variety: str | None = None) -> "Finding":
        """This finding with its message in `ui` (a finding built with a message stays as it is);
        `variety` ("es-AR") picks its own word for an emotion where the catalog has one."""
        if not self.code:
            return self
        return replace(self, message=word(self.code, ui, self.why, dict(self.params), variety))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "category": self.category, "turn": self.turn, "start": self.start, "end": self.end,
            "text": self.text, "code": self.code, "params": dict(self.params), "message": self.message,
            "suggestions": list(self.suggestions), "severity": self.severity,
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
    #: a request or offer in question form ("¿Me da su número?", "Shall I go ahead?"): not a yes/no probe
    request: bool = False


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
        return word_count(self.tokens)


@dataclass
class Doc:
    transcript: Transcript
    pack: RulePack
    turns: list[TurnDoc]


# ---------------------------------------------------------------- findings

def word(code: str, ui: str, why: Iterable[tuple[str, str]] = (), params: dict | None = None,
         variety: str | None = None) -> str:
    """The message of `code` in `ui`: an entry's own `why` if it has one, else its category's.

    An emotion is named in the transcript's variety when the UI speaks its language and the
    catalog has a word of its own for it ("enojo" for es-AR, "enfado" for es-ES)."""
    why = dict(why)
    if why:
        return why.get(ui) or next(iter(why.values()))
    params = dict(params or {})
    data = category_messages()
    if "emotion" in params:
        labels = data["emotions"][params["emotion"]]
        own = variety is not None and variety.split("-", 1)[0] == ui
        params["emotion"] = labels.get(variety) if own and variety in labels else labels[ui]
    return category_message(code, ui).format(**params)


def default_severity(category: str) -> str:
    # A plain dict of the built-in severities first: category_info's lookups were a tenth of
    # make_finding's time (profiled), and a finding is made for every match.
    return _builtin_severities().get(category) or category_info(category)["severity"]


@lru_cache(maxsize=1)
def _builtin_severities() -> dict[str, str]:
    return {code: info["severity"] for code, info in category_messages()["categories"].items()}


def _agreeing(phrase: str, written: str, suggestions):
    """The suggestions in the person and form the agent used.

    One entry matches every person ("repito otra vez" also catches "repites
    otra vez", "le informo que" also "te informo que"), so a suggestion that
    reuses the entry's words takes the written ones: "repites", "te cuento que".
    Only plain phrases of as many words as were written are mapped word by word.
    """
    if not suggestions or not PATTERN_SYNTAX.isdisjoint(phrase):
        return suggestions
    key = (id(suggestions), phrase, written)  # the same phrase is written the same few ways: memoized
    hit = _AGREEING.get(key)
    if hit is not None and hit[0] is suggestions:
        return hit[1]
    ours, theirs = phrase.split(), written.split()
    swap = {a.lower(): b for a, b in zip(ours, theirs) if a.lower() != b.lower()} if len(ours) == len(theirs) else {}
    found = [" ".join(swap.get(w.lower(), w) for w in s.split(" ")) for s in suggestions] if swap else suggestions
    if len(_AGREEING) > 20000:
        _AGREEING.clear()
    _AGREEING[key] = (suggestions, found)  # the suggestions kept with it, so their id is not reused meanwhile
    return found


_AGREEING: dict[tuple[int, str, str], tuple[Any, Any]] = {}


def suggestions_for(turn, match: Match, doc: "Doc | None" = None):
    """A pack match's suggestions, in the person the agent wrote (see _agreeing) and, given the
    doc, in the agent's register (tú or vos rather than the packs' usted: engine.register)."""
    found = _agreeing(match.entry.phrase, turn.text[match.start:match.end], match.entry.suggest)
    if doc is not None and doc.pack.register_forms and found:
        register = register_of(doc, turn)
        if register != "usted":
            found = [adapt(s, register, doc.pack) for s in found]  # adapt keeps each string said once
    return found


def turn_findings(doc: "Doc", turn: TurnDoc, detector: str, build) -> tuple["Finding", ...]:
    """One turn's findings from a detector that reads that turn alone, cached by its text (RulePack.cache).

    Findings are immutable, so a keystroke makes new ones for the edited turn only (rebuilding every
    turn's findings was a fifth of a live edit, profiled). The key holds what else they depend on:
    the turn's place and, in Spanish, the register its suggestions are said in.
    """
    register = register_of(doc, turn) if doc.pack.register_forms else ""
    key = ("findings", detector, turn.index, turn.text, register)
    hit = doc.pack.cache.get(key)
    if hit is None:
        hit = doc.pack.cache[key] = tuple(build())
    return hit


def make_finding(doc: Doc, category: str, turn: TurnDoc, start: int, end: int, *,
                 message_key: str | None = None, suggestions: Iterable[str] = (), severity: str | None = None,
                 why: dict | None = None, id: str = "", **params) -> Finding:
    text = turn.text[start:end]
    key = message_key or category
    return Finding(
        category=category, turn=turn.index, start=start, end=end, text=text,
        suggestions=tuple(suggestions), severity=severity or default_severity(key),
        id=id or f"{category}.{DETECTOR_SLUGS.get(category) or slug(key)}",
        code=key, params=tuple({"text": text, **params}.items()), why=tuple((why or {}).items()),
    )
