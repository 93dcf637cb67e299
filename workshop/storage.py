"""Where the workshop keeps what users make, and how it opens its SQLite files.

One folder per user: $WORKSHOP_DATA, else $XDG_DATA_HOME/rewrite-workshop,
else ~/.local/share/rewrite-workshop. Names typed by users are stored as
values in tables, never used as file names.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote


def data_home() -> Path:
    explicit = os.environ.get("WORKSHOP_DATA")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "rewrite-workshop"


class TolerantText:
    """A text_factory that never fails a whole query on one bad byte.

    Undecodable bytes (a damaged sector, a foreign tool) become U+FFFD and
    `damaged` turns True, so the reader can say which row was affected
    instead of every listing raising "Could not decode to UTF-8".
    """

    def __init__(self) -> None:
        self.damaged = False

    def __call__(self, data: bytes) -> str:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            self.damaged = True
            return data.decode("utf-8", errors="replace")


def writable(path: Path) -> bool:
    """Whether we may write `path` (a file, or a folder to create files in); one place to ask, and to simulate."""
    return os.access(path, os.W_OK)


def read_only(path: Path) -> bool:
    """An existing database we can read but not write: its folder or the file itself is not writable."""
    return path.exists() and not (writable(path.parent) and writable(path))


def connect(filename: str, folder: str | os.PathLike | None = None) -> sqlite3.Connection:
    """A connection in WAL mode: readers never block the one writer, and a crash keeps committed work.

    A `read_only` database is opened with a mode=ro URI and without the WAL
    pragma (itself a write), so its sessions stay readable and exportable.
    Without a -wal file there is nothing uncommitted to miss, so it is also
    opened immutable: a read-only folder cannot hold the -shm file WAL needs.
    """
    folder = Path(folder) if folder is not None else data_home()
    path = folder / filename
    folder.mkdir(parents=True, exist_ok=True)
    if read_only(path):
        immutable = "" if Path(f"{path}-wal").exists() else "&immutable=1"
        db = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro{immutable}", uri=True, timeout=10)
    else:
        db = sqlite3.connect(path, timeout=10)
        db.execute("PRAGMA journal_mode=WAL")
    db.row_factory = sqlite3.Row
    db.text_factory = TolerantText()
    db.execute("PRAGMA busy_timeout=10000")
    return db
