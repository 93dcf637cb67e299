"""Loading transcripts: formats, roles, language, encodings and every refusal."""
from __future__ import annotations

import json
import pathlib

import pytest

import workshop
from workshop import Notice, Transcript, WorkshopError
from workshop.loaders import load_bytes, load_file, load_text


def turns_of(transcript: Transcript) -> list[tuple[str, str, str]]:
    return [(t.speaker, t.role, t.text) for t in transcript.turns]


def notice_codes(transcript: Transcript) -> list[str]:
    return [n.code for n in transcript.notices]


def raises_code(code: str, func, *args, **kwargs) -> WorkshopError:
    with pytest.raises(WorkshopError) as info:
        func(*args, **kwargs)
    assert info.value.code == code
    return info.value


# ---------------------------------------------------------------- .txt and pasted text

def test_txt_file_speaker_lines_become_turns(tmp_path):
    path = tmp_path / "call.txt"
    path.write_text("Agente: Buenos días, ¿en qué le ayudo?\nCliente: Mi pedido no ha llegado.\n", encoding="utf-8")
    t = load_file(path)
    assert turns_of(t) == [
        ("Agente", "agent", "Buenos días, ¿en qué le ayudo?"),
        ("Cliente", "customer", "Mi pedido no ha llegado."),
    ]
    assert t.notices == []


def test_unlabelled_line_continues_previous_turn_with_newline():
    t = load_text("Agente: Le explico.\nEl pedido sale hoy.\nCliente: Gracias.")
    assert turns_of(t) == [
        ("Agente", "agent", "Le explico.\nEl pedido sale hoy."),
        ("Cliente", "customer", "Gracias."),
    ]


def test_label_used_once_without_role_stays_inside_turn():
    t = load_text("Agente: Le cuento.\nNota: llega el lunes\nCliente: Vale.")
    assert turns_of(t) == [
        ("Agente", "agent", "Le cuento.\nNota: llega el lunes"),
        ("Cliente", "customer", "Vale."),
    ]


def test_label_used_twice_counts_as_speaker():
    t = load_text("Agente: Hola.\nLaura: Soy Laura.\nCliente: Hola.\nLaura: Sigo aquí.")
    assert [turn.speaker for turn in t.turns] == ["Agente", "Laura", "Cliente", "Laura"]


def test_leading_timestamps_are_accepted():
    t = load_text("[10:32] Agente: hola\n[10:33] Cliente: buenas tardes")
    assert turns_of(t) == [("Agente", "agent", "hola"), ("Cliente", "customer", "buenas tardes")]


def test_pasted_text_with_newlines_is_text_not_a_path():
    t = workshop.load("Agente: Hola, le atiende Laura.\nCliente: Tengo un problema con la factura.")
    assert turns_of(t) == [
        ("Agente", "agent", "Hola, le atiende Laura."),
        ("Cliente", "customer", "Tengo un problema con la factura."),
    ]


def test_load_accepts_a_path_string(tmp_path):
    path = tmp_path / "call.txt"
    path.write_text("Agente: Hola.\nCliente: Adiós.", encoding="utf-8")
    t = workshop.load(str(path))
    assert [turn.text for turn in t.turns] == ["Hola.", "Adiós."]
    assert t.source == str(path)


def test_text_without_speakers_is_one_agent_turn_with_notice():
    t = workshop.load("Hola, le llamo por la factura.")
    assert len(t.turns) == 1
    assert t.turns[0].role == "agent"
    assert t.turns[0].text == "Hola, le llamo por la factura."
    assert notice_codes(t) == ["notice_one_speaker"]


# ---------------------------------------------------------------- .json

def test_json_list_of_turns(tmp_path):
    path = tmp_path / "call.json"
    path.write_text(json.dumps([
        {"speaker": "Agente", "text": "Hola."},
        {"speaker": "Cliente", "text": "Buenas."},
    ]), encoding="utf-8")
    t = load_file(path)
    assert turns_of(t) == [("Agente", "agent", "Hola."), ("Cliente", "customer", "Buenas.")]


