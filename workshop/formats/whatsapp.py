"""WhatsApp (Business) chat exports, Android and iOS line formats, Spanish and English locales.

Android: "12/03/24, 10:42 - Nombre: texto"; iOS: "[12/03/24, 10:42:05] Nombre: texto".
Dates are day/month or month/year-first by locale, years two or four digits, times 24 h or
12 h ("10:42 p. m.", "10:42 PM"). Media placeholders and system lines are skipped; a line
without a date continues the message before it. WhatsApp publishes no schema for the
export; the line shapes are those of the app's own exports in both locales, as described
for Android and iOS by whatstk's guide
(https://github.com/lucasrodes/whatstk/blob/69412716a89f410b78e12a183ba04332402bedd3/docs/source/getting_started/export_chat.rst).
Hand-written rather than with whatstk: that is an analytics package (plotting included) for a
line format two patterns read, and the skipping of media placeholders and system lines, the
locale's date order and the bounded, per-line matching that keeps a hostile file linear
(tests/test_hostile.py) would have to be added around it anyway.
"""
from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from ..i18n import Notice, WorkshopError
from ..words import fold
from .base import Context, Parsed, Row, merge_runs

_DATE = r"(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4}),?\s"
_TIME = r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[\s\u202f\u00a0]*([aApP])\.?[\s\u202f\u00a0]?[mM]\.?)?"
# The name is at most 80 characters and cannot hold ": ", so the lazy match tries at most 80
# places on a line; the patterns only ever see the first WINDOW characters of it.
ANDROID = re.compile(_DATE + _TIME + r"\s[-–]\s(?:(?P<name>[^:\n]{1,80}?):\s)?")
IOS = re.compile(r"\[" + _DATE + _TIME + r"\]\s(?:(?P<name>[^:\n]{1,80}?):\s)?")
WINDOW = 160

# Compared folded, the whole message; "<adjunto: …>" and "… (archivo adjunto)" by prefix/suffix.
MEDIA = frozenset(fold(s) for s in (
    "<Multimedia omitido>", "<Media omitted>", "imagen omitida", "image omitted", "audio omitido",
    "audio omitted", "video omitido", "video omitted", "sticker omitido", "sticker omitted", "GIF omitido",
    "GIF omitted", "documento omitido", "document omitted", "Contact card omitted", "Tarjeta de contacto omitida",
    "Se eliminó este mensaje.", "Eliminaste este mensaje.", "This message was deleted", "You deleted this message",
    "null",
))
SYSTEM = tuple(fold(s) for s in (
    "Los mensajes y las llamadas están cifrados de extremo a extremo",
    "Messages and calls are end-to-end encrypted",
    "Los mensajes temporales", "Disappearing messages", "Activaste los mensajes temporales",
    "Esta empresa usa un servicio seguro", "This business uses a secure service",
    "Esta empresa trabaja con otras empresas", "This business works with other companies",
    "Este chat es con una cuenta de empresa", "This chat is with a business account",
    "cambió su número de teléfono", "changed their phone number", "changed to", "creó el grupo", "created group",
))


def _match(line: str) -> re.Match | None:
    head = line.lstrip("\ufeff\u200e\u200f ")[:WINDOW]
    return IOS.match(head) if head.startswith("[") else ANDROID.match(head)


def looks_like(text: str) -> bool:
    """Most of the first non-empty lines start with a WhatsApp date and time."""
    lines = [line for line in text.splitlines()[:20] if line.strip()][:8]
    hits = sum(1 for line in lines if _match(line))
    return hits >= 1 and hits * 2 >= len(lines)


def _skipped(body: str) -> bool:
    key = fold(body.strip().lstrip("\u200e"))
    return (key in MEDIA or key.startswith(SYSTEM) or (key.startswith("<") and key.endswith("omitido>"))
            or key.endswith("(archivo adjunto)") or key.endswith("(file attached)") or key.startswith("<adjunto:")
            or key.startswith("<attached:"))


def parse_whatsapp(text: str, ctx: Context) -> Parsed:
    messages: list[list[Any]] = []  # [name, body, date fields]
    for line in text.splitlines():
        m = _match(line)
        if m is None:
            if messages and line.strip():
                messages[-1][1] += "\n" + line.strip()
            continue
        stripped = line.lstrip("\ufeff\u200e\u200f ")
        body = stripped[m.end():] if m.group("name") else ""
        messages.append([m.group("name"), body.strip(), m.groups()[:7]])
    dated = [(n, b, f) for n, b, f in messages if n]
    if not dated:
        raise WorkshopError("whatsapp_empty", name=ctx.name)
    day_first = _day_first([f for _, _, f in dated])
    rows: list[Row] = []
    skipped = 0
    first: datetime | None = None
    for name, body, fields in dated:
        if _skipped(body) or _skipped(name) or not body.strip():
            skipped += 1
            continue
        when = _when(fields, day_first)
        if when is not None and first is None:
            first = when
        start = None if when is None or first is None else round((when - first).total_seconds(), 3)
        rows.append((name.strip(), body.strip(), None, start, start))
    if skipped:
        ctx.notices.append(Notice("notice_chat_skipped", count=skipped))
    timed = all(r[3] is not None and r[3] >= 0 for r in rows)
    if not timed:
        rows = [(r[0], r[1], r[2], None, None) for r in rows]
    return merge_runs(rows, "\n"), ({"timing": "chat", "channel": "chat"} if timed else {"channel": "chat"})


def _day_first(dates: list[tuple]) -> bool:
    """Day/month unless some date can only be month/day (US English exports)."""
    for fields in dates:
        a, b = int(fields[0]), int(fields[1])
        if len(fields[0]) == 4:  # year first: 2024-03-12
            continue
        if a > 12:
            return True
        if b > 12:
            return False
    return True


def _when(fields: tuple, day_first: bool) -> datetime | None:
    a, b, c, hour, minute, second, half = fields
    if len(a) == 4:
        year, month, day = int(a), int(b), int(c)
    else:
        day, month = (int(a), int(b)) if day_first else (int(b), int(a))
        year = int(c) + (2000 if len(c) <= 2 else 0)
    h = int(hour)
    if half:
        h = h % 12 + (12 if half.lower() == "p" else 0)
    try:
        return datetime(year, month, day, h, int(minute), int(second or 0))
    except ValueError:
        return None
