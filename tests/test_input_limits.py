"""Inputs that used to hang or crash the loaders and the command line (issue 16, items 5, 6, 7, 16, 17).

Every case ends with a transcript or a clear message in both languages, quickly:
no hang on a pipe, no endless read of a device, no quadratic regex, no exit 3.
"""
from __future__ import annotations

import io
import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import workshop
from workshop.cli import main
from workshop.i18n import WorkshopError
from workshop.loaders import MAX_BYTES, load_bytes, load_file, load_text

ROOT = Path(__file__).resolve().parent.parent
SHORT = "Agente: Le informo que, eh, el pedido llega mañana.\nCliente: Vale, gracias.\n"
ESCAPES = ("\x1b", "\x07", "\x9b", "\u202e", "\r")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    monkeypatch.delenv("WORKSHOP_LANG", raising=False)
    monkeypatch.delenv("WORKSHOP_DEBUG", raising=False)


@pytest.fixture(scope="module", autouse=True)
def _warm():
    """Load and analyse once, so the first timed case does not pay for reading the rule packs."""
    workshop.analyze(workshop.load(SHORT))
    workshop.analyze(workshop.load("Agent: Hi, um, how can I help?\nCustomer: Thanks."))


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def both_languages(error: WorkshopError, es: str, en: str) -> None:
    assert es in error.message("es"), error.message("es")
    assert en in error.message("en"), error.message("en")


def answered_quickly(call, *args, **kwargs):
    """Run a load; return the transcript or the WorkshopError, failing on anything else or on > 1 s of CPU.

    CPU time, not wall time: five test suites share two cores, and a hang or a
    quadratic pattern shows as CPU either way.
    """
    def hung(*_):
        raise TimeoutError("still running after 20 s")

    previous = signal.signal(signal.SIGALRM, hung)  # the regex engine checks signals: a regression fails, not hangs
    signal.alarm(20)
    started = time.process_time()
    try:
        result = call(*args, **kwargs)
    except WorkshopError as error:
        result = error
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    cpu = time.process_time() - started
    assert cpu < 1.0, f"{cpu:.2f} s of CPU"
    if isinstance(result, WorkshopError):
        assert result.message("es") and result.message("en")
    return result


# ---------------------------------------------------------------- 5. hostile shapes parse in linear time

CUE = b"WEBVTT\n\n00:00.000 --> 00:01.000\n"


