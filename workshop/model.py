"""The transcript: ordered turns plus what the library knows about it."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from .i18n import Notice
from .words import count_words

ROLES = ("agent", "customer", "other")
CHANNELS = ("phone", "chat", "email")


@dataclass(frozen=True)
class Turn:
    speaker: str
    role: str
    text: str
    #: seconds from the start of the contact, when the source has times (speech-to-text, subtitles,
    #: timed chats); None otherwise. A chat message is an instant: its start, and end = its last message.
    start: float | None = None
    end: float | None = None

    @property
    def words(self) -> int:
        return count_words(self.text)


@dataclass
class Transcript:
    turns: list[Turn]
    language: str = "es"
    title: str = ""
    channel: str = ""
    scenario: str = ""
    source: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)

    @property
    def words(self) -> int:
        return sum(t.words for t in self.turns)

    @property
    def text(self) -> str:
        return "\n".join(f"{t.speaker}: {t.text}" for t in self.turns)

    def with_texts(self, texts: dict[int, str]) -> "Transcript":
        """A copy with some turns' text replaced: how a rewrite is represented.

        A rewritten turn loses its times (nobody has said it yet): the rewrite's
        speaking time is the estimate from words, never the original's clock.
        """
        turns = [replace(t, text=texts[i], start=None, end=None) if i in texts and texts[i] != t.text else t
                 for i, t in enumerate(self.turns)]
        return replace(self, turns=turns, notices=list(self.notices))

    def model_rewrite(self) -> "Transcript | None":
        """The library's model rewrite applied to this transcript, if it has one."""
        entries = self.metadata.get("model_rewrite") or []
        if not entries:
            return None
        return self.with_texts({int(e["turn"]): str(e["text"]) for e in entries})

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "language": self.language,
            "channel": self.channel,
            "scenario": self.scenario,
            "source": self.source,
            **{k: v for k, v in self.metadata.items()},
            "turns": [_turn_dict(t) for t in self.turns],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Transcript":
        """The inverse of `to_dict`: how a saved session gets its transcript back exactly."""
        known = {"title", "language", "channel", "scenario", "source", "turns"}
        turns = [Turn(str(t["speaker"]), str(t["role"]), str(t["text"]), _time(t.get("start")), _time(t.get("end")))
                 for t in data["turns"]]
        return cls(turns, language=data.get("language", "es"), title=data.get("title", ""),
                   channel=data.get("channel", ""), scenario=data.get("scenario", ""), source=data.get("source", ""),
                   metadata={k: v for k, v in data.items() if k not in known})


def _turn_dict(turn: Turn) -> dict[str, Any]:
    """A turn as saved: times only when it has them, so files without times stay as they were."""
    out: dict[str, Any] = {"speaker": turn.speaker, "role": turn.role, "text": turn.text}
    if turn.start is not None:
        out["start"] = turn.start
    if turn.end is not None:
        out["end"] = turn.end
    return out


def _time(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
