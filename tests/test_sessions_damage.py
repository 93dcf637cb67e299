"""The sessions store against hostile imports, damaged rows, a full disk and read-only folders.

Imports and damaged JSON run on both backends (tests/conftest.py); undecodable
bytes, a full disk and read-only folders are SQLite files' troubles (PostgreSQL
refuses invalid UTF-8 on the way in, and its disk is the server's).
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

import workshop
from workshop import report, storage
from workshop.cli import main
from workshop.i18n import WorkshopError
from workshop.sessions import NAME_LIMIT, SessionStore, Snapshot

CASE = "Agente: Eh, le informo que su pedido llega el lunes.\nCliente: Vale.\nAgente: Pues nada, gracias."
ROOT = Path(__file__).resolve().parents[1]


def exported(tmp_path) -> dict:
    """A real exported session, made in a store of its own, as the dict an import reads."""
    source = SessionStore(tmp_path / "source")
    sid = source.create("Laura", "Pablo", workshop.load(CASE))
    source.save(sid, Snapshot({0: "Su pedido llega el lunes."}, {"": "Bien", "0": "Mejor"}), base=0)
    data = json.loads(report.export_json(source, sid))
    source.close()
    return data


def raw(store, query: str, params=()) -> None:
    """A change made behind the store's back (a foreign tool), committed."""
    store._sql(query, params)
    if store.backend == "sqlite":
        store.db.commit()


def run_cli(*argv) -> tuple[int, str, str]:
    import io

    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


# ------------------------------------------------------------ 10: import applies the loaders' limits

def test_an_import_over_the_size_cap_is_refused_before_parsing(store, tmp_path):
    text = json.dumps(exported(tmp_path)) + " " * 2_100_000  # over the 2 MB cap
    started = time.monotonic()
    with pytest.raises(WorkshopError) as error:
        report.import_json(store, text, name="huge.json")
    assert error.value.code == "too_large"
    assert "huge.json" in error.value.message("es") and "huge.json" in error.value.message("en")
    assert time.monotonic() - started < 5 and store.sessions() == []


@pytest.mark.parametrize("where, value", [
    ("rewrite", "palabra " * 130_000),           # a 1 MB rewrite: far over the word limit
    ("rewrite", "!" * 30_000),                   # no words at all, but far too many characters
    ("transcript", "repetido " * 1_400),         # a 12 KB repeated turn in the original
    ("notes", "nota " * 200_000),                # a 1 MB general note
])
def test_an_import_over_the_loaders_limits_is_refused_with_a_clear_message(store, tmp_path, where, value):
    data = exported(tmp_path)
    if where == "rewrite":
        data["rewrite"]["0"] = value
    elif where == "transcript":
        data["transcript"]["turns"][1]["text"] = value
    else:
        data["notes"][""] = value
    started = time.monotonic()
    with pytest.raises(WorkshopError) as error:
        report.import_json(store, json.dumps(data), name="big.json")
    assert time.monotonic() - started < 10  # refused, not analysed for a minute
    assert error.value.code == "session_import_limit"
    es, en = error.value.message("es"), error.value.message("en")
    assert "big.json" in es and "big.json" in en
    assert ("límite" in es or "máximo" in es) and ("limit" in en or "at most" in en)
    assert store.sessions() == []


def test_an_import_within_the_limits_still_works(store, tmp_path):
    sid = report.import_json(store, json.dumps(exported(tmp_path)), name="ok.json")
    assert store.snapshot(sid).rewrite == {0: "Su pedido llega el lunes."}
    assert store.snapshot(sid).notes == {"": "Bien", "0": "Mejor"}


# ------------------------------------------------------------ 11: all or nothing, note keys

