"""The sessions store's two backends: one list of migrations, the conflict rule inside the save's
transaction, where the configuration points, a PostgreSQL server's troubles in plain words, and
self-study progress moved into the store (with the old progress file brought in once)."""
from __future__ import annotations

import sqlite3
import sys
import threading
import time
from pathlib import Path

import pytest

import workshop
from workshop import practice, report, storage
from workshop.cli import main
from workshop.config import load_config
from workshop.i18n import WorkshopError
from workshop.sessions import (ATTEMPT_COLUMNS, POSTGRES, SCHEMA_VERSION, URL_ENV, PostgresSessionStore,
                               SessionStore, Snapshot, migration, open_store)

CASE = "Agente: Eh, le informo que su pedido llega el lunes.\nCliente: Vale.\nAgente: Pues nada, gracias."

COLUMNS = {
    "sessions": ["id", "title", "lead", "agent", "transcript_id", "transcript", "language", "created", "updated",
                 "revision"],
    "revisions": ["session_id", "number", "at", "rewrite", "notes", "decisions", "metrics", "variety"],
    "attempts": ["id", *ATTEMPT_COLUMNS],
    "progress_imports": ["source", "at", "attempts"],
}


def columns(store, table: str) -> list[str]:
    if store.backend == "sqlite":
        return [r["name"] for r in store.db.execute(f"PRAGMA table_info({table})")]
    return [r["column_name"] for r in store.db.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
        (table,))]


def database_name(url: str) -> str:
    return url.split("/")[3].split("?")[0]


# ---------------------------------------------------------------- one schema, numbered once

def test_the_numbered_migrations_build_the_same_tables_on_both_backends(store, backend):
    assert store.backend == backend and isinstance(store, SessionStore)
    assert store.schema_version() == SCHEMA_VERSION == 3
    for table, expected in COLUMNS.items():
        assert columns(store, table) == expected, table
    sid = store.create("Laura", "Pablo", workshop.load(CASE))
    assert store.create("Laura", "Pablo", workshop.load(CASE)) == sid + 1  # the database assigns the ids


def test_a_store_made_before_progress_moved_in_is_migrated_and_keeps_its_sessions(backend, store_url, tmp_path):
    """A schema-1 database (sessions only, as every store before this change) gets steps 2 and 3, once."""
    t = workshop.load(CASE)
    if backend == "sqlite":
        db = sqlite3.connect(tmp_path / "sessions.sqlite3")
        for statement in migration(1, "sqlite"):
            db.execute(statement)
        db.execute("PRAGMA user_version = 1")
    else:
        import psycopg

        db = psycopg.connect(store_url, autocommit=True)
        for statement in migration(1, POSTGRES):
            db.execute(statement)
        db.execute("CREATE TABLE workshop_schema (version INTEGER PRIMARY KEY, at TEXT NOT NULL)")
        db.execute("INSERT INTO workshop_schema VALUES (1, 'then')")
    db.execute("INSERT INTO sessions (title, lead, agent, transcript_id, transcript, language, created, updated)"
               f" VALUES ('Antes', 'Laura', 'Pablo', 'caso', {repr_json(t)}, 'es', '2026-01-01', '2026-01-01')")
    db.commit()
    db.close()
    store = SessionStore(url=store_url)
    assert store.schema_version() == 3
    assert [(s.title, s.agent) for s in store.sessions()] == [("Antes", "Pablo")]
    assert store.transcript(store.sessions()[0].id).turns == t.turns
    assert store.attempts() == []
    if backend == POSTGRES:  # one row per step applied: the first kept, the second added
        assert [r["version"] for r in store.db.execute("SELECT version FROM workshop_schema ORDER BY 1")] == [1, 2, 3]
    store.close()


def repr_json(transcript) -> str:
    import json

    return "'" + json.dumps(transcript.to_dict(), ensure_ascii=False).replace("'", "''") + "'"