def test_json_object_fields_and_metadata(tmp_path):
    path = tmp_path / "call.json"
    path.write_text(json.dumps({
        "title": "Factura duplicada",
        "language": "es",
        "channel": "chat",
        "scenario": "billing",
        "difficulty": "easy",
        "id": "x-1",
        "turns": [{"speaker": "Asesora", "text": "Hola."}, {"speaker": "Cliente", "text": "Buenas."}],
    }), encoding="utf-8")
    t = load_file(path)
    assert (t.title, t.language, t.channel, t.scenario) == ("Factura duplicada", "es", "chat", "billing")
    assert t.metadata == {"difficulty": "easy", "id": "x-1"}
    assert turns_of(t) == [("Asesora", "agent", "Hola."), ("Cliente", "customer", "Buenas.")]


def test_invalid_json_reports_line_and_column(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[\n  {"speaker": "Agente", "text": "Hola"}\n  {"speaker": "Cliente", "text": "Hola"}\n]',
                    encoding="utf-8")
    exc = raises_code("bad_json", load_file, path)
    assert (exc.params["line"], exc.params["col"]) == (3, 3)
    assert "3" in exc.message("es") and "3" in exc.message("en")


def test_json_object_without_turns_is_json_shape():
    raises_code("json_shape", load_text, '{"foo": 1}', fmt=".json", name="x.json")


def test_json_list_of_non_turns_is_json_turn():
    exc = raises_code("json_turn", load_text, "[1, 2]", fmt=".json", name="x.json")
    assert exc.params["index"] == 1


# ---------------------------------------------------------------- .csv