def test_a_failed_import_leaves_no_empty_session_behind(store, tmp_path, backend):
    if backend == "sqlite":
        store.db.execute("CREATE TEMP TRIGGER refuse BEFORE INSERT ON revisions BEGIN SELECT RAISE(ABORT, 'no'); END")
        failure = sqlite3.Error
    else:
        import psycopg

        store.db.execute("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE 'no'; END $$")
        store.db.execute("CREATE TRIGGER refuse BEFORE INSERT ON revisions FOR EACH ROW EXECUTE FUNCTION refuse()")
        failure = psycopg.Error
    with pytest.raises(failure):
        report.import_json(store, json.dumps(exported(tmp_path)), name="s.json")
    assert store.sessions() == [] and not store.in_transaction
    store.db.execute("DROP TRIGGER refuse" + ("" if backend == "sqlite" else " ON revisions"))
    sid = report.import_json(store, json.dumps(exported(tmp_path)), name="s.json")
    assert [s.id for s in store.sessions()] == [sid] and store.info(sid).revision == 1


@pytest.mark.parametrize("key", ["abc", "99", "-1", "3", " 1"])
def test_note_keys_must_name_the_general_note_or_an_existing_turn(store, tmp_path, key):
    data = exported(tmp_path)
    data["notes"][key] = "nota"
    with pytest.raises(WorkshopError) as error:
        report.import_json(store, json.dumps(data), name="keys.json")
    assert error.value.code == "session_import" and f"notes.{key}" in error.value.message("en")
    assert store.sessions() == []
    sid = store.create("Laura", "Pablo", workshop.load(CASE))
    with pytest.raises(WorkshopError) as error:
        store.save(sid, Snapshot({0: "Hola."}, {"": "bien", key: "nota"}), base=0)
    assert error.value.code == "session_note_key" and key in error.value.message("es")
    assert store.info(sid).revision == 0
    assert store.save(sid, Snapshot({0: "Hola."}, {"": "bien", "2": "nota"}), base=0) == 1


# ------------------------------------------------------------ 12: damaged rows

def _damage_lead(store, sid):
    # Invalid UTF-8 stored as TEXT, as a bad sector or a foreign tool would leave it.
    store.db.execute("UPDATE sessions SET lead = CAST(X'4c61ff7572612080' AS TEXT) WHERE id = ?", (sid,))
    store.db.commit()


@pytest.mark.sqlite_only("undecodable bytes")
def test_one_undecodable_row_is_reported_and_every_session_stays_readable(tmp_path, backend):
    store = SessionStore(tmp_path)
    good = store.create("Ana", "Pablo", workshop.load(CASE))
    bad = store.create("Laura", "Pablo", workshop.load(CASE))
    store.save(bad, Snapshot({0: "Su pedido llega el lunes."}), base=0)
    _damage_lead(store, bad)
    store.db.execute("UPDATE sessions SET transcript = CAST(REPLACE(transcript, 'lunes', 'lu' || X'ff' || 'nes')"
                     " AS TEXT) WHERE id = ?", (bad,))
    store.db.commit()
    store.close()
    store = SessionStore(tmp_path)
    assert {s.id for s in store.sessions()} == {good, bad}
    codes = [(n.code, n.params.get("id")) for n in store.notices]
    assert ("session_damaged", bad) in codes
    notice = next(n for n in store.notices if n.code == "session_damaged")
    assert str(bad) in notice.message("es") and str(bad) in notice.message("en")
    assert store.info(bad).lead.startswith("La")
    assert "lu" in store.transcript(bad).turns[0].text
    assert "<!doctype html>" in report.export(store, bad, "html")
    store.close()
    code, out, err = run_cli("sessions", "--data", str(tmp_path), "list")
    assert code == 0 and out.count("Pablo") == 2 and f"{bad}" in err


def test_a_damaged_revision_is_skipped_for_the_last_readable_one(store, store_url):
    sid = store.create("Laura", "Pablo", workshop.load(CASE))
    store.save(sid, Snapshot({0: "Primera versión."}), base=0)
    store.save(sid, Snapshot({0: "Segunda versión."}), base=1)
    raw(store, "UPDATE revisions SET rewrite = '{\"0\": \"Segu' WHERE session_id = ? AND number = 2", (sid,))
    snap = store.snapshot(sid)
    assert snap.number == 1 and snap.rewrite == {0: "Primera versión."}
    notice = next(n for n in store.notices if n.code == "session_revision_damaged")
    assert str(sid) in notice.message("es") and "2" in notice.message("en")
    with pytest.raises(WorkshopError) as error:
        store.snapshot(sid, 2)
    assert error.value.code == "session_revision_damaged"
    store.close()
    code, out, err = run_cli("sessions", "--url", store_url, "export", str(sid), "--format", "md")
    assert code == 0 and "Primera versión." in out and str(sid) in err


