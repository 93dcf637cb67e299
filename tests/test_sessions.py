"""Sessions in a real SQLite file: revisions, conflicts, concurrent writers, recovery, migrations."""
from __future__ import annotations

import multiprocessing
import sqlite3

import pytest

import workshop
from workshop.i18n import WorkshopError
from workshop.sessions import SCHEMA_VERSION, SessionStore, Snapshot, clean_name

CASE = "Agente: Eh, le informo que su pedido llega el lunes.\nCliente: Vale.\nAgente: Pues nada, gracias."


@pytest.fixture()
def store(tmp_path):
    s = SessionStore(tmp_path)
    yield s
    s.close()


def test_a_session_round_trips_with_every_revision(store):
    t = workshop.load(CASE)
    sid = store.create("Laura", "Pablo", t)
    assert store.info(sid).revision == 0 and store.snapshot(sid) == Snapshot()
    first = store.save(sid, Snapshot({0: "Su pedido llega el lunes."}, {"": "Bien"}, {"0:0:filler": "applied"},
                                     {"findings": 2}), base=0)
    second = store.save(sid, Snapshot({0: "Su pedido llega el lunes.", 2: "Gracias."}, {"": "Muy bien"}), base=first)
    assert (first, second) == (1, 2)
    latest = store.snapshot(sid)
    assert latest.rewrite == {0: "Su pedido llega el lunes.", 2: "Gracias."} and latest.notes == {"": "Muy bien"}
    assert store.snapshot(sid, 1).decisions == {"0:0:filler": "applied"}
    assert [n for n, _ in store.revisions(sid)] == [1, 2]
    back = store.transcript(sid)
    assert back.turns == t.turns and back.language == "es"


def test_saving_over_someone_elses_save_is_refused_and_loses_nothing(tmp_path):
    tab_a, tab_b = SessionStore(tmp_path), SessionStore(tmp_path)
    sid = tab_a.create("Laura", "Pablo", workshop.load(CASE))
    assert tab_a.save(sid, Snapshot({0: "A"}), base=0) == 1
    with pytest.raises(WorkshopError) as error:
        tab_b.save(sid, Snapshot({0: "B"}), base=0)
    assert error.value.code == "session_conflict" and "revisión 1" in error.value.message("es")
    assert tab_b.snapshot(sid).rewrite == {0: "A"}
    assert tab_b.save(sid, Snapshot({0: "B"}), base=1) == 2  # after reopening the latest


def _writer(folder, sid, label, count):
    store = SessionStore(folder)
    base = None
    for i in range(count):
        while True:
            base = store.info(sid).revision
            try:
                store.save(sid, Snapshot({0: f"{label}{i}"}), base=base)
                break
            except WorkshopError:
                continue  # the other process saved first: reload and retry, as the app does
    store.close()


def test_two_processes_writing_at_once_keep_every_revision(tmp_path):
    store = SessionStore(tmp_path)
    sid = store.create("Laura", "Pablo", workshop.load(CASE))
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_writer, args=(tmp_path, sid, label, 40)) for label in "AB"]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
        assert w.exitcode == 0
    texts = [store.snapshot(sid, n).rewrite[0] for n, _ in store.revisions(sid)]
    assert len(texts) == 80 and sorted(texts) == sorted([f"A{i}" for i in range(40)] + [f"B{i}" for i in range(40)])
    assert [n for n, _ in store.revisions(sid)] == list(range(1, 81))


def test_an_unreadable_database_is_set_aside_and_a_fresh_one_started(tmp_path):
    (tmp_path / "sessions.sqlite3").write_bytes(b"this is not a database" * 100)
    store = SessionStore(tmp_path)
    assert [n.code for n in store.notices] == ["sessions_recovered"]
    assert "no se ha borrado" in store.notices[0].message("es")
    aside = [p for p in tmp_path.iterdir() if ".unreadable-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not a database")
    sid = store.create("Laura", "Pablo", workshop.load(CASE))
    assert store.save(sid, Snapshot({0: "x"}), base=0) == 1


def test_schema_is_versioned_migrated_once_and_a_newer_one_is_refused(tmp_path):
    store = SessionStore(tmp_path)
    sid = store.create("Laura", "Pablo", workshop.load(CASE))
    store.close()
    db = sqlite3.connect(tmp_path / "sessions.sqlite3")
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()
    again = SessionStore(tmp_path)  # opening again migrates nothing and keeps the data
    assert again.info(sid).agent == "Pablo"
    again.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    again.close()
    with pytest.raises(WorkshopError) as error:
        SessionStore(tmp_path)
    assert error.value.code == "sessions_newer"


def test_migration_from_an_empty_version_zero_file(tmp_path):
    sqlite3.connect(tmp_path / "sessions.sqlite3").close()  # an empty file: schema version 0
    store = SessionStore(tmp_path)
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.sessions() == []


def test_typed_names_are_cleaned_kept_as_values_and_filterable(store, tmp_path):
    t = workshop.load(CASE)
    store.create("  Laura\u0000  Gómez ", "../../etc/passwd", t)
    store.create("Laura", "<script>alert(1)</script>", t, title="Sesión <b>1</b>")
    assert clean_name("a\tb\n c\u202e") == "a b c"
    assert [s.agent for s in store.sessions(agent="../../etc/passwd")] == ["../../etc/passwd"]
    assert store.sessions(agent="<script>alert(1)</script>")[0].title == "Sesión <b>1</b>"
    assert store.sessions()[1].lead == "Laura Gómez"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("sessions.sqlite3")) == []
    with pytest.raises(WorkshopError):
        store.create("   ", "Pablo", t)
