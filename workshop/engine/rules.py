"""Rule packs: the phrase lists, alternatives, messages and thresholds, loaded from YAML.

Packs are data so a trainer can add their own without touching Python
(data/rules/README.md documents the format). Validation names the file, the
line and the entry, because the person reading the error edits YAML, not code.
"""
from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import yaml

from ..files import read_user_text
from ..i18n import LANGUAGES, WorkshopError
from ..resources import rules_dir
from ..words import fold, tokenize
from .text import ANY, NUMBER, expand_contraction, lemma_keys, stem

LEXICON_CATEGORIES = ("filler", "wordy", "redundancy", "formal", "negative", "complex-word")
#: "alternative": what an agent says when offering another way ("lo que sí puedo hacer", "what I can do"),
#: so that a flat "no se puede" in the same turn is not reported as a closed door
CUE_SECTIONS = ("empathy", "emotion", "alternative")
SECTIONS = LEXICON_CATEGORIES + CUE_SECTIONS
NEEDS_SUGGESTION = frozenset({"wordy", "redundancy", "formal", "negative"})
#: Vale's rule types: a phrase that should not be there; a phrase with a better one;
#: a span over a size (per sentence or per turn); the same words again. Built-in
#: categories say theirs in messages.yaml; a trainer's category picks one of TRAINER_TYPES.
RULE_TYPES = ("existence", "substitution", "occurrence", "repetition")
TRAINER_TYPES = ("existence", "substitution", "occurrence")
OCCURRENCE_SCOPES = ("sentence", "turn")
CATEGORY_KEYS = ("type", "label", "message", "colour", "severity", "scope", "max", "description")
EXACT_BY_DEFAULT = frozenset({"filler", "complex-word"})
WORD_LISTS = ("stopwords", "question_words", "question_lead_ins", "stammer_allowed", "negations", "repetition_ignore",
              "letter_greetings", "letter_closings", "blame_reframes", "filler_markers",
              "question_prepositions", "question_requests", "variety_markers", "opening_crutches")
SEVERITIES = ("low", "medium", "high")
EMOTIONS = ("anger", "worry", "frustration", "urgency", "sadness")
#: the kinds of a negative entry (see workshop.engine.detectors.blame): "impossibility" is
#: reported only when the same turn offers no alternative
BLAME_KINDS = ("blame", "mistake", "deflection", "policy", "impossibility", "minimising", "refusal")
SETTINGS = {"long_sentence_words": 25, "words_per_minute": 150, "closed_question_run": 2, "mattr_window": 50,
            # a gap between turns at least this long counts as a silence (hold time); needs a source with times
            "silence_threshold_seconds": 5}
TOP_KEYS = ("pack", "language", "extends", "description", "settings", "remove", "disable", "empathy_openers",
            "register_markers", "register_forms",
            "categories") + WORD_LISTS + SECTIONS
ENTRY_KEYS = ("id", "phrase", "suggest", "why", "isolated", "exact", "lemma", "severity", "emotion", "examples", "kind",
              "unpunctuated", "after", "before", "not_after", "not_before")
#: entry keys naming the words just before / after a phrase that it needs or that rule it out
NEIGHBOUR_KEYS = ("after", "before", "not_after", "not_before")
#: an `isolated` filler's context without the commas speech-to-text leaves out (see README "Fillers without commas")
CONTEXT_KEYS = ("after", "not_after", "before", "not_before", "anywhere", "not_opening", "not_restating")
EXAMPLE_KINDS = ("flag", "keep")
MAX_FILE_BYTES = 1_000_000  # a pack or a config file: the shipped Spanish pack is 43 KB


# ---------------------------------------------------------------- YAML with line numbers

class _Map(dict):
    line = 0
    key_lines: dict


class _List(list):
    line = 0
    item_lines: list


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
    out.item_lines = [child.start_mark.line + 1 for child in node.value]  # where each example sits
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
        from ..i18n import t

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
    #: the compiled pattern: every word sequence it stands for, each word a set
    #: of match keys (see workshop.engine.text), any one of which the transcript word must carry
    variants: tuple[tuple[frozenset, ...], ...]
    stemmed: bool
    suggest: tuple[str, ...] = ()
    why: dict | None = None
    isolated: bool = False
    severity: str | None = None
    emotion: str | None = None
    origin: str = ""
    #: ("flag" or "keep", text, line): sentences the entry must and must not flag
    examples: tuple[tuple[str, str, int], ...] = ()
    lemma: bool = False
    #: stable dotted ID: "category.slug-of-phrase", or the entry's explicit `id:`
    id: str = ""
    #: negative entries: what kind of closed door (BLAME_KINDS); None is plain negative framing
    kind: str | None = None
    #: isolated fillers: when they count without pauses around them (CONTEXT_KEYS)
    context: dict | None = None
    #: NEIGHBOUR_KEYS → folded words (or "#", a number): the word just before the phrase must be one
    #: of `after` ("rectangular in shape") and none of `not_after` ("cuanto más mejor"), the word
    #: just after one of `before` and none of `not_before` ("a nivel de 300 metros")
    neighbours: dict | None = None


