"""The app's configuration file: what a trainer sets without touching Python.

Read with the same line-numbered YAML loader as the rule packs, so a mistake
is reported with the file, the line and what to write instead.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .i18n import LANGUAGES
from .redact import KINDS as REDACT_KINDS
from .resources import data_dir
from .engine.rules import RulePackError, read_yaml

ENV = "WORKSHOP_CONFIG"
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")  # used with fullmatch: "$" would also accept a trailing newline
# A DNS name (labels of letters, digits and inner hyphens) or an IP address: what a Host header carries.
ORIGIN = re.compile(r"https?://([^/:\s]+)(?::\d{1,5})?")
HOST_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?", re.IGNORECASE)


def is_origin(value: str) -> bool:
    """Whether `value` is a web origin (`https://lms.example.org`, with an optional port) for frame_ancestors."""
    match = ORIGIN.fullmatch(value) if isinstance(value, str) else None
    return bool(match) and is_host_name(match.group(1))


def is_host_name(value: str) -> bool:
    """Whether `value` is a bare host name or IP address (no scheme, port or path), for public_names."""
    import ipaddress

    if not isinstance(value, str) or not value or len(value) > 253:
        return False
    try:
        ipaddress.ip_address(value.strip("[]"))
        return True
    except ValueError:
        return all(HOST_LABEL.fullmatch(label) for label in value.rstrip(".").split("."))


@dataclass(frozen=True)
class AppConfig:
    title: dict[str, str] = field(default_factory=lambda: {"es": "Taller de reescritura", "en": "Rewrite workshop"})
    subtitle: dict[str, str] = field(default_factory=dict)
    accent_colour: str = "#2f6fd0"
    languages: tuple[str, ...] = LANGUAGES
    default_language: str = "es"
    include_library: bool = True
    transcript_folders: tuple[str, ...] = ()
    rule_packs: tuple[str, ...] = ()
    #: rule IDs ("formal.le-informo-que") or whole categories ("filler") switched off
    disabled_rules: tuple[str, ...] = ()
    max_words: int = 500
    words_per_minute: int = 0
    long_sentence_words: int = 0
    #: seconds of gap that count as a silence (hold) in sources with times; 0: the rule pack's own
    silence_threshold_seconds: int = 0
    #: CSV columns by kind (speaker, text, time, end, role), for exports with other column names
    csv_columns: dict[str, str] = field(default_factory=dict)
    sessions_folder: str = ""
    #: "" (SQLite in sessions_folder), sqlite:///path/sessions.sqlite3 or postgresql://…; $WORKSHOP_SESSIONS_URL wins
    sessions_url: str = ""
    public_names: tuple[str, ...] = ()
    max_kernels: int = 12
    #: origins allowed to show the app in a frame (an LMS, an intranet); none by default
    frame_ancestors: tuple[str, ...] = ()
    #: who sees what (workshop.identity): {"trainers"|"leads": {"users": (...), "groups": (...)}}
    roles: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    #: a lead's agents, by user name: {"luis": ("ana", "pedro")}; a lead not listed sees every session
    teams: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: the kinds of personal data masked when a transcript is loaded (workshop.redact.KINDS)
    redact: tuple[str, ...] = REDACT_KINDS
    source: str = ""


def default_path() -> Path:
    return data_dir() / "config" / "workshop.yaml"


def config_path(path: str | os.PathLike | None = None) -> Path:
    """The file to use: the argument, else $WORKSHOP_CONFIG, else the shipped default."""
    return Path(path or os.environ.get(ENV) or default_path())


def load_config(path: str | os.PathLike | None = None) -> AppConfig:
    path = config_path(path)
    data = read_yaml(path)
    if data is None:
        return AppConfig(source=str(path))
    if not isinstance(data, dict):
        raise RulePackError(path.name, 1, "config_mapping")
    lines = getattr(data, "key_lines", {})

    def problem(key: str, code: str, **params) -> RulePackError:
        return RulePackError(path.name, lines.get(key, 1), code, key=key, **params)

    known = set(AppConfig.__dataclass_fields__) - {"source"}
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise problem(key, "rules_unknown_key", valid=", ".join(sorted(known)))
        values[key] = _check(key, value, problem, path.parent)
    languages = values.get("languages", LANGUAGES)
    if values.get("default_language", languages[0]) not in languages:
        raise problem("default_language", "config_choice", valid=", ".join(languages))
    values.setdefault("default_language", languages[0] if "es" not in languages else "es")
    if values.get("sessions_url") and values.get("sessions_folder"):
        raise problem("sessions_url", "config_sessions_both")
    return AppConfig(**values, source=str(path))


def _check(key: str, value: Any, problem, base: Path) -> Any:
    if key in ("title", "subtitle"):
        if isinstance(value, str):
            return {lang: value for lang in LANGUAGES}
        if isinstance(value, dict) and value and all(k in LANGUAGES and isinstance(v, str) for k, v in value.items()):
            return {lang: value.get(lang) or next(iter(value.values())) for lang in LANGUAGES}
        raise problem(key, "config_text")
    if key == "accent_colour":
        if isinstance(value, str) and COLOUR.fullmatch(value):
            return value
        raise problem(key, "config_colour")
    if key == "languages":
        if isinstance(value, list) and value and all(v in LANGUAGES for v in value) and len(set(value)) == len(value):
            return tuple(value)
        raise problem(key, "config_choice", valid=", ".join(LANGUAGES))
    if key == "default_language":
        if value in LANGUAGES:
            return value
        raise problem(key, "config_choice", valid=", ".join(LANGUAGES))
    if key == "include_library":
        if isinstance(value, bool):
            return value
        raise problem(key, "config_bool")
    if key in ("transcript_folders", "rule_packs"):
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise problem(key, "config_list")
        paths = tuple(str((base / v).resolve()) for v in value)
        missing = [v for v, p in zip(value, paths) if not Path(p).exists()]
        if missing:
            raise problem(key, "config_missing", path=missing[0])
        return paths
    if key == "disabled_rules":
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise problem(key, "rules_id_list")
        return tuple(v.strip() for v in value)
    if key == "csv_columns":
        from .formats.tabular import COLUMN_KINDS

        if isinstance(value, dict) and all(k in COLUMN_KINDS and isinstance(v, str) and v.strip()
                                           for k, v in value.items()):
            return {k: v.strip() for k, v in value.items()}
        raise problem(key, "config_csv_columns", valid=", ".join(COLUMN_KINDS))
    if key in ("max_words", "words_per_minute", "long_sentence_words", "silence_threshold_seconds"):
        if isinstance(value, int) and not isinstance(value, bool) and value >= (1 if key == "max_words" else 0):
            return value
        raise problem(key, "rules_setting")
    if key == "sessions_folder":
        if isinstance(value, str):
            return str((base / value).resolve()) if value.strip() else ""
        raise problem(key, "config_text")
    if key == "sessions_url":
        return _sessions_url(value, problem, base)
    if key == "public_names":
        if isinstance(value, list) and all(is_host_name(v) for v in value):
            return tuple(value)
        raise problem(key, "config_host_names")
    if key == "frame_ancestors":
        if isinstance(value, list) and all(is_origin(v) for v in value):
            return tuple(v.lower() for v in value)
        raise problem(key, "config_origins")
    if key == "redact":
        # true (everything), false (nothing: the data is already clean) or {kind: true/false};
        # a kind left out stays on, so a new kind added later is masked by default.
        if isinstance(value, bool):
            return REDACT_KINDS if value else ()
        if isinstance(value, dict) and value and all(k in REDACT_KINDS and isinstance(v, bool) for k, v in value.items()):
            return tuple(k for k in REDACT_KINDS if value.get(k, True))
        raise problem(key, "config_redact", valid=", ".join(REDACT_KINDS))
    if key == "max_kernels":
        if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
            return value
        raise problem(key, "rules_setting")
    if key == "roles":
        return _check_roles(value, problem)
    if key == "teams":
        if isinstance(value, dict) and all(isinstance(k, str) and k.strip() and _names(v) for k, v in value.items()):
            return {k.strip(): tuple(v.strip() for v in names) for k, names in value.items()}
        raise problem(key, "config_teams")
    raise problem(key, "rules_unknown_key", valid="")


ROLE_NAMES = ("trainers", "leads")


def _names(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def _check_roles(value: Any, problem) -> dict[str, dict[str, tuple[str, ...]]]:
    """`roles: {trainers: {users: [...], groups: [...]}, leads: {...}}`; every part optional."""
    if not isinstance(value, dict):
        raise problem("roles", "config_roles")
    out = {}
    for role, members in value.items():
        if role not in ROLE_NAMES:
            raise problem("roles", "rules_unknown_key", valid=", ".join(ROLE_NAMES))
        if not isinstance(members, dict) or not all(k in ("users", "groups") and _names(v)
                                                    for k, v in members.items()):
            raise problem("roles", "config_roles")
        out[role] = {kind: tuple(v.strip() for v in members.get(kind, ())) for kind in ("users", "groups")}
    return out


def _sessions_url(value: Any, problem, base: Path) -> str:
    """sqlite:// (a relative path is the config file's neighbour) or postgresql://; checked here for file+line."""
    if not isinstance(value, str):
        raise problem("sessions_url", "config_sessions_url")
    value = value.strip()
    if not value:
        return ""
    scheme, sep, rest = value.partition("://")
    if sep and scheme.lower() in ("postgresql", "postgres") and rest:
        return value
    if sep and scheme.lower() == "sqlite" and rest.strip():
        path = Path(rest).expanduser()
        return f"sqlite://{(base / path).resolve() if not path.is_absolute() else path}" + ("/" if rest.endswith("/") else "")
    raise problem("sessions_url", "config_sessions_url")
