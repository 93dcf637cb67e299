"""Before-and-after numbers: length, time, readability, diversity and the findings.

Plain data classes, so `pandas.DataFrame([asdict(x)])` is all a table needs.
`compute_metrics` reads the same `Doc` the detectors read; the formulas are in
`workshop.engine.readability`, the before/after table in `workshop.engine.compare`.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from itertools import repeat
from typing import TYPE_CHECKING, Any

from .doc import Doc, Finding, TurnDoc, categories_of
from .readability import FLESCH, INFLESZ, band, fernandez_huerta, flesch_reading_ease, szigriszt_pazos
from .text import syllables

if TYPE_CHECKING:
    import pandas as pd


def mattr(words: list[str], window: int = 50) -> float | None:
    """Moving-average type-token ratio (Covington & McFall 2010), robust to text length.

    The mean type/token ratio over every window of `window` words; texts
    shorter than the window use plain type/token ratio.
    """
    n = len(words)
    if n == 0:
        return None
    if n <= window:
        return len(set(words)) / n
    # Sum of distinct words over all windows, in one pass: the word at i adds one
    # to every window that holds i but not its previous occurrence p, that is
    # min(i - p, window) windows, fewer for the last window - 1 words (they are
    # windows: none starts after the last one). Same value as sliding a Counter
    # over the text; a running count, never a window recounted.
    windows = n - window + 1
    top = windows - 1  # the last window's start
    last: dict[str, int] = {}
    get = last.get
    total = 0
    for i, word in enumerate(words[:windows]):
        a = i - get(word, -1)
        last[word] = i
        total += a if a < window else window
    for i in range(windows, n):
        word = words[i]
        a = i - get(word, -1)
        last[word] = i
        a = (a if a < window else window) - (i - top)
        if a > 0:
            total += a
    return total / windows / window


# ---------------------------------------------------------------- tables

@dataclass
class TextStats:
    """Length, time and readability of one scope: all speakers, the agent, or the customer."""

    scope: str
    words: int = 0
    turns: int = 0
    sentences: int = 0
    mean_sentence_words: float = 0.0
    longest_sentence_words: int = 0
    longest_turn_words: int = 0
    speaking_seconds: float = 0.0
    syllables: int = 0
    syllables_per_word: float = 0.0
    readability: float | None = None
    #: the band of `readability` on its language's scale, a code ("inflesz_normal"; catalog readability_band_*)
    readability_band: str = ""
    fernandez_huerta: float | None = None
    szigriszt_pazos: float | None = None
    flesch_reading_ease: float | None = None
    lexical_diversity: float | None = None


@dataclass
class Metrics:
    """The numbers of one transcript; `as_dict` flattens them into one comparable row."""

    language: str
    all: TextStats
    agent: TextStats
    customer: TextStats
    counts: dict[str, int] = field(default_factory=dict)
    findings: int = 0
    findings_per_100_agent_words: float = 0.0
    questions: int = 0
    open_questions: int = 0
    open_question_share: float | None = None
    empathy_statements: int = 0
    agent_talk_share: float | None = None
    #: measures from the source's times (`Timing`); None, never 0, when it has none
    timing: "Timing" = field(default_factory=lambda: Timing())

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"language": self.language}
        for key, value in asdict(self.all).items():
            if key != "scope":
                out[key] = value
        for scope in (self.agent, self.customer):
            for key, value in asdict(scope).items():
                if key != "scope":
                    out[f"{scope.scope}_{key}"] = value
        out.update(self.counts)
        for key in ("findings", "findings_per_100_agent_words", "questions", "open_questions",
                    "open_question_share", "empathy_statements", "agent_talk_share"):
            out[key] = getattr(self, key)
        out.update(asdict(self.timing))
        return out

    def frame(self) -> "pd.DataFrame":
        import pandas as pd

        return pd.DataFrame([asdict(s) for s in (self.all, self.agent, self.customer)]).set_index("scope")


@dataclass
class Timing:
    """What the clock says, when the source has one: speech-to-text and subtitles ("speech": every
    turn has a start and an end) or a timed chat ("chat": every message has a time). Each field is
    None when the transcript's times cannot give it (no times, a rewritten turn, a chat for speaking time)."""

    #: first start to last end (speech) or first to last message (chat)
    duration_seconds: float | None = None
    agent_real_speaking_seconds: float | None = None
    customer_real_speaking_seconds: float | None = None
    #: gaps between turns of at least the pack's silence_threshold_seconds: total and count (hold time)
    silence_seconds: float | None = None
    silences: int | None = None
    #: the agent starting to talk while the customer still is
    agent_overlap_seconds: float | None = None
    agent_overlaps: int | None = None
    agent_words_per_minute: float | None = None
    #: chat: from the customer's last message to the agent's answer, mean and longest
    agent_response_seconds: float | None = None
    agent_max_response_seconds: float | None = None


