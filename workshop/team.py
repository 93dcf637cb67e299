"""The team view's data: every agent's sessions over time, what each improves on, what keeps
coming back, the team's most frequent findings; filtered, exported as CSV, drawn as charts.

    team = Team(store, identity, config)     # refused for an agent
    data = team.frames(since="2026-11-01", variety="es-MX")
    data.sessions, data.categories, data.rules; data.csv("rules")

A session's original is the agent's own call and its rewrite what the pair made of it, so
"before" is how the agent talks and "after" what they managed to change. Rates are findings
per 100 agent words, pooled over sessions (total findings / total words), so one short call
does not outweigh a long one. No widgets here: workshop/app/team.py shows these frames.
"""
from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from .config import AppConfig
from .engine.analyze import analyze
from .engine.doc import CATEGORIES, DETECTOR_SLUGS
from .files import to_csv
from .i18n import WorkshopError, format_number, label
from .identity import Identity, ScopedStore

SESSION_COLUMNS = ["session", "date", "updated", "agent", "lead", "title", "transcript", "variety", "language",
                   "revision", "agent_words_before", "agent_words_after", "findings_before", "findings_after",
                   "per_100_before", "per_100_after", "per_100_change"]
CATEGORY_COLUMNS = ["agent", "category", "sessions", "sessions_found", "findings_before", "findings_after",
                    "per_100_before", "per_100_after", "per_100_change", "comes_back"]
RULE_COLUMNS = ["rule", "category", "findings_before", "findings_after", "sessions", "agents"]
TABLES = ("sessions", "categories", "rules")


@dataclass(frozen=True)
class _Row:
    """One session as the team view needs it: counted once per revision, then only filtered."""

    info: object
    variety: str
    language: str
    words_before: int
    words_after: int
    before: Counter  # (category, rule id) → findings in the original
    after: Counter  # the same in the rewrite


def _day(value) -> str:
    """A filter's date as "YYYY-MM-DD" (a date, a datetime or an ISO string); "" for none."""
    if not value:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value)[:10]


def _rate(findings: float, words: float) -> float:
    return round(100 * findings / words, 2) if words else 0.0


@dataclass
class TeamData:
    sessions: "object"  # pandas DataFrames; see SESSION_COLUMNS, CATEGORY_COLUMNS, RULE_COLUMNS
    categories: "object"
    rules: "object"

    def csv(self, table: str) -> str:
        """One table as CSV through files.to_csv (cells that look like formulas neutralised)."""
        if table not in TABLES:
            raise ValueError(table)
        return to_csv(getattr(self, table))