@pytest.mark.sqlite_only("folder permissions")
def test_an_old_read_only_file_still_lists_its_sessions(tmp_path, monkeypatch, backend):
    """Read-only, a schema-1 file cannot be migrated; its sessions are still listed and exported."""
    db = sqlite3.connect(tmp_path / "sessions.sqlite3")
    for statement in migration(1, "sqlite"):
        db.execute(statement)
    db.execute("PRAGMA user_version = 1")
    db.execute("INSERT INTO sessions (title, lead, agent, transcript_id, transcript, language, created, updated)"
               f" VALUES ('Antes', 'Laura', 'Pablo', 'caso', {repr_json(workshop.load(CASE))}, 'es', 'x', 'x')")
    db.commit()
    db.close()
    monkeypatch.setattr(storage, "writable", lambda path: False)
    store = SessionStore(tmp_path)
    assert store.read_only and [s.title for s in store.sessions()] == ["Antes"]
    assert "Antes" in report.export(store, store.sessions()[0].id, "md")
    assert store.attempts() == [] and store.schema_version() == 1
    store.close()


# ---------------------------------------------------------------- the conflict rule, in the transaction

def test_of_two_saves_on_the_same_revision_the_second_waits_and_is_refused(make_store, backend):
    """Tab A has begun saving on revision 0 (its transaction holds the lock); tab B saves on revision 0
    too. B must wait for A, then be refused with a conflict: never two revisions 1, never a crash."""
    sid = make_store().create("Laura", "Pablo", workshop.load(CASE))
    locked, release, results = threading.Event(), threading.Event(), {}

    def tab_a():
        store = make_store()

        def pause(notes, turns):  # runs inside the save's transaction, after the revision check
            locked.set()
            release.wait(20)

        store._check_notes = pause
        results["a"] = store.save(sid, Snapshot({0: "A"}), base=0)

    def tab_b():
        store = make_store()
        started = time.monotonic()
        try:
            results["b"] = store.save(sid, Snapshot({0: "B"}), base=0)
        except Exception as error:  # noqa: BLE001 - the test looks at what it was
            results["b"] = error
        results["b_waited"] = time.monotonic() - started

    a = threading.Thread(target=tab_a)
    a.start()
    assert locked.wait(20)
    b = threading.Thread(target=tab_b)
    b.start()
    b.join(0.6)
    assert b.is_alive()  # waiting for A's transaction
    release.set()
    a.join(20)
    b.join(20)
    assert results["a"] == 1 and results["b_waited"] >= 0.5
    assert isinstance(results["b"], WorkshopError) and results["b"].code == "session_conflict", results["b"]
    check = make_store()
    assert check.info(sid).revision == 1 and check.snapshot(sid).rewrite == {0: "A"}


# ---------------------------------------------------------------- where the store is

def test_the_environment_url_wins_and_an_explicit_folder_wins_over_it(tmp_path, monkeypatch, store_url, backend):
    monkeypatch.setenv(URL_ENV, store_url)
    store = SessionStore()
    sid = store.create("Laura", "Pablo", workshop.load(CASE))
    store.close()
    config = tmp_path / "equipo.yaml"
    config.write_text(f"sessions_url: sqlite://{tmp_path / 'otra'}/\n", encoding="utf-8")
    via_config = open_store(load_config(config))  # the environment wins over the file
    assert [s.id for s in via_config.sessions()] == [sid] and via_config.backend == backend
    via_config.close()
    local = SessionStore(tmp_path / "local")  # a folder given in code is that folder, whatever the environment
    assert local.backend == "sqlite" and local.sessions() == [] and (tmp_path / "local" / "sessions.sqlite3").is_file()
    local.close()


def test_sessions_url_in_the_configuration_is_used_by_the_app_and_the_cli(tmp_path, monkeypatch, store_url):
    from workshop.app import WorkshopApp

    config = tmp_path / "equipo.yaml"
    config.write_text(f"sessions_url: \"{store_url}\"\n", encoding="utf-8")
    monkeypatch.setenv("WORKSHOP_CONFIG", str(config))
    app = WorkshopApp(workshop.load(CASE), typing_pause=None)
    app.session.lead.value, app.session.agent.value = "Laura", "Pablo"
    app.session.start_button.click()
    app.rewrite.editors[0].editor.value = "Su pedido llega el lunes."
    store = SessionStore(url=store_url)
    assert store.snapshot(app.session.session_id).rewrite == {0: "Su pedido llega el lunes."}
    import io

    out, err = io.StringIO(), io.StringIO()
    assert main(["sessions", "list"], out=out, err=err) == 0 and "Pablo" in out.getvalue(), err.getvalue()


