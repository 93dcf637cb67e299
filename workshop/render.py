"""HTML fragments of transcripts, findings, diffs and comparisons.

Shared by the app and the reports. Every piece of transcript or user text
goes through `esc` here: ipywidgets' HTML view sets innerHTML unsanitised, so
this module is the one place that stands between a pasted `<script>` and the page.
"""
from __future__ import annotations

import bisect
from html import escape
from typing import Iterable, Sequence

from .engine.doc import Finding
from .engine.rules import category_info
from .i18n import band_label, format_number as _format_number, label, metric_label, ui_language
from .model import Transcript
from .rewrite import DiffBudget, DiffPart, group_phrases, word_diff


# Colours per category. Sentence-level categories are underlined so the
# phrase-level marks inside them stay readable.
CATEGORY_STYLE = {
    "filler": "background:#ffe27a",
    "repetition": "background:#ffc7d9",
    "redundancy": "background:#ffc49b",
    "wordy": "background:#bfe0ff",
    "complex-word": "background:#dccfff",
    "formal": "background:#c4e8c2",
    "negative": "background:#ffaaaa",
    "long-sentence": "background:transparent;text-decoration:underline wavy #8e24aa;text-underline-offset:3px",
    "closed-question": "background:#e1f3fb;border-bottom:2px dashed #0277bd",
    "missing-empathy": "background:transparent;outline:2px dotted #e65100;outline-offset:1px",
}

# What transcripts, diffs and tables look like, in the app and in exported reports.
CSS = """
.rw-turn { display: flex; gap: 8px; padding: 6px 8px; border-radius: 6px; margin: 3px 0; line-height: 1.7; }
.rw-turn .rw-speaker { min-width: 90px; font-weight: 600; color: #444; overflow-wrap: anywhere; }
.rw-turn .rw-text { white-space: pre-wrap; overflow-wrap: anywhere; flex: 1; }
.rw-role-agent { background: #f7f9fc; }
.rw-role-customer { background: #fbf7ef; }
.rw-finding { border-radius: 3px; padding: 0 1px; color: inherit; cursor: help; }
.rw-table { border-collapse: collapse; font-size: 14px; }
.rw-table th, .rw-table td { padding: 3px 10px; border-bottom: 1px solid #eee; text-align: right; }
.rw-table tbody th { text-align: left; font-weight: normal; }
.rw-table tr.rw-better .rw-change { color: #1b7f3b; font-weight: 600; }
.rw-table tr.rw-worse .rw-change { color: #b3261e; font-weight: 600; }
.rw-diff del { background: #fde2e1; color: #8a1c1c; }
.rw-diff ins { background: #dff5e1; color: #14532d; text-decoration: none; margin-left: 2px; }
.rw-diff .rw-turn { background: #fafafa; }
.rw-diff .rw-turn .rw-speaker { min-width: 150px; }
.rw-diff del + ins { margin-left: 4px; }
.rw-band { color: #555; }
.rw-note { color: #555; font-size: 13px; line-height: 1.4; max-width: 560px; margin: 4px 0 8px 0; }
.rw-more-measures summary { cursor: pointer; color: #1d4ed8; margin: 4px 0; }
""" + "".join(f'.rw-finding[data-category="{c}"] {{{s}}}\n' for c, s in CATEGORY_STYLE.items())


def esc(value: object) -> str:
    """HTML-escape text for element content and quoted attributes."""
    return escape(str(value), quote=True)


def category_attrs(category: str) -> str:
    """The attributes that colour a category's mark: its data-category, plus the colour a
    trainer gave their own category (the built-in ones are styled by CSS)."""
    attrs = f'data-category="{esc(category)}"'
    if category not in CATEGORY_STYLE:
        attrs += f' style="background:{esc(category_info(category)["colour"])}"'
    return attrs


def category_label(category: str, ui: str) -> str:
    return category_info(category)["label"][ui]


def finding_title(f: Finding, ui: str) -> str:
    """The hover text of a highlight: label, message, suggested alternatives and the rule ID."""
    title = f"{category_label(f.category, ui)}: {f.message}"
    shown = [s for s in f.suggestions if s][:3]
    if shown:
        title += f"\n{label('alternatives', ui)}: " + " · ".join(shown)
    if f.id:
        title += f"\n{f.id}"
    return title


