"""Measures from the source's clock: real speaking time, silences, overlaps, speaking rate, chat response
times; absent (None, not 0) without times; in Compare and the report beside the estimate from words."""
from __future__ import annotations

import json
import textwrap
from dataclasses import asdict
from pathlib import Path

import pandas as pd
import pytest

import workshop
from workshop.engine.compare import compare
from workshop.engine.metrics import TIMED
from workshop.loaders import load_file, load_text
from workshop.report import export_markdown
from workshop.sessions import SessionStore, Snapshot

DATA = Path(__file__).parent / "data" / "formats"

# A call written by hand: agent 0-4, customer 4.5-8, agent 8.2-10, a 6 s hold, agent 16-20,
# customer 19.5-22 (over the agent's end), agent 21-23 (1 s over the customer).
CALL = {"title": "Reclamación", "language": "es", "turns": [
    {"speaker": "Agente", "text": "Buenos días, le atiende Sara.", "start": 0, "end": 4},
    {"speaker": "Cliente", "text": "Hola, mi pedido llegó roto.", "start": 4.5, "end": 8},
    {"speaker": "Agente", "text": "Lo siento, lo reviso.", "start": 8.2, "end": 10},
    {"speaker": "Agente", "text": "Ya está: le mando otro hoy mismo.", "start": 16, "end": 20},
    {"speaker": "Cliente", "text": "Vale, gracias por todo.", "start": 19.5, "end": 22},
    {"speaker": "Agente", "text": "A usted, que tenga buen día.", "start": 21, "end": 23},
]}


def timing_of(source, **kwargs):
    return workshop.analyze(source, **kwargs).metrics.timing


def test_speech_times_give_speaking_time_silences_overlaps_and_rate():
    t = load_text(json.dumps(CALL), fmt=".json")
    timing = timing_of(t)
    assert timing.duration_seconds == 23.0
    assert timing.agent_real_speaking_seconds == 4 + 1.8 + 4 + 2
    assert timing.customer_real_speaking_seconds == 3.5 + 2.5
    assert (timing.silences, timing.silence_seconds) == (1, 6.0)
    assert (timing.agent_overlaps, timing.agent_overlap_seconds) == (1, 1.0)
    agent_words = 5 + 4 + 7 + 6
    assert timing.agent_words_per_minute == round(agent_words / 11.8 * 60, 1)
    assert timing.agent_response_seconds is None  # a call: response time is a chat measure


def test_silence_threshold_comes_from_the_pack_settings(tmp_path):
    pack = tmp_path / "espera-larga.yaml"
    pack.write_text(textwrap.dedent("""\
        pack: espera-larga
        language: es
        extends: default
        settings:
          silence_threshold_seconds: 7
        """), encoding="utf-8")
    t = load_text(json.dumps(CALL), fmt=".json")
    assert timing_of(t).silences == 1
    assert timing_of(t, rules=[pack]).silences == 0
    assert timing_of(t, rules=[pack]).silence_seconds == 0.0


def test_a_hold_inside_one_speakers_speech_is_a_silence():
    timing = timing_of(load_file(DATA / "transcribe_speakers_es.json"))
    assert timing.silences == 1 and timing.silence_seconds == pytest.approx(21.0 - 11.78, abs=0.1)
    assert timing.agent_overlaps == 1  # the agent answers while the customer is still thanking
    lens = timing_of(load_file(DATA / "contact_lens_es.json"))
    assert (lens.silences, lens.silence_seconds) == (1, 15.0)


def test_chat_times_give_response_times_not_speaking_time():
    timing = timing_of(load_file(DATA / "whatsapp_android_es.txt"))
    # 10:41 customer → 10:43 agent (120 s); 10:47 customer → 10:52 agent (300 s)
    assert timing.agent_response_seconds == 210.0
    assert timing.agent_max_response_seconds == 300.0
    assert timing.agent_real_speaking_seconds is None and timing.silences is None
    zendesk = timing_of(load_file(DATA / "zendesk_es.json"))
    assert zendesk.agent_response_seconds == 50 * 60  # 08:15 → 09:05; the private note does not answer


@pytest.mark.parametrize("text", ["Agente: Hola, buenos días.\nCliente: Hola.",
                                  json.dumps([{"speaker": "Agente", "text": "Hola", "start": 1, "end": 2},
                                              {"speaker": "Cliente", "text": "Hola"}])])
def test_without_times_every_timing_measure_is_absent_not_zero(text):
    result = workshop.analyze(load_text(text, fmt=".json" if text.startswith("[") else ".txt"))
    flat = result.metrics.as_dict()
    assert all(flat[key] is None for key, _ in TIMED)
    table = compare(result, result)
    assert not set(table["metric"]) & {key for key, _ in TIMED}


