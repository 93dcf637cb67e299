"""Rule packs: the phrase lists, alternatives, messages and thresholds, loaded from YAML.

Packs are data so a trainer can add their own without touching Python
(data/rules/README.md documents the format). Validation names the file, the
line and the entry, because the person reading the error edits YAML, not code.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import yaml

from .files import read_user_text
from .i18n import LANGUAGES, WorkshopError
from .resources import rules_dir
from .text import stem, tokenize

LEXICON_CATEGORIES = ("filler", "wordy", "redundancy", "formal", "negative", "complex-word")
CUE_SECTIONS = ("empathy", "emotion")
SECTIONS = LEXICON_CATEGORIES + CUE_SECTIONS
NEEDS_SUGGESTION = frozenset({"wordy", "redundancy", "formal", "negative", "complex-word"})
EXACT_BY_DEFAULT = frozenset({"filler", "complex-word"})
WORD_LISTS = ("stopwords", "question_words", "question_lead_ins", "stammer_allowed", "negations", "repetition_ignore",
              "letter_greetings", "letter_closings")
SEVERITIES = ("low", "medium", "high")
EMOTIONS = ("anger", "worry", "frustration", "urgency", "sadness")
SETTINGS = {"long_sentence_words": 25, "words_per_minute": 150, "closed_question_run": 2, "mattr_window": 50}
TOP_KEYS = ("pack", "language", "extends", "description", "settings", "remove", "empathy_openers") + WORD_LISTS + SECTIONS
ENTRY_KEYS = ("phrase", "suggest", "why", "isolated", "exact", "severity", "emotion")
MAX_FILE_BYTES = 1_000_000  # a pack or a config file: the shipped Spanish pack is 43 KB


# ---------------------------------------------------------------- YAML with line numbers

class _Map(dict):
    line = 0
    key_lines: dict


class _List(list):
    line = 0


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser when present: 10x faster
    """SafeLoader that remembers where each mapping and list starts, and rejects duplicate keys."""


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> _Map:
    out = _Map()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in out:
            raise _PackProblem(key_node.start_mark.line + 1, "rules_duplicate_key", key=key)
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


def _construct_list(loader: _Loader, node: yaml.SequenceNode) -> _List:
    out = _List(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    return out


# YAML 1.2 booleans only: in YAML 1.1 "no", "yes", "on" and "off" are booleans,
# which would silently turn the Spanish and English word "no" into False.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_list)


class _PackProblem(Exception):
    def __init__(self, line: int, code: str, where: tuple[str, int] | None = None, **params):
        self.line, self.code, self.where, self.params = line, code, where, params


class RulePackError(WorkshopError):
    """A broken rule pack: which file, which line, which entry, what is wrong."""

    def __init__(self, file: str, line: int, problem: str, where: tuple[str, int] | None = None, **params):
        self.file, self.line, self.problem, self.where = file, line, problem, where
        self.problem_params = params
        super().__init__("rules_error", file=file, line=line)

    def message(self, lang: str | None = None) -> str:
        from .i18n import t

        where = t("rules_where", lang, section=self.where[0], index=self.where[1]) if self.where else ""
        problem = t(self.problem, lang, **self.problem_params)
        return t("rules_error", lang, file=self.file, line=self.line, where=where, problem=problem)


def read_yaml(path: Path) -> Any:
    """A YAML file with line numbers; a pipe, a device or a file over 1 MB is refused before reading."""
    text = read_user_text(path, MAX_FILE_BYTES, name=str(path))
    try:
        return yaml.load(text, Loader=_Loader)
    except _PackProblem as p:
        raise RulePackError(path.name, p.line, p.code, p.where, **p.params) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise RulePackError(path.name, line, "rules_yaml", detail=exc.problem or str(exc)) from None


# ---------------------------------------------------------------- the pack

@dataclass(frozen=True)
class Entry:
    """One phrase of a pack, ready to match."""

    category: str
    phrase: str
    keys: tuple[str, ...]
    stemmed: bool
    suggest: tuple[str, ...] = ()
    why: dict | None = None
    isolated: bool = False
    severity: str | None = None
    emotion: str | None = None
    origin: str = ""


@dataclass
class RulePack:
    language: str
    name: str = "default"
    settings: dict[str, int] = field(default_factory=lambda: dict(SETTINGS))
    stopwords: frozenset = frozenset()
    question_words: tuple = ()
    question_lead_ins: tuple = ()
    stammer_allowed: frozenset = frozenset()
    negations: frozenset = frozenset()
    repetition_ignore: frozenset = frozenset()
    letter_greetings: tuple = ()  # how an email opens ("estimado", "dear"): its salutation line is not the message
    letter_closings: tuple = ()  # how it closes ("un saludo", "kind regards"): the signature is not the message
    entries: dict[str, list[Entry]] = field(default_factory=dict)
    empathy_openers: dict[str, list[str]] = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    def __post_init__(self):
        self._index: dict[bool, dict] | None = None
        self.cache: dict[str, Any] = {}  # per-turn analysis by text, see analysis._turn_analysis

    def with_settings(self, **overrides: int | None) -> "RulePack":
        """A copy with some thresholds changed (sharing entries, index and cache)."""
        from dataclasses import replace

        settings = {**self.settings, **{k: v for k, v in overrides.items() if v}}
        copy = replace(self, settings=settings)
        copy._index, copy.cache = self._index, self.cache
        return copy

    @property
    def index(self) -> dict[bool, dict]:
        """Two tries (written form, stems) of phrase keys; entries sit under the key None.

        Matching walks a trie from each word, so its cost does not grow with
        the number of phrases that start with a common word ("a", "en", "de").
        """
        if self._index is None:
            tries: dict[bool, dict] = {False: {}, True: {}}
            for section in SECTIONS:
                for entry in self.entries.get(section, ()):
                    node = tries[entry.stemmed]
                    for key in entry.keys:
                        node = node.setdefault(key, {})
                    node.setdefault(None, []).append(entry)
            self._index = tries
        return self._index

    def count(self) -> int:
        return sum(len(v) for v in self.entries.values())


def phrase_words(phrase: str) -> tuple[str, ...]:
    return tuple(t.norm for t in tokenize(phrase) if t.is_word)


def _words(value: Any, key: str, line: int) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _PackProblem(getattr(value, "line", line), "rules_words", key=key)
    return list(value)


def _entry(section: str, index: int, raw: Any, lang: str, origin: str, fallback_line: int) -> Entry:
    where = (section, index)
    line = getattr(raw, "line", fallback_line)
    if not isinstance(raw, dict):
        raise _PackProblem(line, "rules_entry_type", where)
    for key in raw:
        if key not in ENTRY_KEYS:
            raise _PackProblem(raw.key_lines.get(key, line), "rules_unknown_key", where, key=key, valid=", ".join(ENTRY_KEYS))
    phrase = raw.get("phrase")
    words = phrase_words(phrase) if isinstance(phrase, str) else ()
    if not words:
        raise _PackProblem(line, "rules_phrase", where)
    suggest = raw.get("suggest", [])
    if isinstance(suggest, str):
        suggest = [suggest]
    if suggest is None:
        suggest = []
    if not isinstance(suggest, list) or not all(isinstance(s, str) for s in suggest):
        raise _PackProblem(line, "rules_suggest_type", where)
    if section in NEEDS_SUGGESTION and not suggest:
        raise _PackProblem(line, "rules_suggest_required", where, section=section)
    for key in ("isolated", "exact"):
        if key in raw and not isinstance(raw[key], bool):
            raise _PackProblem(raw.key_lines.get(key, line), "rules_bool", where, key=key)
    severity = raw.get("severity")
    if severity is not None and severity not in SEVERITIES:
        raise _PackProblem(raw.key_lines.get("severity", line), "rules_severity", where)
    emotion = raw.get("emotion")
    if section == "emotion" and emotion not in EMOTIONS:
        raise _PackProblem(raw.key_lines.get("emotion", line), "rules_emotion", where, valid=", ".join(EMOTIONS))
    why = raw.get("why")
    if why is not None:
        if isinstance(why, str):
            why = {"es": why, "en": why}
        elif not (isinstance(why, dict) and why and all(k in LANGUAGES and isinstance(v, str) for k, v in why.items())):
            raise _PackProblem(raw.key_lines.get("why", line), "rules_why", where)
        else:
            why = {"es": why.get("es") or why.get("en"), "en": why.get("en") or why.get("es")}
    exact = raw.get("exact", section in EXACT_BY_DEFAULT)
    # Stem the written words, accents included, exactly as match_pack stems a
    # transcript's tokens: Snowball treats "procederá" and "procedera" differently.
    keys = words if exact else tuple(stem(t.text, lang) for t in tokenize(phrase) if t.is_word)
    return Entry(section, phrase.strip(), keys, not exact, tuple(s.strip() for s in suggest), why,
                 bool(raw.get("isolated", False)), severity, emotion, f"{origin}:{line}")


def parse_pack(data: Any, file: str) -> dict[str, Any]:
    """Validate one pack file's data; the result is merged by `build_pack`."""
    if not isinstance(data, dict):
        raise _PackProblem(getattr(data, "line", 1), "rules_top")
    lines = data.key_lines
    for key in data:
        if key not in TOP_KEYS:
            raise _PackProblem(lines.get(key, 1), "rules_unknown_key", key=key, valid=", ".join(TOP_KEYS))
    lang = data.get("language")
    if lang not in LANGUAGES:
        raise _PackProblem(lines.get("language", 1), "rules_language")
    if "extends" in data and data["extends"] != "default":
        raise _PackProblem(lines["extends"], "rules_extends")
    out: dict[str, Any] = {"language": lang, "name": str(data.get("pack", Path(file).stem)),
                           "extends": data.get("extends"), "settings": {}, "sections": {}, "remove": {}}
    settings = data.get("settings", {}) or {}
    if not isinstance(settings, dict):
        raise _PackProblem(lines.get("settings", 1), "rules_not_mapping", key="settings")
    for key, value in settings.items():
        line = settings.key_lines.get(key, settings.line)
        if key not in SETTINGS:
            raise _PackProblem(line, "rules_unknown_key", key=key, valid=", ".join(SETTINGS))
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise _PackProblem(line, "rules_setting", key=key)
        out["settings"][key] = value
    for key in WORD_LISTS:
        if key in data:
            out[key] = _words(data[key], key, lines[key])
    openers = data.get("empathy_openers")
    if openers is not None:
        if not isinstance(openers, dict):
            raise _PackProblem(lines["empathy_openers"], "rules_not_mapping", key="empathy_openers")
        for emotion, phrases in openers.items():
            if emotion not in EMOTIONS:
                raise _PackProblem(openers.key_lines.get(emotion, openers.line), "rules_emotion", valid=", ".join(EMOTIONS))
            _words(phrases, f"empathy_openers.{emotion}", openers.key_lines.get(emotion, openers.line))
        out["empathy_openers"] = {k: list(v) for k, v in openers.items()}
    remove = data.get("remove")
    if remove is not None:
        if not isinstance(remove, dict) or not all(k in SECTIONS and isinstance(v, list) for k, v in remove.items()):
            raise _PackProblem(lines["remove"], "rules_remove")
        out["remove"] = {k: {phrase_words(p) for p in v if isinstance(p, str)} for k, v in remove.items()}
    for section in SECTIONS:
        if section not in data:
            continue
        raw = data[section]
        if not isinstance(raw, list):
            raise _PackProblem(lines[section], "rules_not_list", key=section)
        entries, seen = [], {}
        for i, item in enumerate(raw, start=1):
            entry = _entry(section, i, item, lang, file, raw.line)
            words = phrase_words(entry.phrase)
            if words in seen:
                raise _PackProblem(getattr(item, "line", raw.line), "rules_duplicate", (section, i),
                                   phrase=entry.phrase, other=seen[words])
            seen[words] = getattr(item, "line", raw.line)
            entries.append(entry)
        out["sections"][section] = entries
    return out


