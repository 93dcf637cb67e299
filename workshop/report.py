"""A session as a report (HTML, Markdown), as JSON that imports back, and many sessions as CSV.

Every piece of transcript or user text goes through `render.esc` in HTML and
`_md` in Markdown (so a viewer shows it as text, never as a link or image);
the HTML report is one self-contained file (styles inline, the chart as a
data: image) that forbids scripts with a Content-Security-Policy.
"""
from __future__ import annotations

import base64
import html
import json
import re
from typing import Any, Iterable

from .engine.analyze import analyze
from .engine.compare import compare
from .engine.varieties import VARIETIES
from .files import human_size, to_csv
from .i18n import (Text, WorkshopError, format_datetime, format_number as _format_number, label, metric_label,
                   ui_language)
from .loaders import DEFAULT_MAX_WORDS, build, read_json
from .model import ROLES, Transcript
from .redact import Redactor
from .render import (CSS, compare_table_html, esc, measure_text, readability_bands, split_measures, transcript_html,
                     turn_diffs_html)
from .sessions import SessionStore, Snapshot, bad_note_key

FORMAT = "rewrite-workshop-session"
VERSION = 1
TRACKED = ("words", "agent_words", "agent_speaking_seconds", "agent_readability", "filler", "findings",
           "findings_per_100_agent_words", "open_question_share", "empathy_statements", "agent_talk_share")


def session_dict(store: SessionStore, session_id: int) -> dict[str, Any]:
    """Everything a session holds now: participants, transcript, rewrite, notes, decisions."""
    info, snap = store.info(session_id), store.snapshot(session_id)
    return {
        "format": FORMAT, "version": VERSION,
        "title": info.title, "lead": info.lead, "agent": info.agent,
        "created": info.created, "updated": info.updated, "revision": info.revision,
        "transcript": store.transcript(session_id).to_dict(),
        "rewrite": {str(k): v for k, v in sorted(snap.rewrite.items())},
        "notes": snap.notes, "decisions": snap.decisions,
        "variety": snap.variety,  # "" when the transcript decides; optional on import (older exports lack it)
    }


def export_json(store: SessionStore, session_id: int) -> str:
    return json.dumps(session_dict(store, session_id), ensure_ascii=False, indent=2)


IMPORT_MAX_CHARS = 2_000_000  # an exported 500-word session is a few KB; refused before parsing


def check_import_size(size: int, name: str) -> None:
    """Refuse an import (characters, or bytes before decoding) over the cap, before any parsing."""
    if size > IMPORT_MAX_CHARS:
        raise WorkshopError("too_large", name=name, size=human_size(size), limit=human_size(IMPORT_MAX_CHARS))


def import_json(store: SessionStore, text: str, name: str = "session.json",
                max_words: int | None = DEFAULT_MAX_WORDS) -> int:
    """A new session from an exported one; returns its id.

    The file is held to the limits of a loaded transcript (the loaders' own
    checks), so an import can never hold text the app would take minutes
    to analyse or export; the session and its revision are written together.
    """
    check_import_size(len(text), name)
    data = read_json(text, name)
    problem = _import_problem(data)
    if problem:
        raise WorkshopError("session_import", name=name, field=problem)
    transcript = Transcript.from_dict(data["transcript"])
    rewrite = {int(k): v for k, v in data["rewrite"].items()}
    _check_limits(transcript, rewrite, data["notes"], name, max_words)
    transcript, rewrite, notes = _masked(transcript, rewrite, data["notes"])
    variety = data.get("variety") or ""
    metrics = analyze(transcript.with_texts(rewrite), variety=variety or None).metrics.as_dict()
    return store.create(data["lead"], data["agent"], transcript, title=data.get("title", ""),
                        snapshot=Snapshot(rewrite, notes, data["decisions"], metrics, variety=variety))


