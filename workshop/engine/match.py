"""Rule-pack phrases found in a turn's tokens: every entry of every category in one pass.

Each word carries its match keys (written form, stem, lemma, person, number:
`workshop.engine.text.match_keys`); each compiled entry asks for some of them,
so one dict look-up per key decides a step.
"""
from __future__ import annotations

from ..words import Token
from .doc import Match
from .rules import Entry, RulePack
from .text import NUMBER, PAUSE, SENTENCE_END, match_keys


_CLAUSE_BREAK = PAUSE - {'"', "«", "»"}  # a quoted word stays in its clause: «no "me preocupa"»


def _negated(tokens: tuple[Token, ...], first: int, negations: frozenset) -> bool:
    """A negation among the three words before a match ("no estoy preocupado", "I don't understand")."""
    seen = 0
    for tok in reversed(tokens[max(0, first - 6):first]):
        if tok.text in _CLAUSE_BREAK:  # "no vino: lo siento" apologises; the "no" was the clause before
            return False
        if tok.is_word:
            if tok.norm in negations or tok.norm.endswith("n't"):
                return True
            seen += 1
            if seen == 3:
                return False
    return False


def _in_context(tokens: tuple[Token, ...], first: int, last: int, context: dict, pack: RulePack,
                taken: int, units: list, w: int) -> bool:
    """An isolated filler without pauses still counts where its context says it is a crutch.

    Speech-to-text rarely writes commas: "ok este déjeme ver", "sir actually there is".
    Left: a pause, a discourse marker (`filler_markers`), a filler just before, a word
    in `after`, or `anywhere`; never after a `not_after` word. Right: never before a
    `not_before` word; with `before`, only before one of those words or a verb said to the customer.
    """
    if not context.keys() - {"not_opening", "not_restating"}:
        return False  # only "not at a turn's opening": still needs its pauses ("Right now" is no filler)
    prev = tokens[first - 1] if first > 0 else None
    nxt = tokens[last + 1] if last + 1 < len(tokens) else None
    prev_word = prev.norm if prev is not None and prev.is_word else None
    next_word = nxt.norm if nxt is not None and nxt.is_word else None
    if prev_word is not None and prev_word in context.get("not_after", ()):
        return False
    if next_word is not None and next_word in context.get("not_before", ()):
        return False
    if prev_word is None and "after" in context and not context.get("anywhere"):
        return False  # "Actually you are right": at a sentence start it means "in fact"; a crutch only after `after`
    if prev_word is not None and not (context.get("anywhere") or prev_word in pack.filler_markers
                                      or prev_word in context.get("after", ()) or taken == w - 1):
        return False
    before = context.get("before")
    if before is not None and next_word is not None and next_word not in before:
        keys = match_keys(nxt.text.lower(), pack.language)[0]
        if not any(k.endswith("|A") for k in keys):  # "este déjeme", "este tiene": a verb, not "este pedido"
            return False
    return True


def _neighbours_allow(units: list, w: int, size: int, neighbours: dict) -> bool:
    """The words next to a match (same clause) are as the entry's `after`/`before`/`not_after`/`not_before` ask.

    A neighbour word is compared by its written form and its lemma ("merged" is "merge"), and
    "#" stands for a number. No word there (a pause, the turn's edge) fails `after`/`before`.
    """
    def said(i: int, toward: int) -> set:  # unit i's forms, if no punctuation parts it from unit `toward`
        if not (0 <= i < len(units)) or abs(units[i][0] - units[toward][0]) > 1:
            return set()
        keys = units[i][1]
        return {k[1:].split("|", 1)[0] for k in keys if k[0] in "=@"} | (keys & {NUMBER})

    before, after = said(w - 1, w), said(w + size, w + size - 1)
    if "after" in neighbours and neighbours["after"].isdisjoint(before):
        return False
    if "before" in neighbours and neighbours["before"].isdisjoint(after):
        return False
    return neighbours.get("not_after", frozenset()).isdisjoint(before) and \
        neighbours.get("not_before", frozenset()).isdisjoint(after)


def _whole_question(tokens: tuple[Token, ...], first: int, last: int) -> bool:
    """The words are a question of their own: a sentence start before (an opening "¿" too), "?" right after.

    A tag after a clause ("…en la factura, ¿vale?") is not one: said every sentence, it is the crutch."""
    at = first - 1 if first > 0 and tokens[first - 1].text == "¿" else first
    return ((at == 0 or tokens[at - 1].text in SENTENCE_END)
            and last + 1 < len(tokens) and tokens[last + 1].text == "?")


