"""Repetition detectors: a phrase of content words said again by the same speaker, and stammered words."""
from __future__ import annotations

from bisect import bisect_left
from itertools import pairwise
from typing import Iterator

from ..doc import Doc, Finding, TurnDoc, make_finding
from ..text import stem


def repetitions(doc: Doc) -> Iterator[Finding]:
    """A speaker repeating a phrase of two or more content words, or a word stammered twice in a row.

    Repeating "número de cliente" three times makes the call longer and sounds
    mechanical; a doubled word ("el el") is a slip to smooth out when rewriting.
    A phrase the other party used too, or said again after the other party has
    answered a question or said more than a short "un momento", is normal
    reference back and is left alone.
    """
    pack = doc.pack
    seen_by_speaker: dict[str, set] = {}
    # Phrases the other party said: the conversation's own words. Stemmed only when a repeat needs
    # checking (repeats are rare; stemming every customer turn was a fifth of an analysis, profiled).
    others: list[TurnDoc] = []
    shared: set = set()

    def is_shared(gram) -> bool:
        while others:
            for _content, _keys, grams in _turn_grams(others.pop(), pack, False):
                shared.update(grams)
        return gram in shared

    yield from _opening_tics(doc)
    asked = False  # the speaker's last turn asked something: any answer starts a new exchange
    for turn in doc.turns:
        if not turn.analysed:
            others.append(turn)
            if turn.word_count > _SHORT_REPLY or asked:
                seen_by_speaker.clear()  # a new exchange: saying it again now answers the customer
            continue
        asked = bool(turn.questions)
        seen = seen_by_speaker.setdefault(turn.speaker, set())
        yield from _stammers(doc, turn)
        spans: list[tuple[int, int]] = []
        for content, keys, grams in _turn_grams(turn, pack, True):
            if seen.isdisjoint(grams) and len(set(grams)) == len(grams):
                seen.update(grams)
                continue  # nothing said before: most clauses, decided at C speed
            repeated = [False] * len(content)
            first: dict = {}  # where each pair first came in this clause: unpunctuated speech is one long clause
            for i, gram in enumerate(grams):
                again = gram in seen or i - first.setdefault(gram, i) >= 2  # "support team and the support team"
                if again and gram not in pack.repetition_ignore and not is_shared(gram):
                    repeated[i] = repeated[i + 1] = True
            seen.update(grams)
            i = 0
            while i < len(content):
                if not repeated[i]:
                    i += 1
                    continue
                j = i
                while j + 1 < len(content) and repeated[j + 1]:
                    j += 1
                spans.append((content[i].start, content[j].end))
                i = j + 1
        for start, end in _merged(spans + _echoes(turn, pack)):
            yield make_finding(doc, "repetition", turn, start, end)


_SHORT_REPLY = 3  # words: "un momento", "okay, go ahead" do not start a new exchange


def _turn_grams(turn: TurnDoc, pack, in_body: bool) -> tuple[tuple[list, list, list], ...]:
    """Each clause's content words, their stems and stem bigrams, cached by text with the rest of
    the turn's work (`RulePack.cache`): a live edit stems and counts only the edited turn (this was
    a third of re-analysing after one keystroke, profiled). `in_body`: the letter's salutation and
    signature left out."""
    key = ("repetition", in_body, turn.text)
    hit = pack.cache.get(key)
    if hit is None:
        start, end = turn.body if in_body else (0, len(turn.text))
        out = []
        for content in _clauses(turn, pack.stopwords):
            content = [t for t in content if start <= t.start and t.end <= end]
            if content:
                keys = [stem(t.text, pack.language) for t in content]
                # The pairs nltk.util.ngrams(keys, 2) gives, from the standard library's pairwise, which
                # is the same thing in C (ngrams is a Python generator: a tenth of this detector, profiled).
                out.append((content, keys, list(pairwise(keys))))
        hit = pack.cache[key] = tuple(out)
    return hit


def _clauses(turn: TurnDoc, stopwords: frozenset) -> Iterator[list]:
    """Content words of each clause: a phrase never runs across punctuation."""
    clause: list = []
    for t in turn.tokens:
        if not t.is_word:
            if clause:
                yield clause
            clause = []
        elif t.norm not in stopwords and len(t.norm) > 1 and not t.norm.isdigit():
            clause.append(t)
    if clause:
        yield clause


def _stammers(doc: Doc, turn: TurnDoc) -> Iterator[Finding]:
    for start, end, first in _stammer_spans(turn, doc.pack):
        yield make_finding(doc, "repetition", turn, start, end, message_key="stammer",
                           suggestions=(first,), id="repetition.stammer")


def _stammer_spans(turn: TurnDoc, pack) -> list[tuple[int, int, str]]:
    """(start, end, the word) of each word said twice in a row, cached by the turn's text (RulePack.cache)."""
    key = ("stammers", turn.text)
    hit = pack.cache.get(key)
    if hit is not None:
        return hit
    out = []
    prev = None
    for tok in turn.tokens:
        if not tok.is_word:
            if tok.text not in {",", "...", "…", "-", "—"}:
                prev = None
            continue
        if prev is not None and tok.norm == prev.norm and tok.norm not in pack.stammer_allowed:
            out.append((prev.start, tok.end, prev.text))
        prev = tok
    pack.cache[key] = out
    return out