class Team:
    """The sessions one lead or trainer may see, analysed once and filtered as often as they like."""

    def __init__(self, store, identity: Identity | None = None, config: AppConfig | None = None,
                 rules: Iterable[str] = (), settings: dict | None = None):
        if identity is not None:
            if not identity.sees_team:
                raise WorkshopError("team_forbidden")
            if not isinstance(store, ScopedStore):
                store = ScopedStore(store, identity, config or AppConfig())
        self.store = store
        self.rules = tuple(rules)
        self.settings = {k: v for k, v in (settings or {}).items() if v}
        self._rows: dict[int, _Row] = {}
        self._order: list[int] = []

    # ------------------------------------------------------------ reading
    def refresh(self) -> None:
        """Read the list again; only new or changed sessions (a new revision) are analysed."""
        infos = list(reversed(self.store.sessions()))  # oldest first
        rows = {}
        for info in infos:
            known = self._rows.get(info.id)
            if known is not None and known.info.revision == info.revision:
                rows[info.id] = known
                continue
            try:
                rows[info.id] = self._read(info)
            except WorkshopError:  # an unreadable session is left out; the store has noted it
                continue
        self._rows, self._order = rows, [i.id for i in infos if i.id in rows]

    def _read(self, info) -> _Row:
        transcript = self.store.transcript(info.id)
        rewrite = self.store.snapshot(info.id).rewrite
        before = analyze(transcript, rules=self.rules, **self.settings)
        after = analyze(transcript.with_texts(rewrite), rules=self.rules, **self.settings) if rewrite else before
        count = lambda analysis: Counter((f.category, f.id or f.category) for f in analysis.found)  # noqa: E731
        return _Row(info, str(transcript.metadata.get("variety") or ""), transcript.language,
                    before.metrics.agent.words, after.metrics.agent.words, count(before), count(after))

    def choices(self) -> dict[str, list[str]]:
        """What the filters can offer: the agents, transcripts and varieties of the visible sessions."""
        if not self._order:
            self.refresh()
        rows = [self._rows[i] for i in self._order]
        return {"agents": sorted({r.info.agent for r in rows}, key=str.casefold),
                "transcripts": sorted({r.info.transcript_id for r in rows}),
                "varieties": sorted({r.variety for r in rows if r.variety})}

    # ------------------------------------------------------------ frames
    def frames(self, since=None, until=None, transcript: str | None = None, variety: str | None = None,
               agent: str | None = None) -> TeamData:
        """The three tables for the sessions within the filters (dates inclusive, by last change)."""
        import pandas as pd

        if not self._order:
            self.refresh()
        since, until = _day(since), _day(until)
        rows = [r for r in (self._rows[i] for i in self._order)
                if (not since or r.info.updated[:10] >= since) and (not until or r.info.updated[:10] <= until)
                and (not transcript or r.info.transcript_id == transcript)
                and (not variety or r.variety == variety) and (not agent or r.info.agent == agent)]
        sessions = pd.DataFrame([self._session_row(r) for r in rows], columns=SESSION_COLUMNS)
        sessions["date"] = pd.to_datetime(sessions["date"])
        return TeamData(sessions, self._categories(rows), self._rule_table(rows))

    @staticmethod
    def _session_row(r: _Row) -> dict:
        before, after = sum(r.before.values()), sum(r.after.values())
        b, a = _rate(before, r.words_before), _rate(after, r.words_after)
        i = r.info
        return {"session": i.id, "date": i.updated[:10], "updated": i.updated, "agent": i.agent, "lead": i.lead,
                "title": i.title, "transcript": i.transcript_id, "variety": r.variety, "language": r.language,
                "revision": i.revision, "agent_words_before": r.words_before, "agent_words_after": r.words_after,
                "findings_before": before, "findings_after": after, "per_100_before": b, "per_100_after": a,
                "per_100_change": round(a - b, 2)}

    @staticmethod
    def _categories(rows: list[_Row]):
        """Per agent and category: the pooled rate before and after, and whether it keeps coming back
        (found in the agent's calls in two sessions or more, the latest among them)."""
        import pandas as pd

        by_agent: dict[str, list[_Row]] = {}
        for r in rows:
            by_agent.setdefault(r.info.agent, []).append(r)
        out = []
        for agent in sorted(by_agent, key=str.casefold):
            mine = by_agent[agent]
            words_b, words_a = sum(r.words_before for r in mine), sum(r.words_after for r in mine)
            for category in CATEGORIES:
                per_session = [sum(n for (c, _), n in r.before.items() if c == category) for r in mine]
                before = sum(per_session)
                after = sum(n for r in mine for (c, _), n in r.after.items() if c == category)
                if not before and not after:
                    continue
                found = sum(1 for n in per_session if n)
                b, a = _rate(before, words_b), _rate(after, words_a)
                out.append({"agent": agent, "category": category, "sessions": len(mine), "sessions_found": found,
                            "findings_before": before, "findings_after": after, "per_100_before": b,
                            "per_100_after": a, "per_100_change": round(a - b, 2),
                            "comes_back": bool(found >= 2 and per_session[-1] > 0)})
        return pd.DataFrame(out, columns=CATEGORY_COLUMNS)

    @staticmethod
    def _rule_table(rows: list[_Row]):
        """The team's findings by rule ID, most frequent in the calls first."""
        import pandas as pd

        before, after, sessions, agents = Counter(), Counter(), Counter(), {}
        for r in rows:
            for key, n in r.before.items():
                before[key] += n
                sessions[key] += 1
                agents.setdefault(key, set()).add(r.info.agent)
            for key, n in r.after.items():
                after[key] += n
        keys = sorted(set(before) | set(after), key=lambda k: (-before[k], -after[k], k[1]))
        return pd.DataFrame([{"rule": k[1], "category": k[0], "findings_before": before[k],
                              "findings_after": after[k], "sessions": sessions[k],
                              "agents": len(agents.get(k, ()))} for k in keys], columns=RULE_COLUMNS)


# ---------------------------------------------------------------- charts (PNG bytes, no pyplot state)

BEFORE, AFTER = "#c9ced6", "#2f6fd0"
MAX_LINES = 8  # agents drawn in the timeline; more lines than this read as noise


def _figure(width: float, height: float):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure  # no pyplot: no global state shared between users

    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _png(fig) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()