def match_units(tokens: tuple[Token, ...], lang: str) -> list[tuple[int, frozenset]]:
    """The words rules are matched against: (token index, match keys), a contraction giving several."""
    return [(i, keys) for i, tok in enumerate(tokens) if tok.is_word for keys in match_keys(tok.text, lang)]


_EXACT: dict[frozenset, frozenset] = {}  # a word test's written-form keys, by test (a pack's tests are few)


def _closeness(entry: Entry, units: list, w: int, size: int) -> int:
    """How many of the matched words an entry asks for by their written form.

    Memoized by entry and the words' key sets (one cached object per word, text.match_keys):
    scanning an entry's variants took ~50 µs, and the same words meet the same entries again."""
    memo_key = (id(entry), *(keys for _, keys in units[w:w + size]))
    hit = _CLOSENESS.get(memo_key)
    if hit is None:
        if len(_CLOSENESS) > 20000:
            _CLOSENESS.clear()
        # The entry is kept with its score, so its id is never reused while the memo holds it.
        hit = _CLOSENESS[memo_key] = (entry, _scan_closeness(entry, units, w, size))
    return hit[1]


_CLOSENESS: dict[tuple, tuple[Entry, int]] = {}


def _scan_closeness(entry: Entry, units: list, w: int, size: int) -> int:
    best = 0
    for variant in entry.variants:
        if len(variant) != size:
            continue
        score = 0
        for test, (_, keys) in zip(variant, units[w:w + size]):
            if test.isdisjoint(keys):
                break
            exact = _EXACT.get(test)
            if exact is None:
                exact = _EXACT[test] = frozenset(key for key in test if key[0] == "=")
            score += not exact.isdisjoint(keys)
        else:
            best = max(best, score)
    return best


def match_pack(tokens: tuple[Token, ...], pack: RulePack, cues_only: bool = False) -> dict[str, list[Match]]:
    """Every pack phrase in the tokens, longest first, no overlaps within a category.

    One pass: from each word, walk the pack's match graph (RulePack.index)
    with the keys of the following words (written form, stem, lemma, number,
    any word), keeping every step still alive; a phrase never spans punctuation.
    `cues_only`: the customer's emotion cues alone (RulePack.cue_index).
    """
    units = match_units(tokens, pack.language)
    root = pack.cue_index if cues_only else pack.index
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
            # Closeness only breaks ties in length, and scanning an entry's variants is slow
            # (profiled: 68 µs a call), so it is computed only for lengths shared by several candidates.
            sizes = [c[0] for c in candidates]
            tied = {size for size in sizes if sizes.count(size) > 1}
            candidates.sort(key=lambda c: (-c[0], -_closeness(c[2], units, w, c[0]) if c[0] in tied else 0, c[1]))
        for size, _order, entry in candidates:
            category = entry.category
            if taken_until.get(category, -1) >= w:
                continue
            first, last = units[w][0], units[w + size - 1][0]
            if w + size < n and units[w + size][0] == last:
                continue  # ends inside a contraction: "we can" is not in "we can't"
            if (entry.context is not None and entry.context.get("not_opening")
                    and not any(t.is_word for t in tokens[:first])):
                continue  # "Vale, dígame…", "Well, …": a turn's first word acknowledges, it is not a crutch
            if (entry.context is not None and entry.context.get("not_restating") and first > 0
                    and tokens[first - 1].text in SENTENCE_END and any(t.is_word for t in tokens[:first])):
                continue  # "…y tenés un año de antigüedad. O sea, te sale gratis.": after a sentence it sums up
            if entry.neighbours is not None and not _neighbours_allow(units, w, size, entry.neighbours):
                continue  # "cuanto más mejor" is an idiom, "a nivel de 300 metros" a real level
            if entry.isolated and _whole_question(tokens, first, last):
                continue  # "So?", "¿Bueno?": the word is the whole question, not a crutch in one
            if entry.isolated and not (
                (first == 0 or tokens[first - 1].text in PAUSE)
                and (last + 1 == len(tokens) or tokens[last + 1].text in PAUSE)
            ) and not (entry.context is not None
                       and _in_context(tokens, first, last, entry.context, pack, taken_until.get(category, -1), units, w)):
                continue
            if category in ("empathy", "emotion") and _negated(tokens, first, pack.negations):
                continue
            found.setdefault(category, []).append(Match(entry, first, last, tokens[first].start, tokens[last].end))
            taken_until[category] = w + size - 1
    return found
