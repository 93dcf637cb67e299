"""Paired sessions kept in SQLite: every save is a revision, nothing is overwritten silently.

One database file per store (sessions.sqlite3 in the data folder), WAL mode,
each save one transaction. A save names the revision it was based on; if
another tab or kernel saved since, it is refused with a conflict instead of
overwriting that work. A database that cannot be read is moved aside (never
deleted) and a fresh one is started; one that is only locked (another kernel
writing) is waited for. One damaged row never locks out the others: it is
read as far as it can be and reported. A full disk or a read-only folder
is said in plain words, and a read-only store can still be listed and exported.
"""
from __future__ import annotations

import atexit
import json
import sqlite3
import time
import weakref
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import storage
from .i18n import Notice, WorkshopError
from .model import Transcript
from .storage import connect, data_home

FILENAME = "sessions.sqlite3"
NAME_LIMIT = 80

# Each entry moves the schema one version up; never edit a shipped one, add the next.
MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        lead TEXT NOT NULL,
        agent TEXT NOT NULL,
        transcript_id TEXT NOT NULL,
        transcript TEXT NOT NULL,          -- the transcript as JSON, so a session never depends on a file
        language TEXT NOT NULL,
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        revision INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE revisions (
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        at TEXT NOT NULL,
        rewrite TEXT NOT NULL,             -- {"turn index": text}
        notes TEXT NOT NULL,               -- {"": general, "turn index": note}
        decisions TEXT NOT NULL,           -- {"turn:start:category": "applied" | "dismissed" | "kept"}
        metrics TEXT NOT NULL,             -- a flat metrics snapshot of the rewrite
        PRIMARY KEY (session_id, number)
    );
    CREATE INDEX sessions_by_agent ON sessions(agent, updated);
    """,
}
SCHEMA_VERSION = max(MIGRATIONS)
OPEN_ATTEMPTS = 5  # tries at a locked database before the error reaches the user


def _statements(script: str) -> list[str]:
    """A migration script as single statements: `executescript` would commit the lock we hold."""
    statements, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    return statements


def bad_note_key(notes: dict[str, Any], turns: int) -> str | None:
    """The first note key that is neither "" (the general note) nor a turn's index, else None.

    Any other key would be kept but break every export of the session.
    """
    for key in notes:
        if key != "" and not (isinstance(key, str) and key.isdecimal() and str(int(key)) == key
                              and int(key) < turns):
            return str(key)
    return None


def clean_name(value: str) -> str:
    """A typed name as stored: whitespace collapsed, control characters dropped, bounded length."""
    text = "".join(ch for ch in str(value) if ch.isprintable() or ch.isspace())
    return " ".join(text.split())[:NAME_LIMIT]


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class SessionInfo:
    id: int
    title: str
    lead: str
    agent: str
    transcript_id: str
    language: str
    created: str
    updated: str
    revision: int


INFO_COLUMNS = ", ".join(SessionInfo.__dataclass_fields__)


@dataclass
class Snapshot:
    """What one save holds: the rewrite, the notes, the decisions and the metrics at that moment."""

    rewrite: dict[int, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    decisions: dict[str, str] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)
    number: int = 0
    at: str = ""


class SessionStore:
    """`SessionStore()` opens (or creates) the user's sessions database."""

    def __init__(self, folder: str | Path | None = None, filename: str = FILENAME):
        self.folder = Path(folder) if folder is not None else data_home()
        self.path = self.folder / filename
        self.notices: list[Notice] = []
        self.listener = None  # called with each new notice (the CLI prints them as they come)
        self.read_only = False
        self.db = self._open()

    # ------------------------------------------------------------ opening
    def _open(self) -> sqlite3.Connection:
        for attempt in range(OPEN_ATTEMPTS):
            db = None
            try:
                self.read_only = storage.read_only(self.path)
                db = connect(self.path.name, self.folder)
                if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                    raise sqlite3.DatabaseError("quick_check failed")
                if self.read_only and db.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
                    db.close()  # an old schema needs a migration, which is a write
                    raise WorkshopError("sessions_read_only", folder=self.folder)
                self._migrate(db)
                return db
            except OSError:  # the folder cannot be created
                raise WorkshopError("sessions_read_only", folder=self.folder) from None
            except sqlite3.OperationalError as error:
                if db is not None:
                    db.close()
                busy = getattr(error, "sqlite_errorcode", None) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
                if _read_only_error(error) or (self.read_only and not busy):
                    raise WorkshopError("sessions_read_only", folder=self.folder) from None
                if getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL:
                    raise WorkshopError("sessions_disk_full", folder=self.folder) from None
                # Locked or busy: another kernel is creating the tables or saving (on a loaded
                # server, for longer than the busy timeout). The file is fine: wait and retry.
                if attempt == OPEN_ATTEMPTS - 1:
                    raise
                time.sleep(0.2 * (attempt + 1))
            except sqlite3.DatabaseError:  # not a database, or a damaged one
                if db is not None:
                    db.close()
                if self.read_only:  # it cannot be set aside: say so instead of failing to rename
                    raise WorkshopError("sessions_broken_read_only", name=self.path.name, folder=self.folder) from None
                break
        aside = self._set_aside()
        self._notice("sessions_recovered", name=self.path.name, aside=aside.name)
        db = connect(self.path.name, self.folder)
        self._migrate(db)
        return db

    def _set_aside(self) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.unreadable-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            part = Path(str(self.path) + suffix)
            if part.exists():
                part.rename(Path(str(aside) + suffix))
        return aside

    @staticmethod
    def _migrate(db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version < SCHEMA_VERSION:
            # Take the write lock first, then read the version again: of several kernels opening
            # a new database at once, one migrates and the others find it done.
            db.execute("BEGIN IMMEDIATE")
            try:
                version = db.execute("PRAGMA user_version").fetchone()[0]
                for target in range(version + 1, SCHEMA_VERSION + 1):
                    for statement in _statements(MIGRATIONS[target]):
                        db.execute(statement)
                    db.execute(f"PRAGMA user_version = {target}")
                db.execute("COMMIT")  # all steps or none: a failed migration leaves the old version intact
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
        if version > SCHEMA_VERSION:
            raise WorkshopError("sessions_newer", version=version, supported=SCHEMA_VERSION)
        db.execute("PRAGMA foreign_keys = ON")

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------ notices and damage
    def _notice(self, code: str, **params) -> None:
        """Tell once: a listing that meets the same damaged row twice says so once."""
        notice = Notice(code, **params)
        if any(n.code == code and n.params == params for n in self.notices):
            return
        self.notices.append(notice)
        if self.listener is not None:
            self.listener(notice)

    def _rows(self, query: str, params=()):
        """Rows with whether each held undecodable bytes (read as U+FFFD; see storage.TolerantText)."""
        decoder = self.db.text_factory
        cursor = self.db.execute(query, params)
        while True:
            decoder.damaged = False
            row = cursor.fetchone()
            if row is None:
                return
            yield row, decoder.damaged

    def _row(self, query: str, params=(), session_id: int | None = None):
        for row, damaged in self._rows(query, params):
            if damaged:
                self._notice("session_damaged", id=session_id)
            return row
        return None

    # ------------------------------------------------------------ writing
    @contextmanager
    def _writing(self):
        """One write transaction; a full disk or a read-only folder becomes a message that says so.

        Only an open transaction is rolled back: SQLite ends one itself on
        some errors (a full disk), and a failing ROLLBACK would hide the cause.
        """
        if self.read_only:
            raise WorkshopError("sessions_read_only", folder=self.folder)
        try:
            self.db.execute("BEGIN IMMEDIATE")  # take the write lock before reading anything
            yield
            self.db.execute("COMMIT")
        except BaseException as error:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                if getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL:
                    raise WorkshopError("sessions_disk_full", folder=self.folder) from error
                if _read_only_error(error):
                    raise WorkshopError("sessions_read_only", folder=self.folder) from error
            raise

    def _insert_revision(self, session_id: int, number: int, snapshot: Snapshot, stamp: str) -> None:
        self.db.execute(
            "INSERT INTO revisions (session_id, number, at, rewrite, notes, decisions, metrics)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (session_id, number, stamp, _dump({str(k): v for k, v in snapshot.rewrite.items()}),
             _dump(snapshot.notes), _dump(snapshot.decisions), _dump(snapshot.metrics)))
        self.db.execute("UPDATE sessions SET revision = ?, updated = ? WHERE id = ?", (number, stamp, session_id))

    @staticmethod
    def _check_notes(notes: dict[str, Any], turns: int) -> None:
        key = bad_note_key(notes, turns)
        if key is not None:
            raise WorkshopError("session_note_key", key=key, turns=turns)

    # ------------------------------------------------------------ sessions
    def create(self, lead: str, agent: str, transcript: Transcript, title: str = "",
               snapshot: Snapshot | None = None) -> int:
        """A new session; with `snapshot`, its first revision too, in the same transaction (all or nothing)."""
        lead, agent = clean_name(lead), clean_name(agent)
        if not lead or not agent:
            raise WorkshopError("sessions_names")
        if snapshot is not None:
            self._check_notes(snapshot.notes, len(transcript.turns))
        stamp = now()
        with self._writing():
            cursor = self.db.execute(
                "INSERT INTO sessions (title, lead, agent, transcript_id, transcript, language, created, updated)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (clean_name(title) or clean_name(transcript.title) or clean_name(transcript.source), lead, agent,
                 str(transcript.metadata.get("id") or transcript.source or transcript.title),
                 json.dumps(transcript.to_dict(), ensure_ascii=False), transcript.language, stamp, stamp))
            session_id = int(cursor.lastrowid)
            if snapshot is not None:
                self._insert_revision(session_id, 1, snapshot, stamp)
        return session_id

    def save(self, session_id: int, snapshot: Snapshot, base: int) -> int:
        """Store a new revision on top of revision `base`; returns the new revision's number.

        Raises WorkshopError("session_conflict") when someone else saved after
        `base`: their work stays, and the caller decides what to do.
        """
        with self._writing():
            row = self.db.execute("SELECT revision FROM sessions WHERE id = ?", (session_id,)).fetchone()
            if row is None:
                raise WorkshopError("session_missing", id=session_id)
            if row["revision"] != base:
                raise WorkshopError("session_conflict", theirs=row["revision"], yours=base)
            self._check_notes(snapshot.notes, len(self.transcript(session_id).turns))
            number = base + 1
            self._insert_revision(session_id, number, snapshot, now())
        return number

    def sessions(self, agent: str | None = None, transcript: str | None = None,
                 since: str | None = None) -> list[SessionInfo]:
        """Earlier sessions, newest first, filtered by agent, transcript id or date (ISO, inclusive)."""
        where, params = [], []
        for column, value in (("agent", agent), ("transcript_id", transcript)):
            if value:
                where.append(f"{column} = ?")
                params.append(clean_name(value) if column == "agent" else value)
        if since:
            where.append("updated >= ?")
            params.append(since)
        query = (f"SELECT {INFO_COLUMNS} FROM sessions" + (" WHERE " + " AND ".join(where) if where else "")
                 + " ORDER BY updated DESC, id DESC")
        found = []
        for row, damaged in self._rows(query, params):
            if damaged:  # listed all the same: the readable rest of it is still the user's work
                self._notice("session_damaged", id=row["id"])
            found.append(SessionInfo(**dict(row)))
        return found

    def info(self, session_id: int) -> SessionInfo:
        row = self._row(f"SELECT {INFO_COLUMNS} FROM sessions WHERE id = ?", (session_id,), session_id)
        if row is None:
            raise WorkshopError("session_missing", id=session_id)
        return SessionInfo(**dict(row))

    def transcript(self, session_id: int) -> Transcript:
        row = self._row("SELECT transcript FROM sessions WHERE id = ?", (session_id,), session_id)
        if row is None:
            raise WorkshopError("session_missing", id=session_id)
        try:
            return Transcript.from_dict(json.loads(row["transcript"]))
        except (ValueError, TypeError, KeyError, AttributeError):
            raise WorkshopError("session_unreadable", id=session_id) from None

    def snapshot(self, session_id: int, number: int | None = None) -> Snapshot:
        """Revision `number` (default: the latest); revision 0 is the untouched transcript."""
        if number is None:
            # The latest readable one: a damaged revision is reported and the one before it is used.
            latest = self.info(session_id).revision
            for row, damaged in self._rows("SELECT * FROM revisions WHERE session_id = ? AND number <= ?"
                                           " ORDER BY number DESC", (session_id, latest)):
                snapshot = self._parse_revision(row, damaged)
                if snapshot is not None:
                    return snapshot
                self._notice("session_revision_damaged", id=session_id, number=row["number"])
            return Snapshot()
        if number == 0:
            return Snapshot()
        row = None
        for row, damaged in self._rows("SELECT * FROM revisions WHERE session_id = ? AND number = ?",
                                       (session_id, number)):
            break
        if row is None:
            raise WorkshopError("session_missing", id=f"{session_id}#{number}")
        snapshot = self._parse_revision(row, damaged)
        if snapshot is None:
            raise WorkshopError("session_revision_damaged", id=session_id, number=number)
        return snapshot

    def _parse_revision(self, row: sqlite3.Row, damaged: bool) -> Snapshot | None:
        """A revision row as a Snapshot, or None when its JSON cannot be read."""
        try:
            snapshot = Snapshot({int(k): v for k, v in json.loads(row["rewrite"]).items()}, json.loads(row["notes"]),
                                json.loads(row["decisions"]), json.loads(row["metrics"]), row["number"], row["at"])
        except (ValueError, TypeError, AttributeError):
            return None
        if damaged:
            self._notice("session_damaged", id=row["session_id"])
        return snapshot

    def revisions(self, session_id: int) -> list[tuple[int, str]]:
        """(number, time) of every revision, oldest first."""
        return [(r["number"], r["at"]) for r in self.db.execute(
            "SELECT number, at FROM revisions WHERE session_id = ? ORDER BY number", (session_id,))]


