"""Findings: what in a transcript a lead and an agent should look at, and why.

`analyze` tokenizes each turn once, matches every phrase of the rule pack in one
pass (one dict look-up per word), and hands that to the small detectors in
`workshop.detectors`. Per-turn work is cached by text, so re-analysing a
transcript after one edit only redoes the edited turn.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Iterable

from ..i18n import ui_language
from ..model import Transcript
from .rules import Entry, RulePack, category_messages, get_pack
from ..words import Token, tokenize
from .text import PAUSE, SENTENCE_END, match_keys, sentence_spans

if TYPE_CHECKING:  # pandas is imported only when a table is asked for
    import pandas as pd

    from .metrics import Metrics

CATEGORIES = (
    "filler", "repetition", "redundancy", "wordy", "long-sentence", "complex-word",
    "formal", "negative", "closed-question", "missing-empathy",
)
SEVERITY_RANK = {"low": 1, "medium": 2, "high": 3}


@dataclass(frozen=True)
class Finding:
    """One thing to look at: `transcript.turns[turn].text[start:end] == text`."""

    category: str
    turn: int
    start: int
    end: int
    text: str
    message: str
    suggestions: tuple[str, ...] = ()
    severity: str = "medium"
    rule: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": self.category, "turn": self.turn, "start": self.start, "end": self.end,
            "text": self.text, "message": self.message, "suggestions": list(self.suggestions),
            "severity": self.severity,
        }


@dataclass(frozen=True)
class Match:
    """A rule-pack phrase found in a turn, as token positions and character offsets."""

    entry: Entry
    first: int  # index of the first token
    last: int  # index of the last token
    start: int
    end: int


@dataclass(frozen=True)
class Question:
    start: int
    end: int
    open: bool


@dataclass
class TurnDoc:
    """A turn as the detectors see it: tokens, sentences, matches and questions."""

    index: int
    speaker: str
    role: str
    text: str
    tokens: tuple[Token, ...]
    sentences: tuple[tuple[int, int], ...]
    sentence_words: tuple[int, ...]
    matches: dict[str, list[Match]]
    questions: tuple[Question, ...]
    analysed: bool
    #: (start, end) of the message proper: an email's salutation line and signature are outside it
    body: tuple[int, int] = (0, 0)

    @property
    def word_count(self) -> int:
        return sum(t.is_word for t in self.tokens)


@dataclass
class Doc:
    transcript: Transcript
    pack: RulePack
    turns: list[TurnDoc]
    ui: str


# ---------------------------------------------------------------- matching

def _negated(tokens: tuple[Token, ...], first: int, negations: frozenset) -> bool:
    """A negation among the three words before a match ("no estoy preocupado", "I don't understand")."""
    seen = 0
    for tok in reversed(tokens[max(0, first - 6):first]):
        if tok.text in SENTENCE_END or tok.text in {",", ";"}:
            return False
        if tok.is_word:
            if tok.norm in negations or tok.norm.endswith("n't"):
                return True
            seen += 1
            if seen == 3:
                return False
    return False


def match_units(tokens: tuple[Token, ...], lang: str) -> list[tuple[int, frozenset]]:
    """The words rules are matched against: (token index, match keys), a contraction giving several."""
    return [(i, keys) for i, tok in enumerate(tokens) if tok.is_word for keys in match_keys(tok.text, lang)]


def _closeness(entry: Entry, units: list, w: int, size: int) -> int:
    """How many of the matched words an entry asks for by their written form."""
    best = 0
    for variant in entry.variants:
        if len(variant) != size:
            continue
        score = 0
        for test, (_, keys) in zip(variant, units[w:w + size]):
            if test.isdisjoint(keys):
                break
            score += any(key[0] == "=" and key in keys for key in test)
        else:
            best = max(best, score)
    return best


def match_pack(tokens: tuple[Token, ...], pack: RulePack) -> dict[str, list[Match]]:
    """Every pack phrase in the tokens, longest first, no overlaps within a category.

    One pass: from each word, walk the pack's match graph (RulePack.index)
    with the keys of the following words (written form, stem, lemma, number,
    any word), keeping every step still alive; a phrase never spans punctuation.
    """
    units = match_units(tokens, pack.language)
    root = pack.index
    found: dict[str, list[Match]] = {}
    taken_until: dict[str, int] = {}
    n = len(units)
    root_steps = root.steps
    for w in range(n):
        keys = units[w][1]
        step = root_steps.get(keys)
        if step is None:
            step = root.step(keys)
        if not step:
            continue  # most words start no phrase
        candidates: list[tuple[int, tuple[int, int], Entry]] = []  # (words, (mode rank, pack order), entry)
        j = w
        while step:
            for node in step:
                for order, entry in node.entries:
                    candidates.append((j - w + 1, order, entry))
            j += 1
            if j >= n or units[j][0] - units[j - 1][0] > 1:  # phrases never span punctuation
                break
            keys = units[j][1]
            if len(step) == 1:
                step = step[0].step(keys)
            else:
                nxt: dict[int, object] = {}
                for node in step:
                    for child in node.step(keys):
                        nxt[id(child)] = child
                step = tuple(nxt.values())
        if not candidates:
            continue
        if len(candidates) > 1:
            # Longest first; at one length the entry closer to the written words wins
            # ("no puedo hacer nada" over "no podemos hacer nada" for the text "no puedo…").
            candidates.sort(key=lambda c: (-c[0], -_closeness(c[2], units, w, c[0]), c[1]))
        for size, _order, entry in candidates:
            category = entry.category
            if taken_until.get(category, -1) >= w:
                continue
            first, last = units[w][0], units[w + size - 1][0]
            if w + size < n and units[w + size][0] == last:
                continue  # ends inside a contraction: "we can" is not in "we can't"
            if entry.isolated and not (
                (first == 0 or tokens[first - 1].text in PAUSE)
                and (last + 1 == len(tokens) or tokens[last + 1].text in PAUSE)
            ):
                continue
            if category in ("empathy", "emotion") and _negated(tokens, first, pack.negations):
                continue
            found.setdefault(category, []).append(Match(entry, first, last, tokens[first].start, tokens[last].end))
            taken_until[category] = w + size - 1
    return found


def classify_questions(text: str, tokens: tuple[Token, ...], sentences, pack: RulePack) -> tuple[Question, ...]:
    """Each question in a turn, and whether it is open (starts with a question word).

    A Spanish question runs from its ¿ to its ?, so "Perfecto, ¿me da su DNI?"
    is judged on "me da su DNI"; lead-ins such as "y", "so", "okay" are skipped.
    """
    out = []
    for s_start, s_end in sentences:
        if not text[s_start:s_end].rstrip(' "»)').endswith("?"):
            continue
        q_start = text.rfind("¿", s_start, s_end)
        if q_start < 0:  # "Our courier is SwiftRoute: what have you heard?" is judged after the colon
            q_start = max(text.rfind(":", s_start, s_end), text.rfind(";", s_start, s_end)) + 1 or s_start
            q_start = max(q_start, s_start)
        is_open = _opens_question([t.norm for t in tokens if q_start <= t.start < s_end and t.is_word], pack)
        comma = text.rfind(",", q_start, s_end)
        if not is_open and comma >= 0 and text.rfind("¿", s_start, s_end) < 0:
            # "Thanks for calling, this is Liam, how can I help?": English marks no question start,
            # so a last clause that opens with a question word is the question.
            tail = [t.norm for t in tokens if comma < t.start < s_end and t.is_word]
            if _opens_question(tail, pack):
                q_start, is_open = comma + 1 + len(text[comma + 1:s_end]) - len(text[comma + 1:s_end].lstrip()), True
        out.append(Question(q_start, s_end, is_open))
    return tuple(out)


def _opens_question(words: list[str], pack: RulePack) -> bool:
    """Whether the words, after lead-ins such as "y", "so", "okay", start with a question word."""
    i, skipped = 0, True
    while skipped and i < len(words):
        skipped = False
        for lead in pack.question_lead_ins:
            if tuple(words[i:i + len(lead)]) == lead:
                i += len(lead)
                skipped = True
                break
    head = tuple(words[i:])
    return any(head[:len(q)] == q for q in pack.question_words)


def _line_words(line: str) -> tuple[str, ...]:
    return tuple(t.norm for t in tokenize(line) if t.is_word)


def letter_body(text: str, pack: RulePack) -> tuple[int, int]:
    """Where the message of a letter-like turn (an email) starts and ends.

    A first line that is a short salutation ("Estimado Sr. Robles:", "Dear Ms
    Adeyemi,") and the lines from a closing ("Un saludo,", "Kind regards") to
    the end are ritual: repeating them in every email is not repetition, and
    empathy belongs after the salutation, not before it.
    """
    start, end = 0, len(text)
    if "\n" not in text.strip():
        return start, end
    lines, offset = [], 0
    for line in text.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    first = next(((o, l) for o, l in lines if l.strip()), None)
    if first is not None:
        words = _line_words(first[1])
        opens = any(words[:len(g)] == g for g in pack.letter_greetings)
        if words and len(words) <= 6 and (opens or first[1].rstrip().endswith((",", ":"))):
            start = first[0] + len(first[1]) + 1
    for o, line in reversed(lines[-6:]):
        words = _line_words(line)
        if o >= start and words and len(words) <= 6 and any(words[:len(c)] == c for c in pack.letter_closings):
            end = o
            break
    return (start, end) if start < end else (0, len(text))


def _turn_analysis(text: str, pack: RulePack):
    cache = pack.cache
    hit = cache.get(text)
    if hit is None:
        tokens = tokenize(text)
        sentences = sentence_spans(text)
        starts = [t.start for t in tokens if t.is_word]
        sentence_words = tuple(bisect_left(starts, e) - bisect_left(starts, s) for s, e in sentences)
        hit = (tokens, sentences, sentence_words, match_pack(tokens, pack),
               classify_questions(text, tokens, sentences, pack), letter_body(text, pack))
        if len(cache) > 4096:
            cache.clear()
        cache[text] = hit
    return hit


def build_doc(transcript: Transcript, pack: RulePack, speakers: str = "agent", ui: str | None = None) -> Doc:
    turns = []
    for i, turn in enumerate(transcript.turns):
        tokens, sentences, sentence_words, matches, questions, body = _turn_analysis(turn.text, pack)
        analysed = speakers == "all" or turn.role == "agent"
        turns.append(TurnDoc(i, turn.speaker, turn.role, turn.text, tokens, sentences, sentence_words,
                             matches, questions, analysed, body))
    return Doc(transcript, pack, turns, ui or transcript.language)


# ---------------------------------------------------------------- findings

def message_for(category: str, ui: str, why: dict | None = None, **params) -> str:
    if why:
        return why[ui]
    return category_messages()["categories"][category]["message"][ui].format(**params)


def default_severity(category: str) -> str:
    return category_messages()["categories"][category]["severity"]


def make_finding(doc: Doc, category: str, turn: TurnDoc, start: int, end: int, *,
                 message_key: str | None = None, suggestions: Iterable[str] = (), severity: str | None = None,
                 why: dict | None = None, rule: str = "", **params) -> Finding:
    text = turn.text[start:end]
    key = message_key or category
    return Finding(
        category=category, turn=turn.index, start=start, end=end, text=text,
        message=message_for(key, doc.ui, why, text=text, **params),
        suggestions=tuple(suggestions), severity=severity or default_severity(key), rule=rule or key,
    )


@dataclass
class Analysis:
    """What `workshop.analyze` returns: the findings and the metrics of one transcript."""

    transcript: Transcript
    findings: list[Finding]
    metrics: "Metrics"
    pack: str = ""
    ui: str = "es"
    extra: dict[str, Any] = field(default_factory=dict)

    def by_category(self) -> dict[str, int]:
        counts = dict.fromkeys(CATEGORIES, 0)
        for f in self.findings:
            counts[f.category] += 1
        return counts

    def findings_frame(self) -> "pd.DataFrame":
        import pandas as pd

        columns = [f.name for f in Finding.__dataclass_fields__.values()]
        return pd.DataFrame([asdict(f) for f in self.findings], columns=columns)

    def metrics_frame(self) -> "pd.DataFrame":
        return self.metrics.frame()

    def to_dict(self) -> dict[str, Any]:
        t = self.transcript
        return {
            "source": t.source,
            "title": t.title,
            "language": t.language,
            "words": t.words,
            "turns": [{"index": i, "speaker": x.speaker, "role": x.role, "text": x.text} for i, x in enumerate(t.turns)],
            "findings": [f.to_dict() for f in self.findings],
            "metrics": self.metrics.as_dict(),
            "notices": [n.message(self.ui) for n in t.notices],
        }


def analyze(source: Any, lang: str | None = None, *, ui: str | None = None, speakers: str = "agent",
            rules: Iterable[str] = (), long_sentence_words: int | None = None,
            words_per_minute: int | None = None, max_words: int | None = None) -> Analysis:
    """Findings and metrics for a transcript, a path or pasted text.

    `lang` overrides the detected language; `ui` is the language of the
    messages (default: the transcript's); `speakers="all"` analyses customer
    turns too; `rules` adds trainer packs to the defaults.
    """
    from .detectors import lexicon as detectors
    from ..loaders import DEFAULT_MAX_WORDS, load
    from .metrics import compute_metrics

    if isinstance(source, Transcript):
        transcript = source
        if lang and lang != transcript.language:
            from dataclasses import replace

            transcript = replace(transcript, language=lang)
    else:
        transcript = load(source, lang=lang, max_words=DEFAULT_MAX_WORDS if max_words is None else max_words)
    pack = get_pack(transcript.language, rules)
    if long_sentence_words or words_per_minute:
        pack = pack.with_settings(long_sentence_words=long_sentence_words, words_per_minute=words_per_minute)
    ui = ui_language(ui or transcript.language)
    doc = build_doc(transcript, pack, speakers, ui)
    findings: list[Finding] = []
    for detector in detectors.DETECTORS:
        findings.extend(detector(doc))
    findings.sort(key=lambda f: (f.turn, f.start, -f.end, CATEGORIES.index(f.category)))
    metrics = compute_metrics(doc, findings)
    return Analysis(transcript, findings, metrics, pack.name, ui)
