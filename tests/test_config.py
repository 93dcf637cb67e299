"""The app configuration file: validated with the line of each mistake, and honoured by the app."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import workshop
from workshop.app import WorkshopApp
from workshop.config import AppConfig, load_config
from workshop.i18n import WorkshopError

ROOT = Path(__file__).resolve().parent.parent


def test_the_shipped_configuration_is_the_defaults():
    config = load_config()
    assert config.languages == ("es", "en") and config.default_language == "es" and config.max_words == 500
    assert config.title["en"] == "Rewrite workshop" and config.include_library and config.transcript_folders == ()


@pytest.mark.parametrize("text, line, es, en", [
    ("title: Equipo\naccent_colour: blue\n", 2, "«accent_colour» debe ser un color", "“accent_colour” must be a colour"),
    ("max_words: 300\ncolor: red\n", 2, "clave «color» desconocida", "unknown key “color”"),
    ("languages: [es]\ndefault_language: en\n", 2, "«default_language» debe ser uno de: es",
     "“default_language” must be one of: es"),
    ("languages: [es, fr]\n", 1, "«languages» debe ser uno de: es, en", "“languages” must be one of: es, en"),
    ("transcript_folders: [no-existe]\n", 1, "no existe", "does not exist"),
    ("max_words: -5\n", 1, "«max_words» debe ser un número entero positivo", "“max_words” must be a positive"),
    ("title: [a, b]\n", 1, "«title» debe ser un texto", "“title” must be a text"),
    ("include_library: yes\n", 1, "«include_library» debe ser true o false", "“include_library” must be true or false"),
    ("languages: [es\n", 2, "el YAML no es válido", "the YAML is not valid"),  # where the parser gave up
    ("max_words: 300\ndisabled_rules: filler\n", 2, "«disabled_rules» debe ser una lista de IDs de regla",
     "“disabled_rules” must be a list of rule IDs"),
])
def test_a_mistake_names_the_file_the_line_and_the_fix(tmp_path, text, line, es, en):
    path = tmp_path / "equipo.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WorkshopError) as error:
        load_config(path)
    assert error.value.message("es").startswith(f"equipo.yaml, línea {line}") and es in error.value.message("es")
    assert error.value.message("en").startswith(f"equipo.yaml, line {line}") and en in error.value.message("en")


def team_setup(tmp_path: Path) -> Path:
    folder = tmp_path / "transcripciones"
    folder.mkdir()
    case = json.loads((ROOT / "data" / "transcripts" / "es-banca-chat-cargo-duplicado.json").read_text())
    case.update(id="equipo-caso", title="Caso del equipo")
    (folder / "equipo-caso.json").write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "reglas.yaml").write_text(
        "language: es\nextends: default\nformal:\n  - phrase: le traslado\n    suggest: [le paso]\n", encoding="utf-8")
    config = tmp_path / "equipo.yaml"
    config.write_text("title: {es: Taller del equipo Norte}\naccent_colour: \"#aa3300\"\nlanguages: [es]\n"
                      "include_library: false\ntranscript_folders: [transcripciones]\nrule_packs: [reglas.yaml]\n"
                      "max_words: 120\nlong_sentence_words: 10\nsessions_folder: sesiones\n", encoding="utf-8")
    return config


def test_the_app_follows_a_trainers_configuration(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKSHOP_CONFIG", str(team_setup(tmp_path)))
    app = WorkshopApp(typing_pause=None)
    assert "Taller del equipo Norte" in app.title.value and "#aa3300" in app.children[0].value
    assert app.language.layout.display == "none" and app.state.ui == "es"
    assert [t.title for t in app.library] == ["Caso del equipo"]
    app.picker.paste.value = "Agente: Le traslado su caso al equipo de facturación ahora mismo y le llamo."
    app.picker.paste_button.click()
    categories = {f.category for f in app.state.original_analysis.findings}
    assert "formal" in categories and "long-sentence" in categories  # the team's phrase; 10-word sentences
    app.picker.paste.value = "Agente: " + "palabra " * 130
    app.picker.paste_button.click()
    assert app.state.alert["kind"] == "error" and "120" in app.state.alert["text"]
    app.session.lead.value, app.session.agent.value = "Laura", "Pablo"
    app.session.start_button.click()
    assert (tmp_path / "sesiones" / "sessions.sqlite3").is_file()


def test_a_broken_configuration_opens_the_app_with_defaults_and_says_why(tmp_path):
    bad = tmp_path / "roto.yaml"
    bad.write_text("accent_colour: azul\n", encoding="utf-8")
    app = WorkshopApp(config=str(bad), typing_pause=None)
    assert app.state.alert["kind"] == "error" and "roto.yaml, línea 1" in app.state.alert["text"]
    assert app.config == AppConfig() and len(app.library) == len(workshop.samples())


TEXT = "Agente: Le informo que eh el pedido llega mañana. O sea, mañana.\nCliente: Vale gracias"


def test_disabled_rules_in_the_config_switch_off_exactly_those_findings(tmp_path):
    path = tmp_path / "equipo.yaml"
    path.write_text("disabled_rules: [formal.le-informo-que, filler.eh]\n", encoding="utf-8")
    config = load_config(path)
    assert config.disabled_rules == ("formal.le-informo-que", "filler.eh")
    app = WorkshopApp(config=config)
    before = [f.id for f in workshop.analyze(TEXT, "es").findings]
    app.state.load(workshop.load(TEXT, lang="es"))
    after = [f.id for f in app.state.original_analysis.findings]
    assert {"formal.le-informo-que", "filler.eh"} <= set(before)
    assert after == [i for i in before if i not in {"formal.le-informo-que", "filler.eh"}]
