"""Editing a rewrite: applying a finding's fix and diffing a turn word by word.

Pure text functions, so the app, the reports and the notebooks share them and
they are tested without widgets.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .analysis import Finding
from .i18n import WorkshopError

# Categories whose fix is to delete the words when the rule pack offers nothing better.
DELETABLE = frozenset({"filler"})

_SENTENCE_START = re.compile(r"(?:^|[.!?…¿¡]\s*|\n\s*)$")
# Words, runs of whitespace, and single punctuation marks: the units a reader sees change.
_DIFF_UNITS = re.compile(r"\w+(?:[’'-]\w+)*|\s+|[^\w\s]", re.UNICODE)


def fixes(finding: Finding) -> tuple[str, ...]:
    """The replacements offered for a finding: its suggestions, or deletion for a filler."""
    if finding.suggestions:
        return finding.suggestions
    return ("",) if finding.category in DELETABLE else ()


def _match_case(original: str, replacement: str) -> str:
    if replacement and original[:1].isupper() and not replacement[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def apply_fix(text: str, finding: Finding, replacement: str) -> str:
    """`text` with the finding's span replaced, keeping punctuation and capitals tidy.

    Raises WorkshopError("stale_fix") when the text changed since it was
    analysed: replacing blindly would corrupt what the user typed.
    """
    start, end = finding.start, finding.end
    if text[start:end] != finding.text:
        raise WorkshopError("stale_fix", text=finding.text)
    before, after = text[:start], text[end:]
    if replacement:
        return before + _match_case(finding.text, replacement) + after
    return _delete(before, after, capital=finding.text[:1].isupper())


def _delete(before: str, after: str, capital: bool) -> str:
    """Join the text around a deleted span without stray commas or double spaces."""
    at_start = bool(_SENTENCE_START.search(before))
    # "Sí, este, le explico" -> "Sí, le explico": drop the separator after the span.
    after = re.sub(r"^[ \t]*[,;]?[ \t]*", "", after, count=1) if (before.rstrip().endswith((",", ";")) or at_start) \
        else after
    if at_start:
        after = re.sub(r"^[,;:]\s*", "", after)
        if capital or not before.strip():
            after = after[:1].upper() + after[1:]
    # "Le explico, eh, que" -> "Le explico que"; "Hola eh." -> "Hola."
    if after[:1] in {"", ".", ",", "?", "!", "…", ";", ":", "\n"} or after[:1] in ")]»":
        before = before.rstrip(" \t")
        if after[:1] in {",", ";"} and before.endswith((",", ";")):
            after = after[1:]
        elif before.endswith((",", ";")) and after[:1] in {".", "?", "!", "…", ""}:
            before = before[:-1]
    elif before.endswith((" ", "\t")) and after[:1] in {" ", "\t"}:
        after = after.lstrip(" \t")
    elif not before.endswith((" ", "\t", "\n", "¿", "¡", "(", "«")) and before and after[:1].isalnum():
        before += " "
    return before + after


@dataclass(frozen=True)
class DiffPart:
    """One piece of a word diff: `op` is "equal", "delete" or "insert"."""

    op: str
    text: str


def word_diff(before: str, after: str) -> list[DiffPart]:
    """Word-level diff of two texts, with difflib's SequenceMatcher over words and punctuation."""
    a, b = _DIFF_UNITS.findall(before), _DIFF_UNITS.findall(after)
    parts: list[DiffPart] = []

    def add(op: str, units: list[str]) -> None:
        text = "".join(units)
        if not text:
            return
        if parts and parts[-1].op == op:
            parts[-1] = DiffPart(op, parts[-1].text + text)
        else:
            parts.append(DiffPart(op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("equal", a[i1:i2])
        else:
            add("delete", a[i1:i2])
            add("insert", b[j1:j2])
    return parts
