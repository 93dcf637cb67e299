"""Sessions through the app's widgets, on a real store: a SQLite file and a PostgreSQL database (tests/conftest.py)."""
from __future__ import annotations

import pytest

import workshop
from workshop.app import WorkshopApp
from workshop.sessions import SessionStore

CASE = "Agente: Eh, le informo que su pedido llega el lunes.\nCliente: Vale.\nAgente: Pues nada, gracias."


@pytest.fixture()
def make_app(make_store):
    def make(transcript=None):
        return WorkshopApp(transcript or workshop.load(CASE), typing_pause=None, store=make_store)
    return make


def start(app, lead="Laura", agent="Pablo"):
    app.session.lead.value, app.session.agent.value = lead, agent
    app.session.start_button.click()
    return app.session.session_id


def test_a_closed_tab_reopens_exactly_as_it_was_left(make_app):
    app = make_app()
    assert "Sin guardar" in app.saved.value
    sid = start(app)
    app.rewrite.editors[0].editor.value = "Su pedido llega el lunes."
    app.tabs.selected_index = 2
    app.notes.general.value = "Repasar muletillas"
    assert "Guardado a las" in app.saved.value
    later = make_app(workshop.load("Agent: Hi.\nCustomer: Hello."))  # a new tab, another transcript on screen
    later.session.refresh_list()
    assert [v for _, v in later.session.sessions.options] == [sid]
    later.session.sessions.value = sid
    later.session.open_button.click()
    assert later.state.transcript.turns == app.state.transcript.turns
    assert later.rewrite.editors[0].editor.value == "Su pedido llega el lunes."
    assert later.state.notes == {"": "Repasar muletillas"} and (later.session.lead.value, later.session.agent.value) == (
        "Laura", "Pablo")


def test_the_variety_picked_during_a_session_comes_back_with_it(make_app):
    """A lead who switched to Mexican Spanish mid-session finds the same highlights on reopening."""
    app = make_app()
    sid = start(app)
    app.variety.value = "es-MX"
    assert app.session.saver.status == "saved"
    later = make_app(workshop.load("Agent: Hi.\nCustomer: Hello."))
    later.session.reopen(sid)
    assert later.state.variety == "es-MX" and later.variety.value == "es-MX"
    assert later.state.rewrite_analysis.variety == "es-MX"


def test_another_tabs_save_is_not_overwritten(make_app):
    first = make_app()
    sid = start(first)
    second = make_app()
    second.session.refresh_list()
    second.session.reopen(sid)
    first.rewrite.editors[0].editor.value = "Versión de la primera pestaña."
    second.rewrite.editors[0].editor.value = "Versión de la segunda pestaña."
    assert second.state.alert["kind"] == "error" and "otra pestaña" in second.state.alert["text"]
    assert "No guardado" in second.saved.value
    reopened = make_app()
    reopened.session.reopen(sid)
    assert reopened.state.rewrite[0] == "Versión de la primera pestaña."


def test_history_views_and_restores_an_earlier_revision(make_app):
    app = make_app()
    start(app)
    app.rewrite.editors[0].editor.value = "Primera."
    app.rewrite.editors[0].editor.value = "Segunda."
    numbers = [v for _, v in app.session.revisions.options]
    assert numbers[:2] == [2, 1]
    app.session.revisions.value = 1
    app.session.view_button.click()
    assert '<ins class="rw-insert">Primera</ins>.' in app.session.preview.value
    app.session.restore_button.click()
    assert app.rewrite.editors[0].editor.value == "Primera."
    assert app.session.store.snapshot(app.session.session_id).rewrite == {0: "Primera."}


def test_opening_another_transcript_keeps_the_last_words_and_asks_before_a_new_session(make_app):
    app = make_app()
    sid = start(app)
    app.rewrite.editors[0].editor.value = "Lo último que escribí."
    app.picker.paste.value = "Agent: Hello, thanks for calling.\nCustomer: Hi."
    app.picker.paste_button.click()
    store = app.session.store
    assert store.snapshot(sid).rewrite == {0: "Lo último que escribí."}
    assert app.session.session_id is None and len(store.sessions(agent="Pablo")) == 1  # asked, not started
    assert app.session.confirm_box.layout.display != "none" and "Pablo" in app.session.confirm_text.value
    app.session.confirm_new.click()
    assert app.session.session_id not in (None, sid) and len(store.sessions(agent="Pablo")) == 2
    assert app.session.confirm_box.layout.display == "none"
    assert store.info(app.session.session_id).title == "Hello, thanks for calling."  # a title from its first words


