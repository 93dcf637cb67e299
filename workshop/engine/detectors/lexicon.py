"""The checks. Each is a small function from a `Doc` to findings, named after what it catches.

Phrase lists and thresholds come from the rule pack (data/rules/); these
functions only decide where a phrase counts and what to say about it.
"""
from __future__ import annotations

from typing import Callable, Iterator

from nltk.util import ngrams

from ..doc import Doc, Finding, Match, TurnDoc, make_finding
from ..rules import category_messages
from ..text import stem

Detector = Callable[[Doc], Iterator[Finding]]
DETECTORS: list[Detector] = []


def detector(fn: Detector) -> Detector:
    DETECTORS.append(fn)
    return fn


def _lexicon(doc: Doc, category: str) -> Iterator[Finding]:
    for turn in doc.turns:
        if not turn.analysed:
            continue
        for m in turn.matches.get(category, ()):
            e = m.entry
            yield make_finding(doc, category, turn, m.start, m.end, suggestions=e.suggest,
                               severity=e.severity, why=e.why, rule=f"{category}: {e.phrase}")


@detector
def fillers(doc: Doc) -> Iterator[Finding]:
    """Spoken fillers and crutch words (muletillas: "o sea", "eh", "you know").

    Heard aloud they make an agent sound unsure and stretch the call; words
    that are fillers only between pauses ("este", "like") count only there.
    """
    return _lexicon(doc, "filler")


@detector
def redundancies(doc: Doc) -> Iterator[Finding]:
    """Pleonasms and doubled meanings ("subir arriba", "free gift").

    The customer hears twice the words for one idea; dropping the extra word
    loses nothing.
    """
    return _lexicon(doc, "redundancy")


@detector
def wordy_phrases(doc: Doc) -> Iterator[Finding]:
    """Phrases with a shorter equivalent ("a nivel de" → "en", "due to the fact that" → "because").

    Every extra word is time the customer spends waiting for the point.
    """
    return _lexicon(doc, "wordy")


@detector
def complex_words(doc: Doc) -> Iterator[Finding]:
    """Long or officialese words with a plain alternative ("efectuar" → "hacer", "utilize" → "use").

    Plain words are understood at first hearing, which matters on the phone.
    """
    return _lexicon(doc, "complex-word")


@detector
def formal_phrases(doc: Doc) -> Iterator[Finding]:
    """Robotic, scripted boilerplate ("le informo que", "please be advised that").

    Script language tells the customer they are talking to a process, not a person.
    """
    return _lexicon(doc, "formal")


@detector
def negative_phrases(doc: Doc) -> Iterator[Finding]:
    """Blaming the customer, flat refusals and negative framing ("usted debió", "there's nothing I can do").

    Customers remember what was refused more than what was offered; saying
    what can be done keeps the conversation moving.
    """
    return _lexicon(doc, "negative")


@detector
def long_sentences(doc: Doc) -> Iterator[Finding]:
    """Sentences longer than the pack's `long_sentence_words` (25 by default).

    A listener, unlike a reader, cannot go back: long sentences lose them.
    """
    limit = doc.pack.settings["long_sentence_words"]
    for turn in doc.turns:
        if not turn.analysed:
            continue
        for (start, end), words in zip(turn.sentences, turn.sentence_words):
            if words > limit:
                yield make_finding(doc, "long-sentence", turn, start, end, words=words, limit=limit)


@detector
def repetitions(doc: Doc) -> Iterator[Finding]:
    """A speaker repeating a phrase of two or more content words, or a word stammered twice in a row.

    Repeating "número de cliente" three times makes the call longer and sounds
    mechanical; a doubled word ("el el") is a slip to smooth out when rewriting.
    """
    pack = doc.pack
    seen_by_speaker: dict[str, set] = {}
    for turn in doc.turns:
        if not turn.analysed:
            continue
        seen = seen_by_speaker.setdefault(turn.speaker, set())
        yield from _stammers(doc, turn)
        start, end = turn.body
        for content in _clauses(turn, pack.stopwords):
            content = [t for t in content if start <= t.start and t.end <= end]  # not the salutation or signature
            if not content:
                continue
            keys = [stem(t.text, pack.language) for t in content]
            repeated = [False] * len(content)
            grams = list(ngrams(keys, 2))
            for i, gram in enumerate(grams):
                if gram in seen and gram not in pack.repetition_ignore:
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
                yield make_finding(doc, "repetition", turn, content[i].start, content[j].end)
                i = j + 1


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
    tokens = turn.tokens
    prev = None
    for i, tok in enumerate(tokens):
        if not tok.is_word:
            if tok.text not in {",", "...", "…", "-", "—"}:
                prev = None
            continue
        if prev is not None and tok.norm == prev.norm and tok.norm not in doc.pack.stammer_allowed:
            yield make_finding(doc, "repetition", turn, prev.start, tok.end, message_key="stammer",
                               suggestions=(prev.text,),
                               rule="stammer")
        prev = tok


@detector
def closed_questions(doc: Doc) -> Iterator[Finding]:
    """Yes/no questions from the agent, above all several in a row.

    A string of closed questions feels like an interrogation and needs many
    turns; one open question ("¿Qué ve en el router?") gets the same facts at once.
    """
    run: list[tuple[TurnDoc, object]] = []
    threshold = doc.pack.settings["closed_question_run"]

    def flush():
        severity_key = "closed-question-run" if len(run) >= threshold else "closed-question"
        for turn, q in run:
            yield make_finding(doc, "closed-question", turn, q.start, q.end, message_key=severity_key, count=len(run))
        run.clear()

    for turn in doc.turns:
        if turn.role != "agent" or not turn.analysed:
            continue
        if not turn.questions:
            yield from flush()
            continue
        fillers = turn.matches.get("filler", ())
        for q in turn.questions:
            if _only_filler(turn, q, fillers):
                continue  # "¿vale?", "right?": a tag, reported as a filler
            if q.open:
                yield from flush()
            else:
                run.append((turn, q))
    yield from flush()


def _only_filler(turn: TurnDoc, q, fillers) -> bool:
    words = [t for t in turn.tokens if t.is_word and q.start <= t.start < q.end]
    return bool(words) and all(any(m.start <= w.start and w.end <= m.end for m in fillers) for w in words)


@detector
def missing_empathy(doc: Doc) -> Iterator[Finding]:
    """The customer voices anger, worry, frustration or urgency and the agent's next turn ignores it.

    Until a customer feels heard they do not listen to the solution; the
    finding spans the agent's first sentence, where the acknowledgement belongs.
    """
    pending: list[tuple[TurnDoc, Match]] = []
    emotions = category_messages()["emotions"]
    for turn in doc.turns:
        if turn.role == "customer":
            pending.extend((turn, m) for m in turn.matches.get("emotion", ()))
            continue
        if turn.role != "agent":
            continue
        if pending and turn.analysed and not turn.matches.get("empathy") and turn.sentences:
            cue_turn, cue = pending[0]
            emotion = cue.entry.emotion or "frustration"
            # The first sentence of the message proper: after an email's salutation line.
            start, end = next(((s, e) for s, e in turn.sentences if s >= turn.body[0]), turn.sentences[0])
            first = turn.text[start:end]
            openers = doc.pack.empathy_openers.get(emotion, [])
            yield make_finding(
                doc, "missing-empathy", turn, start, end,
                suggestions=[f"{o} {first}" for o in openers[:3]],
                emotion=emotions[emotion][doc.ui], cue=cue_turn.text[cue.start:cue.end],
            )
        pending = []
