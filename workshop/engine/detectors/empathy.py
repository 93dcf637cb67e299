"""Missing-empathy detector: the customer voices an emotion and the agent's next turn ignores it."""
from __future__ import annotations

from typing import Iterator

from ..doc import Doc, Finding, Match, TurnDoc, make_finding


def missing_empathy(doc: Doc) -> Iterator[Finding]:
    """The customer voices anger, worry, frustration or urgency and the agent's next turn ignores it.

    Until a customer feels heard they do not listen to the solution; the
    finding spans the agent's first sentence, where the acknowledgement belongs.
    """
    pending: list[tuple[TurnDoc, Match]] = []
    for turn in doc.turns:
        if turn.role == "customer":
            pending.extend((turn, m) for m in turn.matches.get("emotion", ()))
            continue
        if turn.role != "agent":
            continue
        if pending and turn.analysed and not turn.matches.get("empathy") and turn.sentences:
            cue_turn, cue = pending[0]
            emotion = cue.entry.emotion or "frustration"
            # The first sentence of the message proper: after an email's salutation line.
            start, end = next(((s, e) for s, e in turn.sentences if s >= turn.body[0]), turn.sentences[0])
            first = turn.text[start:end]
            openers = doc.pack.empathy_openers.get(emotion, [])
            yield make_finding(
                doc, "missing-empathy", turn, start, end,
                suggestions=[f"{o} {first}" for o in openers[:3]],
                emotion=emotion, cue=cue_turn.text[cue.start:cue.end],
            )
        pending = []