def compute_timing(transcript, agent_words: dict[int, int], threshold: float) -> Timing:
    """One pass over the turns; `agent_words` is the word count of each agent turn by index."""
    turns = transcript.turns
    timing = Timing()
    if not turns or any(t.start is None for t in turns):
        return timing
    kind = transcript.metadata.get("timing")
    if kind != "chat" and all(t.end is not None for t in turns):
        return _speech_timing(turns, agent_words, threshold)
    if kind == "chat":
        ends = [t.end if t.end is not None else t.start for t in turns]
        timing.duration_seconds = round(max(ends) - min(t.start for t in turns), 1)
        waits = [t.start - ends[i - 1] for i, t in enumerate(turns)
                 if i and t.role == "agent" and turns[i - 1].role == "customer"]
        if waits:
            waits = [max(0.0, w) for w in waits]
            timing.agent_response_seconds = round(sum(waits) / len(waits), 1)
            timing.agent_max_response_seconds = round(max(waits), 1)
    return timing


def _speech_timing(turns, agent_words: dict[int, int], threshold: float) -> Timing:
    timing = Timing()
    spoken = {"agent": 0.0, "customer": 0.0}
    silence, silences, overlap, overlaps = 0.0, 0, 0.0, 0
    reach = None  # the latest end so far
    customer_end = None  # the end of the latest customer turn
    for t in turns:
        length = max(0.0, t.end - t.start)
        if t.role in spoken:
            spoken[t.role] += length
        if reach is not None and t.start - reach >= threshold:
            silence += t.start - reach
            silences += 1
        if t.role == "agent" and customer_end is not None and t.start < customer_end:
            overlap += min(t.end, customer_end) - t.start
            overlaps += 1
        if t.role == "customer":
            customer_end = t.end if customer_end is None else max(customer_end, t.end)
        reach = t.end if reach is None else max(reach, t.end)
    timing.duration_seconds = round(reach - min(t.start for t in turns), 1)
    timing.agent_real_speaking_seconds = round(spoken["agent"], 1)
    timing.customer_real_speaking_seconds = round(spoken["customer"], 1)
    timing.silence_seconds, timing.silences = round(silence, 1), silences
    timing.agent_overlap_seconds, timing.agent_overlaps = round(overlap, 1), overlaps
    words = sum(agent_words.values())
    if spoken["agent"] > 0:
        timing.agent_words_per_minute = round(words / spoken["agent"] * 60, 1)
    return timing


def _turn_counts(turn: TurnDoc, pack) -> tuple[list[str], int, list[int]]:
    """A turn's words (matching form), syllables and non-empty sentence lengths, computed once
    for every scope it belongs to and cached by text with the rest of the turn's work (`RulePack.cache`),
    so a live edit recomputes only the edited turn."""
    cache = pack.cache
    key = ("metrics", turn.text)
    hit = cache.get(key)
    if hit is None:
        words = [t for t in turn.tokens if t.is_word]
        norms = [t.norm for t in words]
        total = sum(map(syllables, [t.text for t in words], repeat(pack.language, len(words))))  # C-level loop
        hit = (norms, total, [n for n in turn.sentence_words if n])
        cache[key] = hit
    return hit


def _stats(scope: str, turns: list[TurnDoc], counts: dict[int, tuple[list[str], int, list[int]]], lang: str,
           wpm: int, window: int) -> TextStats:
    stats = TextStats(scope)
    words: list[str] = []
    lengths: list[int] = []
    for turn in turns:
        turn_words, turn_syllables, turn_lengths = counts[turn.index]
        words += turn_words
        stats.syllables += turn_syllables
        if len(turn_words) > stats.longest_turn_words:
            stats.longest_turn_words = len(turn_words)
        lengths += turn_lengths
    stats.turns = len(turns)
    stats.words = len(words)
    stats.sentences = len(lengths)
    if not words:
        return stats
    stats.mean_sentence_words = round(stats.words / stats.sentences, 2)
    stats.longest_sentence_words = max(lengths)
    stats.speaking_seconds = round(stats.words / wpm * 60, 1)
    stats.syllables_per_word = round(stats.syllables / stats.words, 3)
    w, s, y = stats.words, stats.sentences, stats.syllables
    if lang == "es":
        stats.fernandez_huerta = round(fernandez_huerta(w, s, y), 1)
        stats.szigriszt_pazos = round(szigriszt_pazos(w, s, y), 1)
        stats.readability, stats.readability_band = stats.szigriszt_pazos, band(stats.szigriszt_pazos, INFLESZ)
    else:
        stats.flesch_reading_ease = round(flesch_reading_ease(w, s, y), 1)
        stats.readability = stats.flesch_reading_ease
        stats.readability_band = band(stats.readability, FLESCH)
    div = mattr(words, window)
    stats.lexical_diversity = None if div is None else round(div, 3)
    return stats


