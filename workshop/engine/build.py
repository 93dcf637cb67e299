"""From a transcript to a `Doc`: tokens, sentences, matches, questions and letter body per turn.

Per-turn work is cached by text in the pack (`RulePack.cache`), so re-reading
a transcript after one edit only redoes the edited turn.
"""
from __future__ import annotations

from bisect import bisect_left

from ..model import Transcript
from ..words import Token, tokenize
from .doc import Doc, Question, TurnDoc
from .match import match_pack
from .rules import RulePack
from .text import sentence_spans


def classify_questions(text: str, tokens: tuple[Token, ...], sentences, pack: RulePack) -> tuple[Question, ...]:
    """Each question in a turn, and whether it is open (starts with a question word).

    A Spanish question runs from its ¿ to its ?, so "Perfecto, ¿me da su DNI?"
    is judged on "me da su DNI"; lead-ins such as "y", "so", "okay" are skipped.
    """
    out = []
    starts = None
    for s_start, s_end in sentences:
        if not text[s_start:s_end].rstrip(' "»)').endswith("?"):
            continue
        if starts is None:
            starts = [t.start for t in tokens]
        q_start = text.rfind("¿", s_start, s_end)
        if q_start < 0:  # "Our courier is SwiftRoute: what have you heard?" is judged after the colon
            q_start = max(text.rfind(":", s_start, s_end), text.rfind(";", s_start, s_end)) + 1 or s_start
            q_start = max(q_start, s_start)
        words = _words_between(tokens, starts, q_start, s_end)
        is_open = _opens_question(words, pack)
        comma = text.rfind(",", q_start, s_end)
        if not is_open and comma >= 0 and text.rfind("¿", s_start, s_end) < 0:
            # "Thanks for calling, this is Liam, how can I help?": English marks no question start,
            # so a last clause that opens with a question word is the question.
            tail = _words_between(tokens, starts, comma + 1, s_end)
            if _opens_question(tail, pack):
                q_start, is_open = comma + 1 + len(text[comma + 1:s_end]) - len(text[comma + 1:s_end].lstrip()), True
        out.append(Question(q_start, s_end, is_open, not is_open and _starts_with(words, pack.question_requests, pack)))
    return tuple(out)


def _words_between(tokens: tuple[Token, ...], starts: list[int], start: int, end: int) -> list[str]:
    """The words starting in [start, end): a bisect, not a scan of the turn's every token (profiled)."""
    return [t.norm for t in tokens[bisect_left(starts, start):bisect_left(starts, end)] if t.is_word]


def _opens_question(words: list[str], pack: RulePack) -> bool:
    """Whether the words, after lead-ins such as "y", "so", "okay", start with a question word
    (or a preposition and a question word: "¿para cuándo…?", "from which account…?")."""
    i = _skip_lead_ins(words, pack)
    if i < len(words) - 1 and words[i] in pack.question_prepositions:
        i += 1
    return _at(words, i, pack.question_words)


def _starts_with(words: list[str], phrases: tuple, pack: RulePack) -> bool:
    return _at(words, _skip_lead_ins(words, pack), phrases)


def _at(words: list[str], i: int, phrases: tuple) -> bool:
    if i >= len(words):
        return False
    by = _by_first_words(phrases)
    return any(tuple(words[i:i + len(q)]) == q
               for q in (*by.get(words[i], ()), *by.get((words[i], words[i + 1]) if i + 1 < len(words) else "", ())))


_FIRST_WORDS: dict[int, tuple[tuple, dict]] = {}


def _by_first_words(phrases: tuple[tuple[str, ...], ...]) -> dict:
    """One-word phrases by their word, longer ones by their first two: the request patterns expand
    to dozens of phrases starting "me …", and only the few sharing two words need comparing."""
    hit = _FIRST_WORDS.get(id(phrases))
    if hit is None or hit[0] is not phrases:
        by: dict = {}
        for phrase in phrases:
            if phrase:
                by.setdefault(phrase[0] if len(phrase) == 1 else phrase[:2], []).append(phrase)
        hit = _FIRST_WORDS[id(phrases)] = (phrases, {k: tuple(v) for k, v in by.items()})
    return hit[1]


