"""Missing-empathy detector: the customer voices an emotion and the agent's next turn ignores it."""
from __future__ import annotations

import re
from typing import Iterator

from ...words import tokenize
from ..doc import Doc, Finding, make_finding
from ..register import adapt, register_of

# "what do I do??", "¡¡ya!!": doubled marks are how a chat or email shouts; urgency whatever the words.
_SHOUTED = re.compile(r"\?\?|!!|¡¡|¿¿")
# Which cue the finding names when the customer voiced several: the most serious. The packs file
# health, medical equipment and emergencies under urgency; money, children, the elderly and fear
# under worry; repeated contact ("twice", "es la tercera vez") under frustration.
_SERIOUSNESS = {"urgency": 5, "worry": 4, "anger": 3, "sadness": 2, "frustration": 1}
_SHOUT_SERIOUSNESS = 3  # doubled marks alone: below what the words say about health or money


def missing_empathy(doc: Doc) -> Iterator[Finding]:
    """The customer voices anger, worry, frustration or urgency and the agent's next turn ignores it.

    Until a customer feels heard they do not listen to the solution; the
    finding spans the agent's first sentence, where the acknowledgement belongs.
    """
    pending: list[tuple[int, str, str]] = []  # (seriousness, emotion, the customer's words)
    for turn in doc.turns:
        if turn.role == "customer":
            for m in turn.matches.get("emotion", ()):
                emotion = m.entry.emotion or "frustration"
                pending.append((_SERIOUSNESS.get(emotion, 0), emotion, turn.text[m.start:m.end]))
            shout = _SHOUTED.search(turn.text)
            if shout:
                start = max((s for s, _ in turn.sentences if s <= shout.start()), default=0)
                pending.append((_SHOUT_SERIOUSNESS, "urgency", turn.text[start:shout.end()]))
            continue
        if turn.role != "agent":
            continue
        if pending and turn.analysed and not turn.matches.get("empathy") and turn.sentences:
            _, emotion, cue = max(pending, key=lambda p: p[0])  # the most serious; the first of equals
            # The first sentence of the message proper: after an email's salutation line.
            start, end = next(((s, e) for s, e in turn.sentences if s >= turn.body[0]), turn.sentences[0])
            first = _without_acknowledgement(turn.text[start:end], doc)
            register = register_of(doc, turn)  # "Entiendo tu enojo" to an agent who says "vos"/"tú"
            openers = [adapt(o, register, doc.pack) for o in doc.pack.empathy_openers.get(emotion, [])[:3]]
            yield make_finding(
                doc, "missing-empathy", turn, start, end,
                suggestions=_with_openers(openers[:3], first, doc.pack),
                emotion=emotion, cue=cue,
            )
        pending = []


def _without_acknowledgement(sentence: str, doc: Doc) -> str:
    """The first sentence without a bare opening "Vale." / "Right, …": the empathy opener takes its place.

    Left in after the opener, the acknowledgement would become a crutch in the middle of the reply.
    """
    words = sentence.split(None, 1)
    if not words:
        return sentence
    head = words[0].rstrip(".,;:!").lower()
    if head not in _opening_acknowledgements(doc.pack):
        return sentence
    rest = words[1] if len(words) > 1 else ""
    return rest[:1].upper() + rest[1:] if rest and not rest.startswith("¿") else rest


def _opening_acknowledgements(pack) -> frozenset:
    # a tuple key: the pack's cache also holds turn analyses keyed by the turn's text
    hit = pack.cache.get(("opening-acknowledgements",))
    if hit is None:
        hit = pack.cache[("opening-acknowledgements",)] = frozenset(
            e.phrase.lower() for e in pack.entries.get("filler", ()) if e.context and e.context.get("not_opening"))
    return hit


def _with_openers(openers: list[str], sentence: str, pack) -> list[str]:
    """The first sentence with each empathy opener where a person would say it: after a greeting.

    "Hola, fijate que…" becomes "Hola, entiendo tu enojo. Fijate que…", not "Entiendo tu enojo. Hola,
    fijate que…"; a sentence that is only the greeting ("Hi Maria.") keeps it first.
    """
    greeting, rest = _greeting(sentence, pack)
    if not greeting:
        return [f"{o} {sentence}".rstrip() for o in openers]
    if sum(t.is_word for t in tokenize(rest)) <= 2 and not rest.rstrip().endswith(("?", ",")):
        return [f"{sentence.rstrip()} {o}" for o in openers]  # "Buenos días, Marta." / "Hi Maria!": alone
    rest = rest[:1].upper() + rest[1:]
    out = []
    for o in openers:
        first_word = o.split(None, 1)[0] if o.strip() else ""
        if first_word != "I" and not first_word.startswith(("I'", "I’")):
            o = o[:1].lower() + o[1:]
        out.append(f"{greeting} {o} {rest}".rstrip())
    return out


def _greeting(sentence: str, pack) -> tuple[str, str]:
    """(greeting, rest) when the sentence opens with one of the pack's greetings and a comma closes it
    within five words ("Hola, Marta, …", "Good morning Mr Khan, …"); else ("", sentence)."""
    tokens = tokenize(sentence)
    words = tuple(t.norm for t in tokens[:8] if t.is_word)
    if not any(words[:len(g)] == g for g in pack.letter_greetings):
        return "", sentence
    cut, seen = None, 0
    for t in tokens:
        if t.is_word:
            seen += 1
            if seen > 5:
                break
        elif t.text == ",":
            cut = t.end
        elif t.text in (".", "!", "?", ";", ":"):
            break
    if cut is not None:
        return sentence[:cut], sentence[cut:].lstrip()
    if sum(t.is_word for t in tokens) <= 3:
        return sentence, ""  # "Hello!", "Buenas tardes.": the greeting is the whole sentence
    # Speech-to-text without commas, "hola buenas tardes le paso…": the greetings said in a row, then a comma
    word_tokens = [t for t in tokens if t.is_word]
    i = 0
    while True:
        g = next((g for g in pack.letter_greetings if tuple(t.norm for t in word_tokens[i:i + len(g)]) == g), None)
        if g is None:
            break
        i += len(g)
    end = word_tokens[i - 1].end
    return sentence[:end] + ",", sentence[end:].lstrip()