def test_a_session_whose_transcript_cannot_be_read_is_refused_clearly_and_the_rest_list(store, store_url):
    good = store.create("Ana", "Pablo", workshop.load(CASE))
    bad = store.create("Laura", "Pablo", workshop.load(CASE))
    raw(store, "UPDATE sessions SET transcript = '{\"turns\": [' WHERE id = ?", (bad,))
    with pytest.raises(WorkshopError) as error:
        store.transcript(bad)
    assert error.value.code == "session_unreadable" and str(bad) in error.value.message("es")
    assert {s.id for s in store.sessions()} == {good, bad}
    store.close()
    code, _, err = run_cli("sessions", "--url", store_url, "export", str(bad), "--format", "html")
    assert code == 2 and str(bad) in err
    code, out, _ = run_cli("sessions", "--url", store_url, "export", str(good), "--format", "html")
    assert code == 0 and "<!doctype html>" in out


@pytest.mark.sqlite_only("undecodable bytes")
def test_the_app_lists_and_opens_despite_a_damaged_row(tmp_path, backend):
    from workshop.app import WorkshopApp

    store = SessionStore(tmp_path)
    good = store.create("Ana", "Pablo", workshop.load(CASE))
    bad = store.create("Laura", "Pablo", workshop.load(CASE))
    _damage_lead(store, bad)
    store.close()
    app = WorkshopApp(workshop.load(CASE), typing_pause=None, store=lambda: SessionStore(tmp_path))
    app.session.refresh_list()
    assert {value for _, value in app.session.sessions.options} == {good, bad}
    assert app.state.alert.get("kind") == "info" and str(bad) in app.state.alert["text"]
    app.session.reopen(good)
    assert app.session.session_id == good
    app.session.reopen(bad)  # the damaged one opens too, its bad bytes shown as U+FFFD
    assert app.session.session_id == bad and "\ufffd" in app.session.lead.value


# ------------------------------------------------------------ 13: disk full, read-only folders

def _fill_disk(store):
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")  # no room for one more page: SQLITE_FULL


@pytest.mark.sqlite_only("SQLite's page limit")
def test_a_full_disk_says_so_and_leaves_the_store_usable(store, backend):
    sid = store.create("Laura", "Pablo", workshop.load(CASE))
    _fill_disk(store)
    with pytest.raises(WorkshopError) as error:
        store.save(sid, Snapshot({0: "largo " * 5000}), base=0)
    assert error.value.code == "sessions_disk_full"
    assert "disco" in error.value.message("es") and "disk" in error.value.message("en")
    assert not store.db.in_transaction and store.info(sid).revision == 0
    with pytest.raises(WorkshopError) as error:
        store.create("Laura", "Pablo", workshop.load("Agente: " + "palabrasmuylargas " * 450))
    assert error.value.code == "sessions_disk_full"
    store.db.execute("PRAGMA max_page_count = 1073741823")
    assert store.save(sid, Snapshot({0: "largo " * 5000}), base=0) == 1


@pytest.mark.sqlite_only("SQLite's page limit")
def test_the_app_shows_disk_full_not_something_went_wrong(tmp_path, backend):
    from workshop.app import WorkshopApp

    app = WorkshopApp(workshop.load(CASE), typing_pause=None, store=lambda: SessionStore(tmp_path))
    app.session.lead.value, app.session.agent.value = "Laura", "Pablo"
    app.session.start_button.click()
    _fill_disk(app.session.store)
    app.rewrite.editors[0].editor.value = "largo " * 400
    app.session.saver.flush()
    assert app.state.alert["kind"] == "error"
    assert "disco" in app.state.alert["text"] and "Algo ha fallado" not in app.state.alert["text"]


def _read_only_store_folder(tmp_path) -> tuple[Path, int]:
    folder = Path(tempfile.mkdtemp(prefix="ro-sessions-"))
    store = SessionStore(folder)
    sid = store.create("Laura", "Pablo", workshop.load(CASE))
    store.save(sid, Snapshot({0: "Su pedido llega el lunes."}), base=0)
    store.close()  # a clean close removes -wal and -shm: the hardest read-only case
    return folder, sid