def test_a_relative_sqlite_url_is_the_configuration_files_neighbour(tmp_path):
    (tmp_path / "equipo").mkdir()
    config = tmp_path / "equipo" / "equipo.yaml"
    config.write_text("sessions_url: sqlite://sesiones/equipo.sqlite3\n", encoding="utf-8")
    store = open_store(load_config(config))
    assert store.path == tmp_path / "equipo" / "sesiones" / "equipo.sqlite3" and store.path.is_file()
    store.close()


@pytest.mark.parametrize("text, es, en", [
    ("sessions_url: mysql://servidor/taller\n", "«sessions_url» debe ser sqlite:///", "“sessions_url” must be"),
    ("sessions_url: [postgresql://a]\n", "«sessions_url» debe ser", "“sessions_url” must be"),
    ("sessions_folder: sesiones\nsessions_url: postgresql://servidor/taller\n", "no los dos", "not both"),
])
def test_a_wrong_sessions_url_names_the_file_and_line(tmp_path, text, es, en):
    path = tmp_path / "equipo.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WorkshopError) as error:
        load_config(path)
    line = text.count("\n")
    assert error.value.message("es").startswith(f"equipo.yaml, línea {line}") and es in error.value.message("es")
    assert error.value.message("en").startswith(f"equipo.yaml, line {line}") and en in error.value.message("en")


def test_a_wrong_url_in_the_environment_is_named_with_the_variable(monkeypatch):
    monkeypatch.setenv(URL_ENV, "mysql://ana:secreto@servidor/taller")
    with pytest.raises(WorkshopError) as error:
        SessionStore()
    message = error.value.message("es")
    assert error.value.code == "sessions_url_bad" and URL_ENV in message and "sqlite:///" in message
    assert "secreto" not in message and "secreto" not in error.value.message("en")


# ---------------------------------------------------------------- a PostgreSQL server's troubles

def test_an_unreachable_server_is_said_plainly_without_its_password(tmp_path):
    url = f"postgresql://ana:secreto@/taller?host={tmp_path}&port=1&connect_timeout=2"
    with pytest.raises(WorkshopError) as error:
        SessionStore(url=url)
    es, en = error.value.message("es"), error.value.message("en")
    assert error.value.code == "sessions_server_unreachable"
    assert "No se pudo conectar con el servidor de sesiones" in es and "Could not connect" in en
    assert "secreto" not in es + en and "ana:***@" in es


def test_the_app_says_so_when_the_server_is_down_and_keeps_the_work_on_screen(tmp_path):
    from workshop.app import WorkshopApp

    url = f"postgresql://ana@/taller?host={tmp_path}&port=1&connect_timeout=2"
    app = WorkshopApp(workshop.load(CASE), typing_pause=None, store=lambda: SessionStore(url=url))
    app.rewrite.editors[0].editor.value = "Su pedido llega el lunes."
    app.session.lead.value, app.session.agent.value = "Laura", "Pablo"
    app.session.start_button.click()
    assert app.state.alert["kind"] == "error" and "servidor de sesiones" in app.state.alert["text"]
    assert "Traceback" not in app.state.alert["text"] and app.state.rewrite == {0: "Su pedido llega el lunes."}


def test_without_the_driver_the_message_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if psycopg were not installed
    with pytest.raises(WorkshopError) as error:
        SessionStore(url="postgresql://servidor/taller")
    assert error.value.code == "sessions_driver_missing"
    assert "rewrite-workshop[postgres]" in error.value.message("es") and "psycopg" in error.value.message("en")