def test_compare_shows_the_originals_real_time_beside_the_rewrites_estimate():
    t = load_text(json.dumps(CALL), fmt=".json")
    rewrite = t.with_texts({3: "Le mando otro hoy."})
    assert rewrite.turns[3].start is None and rewrite.turns[2].start == 8.2
    table = compare(t, rewrite, ui="es").set_index("metric")
    assert table.loc["agent_real_speaking_seconds", "before"] == 11.8
    assert pd.isna(table.loc["agent_real_speaking_seconds", "after"])  # the rewrite has no clock
    assert table.loc["agent_real_speaking_seconds", "label"] == "Tiempo hablado real del agente (s)"
    estimate = table.loc["agent_speaking_seconds"]
    assert estimate["before"] > estimate["after"] > 0


def test_report_lists_the_real_time_measures(tmp_path):
    store = SessionStore(tmp_path)
    try:
        t = load_file(DATA / "call_en.vtt")
        sid = store.create("Lead", "Chris", t, title="Leak call")
        rewrite = {2: "Sorry to hear that. Is water on the street?"}
        metrics = workshop.analyze(t.with_texts(rewrite)).metrics.as_dict()
        store.save(sid, Snapshot(rewrite, {}, {}, metrics), base=0)
        assert store.transcript(sid).turns[0].start == 0.4  # the sessions store keeps the times
        report = export_markdown(store, sid, ui="en")
    finally:
        store.close()
    assert "| Agent real speaking time" in report and "| Agent talking over the customer" in report


def test_timing_labels_exist_in_both_catalogs():
    from workshop.i18n import metric_label

    for key, _ in TIMED:
        es, en = metric_label(key, "es"), metric_label(key, "en")
        assert es != key and en != key and es != en


def test_timing_metrics_survive_as_dict_round_trip():
    t = load_file(DATA / "call_es.srt")
    metrics = workshop.analyze(t).metrics
    flat = metrics.as_dict()
    assert {k: flat[k] for k in asdict(metrics.timing)} == asdict(metrics.timing)
    assert flat["silences"] == 1 and flat["silence_seconds"] == 8.5


def test_config_sets_the_silence_threshold_and_csv_columns(tmp_path):
    from datetime import datetime, timezone

    from workshop.app import WorkshopApp
    from workshop.config import load_config

    path = tmp_path / "equipo.yaml"
    path.write_text("silence_threshold_seconds: 10\ncsv_columns: {speaker: Autor, text: Mensaje, time: Hora}\n",
                    encoding="utf-8")
    config = load_config(path)
    assert config.silence_threshold_seconds == 10 and config.csv_columns["text"] == "Mensaje"
    app = WorkshopApp(typing_pause=None, ui="es", config=config)
    data = (DATA / "crm_export_es.csv").read_bytes()
    app.picker.upload.value = ({"name": "crm.csv", "type": "text/csv", "size": len(data), "content": memoryview(data),
                                "last_modified": datetime.now(timezone.utc)},)
    assert app.state.transcript.turns[1].speaker == "Agente Nerea"
    app.state.load(load_file(DATA / "call_es.srt"))  # an 8.5 s hold: under the config's 10 s
    assert app.state.original_analysis.metrics.timing.silences == 0


def test_a_bad_csv_columns_setting_is_refused_with_its_line(tmp_path):
    from workshop.config import load_config
    from workshop.engine.rules import RulePackError

    path = tmp_path / "equipo.yaml"
    path.write_text("max_words: 500\ncsv_columns: {who: Autor}\n", encoding="utf-8")
    with pytest.raises(RulePackError) as info:
        load_config(path)
    assert info.value.line == 2
    assert "speaker" in info.value.message("es") and "speaker" in info.value.message("en")


def test_the_apps_compare_pane_shows_real_time_rows_and_summary():
    from workshop.app import WorkshopApp

    app = WorkshopApp(load_file(DATA / "call_es.srt"), typing_pause=None, ui="es")
    app.tabs.selected_index = 1
    app.compare.render()
    assert 'data-metric="agent_real_speaking_seconds"' in app.compare.table.value
    assert "el agente habló 12 s" in app.compare.summary.value  # 3.7 + 2.7 + 5.3 s of the agent's cues
    chat = WorkshopApp(load_file(DATA / "whatsapp_android_es.txt"), typing_pause=None, ui="en")
    chat.tabs.selected_index = 1
    chat.compare.render()
    assert "210 s to answer on average" in chat.compare.summary.value
    plain = WorkshopApp(workshop.load("Agente: Hola.\nCliente: Hola."), typing_pause=None, ui="es")
    plain.tabs.selected_index = 1
    plain.compare.render()
    assert "agent_real_speaking_seconds" not in plain.compare.table.value and "grabación" not in plain.compare.summary.value