def slug(text: str) -> str:
    """Lower case, accents folded, every run of non-alphanumerics → "-"."""
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def rule_id(section: str, phrase: str, explicit: str | None = None) -> str:
    return explicit.strip() if explicit else f"{section}.{slug(phrase)}"


@dataclass(frozen=True)
class Category:
    """A category a trainer defined in a pack: its name, rule type, label, colour and message."""

    name: str
    type: str
    label: dict
    message: dict
    colour: str
    severity: str = "medium"
    #: occurrence only: what is measured, and the most words allowed
    scope: str = ""
    max: int = 0
    origin: str = ""

    def info(self) -> dict[str, Any]:
        return {"label": self.label, "message": self.message, "severity": self.severity, "type": self.type,
                "colour": self.colour}


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
    #: reframes offered for blame found by structure ("la próxima vez, le recomiendo…")
    blame_reframes: tuple = ()
    #: words after which a crutch opens a clause in unpunctuated speech ("ok este…", "sir actually…")
    filler_markers: frozenset = frozenset()
    #: a question word after one of these still opens the question ("¿para cuándo…?", "from which…?")
    question_prepositions: frozenset = frozenset()
    #: how a request or an offer in question form starts ("¿me da…?", "could I have…?", "shall I…?")
    question_requests: tuple = ()
    #: Spanish: written word -> the register it gives away ("usted", "tú", "vos", or "te": tú or vos)
    register_markers: dict = field(default_factory=dict)
    #: Spanish: register -> {usted words (tuple): the same in that register}, for suggestions and openers
    register_forms: dict = field(default_factory=dict)
    #: acknowledgements that become a tic when they open turn after turn ("Okay…", "Vale…"): each item's
    #: word sequences (a pattern item, "(ok|okay)", is one group)
    opening_crutches: tuple = ()
    #: a variety pack's words that give the variety away (voseo "tenés", "sumercé", "po"), for detection
    variety_markers: tuple = ()
    sources: tuple[str, ...] = ()
    #: rule IDs and whole categories switched off (`disable:` in a pack); their findings are dropped
    disabled: frozenset = frozenset()
    #: categories trainers defined in their packs (`categories:`), in the order they were defined
    categories: dict[str, Category] = field(default_factory=dict)

    @property
    def sections(self) -> tuple[str, ...]:
        """Every section that holds phrases: the built-in ones, then the trainers' phrase categories."""
        return SECTIONS + tuple(n for n, c in self.categories.items() if c.type != "occurrence")

    def __post_init__(self):
        self._index: dict[tuple[str, ...], _Node] = {}
        self.cache: dict[str, Any] = {}  # per-turn analysis by text, see analysis._turn_analysis

    def with_settings(self, **overrides: int | None) -> "RulePack":
        """A copy with some thresholds changed (sharing entries, index and cache)."""
        from dataclasses import replace

        settings = {**self.settings, **{k: v for k, v in overrides.items() if v}}
        copy = replace(self, settings=settings)
        copy._index, copy.cache = self._index, self.cache
        return copy

    @property
    def index(self) -> "_Node":
        """Every entry's compiled pattern merged into one graph of match keys.

        A trie whose steps are word tests (sets of keys): a step is reachable
        through any of its keys, so matching from each word is a few dict
        look-ups per word whatever the number of phrases that start with a
        common word ("a", "en", "de"), and patterns that share a beginning
        share their nodes. Built once per pack.
        """
        return self._graph(self.sections)

    @property
    def cue_index(self) -> "_Node":
        """The graph of the phrases read in a turn that is not analysed (the customer's): their
        emotion cues only. Matching those turns against every phrase was a sixth of a new text's
        analysis (profiled), for matches nothing reads."""
        return self._graph(("emotion",))

    def _graph(self, sections: tuple[str, ...]) -> "_Node":
        root = self._index.get(sections)
        if root is None:
            root = _Node()
            order = 0
            # Between two phrases of one length at one place, the written form wins over
            # a lemma and a lemma over a stem ("efectuamos" keeps its own "hacemos").
            rank = {"exact": 0, "lemma": 1, "stem": 2}
            for section in self.sections:
                for entry in self.entries.get(section, ()):
                    if section in sections:
                        mode = "stem" if entry.stemmed else "lemma" if entry.lemma else "exact"
                        for variant in entry.variants:
                            root.add(variant, (rank[mode], order), entry)
                    order += 1
            self._index[sections] = root
        return root

    def count(self) -> int:
        return sum(len(v) for v in self.entries.values())


