"""Sessions in a real store, on SQLite and on PostgreSQL (tests/conftest.py): revisions, conflicts,
concurrent writers, kills mid-typing, recovery, migrations."""
from __future__ import annotations

import multiprocessing
import sqlite3

import pytest

import workshop
from workshop.i18n import WorkshopError
from workshop.sessions import SCHEMA_VERSION, SessionStore, Snapshot, clean_name

CASE = "Agente: Eh, le informo que su pedido llega el lunes.\nCliente: Vale.\nAgente: Pues nada, gracias."


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


def test_saving_over_someone_elses_save_is_refused_and_loses_nothing(make_store):
    tab_a, tab_b = make_store(), make_store()
    sid = tab_a.create("Laura", "Pablo", workshop.load(CASE))
    assert tab_a.save(sid, Snapshot({0: "A"}), base=0) == 1
    with pytest.raises(WorkshopError) as error:
        tab_b.save(sid, Snapshot({0: "B"}), base=0)
    assert error.value.code == "session_conflict" and "revisión 1" in error.value.message("es")
    assert tab_b.snapshot(sid).rewrite == {0: "A"}
    assert tab_b.save(sid, Snapshot({0: "B"}), base=1) == 2  # after reopening the latest


def _writer(url, sid, label, count):
    store = SessionStore(url=url)
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


def test_two_processes_writing_at_once_keep_every_revision(store, store_url):
    sid = store.create("Laura", "Pablo", workshop.load(CASE))
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_writer, args=(store_url, sid, label, 40)) for label in "AB"]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
        assert w.exitcode == 0
    texts = [store.snapshot(sid, n).rewrite[0] for n, _ in store.revisions(sid)]
    assert len(texts) == 80 and sorted(texts) == sorted([f"A{i}" for i in range(40)] + [f"B{i}" for i in range(40)])
    assert [n for n, _ in store.revisions(sid)] == list(range(1, 81))


def _opener(url, start, label, results):
    start.wait(30)  # every process opens the brand-new database at the same moment
    store = SessionStore(url=url)
    results.put((label, [n.code for n in store.notices], store.create("Laura", f"agente-{label}", workshop.load(CASE))))


def test_many_kernels_opening_a_new_database_at_once_share_it(tmp_path, store_url, make_store):
    """Ten people open the app on a fresh server: one creates the tables, the others wait for it.
    Nobody may take the others' half-made database for a broken one and set it aside."""
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Event(), ctx.Queue()
    workers = [ctx.Process(target=_opener, args=(store_url, start, i, results)) for i in range(8)]
    for w in workers:
        w.start()
    start.set()
    opened = [results.get(timeout=120) for _ in workers]
    for w in workers:
        w.join(60)
    assert [notices for _, notices, _ in opened] == [[]] * len(workers)
    assert not [p.name for p in tmp_path.iterdir() if ".unreadable-" in p.name]
    assert sorted(s.agent for s in make_store().sessions()) == sorted(f"agente-{i}" for i in range(8))


@pytest.mark.sqlite_only("SQLite's file lock")
def test_a_busy_database_is_waited_for_never_set_aside(tmp_path, monkeypatch, backend):
    """"database is locked" means someone else is writing (another kernel creating the tables, a
    save under heavy load), not that the file is broken: opening retries, and moves nothing."""
    first = SessionStore(tmp_path)
    sid = first.create("Laura", "Pablo", workshop.load(CASE))
    migrate, calls = SessionStore._migrate, []

    def busy_twice(db):
        calls.append(1)
        if len(calls) <= 2:
            raise sqlite3.OperationalError("database is locked")
        migrate(db)

    monkeypatch.setattr(SessionStore, "_migrate", staticmethod(busy_twice))
    store = SessionStore(tmp_path)
    assert store.notices == [] and len(calls) == 3
    assert not [p.name for p in tmp_path.iterdir() if ".unreadable-" in p.name]
    assert [s.id for s in store.sessions()] == [sid]


@pytest.mark.sqlite_only("a damaged file")
def test_an_unreadable_database_is_set_aside_and_a_fresh_one_started(tmp_path, backend):
    (tmp_path / "sessions.sqlite3").write_bytes(b"this is not a database" * 100)
    store = SessionStore(tmp_path)
    assert [n.code for n in store.notices] == ["sessions_recovered"]
    assert "no se ha borrado" in store.notices[0].message("es")
    aside = [p for p in tmp_path.iterdir() if ".unreadable-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not a database")
    sid = store.create("Laura", "Pablo", workshop.load(CASE))
    assert store.save(sid, Snapshot({0: "x"}), base=0) == 1


def test_schema_is_versioned_migrated_once_and_a_newer_one_is_refused(store, make_store, backend, tmp_path):
    sid = store.create("Laura", "Pablo", workshop.load(CASE))
    assert store.schema_version() == SCHEMA_VERSION
    store.close()
    if backend == "sqlite":
        db = sqlite3.connect(tmp_path / "sessions.sqlite3")
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        db.close()
    again = make_store()  # opening again migrates nothing and keeps the data
    assert again.info(sid).agent == "Pablo" and again.schema_version() == SCHEMA_VERSION
    if backend == "sqlite":
        again.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    else:
        again.db.execute("INSERT INTO workshop_schema (version, at) VALUES (?, 'later')", (SCHEMA_VERSION + 1,))
    again.close()
    with pytest.raises(WorkshopError) as error:
        make_store()
    assert error.value.code == "sessions_newer" and str(SCHEMA_VERSION + 1) in error.value.message("es")


@pytest.mark.sqlite_only("an empty file")
def test_migration_from_an_empty_version_zero_file(tmp_path, backend):
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


