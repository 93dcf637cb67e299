"""Ticket and chat exports: Zendesk ticket comments, Intercom conversations, Freshdesk conversations.

Messages are written, not spoken: times are when each was sent (seconds from the first),
timing "chat". Internal notes (Zendesk public: false, Intercom part_type "note", Freshdesk
private: true) are not part of the conversation with the customer and are left out, with a notice.
"""
from __future__ import annotations

import html
import re
from typing import Any

from ..i18n import Notice, WorkshopError
from .base import Context, Parsed, Row, iso_time, merge_runs, relative, role_for, seconds, stamp

_TAG = re.compile(r"<[^<>]{0,2000}>")
_BREAK = re.compile(r"<\s*(?:br|/p|/div|/li)\b[^<>]{0,200}>", re.I)


def html_text(body: str) -> str:
    """Plain text of an HTML message body: line breaks kept, tags dropped, entities decoded."""
    text = _TAG.sub("", _BREAK.sub("\n", body))
    return "\n".join(line.strip() for line in html.unescape(text).splitlines() if line.strip())


def _timed(rows: list[Row], times: list[float | None], notes: int, ctx: Context) -> Parsed:
    if notes:
        ctx.notices.append(Notice("notice_private_skipped", count=notes))
    if not rows:
        raise WorkshopError("no_speech", name=ctx.name)
    times = relative(times)
    if all(t is not None for t in times):
        rows = [(r[0], r[1], r[2], t, t) for r, t in zip(rows, times)]
        return merge_runs(rows, "\n"), {"timing": "chat"}
    return merge_runs(rows, "\n"), {}


def _epoch(value: Any) -> float | None:
    when = iso_time(value)
    return stamp(when) if when is not None else seconds(value)


# ---------------------------------------------------------------- Zendesk

def is_zendesk(data: Any) -> bool:
    comments = data.get("comments") if isinstance(data, dict) else None
    return isinstance(comments, list) and any(isinstance(c, dict) and "author_id" in c for c in comments[:5])


# Shape: Ticket Comments, "List Comments" https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/
# (also https://developer.zendesk.com/rest_api/docs/support/ticket_comments/) — comments[] {id, author_id, body,
# plain_body, html_body, public, created_at}; with ?include=users, users[] {id, name, role: end-user|agent|admin}.
# The ticket's requester_id (ticket.requester_id, or at the top level) is the customer; other authors are agents.
# A user's `roles` override can name an author by name or by id ("12345": "agent").
def parse_zendesk(data: dict, ctx: Context) -> Parsed:
    users = {}
    for u in data.get("users") or []:
        if isinstance(u, dict) and "id" in u:
            users[str(u["id"])] = u
    ticket = data.get("ticket") if isinstance(data.get("ticket"), dict) else {}
    requester = ticket.get("requester_id", data.get("requester_id"))
    rows: list[Row] = []
    times: list[float | None] = []
    notes = 0
    for i, c in enumerate(data["comments"], start=1):
        if not isinstance(c, dict):
            raise WorkshopError("json_turn", name=ctx.name, index=i)
        body = c.get("plain_body") if isinstance(c.get("plain_body"), str) else c.get("body")
        if not isinstance(body, str):
            raise WorkshopError("json_turn", name=ctx.name, index=i)
        if c.get("public") is False:
            notes += 1
            continue
        author = str(c.get("author_id", "?"))
        user = users.get(author, {})
        speaker = str(user.get("name") or author)
        role = role_for(author, ctx.roles) or role_for(speaker, ctx.roles)
        if role is None:
            if user.get("role") in ("end-user", "agent", "admin"):
                role = "customer" if user["role"] == "end-user" else "agent"
            elif requester is not None:
                role = "customer" if author == str(requester) else "agent"
        rows.append((speaker, body.strip(), role, None, None))
        times.append(_epoch(c.get("created_at")))
    return _timed(rows, times, notes, ctx)


# ---------------------------------------------------------------- Intercom