def fill(head: bytes, unit: bytes, tail: bytes = b"") -> bytes:
    """head + unit repeated up to just under the 1 MB upload limit + tail."""
    return head + unit * ((MAX_BYTES - len(head) - len(tail)) // len(unit)) + tail


HOSTILE_VTT = {
    "repeated <v a": fill(CUE, b"<v a"),
    "<v without >": fill(CUE, b"<v "),
    "<v then spaces": fill(CUE + b"<v", b" "),
    "<v. long class": fill(CUE + b"<v.", b"a"),
    "unclosed tags": fill(CUE, b"<b"),
    "closing tags": fill(CUE, b"</"),
    "long timestamp line": fill(b"WEBVTT\n\n", b"0", b":00.000 --> 00:01.000\nhola\n"),
    "many arrows": fill(b"WEBVTT\n\n00:00.000 ", b"--> ", b"\nhola\n"),
    "many cues": fill(b"WEBVTT\n\n", b"00:00.000 --> 00:01.000\n<v a>b\n\n"),
    "one long voice": fill(CUE + b"<v ", b"a", b">hola\n"),
}


@pytest.mark.parametrize("shape", list(HOSTILE_VTT))
def test_a_hostile_megabyte_vtt_is_answered_within_a_second(shape):
    data = HOSTILE_VTT[shape]
    assert len(data) <= MAX_BYTES
    answered_quickly(load_bytes, data, "hostil.vtt")


HOSTILE_TEXT = {
    "one label then spaces": fill(b"A", b" ", b"x"),
    "spaces before a colon": fill(b"Agente", b" ", b": hola"),
    "time stamps": fill(b"", b"1:11 "),
    "brackets": fill(b"", b"[("),
    "colon lines": fill(b"", b"a:\n"),
    "label lines": fill(b"", b"Agente: hola\n"),
    "long label-like words": fill(b"", b"a" * 39 + b" "),
    "punctuation": fill(b"Agente: ", b".,;"),
}


@pytest.mark.parametrize("shape", list(HOSTILE_TEXT))
def test_a_hostile_megabyte_txt_is_answered_within_a_second(shape):
    answered_quickly(load_bytes, HOSTILE_TEXT[shape], "hostil.txt")


HOSTILE_CSV = {
    "sniffer quotes": b'"a,' * 1400 + b"\nspeaker,text\nA,hola\n",
    "sniffer quote pairs": b",\"" * 2048 + b"\nspeaker,text\nA,hola\n",
    "sniffer tabs": b"\t'" * 2048 + b"\nspeaker,text\nA,hola\n",
    "huge field": fill(b"speaker,text\nAgente,", b"a"),
    "huge quoted field": fill(b'speaker,text\nAgente,"', b"a"),
    "many rows": fill(b"speaker,text\n", b"Agente,hola\n"),
}


@pytest.mark.parametrize("shape", list(HOSTILE_CSV))
def test_a_hostile_csv_is_answered_within_a_second(shape):
    answered_quickly(load_bytes, HOSTILE_CSV[shape], "hostil.csv")


HOSTILE_JSON = {
    "deep lists": b"[" * 100_000 + b"]" * 100_000,
    "deep objects": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    "huge integer": b'{"turns": [{"speaker": "A", "text": "hola"}], "n": ' + b"1" * 5000 + b"}",
    "long string": fill(b'{"turns": [{"speaker": "A", "text": "hola"}], "x": "', b"a", b'"}'),
}


@pytest.mark.parametrize("shape", list(HOSTILE_JSON))
def test_a_hostile_json_is_answered_within_a_second(shape):
    answered_quickly(load_bytes, HOSTILE_JSON[shape], "hostil.json")


def test_the_apps_upload_answers_a_hostile_vtt_at_once():
    from datetime import datetime, timezone

    from workshop.app import WorkshopApp

    app = WorkshopApp(workshop.load(SHORT), typing_pause=None)
    before = app.state.transcript
    data = HOSTILE_VTT["repeated <v a"]
    started = time.process_time()
    app.picker.upload.value = ({"name": "hostil.vtt", "type": "text/vtt", "size": len(data), "content": memoryview(data),
                                "last_modified": datetime.now(timezone.utc)},)
    assert time.process_time() - started < 1.5
    assert app.state.alert["kind"] == "error" and app.state.transcript is before


def test_the_fast_word_count_agrees_with_the_tokenizer():
    from hypothesis import given, settings, strategies as st

    from workshop.text import count_words, tokenize

    @settings(max_examples=300, derandomize=True, deadline=None)
    @given(st.text(alphabet=st.sampled_from("aZ9ñé_ '’-.,…:;¿?¡!\n\t3٣" + "\u0301"), max_size=60))
    def agree(text):
        assert count_words(text) == sum(1 for t in tokenize(text) if t.is_word)

    agree()
    for text in ("3,50 € y 1.000", "don't wi-fi", "...abc", "a1.5", "_x_", "—¿Sí?—"):
        assert count_words(text) == sum(1 for t in tokenize(text) if t.is_word)


# ---------------------------------------------------------------- 7. bad shapes get the format's own message

def test_deeply_nested_json_gets_the_bad_json_message():
    error = answered_quickly(load_bytes, HOSTILE_JSON["deep lists"], "hondo.json")
    assert isinstance(error, WorkshopError) and error.code == "json_too_deep"
    both_languages(error, "hondo.json", "hondo.json")
    both_languages(error, "anidad", "nested")


def test_an_integer_over_the_digit_limit_gets_the_bad_json_message():
    error = answered_quickly(workshop.load, HOSTILE_JSON["huge integer"], name="numero.json")
    assert isinstance(error, WorkshopError) and error.code == "json_huge_number"
    both_languages(error, "numero.json", "numero.json")
    both_languages(error, "dígitos", "digits")


def test_a_csv_field_over_the_field_limit_gets_the_bad_csv_message():
    data = b"speaker,text\nAgente," + b"a" * 200_000 + b"\n"
    error = answered_quickly(load_bytes, data, "campo.csv")
    assert isinstance(error, WorkshopError) and error.code == "bad_csv"
    both_languages(error, "campo.csv, línea 2", "campo.csv, line 2")


@pytest.mark.parametrize("name, data, es, en", [
    ("hondo.json", HOSTILE_JSON["deep lists"], "anidad", "nested"),
    ("numero.json", HOSTILE_JSON["huge integer"], "dígitos", "digits"),
    ("campo.csv", b"speaker,text\nAgente," + b"a" * 200_000 + b"\n", "CSV", "CSV"),
])
def test_bad_shapes_exit_2_with_the_message_not_an_internal_error(tmp_path, name, data, es, en):
    path = tmp_path / name
    path.write_bytes(data)
    for ui, word in (("es", es), ("en", en)):
        code, out, err = run("--ui", ui, "analyze", path)
        assert code == 2, err
        assert word in err and name in err
        assert "internal" not in err.lower() and "interno" not in err.lower()


def test_a_library_file_nested_too_deeply_gets_the_message(tmp_path):
    (tmp_path / "hondo.json").write_bytes(HOSTILE_JSON["deep lists"])
    code, out, err = run("--ui", "en", "library", tmp_path, "--check")
    assert code == 1
    assert "hondo.json" in err and "nested" in err
