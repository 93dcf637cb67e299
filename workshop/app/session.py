"""Sessions in the app: who is working, the saved indicator, continue an earlier session, revisions."""
from __future__ import annotations

import base64
import re
import unicodedata
from typing import Callable

import anywidget
import ipywidgets as w
import traitlets

from ..i18n import WorkshopError, format_datetime, format_number, label
from ..identity import AGENT, LEAD, Identity
from ..render import esc, turn_diffs_html
from ..sessions import Autosaver, SessionStore
from ..state import WorkshopState
from .common import guarded, take_upload


class Downloader(anywidget.AnyWidget):
    """Saves a file the kernel made in one click: each new `nonce` makes the browser download `data`
    (base64) as `name`, through a Blob, so there is no link to click a second time and no image."""

    _esm = """
    function render({ model, el }) {
      el.hidden = true;
      model.on("change:nonce", () => {
        const bytes = Uint8Array.from(atob(model.get("data")), (c) => c.charCodeAt(0));
        const url = URL.createObjectURL(new Blob([bytes], { type: model.get("mime") }));
        const a = Object.assign(document.createElement("a"), { href: url, download: model.get("name") });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
      });
    }
    export default { render };
    """
    name = traitlets.Unicode("").tag(sync=True)
    mime = traitlets.Unicode("").tag(sync=True)
    data = traitlets.Unicode("").tag(sync=True)
    nonce = traitlets.Int(0).tag(sync=True)

    def send(self, name: str, mime: str, content: bytes) -> None:
        self.name, self.mime, self.data = name, mime, base64.b64encode(content).decode("ascii")
        self.nonce += 1