class _Node:
    """One step of the pack's match graph (see RulePack.index)."""

    __slots__ = ("edges", "entries", "_by_test", "steps")

    def __init__(self):
        self.edges: dict[str, list[_Node]] = {}  # key -> next steps
        self.entries: list[tuple[tuple[int, int], Entry]] = []  # ((mode rank, pack order), entry) ending here
        self._by_test: dict[frozenset, _Node] = {}
        self.steps: dict[frozenset, tuple[_Node, ...]] = {}

    def step(self, keys: frozenset) -> tuple["_Node", ...]:
        """The next nodes for a word with these keys, memoized by key set.

        A word's key set is one cached object (text.match_keys), so after the
        first time a word is seen at a node this is one dict look-up.
        """
        found = self.steps.get(keys)
        if found is None:
            edges = self.edges
            nodes: dict[int, _Node] = {}
            for key in keys:
                for node in edges.get(key, ()):
                    nodes[id(node)] = node
            found = tuple(nodes.values())
            if len(self.steps) > 20000:  # a long session of new words: start again
                self.steps.clear()
            self.steps[keys] = found
        return found

    def add(self, variant: tuple[frozenset, ...], order: tuple[int, int], entry: Entry) -> None:
        node = self
        for test in variant:
            child = node._by_test.get(test)
            if child is None:
                child = node._by_test[test] = _Node()
                for key in test:
                    node.edges.setdefault(key, []).append(child)
            node = child
        if not any(e is entry for _, e in node.entries):
            node.entries.append((order, entry))


PATTERN_SYNTAX = frozenset("[]{}()|")


def _list_phrases(phrase: str) -> list[tuple[str, ...]]:
    """A word list's item as the word sequences it stands for: a plain phrase is one; a pattern
    with [optional] words and (alternatives) is each of its expansions ("(me|le) (puede|podés)")."""
    if PATTERN_SYNTAX.isdisjoint(phrase):
        return [phrase_words(phrase)]
    return [tuple(t.norm for a in atoms if a[0] == "word" for t in tokenize(a[1]) if t.is_word)
            for atoms in _expand(_parse_pattern(phrase))]


def phrase_words(phrase: str) -> tuple[str, ...]:
    """A phrase's identity for duplicates and `remove:`: its words and pattern marks."""
    return tuple(t.norm for t in tokenize(phrase) if t.is_word or t.text in PATTERN_SYNTAX)


# ---------------------------------------------------------------- patterns

MAX_GAP = 8  # {0-8}: a wider gap would join words that are no longer one phrase
MAX_VARIANTS = 512  # a pattern that expands further is a list of rules, not one


class PatternError(Exception):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


def _parse_pattern(phrase: str) -> list:
    """Pattern text to a tree: words, [optional], (alternatives), {0-3} gaps, {num}.

    A sequence is a list of nodes: ("word", text), ("opt", [seqs]), ("alt", [seqs]),
    ("gap", low, high), ("num",). Other punctuation is ignored, as in plain phrases.
    """
    tokens = tokenize(phrase)
    pos = 0

    def sequence(closer: str | None) -> list[list]:
        nonlocal pos
        alternatives, current = [], []
        while pos < len(tokens):
            tok = tokens[pos]
            pos += 1
            text = tok.text
            if tok.is_word:
                current.append(("word", tok.text))
            elif text not in PATTERN_SYNTAX:
                continue  # other punctuation is ignored
            elif text in "[(":
                inner = sequence("]" if text == "[" else ")")
                current.append(("opt" if text == "[" else "alt", inner))
            elif text == "{":
                spec = []
                while pos < len(tokens) and tokens[pos].text != "}":
                    spec.append(tokens[pos].text)
                    pos += 1
                if pos >= len(tokens):
                    raise PatternError("rules_pattern_unclosed", mark="{")
                pos += 1
                current.append(_slot("".join(spec)))
            elif text == "|":
                if closer is None:
                    raise PatternError("rules_pattern_bar")
                if not current:
                    raise PatternError("rules_pattern_empty")
                alternatives.append(current)
                current = []
            elif text in "])}":
                if text != closer:
                    raise PatternError("rules_pattern_unopened" if closer is None else "rules_pattern_mismatch",
                                       mark=text)
                if not current:
                    raise PatternError("rules_pattern_empty")
                alternatives.append(current)
                return alternatives
        if closer is not None:
            raise PatternError("rules_pattern_unclosed", mark={"]": "[", ")": "("}[closer])
        alternatives.append(current)
        return alternatives

    return sequence(None)[0]