def load_pack_file(path: str | os.PathLike) -> dict[str, Any]:
    path = Path(path)
    data = read_yaml(path)
    try:
        return parse_pack(data, path.name)
    except _PackProblem as p:
        raise RulePackError(path.name, p.line, p.code, p.where, **p.params) from None


def build_pack(parts: Iterable[dict[str, Any]]) -> RulePack:
    """Merge parsed packs in order: later entries with the same phrase replace earlier ones."""
    parts = list(parts)
    pack = RulePack(language=parts[0]["language"])
    sections: dict[str, dict[tuple[str, ...], Entry]] = {s: {} for s in SECTIONS}
    lists: dict[str, list[str]] = {k: [] for k in WORD_LISTS}
    names = []
    for part in parts:
        names.append(part["name"])
        pack.settings.update(part["settings"])
        for key in WORD_LISTS:
            lists[key].extend(part.get(key, ()))
        for emotion, phrases in part.get("empathy_openers", {}).items():
            pack.empathy_openers[emotion] = phrases
        for section, removed in part["remove"].items():
            for words in removed:
                sections[section].pop(words, None)
        for section, entries in part["sections"].items():
            for entry in entries:
                sections[section][phrase_words(entry.phrase)] = entry
    pack.name = " + ".join(names)
    pack.entries = {s: list(v.values()) for s, v in sections.items()}
    pack.stopwords = frozenset(w for p in lists["stopwords"] for w in phrase_words(p))
    pack.stammer_allowed = frozenset(w for p in lists["stammer_allowed"] for w in phrase_words(p))
    pack.negations = frozenset(w for p in lists["negations"] for w in phrase_words(p))
    # Courtesy rituals said at the start and again at the end are not repetition.
    pack.repetition_ignore = frozenset(
        gram for p in lists["repetition_ignore"]
        for gram in zip(*(lambda ws: (ws, ws[1:]))(tuple(stem(w, pack.language) for w in phrase_words(p))))
    )
    pack.question_words = tuple(sorted({phrase_words(p) for p in lists["question_words"]}, key=len, reverse=True))
    pack.question_lead_ins = tuple(sorted({phrase_words(p) for p in lists["question_lead_ins"]}, key=len, reverse=True))
    pack.letter_greetings = tuple({phrase_words(p) for p in lists["letter_greetings"]})
    pack.letter_closings = tuple({phrase_words(p) for p in lists["letter_closings"]})
    return pack


