"""Negative-framing and blame detector: the pack's negative phrases by kind, plus blame read from structure.

The phrases (deflection, hiding behind rules, the customer's mistake named as
theirs, minimising, flat impossibility) are data in the packs' `negative:`
section, each with a `kind:`. What a phrase list cannot cover is found from the
sentence's shape: the customer as the subject of a past obligation or a modal
perfect ("usted debió llamar", "vos tendrías que haberlo cargado", "tu doctor
debió haber mandado"), in any person the engine's lemma keys tell apart.
"""
from __future__ import annotations

from typing import Iterator

from ..doc import Doc, Finding, TurnDoc, make_finding, suggestions_for, turn_findings
from ..register import adapt, register_of
from ..text import match_keys
from ...words import fold

# Spanish modal verbs of obligation and the tenses that look back: preterite,
# imperfect, conditional and past subjunctive. The present ("usted debe firmar")
# is an instruction, not a reproach, and is left alone.
_ES_MODAL_STARTS = ("deb", "tuv", "ten", "tend")
_ES_PAST_ENDINGS = ("ió", "iste", "isteis", "ieron", "ía", "ías", "íais", "ían", "ería", "erías", "erían",
                    "iera", "ieras", "ieran", "iese", "ieses")
_ES_TENER_PAST = frozenset("tuvo tuviste tuvisteis tuvieron tenía tenías teníais tenían tendría tendrías tendríais "
                           "tendrían tuviera tuvieras tuvieran".split())
# Forms that are also the speaker's own (yo debía, yo tendría): only with "haber" or a second-person subject.
_ES_AMBIGUOUS = frozenset("debía debería debiera tenía tendría tuviera".split())
_ES_SECOND_PERSON = frozenset("usted ustedes ud uds vd vds vos tú tu vosotros vosotras".split())
_ES_FIRST_PERSON = frozenset("yo nosotros nosotras me nos".split())


def blame(doc: Doc) -> Iterator[Finding]:
    """Blaming the customer, passing the buck, hiding behind rules, flat refusals and minimising.

    A customer who hears "usted debió…" or "eso no es mi área" stops listening
    to the solution; saying what can be done next keeps the call moving.
    A refusal counts only when the same turn offers nothing instead.
    """
    for turn in doc.turns:
        if turn.analysed:
            yield from turn_findings(doc, turn, "negative", lambda: _turn_blame(doc, turn))


def _turn_blame(doc: Doc, turn: TurnDoc) -> Iterator[Finding]:
    offers = bool(turn.matches.get("alternative"))
    structural = _past_obligations(turn, doc.pack) if doc.pack.language == "es" else []
    yield from _phrases(doc, turn, offers, structural)
    if structural:
        register = register_of(doc, turn)
        reframes = [adapt(r, register, doc.pack) for r in doc.pack.blame_reframes]
    for start, end in structural:
        yield make_finding(doc, "negative", turn, start, end, message_key="negative-blame",
                           suggestions=reframes, id="negative.past-obligation")


# Kinds that close a door; several in a row ("unfortunately we can't…, it's the process") are one refusal.
_DOOR = ("impossibility", "policy", "deflection", "refusal")
_MERGE_GAP = 3  # words between two door phrases that still make them one


def _phrases(doc: Doc, turn: TurnDoc, offers: bool, structural: list[tuple[int, int]]) -> Iterator[Finding]:
    kept = []
    for m in turn.matches.get("negative", ()):
        e = m.entry
        if any(s < m.end and m.start < e for s, e in structural):
            continue  # the structural span is the fuller one ("vos tendrías que haber pedido" over "tendrías que")
        if e.kind == "impossibility" and offers:
            continue  # "no se puede…, lo que sí puedo hacer es…": a limit stated with a way forward
        if e.kind == "blame" and _apology(turn, m.last):
            continue  # "you shouldn't have had to call twice": the agent's apology, not a reproach
        if e.kind in ("blame", "mistake") and _after_empathy(turn, m):
            continue  # "I'm sorry you had to wait", "siento que haya tenido que…": the agent's apology
        if doc.pack.language == "es" and _negated_obligation(turn, m, doc.pack.negations):
            continue  # "no tiene que esperar", "no tenés que hacer nada": a reassurance, not an order
        kept.append(m)
    groups: list[list] = []
    for m in kept:
        last = groups[-1][-1] if groups else None
        if (last is not None and last.entry.kind in _DOOR and m.entry.kind in _DOOR
                and _same_sentence(turn, last.end, m.start) and _words_between(turn, last.last, m.first) <= _MERGE_GAP):
            groups[-1].append(m)
        else:
            groups.append([m])
    for group in groups:
        e = group[0].entry
        yield make_finding(doc, "negative", turn, group[0].start, group[-1].end,
                           suggestions=suggestions_for(turn, group[0], doc), severity=e.severity, why=e.why, id=e.id)


def _apology(turn: TurnDoc, last: int) -> bool:
    after = [t.norm for t in turn.tokens[last + 1:last + 4] if t.is_word]
    return after[:2] in (["had", "to"], ["tenido", "que"], ["tener", "que"])


_ES_OBJECT_CLITICS = frozenset("me te se le les lo la los las nos os".split())


def _after_empathy(turn: TurnDoc, m) -> bool:
    """An apology or acknowledgement ends at most one word ("that", "que") before the phrase, with no
    pause between: "I'm sorry you had to wait", not "Sorry, you had to send the form first"."""
    for e in turn.matches.get("empathy", ()):
        between = turn.tokens[e.last + 1:m.first]
        if e.end <= m.start and all(t.is_word for t in between) and len(between) <= 1:
            return True
    return False


