"""The workshop's own JSON: a list of turns {"speaker", "text", "role"?, "start"?, "end"?}, or an
object with "turns" and metadata (title, language, channel, scenario, timing…): what
`Transcript.to_dict` writes."""
from __future__ import annotations

from typing import Any

from ..i18n import WorkshopError
from .base import Context, Parsed, Row, pick, seconds

SPEAKER_KEYS = ("speaker", "hablante", "interlocutor", "name", "nombre", "participant", "participante", "role", "rol")
TEXT_KEYS = ("text", "texto", "message", "mensaje", "utterance", "content", "contenido")


def is_native(data: Any) -> bool:
    return isinstance(data, list) or (isinstance(data, dict) and "turns" in data)


def parse_native(data: Any, ctx: Context) -> Parsed:
    meta: dict[str, Any] = {}
    if isinstance(data, dict):
        meta = {k: v for k, v in data.items() if k != "turns"}
        data = data.get("turns")
    if not isinstance(data, list):
        raise WorkshopError("json_shape", name=ctx.name)
    rows: list[Row] = []
    for i, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise WorkshopError("json_turn", name=ctx.name, index=i)
        speaker, body = pick(item, *SPEAKER_KEYS), pick(item, *TEXT_KEYS)
        if not isinstance(speaker, str) or not isinstance(body, str) or not speaker.strip():
            raise WorkshopError("json_turn", name=ctx.name, index=i)
        role = item.get("role") if isinstance(item.get("role"), str) else None
        rows.append((speaker.strip(), body.strip(), role, seconds(item.get("start")), seconds(item.get("end"))))
    if meta.get("timing") not in ("speech", "chat"):
        meta.pop("timing", None)
    return rows, meta