def _slot(spec: str):
    if spec.lower() == "num":
        return ("num",)
    m = re.fullmatch(r"(\d+)(?:-(\d+))?", spec)
    if not m:
        raise PatternError("rules_pattern_slot", slot="{" + spec + "}")
    low, high = int(m.group(1)), int(m.group(2) or m.group(1))
    if low > high or high == 0 or high > MAX_GAP:
        raise PatternError("rules_pattern_gap", slot="{" + spec + "}", max=MAX_GAP)
    return ("gap", low, high)


def _expand(seq: list) -> list[tuple]:
    """Every word sequence a pattern tree stands for (atoms: ("word", text), ("*",), ("#",), ("&",))."""
    out: list[tuple] = [()]
    for node in seq:
        kind = node[0]
        if kind == "word":
            options = [(node,)]
        elif kind == "gap":
            options = [(("*",),) * n for n in range(node[1], node[2] + 1)]
        elif kind == "num":  # 1-3 number words: "veinte", "twenty-five", "treinta y dos", "one hundred and five"
            options = [(("#",),), (("#",), ("#",)), (("#",), ("&",), ("#",)), (("#",), ("#",), ("&",), ("#",))]
        else:
            options = [v for alt in node[1] for v in _expand(alt)]
            if kind == "opt":
                options.append(())
        out = [a + b for a in out for b in options]
        if len(out) > MAX_VARIANTS:
            raise PatternError("rules_pattern_size", max=MAX_VARIANTS)
    return out


def compile_pattern(phrase: str, lang: str, mode: str) -> tuple[tuple[frozenset, ...], ...]:
    """A phrase or pattern to its match variants, each a tuple of word tests (sets of keys).

    `mode` is "exact" (written form), "lemma" (written form or the same
    lemma) or "stem" (also the Snowball stem). Contractions in the phrase are
    expanded as in transcripts, so `can't` asks for "can" then "not".
    Raises PatternError for a malformed pattern.
    """
    variants = []
    for atoms in _expand(_parse_pattern(phrase)):
        if not atoms:
            raise PatternError("rules_pattern_nothing")
        if atoms[0] == ("*",) or atoms[-1] == ("*",):
            raise PatternError("rules_pattern_edge")
        tests: list[frozenset] = []
        for atom in atoms:
            if atom[0] == "word":
                tests.extend(_word_tests(atom[1], lang, mode))
            elif atom[0] == "&":
                tests.append(frozenset({"=" + ("y" if lang == "es" else "and")}))
            else:
                tests.append(frozenset({ANY if atom[0] == "*" else NUMBER}))
        variant = tuple(tests)
        if variant not in variants:
            variants.append(variant)
        if lang == "es":
            for extra in _with_clitics(atoms, variant):
                if extra not in variants:
                    variants.append(extra)
    return tuple(variants)


_ES_CLITIC_WORDS = frozenset("me te se le les lo la los las nos os".split())
_ES_CLITIC_TEST = frozenset("=" + w for w in _ES_CLITIC_WORDS)


def _with_clitics(atoms: tuple, variant: tuple) -> list[tuple]:
    """Spanish: a phrase's "no" + verb also with one or two object clitics between them, as
    speakers put them: `no puedo pagar` catches "no la puedo pagar", `usted no entiende`
    "usted no me entiende", `no podemos hacer nada` "no se lo podemos hacer"."""
    if len(atoms) != len(variant):
        return []
    for k, atom in enumerate(atoms[:-1]):
        nxt = atoms[k + 1]
        if atom[0] == "word" and fold(atom[1]) == "no":
            end = k + 1  # after the clitics the phrase already has ("no se puede", "no le podemos")
            while end < len(atoms) and atoms[end][0] == "word" and fold(atoms[end][1]) in _ES_CLITIC_WORDS:
                end += 1
            room = 2 - (end - k - 1)
            if end >= len(atoms) or atoms[end][0] != "word" or room <= 0 or nxt[0] != "word":
                return []
            head, tail = variant[:end], variant[end:]
            return [head + (_ES_CLITIC_TEST,) * n + tail for n in range(1, room + 1)]
    return []


