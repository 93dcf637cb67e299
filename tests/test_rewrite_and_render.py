"""Applying fixes, diffing turns, and the HTML the app and reports are built from."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

import workshop
from workshop.engine.doc import Finding
from workshop.i18n import WorkshopError
from workshop.render import format_number, compare_table_html, diff_html, highlight, transcript_html
from workshop.rewrite import DiffPart, apply_fix, fixes, word_diff
from workshop.state import WorkshopState


def finding(text: str, span: str, category: str = "filler", suggestions=()) -> Finding:
    start = text.index(span)
    return Finding(category, 0, start, start + len(span), span, f"message about {span}", tuple(suggestions))


@pytest.mark.parametrize("text, span, expected", [
    ("Sí, este, le explico.", "este", "Sí, le explico."),
    ("Eh, le explico.", "Eh", "Le explico."),
    ("Pues nada, le explico.", "Pues nada", "Le explico."),
    ("Hola eh.", "eh", "Hola."),
    ("So basically it works.", "basically", "So it works."),
    ("It works, you know?", "you know", "It works?"),
    ("Hola. O sea, no.", "O sea", "Hola. No."),
])
def test_removing_a_filler_leaves_tidy_punctuation_and_capitals(text, span, expected):
    assert apply_fix(text, finding(text, span), "") == expected


def test_a_replacement_keeps_the_capital_of_the_words_it_replaces():
    text = "Le informo que su pedido llegó."
    f = finding(text, "Le informo que", "formal", ["le cuento que"])
    assert apply_fix(text, f, "le cuento que") == "Le cuento que su pedido llegó."
    text = "Llamo con el objetivo de revisarlo."
    assert apply_fix(text, finding(text, "con el objetivo de", "wordy"), "para") == "Llamo para revisarlo."


def test_a_fix_on_text_that_changed_since_the_analysis_is_refused():
    f = finding("Eh, hola.", "Eh")
    with pytest.raises(WorkshopError) as error:
        apply_fix("Hola, eh.", f, "")
    assert error.value.code == "stale_fix" and "Eh" in error.value.message("es")


def test_fixes_offer_deletion_for_fillers_only():
    assert fixes(finding("Eh, hola.", "Eh")) == ("",)
    assert fixes(finding("Es muy largo.", "Es muy largo", "long-sentence")) == ()
    assert fixes(finding("x y", "x", "wordy", ["z"])) == ("z",)


def test_word_diff_marks_deleted_and_inserted_words():
    parts = word_diff("Le informo que su pedido llegó ayer.", "Su pedido llegó ayer, por fin.")
    assert parts[0] == DiffPart("delete", "Le informo que su")
    assert DiffPart("equal", " pedido llegó ayer") in parts
    assert "".join(p.text for p in parts if p.op != "insert") == "Le informo que su pedido llegó ayer."
    assert "".join(p.text for p in parts if p.op != "delete") == "Su pedido llegó ayer, por fin."
    assert word_diff("igual", "igual") == [DiffPart("equal", "igual")]


def test_diff_html_escapes_and_tags_changes():
    html = diff_html(word_diff("a <b>", "a <i>"))
    assert html == 'a &lt;<del class="rw-delete">b</del><ins class="rw-insert">i</ins>&gt;'


class _Balance(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.ok = [], True

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)

    def handle_endtag(self, tag):
        self.ok = self.ok and bool(self.stack) and self.stack.pop() == tag


def test_highlight_nests_and_splits_overlapping_findings_into_well_formed_html():
    text = "Eh, le informo que todo va bien."
    long = Finding("long-sentence", 0, 0, len(text), text, "long")
    filler = finding(text, "Eh")
    formal = finding(text, "le informo que", "formal")
    crossing = Finding("wordy", 0, text.index("que"), text.index("va") + 2, "que todo va", "crossing")
    html = highlight(text, [long, filler, formal, crossing], "es")
    parser = _Balance()
    parser.feed(html)
    assert parser.ok and parser.stack == []
    assert re.sub(r"<[^>]+>", "", html) == text
    assert html.startswith('<mark class="rw-finding rw-sev-medium" data-category="long-sentence"')
    assert html.count('data-category="wordy"') == 2  # split where it crosses the formal phrase
    hidden = highlight(text, [long, filler, formal], "es", hidden={"long-sentence"})
    assert "long-sentence" not in hidden and 'data-category="filler"' in hidden


def test_highlight_escapes_text_and_titles():
    text = '<script>x</script> "eh" fin'
    f = Finding("filler", 0, text.index("eh"), text.index("eh") + 2, "eh", 'say "<b>"', ("<i>",))
    html = highlight(text, [f], "en")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'title="Filler: say &quot;&lt;b&gt;&quot;\nTry: &lt;i&gt;"' in html


def test_transcript_html_shows_every_turn_with_speaker_and_role():
    t = workshop.load("Agente: Eh, hola.\nCliente: <b>Hola</b>.")
    html = transcript_html(t, workshop.analyze(t).findings, "es")
    assert html.count('class="rw-turn rw-role-agent"') == 1 and html.count('rw-role-customer') == 1
    assert "&lt;b&gt;Hola&lt;/b&gt;" in html and re.search(r'data-category="filler"[^>]*>Eh</mark>', html)


def test_compare_table_colours_changes_and_formats_numbers():
    t = workshop.load("Agente: Pues, eh, le informo que su pedido llega mañana.\nCliente: Vale.")
    html = compare_table_html(workshop.compare(t, t.with_texts({0: "Su pedido llega mañana."}), ui="es"), "es")
    assert re.search(r'<tr class="rw-better" data-metric="filler"><th>Muletillas</th><td>2</td><td>0</td>'
                     r'<td class="rw-change">-2</td>', html)
    assert [format_number(v, "en") for v in (0.003, 0.066, 2.0, None, 1.5)] == ["0", "0.07", "2", "—", "1.5"]
    assert [format_number(v, "es") for v in (0.003, 0.066, 2.0, None, 1.5)] == ["0", "0,07", "2", "—", "1,5"]


# ---------------------------------------------------------------- state

def test_state_typing_is_one_undo_step_per_turn_and_apply_is_another():
    state = WorkshopState(ui="es")
    state.load(workshop.load("Agente: Eh, hola.\nCliente: Hola.\nAgente: Le informo que sí."))
    state.type_text(0, "Eh, hola")
    state.type_text(0, "Eh, hola!")
    state.type_text(2, "Le informo que sí, claro.")
    f = next(f for f in state.findings_for(2) if f.category == "formal")
    state.apply(f, "")
    assert state.rewrite == {0: "Eh, hola!", 2: "Sí, claro."}
    assert state.undo() and state.rewrite == {0: "Eh, hola!", 2: "Le informo que sí, claro."}
    assert state.undo() and state.rewrite == {0: "Eh, hola!"}
    assert state.undo() and state.rewrite == {}
    assert not state.undo() and state.alert["kind"] == "info"


def test_state_refuses_to_edit_customer_turns_and_keeps_notes_by_turn():
    state = WorkshopState(ui="en")
    state.load(workshop.load("Agent: Hi.\nCustomer: Hello."))
    with pytest.raises(ValueError):
        state.type_text(1, "changed")
    state.set_note(1, "Good")
    state.set_note("", "Overall fine")
    state.set_note(1, "  ")
    assert state.notes == {"": "Overall fine"}


def test_state_turns_any_error_into_an_alert_in_the_ui_language():
    state = WorkshopState(ui="en")
    state.fail(WorkshopError("empty", name="x.txt"))
    assert state.alert == {"kind": "error", "text": "x.txt is empty. Paste a conversation or choose a file with "
                                                    "turns such as “Agent: Hello…”."}
    state.fail(KeyError("secret"))
    assert state.alert["kind"] == "error" and "secret" not in state.alert["text"] and "KeyError" in state.alert["text"]
