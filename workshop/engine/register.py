"""The agent's register in Spanish (usted, tú or vos), and suggestions put into it.

An agent who says "tenés", "fijate" or "te paso el link" should not be offered
"Entiendo, es mucha molestia para usted" or "si le surge algo". The register is
read from the agent's own turns: the pack's `register_markers` (pronouns, common
verb forms) plus the shape of second-person verbs the lemma keys already tell
apart ("tienes" tú, "tenés" vos, "fíjese" usted). Suggestions and empathy openers
are written in usted in the packs and put into tú or vos by the pack's
`register_forms` (pronouns, clitics and the few verb forms suggestions use),
so the adaptation is data, not code. English has no register: nothing changes.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .text import match_keys

REGISTERS = ("usted", "tú", "vos")
_ACCENTS = frozenset("áéíóú")
# One enclitic pronoun at the end of an imperative ("fíjese", "dígame", "fijate", "decime").
_IMPERATIVE_CLITICS = ("me", "te", "se", "nos", "le", "lo", "la")


def _word_register(low: str, markers: dict) -> str | None:
    """The register one word of the agent's gives away, or None: "tú", "vos", "usted", or "te" (tú or vos)."""
    hit = markers.get(low)
    return hit if hit is not None else _shape_register(low)


@lru_cache(maxsize=65536)
def _shape_register(low: str) -> str | None:
    """What the shape of a second-person verb says (memoized: each word is read once, not per turn)."""
    if len(low) < 4 or not low.isalpha():
        return None
    if low.endswith("s") and not low.endswith("mos"):
        # A finite verb said to the addressee ending in -s is tú ("tienes", "necesitas") or, with the
        # stress written on its last vowel, vos ("tenés", "podés", "decís"). "-ás" is both ("estás").
        if low[-2] == "á":
            return None
        if not any(k.endswith("|A") for k in match_keys(low, "es")[0]):
            return None
        return "vos" if low[-2] in "éí" else "tú"
    for clitic in _IMPERATIVE_CLITICS:
        base = low[: -len(clitic)]
        if not low.endswith(clitic) or len(base) < 3 or base[-1] not in "aei":
            continue
        keys = match_keys(low, "es")[0]
        lemma = next((k[1:-2] for k in keys if k.endswith("|A")), None)
        if lemma is None:
            return None
        if clitic == "te":
            return "te"
        if clitic == "se":
            return "usted"  # "fíjese", "siéntese": tú says "fíjate", vos "fijate"
        if base[-1] == "i":
            return "vos"  # "decime", "permitime": the vos imperative of -ir verbs
        if _ACCENTS.isdisjoint(low):
            return None  # "contame" (vos) or "cuentame" (tú without its accent): say nothing
        # The stress is written: "indíqueme"/"permítame" (usted) against "indícame"/"permíteme" (tú).
        first = lemma.endswith("ar")
        return ("usted" if base[-1] == "e" else "tú") if first else ("usted" if base[-1] == "a" else "tú")
    return None


_SEEN: dict[int, tuple[dict, dict]] = {}  # by the pack's markers (kept, so the id is not reused)


def _turn_counts(turn, pack) -> tuple[int, int, int, int]:
    """(usted, tú, vos, te) evidence in one turn, cached by its text with the rest of the turn's work."""
    key = ("register", turn.text)
    hit = pack.cache.get(key)
    if hit is None:
        counts = {"usted": 0, "tú": 0, "vos": 0, "te": 0, "": 0}
        markers = pack.register_markers
        seen = _SEEN.get(id(markers))
        if seen is None or seen[0] is not markers:
            seen = _SEEN[id(markers)] = (markers, {})
        words = seen[1]  # written word -> its register or "": one look-up per word once met
        for tok in turn.tokens:
            if tok.is_word:
                found = words.get(tok.text)
                if found is None:
                    if len(words) > 50000:
                        words.clear()
                    low = tok.text.lower()
                    found = words[tok.text] = markers.get(low) or _shape_register(low) or ""
                counts[found] += 1
        hit = pack.cache[key] = (counts["usted"], counts["tú"], counts["vos"], counts["te"])
    return hit


def _decide(usted: int, tu: int, vos: int, te: int) -> str | None:
    """usted, tú or vos from the evidence; None when it is even (usted wins ties only at the end)."""
    informal = tu + vos + te
    if informal == usted:
        return None
    if informal < usted:
        return "usted"
    return "vos" if vos > tu else "tú"


def register_of(doc, turn=None) -> str:
    """The register of the agent's turns: "usted" unless tú or vos forms outnumber usted ones.

    With a turn, that turn's own evidence decides when it leans one way ("Estimada clienta: …
    le comunicamos…" in a chat otherwise in tú); an even turn takes the transcript's register.
    """
    if doc.pack.language != "es" or not doc.pack.register_forms:
        return "usted"
    if turn is not None:
        own = _decide(*_turn_counts(turn, doc.pack))
        if own is not None:
            return own
    cached = getattr(doc, "_register", None)
    if cached is not None:
        return cached
    usted = tu = vos = te = 0
    for t in doc.turns:
        if t.role == "agent":
            u, a, v, c = _turn_counts(t, doc.pack)
            usted, tu, vos, te = usted + u, tu + a, vos + v, te + c
    found = _decide(usted, tu, vos, te) or "usted"
    doc._register = found
    return found


_WORD = re.compile(r"\w+", re.UNICODE)


def _enclitic(low: str) -> str | None:
    """An infinitive or gerund with the usted "le" ("ayudarle", "explicándole"): the same with "te"."""
    if low.endswith(("arle", "erle", "irle", "ándole", "iéndole")) and len(low) > 5:
        return low[:-2] + "te"
    return None


def adapt(text: str, register: str, pack) -> str:
    """A suggestion written in usted, said in `register` (the pack's `register_forms`; usted: unchanged)."""
    forms = pack.register_forms.get(register)
    if register == "usted" or not forms or not text:
        return text
    # Cached with the pack's forms, not in the turn cache: what is adapted is the pack's own wording
    # (suggestions, openers), the same strings in every transcript, so a new transcript finds them done.
    key = (id(forms), text)
    hit = _ADAPTED.get(key)
    if hit is not None and hit[0] is forms:
        return hit[1]
    words = list(_WORD.finditer(text))
    longest = max(len(k) for k in forms)
    out, pos, i = [], 0, 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            span = words[i:i + size]
            if any(text[a.end():b.start()].strip() for a, b in zip(span, span[1:])):
                continue  # a form never runs across punctuation
            new = forms.get(tuple(w.group().lower() for w in span))
            if new is None and size == 1:
                new = _enclitic(span[0].group().lower())
            if new is None:
                continue
            old = text[span[0].start():span[-1].end()]
            if old[:1].isupper():
                new = new[:1].upper() + new[1:]
            out.append(text[pos:span[0].start()])
            out.append(new)
            pos, i = span[-1].end(), i + size
            break
        else:
            i += 1
    out.append(text[pos:])
    adapted = "".join(out)
    if len(_ADAPTED) > 20000:
        _ADAPTED.clear()
    _ADAPTED[key] = (forms, adapted)  # the forms are kept with it, so their id is not reused meanwhile
    return adapted


_ADAPTED: dict[tuple[int, str], tuple[dict, str]] = {}