# ---------------------------------------------------------------- autosave

from workshop.sessions import Autosaver  # noqa: E402
from workshop.state import WorkshopState  # noqa: E402


def started(make_store, delay=0.0):
    store = make_store()
    state = WorkshopState(ui="es")
    state.load(workshop.load(CASE))
    sid = store.create("Laura", "Pablo", state.transcript)
    return store, state, sid, Autosaver(store, sid, state, base=0, delay=delay)


def test_every_change_is_saved_with_notes_decisions_and_metrics(make_store):
    store, state, sid, saver = started(make_store)
    state.type_text(0, "Le informo que su pedido llega el lunes.")
    f = next(f for f in state.findings_for(0) if f.category == "formal")
    state.apply(f, "")
    state.set_note("", "Mejor sin guion")
    latest = store.snapshot(sid)
    assert latest.rewrite == {0: "Su pedido llega el lunes."} and latest.notes == {"": "Mejor sin guion"}
    assert latest.decisions == {"0:formal:Le informo que": "applied"}
    assert latest.metrics["agent_words"] == state.rewrite_analysis.metrics.agent.words
    assert saver.status == "saved" and len(store.revisions(sid)) >= 3


def test_a_save_refused_by_another_tab_warns_and_keeps_both_versions(make_store):
    store, state, sid, saver = started(make_store)
    other = make_store()
    other.save(sid, Snapshot({0: "Desde la otra pestaña."}), base=0)
    state.type_text(0, "Desde esta pestaña.")
    assert saver.status == "conflict" and state.alert["kind"] == "error" and "otra pestaña" in state.alert["text"]
    assert store.snapshot(sid).rewrite == {0: "Desde la otra pestaña."}
    assert state.rewrite == {0: "Desde esta pestaña."}  # still on screen, nothing lost


def test_restoring_an_earlier_revision_becomes_the_newest(make_store):
    store, state, sid, saver = started(make_store)
    state.type_text(0, "Primera versión.")
    state.type_text(2, "Gracias.")
    first = store.snapshot(sid, 1)
    state.restore(first.rewrite, first.notes, first.decisions)
    assert state.rewrite == {0: "Primera versión."}
    assert store.snapshot(sid).rewrite == {0: "Primera versión."} and store.info(sid).revision == 3


# A child process with a started session and its autosaver; the tests append what it does.
CHILD = r"""
import sys, time
import workshop
from workshop.sessions import Autosaver, SessionStore
from workshop.state import WorkshopState

store = SessionStore(url=sys.argv[1])
state = WorkshopState(ui="es")
state.load(workshop.load("Agente: Hola.\nCliente: Hola."))
sid = store.create("Laura", "Pablo", state.transcript)
Autosaver(store, sid, state, base=0, delay=float(sys.argv[2]))
"""

TYPIST = CHILD + r"""
print("ready", sid, flush=True)
i = 0
while True:
    i += 1
    state.type_text(0, f"Hola, soy Ana y esta es la pulsación {i}.")
    print(i, time.monotonic(), flush=True)
    time.sleep(0.02)
"""


def test_killing_a_process_that_was_typing_loses_at_most_the_last_second(store_url, make_store):
    import re
    import signal
    import subprocess
    import sys
    import time

    child = subprocess.Popen([sys.executable, "-c", TYPIST, store_url, "1.0"], stdout=subprocess.PIPE, text=True)
    ready = child.stdout.readline().split()
    assert ready[0] == "ready", ready
    typed: dict[int, float] = {}
    # Type for 2.5 s of the child's own clock (over two save delays), however slow its start on a loaded machine.
    give_up = time.monotonic() + 60
    while not typed or float(at) - min(typed.values()) < 2.5:
        assert time.monotonic() < give_up, "the typist stopped typing"
        i, at = child.stdout.readline().split()
        typed[int(i)] = float(at)
    child.send_signal(signal.SIGKILL)
    child.wait(10)
    for line in child.stdout:  # keystrokes printed before the kill
        i, at = line.split()
        typed[int(i)] = float(at)
    store = make_store()
    saved = int(re.search(r"pulsación (\d+)", store.snapshot(int(ready[1])).rewrite[0]).group(1))
    last = max(typed)
    assert last >= 10  # it really was typing (counted in time above: a loaded CI machine types fewer keystrokes)
    assert typed[last] - typed[saved] <= 1.1, (saved, last)


CLOSED_TAB = CHILD + r"""
state.type_text(0, "Primera frase.")   # saved at once
state.type_text(0, "Segunda frase.")   # pending: the next save is a minute away (delay 60)
print(sid, flush=True)
"""


def test_a_kernel_that_exits_saves_what_was_pending(store_url, make_store):
    """Voilà shuts a closed tab's kernel down: the interpreter exits normally, and the save must not wait."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", CLOSED_TAB, store_url, "60"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert make_store().snapshot(int(done.stdout)).rewrite == {0: "Segunda frase."}


def test_picking_a_variety_is_saved_and_comes_back(make_store):
    store, state, sid, saver = started(make_store)
    state.type_text(0, "Hola.")
    state.variety = "es-AR"
    assert store.snapshot(sid).variety == "es-AR" and store.snapshot(sid).rewrite == {0: "Hola."}
    state.variety = ""
    assert store.snapshot(sid).variety == "" and store.snapshot(sid, 2).variety == "es-AR"


def test_switching_the_ui_language_adds_no_revision(make_store):
    store, state, sid, saver = started(make_store)
    state.type_text(0, "Hola.")
    before = store.info(sid).revision
    state.ui = "en"
    state.ui = "es"
    assert store.info(sid).revision == before and saver.status == "saved"
