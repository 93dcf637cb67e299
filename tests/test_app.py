"""Headless tests of the app: set widget values, call handlers, read the HTML and the state."""
from __future__ import annotations

import html
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

import workshop
from workshop.app import WorkshopApp
from workshop.i18n import MESSAGES

HOSTILE = ("Agente: Hola <script>alert('x')</script> le informo que todo va bien.\n"
           "Cliente: <img src=x onerror=alert(1)> no funciona y estoy harto.\n"
           "Agente: Vale, eh, lo miro.")


def upload(app, name: str, data: bytes) -> None:
    # ipywidgets 8's FileUpload value: a tuple of dicts holding a memoryview
    app.picker.upload.value = ({"name": name, "type": "text/plain", "size": len(data),
                                "content": memoryview(data),
                                "last_modified": datetime.now(timezone.utc)},)


def all_html(widget) -> str:
    """Every HTML string the widget tree would send to the page."""
    out = []
    stack = [widget]
    while stack:
        w = stack.pop()
        if hasattr(w, "value") and isinstance(w.value, str) and type(w).__name__ == "HTML":
            out.append(w.value)
        stack.extend(getattr(w, "children", ()))
    return "\n".join(out)


@pytest.fixture()
def app():
    return WorkshopApp(typing_pause=None, ui="es")


def editor_with(app, category):
    for index, editor in app.rewrite.editors.items():
        if any(f.category == category for f in app.state.findings_for(index)):
            return index, editor
    raise AssertionError(f"no agent turn with a {category} finding")


def test_app_shows_a_library_transcript_with_highlights_of_several_categories(app):
    body = app.original.body.value
    assert not app.compare.built and not app.notes.built  # made when first shown
    app.tabs.selected_index = 1
    categories = set(re.findall(r'<mark class="rw-finding[^"]*" data-category="([a-z-]+)"', body))
    assert len(categories) >= 3
    for pane, hook in [(app.picker, "rw-picker"), (app.original, "rw-original"), (app.rewrite, "rw-rewrite"),
                       (app.compare, "rw-compare"), (app.compare.diff, "rw-diff"), (app.notes, "rw-notes"),
                       (app.alert, "rw-alert"), (app.original.legend, "rw-legend")]:
        assert hook in pane._dom_classes


def test_every_agent_turn_has_an_editor_and_customer_turns_are_read_only(app):
    roles = [t.role for t in app.state.transcript.turns]
    assert sorted(app.rewrite.editors) == [i for i, r in enumerate(roles) if r == "agent"]
    html = all_html(app.rewrite)
    assert html.count('class="rw-turn rw-role-customer"') == roles.count("customer")


def test_hostile_text_is_escaped_everywhere():
    app = WorkshopApp(typing_pause=None, ui="es")
    app.picker.paste.value = HOSTILE
    app.picker.paste_button.click()
    assert app.state.alert.get("kind") != "error", app.state.alert
    app.tabs.selected_index = 2
    app.notes.general.value = "<b>bold</b>"
    app.tabs.selected_index = 1
    html = all_html(app)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in all_html(app.original) and "&lt;img src=x onerror=alert(1)&gt;" in all_html(app.rewrite)


def test_hostile_library_metadata_is_escaped_in_the_picker():
    t = workshop.load("Agente: Hola.\nCliente: Adiós.")
    t.title = "<img src=x onerror=alert(1)>"
    t.metadata["summary"] = "<script>alert(2)</script>"
    app = WorkshopApp(typing_pause=None, library=[t])
    assert "<img" not in app.picker.preview.value and "&lt;script&gt;" in app.picker.preview.value


