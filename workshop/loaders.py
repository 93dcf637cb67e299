"""Read transcripts from files, uploads and pasted text, and refuse what the exercise can't use.

Every refusal is a `WorkshopError` that says what was wrong and what to do, in
Spanish or English; nothing here lets a traceback reach a user.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from pathlib import Path
from typing import Any, Iterable, Mapping

from .files import human_size, read_user_file
from .i18n import Notice, Text, WorkshopError
from .model import CHANNELS, ROLES, Transcript, Turn
from .language import detect_language
from .redact import RedactionCounts, Redactor, kinds_for
from .words import count_words, fold, one_line, strip_control, tokenize

DEFAULT_MAX_WORDS = 500  # the exercise's rule: a transcript short enough to read aloud together
MAX_BYTES = 1_000_000  # refused before reading: Voilà's websocket caps messages near 10 MB
FORMATS = (".txt", ".json", ".csv", ".vtt")
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

_LABEL = re.compile(
    r"(?:\[?\(?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\)?\]?\s*[-–]?\s*)?"  # optional time stamp
    r"(?P<label>[^\W\d][\w .'’()-]{0,39}?)\s*:"
)
# A label and its time stamp fit in this many characters. The pattern only ever
# sees that much of a line: on a whole line its lazy label and the spaces
# before the colon backtracked over every space of a long run.
LABEL_WINDOW = 120


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

def role_for(label: str, roles: Mapping[str, str] | None = None) -> str | None:
    """The role a speaker label names, or None when it names none."""
    key = fold(label).strip()
    if roles:
        for user_label, role in roles.items():
            if fold(user_label).strip() == key:
                if role not in ROLES:
                    raise WorkshopError("bad_role", role=role, speaker=label)
                return role
    for word in re.findall(r"\w+", key):
        if word in DEFAULT_ROLE_WORDS:
            return DEFAULT_ROLE_WORDS[word]
    return None


def _assign_roles(raw: list[tuple[str, str, str | None]], roles: Mapping[str, str] | None,
                  notices: list[Notice]) -> list[Turn]:
    """Turns from (speaker, text, role-from-file) rows; unknown roles are inferred and said."""
    known = {}
    for speaker, _, given in raw:
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
    return [Turn(speaker, known[speaker], text) for speaker, text, _ in raw]


# ---------------------------------------------------------------- formats

def parse_txt(text: str, name: str | Text, notices: list[Notice],
              roles: Mapping[str, str] | None = None) -> list[tuple[str, str, str | None]]:
    """"Speaker: text" lines; an unlabelled line continues the previous turn.

    A label counts when it names a role or is used for two turns or more, so a
    line such as "Nota: llega el lunes" inside a turn stays part of it.
    """
    lines = text.splitlines()
    candidates: list[tuple[str, str, str] | None] = []
    counts: dict[str, int] = {}
    for line in lines:
        stripped = line.lstrip()
        m = _LABEL.match(stripped[:LABEL_WINDOW])
        if m:
            label = m.group("label").strip()
            key = fold(label)
            candidates.append((label, stripped[m.end():].strip(), key))
            counts[key] = counts.get(key, 0) + 1
        else:
            candidates.append(None)
    named: dict[str, str | None] = {}  # one role lookup per label, not per line
    rows: list[list[Any]] = []
    for line, cand in zip(lines, candidates):
        if cand and cand[2] not in named:
            named[cand[2]] = role_for(cand[0], roles)
        if cand and (named[cand[2]] or counts[cand[2]] >= 2):
            rows.append([cand[0], cand[1], None])
        elif line.strip():
            if rows:
                rows[-1][1] = f"{rows[-1][1]}\n{line.strip()}" if rows[-1][1] else line.strip()
            else:
                rows.append([None, line.strip(), None])
    if rows and rows[0][0] is None:
        if len(rows) == 1:
            notices.append(Notice("notice_one_speaker"))
            return [("?", rows[0][1], "agent")]
        rows[1][1] = rows[0][1] + "\n" + rows[1][1]  # a heading before the first speaker joins it
        rows.pop(0)
    return [(r[0], r[1], r[2]) for r in rows]


def _pick(mapping: Mapping[str, Any], *keys: str) -> Any:
    lowered = {str(k).lower(): v for k, v in mapping.items()}
    for key in keys:
        if key in lowered:
            return lowered[key]
    return None


SPEAKER_KEYS = ("speaker", "hablante", "interlocutor", "name", "nombre", "participant", "participante", "role", "rol")
TEXT_KEYS = ("text", "texto", "message", "mensaje", "utterance", "content", "contenido")


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


def parse_json(text: str, name: str | Text) -> tuple[list[tuple[str, str, str | None]], dict[str, Any]]:
    data = read_json(text, name)
    meta: dict[str, Any] = {}
    if isinstance(data, dict):
        meta = {k: v for k, v in data.items() if k != "turns"}
        data = data.get("turns")
    if not isinstance(data, list):
        raise WorkshopError("json_shape", name=name)
    rows = []
    for i, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise WorkshopError("json_turn", name=name, index=i)
        speaker, body = _pick(item, *SPEAKER_KEYS), _pick(item, *TEXT_KEYS)
        if not isinstance(speaker, str) or not isinstance(body, str) or not speaker.strip():
            raise WorkshopError("json_turn", name=name, index=i)
        role = item.get("role") if isinstance(item.get("role"), str) else None
        rows.append((speaker.strip(), body.strip(), role))
    return rows, meta


def parse_csv(text: str, name: str | Text) -> list[tuple[str, str, str | None]]:
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    try:
        return _csv_rows(reader, name)
    except csv.Error:  # a field over the csv module's limit, or a quote left open
        raise WorkshopError("bad_csv", name=name, line=max(1, reader.reader.line_num),
                            limit=csv.field_size_limit()) from None


def _csv_rows(reader: csv.DictReader, name: str | Text) -> list[tuple[str, str, str | None]]:
    fields = [f for f in (reader.fieldnames or []) if f is not None]
    lowered = {f.strip().lower(): f for f in fields}
    speaker_col = next((lowered[k] for k in SPEAKER_KEYS if k in lowered), None)
    text_col = next((lowered[k] for k in TEXT_KEYS if k in lowered), None)
    if speaker_col is None or text_col is None:
        raise WorkshopError("csv_columns", name=name, columns=", ".join(fields) or "—")
    role_col = lowered.get("role") or lowered.get("rol")
    rows = []
    for row in reader:
        speaker = (row.get(speaker_col) or "").strip()
        body = (row.get(text_col) or "").strip()
        if not body:
            continue
        role = (row.get(role_col) or "").strip().lower() if role_col and role_col != speaker_col else None
        rows.append((speaker or "?", body, role or None))
    return rows


# No part of a tag may hold "<": each scan then stops at the next "<" instead of
# running to the end of the line from every "<v" (quadratic on "<v a<v a…"), and
# the voice's first character is not a space, so "\s+" and the name cannot
# trade a long run of spaces back and forth.
_VTT_VOICE = re.compile(r"<v(?:\.[^\s<>]*)?\s+([^\s<>][^<>]*)>")
_VTT_TAG = re.compile(r"</?[^<>]+>")
_VTT_TIMING = re.compile(r"^\s*(?:\d+:)?\d{2}:\d{2}[.,]\d{3}\s*-->")


def parse_vtt(text: str, name: str | Text) -> list[tuple[str, str, str | None]]:
    """WebVTT cues; `<v Speaker>` voice tags name the speaker, consecutive cues of one voice merge."""
    lines = text.splitlines()
    if not lines or not lines[0].lstrip("\ufeff").startswith("WEBVTT"):
        raise WorkshopError("vtt_header", name=name)
    rows: list[list[Any]] = []
    in_cue = False
    skip_block = False
    for line in lines[1:]:
        if not line.strip():
            in_cue = skip_block = False
            continue
        if skip_block:
            continue
        if not in_cue:
            if _VTT_TIMING.match(line):
                in_cue = True
            elif line.startswith(("NOTE", "STYLE", "REGION")):
                skip_block = True
            continue
        voice = _VTT_VOICE.search(line)
        body = _VTT_TAG.sub("", line).strip()
        speaker = voice.group(1).strip() if voice else (rows[-1][0] if rows else "?")
        if not body:
            continue
        if rows and rows[-1][0] == speaker:
            rows[-1][1] += " " + body
        else:
            rows.append([speaker, body, None])
    return [(r[0], r[1], None) for r in rows]


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


def _count_words(cleaned: list[tuple[str, str, str | None]], limit: int) -> int:
    words = 0
    for _, body, _ in cleaned:
        if words <= limit and len(body) <= _TOKENIZE_CHARS:
            words += sum([t.is_word for t in tokenize(body)])
        else:
            words += count_words(body)
    return words


def build(rows: list[tuple[str, str, str | None]], *, name: str | Text, notices: list[Notice],
          meta: dict[str, Any] | None = None, lang: str | None = None, roles: Mapping[str, str] | None = None,
          max_words: int | None = DEFAULT_MAX_WORDS, source: str = "",
          redact: bool | Iterable[str] = True) -> Transcript:
    """Validate rows and make the transcript: the checks every format shares.

    Personal data is masked here, the one step every format and the paste box pass through,
    so nothing after the loaders (sessions, reports, exports) ever holds it. `redact` is
    True (every kind of workshop.redact.KINDS), False for data already clean, or the kinds to mask.
    """
    meta = dict(meta or {})
    cleaned = []
    removed = 0
    for speaker, body, role in rows:
        clean = strip_control(body)
        removed += len(body) - len(clean)
        cleaned.append((_speaker(speaker, name), clean.strip(), role))
    if removed and not any(n.code == "notice_control_chars" for n in notices):
        notices.append(Notice("notice_control_chars", count=removed))
    cleaned = [r for r in cleaned if r[1]]
    if not cleaned:
        raise WorkshopError("no_speech", name=name)
    words = _count_words(cleaned, max_words or DEFAULT_MAX_WORDS)
    if max_words and words > max_words:
        raise WorkshopError("too_many_words", words=words, limit=max_words)
    chars = sum(len(body) for _, body, _ in cleaned)
    budget = max_words or max(words, DEFAULT_MAX_WORDS)  # no word limit still means no pasted log
    if chars > budget * CHARS_PER_WORD:
        raise WorkshopError("too_many_chars", chars=chars, limit=budget * CHARS_PER_WORD, words=budget)
    turns = _assign_roles(cleaned, roles, notices)
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
              redact: bool | Iterable[str] = True) -> Transcript:
    """A transcript from text in one of the formats (pasted text is `.txt`); `redact` as in `build`."""
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
    meta: dict[str, Any] = {}
    fmt = fmt.lower()
    if fmt == ".json":
        rows, meta = parse_json(text, name)
    elif fmt == ".csv":
        rows = parse_csv(text, name)
    elif fmt == ".vtt":
        rows = parse_vtt(text, name)
    elif fmt in (".txt", ".text", ".md", ""):
        if text.lstrip("\ufeff").startswith("WEBVTT"):
            rows = parse_vtt(text, name)
        else:
            rows = parse_txt(text, name, notices, roles)
    else:
        raise WorkshopError("unknown_format", name=name, ext=fmt)
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