def _masked(transcript: Transcript, rewrite: dict[int, str],
            notes: dict[str, str]) -> tuple[Transcript, dict[int, str], dict[str, str]]:
    """An imported session masked as a load is: a file from before redaction, or edited by hand,
    must not bring personal data into the store. Text masked already has nothing left to mask."""
    from dataclasses import replace

    redactor = Redactor(transcript.language if transcript.language in ("es", "en") else "es")
    turns = redactor.turns(transcript.turns)
    masked = replace(transcript, turns=turns, title=redactor.text(transcript.title))
    return (masked, {k: redactor.text(v) for k, v in rewrite.items()},
            {k: redactor.text(v) if isinstance(v, str) else v for k, v in notes.items()})


def _check_limits(transcript: Transcript, rewrite: dict[int, str], notes: dict[str, str], name: str,
                  max_words: int | None) -> None:
    """The original, the rewrite and each note through the loaders' checks, as if each were loaded."""
    roles = {t.speaker: t.role for t in transcript.turns if t.role in ROLES}
    lang = transcript.language if transcript.language in ("es", "en") else None

    def check(field: str, rows: list[tuple[str, str, str | None]]) -> None:
        try:
            build(rows, name=name, notices=[], lang=lang or "es", roles=roles, max_words=max_words,
                  redact=False)  # a check of the limits only: the rows are not kept
        except WorkshopError as error:
            raise WorkshopError("session_import_limit", name=name, field=field,
                                detail=Text(error.code, **error.params)) from None

    check("transcript", [(t.speaker, t.text, t.role) for t in transcript.turns])
    if rewrite:
        check("rewrite", [(t.speaker, t.text, t.role) for t in transcript.with_texts(rewrite).turns])
    for key, note in notes.items():
        if note.strip():
            check(f"notes.{key}", [(transcript.turns[0].speaker, note, transcript.turns[0].role)])


def _import_problem(data: Any) -> str:
    """The first field that is missing or of the wrong kind, or "" when the data can be imported."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return "format"
    for key, kind in (("lead", str), ("agent", str), ("transcript", dict), ("rewrite", dict), ("notes", dict),
                      ("decisions", dict)):
        if not isinstance(data.get(key), kind):
            return key
    turns = data["transcript"].get("turns")
    if not isinstance(turns, list) or not turns or not all(
            isinstance(t, dict) and all(isinstance(t.get(k), str) for k in ("speaker", "role", "text")) for t in turns):
        return "transcript.turns"
    for key, value in data["rewrite"].items():
        if not (key.isdigit() and int(key) < len(turns) and turns[int(key)]["role"] == "agent"
                and isinstance(value, str)):
            return f"rewrite.{key}"
    if not all(isinstance(v, str) for v in (*data["notes"].values(), *data["decisions"].values())):
        return "notes"
    variety = data.get("variety") or ""
    if not isinstance(variety, str) or (variety and variety not in VARIETIES.get(data["transcript"].get("language"), ())):
        return "variety"
    key = bad_note_key(data["notes"], len(turns))
    if key is not None:
        return f"notes.{key}"
    return ""


def _parts(store: SessionStore, session_id: int, ui: str | None, rules: Iterable[str] = ()):
    data = session_dict(store, session_id)
    ui = ui_language(ui or data["transcript"].get("language"))
    original = store.transcript(session_id)
    rewrite = {int(k): v for k, v in data["rewrite"].items()}
    rules = tuple(rules)  # the trainer's packs and the variety picked: the report flags what the app flagged
    variety = data["variety"] or None
    before = analyze(original, ui=ui, rules=rules, variety=variety)
    after = analyze(original.with_texts(rewrite), ui=ui, rules=rules, variety=variety)
    return data, ui, original, rewrite, before, after


def _variety_text(analysis, ui: str) -> str:
    """" · Variedad: México": which variety's highlights the report shows (picked in the app, or detected)."""
    if not analysis.variety:
        return ""
    return f" · {label('variety_label', ui)}: {label('variety_' + analysis.variety, ui)}"