@pytest.mark.parametrize("name, content, expected", [
    ("call.csv", 'speaker,text\nAgent,"Hello, how can I help?"\nCustomer,My order is late.\n',
     [("Agent", "agent", "Hello, how can I help?"), ("Customer", "customer", "My order is late.")]),
    ("llamada.csv", "hablante;texto\nAgente;Hola, buenas tardes\nCliente;Tengo un problema\n",
     [("Agente", "agent", "Hola, buenas tardes"), ("Cliente", "customer", "Tengo un problema")]),
])
def test_csv_speaker_and_text_columns(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert turns_of(load_file(path)) == expected


def test_csv_without_needed_columns_is_refused(tmp_path):
    path = tmp_path / "numbers.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    raises_code("csv_columns", load_file, path)


# ---------------------------------------------------------------- .vtt

VTT = """WEBVTT

00:00:01.000 --> 00:00:02.000
<v Agente>Hola

00:00:02.000 --> 00:00:03.000
<v Agente>buenas tardes

00:00:03.000 --> 00:00:04.000
<v Cliente>Mi pedido no llega
"""


def test_vtt_voices_and_consecutive_cues_merge(tmp_path):
    path = tmp_path / "call.vtt"
    path.write_text(VTT, encoding="utf-8")
    t = load_file(path)
    assert [(turn.speaker, turn.role) for turn in t.turns] == [("Agente", "agent"), ("Cliente", "customer")]
    assert t.turns[0].text.split() == ["Hola", "buenas", "tardes"]
    assert t.turns[1].text == "Mi pedido no llega"


def test_vtt_without_header_is_refused(tmp_path):
    path = tmp_path / "call.vtt"
    path.write_text(VTT.replace("WEBVTT\n\n", ""), encoding="utf-8")
    raises_code("vtt_header", load_file, path)


# ---------------------------------------------------------------- roles

@pytest.mark.parametrize("label, role", [
    ("Agente", "agent"), ("Asesor", "agent"), ("Asesora", "agent"), ("Operador", "agent"),
    ("Operadora", "agent"), ("Ejecutivo", "agent"), ("Ejecutiva", "agent"), ("Agent", "agent"),
    ("Rep", "agent"), ("Advisor", "agent"),
    ("Cliente", "customer"), ("Usuario", "customer"), ("Customer", "customer"), ("Caller", "customer"),
    ("Client", "customer"),
])
def test_default_role_words(label, role):
    t = load_text(f"{label}: Hola")
    assert [(turn.speaker, turn.role) for turn in t.turns] == [(label, role)]


@pytest.mark.parametrize("label, role", [
    ("AGENTE", "agent"), ("ASESORA", "agent"), ("Clienté", "customer"),
    ("Agente Laura", "agent"), ("Customer (Ana)", "customer"),
])
def test_role_words_ignore_case_accents_and_other_words(label, role):
    t = load_text(f"{label}: Hola")
    assert [(turn.speaker, turn.role) for turn in t.turns] == [(label, role)]


def test_roles_mapping_overrides():
    t = load_text("Laura: Hola, soy Laura.\nPedro: Hola.", roles={"Laura": "agent", "Pedro": "customer"})
    assert turns_of(t) == [("Laura", "agent", "Hola, soy Laura."), ("Pedro", "customer", "Hola.")]
    assert t.notices == []


def test_roles_mapping_can_reverse_a_default_word():
    t = load_text("Cliente: Hola.\nAgente: Buenas.", roles={"Cliente": "agent", "Agente": "customer"})
    assert [(turn.speaker, turn.role) for turn in t.turns] == [("Cliente", "agent"), ("Agente", "customer")]


def test_unknown_roles_first_speaker_is_agent_with_notice():
    t = load_text("Laura: Hola.\nPedro: Buenas.\nLaura: Dígame.\nPedro: Gracias.")
    assert [(turn.speaker, turn.role) for turn in t.turns] == [
        ("Laura", "agent"), ("Pedro", "customer"), ("Laura", "agent"), ("Pedro", "customer"),
    ]
    assert notice_codes(t) == ["notice_guessed_roles"]
    notice = t.notices[0]
    assert isinstance(notice, Notice)
    assert "Laura" in notice.message("es") and "agente" in notice.message("es")
    assert "Laura" in notice.message("en") and "agent" in notice.message("en")
    assert "Indique los roles" in notice.message("es")
    assert "Set the roles" in notice.message("en")


def test_bad_role_in_mapping_is_refused():
    exc = raises_code("bad_role", load_text, "Laura: Hola.\nPedro: Buenas.", roles={"Laura": "boss"})
    assert "boss" in exc.message("es") and "boss" in exc.message("en")


# ---------------------------------------------------------------- language

def test_spanish_is_detected():
    assert load_text("Agente: Hola, ¿en qué puedo ayudarle?\nCliente: Mi pedido no llega.").language == "es"


def test_english_is_detected():
    assert load_text("Agent: Hello, how can I help you today?\nCustomer: My order is late.").language == "en"


def test_lang_argument_overrides_detection():
    t = load_text("Agente: Hola, ¿en qué puedo ayudarle?\nCliente: Mi pedido no llega.", lang="en")
    assert t.language == "en"


def test_invalid_lang_is_refused():
    raises_code("bad_language", load_text, "Agente: Hola.\nCliente: Buenas.", lang="fr")


# ---------------------------------------------------------------- word limit

def words_text(n: int) -> str:
    """An agent turn of exactly n words, two of them written with ' and -."""
    return "Agente: " + " ".join(["palabra"] * (n - 2)) + ", don't wi-fi."


def test_exactly_500_words_loads():
    t = load_text(words_text(500))
    assert len(t.turns) == 1
    assert t.words == 500


def test_501_words_is_too_many():
    exc = raises_code("too_many_words", load_text, words_text(501))
    assert exc.params == {"words": 501, "limit": 500}


def test_max_words_argument_sets_the_limit():
    assert load_text(words_text(600), max_words=1000).words == 600
    exc = raises_code("too_many_words", load_text, words_text(11), max_words=10)
    assert exc.params == {"words": 11, "limit": 10}


def test_apostrophe_and_hyphen_words_count_once():
    t = load_text("Agent: I don't have wi-fi.")  # I / don't / have / wi-fi
    assert t.words == 4


# ---------------------------------------------------------------- encodings and bytes

def test_empty_text_is_refused():
    raises_code("empty", load_text, "")


def test_whitespace_only_text_is_refused():
    raises_code("empty", workshop.load, "   \n\t  \n")


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "nada.txt"
    path.write_bytes(b"")
    raises_code("empty", load_file, path)


def test_nul_bytes_are_binary():
    raises_code("binary", load_bytes, b"Agente: hola\x00\x00mundo", "call.txt")


def test_neither_utf8_nor_cp1252_is_undecodable():
    raises_code("undecodable", load_bytes, b"Agente: hola \x81\x8d\x8f\x90\x9d \xc3", "call.txt")


def test_cp1252_loads_with_notice_and_correct_accents():
    t = load_bytes("Agente: Buenos días, señor".encode("cp1252"), "call.txt")
    assert turns_of(t) == [("Agente", "agent", "Buenos días, señor")]
    assert notice_codes(t) == ["notice_cp1252"]
    assert "Windows-1252" in t.notices[0].message("es") and "tildes" in t.notices[0].message("es")
    assert "Windows-1252" in t.notices[0].message("en") and "accented" in t.notices[0].message("en")


def test_utf8_bom_is_dropped_without_notice():
    t = load_bytes(b"\xef\xbb\xbf" + "Agente: Hola\nCliente: Adiós".encode("utf-8"), "call.txt")
    assert turns_of(t) == [("Agente", "agent", "Hola"), ("Cliente", "customer", "Adiós")]
    assert t.notices == []


def test_utf16_with_bom_loads_with_notice():
    data = "Agente: Hola\nCliente: Adiós".encode("utf-16")
    assert data[:2] in (b"\xff\xfe", b"\xfe\xff")
    t = load_bytes(data, "call.txt")
    assert turns_of(t) == [("Agente", "agent", "Hola"), ("Cliente", "customer", "Adiós")]
    assert notice_codes(t) == ["notice_utf16"]


def test_control_characters_removed_with_notice():
    t = load_text("Agente: Hola\x07 se\u200fñor\nCliente: Buenas")
    assert turns_of(t) == [("Agente", "agent", "Hola señor"), ("Cliente", "customer", "Buenas")]
    assert notice_codes(t) == ["notice_control_chars"]
    assert t.notices[0].params["count"] == 2
    assert "caracteres" in t.notices[0].message("es")
    assert "characters" in t.notices[0].message("en")


def test_control_character_before_a_label_does_not_hide_the_speaker():
    # An RTL mark pasted at the start of a line must be removed, not swallow the turn.
    t = load_text("\u200fAgente: Hola\nCliente: Buenas")
    assert turns_of(t) == [("Agente", "agent", "Hola"), ("Cliente", "customer", "Buenas")]
    assert notice_codes(t) == ["notice_control_chars"]


def test_windows_line_endings_in_txt_are_not_control_characters(tmp_path):
    path = tmp_path / "windows.txt"
    path.write_bytes(b"Agente: Hola\r\nCliente: Buenas\r\n")
    t = load_file(path)
    assert turns_of(t) == [("Agente", "agent", "Hola"), ("Cliente", "customer", "Buenas")]
    assert t.notices == []


def test_windows_line_endings_in_csv_are_not_control_characters(tmp_path):
    path = tmp_path / "windows.csv"
    path.write_bytes(b"speaker,text\r\nAgent,Hello\r\nCustomer,My order is late\r\n")
    t = load_file(path)
    assert turns_of(t) == [("Agent", "agent", "Hello"), ("Customer", "customer", "My order is late")]
    assert t.notices == []


def test_file_over_one_megabyte_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(1_000_001)

    def no_read(self):
        raise RuntimeError("the file was read")

    monkeypatch.setattr(pathlib.Path, "read_bytes", no_read)
    raises_code("too_large", load_file, path)


def test_upload_over_one_megabyte_is_refused():
    raises_code("too_large", load_bytes, b"a" * 1_000_001, "big.txt")


def test_upload_of_exactly_one_megabyte_is_not_too_large():
    data = ("Agente: " + "hola " * 200_000).encode("ascii")[:1_000_000]
    assert len(data) == 1_000_000
    raises_code("too_many_words", load_bytes, data, "big.txt")


def test_unknown_extension_is_refused(tmp_path):
    path = tmp_path / "call.pdf"
    path.write_text("Agente: Hola", encoding="utf-8")
    exc = raises_code("unknown_format", load_file, path)
    assert ".pdf" in exc.message("es") and ".pdf" in exc.message("en")


def test_missing_file_is_not_found(tmp_path):
    raises_code("not_found", load_file, tmp_path / "nope.txt")


# ---------------------------------------------------------------- messages in both languages

def _long(**_):
    load_text(words_text(501))


ERROR_CASES = {
    # code: (trigger, Spanish-only word, English-only word, Spanish "what to do", English "what to do")
    "too_many_words": (_long, "palabras", "words", "Acórtelo", "Shorten"),
    "empty": (lambda **_: load_text("  "), "vacío", "empty", "Pegue", "Paste"),
    "binary": (lambda **_: load_bytes(b"A\x00B", "x.txt"), "binarios", "binary", "Use un archivo .txt", "Use a .txt"),
    "undecodable": (lambda **_: load_bytes(b"A \x81\x9d \xc3", "x.txt"), "No se pudo leer", "could not be read",
                    "Guárdelo como UTF-8", "Save it as UTF-8"),
    "too_large": (lambda **_: load_bytes(b"a" * 1_000_001, "x.txt"), "máximo", "maximum", "elija", "pick"),
    "unknown_format": (lambda **_: load_bytes(b"hola", "x.pdf"), "extensión", "extension", "Use .txt", "Use .txt"),
    "not_found": (lambda tmp_path: load_file(tmp_path / "x.txt"), "No se encontró", "not found",
                  "Compruebe la ruta", "Check the path"),
    "bad_json": (lambda **_: load_text("{", fmt=".json", name="x.json"), "línea", "line",
                 "revise comas", "check commas"),
    "json_shape": (lambda **_: load_text('{"a": 1}', fmt=".json", name="x.json"), "se esperaba", "expected",
                   '"turns"', '"turns"'),
    "json_turn": (lambda **_: load_text("[1]", fmt=".json", name="x.json"), "necesita", "needs",
                  '"speaker" y "text"', '"speaker" and "text"'),
    "csv_columns": (lambda **_: load_text("a,b\n1,2\n", fmt=".csv", name="x.csv"), "columnas", "columns",
                    "hablante", "speaker"),
    "vtt_header": (lambda **_: load_text("hola", fmt=".vtt", name="x.vtt"), "primera línea", "first line",
                   "WEBVTT", "WEBVTT"),
    "bad_language": (lambda **_: load_text("Agente: Hola", lang="fr"), "Idioma", "Language", "use «es»", "use “es”"),
    "bad_role": (lambda **_: load_text("Laura: Hola", roles={"Laura": "jefa"}), "desconocido", "Unknown role",
                 "use agent", "use agent"),
}


@pytest.mark.parametrize("code", sorted(ERROR_CASES))
def test_error_message_in_spanish_and_english(code, tmp_path):
    trigger, es_word, en_word, es_todo, en_todo = ERROR_CASES[code]
    with pytest.raises(WorkshopError) as info:
        trigger(tmp_path=tmp_path)
    exc = info.value
    assert exc.code == code
    es, en = exc.message("es"), exc.message("en")
    assert es.strip() and en.strip()
    assert es != en
    assert es_word in es and es_word not in en
    assert en_word in en and en_word not in es
    assert es_todo in es
    assert en_todo in en


def test_one_speaker_notice_in_both_languages():
    notice = load_text("Hola, le llamo por la factura.").notices[0]
    assert "hablantes" in notice.message("es") and "agente" in notice.message("es")
    assert "speakers" in notice.message("en") and "agent" in notice.message("en")


# ---------------------------------------------------------------- with_texts

def test_with_texts_replaces_one_turn_and_leaves_original_untouched():
    original = load_text("Agente: Eh, le informo que llega mañana.\nCliente: Vale.\nAgente: Gracias.")
    copy = original.with_texts({0: "Llega mañana."})
    assert [turn.text for turn in copy.turns] == ["Llega mañana.", "Vale.", "Gracias."]
    assert [(turn.speaker, turn.role) for turn in copy.turns] == [
        ("Agente", "agent"), ("Cliente", "customer"), ("Agente", "agent"),
    ]
    assert [turn.text for turn in original.turns] == ["Eh, le informo que llega mañana.", "Vale.", "Gracias."]
    assert copy is not original


@pytest.mark.parametrize("lang", ["es", "en"])
def test_language_detection_reads_the_packs_function_words(lang):
    """`workshop.language` reads the packs' stopwords itself (the loaders sit below the engine): the same words."""
    from workshop.engine.rules import get_pack
    from workshop.language import function_words

    assert function_words(lang) == get_pack(lang).stopwords


def test_word_count_from_tokens_equals_count_words():
    import random

    from workshop.loaders import _count_words
    from workshop.words import count_words

    rng = random.Random(3)
    alphabet = "ab ñá1,.'-’_\n¿?"
    for _ in range(200):
        rows = [("A", "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60))), None)
                for _ in range(rng.randint(1, 6))]
        expected = sum(count_words(body) for _, body, _ in rows)
        assert _count_words(rows, 10_000) == expected
        assert _count_words(rows, 3) == expected  # past the limit: the token-free count
