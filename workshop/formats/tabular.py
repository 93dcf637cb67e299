"""CSV (and ; | tab separated) with a header row: which columns hold the speaker, the text and
the time is the user's choice (`columns`, or csv_columns in data/config/workshop.yaml), else
the usual names (speaker/hablante, text/texto, time/hora/start/inicio, end/fin, role/rol)."""
from __future__ import annotations

import csv
import io
from typing import Any, Mapping

from ..i18n import WorkshopError
from .base import Context, Parsed, Row, clock, iso_time, relative, seconds, stamp
from .native import SPEAKER_KEYS, TEXT_KEYS
from .plain import clock_of_day, day_times

TIME_KEYS = ("start", "time", "hora", "inicio", "timestamp", "start_time", "begin", "fecha")
END_KEYS = ("end", "fin", "end_time", "final")
COLUMN_KINDS = ("speaker", "text", "time", "end", "role")


def _header(text: str) -> tuple[list[str], csv.Dialect | type[csv.Dialect]]:
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    first = text.split("\n", 1)[0][:2000]
    try:
        return next(csv.reader([first], dialect)), dialect
    except (csv.Error, StopIteration):
        return [], dialect


def looks_like(text: str, columns: Mapping[str, str] | None = None) -> bool:
    """The first line is a header naming a speaker and a text column (the user's names or the usual ones).

    Split by hand on each delimiter rather than with csv.Sniffer: this runs on every pasted text."""
    first = text.lstrip("\ufeff").split("\n", 1)[0][:2000]
    for delimiter in (",", ";", "\t", "|"):
        lowered = {f.strip().strip('"').strip().lower() for f in first.split(delimiter)}
        if len(lowered) < 2:
            continue
        speaker = {columns["speaker"].strip().lower()} if columns and columns.get("speaker") else set()
        text_col = {columns["text"].strip().lower()} if columns and columns.get("text") else set()
        if lowered & (speaker | set(SPEAKER_KEYS)) and lowered & (text_col | set(TEXT_KEYS)):
            return True
    return False


def parse_csv(text: str, ctx: Context) -> Parsed:
    _, dialect = _header(text)
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    try:
        return _csv_rows(reader, ctx)
    except csv.Error:  # a field over the csv module's limit, or a quote left open
        raise WorkshopError("bad_csv", name=ctx.name, line=max(1, reader.reader.line_num),
                            limit=csv.field_size_limit()) from None


def _column(lowered: dict[str, str], wanted: str | None, keys: tuple[str, ...]) -> str | None:
    """The user's column when this file has it, else the first usual name it has (a batch over a
    folder applies one `columns` to files from different tools)."""
    if wanted and wanted.strip().lower() in lowered:
        return lowered[wanted.strip().lower()]
    return next((lowered[k] for k in keys if k in lowered), None)


def _csv_rows(reader: csv.DictReader, ctx: Context) -> Parsed:
    fields = [f for f in (reader.fieldnames or []) if f is not None]
    lowered = {f.strip().lower(): f for f in fields}
    columns = ctx.columns or {}
    speaker_col = _column(lowered, columns.get("speaker"), SPEAKER_KEYS)
    text_col = _column(lowered, columns.get("text"), TEXT_KEYS)
    if speaker_col is None or text_col is None:
        raise WorkshopError("csv_columns", name=ctx.name, columns=", ".join(fields) or "—")
    role_col = _column(lowered, columns.get("role"), ("role", "rol"))
    time_col = _column(lowered, columns.get("time"), TIME_KEYS)
    end_col = _column(lowered, columns.get("end"), END_KEYS)
    raw: list[tuple[str, str, str | None, str, str]] = []
    for row in reader:
        speaker = (row.get(speaker_col) or "").strip()
        body = (row.get(text_col) or "").strip()
        if not body:
            continue
        role = (row.get(role_col) or "").strip().lower() if role_col and role_col != speaker_col else None
        start = (row.get(time_col) or "").strip() if time_col else ""
        end = (row.get(end_col) or "").strip() if end_col else ""
        raw.append((speaker or "?", body, role or None, start, end))
    starts = _times([r[3] for r in raw])
    ends = _times([r[4] for r in raw], base=[r[3] for r in raw]) if end_col else [None] * len(raw)
    rows: list[Row] = [(r[0], r[1], r[2], s, e) for r, s, e in zip(raw, starts, ends)]
    meta: dict[str, Any] = {}
    if rows and all(s is not None for s in starts):
        meta["timing"] = "speech" if all(e is not None for e in ends) else "chat"
        if meta["timing"] == "chat":
            rows = [(r[0], r[1], r[2], r[3], r[3]) for r in rows]
    else:
        rows = [(r[0], r[1], r[2], None, None) for r in rows]
    return rows, meta


def _times(values: list[str], base: list[str] | None = None) -> list[float | None]:
    """A time column as seconds from the first row: plain seconds ("4.87"), a clock ("00:01:05,200",
    "10:42", "3:05 pm") or a date and time ("2024-03-12 10:42:05"). `base`: the start column,
    when these are the ends, so both count from the same first start."""
    sample = [v for v in (base or values) if v][:1]
    parsed: list[float | None] = []
    for value in values:
        parsed.append(_one(value) if value else None)
    origin_values = [_one(v) for v in sample]
    origin = origin_values[0] if origin_values and origin_values[0] is not None else None
    if origin is None:
        return relative(parsed)
    return [None if p is None else round(p - origin, 3) for p in parsed]


def _one(value: str) -> float | None:
    number = seconds(value)
    if number is not None and "s" not in value.lower():
        return number
    when = iso_time(value)
    if when is not None:
        return stamp(when)
    day = clock_of_day(value.lower())
    if day is not None and len(value) <= 11:
        return day
    return clock(value)
