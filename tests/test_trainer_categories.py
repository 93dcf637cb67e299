"""A trainer adds a whole category in YAML (type, label, colour, message, entries) and it is
flagged everywhere a built-in one is: analysis, CLI, app legend, Compare and reports (issue 11)."""
from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest

import workshop
from workshop.app import WorkshopApp
from workshop.cli import main as cli_main
from workshop.engine.examples import check_examples
from workshop.engine.rules import RulePackError, check_file
from workshop.sessions import SessionStore
from workshop import report

PACK = Path(__file__).parent / "data" / "packs" / "equipo-norte.yaml"
CALL = ("Agente: Buenas tardes. Voy a escalar el ticket hoy mismo y en cuanto el equipo lo revise le "
        "escribimos por correo con la solución y los pasos que hay que seguir, ¿le parece bien?\n"
        "Cliente: Vale, gracias.\n"
        "Agente: Perfecto, ahora tipifico la llamada.\n")


def test_a_trainer_category_is_found_with_its_own_message_and_rule_id():
    result = workshop.analyze(CALL, rules=[PACK], ui="es")
    jargon = [f for f in result.findings if f.category == "jerga-interna"]
    assert [f.text for f in jargon] == ["escalar el ticket", "tipifico"]
    assert jargon[0].id == "jerga-interna.escalar-el-ticket"
    assert jargon[0].suggestions == ("pasar su caso al equipo técnico",)
    assert jargon[0].message == "«escalar el ticket» es jerga de la casa: el cliente no la conoce."
    assert "in-house jargon" in result.in_ui("en").findings[[f.category for f in result.findings].index("jerga-interna")].message
    long_turn = [f for f in result.findings if f.category == "turno-largo"]
    assert len(long_turn) == 1 and long_turn[0].turn == 0 and long_turn[0].id == "turno-largo.turn"
    assert "(el equipo pide 30 como máximo)" in long_turn[0].message
    counts = result.by_category()
    assert counts["jerga-interna"] == 2 and counts["turno-largo"] == 1
    assert result.categories[-2:] == ("jerga-interna", "turno-largo")


def test_without_the_pack_nothing_of_it_is_flagged():
    result = workshop.analyze(CALL)
    assert not {"jerga-interna", "turno-largo"} & {f.category for f in result.findings}
    assert "jerga-interna" not in result.by_category()


def test_the_pack_examples_pass_and_a_broken_one_fails_with_file_and_line(tmp_path):
    assert check_examples(check_file(PACK)) == []
    broken = tmp_path / "broken.yaml"
    broken.write_text(PACK.read_text(encoding="utf-8").replace("keep: [El ticket ya está abierto.]",
                                                               "keep: [Hay que escalar el ticket.]"), encoding="utf-8")
    failures = check_examples(check_file(broken))
    assert len(failures) == 1
    line = next(i for i, l in enumerate(broken.read_text(encoding="utf-8").splitlines(), 1) if "Hay que escalar" in l)
    assert (failures[0].file, failures[0].line) == ("broken.yaml", line)
    out, err = io.StringIO(), io.StringIO()
    assert cli_main(["rules", "check", str(broken)], out, err) != 0
    assert f"broken.yaml, línea {line}" in out.getvalue() + err.getvalue()


@pytest.mark.parametrize("change, code", [
    (("type: substitution", "type: grammar"), "rules_category_type"),
    (("label: {es: Jerga interna, en: In-house jargon}", "label: {}"), "rules_category_text"),
    (('colour: "#c7a6ff"', 'colour: "purple; x: y"'), "rules_category_colour"),
    (("  jerga-interna:\n    type", "  filler:\n    type"), "rules_category_builtin"),
    (("  jerga-interna:\n    type", "  Jerga Interna:\n    type"), "rules_category_name"),
    (("scope: turn", "scope: call"), "rules_category_scope"),
    (("{text}» es jerga", "{texto}» es jerga"), "rules_category_placeholder"),
    (("max: 30", "max: 0"), "rules_setting"),
])
def test_a_broken_category_is_refused_with_the_line_that_holds_the_problem(tmp_path, change, code):
    old, new = change
    text = PACK.read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RulePackError) as info:
        check_file(bad)
    error = info.value
    assert error.problem == code and error.file == "bad.yaml"
    changed_line = next(i for i, l in enumerate(bad.read_text(encoding="utf-8").splitlines(), 1)
                        if new.splitlines()[0] in l)
    assert error.line == changed_line
    for lang in ("es", "en"):
        assert "bad.yaml" in error.message(lang)


def test_entries_under_an_undefined_or_an_occurrence_category_are_refused(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(PACK.read_text(encoding="utf-8") + "turno-largo:\n  - phrase: hola\n", encoding="utf-8")
    with pytest.raises(RulePackError) as info:
        check_file(bad)
    assert info.value.problem == "rules_category_no_entries"
    bad.write_text("pack: x\nlanguage: es\nextends: default\njerga:\n  - phrase: hola\n", encoding="utf-8")
    with pytest.raises(RulePackError) as info:
        check_file(bad)
    assert info.value.problem == "rules_unknown_key" and info.value.line == 4


def test_the_cli_lists_the_category_and_compare_has_its_row(tmp_path, capsys):
    call = tmp_path / "call.txt"
    call.write_text(CALL, encoding="utf-8")
    fixed = tmp_path / "fixed.txt"
    fixed.write_text(CALL.replace("escalar el ticket", "pasar su caso al equipo técnico"), encoding="utf-8")
    assert cli_main(["analyze", str(call), "--rules", str(PACK)]) == 0
    out = capsys.readouterr().out
    assert "jerga-interna" in out and "«escalar el ticket» es jerga de la casa" in out
    assert cli_main(["--ui", "en", "compare", str(call), str(fixed), "--rules", str(PACK), "--format", "json"]) == 0
    import json

    rows = {r["metric"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["jerga-interna"]["label"] == "In-house jargon"
    assert (rows["jerga-interna"]["before"], rows["jerga-interna"]["after"]) == (2, 1)
    assert rows["jerga-interna"]["verdict"] == "better"


def test_the_app_legend_marks_and_compare_show_the_trainer_category():
    app = WorkshopApp(workshop.load(CALL), typing_pause=None, ui="es", rules=[str(PACK)])
    toggle = app.original.toggles["jerga-interna"]
    assert toggle in app.original.chips.children
    assert toggle.description == "Jerga interna (2)" and "rw-chip-jerga-interna" in toggle._dom_classes
    assert ".rw-chip-jerga-interna.jupyter-button {background:#c7a6ff" in app.original.chip_css.value
    body = app.original.body.value
    assert re.search(r'<mark class="rw-finding[^"]*" data-category="jerga-interna" style="background:#c7a6ff"', body)
    assert html.escape("«escalar el ticket» es jerga de la casa") in body
    toggle.value = False
    assert 'data-category="jerga-interna"' not in app.original.body.value
    app.tabs.selected_index = 1
    assert "Jerga interna" in app.compare.table.value


def test_the_report_flags_the_trainer_category(tmp_path):
    store = SessionStore(tmp_path)
    transcript = workshop.load(CALL)
    session = store.create("Luis", "Ana", transcript)
    for fmt in ("html", "md"):
        text = report.export(store, session, fmt, ui="es", rules=[str(PACK)])
        assert "Jerga interna" in text
    assert 'data-category="jerga-interna"' in report.export(store, session, "html", ui="es", rules=[str(PACK)])
