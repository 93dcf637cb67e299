"""The transcript library: the shipped samples and a trainer's own folders.

Library files follow data/schema/transcript.schema.json (checked with
fastjsonschema) plus what a schema cannot say: the id is the file name,
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

# The validator's own messages are English only; the catalog's schema_* entries (workshop/locale)
# cover what authors get wrong, in both languages.
_PROBLEMS = ("required", "additionalProperties", "enum", "type", "minLength", "minItems", "pattern", "minimum")
_TYPES = ("string", "array", "object", "integer", "boolean")


@lru_cache(maxsize=1)
def _validator():
    """The schema compiled once into a Python function by fastjsonschema (installed with nbformat).

    fastjsonschema rather than jsonschema: importing jsonschema and building its validator took
    about a second on every kernel start once a trainer set `transcript_folders`; fastjsonschema
    imports and compiles this schema in a few milliseconds. It stops at the first problem, which
    is the one the message names anyway. The schema keeps draft 2020-12's "$schema" for editors;
    it uses nothing beyond draft 7, which fastjsonschema validates.
    """
    import fastjsonschema

    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    schema.pop("$schema", None)
    return fastjsonschema.compile(schema, use_default=False, use_formats=False)


def _schema_error(data) -> "object | None":
    from fastjsonschema import JsonSchemaValueException

    try:
        _validator()(data)
    except JsonSchemaValueException as error:
        return error
    return None


def _where(path: Iterable) -> str:
    out = ""
    for part in list(path)[1:]:  # fastjsonschema's path starts at "data"; list indexes come as digits
        out += f"[{part}]" if isinstance(part, int) or str(part).isdigit() else (f".{part}" if out else str(part))
    return out or "(file)"


def _problem(error) -> Text:
    """What is wrong, as a catalog entry (rendered in the user's language when shown)."""
    kind, value, rule = error.rule, error.value, error.rule_definition
    params = {"value": value if not isinstance(value, (dict, list)) else "…", "limit": rule}
    if kind == "required":
        params["field"] = ", ".join(f for f in rule if not isinstance(value, dict) or f not in value)
    elif kind == "additionalProperties":
        params["field"] = ", ".join(sorted(set(value) - set(error.definition.get("properties", {}))))
    elif kind == "enum":
        params["options"] = ", ".join(map(str, rule))
    elif kind == "minItems":
        params["n"] = rule
    elif kind == "type":
        return Text("schema_type", expected=Text(f"schema_type_{rule}") if rule in _TYPES else rule)
    if kind not in _PROBLEMS:
        return Text("schema_other", detail=error.message)
    return Text(f"schema_{kind}", **params)


def check_sample(path: str | os.PathLike, *, schema: bool = True,
                 redact: bool | Iterable[str] = True) -> Transcript:
    """Load a library file, raising WorkshopError("sample_invalid") naming the file and the entry.

    `schema=False` skips the JSON Schema pass (the shipped files are checked
    by the tests), so the app's first page reads them without it. `redact` as in loaders.build.
    """
    path = Path(path)
    try:
        data = json.loads(read_user_file(path, MAX_BYTES).decode("utf-8-sig"))
    except (WorkshopError, ValueError, RecursionError):
        load_file(path)  # raises the loader's message: not found, not decodable, JSON syntax, nested too deep
        raise
    error = _schema_error(data) if schema else None
    if error is not None:
        raise WorkshopError("sample_invalid", name=path.name, where=_where(error.path), problem=_problem(error))
    transcript = load_file(path, redact=redact)  # turn shapes, roles and the word limit: the loader's own messages
    if not isinstance(data, dict) or not isinstance(data.get("model_rewrite"), list):
        raise WorkshopError("sample_invalid", name=path.name, where="model_rewrite",
                            problem=Text("schema_model_rewrite_missing"))
    if data.get("id") != path.stem:
        raise WorkshopError("sample_invalid", name=path.name, where="id",
                            problem=Text("schema_id_mismatch", stem=path.stem))
    variety = data.get("variety")
    if isinstance(variety, str) and variety.split("-")[0] != transcript.language:
        raise WorkshopError("sample_invalid", name=path.name, where="variety",
                            problem=Text("schema_variety_language", variety=variety, language=transcript.language))
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
                 redact: bool | Iterable[str] = True, **filters: str) -> list[Transcript]:
    """Every sample, keeping those whose metadata matches all filters (language="es", difficulty="easy").

    With an `errors` list, a file that does not validate is skipped and its
    WorkshopError appended there, so one bad file never hides the others.
    A trainer's folders are masked as `redact` says (loaders.build); the shipped samples are
    not: their people, addresses and sign-offs are invented for the exercise, and masking
    them would turn "Dear Ms Adeyemi" into "Dear Ms [CUSTOMER-1]" in the material itself.
    """
    out = []
    shipped_dir = transcripts_dir()
    for path in library_paths(folders, shipped=shipped):
        try:
            ours = path.parent == shipped_dir
            t = check_sample(path, schema=not ours, redact=False if ours else redact)
        except WorkshopError as error:
            if errors is None:
                raise
            errors.append(error)
            continue
        values = {"language": t.language, "channel": t.channel, "scenario": t.scenario, **t.metadata}
        if all(str(values.get(k, "")) == str(v) for k, v in filters.items() if v):
            out.append(t)
    return out