def test_upload_over_the_word_limit_shows_an_alert_and_keeps_the_transcript(app):
    before = app.state.transcript
    upload(app, "long.txt", ("Agente: " + "palabra " * 600).encode())
    assert app.state.alert["kind"] == "error"
    assert "600" in app.state.alert["text"] and "500" in app.state.alert["text"]
    assert "<div" in app.alert.message.value and "rw-error" in app.alert.message.value
    assert app.state.transcript is before
    assert app.picker.upload.value == ()
    # and the app still works
    upload(app, "ok.txt", "Agent: Um, hello there.\nCustomer: Hi.".encode())
    assert app.state.transcript.language == "en" and app.state.alert == {}
    assert 'data-category="filler"' in app.original.body.value


def test_upload_over_one_megabyte_is_refused_before_reading(app):
    upload(app, "big.txt", b"a" * 1_000_001)
    assert app.state.alert["kind"] == "error" and "1 MB" in app.state.alert["text"]


@pytest.mark.parametrize("name, data, words", [
    ("bad.json", b'{"turns": [', "JSON"),
    ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00", ".png"),
    ("empty.txt", b"   ", "vac"),
])
def test_bad_uploads_give_a_message_in_the_ui_language(app, name, data, words):
    upload(app, name, data)
    assert app.state.alert["kind"] == "error" and words in app.state.alert["text"]
    assert "Traceback" not in app.alert.message.value


def test_typing_that_removes_a_filler_lowers_the_filler_count_in_compare():
    t = workshop.load("Agente: Pues, eh, le cuento que el pedido, o sea, llega mañana.\nCliente: Vale.")
    app = WorkshopApp(t, typing_pause=None)
    app.tabs.selected_index = 1
    row = lambda: re.search(r'data-metric="filler"><th>[^<]+</th><td>(\d+)</td><td>(\d+)</td>',  # noqa: E731
                            app.compare.table.value).groups()
    assert row() == ("3", "3")
    app.rewrite.editors[0].editor.value = "Le cuento que el pedido, o sea, llega mañana."
    assert row() == ("3", "1")
    assert "<del" in app.compare.diff.value and "Pues, eh," in app.compare.diff.value


def test_apply_replaces_a_wordy_phrase_and_undo_brings_it_back(app):
    index, editor = editor_with(app, "wordy")
    finding = next(f for f in app.state.findings_for(index) if f.category == "wordy")
    button = next(b for row in editor.rows if row.visible for b in row.visible_buttons()
                  if "rw-apply-wordy" in b._dom_classes)
    original = editor.editor.value
    button.click()
    assert finding.text not in editor.editor.value[finding.start:finding.start + len(finding.text)]
    assert editor.editor.value != original
    assert not any(f.category == "wordy" and f.text == finding.text for f in app.state.findings_for(index))
    app.rewrite.undo.click()
    assert editor.editor.value == original


def test_finding_rows_are_reused_as_the_user_types(app):
    index, editor = editor_with(app, "formal")
    rows = list(editor.rows)
    editor.editor.value = "Hola."
    assert not any(row.visible for row in editor.rows) and "rw-hidden" not in editor.clean._dom_classes
    editor.editor.value = "Eh, le informo que el cargo ya no figura."
    shown = [row for row in editor.rows if row.visible]
    assert {row.finding.category for row in shown} == {"filler", "formal"}
    assert editor.rows[:len(rows)] == rows  # the same widgets, new values
    remove = next(b for row in shown if row.finding.category == "filler" for b in row.visible_buttons())
    remove.click()
    assert editor.editor.value == "Le informo que el cargo ya no figura."


def test_reset_turn_restores_the_original(app):
    index, editor = next(iter(app.rewrite.editors.items()))
    original = editor.editor.value
    editor.editor.value = "Hola, ¿en qué le ayudo?"
    assert app.state.rewrite == {index: "Hola, ¿en qué le ayudo?"} and not editor.reset.disabled
    editor.reset.click()
    assert editor.editor.value == original and app.state.rewrite == {}


