"""Editing a rewrite: applying a finding's fix and diffing a turn word by word.

Pure text functions, so the app, the reports and the notebooks share them and
they are tested without widgets.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .engine.doc import Finding
from .i18n import WorkshopError

# Categories whose fix is to delete the words when the rule pack offers nothing better.
DELETABLE = frozenset({"filler"})

_SENTENCE_START = re.compile(r"(?:^|[.!?…¿¡]\s*|\n\s*)$")
# Words, runs of whitespace, and single punctuation marks: the units a reader sees change.
_DIFF_UNITS = re.compile(r"\w+(?:[’'-]\w+)*|\s+|[^\w\s]", re.UNICODE)


# A suggestion with a gap for the agent's own words ("lo que sí puedo hacer es …", "by + a date").
_GAP = re.compile(r"…|\.\.\.|(?:^|\s)\+\s")


def is_pattern(suggestion: str) -> bool:
    """True for a model with a gap: pasted as is it would say nothing, or change the meaning."""
    return bool(_GAP.search(suggestion))


def fixes(finding: Finding) -> tuple[str, ...]:
    """The one-click replacements for a finding: its suggestions without gaps, or deletion for a filler."""
    ready = tuple(s for s in finding.suggestions if not is_pattern(s))
    if ready:
        return ready
    return ("",) if finding.category in DELETABLE and not finding.suggestions else ()


def patterns(finding: Finding) -> tuple[str, ...]:
    """The suggestions with a gap, shown as a model for the agent to complete, never applied blindly."""
    return tuple(s for s in finding.suggestions if is_pattern(s))


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
    head = before.rstrip(" \t")
    if after.startswith("?") and head.endswith("¿"):
        # A whole tag question went ("…horas, ¿vale? Y…"): its marks go with it.
        head = head[:-1].rstrip(" \t,;")
        end = "" if not head or head[-1] in ".!?…:\n" else "."
        return head + end + after[1:]
    at_start = bool(_SENTENCE_START.search(before))
    # "Sí, este, le explico" -> "Sí, le explico": drop the separator after the span.
    after = re.sub(r"^[ \t]*[,;]?[ \t]*", "", after, count=1) if (before.rstrip().endswith((",", ";")) or at_start) \
        else after
    if at_start:
        after = re.sub(r"^[,;:]\s*", "", after)
        if capital or not before.strip():
            after = after[:1].upper() + after[1:]
    # A tag question removed whole: "llega mañana, ¿verdad?" -> "llega mañana." (no empty "¿?", "()" or "¡!").
    for opening, closing in (("¿", "?"), ("¡", "!"), ("(", ")")):
        if before.rstrip(" \t").endswith(opening) and after.lstrip(" \t").startswith(closing):
            before, after = before.rstrip(" \t")[:-1].rstrip(" \t"), after.lstrip(" \t")[1:]
            if before.endswith((",", ";")):
                before = before[:-1]
            if opening != "(" and after.lstrip(" \t")[:1] not in (".", "?", "!", "…") and before[-1:] not in ".?!…":
                after = "." + (after if after[:1] in ("", "\n", " ", "\t") else " " + after)
            return before + after
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


# What one diff (or one page of diffs) may cost, in steps of difflib's inner loop (~0.3 s here; a 500-word turn
# rewritten throughout takes ~700 000). SequenceMatcher is close to cubic on repetitive
# input (19 000 characters of punctuation took 71 s): past this budget the diff falls back
# to lines, then to one changed block, which are coarser but still exact.
DIFF_BUDGET = 1_500_000


class _OverBudget(Exception):
    pass


class DiffBudget:
    """Work several diffs share, so a page of them (Compare, a revision) is bounded as a whole.

    Once it is spent, the remaining changes are shown as whole blocks, still exact.
    """

    def __init__(self, steps: int = DIFF_BUDGET):
        self.steps = steps

    def charge(self, steps: int, keep: int = 0) -> None:
        """Take `steps` before doing them; refuse (and take nothing) if fewer than `keep` would be left."""
        if self.steps - steps < keep:
            raise _OverBudget
        self.steps -= steps


class _BoundedMatcher(difflib.SequenceMatcher):
    """A SequenceMatcher that gives up, instead of hanging, once its work passes the budget."""

    def __init__(self, a: list[str], b: list[str], budget: DiffBudget, keep: int = 0):
        self.budget, self.keep = budget, keep
        super().__init__(None, a, b, autojunk=False)  # autojunk would unmatch common words and spaces

    def find_longest_match(self, alo=0, ahi=None, blo=0, bhi=None):
        ahi = len(self.a) if ahi is None else ahi
        # Its loop visits, for each a[i] in range, every position of that unit in b: charge that first.
        b2j, steps = self.b2j, ahi - alo
        for unit in self.a[alo:ahi]:
            steps += len(b2j.get(unit, ()))
        self.budget.charge(steps, self.keep)
        return super().find_longest_match(alo, ahi, blo, bhi)


def _opcodes(a: list[str], b: list[str], budget: DiffBudget, keep: int = 0) -> list[tuple] | None:
    """difflib's opcodes for a and b, or None when they would leave less than `keep` of the budget."""
    try:
        return _BoundedMatcher(a, b, budget, keep).get_opcodes()
    except _OverBudget:
        return None