def _word_tests(raw: str, lang: str, mode: str) -> list[frozenset]:
    norm = fold(raw)
    parts = expand_contraction(norm, lang)
    tests = []
    for readings in parts:
        keys = set()
        for reading in readings:
            # Stem the written word, accents included, exactly as a transcript token is
            # stemmed: Snowball treats "procederá" and "procedera" differently.
            word = raw if len(parts) == 1 and len(readings) == 1 else reading
            keys.add("=" + reading)
            if mode != "exact":
                keys.update(lemma_keys(word, lang, "rule"))
            if mode == "stem":
                keys.add("~" + stem(word, lang))
        tests.append(frozenset(keys))
    return tests


def _words(value: Any, key: str, line: int) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _PackProblem(getattr(value, "line", line), "rules_words", key=key)
    return list(value)


def _entry(section: str, index: int, raw: Any, lang: str, origin: str, fallback_line: int,
           needs_suggestion: bool | None = None) -> Entry:
    where = (section, index)
    line = getattr(raw, "line", fallback_line)
    if not isinstance(raw, dict):
        raise _PackProblem(line, "rules_entry_type", where)
    for key in raw:
        if key not in ENTRY_KEYS:
            raise _PackProblem(raw.key_lines.get(key, line), "rules_unknown_key", where, key=key, valid=", ".join(ENTRY_KEYS))
    phrase = raw.get("phrase")
    if not isinstance(phrase, str) or not any(t.is_word for t in tokenize(phrase)):
        raise _PackProblem(line, "rules_phrase", where)
    suggest = raw.get("suggest", [])
    if isinstance(suggest, str):
        suggest = [suggest]
    if suggest is None:
        suggest = []
    if not isinstance(suggest, list) or not all(isinstance(s, str) for s in suggest):
        raise _PackProblem(line, "rules_suggest_type", where)
    if (section in NEEDS_SUGGESTION if needs_suggestion is None else needs_suggestion) and not suggest:
        raise _PackProblem(line, "rules_suggest_required", where, section=section)
    for key in ("isolated", "exact", "lemma"):
        if key in raw and not isinstance(raw[key], bool):
            raise _PackProblem(raw.key_lines.get(key, line), "rules_bool", where, key=key)
    severity = raw.get("severity")
    if severity is not None and severity not in SEVERITIES:
        raise _PackProblem(raw.key_lines.get("severity", line), "rules_severity", where)
    emotion = raw.get("emotion")
    if section == "emotion" and emotion not in EMOTIONS:
        raise _PackProblem(raw.key_lines.get("emotion", line), "rules_emotion", where, valid=", ".join(EMOTIONS))
    context = _context(raw.get("unpunctuated"), raw, where, line) if "unpunctuated" in raw else None
    kind = raw.get("kind")
    if kind is not None and (section != "negative" or kind not in BLAME_KINDS):
        raise _PackProblem(raw.key_lines.get("kind", line), "rules_kind", where, valid=", ".join(BLAME_KINDS))
    why = raw.get("why")
    if why is not None:
        if isinstance(why, str):
            why = {"es": why, "en": why}
        elif not (isinstance(why, dict) and why and all(k in LANGUAGES and isinstance(v, str) for k, v in why.items())):
            raise _PackProblem(raw.key_lines.get("why", line), "rules_why", where)
        else:
            why = {"es": why.get("es") or why.get("en"), "en": why.get("en") or why.get("es")}
    exact = raw.get("exact", section in EXACT_BY_DEFAULT)
    lemma = bool(raw.get("lemma", False))
    mode = "stem" if not exact else "lemma" if lemma else "exact"
    try:
        variants = compile_pattern(phrase, lang, mode)
    except PatternError as problem:
        raise _PackProblem(raw.key_lines.get("phrase", line), problem.code, where, phrase=phrase.strip(),
                           **problem.params) from None
    examples = _examples(raw, where, line)
    neighbours = {key: frozenset(NUMBER if w.strip().lower() == "{num}" else fold(w.strip())
                                 for w in _words(raw[key], key, raw.key_lines.get(key, line)))
                  for key in NEIGHBOUR_KEYS if key in raw} or None
    explicit = raw.get("id")
    if explicit is not None and (not isinstance(explicit, str) or not _ID_RE.fullmatch(explicit.strip())):
        raise _PackProblem(raw.key_lines.get("id", line), "rules_id", where)
    return Entry(section, phrase.strip(), variants, not exact, tuple(s.strip() for s in suggest), why,
                 bool(raw.get("isolated", False)), severity, emotion, f"{origin}:{line}", examples, lemma,
                 rule_id(section, phrase, explicit), kind, context, neighbours)