def test_not_now_keeps_working_without_a_session(make_app):
    app = make_app()
    start(app)
    app.picker.paste.value = "Agent: Hello.\nCustomer: Hi."
    app.picker.paste_button.click()
    app.session.confirm_no.click()
    assert app.session.session_id is None and app.session.confirm_box.layout.display == "none"
    assert all(b.disabled for b in app.session.export_buttons.values())
    assert "Empiece o abra una sesión" in app.session.needs_session.value


def test_names_are_required_and_hostile_names_stay_text(make_app):
    app = make_app()
    app.session.start_button.click()
    assert app.state.alert["kind"] == "error" and app.session.session_id is None
    start(app, "<img src=x onerror=alert(1)>", "<script>x</script>")
    app.session.refresh_list()
    assert "<script>x</script>" in app.session.sessions.options[0][0]  # a Select shows options as text


@pytest.mark.sqlite_only("a damaged file")
def test_an_unreadable_database_is_reported_and_the_app_keeps_working(tmp_path, backend):
    (tmp_path / "sessions.sqlite3").write_bytes(b"garbage" * 200)
    app = WorkshopApp(workshop.load(CASE), typing_pause=None, store=lambda: SessionStore(tmp_path))
    sid = start(app)
    assert app.state.alert["kind"] == "info" and "apartado" in app.state.alert["text"]
    app.rewrite.editors[0].editor.value = "Sigue funcionando."
    assert app.session.store.snapshot(sid).rewrite == {0: "Sigue funcionando."}


def test_export_links_import_and_progress_from_the_app(make_app):
    import base64
    import re
    from datetime import datetime, timezone

    app = make_app()
    sid = start(app, agent="Pablo <b>")
    app.rewrite.editors[0].editor.value = "Su pedido llega el lunes."
    app.session.export_buttons["html"].click()
    download = app.session.download
    assert download.nonce == 1 and download.mime.startswith("text/html")
    # named after the transcript, the agent and the day, made safe for any file system
    assert re.fullmatch(r"[a-z0-9-]+_pablo-b_\d{4}-\d{2}-\d{2}\.html", download.name), download.name
    html = base64.b64decode(download.data).decode()
    assert html.startswith("<!doctype html>") and "Pablo &lt;b&gt;" in html and "<b>" not in html.split("<style>")[0]
    app.session.export_buttons["json"].click()
    assert download.nonce == 2 and download.name.endswith(".json")
    exported = base64.b64decode(download.data)
    app.session.importer.value = ({"name": "s.json", "type": "application/json", "size": len(exported),
                                   "content": memoryview(exported), "last_modified": datetime.now(timezone.utc)},)
    assert app.session.session_id != sid and app.state.rewrite == {0: "Su pedido llega el lunes."}
    app.session.show_progress("Pablo <b>")
    assert app.session.progress_table.value.count("<tr>") == 2  # two sessions (the header row has a style)
    assert "Pablo &lt;b&gt;" in app.session.progress_table.value and app.session.progress_chart.value[:4] == b"\x89PNG"
    app.session.importer.value = ({"name": "bad.json", "type": "application/json", "size": 2,
                                   "content": memoryview(b"[]"), "last_modified": datetime.now(timezone.utc)},)
    assert app.state.alert["kind"] == "error" and "bad.json" in app.state.alert["text"]


def test_a_session_started_after_some_work_saves_that_work_at_once(make_app):
    app = make_app()
    app.rewrite.editors[0].editor.value = "Escrito antes de la sesión."
    sid = start(app)
    assert app.session.store.snapshot(sid).rewrite == {0: "Escrito antes de la sesión."}


CLOSING_KERNEL = r"""
import asyncio, sys
import workshop
from workshop.app import WorkshopApp
from workshop.sessions import SessionStore

CASE = "Agente: Eh, le informo que su pedido llega el lunes.\nCliente: Vale."

async def work():
    app = WorkshopApp(workshop.load(CASE), typing_pause=30, store=lambda: SessionStore(url=sys.argv[1]))
    while app.session is None or not app.rewrite.editors:  # panes built right after the first paint
        await asyncio.sleep(0.01)
    app.session.lead.value, app.session.agent.value = "Laura", "Pablo"
    app.session.start_button.click()
    app.rewrite.editors[0].editor.value = "Su pedido"  # the first change saves at once
    await asyncio.sleep(0.1)
    app.rewrite.editors[0].editor.value = "Su pedido llega el lunes."
    print(app.session.session_id, flush=True)

asyncio.run(work())
"""


def test_a_kernel_shut_down_mid_typing_saves_the_last_keystrokes(store_url, make_store):
    """Voilà shuts a closed tab's kernel down at once: what the autosave had not yet written (its
    second had not passed) is saved as the kernel exits."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", CLOSING_KERNEL, store_url], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert make_store().snapshot(int(done.stdout)).rewrite == {0: "Su pedido llega el lunes."}