def file_part(text: str, limit: int = 40) -> str:
    """A piece of a file name from typed text: ASCII letters, digits and hyphens only (nothing a
    file system or a browser could read as a path), never empty."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    part = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")
    return part or "x"


def export_name(title: str, agent: str, day: str, fmt: str) -> str:
    """The file an export downloads as: transcript, agent and date, e.g. cargo-duplicado_ana-lopez_2026-12-02.html."""
    return f"{file_part(title)}_{file_part(agent)}_{day[:10]}.{fmt}"


class SessionPane(w.VBox):
    """Start a session with two names; every change is then saved within a second.

    The database opens on first use, so a broken one never stops the page
    from loading; its problems arrive as alerts.
    """

    def __init__(self, state: WorkshopState, store: Callable[[], SessionStore] = SessionStore,
                 indicator: w.HTML | None = None, delay: float = 1.0, identity: Identity | None = None):
        super().__init__()
        self.identity = identity or Identity(None)
        self.state, self._make_store, self.delay = state, store, delay
        self.store: SessionStore | None = None
        self.saver: Autosaver | None = None
        self.session_id: int | None = None
        self._opening = False
        g = lambda fn: guarded(state, fn)  # noqa: E731
        self.indicator = indicator or w.HTML()
        self.indicator.add_class("rw-saved")
        wide = {"description_width": "initial"}  # "Responsable" in full, never "Responsa…"
        self.lead, self.agent = w.Text(style=wide), w.Text(style=wide)
        self.lead.add_class("rw-lead")
        self.agent.add_class("rw-agent")
        self.start_button = w.Button(icon="play", button_style="primary")
        self.start_button.add_class("rw-start-session")
        self.continue_title = w.HTML()
        self.filter_agent = w.Text(layout=w.Layout(width="260px"), style=wide)
        self.filter_transcript = w.Dropdown(layout=w.Layout(width="380px"), style=wide)
        self.filter_since = w.DatePicker(layout=w.Layout(width="260px"), style=wide)
        self.empty_list = w.HTML()
        self.empty_list.add_class("rw-empty-list")
        self.sessions = w.Select(rows=6, layout=w.Layout(width="100%"))
        self.sessions.add_class("rw-session-list")
        self.open_button = w.Button(icon="folder-open")
        self.open_button.add_class("rw-open-session")
        self.history_title = w.HTML()
        self.revisions = w.Dropdown(layout=w.Layout(width="320px"))
        self.view_button, self.restore_button = w.Button(icon="eye"), w.Button(icon="history")
        self.restore_button.add_class("rw-restore")
        self.preview = w.HTML()
        self.export_title = w.HTML()
        self.export_buttons = {fmt: w.Button(icon="download") for fmt in ("html", "md", "json")}
        for fmt, button in self.export_buttons.items():
            button.add_class(f"rw-export-{fmt}")
            button.on_click(g(lambda _, fmt=fmt: self.export(fmt)))
        self.download = Downloader()
        self.needs_session = w.HTML()
        self.needs_session.add_class("rw-needs-session")
        self.confirm_text = w.HTML()
        self.confirm_new = w.Button(icon="play", button_style="primary")
        self.confirm_new.add_class("rw-confirm-new-session")
        self.confirm_no = w.Button()
        self.confirm_no.add_class("rw-confirm-no")
        self.confirm_box = w.HBox([self.confirm_text, self.confirm_new, self.confirm_no],
                                  layout=w.Layout(flex_flow="row wrap", align_items="center", display="none"))
        self.confirm_box.add_class("rw-confirm")
        self.importer = w.FileUpload(accept=".json", multiple=False)
        self.importer.observe(g(self._imported), "value")
        self.progress_button = w.Button(icon="line-chart")
        self.progress_button.add_class("rw-progress-button")
        self.progress_button.on_click(g(lambda _: self.show_progress(self.agent.value or self.filter_agent.value)))
        self.progress_table = w.HTML()
        self.progress_table.add_class("rw-progress")
        # hidden while empty: an Image with no picture shows the browser's broken-image icon
        self.progress_chart = w.Image(format="png", layout=w.Layout(max_width="900px", display="none"))
        for button in (self.start_button, self.open_button, self.view_button, self.restore_button,
                       *self.export_buttons.values(), self.importer, self.progress_button, self.confirm_new,
                       self.confirm_no):
            button.layout.width = "auto"  # a button as wide as its label: "JSON (para importar)", not "JSON (para imp…"
        self.children = [
            w.HBox([self.lead, self.agent, self.start_button], layout=w.Layout(flex_flow="row wrap")),
            self.confirm_box,
            self.continue_title,
            w.HBox([self.filter_agent, self.filter_transcript, self.filter_since], layout=w.Layout(flex_flow="row wrap")),
            self.sessions, self.empty_list, w.HBox([self.open_button]),
            self.history_title, w.HBox([self.revisions, self.view_button, self.restore_button]), self.preview,
            self.export_title, w.HBox([*self.export_buttons.values(), self.importer, self.progress_button],
                                      layout=w.Layout(flex_flow="row wrap")),
            self.needs_session, self.download, self.progress_table, self.progress_chart,
        ]
        self.add_class("rw-session")
        self._fill_identity()
        self.start_button.on_click(g(lambda _: self.start()))
        self.open_button.on_click(g(lambda _: self.reopen(self.sessions.value)))
        for widget in (self.filter_agent, self.filter_transcript, self.filter_since):
            widget.observe(g(self.refresh_list), "value")
        self.view_button.on_click(g(lambda _: self.view(self.revisions.value)))
        self.restore_button.on_click(g(lambda _: self.restore(self.revisions.value)))
        self.confirm_new.on_click(g(lambda _: self._confirmed(True)))
        self.confirm_no.on_click(g(lambda _: self._confirmed(False)))
        state.observe(g(self.relabel), "ui")
        state.observe(g(self._transcript_changed), "transcript")
        self.relabel()

    def _fill_identity(self) -> None:
        """A signed-in agent's sessions are in their name (fixed here; the store refuses any other);
        a lead's name is filled in as the session's lead."""
        me = self.identity
        if me.name and me.role == AGENT:
            for field in (self.agent, self.filter_agent):
                field.value, field.disabled = me.name, True
        elif me.name and me.role == LEAD:
            self.lead.value = me.name

    # ------------------------------------------------------------ store
    def _store(self) -> SessionStore:
        if self.store is None:
            self.store = self._make_store()
            self._tell()
        return self.store

    def _tell(self) -> None:
        """What the store noticed (a database set aside, a damaged row) as one info alert, each said once."""
        store = self.store
        if store is not None and store.notices:
            self.state.inform(" ".join(n.message(self.state.ui) for n in store.notices))
            store.notices.clear()

    # ------------------------------------------------------------ labels and lists
    def relabel(self, _=None) -> None:
        ui = self.state.ui
        self.lead.description, self.agent.description = label("session_lead", ui), label("session_agent", ui)
        self.lead.placeholder = self.agent.placeholder = label("session_name", ui)
        self.start_button.description = label("session_start", ui)
        self.continue_title.value = f"<h4>{esc(label('session_continue', ui))}</h4>"
        self.filter_agent.description = label("session_agent", ui)
        self.filter_transcript.description = label("session_transcript", ui)
        self.filter_since.description = label("session_since", ui)
        self.open_button.description = label("session_open", ui)
        self.history_title.value = f"<h4>{esc(label('session_history', ui))}</h4>"
        self.view_button.description, self.restore_button.description = label("session_view", ui), label(
            "session_restore", ui)
        self.export_title.value = f"<h4>{esc(label('session_export_title', ui))}</h4>"
        for fmt, button in self.export_buttons.items():
            button.description = label(f"session_export_{fmt}", ui)
        self.importer.description = label("session_import_button", ui)
        self.progress_button.description = label("session_progress", ui)
        self.confirm_new.description = label("session_confirm_new", ui)
        self.confirm_no.description = label("session_confirm_no", ui)
        self._render_confirm()
        self._enable()
        self._show_status(self.saver.status if self.saver else "none")
        if self.store is not None:
            self.refresh_list()

    def refresh_list(self, _=None) -> None:
        store = self._store()
        every = store.sessions()
        ids = sorted({s.transcript_id for s in every})
        current = self.filter_transcript.value
        titles = {s.transcript_id: s.title for s in every}  # the filter shows titles; the value stays the id
        self.filter_transcript.options = [(label("any", self.state.ui), "")] + sorted(
            ((titles.get(i) or i, i) for i in ids), key=lambda option: option[0].casefold())
        self.filter_transcript.value = current if current in ids else ""
        since = self.filter_since.value.isoformat() if self.filter_since.value else None
        found = store.sessions(agent=self.filter_agent.value.strip() or None,
                               transcript=self.filter_transcript.value or None, since=since)
        ui = self.state.ui
        self.sessions.options = [(f"{format_datetime(s.updated, ui)} · {s.agent} · {s.lead} · {s.title}", s.id)
                                 for s in found]
        self.sessions.layout.display = None if found else "none"
        empty = label("session_list_empty" if every else "session_list_none", ui)
        self.empty_list.value = "" if found else f'<p class="rw-sub">{esc(empty)}</p>'
        self._enable()
        self._refresh_revisions()
        self._tell()

    def _refresh_revisions(self) -> None:
        if self.session_id is None:
            self.revisions.options = []
            return
        ui = self.state.ui
        self.revisions.options = [(f"{n} · {format_datetime(at, ui, time_only=True)}", n)
                                  for n, at in reversed(self._store().revisions(self.session_id))]

    def _enable(self) -> None:
        """Buttons that need an open session are disabled until there is one, and a line says why."""
        closed = self.session_id is None
        for button in (*self.export_buttons.values(), self.view_button, self.restore_button):
            button.disabled = closed
            button.tooltip = label("session_needs_open", self.state.ui) if closed else ""
        self.open_button.disabled = not self.sessions.options
        self.needs_session.value = (f'<p class="rw-sub">{esc(label("session_needs_open", self.state.ui))}</p>'
                                    if closed else "")

    def _show_status(self, status: str) -> None:
        ui = self.state.ui
        text = {"none": label("saved_none", ui), "pending": label("saved_pending", ui),
                "saved": label("saved_at_revision", ui,
                               time=format_datetime(self.saver.saved_at, ui, time_only=True, short=True) if self.saver else "",
                               revision=self.saver.base if self.saver else 0),
                "conflict": label("saved_conflict", ui), "error": label("saved_error", ui)}[status]
        self.indicator.value = f'<span class="rw-status-{status}">{esc(text)}</span>'
        if status == "saved" and self.store is not None:
            self._refresh_revisions()

    # ------------------------------------------------------------ actions
    def _attach(self, session_id: int, base: int) -> None:
        if self.saver is not None:
            self.saver.stop()
        self.session_id = session_id
        self.saver = Autosaver(self._store(), session_id, self.state, base=base, delay=self.delay,
                               on_status=self._show_status)
        # the time of the revision on screen, from the first moment (the saver knows only its own saves)
        self.saver.saved_at = self.saver.saved_at or self._store().info(session_id).updated
        self._ask(None)
        self._clear_error()
        self._show_status("saved")
        self.refresh_list()

    def _clear_error(self) -> None:
        """An action just succeeded: an error alert from before is stale."""
        if self.state.alert.get("kind") == "error":
            self.state.alert = {}

    def start(self) -> int:
        """A new session on the transcript on screen, with the work so far saved at once."""
        store = self._store()
        session_id = store.create(self.lead.value, self.agent.value, self.state.transcript)
        self._attach(session_id, 0)
        if self.state.rewrite or self.state.notes or self.state.variety:
            self.saver.dirty = True
            self.saver.flush()
        return session_id

    def reopen(self, session_id: int | None) -> None:
        """Reopen a session exactly as it was left."""
        if session_id is None:
            return
        store = self._store()
        info, snapshot = store.info(session_id), store.snapshot(session_id)
        if self.saver is not None:
            self.saver.stop()
            self.saver = None
        self._opening = True
        try:
            self.state.load(store.transcript(session_id))
            self.state.restore(snapshot.rewrite, snapshot.notes, snapshot.decisions)
            self.state.variety = snapshot.variety
        finally:
            self._opening = False
        self.lead.value, self.agent.value = info.lead, info.agent
        self._attach(session_id, info.revision)
        self._tell()

    def view(self, number: int | None) -> None:
        if number is None or self.session_id is None:
            return
        snap = self._store().snapshot(self.session_id, number)
        self._tell()
        self.preview.value = turn_diffs_html(self.state.transcript, sorted(snap.rewrite.items()), ui=self.state.ui) or "—"
        self.preview.add_class("rw-diff")

    def restore(self, number: int | None) -> None:
        if number is None or self.session_id is None:
            return
        snap = self._store().snapshot(self.session_id, number)
        self.state.restore(snap.rewrite, snap.notes, snap.decisions)
        self.state.variety = snap.variety

    def export(self, fmt: str) -> None:
        """Download this session's report in one click: the file is made here, the browser only saves it."""
        from .. import report

        if self.session_id is None:
            self.state.inform(label("session_needs_open", self.state.ui))
            return
        self.saver.flush()
        store = self._store()
        content = report.export(store, self.session_id, fmt, ui=self.state.ui, rules=self.state.rules)
        self._tell()
        info = store.info(self.session_id)
        name = export_name(info.title, info.agent, info.updated, fmt)  # typed names made safe by file_part
        self.download.send(name, f"{report.MIME[fmt]};charset=utf-8", content.encode("utf-8"))
        self._clear_error()

    def _imported(self, change) -> None:
        from .. import report

        upload = take_upload(self.importer, change, "session.json")
        if upload is None:
            return
        name, data = upload
        report.check_import_size(len(data), name)  # before decoding
        try:
            text = data.decode("utf-8-sig", errors="strict")
        except UnicodeDecodeError:
            raise WorkshopError("undecodable", name=name) from None
        self.reopen(report.import_json(self._store(), text, name=name))

    def show_progress(self, agent: str) -> None:
        """The agent's sessions over time: a table and a chart."""
        import io

        from ..report import progress_chart, sessions_frame

        ui = self.state.ui
        frame = sessions_frame(self._store(), agent=agent.strip() or None)
        if frame.empty:
            self.progress_table.value = f"<p>{esc(label('session_no_progress', ui))}</p>"
            self.progress_chart.layout.display = "none"
            return
        columns = ["updated", "agent", "title", "words_saved", "filler_after", "agent_readability_after",
                   "findings_per_100_agent_words_after"]
        shown = frame[columns].copy()
        shown["updated"] = [format_datetime(v, ui, date_only=True) for v in shown["updated"]]
        shown.columns = [label(f"progress_col_{c}", ui) for c in columns]  # headers in the UI language
        self.progress_table.value = shown.to_html(index=False, classes="rw-table", escape=True, na_rep="—",
                                                  float_format=lambda x: format_number(x, ui, 1))
        out = io.BytesIO()
        progress_chart(frame, ui).savefig(out, format="png")
        self.progress_chart.value = out.getvalue()
        self.progress_chart.layout.display = None

    def _transcript_changed(self, _=None) -> None:
        """Another transcript on screen: the old session stays as saved; with both names, a new one starts."""
        if self._opening:
            return
        if self.saver is not None:
            self.saver.stop()  # saves nothing more: its transcript is no longer on screen
            self.saver, self.session_id = None, None
            self._show_status("none")
            self._refresh_revisions()
            self._enable()
        if self.lead.value.strip() and self.agent.value.strip() and self.state.transcript is not None:
            self._ask(self.state.transcript)  # a new session for the same pair only when they say so

    def _ask(self, transcript) -> None:
        self._asking = transcript
        self._render_confirm()

    def _render_confirm(self) -> None:
        asking = getattr(self, "_asking", None)
        self.confirm_box.layout.display = None if asking is not None else "none"
        if asking is not None:
            self.confirm_text.value = "<span>{}</span>".format(esc(label(
                "session_confirm_text", self.state.ui, lead=self.lead.value.strip(), agent=self.agent.value.strip(),
                title=asking.title)))

    def _confirmed(self, yes: bool) -> None:
        asking, self._asking = getattr(self, "_asking", None), None
        self._render_confirm()
        if yes and asking is not None and asking is self.state.transcript:
            self.start()
