"""Where the workshop keeps what users make, and how it opens its SQLite files.

One folder per user: $WORKSHOP_DATA, else $XDG_DATA_HOME/rewrite-workshop,
else ~/.local/share/rewrite-workshop. Names typed by users are stored as
values in tables, never used as file names.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path


def data_home() -> Path:
    explicit = os.environ.get("WORKSHOP_DATA")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "rewrite-workshop"


def connect(filename: str, folder: str | os.PathLike | None = None) -> sqlite3.Connection:
    """A connection in WAL mode: readers never block the one writer, and a crash keeps committed work."""
    folder = Path(folder) if folder is not None else data_home()
    folder.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(folder / filename, timeout=10)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA busy_timeout=10000")
    return db
