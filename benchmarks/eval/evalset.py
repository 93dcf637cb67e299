"""Shared reading and validation of the evaluation set (used by check.py, evaluate.py and the tests).

Kept independent of the tool's rule packs and detectors: only the file format
and the annotation guidelines of README.md are checked here.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
TRANSCRIPTS = HERE / "transcripts"

CATEGORIES = (
    "filler", "repetition", "redundancy", "wordy", "long-sentence", "complex-word",
    "formal", "negative", "closed-question", "missing-empathy",
)
LANGUAGES = ("es", "en")
VARIETIES = {
    "es": ("es-MX", "es-AR", "es-CO", "es-ES", "es-US"),
    "en": ("en-US", "en-GB", "en-IN", "en-PH"),
}
CHANNELS = ("phone", "chat", "email")
AGENT_LABELS = {"agente", "asesor", "asesora", "agent", "advisor"}
CUSTOMER_LABELS = {"cliente", "clienta", "customer", "caller"}
MAX_WORDS = 500
MIN_WORDS, MAX_WORDS_SET = 80, 350
MIN_TURNS, MAX_TURNS = 4, 14
LONG_SENTENCE_WORDS = 25

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_SENTENCE = re.compile(r"[^.?!…\n]+(?:[.?!…]+|\n|$)")


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: split after . ? ! … and at line breaks (our own, simple rule)."""
    out = []
    for m in _SENTENCE.finditer(text):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def is_agent(speaker: str) -> bool:
    return speaker.strip().lower() in AGENT_LABELS


def find_span(text: str, quote: str, occurrence: int = 1) -> tuple[int, int] | None:
    """Offsets of the `occurrence`-th appearance of `quote` in `text` as a whole-word match.

    Case and accents must be exact. Where the quote begins (ends) with a letter or
    digit, the match must not be preceded (followed) by one, so "este" is never
    found inside "oeste" nor "pues" inside "respuesta".
    """
    if not quote or occurrence < 1:
        return None
    pattern = re.escape(quote)
    if re.match(r"\w", quote):
        pattern = r"(?<!\w)" + pattern
    if re.search(r"\w$", quote):
        pattern = pattern + r"(?!\w)"
    for i, m in enumerate(re.finditer(pattern, text), start=1):
        if i == occurrence:
            return m.span()
    return None


def validate(path: Path) -> tuple[dict | None, list[str], list[str]]:
    """(data, errors, warnings) for one transcript file."""
    errors: list[str] = []
    warnings: list[str] = []
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, [f"not valid JSON: {exc}"], []
    if not isinstance(data, dict):
        return None, ["top level must be an object"], []
    stem = Path(path).stem
    if data.get("id") != stem:
        errors.append(f"id {data.get('id')!r} differs from the file name {stem!r}")
    for key in ("title", "language", "variety", "channel"):
        if not isinstance(data.get(key), str) or not data.get(key):
            errors.append(f"missing or empty {key!r}")
    lang = data.get("language")
    if lang not in LANGUAGES:
        errors.append(f"language {lang!r} not in {LANGUAGES}")
    elif data.get("variety") not in VARIETIES[lang]:
        errors.append(f"variety {data.get('variety')!r} not one of {VARIETIES[lang]}")
    if data.get("channel") not in CHANNELS:
        errors.append(f"channel {data.get('channel')!r} not in {CHANNELS}")
    if not isinstance(data.get("control"), bool):
        errors.append("'control' must be true or false")
    turns = data.get("turns")
    if not isinstance(turns, list) or not turns:
        return data, errors + ["'turns' must be a non-empty list"], warnings
    total = 0
    for i, t in enumerate(turns):
        if not isinstance(t, dict) or not isinstance(t.get("speaker"), str) or not isinstance(t.get("text"), str):
            errors.append(f"turn {i}: needs string 'speaker' and 'text'")
            continue
        label = t["speaker"].strip().lower()
        if label not in AGENT_LABELS | CUSTOMER_LABELS:
            errors.append(f"turn {i}: speaker {t['speaker']!r} is not a known agent or customer label")
        if not t["text"].strip():
            errors.append(f"turn {i}: empty text (the loader drops it and shifts the turn numbers)")
        elif t["text"] != t["text"].strip():
            errors.append(f"turn {i}: leading or trailing whitespace (the loader strips it and shifts offsets)")
        total += count_words(t["text"])
    if errors:
        return data, errors, warnings
    if total > MAX_WORDS:
        errors.append(f"{total} words: over the tool's limit of {MAX_WORDS}")
    elif not MIN_WORDS <= total <= MAX_WORDS_SET:
        warnings.append(f"{total} words: outside the set's {MIN_WORDS}-{MAX_WORDS_SET}")
    if not MIN_TURNS <= len(turns) <= MAX_TURNS:
        warnings.append(f"{len(turns)} turns: outside {MIN_TURNS}-{MAX_TURNS}")
    anns = data.get("annotations", [])
    if not isinstance(anns, list):
        return data, errors + ["'annotations' must be a list"], warnings
    seen = set()
    long_done = set()
    for j, a in enumerate(anns):
        where = f"annotation {j}"
        if not isinstance(a, dict):
            errors.append(f"{where}: must be an object")
            continue
        ti, quote, cat = a.get("turn"), a.get("quote"), a.get("category")
        occ = a.get("occurrence", 1)
        if cat not in CATEGORIES:
            errors.append(f"{where}: category {cat!r} is not one of {', '.join(CATEGORIES)}")
        if not isinstance(ti, int) or isinstance(ti, bool) or not 0 <= ti < len(turns):
            errors.append(f"{where}: turn {ti!r} out of range")
            continue
        if not is_agent(turns[ti]["speaker"]):
            errors.append(f"{where}: turn {ti} is spoken by {turns[ti]['speaker']!r}, not the agent")
        if not isinstance(quote, str) or not isinstance(occ, int) or isinstance(occ, bool):
            errors.append(f"{where}: 'quote' must be a string and 'occurrence' an integer")
            continue
        span = find_span(turns[ti]["text"], quote, occ)
        if span is None:
            errors.append(f"{where}: {quote!r} (occurrence {occ}) not found in turn {ti}")
            continue
        key = (ti, span, cat)
        if key in seen:
            errors.append(f"{where}: duplicate of an earlier annotation")
        seen.add(key)
        if cat == "long-sentence":
            n = count_words(quote)
            if n <= LONG_SENTENCE_WORDS:
                errors.append(f"{where}: long-sentence quote has {n} words (needs over {LONG_SENTENCE_WORDS})")
            long_done.add((ti, span))
    if data.get("control") and anns:
        warnings.append(f"control with {len(anns)} annotation(s)")
    for ti, t in enumerate(turns):
        if not is_agent(t["speaker"]):
            continue
        for s, e in sentences(t["text"]):
            n = count_words(t["text"][s:e])
            if n > LONG_SENTENCE_WORDS and not any(lt == ti and ls < e and s < le for lt, (ls, le) in long_done):
                warnings.append(f"turn {ti}: agent sentence of {n} words not annotated as long-sentence: "
                                f"{t['text'][s:s + 60]!r}…")
    return data, errors, warnings


def files(folder: Path = TRANSCRIPTS) -> list[Path]:
    return sorted(Path(folder).glob("*.json"))