def popover_attrs(f: Finding, ui: str) -> str:
    """What the highlight's popover (app/popover.js) shows, as escaped data attributes; focusable by keyboard."""
    alternatives = "\n".join(s for s in f.suggestions if s)
    return (f' tabindex="0" role="button" aria-haspopup="dialog" data-turn="{f.turn}"'
            f' data-label="{esc(category_label(f.category, ui))}"'
            f' data-alts="{esc(alternatives)}" data-text="{esc(f.text)}" data-rule="{esc(f.id)}"')


def highlight(text: str, findings: Sequence[Finding], ui: str, hidden: Iterable[str] = (), *,
              popover: bool = True) -> str:
    """`text` escaped, with each finding as `<mark class="rw-finding" data-category=…>`.

    `popover=False` for a copy beside its own finding rows (the original above an editor): marks
    only, no hover text or popover data, which were most of what a 500-filler upload sent.

    Findings may nest (a filler inside a long sentence) or overlap partly; the
    marks are opened longest-first and closed and reopened where spans cross,
    so the HTML is always well-formed.
    """
    hidden = set(hidden)
    shown = [f for f in findings if f.category not in hidden and 0 <= f.start < f.end <= len(text)]
    if not shown:
        return esc(text)
    cuts = sorted({0, len(text), *(f.start for f in shown), *(f.end for f in shown)})
    order = sorted(range(len(shown)), key=lambda i: (shown[i].start, -shown[i].end, i))
    # The findings covering each piece are updated where they start and end, not found by a scan of
    # every finding for every piece: a long rewrite has thousands of both.
    opening: dict[int, list[int]] = {}
    closing: dict[int, list[int]] = {}
    for r, i in enumerate(order):
        opening.setdefault(shown[i].start, []).append(r)
        closing.setdefault(shown[i].end, []).append(r)
    live: list[int] = []  # ranks (positions in `order`) of the findings covering the piece, ascending
    out: list[str] = []
    stack: list[int] = []
    for a, b in zip(cuts, cuts[1:]):
        for r in closing.get(a, ()):
            live.remove(r)
        for r in opening.get(a, ()):
            bisect.insort(live, r)
        active = [order[r] for r in live]
        keep = 0
        while keep < len(stack) and keep < len(active) and stack[keep] == active[keep]:
            keep += 1
        while len(stack) > keep:
            stack.pop()
            out.append("</mark>")
        for i in active[keep:]:
            f = shown[i]
            out.append(f'<mark class="rw-finding rw-sev-{esc(f.severity)}" {category_attrs(f.category)} '
                       f'data-finding="{i}"' + (f' title="{esc(finding_title(f, ui))}"{popover_attrs(f, ui)}>' if popover else ">"))
            stack.append(i)
        out.append(esc(text[a:b]))
    out.extend("</mark>" for _ in stack)
    return "".join(out)


def turn_html(index: int, speaker: str, role: str, body_html: str) -> str:
    return (f'<div class="rw-turn rw-role-{esc(role)}" data-turn="{index}">'
            f'<div class="rw-speaker">{esc(speaker)}</div><div class="rw-text">{body_html}</div></div>')


def transcript_html(transcript: Transcript, findings: Sequence[Finding], ui: str, hidden: Iterable[str] = ()) -> str:
    """Every turn with its speaker and role, agent findings highlighted."""
    hidden = frozenset(hidden)
    by_turn: dict[int, list[Finding]] = {}
    for f in findings:
        by_turn.setdefault(f.turn, []).append(f)
    return "".join(
        turn_html(i, t.speaker, t.role, highlight(t.text, by_turn.get(i, ()), ui, hidden))
        for i, t in enumerate(transcript.turns)
    )


def diff_html(parts: Sequence[DiffPart]) -> str:
    """A word diff grouped by phrase: each deletion struck through (`<del>`), then its insertion (`<ins>`)."""
    tags = {"delete": "del", "insert": "ins"}
    return "".join(
        esc(p.text) if p.op == "equal" else f'<{tags[p.op]} class="rw-{p.op}">{esc(p.text)}</{tags[p.op]}>'
        for p in group_phrases(list(parts))
    )