def _context(value: Any, raw: dict, where: tuple[str, int], line: int) -> dict[str, Any]:
    """An `unpunctuated:` mapping: word lists (folded) and `anywhere: true`; only on isolated fillers."""
    at = raw.key_lines.get("unpunctuated", line)
    if where[0] != "filler" or not raw.get("isolated") or not isinstance(value, dict):
        raise _PackProblem(at, "rules_unpunctuated", where, valid=", ".join(CONTEXT_KEYS))
    out: dict[str, Any] = {}
    for key, words in value.items():
        if key not in CONTEXT_KEYS:
            raise _PackProblem(at, "rules_unpunctuated", where, valid=", ".join(CONTEXT_KEYS))
        if key in ("anywhere", "not_opening", "not_restating"):
            if not isinstance(words, bool):
                raise _PackProblem(at, "rules_bool", where, key=key)
            out[key] = words
        else:
            out[key] = frozenset(fold(w) for w in _words(words, f"unpunctuated.{key}", at))
    return out


_ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+")


def _examples(raw: dict, where: tuple[str, int], line: int) -> tuple[tuple[str, str, int], ...]:
    value = raw.get("examples")
    if value is None:
        return ()
    at = raw.key_lines.get("examples", line)
    if not isinstance(value, dict) or not value or any(k not in EXAMPLE_KINDS for k in value):
        raise _PackProblem(at, "rules_examples", where)
    out = []
    for kind, texts in value.items():
        if not isinstance(texts, list) or not texts or not all(isinstance(x, str) and x.strip() for x in texts):
            raise _PackProblem(value.key_lines.get(kind, at), "rules_examples", where)
        lines = getattr(texts, "item_lines", None) or [value.key_lines.get(kind, at)] * len(texts)
        out.extend((kind, text, item_line) for text, item_line in zip(texts, lines))
    return tuple(out)


_CATEGORY_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def _both(value: Any) -> dict[str, str] | None:
    """A text in both languages: one string for both, or {es: …, en: …} (either one fills the other)."""
    if isinstance(value, str) and value.strip():
        return {"es": value, "en": value}
    if isinstance(value, dict) and value and all(k in LANGUAGES and isinstance(v, str) and v.strip()
                                                   for k, v in value.items()):
        return {"es": value.get("es") or value.get("en"), "en": value.get("en") or value.get("es")}
    return None


def _categories(raw: Any, line: int, file: str) -> dict[str, Category]:
    """A pack's own categories (`categories:`), each checked with its line."""
    if not isinstance(raw, dict):
        raise _PackProblem(line, "rules_not_mapping", key="categories")
    builtin = set(category_messages()["categories"]) | set(TOP_KEYS) | set(SECTIONS)
    out = {}
    for name, spec in raw.items():
        at = raw.key_lines.get(name, raw.line)
        if not isinstance(name, str) or not _CATEGORY_NAME.fullmatch(name):
            raise _PackProblem(at, "rules_category_name", name=name)
        if name in builtin:
            raise _PackProblem(at, "rules_category_builtin", name=name)
        if not isinstance(spec, dict):
            raise _PackProblem(at, "rules_not_mapping", key=f"categories.{name}")
        for key in spec:
            if key not in CATEGORY_KEYS:
                raise _PackProblem(spec.key_lines.get(key, at), "rules_unknown_key", key=key,
                                   valid=", ".join(CATEGORY_KEYS))

        def line_of(key: str) -> int:
            return spec.key_lines.get(key, at)

        kind = spec.get("type")
        if kind not in TRAINER_TYPES:
            raise _PackProblem(line_of("type"), "rules_category_type", name=name, valid=", ".join(TRAINER_TYPES))
        label, message = _both(spec.get("label")), _both(spec.get("message"))
        if label is None:
            raise _PackProblem(line_of("label"), "rules_category_text", name=name, key="label")
        if message is None:
            raise _PackProblem(line_of("message"), "rules_category_text", name=name, key="message")
        for lang, text in message.items():
            try:
                text.format(text="x", words=1, limit=1)
            except (KeyError, IndexError, ValueError):
                raw_message = spec.get("message")
                at_lang = getattr(raw_message, "key_lines", {}).get(lang, line_of("message"))
                raise _PackProblem(at_lang, "rules_category_placeholder", name=name) from None
        colour = spec.get("colour", "#e0e0e0")
        if not isinstance(colour, str) or not _COLOUR.fullmatch(colour):
            raise _PackProblem(line_of("colour"), "rules_category_colour", name=name)
        severity = spec.get("severity", "medium")
        if severity not in SEVERITIES:
            raise _PackProblem(line_of("severity"), "rules_severity")
        scope, limit = "", 0
        if kind == "occurrence":
            scope, limit = spec.get("scope"), spec.get("max")
            if scope not in OCCURRENCE_SCOPES:
                raise _PackProblem(line_of("scope"), "rules_category_scope", name=name,
                                   valid=", ".join(OCCURRENCE_SCOPES))
            if not isinstance(limit, int) or isinstance(limit, bool) or limit <= 0:
                raise _PackProblem(line_of("max"), "rules_setting", key=f"categories.{name}.max")
        out[name] = Category(name, kind, label, message, colour.lower(), severity, scope, limit, f"{file}:{at}")
    return out