@lru_cache(maxsize=32)
def _pack_cached(lang: str, extra: tuple[tuple[str, float], ...]) -> RulePack:
    parts = [load_pack_file(rules_dir() / f"{lang}.yaml")]
    for path, _mtime in extra:
        part = load_pack_file(path)
        if part["language"] != lang:
            continue
        if part["extends"] != "default":
            parts = []
        parts.append(part)
    return build_pack(parts)


def get_pack(lang: str, extra: Iterable[str | os.PathLike] = ()) -> RulePack:
    """The default pack for `lang`, extended by trainer packs written for that language.

    A trainer pack with `extends: default` adds to the default; one without
    replaces it. Cached until a file changes.
    """
    if lang not in LANGUAGES:
        raise WorkshopError("bad_language", lang=lang)
    key = []
    for p in extra:
        path = Path(p)
        try:
            key.append((str(path.resolve()), path.stat().st_mtime))
        except OSError:
            raise WorkshopError("not_found", name=str(path)) from None
    return _pack_cached(lang, tuple(key))


# ---------------------------------------------------------------- messages

@lru_cache(maxsize=1)
def category_messages() -> dict[str, Any]:
    """Per-category labels, severities and messages (data/rules/messages.yaml)."""
    path = rules_dir() / "messages.yaml"
    data = read_yaml(path)
    for section in ("categories", "emotions"):
        for key, value in data[section].items():
            texts = value.get("message", value) if section == "categories" else value
            for lang in LANGUAGES:
                if lang not in texts or (section == "categories" and lang not in value.get("label", {})):
                    raise RulePackError(path.name, data[section].key_lines.get(key, 1), "rules_messages", key=key, lang=lang)
    return data


# ---------------------------------------------------------------- language

def detect_language(text: str) -> str:
    """Spanish or English, by which pack's function words the text uses more.

    Function words are the most frequent words of a language and nearly
    disjoint between these two, so a few sentences decide reliably; Spanish
    punctuation (¿ ¡) and letters (ñ, accents) break ties.
    """
    words = [t.norm for t in tokenize(text) if t.is_word]
    es_words, en_words = get_pack("es").stopwords, get_pack("en").stopwords
    es = sum(w in es_words for w in words) + sum(text.count(c) for c in "¿¡ñÑáéíóú")
    en = sum(w in en_words for w in words)
    return "en" if en > es else "es"


def check_file(path: str | os.PathLike) -> RulePack:
    """Validate a pack file as `workshop rules check` does; returns the merged pack."""
    part = load_pack_file(path)
    return get_pack(part["language"], [path])