def test_a_dropped_connection_is_opened_again_and_autosave_goes_on(postgres):
    from workshop.sessions import Autosaver
    from workshop.state import WorkshopState

    store = SessionStore(url=postgres.new_database())
    assert isinstance(store, PostgresSessionStore)
    state = WorkshopState(ui="es")
    state.load(workshop.load(CASE))
    sid = store.create("Laura", "Pablo", state.transcript)
    saver = Autosaver(store, sid, state, base=0, delay=0.0)
    state.type_text(0, "Primera.")
    for _ in range(2):  # the server drops the connection (a restart, a failover): saving and reading go on
        postgres.admin.execute("SELECT pg_terminate_backend(%s)", (store.db.info.backend_pid,))
        time.sleep(0.2)
        state.type_text(0, f"Tras el corte {_}.")
        assert saver.status == "saved", state.alert
        assert store.snapshot(sid).rewrite == {0: f"Tras el corte {_}."}
    postgres.admin.execute("SELECT pg_terminate_backend(%s)", (store.db.info.backend_pid,))
    time.sleep(0.2)
    assert [s.id for s in store.sessions()] == [sid]
    store.close()


def test_a_read_only_server_lists_and_exports_but_refuses_saves_plainly(postgres):
    url = postgres.new_database()
    store = SessionStore(url=url)
    sid = store.create("Laura", "Pablo", workshop.load(CASE))
    store.save(sid, Snapshot({0: "Su pedido llega el lunes."}), base=0)
    store.close()
    postgres.admin.execute(f"ALTER DATABASE {database_name(url)} SET default_transaction_read_only = on")
    store = SessionStore(url=url)  # a standby or a database set read-only: it still opens
    assert [s.id for s in store.sessions()] == [sid]
    assert "Su pedido llega el lunes." in report.export(store, sid, "md")
    with pytest.raises(WorkshopError) as error:
        store.save(sid, Snapshot({0: "Otra."}), base=1)
    assert error.value.code == "sessions_server_read_only" and "solo admite lectura" in error.value.message("es")
    assert store.info(sid).revision == 1 and not store.in_transaction
    store.close()


# ---------------------------------------------------------------- self-study progress in the store