def parse_pack(data: Any, file: str) -> dict[str, Any]:
    """Validate one pack file's data; the result is merged by `build_pack`."""
    if not isinstance(data, dict):
        raise _PackProblem(getattr(data, "line", 1), "rules_top")
    lines = data.key_lines
    categories = _categories(data["categories"], lines["categories"], file) if "categories" in data else {}
    phrase_sections = tuple(n for n, c in categories.items() if c.type != "occurrence")
    for key in data:
        if key not in TOP_KEYS and key not in phrase_sections:
            if key in categories:
                raise _PackProblem(lines.get(key, 1), "rules_category_no_entries", name=key)
            raise _PackProblem(lines.get(key, 1), "rules_unknown_key", key=key,
                               valid=", ".join(TOP_KEYS + phrase_sections))
    lang = data.get("language")
    if lang not in LANGUAGES:
        raise _PackProblem(lines.get("language", 1), "rules_language")
    if "extends" in data and data["extends"] != "default":
        raise _PackProblem(lines["extends"], "rules_extends")
    out: dict[str, Any] = {"language": lang, "name": str(data.get("pack", Path(file).stem)),
                           "extends": data.get("extends"), "settings": {}, "sections": {}, "remove": {},
                           "categories": categories}
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
    for phrase in out.get("question_requests", ()):
        try:
            _expand(_parse_pattern(phrase))
        except PatternError as problem:
            raise _PackProblem(lines["question_requests"], problem.code, phrase=phrase.strip(), **problem.params) from None
    openers = data.get("empathy_openers")
    if openers is not None:
        if not isinstance(openers, dict):
            raise _PackProblem(lines["empathy_openers"], "rules_not_mapping", key="empathy_openers")
        for emotion, phrases in openers.items():
            if emotion not in EMOTIONS:
                raise _PackProblem(openers.key_lines.get(emotion, openers.line), "rules_emotion", valid=", ".join(EMOTIONS))
            _words(phrases, f"empathy_openers.{emotion}", openers.key_lines.get(emotion, openers.line))
        out["empathy_openers"] = {k: list(v) for k, v in openers.items()}
    markers = data.get("register_markers")
    if markers is not None:
        if not isinstance(markers, dict) or not set(markers) <= {"usted", "tú", "vos", "te"}:
            raise _PackProblem(lines["register_markers"], "rules_not_mapping", key="register_markers")
        out["register_markers"] = {
            w.lower(): reg for reg, ws in markers.items()
            for w in _words(ws, f"register_markers.{reg}", markers.key_lines.get(reg, markers.line))}
    forms = data.get("register_forms")
    if forms is not None:
        if not isinstance(forms, dict) or not set(forms) <= {"tú", "vos"} or not all(
                isinstance(m, dict) and all(isinstance(k, str) and k.strip() and isinstance(v, str)
                                            for k, v in m.items()) for m in forms.values()):
            raise _PackProblem(lines["register_forms"], "rules_not_mapping", key="register_forms")
        out["register_forms"] = {reg: {tuple(k.lower().split()): v for k, v in m.items()} for reg, m in forms.items()}
    remove = data.get("remove")
    if remove is not None:
        if not isinstance(remove, dict) or not all(k in SECTIONS + phrase_sections and isinstance(v, list)
                                                   for k, v in remove.items()):
            raise _PackProblem(lines["remove"], "rules_remove")
        out["remove"] = {k: {phrase_words(p) for p in v if isinstance(p, str)} for k, v in remove.items()}
    if "disable" in data:
        disable = data["disable"]
        if not isinstance(disable, list) or not all(isinstance(v, str) and v.strip() for v in disable):
            raise _PackProblem(lines["disable"], "rules_id_list", key="disable")
        out["disable"] = [v.strip() for v in disable]
    ids: dict[str, int] = {}
    for section in SECTIONS + phrase_sections:
        if section not in data:
            continue
        raw = data[section]
        if not isinstance(raw, list):
            raise _PackProblem(lines[section], "rules_not_list", key=section)
        entries, seen = [], {}
        needs = categories[section].type == "substitution" if section in categories else None
        for i, item in enumerate(raw, start=1):
            entry = _entry(section, i, item, lang, file, raw.line, needs)
            words = phrase_words(entry.phrase)
            if words in seen:
                raise _PackProblem(getattr(item, "line", raw.line), "rules_duplicate", (section, i),
                                   phrase=entry.phrase, other=seen[words])
            seen[words] = getattr(item, "line", raw.line)
            if entry.id in ids:
                raise _PackProblem(getattr(item, "line", raw.line), "rules_duplicate_id", (section, i),
                                   id=entry.id, other=ids[entry.id])
            ids[entry.id] = getattr(item, "line", raw.line)
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
    categories: dict[str, Category] = {}
    for part in parts:
        categories.update(part.get("categories", {}))
    pack.categories = categories
    sections: dict[str, dict[tuple[str, ...], Entry]] = {s: {} for s in pack.sections}
    lists: dict[str, list[str]] = {k: [] for k in WORD_LISTS}
    names = []
    disabled: set[str] = set()
    for part in parts:
        names.append(part["name"])
        disabled.update(part.get("disable", ()))
        pack.settings.update(part["settings"])
        for key in WORD_LISTS:
            lists[key].extend(part.get(key, ()))
        for emotion, phrases in part.get("empathy_openers", {}).items():
            pack.empathy_openers[emotion] = phrases
        pack.register_markers.update(part.get("register_markers", {}))
        for reg, forms in part.get("register_forms", {}).items():
            pack.register_forms.setdefault(reg, {}).update(forms)
        for section, removed in part["remove"].items():
            for words in removed:
                sections.get(section, {}).pop(words, None)
        for section, entries in part["sections"].items():
            for entry in entries:
                sections[section][phrase_words(entry.phrase)] = entry
    pack.name = " + ".join(names)
    pack.disabled = frozenset(disabled)
    _TRAINER_CATEGORIES.update(categories)
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
    pack.variety_markers = tuple({phrase_words(p) for p in lists["variety_markers"]})
    pack.question_prepositions = frozenset(fold(w) for w in lists["question_prepositions"])
    pack.question_requests = tuple(sorted({w for p in lists["question_requests"] for w in _list_phrases(p)},
                                          key=len, reverse=True))
    pack.question_lead_ins = tuple(sorted({phrase_words(p) for p in lists["question_lead_ins"]}, key=len, reverse=True))
    pack.letter_greetings = tuple({phrase_words(p) for p in lists["letter_greetings"]})
    pack.letter_closings = tuple({phrase_words(p) for p in lists["letter_closings"]})
    pack.blame_reframes = tuple(dict.fromkeys(lists["blame_reframes"]))
    pack.opening_crutches = tuple(tuple(_list_phrases(p)) for p in dict.fromkeys(lists["opening_crutches"]))
    pack.filler_markers = frozenset(fold(w) for w in lists["filler_markers"])
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
        try:
            resolved = _resolved(os.fspath(p), None if os.path.isabs(p) else os.getcwd())
            key.append((resolved, os.stat(resolved).st_mtime))
        except OSError:
            raise WorkshopError("not_found", name=str(p)) from None
    return _pack_cached(lang, tuple(key))


