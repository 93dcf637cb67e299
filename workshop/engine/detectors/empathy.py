"""Missing-empathy detector: the customer voices an emotion and the agent's next turn ignores it."""
from __future__ import annotations

import re
from typing import Iterator

from ..doc import Doc, Finding, TurnDoc, make_finding

# "what do I do??", "¡¡ya!!": doubled marks are how a chat or email shouts; urgency whatever the words.
_SHOUTED = re.compile(r"\?\?|!!|¡¡|¿¿")


def missing_empathy(doc: Doc) -> Iterator[Finding]:
    """The customer voices anger, worry, frustration or urgency and the agent's next turn ignores it.

    Until a customer feels heard they do not listen to the solution; the
    finding spans the agent's first sentence, where the acknowledgement belongs.
    """
    pending: list[tuple[str, str]] = []  # (emotion, the customer's words)
    for turn in doc.turns:
        if turn.role == "customer":
            pending.extend((m.entry.emotion or "frustration", turn.text[m.start:m.end])
                           for m in turn.matches.get("emotion", ()))
            shout = _SHOUTED.search(turn.text)
            if shout:
                start = max((s for s, _ in turn.sentences if s <= shout.start()), default=0)
                pending.append(("urgency", turn.text[start:shout.end()]))
            continue
        if turn.role != "agent":
            continue
        if pending and turn.analysed and not turn.matches.get("empathy") and turn.sentences:
            emotion, cue = pending[0]
            # The first sentence of the message proper: after an email's salutation line.
            start, end = next(((s, e) for s, e in turn.sentences if s >= turn.body[0]), turn.sentences[0])
            first = turn.text[start:end]
            openers = doc.pack.empathy_openers.get(emotion, [])
            yield make_finding(
                doc, "missing-empathy", turn, start, end,
                suggestions=[f"{o} {first}" for o in openers[:3]],
                emotion=emotion, cue=cue,
            )
        pending = []