def is_intercom(data: Any) -> bool:
    return isinstance(data, dict) and (data.get("type") == "conversation" or isinstance(
        data.get("conversation_parts"), (dict, list))) and ("conversation_parts" in data or "source" in data)


_INTERCOM_CUSTOMER = ("user", "lead", "contact")


# Shape: the Conversation model and its parts, https://developers.intercom.com/docs/references/1.0/rest-api/
# conversations/conversation-part-model — source {author {type, id, name}, body} opens the conversation;
# conversation_parts.conversation_parts[] {part_type: comment|note|assignment|open|close…, body (HTML),
# created_at (Unix seconds), author {type: user|lead|contact|admin|bot|team, id, name}}.
def parse_intercom(data: dict, ctx: Context) -> Parsed:
    parts: list[Any] = []
    source = data.get("source") or data.get("conversation_message")
    if isinstance(source, dict) and isinstance(source.get("body"), str):
        parts.append({**source, "part_type": "comment", "created_at": source.get("created_at", data.get("created_at"))})
    container = data.get("conversation_parts")
    parts += container.get("conversation_parts") or [] if isinstance(container, dict) else (container or [])
    rows: list[Row] = []
    times: list[float | None] = []
    notes = 0
    for i, part in enumerate(parts, start=1):
        if not isinstance(part, dict):
            raise WorkshopError("json_turn", name=ctx.name, index=i)
        kind = part.get("part_type", "comment")
        if kind == "note":
            notes += 1
            continue
        if kind not in ("comment", "message") or not isinstance(part.get("body"), str) or not part["body"].strip():
            continue  # assignments, opens, closes: no words
        author = part.get("author") if isinstance(part.get("author"), dict) else {}
        speaker = str(author.get("name") or author.get("type") or "?")
        role = role_for(speaker, ctx.roles) or role_for(str(author.get("id", "")), ctx.roles) or (
            "customer" if author.get("type") in _INTERCOM_CUSTOMER else "agent" if author.get("type") else None)
        rows.append((speaker, html_text(part["body"]), role, None, None))
        times.append(seconds(part.get("created_at")))
    return _timed([r for r in rows if r[1]], [t for r, t in zip(rows, times) if r[1]], notes, ctx)


# ---------------------------------------------------------------- Freshdesk

def is_freshdesk(data: Any) -> bool:
    items = data.get("conversations") if isinstance(data, dict) else data
    return isinstance(items, list) and any(isinstance(c, dict) and "body_text" in c and "incoming" in c
                                           for c in items[:5])


# Shape: "List all conversations of a ticket" https://developers.freshdesk.com/api/#list_all_ticket_notes
# (the Conversation model, https://developers.freshworks.com/freshdesk-sdk/docs/Conversation.html) —
# [{body_text, body, incoming, private, user_id, created_at}]; a ticket exported with its conversations
# has description_text (the requester's first message), requester_id and conversations[]. incoming: true
# is the customer writing in.
def parse_freshdesk(data: Any, ctx: Context) -> Parsed:
    items = data.get("conversations") if isinstance(data, dict) else data
    rows: list[Row] = []
    times: list[float | None] = []
    notes = 0
    if isinstance(data, dict) and isinstance(data.get("description_text"), str):
        who = str(data.get("requester_id", "requester"))
        rows.append((who, data["description_text"].strip(), role_for(who, ctx.roles) or "customer", None, None))
        times.append(_epoch(data.get("created_at")))
    for i, c in enumerate(items, start=1):
        if not isinstance(c, dict) or not isinstance(c.get("body_text"), str):
            raise WorkshopError("json_turn", name=ctx.name, index=i)
        if c.get("private") is True:
            notes += 1
            continue
        who = str(c.get("user_id", "?"))
        role = role_for(who, ctx.roles) or ("customer" if c.get("incoming") else "agent")
        rows.append((who, c["body_text"].strip(), role, None, None))
        times.append(_epoch(c.get("created_at")))
    return _timed(rows, times, notes, ctx)
