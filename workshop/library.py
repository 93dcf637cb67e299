"""The shipped sample transcripts (data/transcripts/)."""
from __future__ import annotations

from pathlib import Path

from .loaders import load_file
from .model import Transcript
from .resources import transcripts_dir


def library_paths() -> list[Path]:
    return sorted(p for p in transcripts_dir().glob("*.json") if not p.name.startswith("_"))


def load_library(**filters: str) -> list[Transcript]:
    """Every sample, keeping those whose metadata matches all filters (language="es", difficulty="easy")."""
    out = []
    for path in library_paths():
        t = load_file(path)
        values = {"language": t.language, "channel": t.channel, "scenario": t.scenario, **t.metadata}
        if all(str(values.get(k, "")) == str(v) for k, v in filters.items() if v):
            out.append(t)
    return out
