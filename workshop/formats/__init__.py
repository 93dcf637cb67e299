"""Transcript formats, told apart by their content: `detect(text, ext)` gives the parser.

One module per family: plain text and timed chat logs (`plain`), WhatsApp exports
(`whatsapp`), subtitles (`subtitles`: WebVTT, SRT), speech-to-text JSON (`speech`: Amazon
Transcribe, Contact Lens, Google, Azure), ticket and chat JSON (`tickets`: Zendesk, Intercom,
Freshdesk), the workshop's own JSON (`native`) and CSV (`tabular`). The extension only breaks
ties: a .txt that is a WhatsApp export is read as one, a .json that is Transcribe output too.
Every parser reads each line or item once, so a file costs time in proportion to its size.
"""
from __future__ import annotations

from typing import Any

from ..i18n import WorkshopError
from . import plain, speech, subtitles, tabular, tickets, whatsapp
from .base import Context, Parsed, Parser, Row, read_json, role_for
from .native import is_native, parse_native

#: the JSON shapes, tried in order on the decoded data: (name, test, parser)
JSON_SHAPES = (
    ("transcribe", speech.is_transcribe, speech.parse_transcribe),
    ("contact-lens", speech.is_contact_lens, speech.parse_contact_lens),
    ("google", speech.is_google, speech.parse_google),
    ("azure", speech.is_azure, speech.parse_azure),
    ("zendesk", tickets.is_zendesk, tickets.parse_zendesk),
    ("intercom", tickets.is_intercom, tickets.parse_intercom),
    ("freshdesk", tickets.is_freshdesk, tickets.parse_freshdesk),
    ("workshop", is_native, parse_native),
)
TEXT_EXTENSIONS = (".txt", ".text", ".md", "")


def parse_json(text: str, ctx: Context) -> Parsed:
    """Any of the JSON shapes, chosen by what the data holds."""
    data = read_json(text, ctx.name)
    for name, test, parser in JSON_SHAPES:
        if test(data):
            rows, meta = parser(data, ctx)
            return rows, {**meta, "format": name} if name != "workshop" else meta
    raise WorkshopError("json_shape", name=ctx.name)


def _tag(parser: Parser, name: str) -> Parser:
    def tagged(text: str, ctx: Context) -> Parsed:
        rows, meta = parser(text, ctx)
        return rows, {**meta, "format": name}

    tagged.__name__ = f"parse_{name}"
    return tagged


parse_whatsapp = _tag(whatsapp.parse_whatsapp, "whatsapp")
parse_srt = _tag(subtitles.parse_srt, "srt")
parse_vtt = subtitles.parse_vtt
parse_csv = tabular.parse_csv
parse_txt = plain.parse_txt

BY_EXTENSION: dict[str, Parser] = {".json": parse_json, ".csv": parse_csv, ".vtt": parse_vtt, ".srt": parse_srt}


def _json_like(text: str) -> bool:
    """An object, or a list of objects, lists or strings: not "[10:42] Ana: …" nor "[12/03/24, 10:42]"."""
    head = text.lstrip("\ufeff \t\n")[:64]
    if head.startswith("{"):
        return True
    return head.startswith("[") and head[1:].lstrip()[:1] in ("{", "[", '"', "]")


def detect(text: str, ext: str = "", columns: Any = None) -> Parser:
    """The parser for `text`, from its content; `ext` decides only when the content does not.

    Unrecognised content with a text extension is plain "Speaker: text"; with .json, .csv, .vtt
    or .srt, that format's parser, whose message says what it expected.
    """
    ext = ext.lower()
    if subtitles.is_vtt(text):
        return parse_vtt
    if _json_like(text):
        return parse_json
    if subtitles.is_srt(text):
        return parse_srt
    if whatsapp.looks_like(text):
        return parse_whatsapp
    if tabular.looks_like(text, columns):
        return parse_csv
    if ext in BY_EXTENSION:
        return BY_EXTENSION[ext]
    if ext in TEXT_EXTENSIONS:
        return parse_txt
    raise WorkshopError("unknown_format", name="", ext=ext)


__all__ = ["Context", "Parsed", "Parser", "Row", "detect", "parse_json", "parse_txt", "parse_vtt", "parse_srt",
           "parse_csv", "parse_whatsapp", "role_for", "JSON_SHAPES"]
