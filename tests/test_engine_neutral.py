"""Findings and metrics are language-neutral: codes and parameters, worded only when shown (issue 11)."""
from __future__ import annotations

import csv
import io
import re

import pytest

import workshop
import workshop.state
from workshop.app import WorkshopApp
from workshop.cli import main as cli_main
from workshop.i18n import band_label

ES = ("Agente: Buenos días, o sea, le informo que su pedido salió ayer.\n"
      "Cliente: Estoy harto, es la tercera vez que llamo.\n"
      "Agente: ¿Tiene el número de pedido? ¿Lo tiene a mano?\n")


def test_the_engine_returns_codes_and_parameters_not_sentences():
    result = workshop.analyze(ES, ui="es")
    assert result.found, "a filler, a formal phrase, missing empathy and closed questions are in the text"
    for f in result.found:
        assert f.message == "" and f.code and dict(f.params)["text"] == f.text
    empathy = next(f for f in result.found if f.category == "missing-empathy")
    assert dict(empathy.params)["emotion"] == "frustration"  # an emotion code, not the word "frustración"


def test_in_ui_rewords_the_same_findings_without_running_the_detectors(monkeypatch):
    result = workshop.analyze(ES, ui="es")
    calls = []
    monkeypatch.setattr("workshop.engine.analyze.DETECTORS", (lambda doc: calls.append(doc) or iter(()),))
    english = result.in_ui("en")
    assert english.found is result.found and english.metrics is result.metrics
    assert not calls
    es_messages = [f.message for f in result.findings]
    en_messages = [f.message for f in english.findings]
    assert all(es_messages) and all(en_messages) and es_messages != en_messages
    filler_en = next(f.message for f in english.findings if f.category == "filler")
    assert "filler" in filler_en and "muletilla" not in filler_en
    assert "frustration" in next(f.message for f in english.findings if f.category == "missing-empathy")
    assert "frustración" in next(f.message for f in result.findings if f.category == "missing-empathy")
    assert result.in_ui("en") is english  # worded once per language


def test_readability_is_a_band_code_worded_per_language():
    es = workshop.analyze(ES).metrics.agent
    assert re.fullmatch(r"inflesz_[a-z_]+", es.readability_band)
    en = workshop.analyze("Agent: Hi. How can I help you today?\nCustomer: My order is late.\n").metrics.agent
    assert re.fullmatch(r"flesch_[a-z_]+", en.readability_band)
    assert band_label("flesch_fairly_easy", "en") == "fairly easy"
    assert band_label("inflesz_fairly_easy", "es") == "bastante fácil"
    assert band_label("", "es") == ""


def test_switching_the_app_language_rewords_without_analysing_again(monkeypatch):
    app = WorkshopApp(typing_pause=None, ui="es")
    app.tabs.selected_index = 1  # Compare built too: every pane that shows findings or metrics
    before_body = app.original.body.value
    calls = []
    real = workshop.state.analyze

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(workshop.state, "analyze", counting)
    app.language.value = "en"
    assert calls == [], "ES → EN must re-render, not re-analyse"
    english = app.state.rewrite_analysis.findings
    assert english and all(f.message for f in english)
    assert app.original.body.value != before_body
    import html

    assert html.escape(english[0].message, quote=True) in app.original.body.value
    app.language.value = "es"
    assert calls == []


def test_analyze_csv_of_findings_carries_each_rule_id(tmp_path, capsys):
    path = tmp_path / "call.txt"
    path.write_text(ES, encoding="utf-8")
    code = cli_main(["--ui", "en", "analyze", str(path), "--format", "csv", "--table", "findings"])
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    ids = {r["id"] for r in rows}
    assert "formal.le-informo-que" in ids and "filler.o-sea" in ids
    filler = next(r for r in rows if r["id"] == "filler.o-sea")
    assert filler["category"] == "filler" and filler["text"] == "o sea" and filler["turn"] == "0"
    assert "filler" in filler["message"]  # worded in --ui en


@pytest.mark.parametrize("ui, word", [("es", "muletilla"), ("en", "filler")])
def test_json_output_has_code_params_and_the_message_in_the_ui_language(tmp_path, capsys, ui, word):
    import json

    path = tmp_path / "call.txt"
    path.write_text(ES, encoding="utf-8")
    assert cli_main(["--ui", ui, "analyze", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    filler = next(f for f in data["findings"] if f["category"] == "filler")
    assert filler["code"] == "filler" and filler["params"] == {"text": "o sea"}
    assert word in filler["message"]