def _number_axis(ax, ui: str, axis: str = "y") -> None:
    from matplotlib.ticker import FuncFormatter

    getattr(ax, f"{axis}axis").set_major_formatter(FuncFormatter(lambda v, _: format_number(v, ui, 1)))


def timeline_png(data: TeamData, ui: str) -> bytes:
    """Each agent's calls over time: findings per 100 agent words in the original of each session."""
    import matplotlib.dates as mdates

    fig = _figure(6.6, 3.6)
    ax = fig.subplots()
    frame = data.sessions
    top = frame["agent"].value_counts().index[:MAX_LINES]
    for agent in sorted(top, key=str.casefold):
        mine = frame[frame["agent"] == agent].sort_values("updated")
        ax.plot(mine["date"], mine["per_100_before"], marker="o", label=agent)
    ax.set_title(label("team_chart_timeline", ui), fontsize=10)
    ax.set_ylabel(label("team_per_100", ui), fontsize=8)
    ax.set_ylim(bottom=0)
    if len(frame) and frame["date"].min() == frame["date"].max():  # one day: give the axis a range to mark
        import pandas as pd

        day = frame["date"].min()
        ax.set_xlim(day - pd.Timedelta(days=1), day + pd.Timedelta(days=1))
    locator = mdates.AutoDateLocator(maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d/%m" if ui == "es" else "%m/%d"))
    _number_axis(ax, ui)
    if len(top):
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=8)
    return _png(fig)


def categories_png(data: TeamData, ui: str) -> bytes:
    """Agents × categories: how much the pair's rewrites lowered each rate (green: fewer), ● keeps coming back."""
    from matplotlib.colors import TwoSlopeNorm

    from .render import category_label

    frame = data.categories
    agents = sorted(frame["agent"].unique(), key=str.casefold)
    categories = [c for c in CATEGORIES if c in set(frame["category"])]
    fig = _figure(11, 1.4 + 0.42 * max(len(agents), 1))
    ax = fig.subplots()
    if not agents:
        ax.set_axis_off()
        return _png(fig)
    grid = [[float("nan")] * len(categories) for _ in agents]
    for row in frame.itertuples(index=False):
        i, j = agents.index(row.agent), categories.index(row.category)
        grid[i][j] = row.per_100_change
    span = max([abs(v) for line in grid for v in line if v == v] + [0.1])
    image = ax.imshow(grid, cmap="RdYlGn_r", norm=TwoSlopeNorm(0, -span, span), aspect="auto")
    for row in frame.itertuples(index=False):
        i, j = agents.index(row.agent), categories.index(row.category)
        text = format_number(row.per_100_change, ui, 1) + (" ●" if row.comes_back else "")
        dark = abs(row.per_100_change) > 0.6 * span  # the ends of the scale are dark: white text there
        ax.text(j, i, text, ha="center", va="center", fontsize=8, color="#fff" if dark else "#111")
    ax.set_xticks(range(len(categories)), [category_label(c, ui) for c in categories], fontsize=8, rotation=20,
                  ha="right")
    ax.set_yticks(range(len(agents)), agents, fontsize=8)
    ax.set_title(label("team_chart_categories", ui), fontsize=10)
    bar = fig.colorbar(image, ax=ax, shrink=0.8)
    bar.ax.tick_params(labelsize=7)
    _number_axis(bar.ax, ui)
    return _png(fig)


def rules_png(data: TeamData, ui: str, top: int = 10) -> bytes:
    """The team's most frequent findings by rule ID: in the calls, and what the rewrites left."""
    from .render import category_label

    frame = data.rules.head(top)
    fig = _figure(6.6, 3.6)
    ax = fig.subplots()
    y = range(len(frame))
    ax.barh([i - 0.2 for i in y], frame["findings_before"], height=0.4, color=BEFORE,
            label=label("team_in_calls", ui))
    ax.barh([i + 0.2 for i in y], frame["findings_after"], height=0.4, color=AFTER,
            label=label("team_in_rewrites", ui))
    # The category a lead knows, then the rule pack entry (a detector's one rule is its category alone).
    ax.set_yticks(list(y), [category_label(c, ui) if r == f"{c}.{DETECTOR_SLUGS.get(c)}" else
                            f"{category_label(c, ui)} · {r.split('.', 1)[-1]}"
                            for c, r in zip(frame["category"], frame["rule"])], fontsize=8)
    ax.invert_yaxis()
    ax.set_title(label("team_chart_rules", ui), fontsize=10)
    ax.set_xlabel(label("team_findings", ui), fontsize=8)
    _number_axis(ax, ui, "x")
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=8)
    return _png(fig)