def _negated_obligation(turn: TurnDoc, m, negations: frozenset) -> bool:
    """An obligation said with a negation just before it ("no (le) tiene que", "you don't have to"):
    the customer is told what they need not do. Only phrases that open with the obligation verb."""
    first = turn.tokens[m.first]
    keys = match_keys(first.text.lower(), "es")[0] if first.norm.startswith(("t", "d")) else ()
    if not any(k.startswith(("@tener", "@deber")) for k in keys):
        return False
    k = m.first - 1
    while k >= 0 and turn.tokens[k].is_word and turn.tokens[k].norm in _ES_OBJECT_CLITICS:
        k -= 1  # "no le tiene que…", "no te tenés que…"
    return k >= 0 and turn.tokens[k].is_word and turn.tokens[k].norm in negations


def _same_sentence(turn: TurnDoc, a: int, b: int) -> bool:
    return any(s <= a and b <= e for s, e in turn.sentences)


def _words_between(turn: TurnDoc, last: int, first: int) -> int:
    return sum(t.is_word for t in turn.tokens[last + 1:first])


def _to_us(haber: str) -> bool:
    """ "habernos", "haberme", "habérnoslo": haber with the agent's side as its object."""
    return fold(haber).startswith(("haberme", "habernos"))


def _past_obligations(turn: TurnDoc, pack) -> list[tuple[int, int]]:
    """The structural spans of a turn, cached by its text with the rest of the turn's work (RulePack.cache):
    a keystroke in one turn no longer walks every other turn's words again (a tenth of a live edit, profiled)."""
    key = ("past-obligations", turn.text)
    hit = pack.cache.get(key)
    if hit is None:
        hit = pack.cache[key] = list(_es_past_obligations(turn))
    return hit


def _es_past_obligations(turn: TurnDoc) -> Iterator[tuple[int, int]]:
    """Spans of "(usted|tú|vos|tu X) debió / debías / tendría que haber + participle" said to the customer."""
    words = [t for t in turn.tokens if t.is_word]
    for i, tok in enumerate(words):
        if not tok.norm.startswith(_ES_MODAL_STARTS):
            continue  # most words: no look-up
        keys = match_keys(tok.text.lower(), "es")[0]
        is_deber = "@deber" in keys and tok.text.lower().endswith(_ES_PAST_ENDINGS)
        is_tener = tok.text.lower() in _ES_TENER_PAST and i + 1 < len(words) and words[i + 1].norm == "que"
        if not (is_deber or is_tener):
            continue
        if not any(k.endswith("|A") for k in keys) and not tok.text.lower().endswith(("ió", "ías", "iste", "ieron")):
            continue
        # Whose obligation: the nearest subject word before the modal, within the clause.
        before = [w.norm for w in words[max(0, i - 3):i]]
        if any(w in _ES_FIRST_PERSON for w in before[-2:]):
            continue
        pronoun = any(w in _ES_SECOND_PERSON for w in before)
        second = pronoun or any(w in ("su", "tu") for w in before)
        clitics = []
        for w in reversed(before):
            if w not in _ES_OBJECT_CLITICS:
                break
            clitics.append(w)
        if tok.text.lower().endswith("n") and not any(w in ("ustedes", "uds", "vds", "vosotros", "vosotras")
                                                      for w in before):
            continue  # "tendrían que haberle avisado", "debieron revisarlo": they (the shop, the bank), not you
        if clitics and not second and clitics != ["se"]:
            # "te lo tendrían que haber explicado", "se lo debieron avisar", "le debieron avisar":
            # the customer is the object; someone else failed. Only "te" with a tú/vos verb is the
            # customer's own reflexive ("te tendrías que haber registrado").
            if not ("te" in clitics and tok.text.lower().endswith(("s", "iste"))):
                continue
        j = i + (2 if is_tener else 1)
        if j < len(words) and words[j].norm == "no":
            j += 1
        if j >= len(words):
            continue
        nxt = words[j].text.lower()
        if nxt in ("tener", "haber") and j + 1 < len(words) and words[j + 1].norm in ("que", "tenido"):
            continue  # "no debió tener que pedirlo dos veces": an apology for the customer's trouble
        perfect = fold(nxt).startswith("haber")  # also "habérmelo"
        if perfect:
            if j + 1 >= len(words):
                continue
            j += 1
        elif not nxt.endswith(("ar", "er", "ir", "arlo", "erlo", "irlo", "arla", "erla", "irla", "arme", "erme",
                               "irme", "arnos", "ernos", "irnos", "arle", "erle", "irle", "arse", "erse", "irse",
                               "arlos", "arlas", "erlos", "erlas", "irlos", "irlas")):
            continue
        if tok.text.lower() in _ES_AMBIGUOUS and not pronoun and not (perfect and _to_us(nxt)):
            # "debería llegar mañana", "tenía que revisar", "(Su pedido) debería haber llegado antes": the
            # agent's or the parcel's; without "usted", "vos"…, only "debería habernos avisado" (done to us)
            # is said to the customer
            continue
        if not perfect and tok.text.lower().startswith(("deberí", "tendrí")):
            continue  # present advice in the conditional: "debería reiniciar el módem"
        start_tok = words[i]
        for k in range(i - 1, max(-1, i - 3), -1):
            if words[k].norm in _ES_SECOND_PERSON or (k == i - 2 and words[k].norm in ("su", "tu")):
                start_tok = words[k]
                break
        yield start_tok.start, words[j].end