def _skip_lead_ins(words: list[str], pack: RulePack) -> int:
    lead_ins = _by_first_word(pack.question_lead_ins)
    i, skipped = 0, True
    while skipped and i < len(words):
        skipped = False
        for lead in lead_ins.get(words[i], ()):
            if tuple(words[i:i + len(lead)]) == lead:
                i += len(lead)
                skipped = True
                break
    return i


_FIRST_WORD: dict[int, tuple[tuple, dict[str, tuple]]] = {}


def _by_first_word(phrases: tuple[tuple[str, ...], ...]) -> dict[str, tuple]:
    """Phrases grouped by their first word, longest first as the pack lists them: one look-up per
    word instead of comparing every question word and lead-in (a tenth of build_doc, profiled)."""
    hit = _FIRST_WORD.get(id(phrases))
    if hit is None or hit[0] is not phrases:
        by: dict[str, list] = {}
        for phrase in phrases:
            if phrase:
                by.setdefault(phrase[0], []).append(phrase)
        # Keyed by identity (hashing the phrases on every call would cost what it saves); the
        # phrases are kept with their grouping, so the id cannot be reused while it is held.
        hit = _FIRST_WORD[id(phrases)] = (phrases, {k: tuple(v) for k, v in by.items()})
    return hit[1]


def _line_words(tokens: tuple[Token, ...], starts: list[int], offset: int, line: str) -> tuple[str, ...]:
    """The words of the line at `offset`: the turn's own tokens there (a token never spans a line
    break, so these are the line's tokens; tokenizing each line again was a tenth of build_doc)."""
    lo = bisect_left(starts, offset)
    hi = bisect_left(starts, offset + len(line), lo)
    return tuple(t.norm for t in tokens[lo:hi] if t.is_word)


def letter_body(text: str, pack: RulePack, tokens: tuple[Token, ...] | None = None) -> tuple[int, int]:
    """Where the message of a letter-like turn (an email) starts and ends.

    A first line that is a short salutation ("Estimado Sr. Robles:", "Dear Ms
    Adeyemi,") and the lines from a closing ("Un saludo,", "Kind regards") to
    the end are ritual: repeating them in every email is not repetition, and
    empathy belongs after the salutation, not before it.
    """
    start, end = 0, len(text)
    if "\n" not in text.strip():
        return start, end
    if tokens is None:
        tokens = tokenize(text)
    starts = [t.start for t in tokens]
    lines, offset = [], 0
    for line in text.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    first = next(((o, l) for o, l in lines if l.strip()), None)
    if first is not None:
        words = _line_words(tokens, starts, first[0], first[1])
        opens = any(words[:len(g)] == g for g in pack.letter_greetings)
        if words and len(words) <= 6 and (opens or first[1].rstrip().endswith((",", ":"))):
            start = first[0] + len(first[1]) + 1
    for o, line in reversed(lines[-6:]):
        words = _line_words(tokens, starts, o, line)
        if o >= start and words and len(words) <= 6 and any(words[:len(c)] == c for c in pack.letter_closings):
            end = o
            break
    return (start, end) if start < end else (0, len(text))


def _turn_analysis(text: str, pack: RulePack, analysed: bool = True):
    cache = pack.cache
    key = text if analysed else ("cues", text)
    hit = cache.get(key)
    if hit is None:
        tokens = tokenize(text)
        sentences = sentence_spans(text)
        starts = [t.start for t in tokens if t.is_word]
        sentence_words = tuple(bisect_left(starts, e) - bisect_left(starts, s) for s, e in sentences)
        hit = (tokens, sentences, sentence_words, match_pack(tokens, pack, cues_only=not analysed),
               classify_questions(text, tokens, sentences, pack), letter_body(text, pack, tokens))
        if len(cache) > 4096:
            cache.clear()
        cache[key] = hit
    return hit


def build_doc(transcript: Transcript, pack: RulePack, speakers: str = "agent") -> Doc:
    turns = []
    for i, turn in enumerate(transcript.turns):
        analysed = speakers == "all" or turn.role == "agent"
        tokens, sentences, sentence_words, matches, questions, body = _turn_analysis(turn.text, pack, analysed)
        turns.append(TurnDoc(i, turn.speaker, turn.role, turn.text, tokens, sentences, sentence_words,
                             matches, questions, analysed, body))
    return Doc(transcript, pack, turns)