def _read_only_error(error: sqlite3.Error) -> bool:
    """SQLITE_READONLY and its extended codes, or a file that cannot be opened for writing."""
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and (code & 0xFF) in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN)


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


_LIVE: "weakref.WeakSet[Autosaver]" = weakref.WeakSet()


@atexit.register
def _flush_on_exit() -> None:
    """Save what is pending when the kernel exits: Voilà shuts a closed tab's kernel down
    politely (a beacon from the page), and the last second of typing must not go with it."""
    for saver in list(_LIVE):
        try:
            saver.flush()
        except Exception:  # noqa: BLE001 - exiting; a failed save has no one left to tell
            pass


class Autosaver:
    """Keeps a session in step with a `WorkshopState`: every change is saved within `delay` seconds.

    A change saves at once when the last save is `delay` old, else a save is
    scheduled on the running asyncio loop (a kernel); without a loop the next
    change or `flush()` saves, and so does the kernel's exit (a closed tab).
    So only a crash can lose anything: at most the last `delay` of typing.
    """

    def __init__(self, store: SessionStore, session_id: int, state, base: int, delay: float = 1.0,
                 on_status=None):
        self.store, self.session_id, self.state, self.base, self.delay = store, session_id, state, base, delay
        self.transcript = state.transcript  # the session's; another one on screen is never saved into it
        self.on_status = on_status or (lambda status: None)
        self.dirty = False
        self.status = "saved"
        # What the store holds at `base`: nothing yet for a new session, else the state just reopened from it.
        self._saved_work = ({}, {}, {}) if base == 0 else (dict(state.rewrite), dict(state.notes),
                                                           dict(state.decisions))
        self.saved_at: str = ""
        self._last = 0.0
        self._handle = None
        state.observe(self._changed, ["revision", "notes", "decisions"])
        state.observe(self._leaving, "leaving")
        _LIVE.add(self)

    def _leaving(self, _=None) -> None:
        self.flush()  # another transcript is about to replace this one: save what was typed last

    def stop(self) -> None:
        self.flush()
        _LIVE.discard(self)
        self.state.unobserve(self._changed, ["revision", "notes", "decisions"])
        self.state.unobserve(self._leaving, "leaving")

    def _changed(self, _=None) -> None:
        if self.status == "conflict" or self.state.transcript is not self.transcript:
            return
        self.dirty = True
        self._set("pending")
        wait = self.delay - (time.monotonic() - self._last)
        if wait <= 0:
            self.flush()
            return
        try:
            import asyncio

            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        if self._handle is None:
            self._handle = loop.call_later(wait, self._scheduled)

    def _scheduled(self) -> None:
        self._handle = None
        try:
            self.flush()
        except Exception as error:  # noqa: BLE001 - a timer has nobody to raise to; the user sees an alert
            self._set("error")
            self.state.fail(error)

    def snapshot(self) -> Snapshot:
        state = self.state
        analysis = state.rewrite_analysis
        return Snapshot(dict(state.rewrite), dict(state.notes), dict(state.decisions),
                        analysis.metrics.as_dict() if analysis else {})

    def flush(self) -> bool:
        """Save now if anything changed since the last save; False when the save was refused.

        A refusal (another tab saved first, a locked or broken database)
        becomes an alert in the UI and never an exception in the caller's
        typing: the work stays in the state, nothing is overwritten.
        """
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        if not self.dirty or self.status == "conflict" or self.state.transcript is not self.transcript:
            return self.status != "conflict"
        snapshot = self.snapshot()
        work = (snapshot.rewrite, snapshot.notes, snapshot.decisions)
        if work == self._saved_work:  # e.g. only the UI language changed: no new revision
            self.dirty = False
            self._set("saved")
            return True
        try:
            self.base = self.store.save(self.session_id, snapshot, self.base)
        except (WorkshopError, sqlite3.Error) as error:
            self._set("conflict" if getattr(error, "code", "") == "session_conflict" else "error")
            self.state.fail(error)
            return False
        self._saved_work = work
        self.dirty = False
        self._last = time.monotonic()
        self.saved_at = now()
        self._set("saved")
        return True

    def _set(self, status: str) -> None:
        if status != self.status:
            self.status = status
            self.on_status(status)
