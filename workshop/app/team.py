"""The team view tab for leads and trainers: filters, three charts, three tables, CSV downloads."""
from __future__ import annotations

import base64
from typing import Callable

import ipywidgets as w
from traitlets import Any, Unicode

from ..config import AppConfig
from ..i18n import format_datetime, format_number, label
from ..identity import Identity
from ..render import category_label, esc
from ..state import WorkshopState
from ..team import TABLES, Team, TeamData, categories_png, rules_png, timeline_png
from .common import guarded

# The columns each table shows, in order; the CSV keeps every column with its machine name.
SHOWN = {
    "sessions": ("date", "agent", "lead", "title", "transcript", "variety", "per_100_before", "per_100_after",
                 "per_100_change"),
    "categories": ("agent", "category", "sessions_found", "per_100_before", "per_100_after", "per_100_change",
                   "comes_back"),
    "rules": ("rule", "category", "findings_before", "findings_after", "sessions", "agents"),
}
RULES_SHOWN = 15
TABLE_TITLES = {"sessions": "team_table_sessions", "categories": "team_table_categories", "rules": "team_table_rules"}


class TeamPane(w.VBox):
    """Built the first time its tab is shown, and read again from the store with "Refresh".

    The filters are traits of the pane (since, until, transcript, variety, agent), each linked
    to its widget: setting one from code or from the page redraws the same way.
    """

    since = Any(None, allow_none=True)
    until = Any(None, allow_none=True)
    transcript = Unicode("")
    variety = Unicode("")
    agent = Unicode("")

    def __init__(self, state: WorkshopState, store: Callable[[], object], identity: Identity,
                 config: AppConfig | None = None, rules=(), settings: dict | None = None):
        super().__init__()
        self.state, self._make_store, self.identity = state, store, identity
        self.config, self._rules, self._settings = config or AppConfig(), rules, settings
        self.team: Team | None = None
        self.data: TeamData | None = None
        self.visible = self.built = self._filling = False
        self.add_class("rw-team")
        state.observe(guarded(state, self._relabel_and_render), "ui")

    # ------------------------------------------------------------ layout (the one place)
    def _build(self) -> None:
        self.built = True
        g = lambda fn: guarded(self.state, fn)  # noqa: E731
        self.heading, self.summary = w.HTML(), w.HTML()
        self.since_picker, self.until_picker = w.DatePicker(), w.DatePicker()
        self.transcript_menu, self.variety_menu, self.agent_menu = (w.Dropdown(options=[("", "")], value="", layout=w.Layout(width="250px"))
                                                                    for _ in range(3))
        self.refresh_button = w.Button(icon="refresh")
        self.refresh_button.add_class("rw-team-refresh")
        for picker in (self.since_picker, self.until_picker):
            picker.layout.width = "220px"
        for widget in (self.since_picker, self.until_picker, self.transcript_menu, self.variety_menu,
                       self.agent_menu):
            widget.style.description_width = "initial"
        for widget, trait in ((self.since_picker, "since"), (self.until_picker, "until"),
                              (self.transcript_menu, "transcript"), (self.variety_menu, "variety"),
                              (self.agent_menu, "agent")):
            w.link((widget, "value"), (self, trait))
        self.charts = {name: w.Image(format="png", layout=w.Layout(max_width="1100px" if name == "categories"
                                                                    else "660px"))
                       for name in ("timeline", "categories", "rules")}
        for name, image in self.charts.items():
            image.add_class(f"rw-team-chart-{name}")
        self.tables = {name: w.HTML() for name in TABLES}
        # The tables under the charts, one open at a time: the charts are what a lead looks at first.
        self.details = w.Accordion([self.tables[name] for name in TABLES], selected_index=0)
        for name, table in self.tables.items():
            table.add_class(f"rw-team-{name}")
        self.export_buttons = {name: w.Button(icon="download", layout=w.Layout(width="auto")) for name in TABLES}
        for name, button in self.export_buttons.items():
            button.add_class(f"rw-team-export-{name}")
            button.on_click(g(lambda _, name=name: self.export(name)))
        self.download = w.HTML()
        self.download.add_class("rw-team-download")
        row = dict(layout=w.Layout(flex_flow="row wrap", align_items="center"))
        self.children = [
            self.heading,
            w.HBox([self.since_picker, self.until_picker, self.agent_menu, self.transcript_menu, self.variety_menu,
                    self.refresh_button], **row),
            self.summary,
            w.HBox([self.charts["timeline"], self.charts["rules"]], **row),
            self.charts["categories"],
            self.details,
            w.HBox(list(self.export_buttons.values()), **row), self.download,
        ]
        self.refresh_button.on_click(g(lambda _: self.refresh()))
        self.observe(g(self._filtered), ["since", "until", "transcript", "variety", "agent"])
        self.relabel()

    def show(self, visible: bool) -> None:
        self.visible = visible
        if visible and not self.built:
            self._build()
            self.refresh()

    # ------------------------------------------------------------ data
    def refresh(self) -> None:
        """Read the sessions again (what others saved since) and redraw."""
        if self.team is None:
            self.team = Team(self._make_store(), self.identity, self.config, rules=self._rules,
                             settings=self._settings)
        self.team.refresh()
        self._fill_menus()
        self.render()

    def _filtered(self, _=None) -> None:
        if not self._filling:
            self.render()

    def _fill_menus(self) -> None:
        """New options without a redraw per menu: the caller draws once (three charts are not free)."""
        ui, choices = self.state.ui, self.team.choices()
        self._filling = True
        try:
            for menu, key in ((self.agent_menu, "agents"), (self.transcript_menu, "transcripts"),
                              (self.variety_menu, "varieties")):
                current = menu.value
                menu.options = [(label("any", ui), "")] + [(v, v) for v in choices[key]]
                menu.value = current if current in choices[key] else ""
        finally:
            self._filling = False

    def relabel(self) -> None:
        ui = self.state.ui
        self.heading.value = (f"<h3>{esc(label('team_title', ui))}</h3>"
                              f"<p class='rw-sub'>{esc(label('team_intro', ui))}</p>")
        for widget, key in ((self.since_picker, "team_since"), (self.until_picker, "team_until"),
                            (self.agent_menu, "team_agent"), (self.transcript_menu, "team_transcript"),
                            (self.variety_menu, "team_variety")):
            widget.description = label(key, ui)
        self.refresh_button.description = label("team_refresh", ui)
        for i, name in enumerate(TABLES):
            title = label(TABLE_TITLES[name], ui)
            self.details.set_title(i, title)
            self.export_buttons[name].description = label("team_export", ui, table=title)
        if self.team is not None:
            self._fill_menus()

    def _relabel_and_render(self, _=None) -> None:
        if self.built:
            self.relabel()
            self.render()

    def render(self) -> None:
        if not self.built or self.team is None:
            return
        ui = self.state.ui
        self.data = data = self.team.frames(since=self.since, until=self.until, transcript=self.transcript or None,
                                            variety=self.variety or None, agent=self.agent or None)
        frame = data.sessions
        if frame.empty:
            self.summary.value = f"<p class='rw-team-empty'>{esc(label('team_empty', ui))}</p>"
            for image in self.charts.values():
                image.value = b""
                image.layout.display = "none"
            for table in self.tables.values():
                table.value = ""
            return
        words_b, words_a = frame["agent_words_before"].sum(), frame["agent_words_after"].sum()
        before = 100 * frame["findings_before"].sum() / words_b if words_b else 0
        after = 100 * frame["findings_after"].sum() / words_a if words_a else 0
        self.summary.value = '<div class="rw-summary">{}</div>'.format(esc(label(
            "team_summary", ui, sessions=format_number(len(frame), ui), agents=format_number(frame["agent"].nunique(), ui),
            before=format_number(before, ui, 1), after=format_number(after, ui, 1))))
        for name, draw in (("timeline", timeline_png), ("categories", categories_png), ("rules", rules_png)):
            self.charts[name].layout.display = None
            self.charts[name].value = draw(data, ui)
        self.tables["sessions"].value = self._table(frame.sort_values("updated", ascending=False), "sessions")
        self.tables["categories"].value = self._table(data.categories, "categories")
        self.tables["rules"].value = self._table(data.rules.head(RULES_SHOWN), "rules")

    def _table(self, frame, name: str) -> str:
        """A frame as an escaped HTML table: labels from the catalog, numbers and dates as `ui` writes them."""
        ui = self.state.ui
        shown = frame[list(SHOWN[name])].copy()
        if "date" in shown:
            shown["date"] = [format_datetime(v, ui).rsplit(",", 1)[0] for v in frame["updated"]]
        if "category" in shown:
            shown["category"] = [category_label(c, ui) for c in shown["category"]]
        if "comes_back" in shown:
            shown["comes_back"] = [label("team_yes" if v else "team_no", ui) for v in shown["comes_back"]]
        numeric = [shown[c].dtype.kind in "if" for c in shown.columns]
        # Written here rather than with DataFrame.to_html, which cannot mark the number cells
        # (right-aligned) apart from the text ones; every cell goes through esc.
        head = "".join(f'<th class="{"rw-num" if n else "rw-text"}">{esc(label(f"team_col_{c}", ui))}</th>'
                       for c, n in zip(shown.columns, numeric))
        body = "".join(
            "<tr>" + "".join(f'<td class="rw-num">{esc(format_number(v, ui, 2))}</td>' if n else
                             f'<td class="rw-text">{esc(v if v == v and v not in (None, "") else "—")}</td>'
                             for v, n in zip(values, numeric)) + "</tr>"
            for values in shown.itertuples(index=False))
        return f'<table class="rw-table rw-team-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'

    # ------------------------------------------------------------ export
    def export(self, name: str) -> None:
        """A download link for one table as CSV, made here (formula-looking cells neutralised)."""
        if self.data is None:
            return
        content = self.data.csv(name)
        data = base64.b64encode(content.encode("utf-8")).decode("ascii")
        filename = f"team-{name}.csv"
        self.download.value = (f'<a download="{filename}" href="data:text/csv;charset=utf-8;base64,{data}">'
                               f"{esc(label('session_download', self.state.ui, name=filename))}</a>")

