"""Missing-empathy detector: the customer voices an emotion and the agent's next turn ignores it."""
from __future__ import annotations

import re
from typing import Iterator

from ..doc import Doc, Finding, make_finding
from ..register import adapt, register_of

# "what do I do??", "¡¡ya!!": doubled marks are how a chat or email shouts; urgency whatever the words.
_SHOUTED = re.compile(r"\?\?|!!|¡¡|¿¿")
# Which cue the finding names when the customer voiced several: the most serious. The packs file
# health, medical equipment and emergencies under urgency; money, children, the elderly and fear
# under worry; repeated contact ("twice", "es la tercera vez") under frustration.
_SERIOUSNESS = {"urgency": 5, "worry": 4, "anger": 3, "sadness": 2, "frustration": 1}
_SHOUT_SERIOUSNESS = 3  # doubled marks alone: below what the words say about health or money


def missing_empathy(doc: Doc) -> Iterator[Finding]:
    """The customer voices anger, worry, frustration or urgency and the agent's next turn ignores it.

    Until a customer feels heard they do not listen to the solution; the
    finding spans the agent's first sentence, where the acknowledgement belongs.
    """
    pending: list[tuple[int, str, str]] = []  # (seriousness, emotion, the customer's words)
    for turn in doc.turns:
        if turn.role == "customer":
            for m in turn.matches.get("emotion", ()):
                emotion = m.entry.emotion or "frustration"
                pending.append((_SERIOUSNESS.get(emotion, 0), emotion, turn.text[m.start:m.end]))
            shout = _SHOUTED.search(turn.text)
            if shout:
                start = max((s for s, _ in turn.sentences if s <= shout.start()), default=0)
                pending.append((_SHOUT_SERIOUSNESS, "urgency", turn.text[start:shout.end()]))
            continue
        if turn.role != "agent":
            continue
        if pending and turn.analysed and not turn.matches.get("empathy") and turn.sentences:
            _, emotion, cue = max(pending, key=lambda p: p[0])  # the most serious; the first of equals
            # The first sentence of the message proper: after an email's salutation line.
            start, end = next(((s, e) for s, e in turn.sentences if s >= turn.body[0]), turn.sentences[0])
            first = _without_acknowledgement(turn.text[start:end], doc)
            register = register_of(doc, turn)  # "Entiendo tu enojo" to an agent who says "vos"/"tú"
            openers = [adapt(o, register, doc.pack) for o in doc.pack.empathy_openers.get(emotion, [])[:3]]
            yield make_finding(
                doc, "missing-empathy", turn, start, end,
                suggestions=[f"{o} {first}".rstrip() for o in openers[:3]],
                emotion=emotion, cue=cue,
            )
        pending = []


def _without_acknowledgement(sentence: str, doc: Doc) -> str:
    """The first sentence without a bare opening "Vale." / "Right, …": the empathy opener takes its place.

    Left in after the opener, the acknowledgement would become a crutch in the middle of the reply.
    """
    words = sentence.split(None, 1)
    if not words:
        return sentence
    head = words[0].rstrip(".,;:!").lower()
    if head not in _opening_acknowledgements(doc.pack):
        return sentence
    rest = words[1] if len(words) > 1 else ""
    return rest[:1].upper() + rest[1:] if rest and not rest.startswith("¿") else rest


def _opening_acknowledgements(pack) -> frozenset:
    # a tuple key: the pack's cache also holds turn analyses keyed by the turn's text
    hit = pack.cache.get(("opening-acknowledgements",))
    if hit is None:
        hit = pack.cache[("opening-acknowledgements",)] = frozenset(
            e.phrase.lower() for e in pack.entries.get("filler", ()) if e.context and e.context.get("not_opening"))
    return hit