def test_switching_to_english_changes_labels_and_messages(app):
    app.language.value = "en"
    assert app.tabs.get_title(1) == "Compare" and "Rewrite workshop" in app.title.value
    assert app.original.toggles["filler"].description.startswith("Filler")
    message = app.state.rewrite_analysis.findings[0].message
    assert html.escape(message, quote=True) in app.original.body.value
    assert any(w.isascii() for w in message.split())
    app.language.value = "es"
    assert app.tabs.get_title(1) == "Comparar"


def test_hiding_a_category_removes_its_highlights(app):
    assert 'data-category="formal"' in app.original.body.value
    app.original.toggles["formal"].value = False
    assert 'data-category="formal"' not in app.original.body.value
    assert "rw-off" in app.original.toggles["formal"]._dom_classes
    app.original.toggles["formal"].value = True
    assert 'data-category="formal"' in app.original.body.value


def test_an_error_in_a_callback_becomes_a_friendly_alert(app, monkeypatch):
    def broken(*_):
        raise RuntimeError("secret internal detail /path/to/source.py")

    monkeypatch.setattr(app.state, "undo", broken)
    app.rewrite.undo.click()
    assert app.state.alert["kind"] == "error"
    assert "Algo ha fallado" in app.alert.message.value
    assert "secret" not in app.alert.message.value and "source.py" not in app.alert.message.value


def test_the_picker_opens_on_the_ui_language_with_the_open_transcript_selected(app):
    picker = app.picker
    assert picker.filters["language"].value == "es"
    assert picker.library[picker.choice.value] is app.state.transcript
    assert [v for _, v in picker.filters["difficulty"].options] == ["", "easy", "medium", "hard"]
    assert re.fullmatch(r".+ · Español · (chat|teléfono|correo) · \d+ palabras", picker.choice.options[0][0])
    other = next(t for t in picker.library if t.language == "es" and t is not app.state.transcript)
    app.state.load(other)
    assert picker.library[picker.choice.value] is other
    app.state.ui = "en"
    assert picker.filters["language"].value == "en"


def test_library_filters_narrow_the_list(app):
    app.picker.filters["language"].value = "en"
    titles = [label for label, _ in app.picker.choice.options]
    assert titles and all(" · Inglés · " in label and label.endswith(" palabras") for label in titles)
    app.picker.filters["channel"].value = "nonexistent" if "nonexistent" in [
        v for _, v in app.picker.filters["channel"].options] else app.picker.filters["channel"].value
    app.picker.choice.value = app.picker.choice.options[0][1]
    app.picker.open_button.click()
    assert app.state.transcript.language == "en"


def test_notes_are_kept_per_turn_and_for_the_whole_transcript(app):
    assert app.notes.turn_notes == {}  # built when first shown
    app.tabs.selected_index = 2
    app.notes.general.value = "Practicar preguntas abiertas"
    app.notes.turn_notes[2][1].value = "Sobra «le ruego»"
    assert app.state.notes == {"": "Practicar preguntas abiertas", "2": "Sobra «le ruego»"}


def test_every_label_the_app_uses_exists_in_both_languages():
    source = "\n".join(p.read_text() for p in Path(workshop.__file__).parent.joinpath("app").glob("*.py"))
    keys = set(re.findall(r"""label\(\s*["']([a-z_]+)["']""", source))
    assert len(keys) > 30
    for key in keys:
        assert MESSAGES[key]["es"] and MESSAGES[key]["en"], key


def test_a_trainer_folder_adds_transcripts_and_names_its_broken_files(tmp_path):
    import json
    good = json.loads(Path(workshop.__file__).parent.parent.joinpath(
        "data", "transcripts", "en-retail-chat-late-delivery.json").read_text())
    good.update(id="team-case", title="Our team's case")
    (tmp_path / "team-case.json").write_text(json.dumps(good))
    (tmp_path / "broken.json").write_text('{"id": "broken"')
    app = WorkshopApp(typing_pause=None, folders=[str(tmp_path)])
    app.picker.filters["language"].value = "en"  # the list opens on the UI language's (Spanish) transcripts
    assert any("Our team's case" in label for label, _ in app.picker.choice.options)
    assert app.state.alert["kind"] == "info" and "broken.json" in app.state.alert["text"]


