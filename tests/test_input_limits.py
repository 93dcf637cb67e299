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


def _hung(*_):
    raise TimeoutError("still running after 20 s")


def answered_quickly(call, *args, **kwargs):
    """Run a load; return the transcript or the WorkshopError, failing on anything else or on > 1 s of CPU.

    CPU time, not wall time: five test suites share two cores, and a hang or a
    quadratic pattern shows as CPU either way.
    """
    previous = signal.signal(signal.SIGALRM, _hung)  # the regex engine checks signals: a regression fails, not hangs
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
    previous = signal.signal(signal.SIGALRM, _hung)  # a regression fails instead of hanging
    signal.alarm(20)
    try:
        app.picker.upload.value = ({"name": "hostil.vtt", "type": "text/vtt", "size": len(data),
                                    "content": memoryview(data), "last_modified": datetime.now(timezone.utc)},)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert time.process_time() - started < 1.5
    assert app.state.alert["kind"] == "error" and app.state.transcript is before


def test_the_fast_word_count_agrees_with_the_tokenizer():
    from hypothesis import given, settings, strategies as st

    from workshop.words import count_words, tokenize

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


# ---------------------------------------------------------------- 6. pipes and devices never block

def cli_processes(cases: dict[str, list[str]], cwd: Path, env: dict, timeout: float = 180) -> dict:
    """Run `python -m workshop ARGS` for every case at once; a case still running at the timeout is killed.

    Each child may use at most 2 GB of address space, so a regression that reads
    /dev/zero fails with MemoryError instead of filling the shared machine.
    """
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    procs = {name: subprocess.Popen([sys.executable, "-m", "workshop", "--ui", "en", *args], cwd=cwd, env=env,
                                    stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    text=True, preexec_fn=limit)
             for name, args in cases.items()}
    deadline = time.monotonic() + timeout
    results = {}
    for name, proc in procs.items():
        try:
            out, err = proc.communicate(timeout=max(1.0, deadline - time.monotonic()))
            results[name] = (proc.returncode, out, err)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            results[name] = ("hung", out, err)
    return results


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="needs POSIX pipes and /dev/zero")
def test_every_command_refuses_a_named_pipe_and_a_device_instead_of_blocking(tmp_path):
    fifo = tmp_path / "tubo.txt"
    os.mkfifo(fifo)
    good = tmp_path / "bien.txt"
    good.write_text(SHORT, encoding="utf-8")
    data = tmp_path / "data"
    cases = {}
    for kind, target in (("pipe", str(fifo)), ("device", "/dev/zero")):
        cases.update({
            f"analyze {kind}": ["analyze", target],
            f"analyze --rules {kind}": ["analyze", str(good), "--rules", target],
            f"compare {kind}": ["compare", str(good), target],
            f"rules check {kind}": ["rules", "check", target],
            f"sessions import {kind}": ["sessions", "--data", str(data), "import", target],
            f"serve --config {kind}": ["serve", "--config", target, "--port", "1"],
        })
    env = {**os.environ, "WORKSHOP_DATA": str(data)}
    env.pop("WORKSHOP_DEBUG", None)
    results = cli_processes(cases, ROOT, env)
    wrong = {name: (code, err[-300:]) for name, (code, out, err) in results.items()
             if code != 2 or "is not a regular file" not in err or "Traceback" in err}
    assert not wrong, wrong
    assert str(fifo) in results["analyze pipe"][2] and "/dev/zero" in results["rules check device"][2]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX pipes")