def word_diff(before: str, after: str, budget: DiffBudget | None = None) -> list[DiffPart]:
    """Word-level diff of two texts, with difflib's SequenceMatcher over words and punctuation.

    Bounded in time: past the common start and end, a middle too costly to diff by word
    is diffed by line, or shown as one deletion and one insertion. `budget`: one shared
    by the diffs of a page; by default each diff has its own.
    """
    budget = DiffBudget() if budget is None else budget
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

    def add_opcodes(x: list[str], y: list[str], opcodes) -> None:
        for tag, i1, i2, j1, j2 in opcodes:
            if tag == "equal":
                add("equal", x[i1:i2])
            else:
                add("delete", x[i1:i2])
                add("insert", y[j1:j2])

    # The common start and end first: cheap, and most edits are local.
    shortest, head, tail = min(len(a), len(b)), 0, 0
    while head < shortest and a[head] == b[head]:
        head += 1
    while tail < shortest - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    add("equal", a[:head])
    a_mid, b_mid = a[head:len(a) - tail], b[head:len(b) - tail]
    opcodes = _opcodes(a_mid, b_mid, budget, keep=budget.steps // 10)  # a tenth kept for the line diff
    if opcodes is not None:
        add_opcodes(a_mid, b_mid, opcodes)
    else:
        a_lines = "".join(a_mid).splitlines(keepends=True)
        b_lines = "".join(b_mid).splitlines(keepends=True)
        whole = [("replace", 0, len(a_lines), 0, len(b_lines))]
        add_opcodes(a_lines, b_lines, _opcodes(a_lines, b_lines, budget) or whole)
    add("equal", a[len(a) - tail:])
    return parts


def remove_fillers(text: str, findings: list[Finding]) -> str:
    """`text` with every filler finding deleted, tidied as one deletion each.

    Applied from the end backwards so earlier offsets stay valid; findings that
    overlap one already removed, or no longer match the text, are skipped.
    """
    fillers = sorted((f for f in findings if f.category in DELETABLE), key=lambda f: f.start, reverse=True)
    limit = len(text) + 1
    for f in fillers:
        if f.end > limit or text[f.start:f.end] != f.text:
            continue
        text = apply_fix(text, f, "")
        limit = f.start
    return text


# Between two changes, an unchanged run this short ("de", ", ", " ") is read as part of the phrase.
_GLUE = re.compile(r"\W*(?:\w{1,3}\W*)?", re.UNICODE)


def group_phrases(parts: list[DiffPart]) -> list[DiffPart]:
    """A word diff regrouped so each changed phrase reads as one deletion then one insertion.

    difflib matches every shared space and short word, so "Pues, eh, le cuento" ->
    "Le cuento" comes out interleaved word by word; here a short unchanged run
    between two changes joins both sides of the change instead.
    """
    out: list[DiffPart] = []
    pending_del: list[str] = []
    pending_ins: list[str] = []

    def flush() -> None:
        if pending_del:
            out.append(DiffPart("delete", "".join(pending_del)))
        if pending_ins:
            out.append(DiffPart("insert", "".join(pending_ins)))
        pending_del.clear()
        pending_ins.clear()

    for k, part in enumerate(parts):
        if part.op == "delete":
            pending_del.append(part.text)
        elif part.op == "insert":
            pending_ins.append(part.text)
        else:
            between = (pending_del or pending_ins) and k + 1 < len(parts)
            if between and _GLUE.fullmatch(part.text):
                pending_del.append(part.text)
                pending_ins.append(part.text)
                continue
            flush()
            out.append(part)
    flush()
    return out