def _customer_stats(doc: Doc, per_turn: dict, lang: str, wpm: int, window: int) -> TextStats:
    """The customer's numbers, cached by their turns: editing the agent's lines never changes them,
    and their MATTR was a tenth of re-analysing after a keystroke (profiled)."""
    turns = [t for t in doc.turns if t.role == "customer"]
    key = ("customer-stats", wpm, window, *(t.text for t in turns))
    hit = doc.pack.cache.get(key)
    if hit is None:
        hit = doc.pack.cache[key] = _stats("customer", turns, per_turn, lang, wpm, window)
    return replace(hit)  # a copy: a caller may change its own Metrics


def compute_metrics(doc: Doc, findings: list[Finding]) -> Metrics:
    lang, settings = doc.pack.language, doc.pack.settings
    wpm, window = settings["words_per_minute"], settings["mattr_window"]
    agent_turns = [t for t in doc.turns if t.role == "agent"]
    per_turn = {t.index: _turn_counts(t, doc.pack) for t in doc.turns}
    metrics = Metrics(
        language=lang,
        all=_stats("all", doc.turns, per_turn, lang, wpm, window),
        agent=_stats("agent", agent_turns, per_turn, lang, wpm, window),
        customer=_customer_stats(doc, per_turn, lang, wpm, window),
    )
    counts = dict.fromkeys(categories_of(doc.pack), 0)
    for f in findings:
        counts[f.category] += 1
    metrics.counts = counts
    metrics.findings = len(findings)
    if metrics.agent.words:
        metrics.findings_per_100_agent_words = round(100 * len(findings) / metrics.agent.words, 2)
    questions = [q for t in agent_turns for q in t.questions]
    metrics.questions = len(questions)
    metrics.open_questions = sum(q.open for q in questions)
    if questions:
        metrics.open_question_share = round(metrics.open_questions / len(questions), 3)
    metrics.empathy_statements = sum(len(t.matches.get("empathy", ())) for t in agent_turns)
    if metrics.all.words:
        metrics.agent_talk_share = round(metrics.agent.words / metrics.all.words, 3)
    metrics.timing = compute_timing(doc.transcript, {t.index: len(per_turn[t.index][0]) for t in agent_turns},
                                    settings.get("silence_threshold_seconds", 5))
    return metrics


# ---------------------------------------------------------------- compare

# (metric, direction: -1 lower is better, +1 higher is better, 0 neither); the names people read are
# the catalog's metric_* entries (i18n.metric_label)
COMPARED: tuple[tuple[str, int], ...] = (
    ("words", -1),
    ("agent_words", -1),
    ("agent_sentences", 0),
    ("agent_mean_sentence_words", -1),
    ("agent_longest_sentence_words", -1),
    ("speaking_seconds", -1),
    ("agent_speaking_seconds", -1),
    ("agent_readability", 1),
    ("agent_syllables_per_word", -1),
    ("agent_lexical_diversity", 1),
    ("filler", -1),
    ("repetition", -1),
    ("redundancy", -1),
    ("wordy", -1),
    ("long-sentence", -1),
    ("complex-word", -1),
    ("formal", -1),
    ("negative", -1),
    ("closed-question", -1),
    ("missing-empathy", -1),
    ("findings", -1),
    ("findings_per_100_agent_words", -1),
    ("questions", 0),
    ("open_question_share", 1),
    ("empathy_statements", 1),
    ("agent_talk_share", -1),
    ("agent_longest_turn_words", -1),
)
# Measures from the source's clock, in Compare only when a side has them: the original's real
# time beside the rewrite's estimate from words (agent_speaking_seconds).
TIMED: tuple[tuple[str, int], ...] = (
    ("duration_seconds", -1),
    ("agent_real_speaking_seconds", -1),
    ("customer_real_speaking_seconds", 0),
    ("silence_seconds", -1),
    ("silences", -1),
    ("agent_overlap_seconds", -1),
    ("agent_overlaps", -1),
    ("agent_words_per_minute", 0),
    ("agent_response_seconds", -1),
    ("agent_max_response_seconds", -1),
)