def turn_diffs_html(transcript: Transcript, rewrite: Iterable[tuple[int, str]], budget: DiffBudget | None = None,
                    ui: str | None = None) -> str:
    """The word diff of each rewritten turn, as turns headed "Turno 3 · Asesora"; "" when none changed.

    One budget bounds the whole page (Compare, a revision, a report), however many turns it holds.
    """
    turns, budget = transcript.turns, budget or DiffBudget()
    return "".join(turn_html(i, label("turn_label", ui_language(ui), n=i + 1, speaker=turns[i].speaker), turns[i].role,
                             diff_html(word_diff(turns[i].text, text, budget)))
                   for i, text in rewrite if 0 <= i < len(turns))


def format_number(value: object, ui: str | None = None) -> str:
    """A number as HTML text in the UI language (3,5 in Spanish, 3.5 in English): i18n.format_number."""
    return esc(_format_number(value, ui))


#: The rows a lead reads first in Compare and reports; the others fold under "Más medidas / More measures".
#: A timed export's real speaking time sits next to the estimate from words (absent without times).
ESSENTIALS = ("agent_words", "agent_speaking_seconds", "agent_real_speaking_seconds", "filler",
              "findings_per_100_agent_words",
              "open_question_share", "empathy_statements", "agent_readability")


def split_measures(frame) -> tuple[list, list]:
    """The rows of a `workshop.compare` frame as (essentials in ESSENTIALS order, the rest): the app and reports share it."""
    rows = list(frame.itertuples(index=False))
    rank = {m: k for k, m in enumerate(ESSENTIALS)}
    return (sorted((r for r in rows if r.metric in rank), key=lambda r: rank[r.metric]),
            [r for r in rows if r.metric not in rank])


def _is_share(metric: str) -> bool:
    return metric.endswith("_share")


def measure_text(value: object, metric: str, ui: str, signed: bool = False) -> str:
    """One measure as plain text in the UI language; shares (0.25) as percentages (25 %)."""
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value != value:
        return _format_number(value, ui)
    if _is_share(metric):
        from babel.numbers import format_percent

        text = format_percent(value, format="#,##0 %", locale=ui_language(ui))
    else:
        text = _format_number(value, ui)
    return "+" + text if signed and value > 0 else text


def _cell(value: object, metric: str, ui: str, signed: bool = False) -> str:
    return esc(measure_text(value, metric, ui, signed))


def compare_table_html(frame, ui: str, bands: dict[str, tuple[str, str]] | None = None) -> str:
    """The `workshop.compare` table: essentials first, the rest folded; only a real change is coloured.

    `bands`: metric -> (band code before, after), shown in words beside the readability score.
    """
    heads = "".join(f"<th>{esc(label(f'table_{k}', ui))}</th>" for k in ("measure", "before", "after", "change"))
    bands = bands or {}

    def row(r) -> str:
        before, after = _cell(r.before, r.metric, ui), _cell(r.after, r.metric, ui)
        if r.metric in bands:
            words = [band_label(code, ui) for code in bands[r.metric]]
            before += f' <small class="rw-band">({esc(words[0])})</small>' if words[0] else ""
            after += f' <small class="rw-band">({esc(words[1])})</small>' if words[1] else ""
        verdict = r.verdict if r.verdict in ("better", "worse") else "neutral"  # unchanged: neither green nor red
        return (f'<tr class="rw-{esc(verdict)}" data-metric="{esc(r.metric)}">'
                f"<th>{esc(metric_label(r.metric, ui, default=r.label))}</th><td>{before}</td><td>{after}</td>"
                f'<td class="rw-change">{_cell(r.change, r.metric, ui, signed=True)}</td></tr>')

    first, rest = split_measures(frame)

    def table(chosen) -> str:
        return (f'<table class="rw-table"><thead><tr>{heads}</tr></thead>'
                f'<tbody>{"".join(row(r) for r in chosen)}</tbody></table>')

    more = (f'<details class="rw-more-measures"><summary>{esc(label("more_measures", ui))}</summary>'
            f"{table(rest)}</details>") if rest else ""
    shown = {r.metric for r in first}
    note = f'<p class="rw-note">{esc(label("readability_note", ui))}</p>' if "agent_readability" in shown else ""
    return table(first) + note + more


def readability_bands(before, after) -> dict[str, tuple[str, str]]:
    """The readability bands of two analyses, for `compare_table_html`."""
    mb, ma = before.metrics.as_dict(), after.metrics.as_dict()
    return {"agent_readability": (mb.get("agent_readability_band") or "", ma.get("agent_readability_band") or "")}