def export_html(store: SessionStore, session_id: int, ui: str | None = None, rules: Iterable[str] = ()) -> str:
    """A self-contained HTML report: original with highlights, rewrite, diff, measures, chart, notes."""
    from .charts import chart_png

    data, ui, original, rewrite, before, after = _parts(store, session_id, ui, rules)
    diff = turn_diffs_html(original, sorted(rewrite.items()), ui=ui) or f"<p>{esc(label('diff_none', ui))}</p>"
    chart = base64.b64encode(chart_png(before, after, ui)).decode("ascii")
    notes = _notes_html(data["notes"], original, ui)
    who = label("report_who", ui, lead=data["lead"], agent=data["agent"], date=format_datetime(data["updated"], ui))
    who += _variety_text(before, ui)
    return f"""<!doctype html>
<html lang="{esc(ui)}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(data["title"])}</title>
<style>body {{ font-family: system-ui, sans-serif; max-width: 960px; margin: 2em auto; padding: 0 1em; }}
{CSS}</style></head><body>
<h1>{esc(data["title"])}</h1>
<p>{esc(who)}</p>
<h2>{esc(label("original", ui))}</h2>
{transcript_html(original, before.findings, ui)}
<h2>{esc(label("rewrite", ui))}</h2>
{transcript_html(after.transcript, after.findings, ui)}
<h2>{esc(label("diff_title", ui))}</h2>
<div class="rw-diff">{diff}</div>
<h2>{esc(label("compare_table", ui))}</h2>
{compare_table_html(compare(before, after, ui=ui), ui, readability_bands(before, after))}
<p><img alt="{esc(label("compare_chart", ui))}" src="data:image/png;base64,{chart}" style="max-width:100%"></p>
<h2>{esc(label("tab_notes", ui))}</h2>
{notes}
</body></html>
"""


MIME = {"html": "text/html", "md": "text/markdown", "json": "application/json"}


def export(store: SessionStore, session_id: int, fmt: str, ui: str | None = None, rules: Iterable[str] = ()) -> str:
    """One session in one of the formats of MIME: the single dispatch the app and the command line share."""
    if fmt == "json":
        return export_json(store, session_id)
    return {"html": export_html, "md": export_markdown}[fmt](store, session_id, ui=ui, rules=rules)


def _notes_html(notes: dict[str, str], transcript: Transcript, ui: str) -> str:
    out = []
    if notes.get(""):
        out.append(f'<p class="rw-note">{esc(notes[""])}</p>')
    for key, text in sorted(((k, v) for k, v in notes.items() if k), key=lambda kv: int(kv[0])):
        i = int(key)
        speaker = transcript.turns[i].speaker if i < len(transcript.turns) else "?"
        out.append(f'<p class="rw-note"><b>{esc(label("turn_label", ui, n=i + 1, speaker=speaker))}:</b> {esc(text)}</p>')
    return "".join(out) or "<p>—</p>"


# Backslash escapes (CommonMark) for what opens a link, an image, emphasis, code, a table cell or an
# extension, wherever it is; and for "." and ":" inside a word ("www.x.com", "http:", "javascript:"),
# where a renderer would auto-link a bare URL. Other punctuation stays as typed, so prose stays readable.
# "&", "<" and ">" become entities, which every renderer honours (some do not honour "\\<").
_MD_MARKUP = re.compile(r"[\\`*_\[\]()!#|~{}^$=@]|(?<=\w)[.:](?=[\w/])")
# At the start of the text (a list item's start, for notes): a list marker, "1." or "-".
_MD_BLOCK_START = re.compile(r"^(?:[-+]|\d{1,9}(?=\.))")
_LINE_BREAKS = re.compile(r"[\r\n]+")


def _md(text: str) -> str:
    """Text a Markdown viewer shows as text: no links, images, markup, raw HTML or new blocks."""
    text = _LINE_BREAKS.sub(" ", str(text)).lstrip()  # a new line, or 4 spaces, would start a block
    text = _MD_MARKUP.sub(lambda m: "\\" + m.group(), text)
    text = _MD_BLOCK_START.sub(lambda m: m.group() + "\\" if m.group()[0].isdigit() else "\\" + m.group(), text)
    return html.escape(text, quote=False)