def test_the_loader_refuses_a_pipe_in_both_languages(tmp_path):
    fifo = tmp_path / "tubo.vtt"
    os.mkfifo(fifo)
    code = subprocess.run([sys.executable, "-c", "import sys, workshop\n"
                           "from workshop.i18n import WorkshopError\n"
                           "try:\n    workshop.load(sys.argv[1])\n"
                           "except WorkshopError as e:\n    print(e.code); print(e.message('es')); print(e.message('en'))\n",
                           str(fifo)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    lines = code.stdout.splitlines()
    assert lines[0] == "not_regular_file", code.stdout + code.stderr
    assert "no es un archivo normal" in lines[1] and "is not a regular file" in lines[2]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX pipes")
def test_a_pipe_in_a_library_folder_is_reported_not_waited_for(tmp_path):
    os.mkfifo(tmp_path / "tubo.json")
    proc = subprocess.run([sys.executable, "-m", "workshop", "--ui", "en", "library", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 1
    assert "tubo.json" in proc.stderr and "is not a regular file" in proc.stderr


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs Linux's /proc")
def test_reading_stops_at_the_limit_even_when_the_size_lies(monkeypatch):
    """/proc files report size 0 and still hold text: the read stops at limit + 1 bytes, whatever stat said."""
    from workshop import files

    assert os.stat("/proc/self/maps").st_size == 0
    reads = []
    real_read = os.read
    monkeypatch.setattr(files.os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    with pytest.raises(WorkshopError) as error:
        files.read_user_file("/proc/self/maps", 100)
    assert error.value.code == "too_large"
    assert 0 < sum(reads) <= 101


def test_a_session_file_over_the_cap_is_refused_before_reading(tmp_path):
    big = tmp_path / "grande.json"
    big.write_bytes(b'{"format": "x", "pad": "' + b"a" * 2_100_000 + b'"}')
    code, out, err = run("--ui", "en", "sessions", "--data", tmp_path / "data", "import", big)
    assert code == 2
    assert "grande.json" in err and "2 MB" in err and out == ""


def test_an_oversized_rule_pack_is_refused(tmp_path):
    pack = tmp_path / "enorme.yaml"
    pack.write_text("language: es\ndescription: " + "a" * 1_100_000 + "\n", encoding="utf-8")
    code, out, err = run("--ui", "en", "rules", "check", pack)
    assert code == 2
    assert "enorme.yaml" in err and "1 MB" in err


# ---------------------------------------------------------------- 16. no terminal escapes printed, bounded names

HOSTILE_TITLE = "\x1b]0;pwned\x07\x1b[2J\x9b31mTí\u202etulo\r\nfalso"


def test_analyze_text_output_strips_terminal_escapes(tmp_path):
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"title": HOSTILE_TITLE, "turns": [{"speaker": "Agente", "text": "Eh, hola."}]}),
                    encoding="utf-8")
    code, out, err = run("analyze", path)
    assert code == 0
    assert not any(c in out for c in ESCAPES), repr(out[:200])
    assert "Tí" in out and "tulo" in out


def test_analyze_text_output_strips_escapes_from_file_names_and_messages(tmp_path):
    path = tmp_path / "a\x1b[2Jb.txt"
    path.write_text(SHORT, encoding="utf-8")
    code, out, err = run("analyze", path)
    assert code == 0 and not any(c in out for c in ESCAPES)
    code, out, err = run("analyze", tmp_path / "no\x1b]0;x\x07pe.txt")
    assert code == 2 and not any(c in err for c in ESCAPES) and "pe.txt" in err


def test_sessions_list_strips_terminal_escapes(tmp_path):
    from workshop.model import Transcript, Turn
    from workshop.sessions import SessionStore

    store = SessionStore(tmp_path)
    transcript = Transcript(turns=[Turn("Agente", "agent", "Hola.")], language="es", title=HOSTILE_TITLE)
    store.create("Laura", "Pablo", transcript)
    store.db.execute("UPDATE sessions SET agent = ?, lead = ?", ("Pa\x1b[31mblo\u202e", "Lau\x9bra"))
    store.db.commit()
    code, out, err = run("sessions", "--data", tmp_path, "list")
    assert code == 0
    assert not any(c in out for c in ESCAPES), repr(out)
    assert "Pablo" in out.replace("[31m", "") and len(out.strip().splitlines()) == 1


def test_titles_are_one_clean_line_of_at_most_200_characters():
    t = load_text(json.dumps({"title": HOSTILE_TITLE, "turns": [{"speaker": "A", "text": "hola"}]}), fmt=".json")
    assert not any(c in t.title for c in ESCAPES + ("\n",)) and "Tí" in t.title
    t = load_text(json.dumps({"title": "Largo " * 100, "turns": [{"speaker": "A", "text": "hola"}]}), fmt=".json")
    assert len(t.title) == 200 and t.title.endswith("…")


@pytest.mark.parametrize("fmt, make", [
    (".json", lambda name: json.dumps([{"speaker": name, "text": "hola"}, {"speaker": "Cliente", "text": "sí"}])),
    (".csv", lambda name: f"speaker,text\n{name},hola\nCliente,sí\n"),
    (".vtt", lambda name: f"WEBVTT\n\n00:00.000 --> 00:01.000\n<v {name}>hola\n"),
])
def test_speaker_names_over_80_characters_are_refused(fmt, make):
    assert load_text(make("A" * 80), fmt=fmt).turns[0].speaker == "A" * 80
    error = answered_quickly(load_text, make("A" * 81), fmt=fmt, name="x" + fmt)
    assert isinstance(error, WorkshopError) and error.code == "speaker_too_long"
    both_languages(error, "80", "80")
    if fmt != ".csv":  # a CSV field this long is over the csv module's field limit: the bad-CSV message
        error = answered_quickly(load_text, make("B" * 990_000), fmt=fmt, name="x" + fmt, max_words=None)
        assert isinstance(error, WorkshopError) and error.code == "speaker_too_long"
        assert len(error.message("en")) < 400


# ---------------------------------------------------------------- 17. the command line's smaller holes

def long_file(path: Path, words: int = 600) -> Path:
    path.write_text("Agente: " + " ".join(["palabra"] * (words - 1)) + "\nCliente: vale\n", encoding="utf-8")
    return path


def test_max_words_0_removes_the_word_limit(tmp_path):
    code, out, err = run("analyze", long_file(tmp_path / "largo.txt", 2000), "--max-words", "0", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["words"] == 2000


def test_max_words_0_keeps_the_other_limits(tmp_path):
    line = tmp_path / "linea.txt"
    line.write_text("Agente: " + "a" * 100_000 + "\n", encoding="utf-8")
    code, out, err = run("--ui", "en", "analyze", line, "--max-words", "0")
    assert code == 2 and "characters" in err
    big = tmp_path / "grande.txt"
    big.write_bytes(b"Agente: " + b"hola " * 210_000)
    code, out, err = run("--ui", "en", "analyze", big, "--max-words", "0")
    assert code == 2 and "maximum" in err


def test_a_negative_word_limit_is_refused(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["analyze", str(long_file(tmp_path / "x.txt")), "--max-words", "-5"])
    assert exit_.value.code == 2


@pytest.fixture
def store_with_session(tmp_path):
    from workshop.sessions import SessionStore

    store = SessionStore(tmp_path / "data")
    sid = store.create("Laura", "Pablo", workshop.load(SHORT))
    return tmp_path / "data", sid


@pytest.mark.parametrize("ui, es_or_en", [("es", "no existe"), ("en", "does not exist")])
def test_export_to_a_missing_folder_exits_2_with_a_message(tmp_path, store_with_session, ui, es_or_en):
    data, sid = store_with_session
    code, out, err = run("--ui", ui, "sessions", "--data", data, "export", sid, "--format", "md",
                         "-o", tmp_path / "no-hay" / "r.md")
    assert code == 2, err
    assert "no-hay" in err and es_or_en in err


def test_export_to_a_folder_exits_2_with_a_message(tmp_path, store_with_session):
    data, sid = store_with_session
    code, out, err = run("--ui", "en", "sessions", "--data", data, "export", sid, "-o", tmp_path)
    assert code == 2 and "is a folder" in err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_export_to_dev_full_exits_2_with_a_message(store_with_session):
    data, sid = store_with_session
    code, out, err = run("--ui", "en", "sessions", "--data", data, "export", sid, "-o", "/dev/full")
    assert code == 2 and "/dev/full" in err and "internal" not in err.lower()


def test_export_on_a_full_disk_says_so(store_with_session, tmp_path, monkeypatch):
    import errno

    from workshop import files

    data, sid = store_with_session

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "write", full)
    code, out, err = run("--ui", "es", "sessions", "--data", data, "export", sid, "-o", tmp_path / "r.html")
    assert code == 2 and "disco" in err and "lleno" in err


def test_export_writes_the_file(store_with_session, tmp_path):
    data, sid = store_with_session
    code, out, err = run("sessions", "--data", data, "export", sid, "--format", "md", "-o", tmp_path / "r.md")
    assert code == 0, err
    assert "Laura" in (tmp_path / "r.md").read_text(encoding="utf-8")


def test_data_pointing_to_a_file_exits_2_with_a_message(tmp_path):
    path = tmp_path / "archivo.txt"
    path.write_text("x", encoding="utf-8")
    for where in (path, path / "sub"):
        code, out, err = run("--ui", "en", "sessions", "--data", where, "list")
        assert code == 2, err
        assert "archivo.txt" in err and "not a folder" in err


@pytest.mark.parametrize("ui, phrase", [("es", "no existe"), ("en", "does not exist")])
def test_library_of_a_missing_folder_exits_2(tmp_path, ui, phrase):
    code, out, err = run("--ui", ui, "library", tmp_path / "no-existe")
    assert code == 2
    assert "no-existe" in err and phrase in err


def test_library_of_a_file_exits_2(tmp_path):
    path = tmp_path / "a.json"
    path.write_text("{}", encoding="utf-8")
    code, out, err = run("--ui", "en", "library", path)
    assert code == 2 and "not a folder" in err


def test_sessions_import_of_a_folder_says_it_is_a_folder(tmp_path):
    code, out, err = run("--ui", "en", "sessions", "--data", tmp_path / "data", "import", tmp_path)
    assert code == 2
    assert "is a folder" in err and "not found" not in err


def test_sessions_import_of_undecodable_bytes_says_so(tmp_path):
    path = tmp_path / "s.json"
    path.write_bytes(b'{"a": "\xff\xfe\x81"}')
    code, out, err = run("--ui", "en", "sessions", "--data", tmp_path / "data", "import", path)
    assert code == 2 and "UTF-8" in err and "not found" not in err


@pytest.mark.parametrize("argv", [
    ["analyze", ""],
    ["compare", "", "x.txt"],
    ["rules", "check", ""],
    ["library", ""],
    ["sessions", "import", ""],
    ["serve", "--config", ""],
])
def test_an_empty_path_is_refused(tmp_path, argv, monkeypatch):
    def no_exec(*args, **kwargs):
        raise RuntimeError("serve would have started Voilà")

    monkeypatch.setattr(os, "execve", no_exec)
    monkeypatch.setattr(subprocess, "call", no_exec)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.txt").write_text(SHORT, encoding="utf-8")
    code, out, err = run("--ui", "en", *argv)
    assert code == 2, (out, err)
    assert "empty path" in err and out == ""


def test_a_folder_given_as_a_transcript_says_it_is_a_folder(tmp_path):
    error = answered_quickly(load_file, tmp_path)
    assert isinstance(error, WorkshopError) and error.code == "is_folder"
    both_languages(error, "es una carpeta", "is a folder")


def test_an_accent_colour_with_a_trailing_newline_is_refused(tmp_path):
    from workshop.config import load_config

    path = tmp_path / "equipo.yaml"
    path.write_text('accent_colour: "#2f6fd0\\n"\n', encoding="utf-8")
    with pytest.raises(WorkshopError) as error:
        load_config(path)
    assert "accent_colour" in error.value.message("en")
    path.write_text('accent_colour: "#2f6fd0"\n', encoding="utf-8")
    assert load_config(path).accent_colour == "#2f6fd0"
