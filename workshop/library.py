"""The transcript library: the shipped samples and a trainer's own folders.

Library files follow data/schema/transcript.schema.json (checked with the
jsonschema library) plus what a schema cannot say: the id is the file name,
the model rewrite only touches agent turns, and the whole fits the limit.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from .i18n import Text, WorkshopError
from .files import read_user_file
from .loaders import MAX_BYTES, load_file
from .model import Transcript
from .resources import schema_path, transcripts_dir

# jsonschema's own messages are English only; the catalog's schema_* entries (workshop/locale)
# cover what authors get wrong, in both languages.
_PROBLEMS = ("required", "additionalProperties", "enum", "type", "minLength", "minItems", "pattern", "minimum")
_TYPES = ("string", "array", "object", "integer", "boolean")


@lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads(schema_path().read_text(encoding="utf-8")))


def _where(path: Iterable) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(file)"


def _problem(error) -> Text:
    """What is wrong, as a catalog entry (rendered in the user's language when shown)."""
    kind, value = error.validator, error.instance
    params = {"value": value if not isinstance(value, (dict, list)) else "…", "limit": error.validator_value}
    if kind == "required":
        params["field"] = error.message.split("'")[1]
    elif kind == "additionalProperties":
        params["field"] = ", ".join(sorted(set(value) - set(error.schema.get("properties", {}))))
    elif kind == "enum":
        params["options"] = ", ".join(map(str, error.validator_value))
    elif kind == "minItems":
        params["n"] = error.validator_value
    elif kind == "type":
        expected = error.validator_value
        return Text("schema_type", expected=Text(f"schema_type_{expected}") if expected in _TYPES else expected)
    if kind not in _PROBLEMS:
        return Text("schema_other", detail=error.message)
    return Text(f"schema_{kind}", **params)


def check_sample(path: str | os.PathLike, *, schema: bool = True) -> Transcript:
    """Load a library file, raising WorkshopError("sample_invalid") naming the file and the entry.

    `schema=False` skips the JSON Schema pass (the shipped files are checked
    by the tests): importing jsonschema takes seconds, too long for the app's
    first page.
    """
    path = Path(path)
    try:
        data = json.loads(read_user_file(path, MAX_BYTES).decode("utf-8-sig"))
    except (WorkshopError, ValueError, RecursionError):
        load_file(path)  # raises the loader's message: not found, not decodable, JSON syntax, nested too deep
        raise
    errors = sorted(_validator().iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.validator)) \
        if schema else []
    if errors:
        raise WorkshopError("sample_invalid", name=path.name, where=_where(errors[0].absolute_path),
                            problem=_problem(errors[0]))
    transcript = load_file(path)  # turn shapes, roles and the word limit: the loader's own messages
    if not isinstance(data, dict) or not isinstance(data.get("model_rewrite"), list):
        raise WorkshopError("sample_invalid", name=path.name, where="model_rewrite",
                            problem=Text("schema_model_rewrite_missing"))
    if data.get("id") != path.stem:
        raise WorkshopError("sample_invalid", name=path.name, where="id",
                            problem=Text("schema_id_mismatch", stem=path.stem))
    seen = set()
    for k, entry in enumerate(data["model_rewrite"]):
        index = entry.get("turn") if isinstance(entry, dict) else None
        if not isinstance(index, int):
            index = -1
        where = f"model_rewrite[{k}].turn"
        if not 0 <= index < len(transcript.turns) or transcript.turns[index].role != "agent" or index in seen:
            raise WorkshopError("sample_invalid", name=path.name, where=where,
                                problem=Text("schema_turn_invalid", index=index))
        seen.add(index)
    return transcript


def library_paths(folders: Iterable[str | os.PathLike] = (), shipped: bool = True) -> list[Path]:
    """The shipped samples (unless `shipped=False`), then each extra folder's, sorted by name within each."""
    out: list[Path] = []
    seen: set[Path] = set()
    for folder in ((transcripts_dir(),) if shipped else ()) + tuple(map(Path, folders)):
        if folder.resolve() in seen:
            continue
        seen.add(folder.resolve())
        out.extend(sorted(p for p in folder.glob("*.json") if not p.name.startswith("_")))
    return out


def load_library(folders: Iterable[str | os.PathLike] = (), *, errors: list | None = None, shipped: bool = True,
                 **filters: str) -> list[Transcript]:
    """Every sample, keeping those whose metadata matches all filters (language="es", difficulty="easy").

    With an `errors` list, a file that does not validate is skipped and its
    WorkshopError appended there, so one bad file never hides the others.
    """
    out = []
    shipped_dir = transcripts_dir()
    for path in library_paths(folders, shipped=shipped):
        try:
            t = check_sample(path, schema=path.parent != shipped_dir)
        except WorkshopError as error:
            if errors is None:
                raise
            errors.append(error)
            continue
        values = {"language": t.language, "channel": t.channel, "scenario": t.scenario, **t.metadata}
        if all(str(values.get(k, "")) == str(v) for k, v in filters.items() if v):
            out.append(t)
    return out
