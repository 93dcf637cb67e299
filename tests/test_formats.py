"""Contact-center exports read as they come: each format from its content, speakers to roles, times kept."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from workshop import Transcript, WorkshopError
from workshop.cli import main
from workshop.formats import detect
from workshop.loaders import FORMATS, load_bytes, load_file, load_text

DATA = Path(__file__).parent / "data" / "formats"


def turns_of(t: Transcript) -> list[tuple[str, str]]:
    return [(turn.speaker, turn.role) for turn in t.turns]


# file, format tag, (speaker, role) of each turn, first words of the first turn, timing kind
CASES = [
    ("whatsapp_android_es.txt", "whatsapp",
     [("Carmen Ruiz", "customer"), ("Soporte Casa Nube", "agent")] * 2 + [("Carmen Ruiz", "customer")],
     "Hola, buenos días. Compré una lámpara", "chat"),
    ("whatsapp_ios_en.txt", "whatsapp",
     [("Jordan Ellis", "customer"), ("Bluebird Books Support", "agent")] * 2, "Hi, I ordered two books", "chat"),
    ("chat_log_es.txt", None, [("Cliente", "customer"), ("Agente Pablo", "agent")] * 3,
     "Hola, no puedo entrar en mi cuenta", "chat"),
    ("call_es.srt", "srt", [("Agente", "agent"), ("Cliente", "customer"), ("Agente", "agent"), ("Agente", "agent"),
                            ("Cliente", "customer")], "Buenas tardes, Telefonía Brisa", "speech"),
    ("call_en.vtt", None, [("Agent Chris", "agent"), ("Customer", "customer")] * 2 + [("Agent Chris", "agent")],
     "Thank you for calling Harbor Water", "speech"),
    ("transcribe_speakers_es.json", "transcribe",
     [("spk_0", "agent"), ("spk_1", "customer"), ("spk_0", "agent"), ("spk_0", "agent"), ("spk_1", "customer"),
      ("spk_0", "agent"), ("spk_1", "customer")], "Buenos días, le atiende Marta de Energía Clara. ¿En qué", "speech"),
    ("transcribe_channels_en.json", "transcribe",
     [("ch_0", "agent"), ("ch_1", "customer"), ("ch_0", "agent"), ("ch_0", "agent"), ("ch_1", "customer")],
     "Thanks for calling Northwind Broadband, this is Sam. How can I help?", "speech"),
    ("contact_lens_es.json", "contact-lens",
     [("AGENT", "agent"), ("CUSTOMER", "customer"), ("AGENT", "agent"), ("CUSTOMER", "customer"),
      ("CUSTOMER", "customer"), ("AGENT", "agent")], "Gracias por llamar a Seguros Horizonte", "speech"),
    ("google_es.json", "google", [("Speaker 1", "agent"), ("Speaker 2", "customer")] * 2,
     "Buenas tardes, Banco Alameda", "speech"),
    ("azure_en.json", "azure", [("Speaker 1", "agent"), ("Speaker 2", "customer")] * 2 + [("Speaker 2", "customer")],
     "Good morning, Contoso Travel", "speech"),
    ("zendesk_es.json", "zendesk", [("Elena Campos", "customer"), ("Iván (Soporte)", "agent"),
                                    ("Elena Campos", "customer")], "Hola, este mes me han cobrado", "chat"),
    ("intercom_en.json", "intercom", [("Riley Moss", "customer"), ("Alex from Receiptly", "agent")] * 2,
     "Hi, the app won't let me upload", "chat"),
    ("freshdesk_es.json", "freshdesk", [("4400", "customer"), ("3100", "agent")] * 2,
     "Hola, el router nuevo no enciende.", "chat"),
    ("speech_segments_en.csv", None, [("Agent", "agent"), ("Customer", "customer")] * 2,
     "Good afternoon, Maple Insurance", "speech"),
]


@pytest.mark.parametrize("filename, tag, speakers, opening, timing", CASES, ids=[c[0] for c in CASES])
def test_each_format_file_gives_its_turns_roles_and_times(filename, tag, speakers, opening, timing):
    t = load_file(DATA / filename)
    assert turns_of(t) == speakers
    assert t.turns[0].text.startswith(opening)
    assert t.metadata.get("format") == tag
    assert t.metadata.get("timing") == timing
    assert all(turn.start is not None for turn in t.turns)
    assert [turn.start for turn in t.turns] == sorted(turn.start for turn in t.turns)


def test_language_comes_from_the_file_or_the_text():
    assert load_file(DATA / "transcribe_channels_en.json").language == "en"
    assert load_file(DATA / "contact_lens_es.json").language == "es"
    assert load_file(DATA / "whatsapp_ios_en.txt").language == "en"


@pytest.mark.parametrize("filename, wrong_ext", [
    ("whatsapp_android_es.txt", ".csv"), ("transcribe_speakers_es.json", ".txt"), ("call_es.srt", ".txt"),
    ("call_en.vtt", ".txt"), ("zendesk_es.json", ".txt"), ("speech_segments_en.csv", ".txt"),
])
def test_format_comes_from_content_not_extension(filename, wrong_ext):
    right = load_file(DATA / filename)
    data = (DATA / filename).read_bytes()
    wrong = load_bytes(data, "export" + wrong_ext)
    assert [(x.speaker, x.text, x.start) for x in wrong.turns] == [(x.speaker, x.text, x.start) for x in right.turns]


def test_pasted_whatsapp_text_is_read_as_whatsapp():
    text = (DATA / "whatsapp_android_es.txt").read_text(encoding="utf-8")
    assert load_text(text).metadata["format"] == "whatsapp"
    assert detect(text, ".txt").__name__ == "parse_whatsapp"


def test_whatsapp_skips_media_and_system_lines_and_keeps_multiline_messages():
    t = load_file(DATA / "whatsapp_android_es.txt")
    text = "\n".join(turn.text for turn in t.turns)
    assert "cifrados" not in text and "Multimedia" not in text and "imagen omitida" not in text
    assert t.turns[1].text == ("Buenos días, Carmen. Siento mucho que haya llegado así.\n"
                               "¿Me indica el número de pedido, por favor?")
    assert [n.code for n in t.notices] == ["notice_chat_skipped"]
    assert t.notices[0].params["count"] == 2
    assert t.channel == "chat"


@pytest.mark.parametrize("lines, seconds", [
    # Android, Spanish, 12 h with "p. m." and a four-digit year
    (["12/3/2024, 11:58 p. m. - Cliente: Hola", "13/3/2024, 12:03 a. m. - Agente: Buenas noches"], [0, 300]),
    # Android, US English: month first (14 can only be a day), 12 h
    (["3/14/24, 9:05 PM - Customer: Hi", "3/14/24, 9:07 PM - Agent: Hello"], [0, 120]),
    # iOS, Spanish, 24 h with seconds
    (["[12/03/24, 10:42:05] Cliente: Hola", "[12/03/24, 10:42:50] Agente: Buenos días"], [0, 45]),
    # day first decided by a later date over 12
    (["05/03/24, 10:00 - Cliente: Hola", "06/03/24, 10:00 - Agente: Perdone el retraso", "13/03/24, 10:00 - Cliente: Vale"],
     [0, 86400, 8 * 86400]),
])
def test_whatsapp_locales_and_date_orders(lines, seconds):
    t = load_text("\n".join(lines))
    assert t.metadata["format"] == "whatsapp"
    assert [turn.start for turn in t.turns] == seconds


def test_chat_log_clock_times_cross_midnight():
    t = load_file(DATA / "chat_log_es.txt")
    assert [turn.start for turn in t.turns] == [0, 60, 180, 240, 7260, 7380]


def test_lines_with_a_time_but_no_speaker_label_stay_plain_text():
    t = load_text("Agente: Hola\nCliente: Buenas")
    assert t.metadata == {} and all(turn.start is None for turn in t.turns)


def test_transcribe_speaker_labels_follow_the_user_roles():
    t = load_file(DATA / "transcribe_speakers_es.json", roles={"spk_0": "customer", "spk_1": "agent"})
    assert [turn.role for turn in t.turns][:2] == ["customer", "agent"]
    assert t.notices == []


def test_transcribe_channels_interleave_by_time_and_keep_punctuation():
    t = load_file(DATA / "transcribe_channels_en.json")
    assert t.turns[1].text == "Hi, my internet keeps dropping every evening."
    assert t.turns[1].start == 4.6


def test_zendesk_private_notes_are_left_out_and_authors_follow_the_override():
    t = load_file(DATA / "zendesk_es.json")
    assert "Nota interna" not in " ".join(turn.text for turn in t.turns)
    assert [n.code for n in t.notices] == ["notice_private_skipped"]
    swapped = load_file(DATA / "zendesk_es.json", roles={"Elena Campos": "agent", "Iván (Soporte)": "customer"})
    assert [turn.role for turn in swapped.turns] == ["agent", "customer", "agent"]


def test_intercom_html_bodies_become_text():
    t = load_file(DATA / "intercom_en.json")
    assert t.turns[1].text == "Hi Riley, sorry for the trouble!\nWhich phone are you using?"
    assert "&amp;" not in t.turns[3].text and "<p>" not in t.turns[3].text


def test_csv_columns_are_the_users_choice():
    path = DATA / "crm_export_es.csv"
    with pytest.raises(WorkshopError) as info:
        load_file(path)
    assert info.value.code == "csv_columns"
    t = load_file(path, columns={"speaker": "Autor", "text": "Mensaje", "time": "Hora"})
    assert turns_of(t) == [("Cliente", "customer"), ("Agente Nerea", "agent"), ("Agente Nerea", "agent"),
                           ("Cliente", "customer")]
    assert [turn.start for turn in t.turns] == [0, 85, 185, 235]
    assert t.metadata["timing"] == "chat"


def test_cli_reads_csv_columns_and_a_mixed_folder(tmp_path):
    import io

    out, err = io.StringIO(), io.StringIO()
    code = main(["analyze", str(DATA), "--format", "csv", "--columns", "speaker=Autor,text=Mensaje,time=Hora"],
                out=out, err=err)
    assert code == 0, err.getvalue()
    import csv

    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == len(list(DATA.iterdir()))
    by_name = {Path(r["source"]).name: r for r in rows}
    assert by_name["contact_lens_es.json"]["silence_seconds"] == "15.0"
    assert by_name["crm_export_es.csv"]["agent_response_seconds"] == "85.0"
    assert by_name["call_en.vtt"]["agent_response_seconds"] == ""


def test_every_format_extension_is_accepted_by_upload_and_batch():
    assert {".txt", ".json", ".csv", ".vtt", ".srt"} <= set(FORMATS)


def test_unknown_json_shape_says_what_was_expected_in_both_languages():
    with pytest.raises(WorkshopError) as info:
        load_text(json.dumps({"results": {"nothing": 1}}), fmt=".json", name="export.json")
    assert info.value.code == "json_shape"
    assert "Amazon Transcribe" in info.value.message("es") and "Exporte" in info.value.message("es")
    assert "Amazon Transcribe" in info.value.message("en") and "Export" in info.value.message("en")


def test_unknown_extension_names_srt_among_the_formats():
    with pytest.raises(WorkshopError) as info:
        load_bytes(b"Agente: hola", "call.pdf")
    assert info.value.code == "unknown_format"
    assert ".srt" in info.value.message("es") and ".srt" in info.value.message("en")


def test_srt_without_cues_is_refused_with_a_message():
    with pytest.raises(WorkshopError) as info:
        load_text("no subtitles here", fmt=".srt", name="x.srt")
    assert info.value.code == "srt_cues"
    assert "00:00:01,000" in info.value.message("es") and "00:00:01,000" in info.value.message("en")


@pytest.mark.parametrize("text", [
    "12/03/24, 10:42 - " + "a" * 200_000,
    "12/03/24, 10:42 - " + "a: " * 60_000,
    "[12/03/24, 10:42] " + " " * 200_000 + ":",
    "1\n00:00:01,000 --> 00:00:02,000\n" + "<" * 200_000,
    json.dumps({"results": {"items": [{"type": "pronunciation", "start_time": str(i), "end_time": str(i),
                                       "alternatives": [{"content": "hola"}]} for i in range(4000)],
                            "speaker_labels": {"segments": []}}}),
    "speaker,text\n" + "a," * 100_000,
    "12/03/24, 10:42 - Ana: hola\n12/03/24, 10:43 - Soporte: buenas\n" * 15_000,
    "[10:42] Ana: hola\n" * 40_000,
    "1\n00:00:01,000 --> 00:00:02,000\nAgente: hola\n\n" * 20_000,
])
def test_hostile_exports_are_answered_quickly(text):
    # The hazard is a regex that backtracks or a loop that is quadratic in the lines: minutes, not
    # seconds. The biggest of these inputs (40,000 lines) takes ~0.9 s of CPU on a quiet machine and
    # ~1.5 s while the browser tests share its 2 cores; quadratic work would take well over a minute.
    started = time.process_time()
    try:
        load_text(text, max_words=None)
    except WorkshopError:
        pass
    assert time.process_time() - started < 4


def test_times_survive_to_dict_and_from_dict_and_our_json():
    t = load_file(DATA / "call_en.vtt")
    data = t.to_dict()
    assert data["turns"][0]["start"] == 0.4 and data["turns"][0]["end"] == 3.9
    back = Transcript.from_dict(json.loads(json.dumps(data)))
    assert [(x.start, x.end) for x in back.turns] == [(x.start, x.end) for x in t.turns]
    again = load_text(json.dumps(data), fmt=".json")
    assert [(x.start, x.end) for x in again.turns] == [(x.start, x.end) for x in t.turns]
    assert again.metadata["timing"] == "speech"


def test_a_transcript_without_times_saves_as_before():
    t = load_text("Agente: Hola\nCliente: Buenas")
    assert t.to_dict()["turns"] == [{"speaker": "Agente", "role": "agent", "text": "Hola"},
                                    {"speaker": "Cliente", "role": "customer", "text": "Buenas"}]
    assert Transcript.from_dict(t.to_dict()).turns[0].start is None


def test_the_apps_upload_takes_every_format_and_reads_an_srt():
    from datetime import datetime, timezone

    from workshop.app import WorkshopApp

    app = WorkshopApp(typing_pause=None, ui="es")
    accepted = app.picker.upload.accept.split(",")
    assert {".txt", ".json", ".csv", ".vtt", ".srt"} <= set(accepted)
    assert ".srt" in app.picker.upload_help.value
    data = (DATA / "call_es.srt").read_bytes()
    app.picker.upload.value = ({"name": "llamada.srt", "type": "application/x-subrip", "size": len(data),
                                "content": memoryview(data), "last_modified": datetime.now(timezone.utc)},)
    assert app.state.transcript.turns[0].text.startswith("Buenas tardes, Telefonía Brisa")
    assert app.state.transcript.turns[0].start == 0.5


@pytest.mark.parametrize("text", [
    json.dumps({"Participants": [], "Transcript": [{"ParticipantId": "AGENT", "Content": "Hola",
                                                    "BeginOffsetMillis": 10 ** 400, "EndOffsetMillis": 1}]}),
    json.dumps({"comments": [{"author_id": 1, "body": "Hola", "created_at": "0001-01-01T00:00:00"},
                             {"author_id": 2, "body": "Buenas", "created_at": "9999-12-31T23:59:59+14:00"}]}),
    json.dumps({"comments": [{"author_id": 1, "body": 5}]}),
    json.dumps({"results": {"items": [7, "x"], "transcripts": []}}),
    json.dumps({"results": [{"alternatives": [{"transcript": "hola", "words": [{"startTime": {"seconds": "x"}}]}]}]}),
    json.dumps({"recognizedPhrases": [{"nBest": [{"display": "hola"}], "offsetInTicks": "NaN"}]}),
    "speaker,text,start\nAgente,hola,0001-01-01T00:00:00\nCliente,buenas,1e999\n",
    "31/02/24, 10:42 - Cliente: Hola\n30/02/24, 25:99 - Agente: Buenas",
])
def test_odd_values_in_exports_give_a_transcript_or_a_message(text):
    try:
        t = load_text(text)
    except WorkshopError as error:
        assert error.message("es") and error.message("en")
    else:
        assert t.turns