def test_role_play_steps_through_turns_with_the_rewrite_and_estimates(app):
    assert app.roleplay.stage is None  # made when first shown
    app.rewrite.editors[0].editor.value = "Hola, soy Ana. ¿En qué le ayudo?"
    app.tabs.selected_index = 3
    stage = app.roleplay.stage
    assert (stage.step, stage.steps) == (0, len(app.state.transcript.turns))
    assert stage.text == "Hola, soy Ana. ¿En qué le ayudo?" and stage.original.startswith("Estimado cliente")
    assert stage.role == "agent" and stage.language == "es" and "la reescritura" in stage.estimate
    stage.step = 1  # what the ▶ button does in the browser
    assert stage.role == "customer" and stage.original == "" and stage.text == app.state.transcript.turns[1].text
    app.language.value = "en"
    assert stage.labels["next"] == "Next ▶" and app.tabs.get_title(3) == "Role-play"
    js = (Path(workshop.__file__).parent / "app" / "roleplay.js").read_text()
    assert "innerHTML" not in js and "http" not in js  # text only, nothing fetched


def test_role_play_estimates_use_the_configured_words_per_minute(tmp_path):
    config = tmp_path / "workshop.yaml"
    config.write_text("words_per_minute: 60\n", encoding="utf-8")
    app = WorkshopApp(config=str(config), typing_pause=None, ui="es")
    app.rewrite.editors[0].editor.value = " ".join(["palabra"] * 10)
    app.tabs.selected_index = 3
    # 10 words at 60 a minute: 10 s (the pack's 150 would say 4 s)
    assert "10 s la reescritura" in app.roleplay.stage.estimate


def test_keep_and_dismiss_are_recorded_and_dismissed_findings_leave_the_list(app):
    index, editor = editor_with(app, "formal")
    row = next(r for r in editor.rows if r.visible and r.finding.category == "formal")
    finding = row.finding
    row.keep.click()
    assert app.state.decisions == {f"{index}:formal:{finding.text}": "kept"}
    assert "mantenido" in next(r for r in editor.rows if r.visible and r.finding == finding).text.value
    row = next(r for r in editor.rows if r.visible and r.finding == finding)
    row.dismiss.click()
    assert app.state.decisions[f"{index}:formal:{finding.text}"] == "dismissed"
    assert all(r.finding != finding for r in editor.rows if r.visible)


def test_finding_rows_and_hover_titles_show_the_rule_id(app):
    from workshop.render import finding_title

    index, editor = editor_with(app, "formal")
    editor.editor.value = "Le informo que el cargo ya no figura."
    row = next(row for row in editor.rows if row.visible and row.finding.category == "formal")
    assert row.finding.id == "formal.le-informo-que"
    assert '<small class="rw-rule-id">formal.le-informo-que</small>' in row.text.value
    assert finding_title(row.finding, "es").endswith("\nformal.le-informo-que")


@pytest.mark.parametrize("text, ui, words", [
    ("Agente: Usted debió llamar antes.\nCliente: Vale.", "es", "Modelo para completar"),
    ("Agent: You should have called us first.\nCustomer: Okay.", "en", "A model to complete"),
])
def test_a_reframe_with_a_gap_is_shown_as_a_model_not_a_button(text, ui, words):
    app = WorkshopApp(workshop.load(text), typing_pause=None, ui=ui)
    editor = app.rewrite.editors[0]
    row = next(r for r in editor.rows if r.visible and r.finding.category == "negative")
    assert words in row.text.value and "…" in row.text.value
    assert not any("…" in (b.tooltip or "") for b in row.visible_buttons())