@lru_cache(maxsize=256)
def _resolved(path: str, cwd: str | None) -> str:
    """A pack's real path, by the path given (and the working directory, for a relative one).

    Every analysis with a variety or trainer pack asks for its pack again; Path.resolve walks the
    path's every component with a system call (75 µs of an 80 µs get_pack, profiled), while the
    stat that follows, still made every time, is what notices an edited file."""
    return str(Path(cwd or "", path).resolve())


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


#: every trainer category of the packs built in this process, for wording findings and labels
#: where only the category's name travels (a finding, a saved session's counts)
_TRAINER_CATEGORIES: dict[str, Category] = {}


def category_info(code: str) -> dict[str, Any]:
    """Label, severity, type and message of a category or message code: messages.yaml, or a trainer's pack."""
    builtin = category_messages()["categories"].get(code)
    if builtin is not None:
        return builtin
    custom = _TRAINER_CATEGORIES.get(code)
    if custom is not None:
        return custom.info()
    # A category from a pack no longer loaded (an old session's counts): its own name, the text found.
    return {"label": dict.fromkeys(LANGUAGES, code), "message": dict.fromkeys(LANGUAGES, "{text}"),
            "severity": "medium", "type": "existence", "colour": "#e0e0e0"}


def category_message(code: str, ui: str) -> str:
    return category_info(code)["message"][ui]


def check_file(path: str | os.PathLike) -> RulePack:
    """Validate a pack file as `workshop rules check` does; returns the merged pack."""
    part = load_pack_file(path)
    return get_pack(part["language"], [path])