def export_markdown(store: SessionStore, session_id: int, ui: str | None = None, rules: Iterable[str] = ()) -> str:
    """The report as Markdown; every transcript, name and note text goes through `_md`."""
    data, ui, original, rewrite, before, after = _parts(store, session_id, ui, rules)
    heads = [label(f"table_{k}", ui) for k in ("measure", "before", "after", "change")]
    lines = [f"# {_md(data['title'])}", "",
             label("report_who", ui, lead=_md(data["lead"]), agent=_md(data["agent"]),
                   date=format_datetime(data["updated"], ui)) + _variety_text(before, ui), "",
             f"## {label('diff_title', ui)}", ""]
    for i, text in sorted(rewrite.items()):
        turn = original.turns[i]
        lines += [f"**{label('turn_label', ui, n=i + 1, speaker=_md(turn.speaker))}**", "",
                  f"- {label('original', ui)}: {_md(turn.text)}", f"- {label('rewrite', ui)}: {_md(text)}", ""]
    if not rewrite:
        lines += [label("diff_none", ui), ""]
    lines += [f"## {label('compare_table', ui)}", "", "| " + " | ".join(heads) + " |", "|---|---:|---:|---:|"]
    first, rest = split_measures(compare(before, after, ui=ui))
    for row in (*first, *rest):  # the order of the app's Compare
        cells = [_md(metric_label(row.metric, ui, default=row.label))] + [measure_text(v, row.metric, ui, signed=k == 2)
                                                                        for k, v in enumerate((row.before, row.after, row.change))]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", f"## {label('tab_notes', ui)}", ""]
    for key, text in sorted(data["notes"].items(), key=lambda kv: (kv[0] != "", int(kv[0] or 0))):
        prefix = "" if not key else f"**{label('turn_label', ui, n=int(key) + 1, speaker=_md(original.turns[int(key)].speaker))}:** "
        lines.append(f"- {prefix}{_md(text)}")
    return "\n".join(lines) + "\n"


def sessions_frame(store: SessionStore, agent: str | None = None):
    """One row per session (latest revision): who, when, and before/after of the main measures."""
    import pandas as pd

    rows = []
    for info in reversed(store.sessions(agent=agent)):
        original = store.transcript(info.id)
        before = analyze(original).metrics.as_dict()
        after = store.snapshot(info.id).metrics or before
        row = {"session": info.id, "title": info.title, "lead": info.lead, "agent": info.agent,
               "transcript": info.transcript_id, "created": info.created, "updated": info.updated,
               "revision": info.revision}
        for key in TRACKED:
            row[f"{key}_before"], row[f"{key}_after"] = before.get(key), after.get(key)
        rows.append(row)
    columns = ["session", "title", "lead", "agent", "transcript", "created", "updated", "revision"] + [
        f"{k}_{w}" for k in TRACKED for w in ("before", "after")]
    frame = pd.DataFrame(rows, columns=columns)
    frame["words_saved"] = frame["agent_words_before"] - frame["agent_words_after"]
    return frame


def export_csv(store: SessionStore, agent: str | None = None) -> str:
    return to_csv(sessions_frame(store, agent))


def progress_chart(frame, ui: str | None = None):
    """An agent's sessions over time: words saved, fillers, readability, findings per 100 words.

    Sessions are counted in whole numbers, each labelled with its date; counts have whole-number axes."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    ui = ui_language(ui)
    fig = Figure(figsize=(9, 4.5), layout="constrained")
    axes = fig.subplots(2, 2, sharex=True).ravel()
    x = list(range(1, len(frame) + 1))
    series = [("words_saved", label("practice_words_saved", ui), True),
              ("filler_after", metric_label("filler", ui), True),
              ("agent_readability_after", metric_label("agent_readability", ui), False),
              ("findings_per_100_agent_words_after", metric_label("findings_per_100_agent_words", ui), False)]
    for ax, (column, title, whole) in zip(axes, series):
        ax.plot(x, frame[column], marker="o", color="#2f6fd0")
        ax.set_title(title, fontsize=10)
        ax.spines[["top", "right"]].set_visible(False)
        if whole:
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    step = max(1, len(x) // 8)
    ticks = x[::step]
    days = [format_datetime(v, ui, date_only=True) for v in frame["updated"]]
    for ax in axes[2:]:
        ax.set_xticks(ticks, [f"{n}\n{days[n - 1]}" for n in ticks], fontsize=8)
        ax.set_xlabel(label("report_session_n", ui))
    axes[0].set_xlim(0.5, len(x) + 0.5)
    return fig
