"""What every format parser shares: the row it yields, speaker-to-role words, JSON reading, times.

A parser turns text into rows `(speaker, text, role_from_file, start, end)`; times are
seconds from the start of the contact, or None when the source has none. The loader
(`workshop.loaders.build`) validates the rows, whatever format they came from.
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Mapping

from ..i18n import Notice, Text, WorkshopError
from ..model import ROLES
from ..words import fold

Row = tuple[str, str, "str | None", "float | None", "float | None"]


@dataclass
class Context:
    """What a parser may need besides the text: the file's name, the notices so far, the user's
    roles and, for CSV, the user's column names."""

    name: str | Text
    notices: list[Notice] = field(default_factory=list)
    roles: Mapping[str, str] | None = None
    columns: Mapping[str, str] | None = None


#: rows and metadata fields (title, language, channel, timing…) the format carries
Parsed = tuple[list[Row], dict[str, Any]]
Parser = Callable[[str, Context], Parsed]

# Speaker labels that name a role, matched case- and accent-insensitively on
# any word of the label ("Agente Laura", "CLIENTE 2", "Customer (Ana)").
DEFAULT_ROLE_WORDS: dict[str, str] = {
    **dict.fromkeys(
        "agente asesor asesora operador operadora ejecutivo ejecutiva gestor gestora teleoperador "
        "teleoperadora representante soporte agent rep advisor adviser operator representative support "
        "associate specialist".split(),
        "agent",
    ),
    **dict.fromkeys(
        "cliente usuario usuaria customer caller client user llamante abonado abonada titular".split(),
        "customer",
    ),
}


def role_for(label: str, roles: Mapping[str, str] | None = None) -> str | None:
    """The role a speaker label names, or None when it names none."""
    key = fold(label).strip()
    if roles:
        for user_label, role in roles.items():
            if fold(str(user_label)).strip() == key:
                if role not in ROLES:
                    raise WorkshopError("bad_role", role=role, speaker=label)
                return role
    for word in re.findall(r"\w+", key):
        if word in DEFAULT_ROLE_WORDS:
            return DEFAULT_ROLE_WORDS[word]
    return None


def pick(mapping: Mapping[str, Any], *keys: str) -> Any:
    lowered = {str(k).lower(): v for k, v in mapping.items()}
    for key in keys:
        if key in lowered:
            return lowered[key]
    return None


def read_json(text: str, name: str | Text) -> Any:
    """json.loads, with every way it can refuse a text turned into that text's message."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise WorkshopError("bad_json", name=name, line=exc.lineno, col=exc.colno) from None
    except RecursionError:  # lists in lists past the interpreter's recursion limit
        raise WorkshopError("json_too_deep", name=name) from None
    except ValueError:  # an integer over the int-to-str digit limit (CVE-2020-10735)
        limit = getattr(sys, "get_int_max_str_digits", lambda: 4300)()
        raise WorkshopError("json_huge_number", name=name, limit=limit) from None


# ---------------------------------------------------------------- times

def seconds(value: Any) -> float | None:
    """A number of seconds from a JSON number or a numeric string ("4.87", "1.300s"); None otherwise."""
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, (int, float)):
            number = float(value)
        elif isinstance(value, str) and len(value) < 40:
            number = float(value.strip().rstrip("s"))
        else:
            return None
    except (ValueError, OverflowError):  # not a number, or an integer past float's range
        return None
    if number != number or number in (float("inf"), float("-inf")) or number < 0:
        return None
    return number


_CLOCK = re.compile(r"(?:(\d{1,3}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?")


def clock(value: str) -> float | None:
    """Seconds from "hh:mm:ss,mmm", "mm:ss.mmm" or "mm:ss"; None when it is not one."""
    m = _CLOCK.fullmatch(value.strip())
    if not m:
        return None
    h, mi, s, frac = m.groups()
    return int(h or 0) * 3600 + int(mi) * 60 + int(s) + (int(frac.ljust(3, "0")) / 1000 if frac else 0.0)


def iso_time(value: Any) -> datetime | None:
    """An ISO 8601 date and time (Zendesk's "2024-03-12T10:42:05Z"); None when it is not one."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when


def stamp(when: datetime) -> float | None:
    """Seconds since the epoch; None for dates the platform cannot place (year 1, year 9999)."""
    try:
        return when.timestamp()
    except (OverflowError, ValueError, OSError):
        return None


def relative(times: list[float | None]) -> list[float | None]:
    """Times as seconds from the first known one, so every format starts the contact at 0."""
    known = [t for t in times if t is not None]
    if not known:
        return times
    first = min(known)
    return [None if t is None else round(t - first, 3) for t in times]


# Speech pieces of one speaker closer than this join into one turn; a longer pause keeps them
# apart, so the gap stays visible to the silence measure (whose threshold, 5 s by default, is above it).
SPEECH_MERGE_GAP = 2.0


def merge_runs(rows: list[Row], joiner: str = " ", max_gap: float | None = None) -> list[Row]:
    """Consecutive rows of one speaker become one turn: first start, last end (or last start).
    With `max_gap`, a pause that long or longer between them starts a new turn."""
    out: list[list[Any]] = []
    for speaker, body, role, start, end in rows:
        gap_ok = max_gap is None or start is None or not out or out[-1][4] is None or start - out[-1][4] < max_gap
        if out and out[-1][0] == speaker and gap_ok:
            out[-1][1] = f"{out[-1][1]}{joiner}{body}"
            out[-1][4] = end if end is not None else out[-1][4]
        else:
            out.append([speaker, body, role, start, end])
    return [tuple(r) for r in out]  # type: ignore[misc]
