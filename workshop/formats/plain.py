"""Plain text: "Speaker: text" lines, and chat logs whose lines carry a clock time ("[10:42] Ana: …")."""
from __future__ import annotations

import re
from typing import Any

from ..i18n import Notice
from ..words import fold
from .base import Context, Parsed, Row, role_for

_LABEL = re.compile(
    r"(?:\[?\(?(?P<time>\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?)\)?\]?\s*[-–]?\s*)?"  # optional time stamp
    r"(?P<label>[^\W\d][\w .'’()-]{0,39}?)\s*:"
)
# A label and its time stamp fit in this many characters. The pattern only ever
# sees that much of a line: on a whole line its lazy label and the spaces
# before the colon backtracked over every space of a long run.
LABEL_WINDOW = 120
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:([ap])\.?m\.?)?")


def clock_of_day(value: str) -> float | None:
    """Seconds since midnight of "10:42", "10:42:05" or "3:05 pm"."""
    m = _TIME.fullmatch(value.strip())
    if not m:
        return None
    hour, minute, second, half = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0), m.group(4)
    if half:
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return float(hour * 3600 + minute * 60 + second)


def day_times(clocks: list[float]) -> list[float]:
    """Clock times as seconds from the first; a time earlier than the one before crossed midnight."""
    out, day, previous = [], 0.0, None
    for value in clocks:
        if previous is not None and value + day < previous - 1:
            day += 86400.0
        previous = value + day
        out.append(previous)
    first = out[0] if out else 0.0
    return [round(v - first, 3) for v in out]


def parse_txt(text: str, ctx: Context) -> Parsed:
    """"Speaker: text" lines; an unlabelled line continues the previous turn.

    A label counts when it names a role or is used for two turns or more, so a
    line such as "Nota: llega el lunes" inside a turn stays part of it. When
    every turn's line starts with a clock time, the log is a timed chat.
    """
    lines = text.splitlines()
    candidates: list[tuple[str, str, str, str | None] | None] = []
    counts: dict[str, int] = {}
    for line in lines:
        stripped = line.lstrip()
        m = _LABEL.match(stripped[:LABEL_WINDOW])
        if m:
            label = m.group("label").strip()
            key = fold(label)
            candidates.append((label, stripped[m.end():].strip(), key, m.group("time")))
            counts[key] = counts.get(key, 0) + 1
        else:
            candidates.append(None)
    named: dict[str, str | None] = {}  # one role lookup per label, not per line
    rows: list[list[Any]] = []
    for line, cand in zip(lines, candidates):
        if cand and cand[2] not in named:
            named[cand[2]] = role_for(cand[0], ctx.roles)
        if cand and (named[cand[2]] or counts[cand[2]] >= 2):
            rows.append([cand[0], cand[1], None, cand[3]])
        elif line.strip():
            if rows:
                rows[-1][1] = f"{rows[-1][1]}\n{line.strip()}" if rows[-1][1] else line.strip()
            else:
                rows.append([None, line.strip(), None, None])
    if rows and rows[0][0] is None:
        if len(rows) == 1:
            ctx.notices.append(Notice("notice_one_speaker"))
            return [("?", rows[0][1], "agent", None, None)], {}
        rows[1][1] = rows[0][1] + "\n" + rows[1][1]  # a heading before the first speaker joins it
        rows.pop(0)
    clocks = [clock_of_day(r[3]) if r[3] else None for r in rows]
    if rows and len(rows) > 1 and all(c is not None for c in clocks):
        times = day_times(clocks)  # type: ignore[arg-type]
        out: list[Row] = [(r[0], r[1], r[2], s, s) for r, s in zip(rows, times)]
        return out, {"timing": "chat"}
    return [(r[0], r[1], r[2], None, None) for r in rows], {}
