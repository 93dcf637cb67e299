"""Where the shipped rule packs and sample library live.

From a checkout they are the repository's `data/` folder; an installed wheel
carries a copy as `workshop/_data` (see setup.py), so both layouts work.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def data_dir() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "_data", here.parent / "data"):
        if (candidate / "rules").is_dir():
            return candidate
    raise FileNotFoundError(f"the workshop's data folder is missing (looked in {here / '_data'} and {here.parent / 'data'})")


def rules_dir() -> Path:
    return data_dir() / "rules"


def transcripts_dir() -> Path:
    return data_dir() / "transcripts"


def schema_path() -> Path:
    return data_dir() / "schema" / "transcript.schema.json"
