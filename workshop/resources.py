"""Where the shipped rule packs, sample library, schema and app configuration live.

They are package data, `workshop/data/`, read one way through
`importlib.resources` from a checkout, an editable install or a wheel alike.
The repository's top-level `data/` (the product layout, where trainers look)
is a symbolic link to it.
"""
from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path


@lru_cache(maxsize=1)
def data_dir() -> Path:
    # Installed as files (never zipped: pyproject sets zip-safe false), so the
    # Traversable is a real folder every reader can glob and open.
    folder = Path(str(files("workshop") / "data"))
    if not (folder / "rules").is_dir():
        raise FileNotFoundError(f"the workshop's data folder is missing ({folder})")
    return folder


def rules_dir() -> Path:
    return data_dir() / "rules"


def transcripts_dir() -> Path:
    return data_dir() / "transcripts"


def schema_path() -> Path:
    return data_dir() / "schema" / "transcript.schema.json"
