"""Subtitles with cue times: WebVTT and SRT. A speaker is a `<v Name>` voice tag (WebVTT) or a
"Name:" label at the start of a cue; consecutive cues of one speaker merge into one turn.

Hand-written rather than with webvtt-py or srt: both are a few lines here, and these read each
line once with patterns that only ever see a line's first 80 characters, which keeps the
loader's linear-time promise on hostile uploads (tests/test_hostile.py, tests/test_fuzz.py)
without auditing a library's whole-file parsing against those tests.
"""
from __future__ import annotations

import re
from typing import Any

from ..i18n import WorkshopError
from .base import SPEECH_MERGE_GAP, Context, Parsed, Row, clock, merge_runs
from .plain import LABEL_WINDOW, _LABEL

# No part of a tag may hold "<": each scan then stops at the next "<" instead of
# running to the end of the line from every "<v" (quadratic on "<v a<v a…"), and
# the voice's first character is not a space, so "\s+" and the name cannot
# trade a long run of spaces back and forth.
_VTT_VOICE = re.compile(r"<v(?:\.[^\s<>]*)?\s+([^\s<>][^<>]*)>")
_VTT_TAG = re.compile(r"</?[^<>]+>")
_CUE_TIME = r"((?:\d{1,3}:)?\d{2}:\d{2}[.,]\d{1,3})"
_VTT_TIMING = re.compile(r"^\s*" + _CUE_TIME + r"\s*-->\s*" + _CUE_TIME)
_SRT_TIMING = re.compile(r"^\s*(\d{1,3}:\d{2}:\d{2}[,.]\d{1,3})\s*-->\s*(\d{1,3}:\d{2}:\d{2}[,.]\d{1,3})")


def is_vtt(text: str) -> bool:
    return text.lstrip("\ufeff").startswith("WEBVTT")


def is_srt(text: str) -> bool:
    """A cue number line, then a "00:00:01,000 --> 00:00:04,000" line."""
    lines = [line for line in text.lstrip("\ufeff").splitlines()[:6] if line.strip()]
    return len(lines) >= 2 and lines[0].strip().isdigit() and bool(_SRT_TIMING.match(lines[1][:80]))


def _cue_rows(cues: list[tuple[float | None, float | None, list[str]]], labels: bool) -> list[Row]:
    """Rows from cues; `labels`: a cue's "Name:" names its speaker (files without voice tags)."""
    rows: list[Row] = []
    speaker = "?"
    for start, end, lines in cues:
        for line in lines:
            voice = _VTT_VOICE.search(line)
            body = _VTT_TAG.sub("", line).strip()
            if voice:
                speaker = voice.group(1).strip()
            elif body and labels:
                m = _LABEL.match(body[:LABEL_WINDOW])
                if m and not m.group("time"):
                    speaker, body = m.group("label").strip(), body[m.end():].strip()
            if body:
                rows.append((speaker, body, None, start, end))
    return merge_runs(rows, max_gap=SPEECH_MERGE_GAP)


def _timed(rows: list[Row]) -> dict[str, Any]:
    return {"timing": "speech"} if rows and all(r[3] is not None and r[4] is not None for r in rows) else {}


def parse_vtt(text: str, ctx: Context) -> Parsed:
    """WebVTT cues (https://www.w3.org/TR/webvtt1/): NOTE, STYLE and REGION blocks are skipped."""
    lines = text.splitlines()
    if not lines or not is_vtt(lines[0]):
        raise WorkshopError("vtt_header", name=ctx.name)
    cues: list[tuple[float | None, float | None, list[str]]] = []
    in_cue = skip_block = False
    for line in lines[1:]:
        if not line.strip():
            in_cue = skip_block = False
            continue
        if skip_block:
            continue
        if not in_cue:
            m = _VTT_TIMING.match(line[:80])
            if m:
                in_cue = True
                cues.append((clock(m.group(1)), clock(m.group(2)), []))
            elif line.startswith(("NOTE", "STYLE", "REGION")):
                skip_block = True
            continue
        cues[-1][2].append(line)
    rows = _cue_rows(cues, labels="<v" not in text)
    return rows, _timed(rows)


def parse_srt(text: str, ctx: Context) -> Parsed:
    """SubRip: blocks of a cue number, "hh:mm:ss,mmm --> hh:mm:ss,mmm" and text lines, separated
    by a blank line (the de-facto format, https://en.wikipedia.org/wiki/SubRip#Format)."""
    cues: list[tuple[float | None, float | None, list[str]]] = []
    block: list[str] = []
    for line in text.lstrip("\ufeff").splitlines() + [""]:
        if line.strip():
            block.append(line)
            continue
        for i, head in enumerate(block[:2]):
            m = _SRT_TIMING.match(head[:80])
            if m:
                cues.append((clock(m.group(1)), clock(m.group(2)), block[i + 1:]))
                break
        block = []
    if not cues:
        raise WorkshopError("srt_cues", name=ctx.name)
    rows = _cue_rows(cues, labels=True)
    return rows, _timed(rows)