OLD_PROGRESS_SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY,
    learner TEXT NOT NULL,
    transcript TEXT NOT NULL,
    title TEXT NOT NULL,
    at TEXT NOT NULL,
    words_before INTEGER, words_after INTEGER,
    findings_before INTEGER, findings_after INTEGER,
    fillers_after INTEGER, readability_after REAL,
    targets_met INTEGER, targets INTEGER, passed INTEGER,
    rewrite TEXT NOT NULL
)
"""  # workshop/practice.py's own file until progress moved into the store


def old_progress_file(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "progress.sqlite3"
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(OLD_PROGRESS_SCHEMA)
    for learner, at, before, after in (("Ana", "2026-03-01T10:00:00+00:00", 40, 30),
                                       ("Luis", "2026-03-02T10:00:00+00:00", 40, 38),
                                       ("Ana", "2026-03-03T10:00:00+00:00", 40, 25)):
        db.execute("INSERT INTO attempts (learner, transcript, title, at, words_before, words_after, findings_before,"
                   " findings_after, fillers_after, readability_after, targets_met, targets, passed, rewrite)"
                   " VALUES (?, 'es-caso', 'Caso', ?, ?, ?, 5, 2, 0, 61.25, 1, 2, 0, '{\"0\": \"Hola.\"}')",
                   (learner, at, before, after))
    db.commit()
    db.close()
    return path


def test_an_old_progress_file_is_brought_in_once_and_kept(tmp_path, monkeypatch, store_url, backend):
    legacy = old_progress_file(tmp_path / "datos")
    monkeypatch.setenv("WORKSHOP_DATA", str(tmp_path / "datos"))  # the learner's own folder, as before
    monkeypatch.setenv(URL_ENV, store_url)
    ana = practice.progress("Ana")
    assert list(ana["words_saved"]) == [10, 15] and list(ana["at"].dt.day) == [1, 3]
    assert list(ana["readability_after"]) == [61.25, 61.25] and list(ana["title"]) == ["Caso", "Caso"]
    kept = sorted((tmp_path / "datos").glob("progress.sqlite3*"))
    assert len(kept) == 1 and kept[0].name.startswith("progress.sqlite3.imported-")  # renamed, never deleted
    assert len(practice.progress()) == 3
    # A copy of the old file put back (from a backup, by another kernel) does not come in twice.
    kept[0].rename(legacy)
    store = SessionStore(url=store_url)
    store.legacy_folder = tmp_path / "datos"
    assert store.import_progress_file(legacy) == 0 and len(store.attempts()) == 3
    store.close()
    ex = practice.Exercise.of(workshop.load(CASE))
    ex.state.type_text(0, "Su pedido llega el lunes.")
    ex.save("Ana")
    assert len(practice.progress("Ana")) == 3 and len(practice.progress()) == 4


def test_progress_is_saved_in_the_configured_store_and_keeps_learners_apart(monkeypatch, store_url, backend):
    monkeypatch.setenv(URL_ENV, store_url)
    ex = practice.Exercise.of(workshop.load(CASE))
    first = ex.save("Ana")
    ex.state.type_text(0, "Buenos días. Su pedido llega el lunes.")
    assert ex.save("  Ana  ") == first + 1
    practice.Exercise.of(workshop.load(CASE)).save("Luis")
    saved = ex.state.original_analysis.metrics.agent.words - ex.state.rewrite_analysis.metrics.agent.words
    assert saved > 0 and list(practice.progress("Ana")["words_saved"]) == [0, saved] and len(practice.progress()) == 3
    store = SessionStore(url=store_url)
    assert store.backend == backend and [a["learner"] for a in store.attempts()] == ["Ana", "Ana", "Luis"]
    assert practice.progress("Nadie").empty and list(practice.progress("Nadie").columns) == list(
        practice.progress("Ana").columns)
    store.close()


def test_a_role_that_may_not_create_the_tables_is_told_what_to_ask_for(postgres):
    """PostgreSQL 15 lets only a database's owner create tables in it: a first open as anyone else says so."""
    url = postgres.new_database()
    postgres.admin.execute("DO $$ BEGIN CREATE ROLE visitante LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
    with pytest.raises(WorkshopError) as error:
        SessionStore(url=url.replace("postgres@", "visitante@"))
    assert error.value.code == "sessions_server_refused"
    assert "propietario (OWNER)" in error.value.message("es") and "OWNER" in error.value.message("en")


def test_a_query_written_once_with_question_marks_runs_on_both(store):
    """New store methods (a team view, roles) write SQLite's ? placeholders; PostgreSQL gets them as %s,
    and a literal % (a LIKE pattern) stays literal."""
    store.create("Laura", "Pablo", workshop.load(CASE))
    store.create("Laura", "Paula", workshop.load(CASE))
    store.create("Marta", "Pablo", workshop.load(CASE))
    row = store.db.execute("SELECT count(*) AS n FROM sessions WHERE agent LIKE 'Pab%' AND lead = ?",
                           ("Laura",)).fetchone()
    assert row["n"] == 1
    assert [dict(r) for r in store.db.execute("SELECT agent FROM sessions WHERE lead = ? ORDER BY id",
                                              ("Laura",))] == [{"agent": "Pablo"}, {"agent": "Paula"}]


def test_a_full_server_disk_says_so_and_the_store_goes_on(postgres, monkeypatch):
    """The server's disk fills while a revision is written (SQLSTATE 53100): the save is rolled back
    whole and the message says disk full, as with SQLite; once there is room, saving goes on."""
    import psycopg

    store = SessionStore(url=postgres.new_database())
    sid = store.create("Laura", "Pablo", workshop.load(CASE))
    real = store.db.execute

    def full(query, params=None):
        if query.startswith("INSERT INTO revisions"):
            raise psycopg.errors.DiskFull("could not extend file: No space left on device")
        return real(query, params)

    monkeypatch.setattr(store.db, "execute", full)
    with pytest.raises(WorkshopError) as error:
        store.save(sid, Snapshot({0: "Su pedido llega el lunes."}), base=0)
    assert error.value.code == "sessions_disk_full" and "disco" in error.value.message("es")
    assert store.info(sid).revision == 0 and not store.in_transaction
    monkeypatch.setattr(store.db, "execute", real)
    assert store.save(sid, Snapshot({0: "Su pedido llega el lunes."}), base=0) == 1
    store.close()
