"""Read transcripts from files, uploads and pasted text, and refuse what the exercise can't use.

Every refusal is a `WorkshopError` that says what was wrong and what to do, in
Spanish or English; nothing here lets a traceback reach a user.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Iterable, Mapping

from .files import human_size, read_user_file
from .formats import Context, detect
from .formats.base import DEFAULT_ROLE_WORDS, pick as _pick, read_json, role_for  # noqa: F401 (the loader's API)
from .formats.native import SPEAKER_KEYS, TEXT_KEYS
from .formats.plain import LABEL_WINDOW, _LABEL  # noqa: F401
from .i18n import Notice, Text, WorkshopError
from .model import CHANNELS, ROLES, Transcript, Turn
from .language import detect_language
from .redact import RedactionCounts, Redactor, kinds_for
from .words import count_words, fold, one_line, strip_control, tokenize, word_count

DEFAULT_MAX_WORDS = 500  # the exercise's rule: a transcript short enough to read aloud together
MAX_BYTES = 1_000_000  # refused before reading: Voilà's websocket caps messages near 10 MB
FORMATS = (".txt", ".json", ".csv", ".vtt", ".srt")
# 500 words of conversation are about 3,000 characters; 40 per word leaves room for
# URLs and codes while refusing a pasted log or a key held down before any analysis.
CHARS_PER_WORD = 40
# The shipped 500-word samples have at most 40 lines; ten lines per word of the
# limit refuses a flood of empty "a:" lines before each costs a parse.
LINES_PER_WORD = 10
# A title is a heading and a speaker a label beside each turn: longer ones are
# pasted text in the wrong field (a 990 KB speaker name was accepted).
TITLE_LIMIT = 200
SPEAKER_LIMIT = 80
_TEXT_BYTES = bytes(range(9, 14)) + bytes(range(32, 256))

# ---------------------------------------------------------------- decoding

def decode(data: bytes, name: str | Text) -> tuple[str, list[Notice]]:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, then Windows-1252 with a notice."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), [Notice("notice_utf16", name=name)]
        except UnicodeDecodeError:
            raise WorkshopError("undecodable", name=name) from None
    head = data[:8192]
    controls = len(head.translate(None, _TEXT_BYTES))  # bytes below 32 other than \t \n \v \f \r
    if b"\x00" in head or controls > max(8, len(head) // 100):
        raise WorkshopError("binary", name=name)
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), [Notice("notice_cp1252", name=name)]
    except UnicodeDecodeError:
        raise WorkshopError("undecodable", name=name) from None


# ---------------------------------------------------------------- roles

def _assign_roles(raw: list[tuple[str, str, str | None, float | None, float | None]],
                  roles: Mapping[str, str] | None, notices: list[Notice]) -> list[Turn]:
    """Turns from (speaker, text, role-from-file, start, end) rows; unknown roles are inferred and said."""
    known = {}
    for speaker, _, given, _, _ in raw:
        if speaker not in known:
            role = role_for(speaker, roles)
            if role is None and given:
                role = role_for(given) or (given if given in ROLES else None)
            known[speaker] = role
    unknown = [s for s, r in known.items() if r is None]
    if unknown:
        present = set(known.values()) - {None}
        if present == {"agent"}:
            fill = dict.fromkeys(unknown, "customer")
        elif present == {"customer"}:
            fill = dict.fromkeys(unknown, "agent")
        elif not present:
            # Nobody named a role: agents open most contacts, so the first
            # speaker is the agent; the user is told and can say otherwise.
            fill = {s: ("agent" if i == 0 else "customer") for i, s in enumerate(unknown)}
            if len(unknown) > 1:
                notices.append(Notice("notice_guessed_roles", speakers=", ".join(unknown), agent=unknown[0]))
        else:
            fill = dict.fromkeys(unknown, "other")
        known.update(fill)
    return [Turn(speaker, known[speaker], text, start, end) for speaker, text, _, start, end in raw]


# ---------------------------------------------------------------- entry points


def _metadata_fields(meta: dict[str, Any]) -> dict[str, Any]:
    known = {}
    for key in ("title", "language", "channel", "scenario"):
        value = meta.get(key)
        if isinstance(value, str):
            known[key] = one_line(value, TITLE_LIMIT) if key in ("title", "scenario") else value
    return known


def _speaker(value: str, name: str | Text) -> str:
    """A speaker label as stored: one line without control characters, refused past SPEAKER_LIMIT."""
    label = " ".join(strip_control(value).split()) or "?"
    if len(label) > SPEAKER_LIMIT:
        raise WorkshopError("speaker_too_long", name=name, speaker=label[:30], length=len(label), limit=SPEAKER_LIMIT)
    return label


# Turns up to this length are counted from their tokens (words.tokenize, cached by text), which the
# engine reads next anyway: a fresh load + analyze then scans each turn once, not twice (profiled:
# count_words was the loader's top item, 0.1-0.2 ms per 500 words). Longer turns, and every turn once
# the count passes the limit, keep the token-free count, so a huge upload is refused as fast as before.
_TOKENIZE_CHARS = 4000


def _count_words(cleaned: list[tuple], limit: int) -> int:
    words = 0
    for _, body, *_ in cleaned:
        if words <= limit and len(body) <= _TOKENIZE_CHARS:
            words += word_count(tokenize(body))
        else:
            words += count_words(body)
    return words


def build(rows: list[tuple], *, name: str | Text, notices: list[Notice],
          meta: dict[str, Any] | None = None, lang: str | None = None, roles: Mapping[str, str] | None = None,
          max_words: int | None = DEFAULT_MAX_WORDS, source: str = "",
          redact: bool | Iterable[str] = True) -> Transcript:
    """Validate rows and make the transcript: the checks every format shares.

    A row is (speaker, text, role-from-file) or, from a source with times,
    (speaker, text, role, start, end) in seconds (workshop.formats.base.Row).
    Personal data is masked here, the one step every format and the paste box pass through,
    so nothing after the loaders (sessions, reports, exports) ever holds it. `redact` is
    True (every kind of workshop.redact.KINDS), False for data already clean, or the kinds to mask.
    """
    meta = dict(meta or {})
    cleaned = []
    removed = 0
    for speaker, body, role, *times in rows:
        clean = strip_control(body)
        removed += len(body) - len(clean)
        start, end = (round(float(x), 3) if x is not None else None for x in (times + [None, None])[:2])
        cleaned.append((_speaker(speaker, name), clean.strip(), role, start, end))
    if removed and not any(n.code == "notice_control_chars" for n in notices):
        notices.append(Notice("notice_control_chars", count=removed))
    cleaned = [r for r in cleaned if r[1]]
    if not cleaned:
        raise WorkshopError("no_speech", name=name)
    words = _count_words(cleaned, max_words or DEFAULT_MAX_WORDS)
    if max_words and words > max_words:
        raise WorkshopError("too_many_words", words=words, limit=max_words)
    chars = sum(len(r[1]) for r in cleaned)
    budget = max_words or max(words, DEFAULT_MAX_WORDS)  # no word limit still means no pasted log
    if chars > budget * CHARS_PER_WORD:
        raise WorkshopError("too_many_chars", chars=chars, limit=budget * CHARS_PER_WORD, words=budget)
    turns = _assign_roles(cleaned, roles, notices)
    if meta.get("timing") and not all(t.start is not None for t in turns):
        meta.pop("timing")  # a turn without a time: no measure from times at all
    fields = _metadata_fields(meta)
    language = lang or fields.get("language")
    if language is not None and language not in ("es", "en"):
        raise WorkshopError("bad_language", lang=language)
    if language is None:
        language = detect_language(" ".join(t.text for t in turns))
    channel = fields.get("channel", "")
    title = fields.get("title", "")
    metadata = {k: v for k, v in meta.items() if k not in ("title", "language", "channel", "scenario")}
    kinds = kinds_for(redact)
    if kinds:
        redactor = Redactor(language, kinds)
        turns = redactor.turns(turns)
        title = redactor.text(title)
        if isinstance(metadata.get("model_rewrite"), list):  # a library file's rewrite repeats the turns' data
            metadata["model_rewrite"] = [
                {**e, "text": redactor.text(e["text"])} if isinstance(e, dict) and isinstance(e.get("text"), str) else e
                for e in metadata["model_rewrite"]]
        if redactor.counts:
            notices.append(Notice("notice_redacted", items=RedactionCounts(redactor.counts)))
    return Transcript(
        turns=turns,
        language=language,
        title=title,
        channel=channel if channel in CHANNELS else "",
        scenario=fields.get("scenario", ""),
        source=source,
        metadata=metadata,
        notices=notices,
    )


def load_text(text: str, *, name: str | Text | None = None, fmt: str = ".txt", lang: str | None = None,
              roles: Mapping[str, str] | None = None, max_words: int | None = DEFAULT_MAX_WORDS,
              source: str = "", notices: list[Notice] | None = None,
              columns: Mapping[str, str] | None = None, redact: bool | Iterable[str] = True) -> Transcript:
    """A transcript from text in one of the formats, told apart by content (`fmt`, the file's
    extension, only breaks ties; pasted text is `.txt`). `columns` names a CSV's speaker,
    text, time, end and role columns; `redact` as in `build`."""
    name = name or Text("pasted_text")
    notices = notices if notices is not None else []
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # Windows and old Mac line endings
    clean = strip_control(text)  # before parsing: a pasted RTL mark must not hide a "Speaker:" label
    if len(clean) != len(text):
        notices.append(Notice("notice_control_chars", count=len(text) - len(clean)))
        text = clean
    if not text.strip():
        raise WorkshopError("empty", name=name)
    # What splitlines() splits on, once control characters are gone.
    lines = text.count("\n") + text.count("\u2028") + text.count("\u2029") + 1
    if max_words and lines > max_words * LINES_PER_WORD:
        raise WorkshopError("too_many_lines", name=name, lines=lines, limit=max_words * LINES_PER_WORD, words=max_words)
    try:
        parser = detect(text, fmt.lower(), columns)
    except WorkshopError as exc:
        raise WorkshopError(exc.code, **{**exc.params, "name": name}) from None
    rows, meta = parser(text, Context(name, notices, roles, columns))
    return build(rows, name=name, notices=notices, meta=meta, lang=lang, roles=roles,
                 max_words=max_words, source=source or (name if isinstance(name, str) else "paste"), redact=redact)


def load_bytes(data: bytes, name: str, **kwargs) -> Transcript:
    """A transcript from an upload's bytes; the size is checked before anything is decoded.

    `redact=False` (passed on to `build`) keeps personal data for files already cleaned."""
    if len(data) > MAX_BYTES:
        raise WorkshopError("too_large", name=name, size=human_size(len(data)), limit=human_size(MAX_BYTES))
    if not data.strip():
        raise WorkshopError("empty", name=name)
    ext = Path(name).suffix.lower()
    if ext not in FORMATS:
        raise WorkshopError("unknown_format", name=name, ext=ext or "—")
    notices: list[Notice] = []
    text, decode_notices = decode(data, name)
    notices.extend(decode_notices)
    return load_text(text, name=name, fmt=ext, notices=notices, **kwargs)


def load_file(path: str | os.PathLike, **kwargs) -> Transcript:
    """A transcript from a regular file; over 1 MB, a pipe or a device is refused before reading.

    `redact=False` (passed on to `build`) keeps personal data for files already cleaned."""
    data = read_user_file(path, MAX_BYTES, name=Path(path).name)
    kwargs.setdefault("source", str(path))
    return load_bytes(data, Path(path).name, **kwargs)


def looks_like_path(value: str) -> bool:
    return "\n" not in value and len(value) < 4096 and (
        Path(value).suffix.lower() in FORMATS or os.path.exists(value)
    )


def load(source: str | os.PathLike | bytes | Transcript | Iterable[Mapping[str, str]], **kwargs) -> Transcript:
    """A transcript from a path, pasted text, raw bytes or a list of {speaker, text} turns.

    Personal data is masked unless `redact=False` (or a set of kinds to mask: workshop.redact.KINDS).
    A Transcript passes through as it is: it was masked when it was loaded."""
    if isinstance(source, Transcript):
        return source
    if isinstance(source, os.PathLike):
        return load_file(source, **kwargs)
    if isinstance(source, (bytes, bytearray, memoryview)):
        return load_bytes(bytes(source), kwargs.pop("name", "upload.txt"), **kwargs)
    if isinstance(source, str):
        if looks_like_path(source):
            return load_file(source, **kwargs)
        return load_text(source, **kwargs)
    rows = []
    for i, item in enumerate(source, start=1):
        speaker, body = _pick(item, *SPEAKER_KEYS), _pick(item, *TEXT_KEYS)
        if not isinstance(speaker, str) or not isinstance(body, str):
            raise WorkshopError("json_turn", name=kwargs.get("name", "turns"), index=i)
        rows.append((speaker, body, item.get("role")))
    name = kwargs.pop("name", "turns")
    return build(rows, name=name, notices=[], **kwargs)
