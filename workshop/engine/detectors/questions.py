"""Closed-question detector: the agent's yes/no questions, above all several in a row."""
from __future__ import annotations

from typing import Iterator

from ..doc import Doc, Finding, TurnDoc, make_finding


def closed_questions(doc: Doc) -> Iterator[Finding]:
    """Yes/no questions from the agent, above all several in a row.

    A string of closed questions feels like an interrogation and needs many
    turns; one open question ("¿Qué ve en el router?") gets the same facts at once.
    """
    run: list[tuple[TurnDoc, object]] = []
    threshold = doc.pack.settings["closed_question_run"]

    def flush():
        severity_key = "closed-question-run" if len(run) >= threshold else "closed-question"
        for turn, q in run:
            yield make_finding(doc, "closed-question", turn, q.start, q.end, message_key=severity_key, count=len(run))
        run.clear()

    for turn in doc.turns:
        if turn.role != "agent" or not turn.analysed:
            if turn.role != "agent":
                yield from flush()  # the customer answered: the next question starts a new run
            continue
        if not turn.questions:
            yield from flush()
            continue
        fillers = turn.matches.get("filler", ())
        for q in turn.questions:
            if _only_filler(turn, q, fillers):
                continue  # "¿vale?", "right?": a tag, reported as a filler
            if q.request:
                continue  # "¿Me da su número?", "Shall I go ahead?": a request or an offer, not a probe
            if q.open:
                yield from flush()
            else:
                run.append((turn, q))
    yield from flush()


def _only_filler(turn: TurnDoc, q, fillers) -> bool:
    words = [t for t in turn.tokens if t.is_word and q.start <= t.start < q.end]
    return bool(words) and all(any(m.start <= w.start and w.end <= m.end for m in fillers) for w in words)