_ECHO_WORDS = 3  # a phrase this long said again in the same sentence: "in your area … in your area"


def _echoes(turn: TurnDoc, pack) -> list[tuple[int, int]]:
    """A phrase of three words or more said twice in one sentence, function words included.

    Speech-to-text runs a sentence on without commas, and a phrase with one content word
    ("el código que", "in your area", "le digo que le digo que") escapes the content-word pairs
    above; inside one sentence the second time is never reference back, it is the agent
    restarting. Apart, the phrase needs a content word ("lo que, lo que pasa" is speech); said
    twice in a row, any three words are a stammer ("what I can do is what I can do is").
    Cached by text with the turn's other work, and linear in the sentence's words (a dict of
    the three-word phrases met), so a 500-word sentence without a stop costs no more than its words.
    """
    key = ("echoes", turn.text)
    hit = pack.cache.get(key)
    if hit is not None:
        return hit
    start, end = turn.body
    if (start, end) == (0, 0):
        start, end = 0, len(turn.text)
    out: list[tuple[int, int]] = []
    words = [t for t in turn.tokens if t.is_word and start <= t.start and t.end <= end]
    norms = [t.norm for t in words]
    grams = list(zip(norms, norms[1:], norms[2:]))
    if len(set(grams)) == len(grams):  # no three words twice in the turn: most turns, decided at C speed
        pack.cache[key] = out
        return out
    starts = [t.start for t in words]
    for s_start, s_end in turn.sentences:
        sentence = words[bisect_left(starts, s_start):bisect_left(starts, s_end)]
        norms = [t.norm for t in sentence]
        grams = list(zip(norms, norms[1:], norms[2:]))
        if len(set(grams)) == len(grams):
            continue
        first: dict[tuple, int] = {}
        n = len(norms)
        j = 0
        while j + _ECHO_WORDS <= n:
            i = first.setdefault(grams[j], j)
            if i + _ECHO_WORDS > j:  # the first time, or overlapping it ("no no no no")
                j += 1
                continue
            size = _ECHO_WORDS
            while j + size < n and i + size < j and norms[i + size] == norms[j + size]:
                size += 1  # the longest phrase said again
            phrase = norms[j:j + size]
            stems = [stem(t.text, pack.language) for t in sentence[j:j + size]]
            adjacent = i + size == j  # "what I can do is what I can do is": a stammer, whatever its words
            if (adjacent or any(w not in pack.stopwords and len(w) > 1 and not w.isdigit() for w in phrase)) \
                    and pack.repetition_ignore.isdisjoint(zip(stems, stems[1:])):
                out.append((sentence[j].start, sentence[j + size - 1].end))
            j += size
    pack.cache[key] = out
    return out


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans as one, in text order: one finding for one repeated stretch."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


_OPENING_RUN = 3  # the same acknowledgement opening this many of the agent's turns in a row is a tic


def _opening_tics(doc: Doc) -> Iterator[Finding]:
    """"Okay, …" / "Vale, …" opening turn after turn: every repeat after the first in a run of three or more.

    One "Vale" acknowledges; the third in a row is a tic the customer hears. The pack's
    `opening_crutches` lists them; variants of one item ("ok", "okay", "okey") are one word.
    """
    groups = doc.pack.opening_crutches
    if not groups:
        return
    cache = doc.pack.cache
    runs: list[list] = []
    current = None
    for turn in doc.turns:
        if turn.role != "agent" or not turn.analysed:
            continue
        key = ("opening", turn.text)  # cached by text with the rest of the turn's work
        opening = cache.get(key, False)
        if opening is False:
            opening = cache[key] = _opening(turn, groups)
        if opening is None:
            current = None
            continue
        if opening[0] != current:
            runs.append([])
            current = opening[0]
        runs[-1].append((turn, opening[1], opening[2]))
    for run in runs:
        if len(run) >= _OPENING_RUN:
            for turn, start, end in run[1:]:
                yield make_finding(doc, "repetition", turn, start, end, message_key="repetition-opening",
                                   id="repetition.opening", count=len(run))


def _opening(turn: TurnDoc, groups) -> tuple[int, int, int] | None:
    """(group, start, end) of the acknowledgement that opens the turn, followed by a pause or the end."""
    words = []
    for i, tok in enumerate(turn.tokens[:6]):
        if not tok.is_word:
            break
        words.append((i, tok))
    if not words:
        return None
    norms = tuple(t.norm for _, t in words)
    for g, phrases in enumerate(groups):
        for phrase in phrases:
            n = len(phrase)
            if norms[:n] == phrase:
                nxt = turn.tokens[words[n - 1][0] + 1] if words[n - 1][0] + 1 < len(turn.tokens) else None
                if nxt is None or not nxt.is_word:
                    return g, words[0][1].start, words[n - 1][1].end
    return None