def test_remove_all_fillers_redo_and_the_original_above_each_editor(app):
    app.state.load(workshop.load("Agente: Este, le explico que sí.\nCliente: Vale.\nAgente: Pues, bueno, le llamo."))
    index, editor = editor_with(app, "filler")
    assert "rw-orig" in editor.original.value and 'data-category="filler"' in editor.original.value
    assert app.rewrite.redo.disabled and not app.rewrite.fillers.disabled
    before = {i: e.editor.value for i, e in app.rewrite.editors.items()}
    app.rewrite.fillers.click()
    assert not any(f.category == "filler" for i in app.rewrite.editors for f in app.state.findings_for(i))
    assert app.rewrite.fillers.disabled and editor.fillers.disabled
    app.rewrite.undo.click()  # one step for the whole transcript
    assert {i: e.editor.value for i, e in app.rewrite.editors.items()} == before
    assert not app.rewrite.redo.disabled
    app.rewrite.redo.click()
    assert not any(f.category == "filler" for f in app.state.findings_for(index))
    assert editor.original.value.count("<mark") >= 1  # the original keeps its highlights


def test_a_long_suggestion_is_cut_on_its_button_but_kept_whole_for_hover_and_focus(app):
    long = "le confirmo que el reembolso completo llegará a su cuenta en un plazo de cinco días hábiles"
    finding = next(f for f in app.state.findings_for(next(iter(app.rewrite.editors))) if f.suggestions)
    row = next(r for e in app.rewrite.editors.values() for r in e.rows if r.visible)
    row.show(finding.__class__(**{**finding.__dict__, "suggestions": (long, "vale")}))
    cut, short = row.visible_buttons()[:2]
    assert cut.description.endswith("…") and len(cut.description) <= 40 and cut.tooltip == long
    assert "rw-long" in cut._dom_classes and "rw-long" not in short._dom_classes


def test_the_highlight_popover_is_labelled_in_the_ui_language_and_its_script_sets_text_only(app):
    popover = app.original.popover
    assert popover.labels["jump"] == "Ir al hallazgo bajo el editor" and popover.labels["close"] == "Cerrar"
    app.language.value = "en"
    assert popover.labels["jump"] == "Go to the finding under the editor"
    js = (Path(workshop.__file__).parent / "app" / "popover.js").read_text()
    assert "innerHTML" not in js and "http" not in js and "eval(" not in js  # text only, nothing fetched
    assert 'tabindex="0" role="button"' in app.original.body.value  # every highlight is reachable by keyboard


def test_the_variety_picker_shows_the_detected_variety_and_a_pick_re_analyses_every_pane():
    t = workshop.load("Agente: Mirá, vos podés hacerlo desde la app, ándele, ya te llega. Si querés te lo mando.\n"
                      "Cliente: Bueno, gracias.")
    app = WorkshopApp(t, typing_pause=None, ui="es")
    picker = app.variety
    assert picker.options[0] == ("Automática: Río de la Plata", "")  # voseo gives it away
    assert ("México", "es-MX") in picker.options and not any(v.startswith("en-") for _, v in picker.options)
    assert "ándele</mark>" not in all_html(app.original)  # a Mexican crutch, not a River Plate one
    picker.value = "es-MX"
    assert app.state.variety == "es-MX"
    assert any(f.text == "ándele" and f.category == "filler" for f in app.state.findings_for(0))
    assert "ándele</mark>" in all_html(app.original)
    app.language.value = "en"
    assert picker.value == "es-MX" and ("Mexico", "es-MX") in picker.options and picker.description == "Variety"


def test_the_variety_picker_forgets_a_spanish_variety_for_an_english_transcript():
    app = WorkshopApp(workshop.load("Agent: Hi, how can I help?\nCustomer: My order is late."), typing_pause=None)
    app.state.load(workshop.load("Agente: Hola, ¿en qué te ayudo?\nCliente: Mi pedido no llega."))
    app.variety.value = "es-CO"
    app.state.load(workshop.load("Agent: Hi, how can I help?\nCustomer: My order is late."))
    assert app.state.variety == "" and [v for _, v in app.variety.options][1:] == ["en-US", "en-GB", "en-IN", "en-PH"]