@pytest.mark.sqlite_only("folder permissions")
def test_a_read_only_folder_is_detected_and_opened_read_only(tmp_path, monkeypatch, backend):
    """In-process, as any user: the folder is reported not writable (as root, chmod cannot make it so)."""
    folder, sid = _read_only_store_folder(tmp_path)
    try:
        monkeypatch.setattr(storage, "writable", lambda path: False)
        store = SessionStore(folder)
        assert store.read_only
        assert [s.id for s in store.sessions()] == [sid]
        assert "Su pedido llega el lunes." in report.export(store, sid, "md")
        with pytest.raises(WorkshopError) as error:
            store.save(sid, Snapshot({0: "Otra."}), base=1)
        assert error.value.code == "sessions_read_only" and str(folder) in error.value.message("en")
        with pytest.raises(WorkshopError) as error:
            store.create("Laura", "Pablo", workshop.load(CASE))
        assert error.value.code == "sessions_read_only" and "solo lectura" in error.value.message("es")
        store.close()
        assert sorted(p.name for p in folder.iterdir()) == ["sessions.sqlite3"]  # nothing was written
    finally:
        shutil.rmtree(folder)


@pytest.mark.sqlite_only("folder permissions")
def test_a_read_only_folder_lists_and_exports_through_the_cli_as_a_real_unprivileged_user(tmp_path, backend):
    """A real read-only folder: chmod 555, then the CLI runs as a user chmod applies to.

    As root (the test machine) chmod does not stop root, so the CLI runs as
    root without capabilities (setpriv empties the bounding set): the mode bits
    then apply to it as to any user, while the project, wherever it was cloned,
    stays readable to its owner. As any other user it runs as that user.
    """
    folder, sid = _read_only_store_folder(tmp_path)
    command = [sys.executable, "-m", "workshop", "sessions", "--data", str(folder)]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        assert setpriv, "setpriv is needed to run without root's privileges"
        command = [setpriv, "--bounding-set=-all", "--inh-caps=-all", *command]
    for part in folder.iterdir():
        os.chmod(part, 0o644)
    os.chmod(folder, 0o555)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(folder), "WORKSHOP_LANG": "en"}
    try:
        def cli(*argv):
            return subprocess.run([*command, *argv], capture_output=True, text=True, env=env, timeout=120,
                                  cwd=str(ROOT))

        listed = cli("list")
        assert listed.returncode == 0, listed.stderr
        assert "Pablo" in listed.stdout
        md = cli("export", str(sid), "--format", "md")
        assert md.returncode == 0 and "Su pedido llega el lunes." in md.stdout, md.stderr
        source = Path(tempfile.mkdtemp(prefix="ro-import-")) / "s.json"  # readable by that user too
        source.write_text(json.dumps(exported(tmp_path)), encoding="utf-8")
        os.chmod(source.parent, 0o755)
        os.chmod(source, 0o644)
        imported = cli("import", str(source))
        assert imported.returncode == 2 and "read-only" in imported.stderr and str(folder) in imported.stderr
    finally:
        os.chmod(folder, 0o755)
        shutil.rmtree(folder)
        if "source" in locals():
            shutil.rmtree(source.parent)


# ------------------------------------------------------------ 16: titles are cleaned like names

def test_titles_from_transcripts_and_imports_are_one_bounded_line(store, tmp_path):
    transcript = workshop.load(CASE)
    transcript.title = "Título\x1b]0;pwned\x07\x1b[2J\nsegunda línea\u202e" + "x" * 5000
    sid = store.create("Laura", "Pablo", transcript)
    title = store.info(sid).title
    assert len(title) <= NAME_LIMIT and title.startswith("Título")
    assert all(ch.isprintable() for ch in title) and "\n" not in title
    data = exported(tmp_path)
    data["title"] = "Importada\r\n\x1b[31mroja" + "y" * 1000
    imported = report.import_json(store, json.dumps(data), name="t.json")
    title = store.info(imported).title
    assert len(title) <= NAME_LIMIT and title.startswith("Importada") and all(ch.isprintable() for ch in title)
