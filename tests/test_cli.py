"""The `workshop` command line: analyze, compare, rules check; exit codes and messages."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from workshop.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "data" / "transcripts").glob("*.json"))
TURN_KEYS = {"index", "speaker", "role", "text"}
FINDING_KEYS = {"id", "category", "turn", "start", "end", "text", "code", "params", "message", "suggestions", "severity"}


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    monkeypatch.delenv("WORKSHOP_LANG", raising=False)
    monkeypatch.delenv("WORKSHOP_DEBUG", raising=False)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def long_file(path: Path) -> Path:
    """A 600-word transcript: 599 agent words and 1 customer word."""
    return write(path, "Agente: " + " ".join(["palabra"] * 599) + "\nCliente: vale\n")


SHORT = "Agente: Le informo que, eh, el pedido llega mañana.\nCliente: Vale, gracias.\n"


# ---------------------------------------------------------------- analyze, one file

def test_analyze_json_single_file_shape(tmp_path):
    path = write(tmp_path / "call.txt", SHORT)
    code, out, err = run("analyze", path, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert isinstance(data, dict)
    assert {"source", "language", "words", "turns", "findings", "metrics"} <= set(data)
    assert data["source"] == str(path)
    assert data["language"] == "es"
    assert data["words"] == 10  # Le informo que eh el pedido llega mañana / Vale gracias
    assert data["turns"] == [
        {"index": 0, "speaker": "Agente", "role": "agent", "text": "Le informo que, eh, el pedido llega mañana."},
        {"index": 1, "speaker": "Cliente", "role": "customer", "text": "Vale, gracias."},
    ]
    assert data["findings"], "a filler and a formal phrase should be found"
    for finding in data["findings"]:
        assert set(finding) == FINDING_KEYS


def test_analyze_json_finding_offsets_point_at_their_text(tmp_path):
    path = write(tmp_path / "call.txt", SHORT)
    code, out, _ = run("analyze", path, "--format", "json")
    assert code == 0
    data = json.loads(out)
    texts = {f["text"].lower() for f in data["findings"]}
    assert "eh" in texts
    for f in data["findings"]:
        assert data["turns"][f["turn"]]["text"][f["start"]:f["end"]] == f["text"]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_analyze_sample_text_and_json(sample):
    code, out, err = run("analyze", sample)
    assert code == 0
    assert out.strip()
    assert "Traceback" not in out + err

    code, out, _ = run("analyze", sample, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert set(data["turns"][0]) == TURN_KEYS
    assert len({f["category"] for f in data["findings"]}) >= 2  # an offer ("Would you like to…?") is no closed question
    for f in data["findings"]:
        assert set(f) == FINDING_KEYS
        assert data["turns"][f["turn"]]["text"][f["start"]:f["end"]] == f["text"]


# ---------------------------------------------------------------- analyze, folders

def _batch(tmp_path: Path) -> Path:
    folder = tmp_path / "batch"
    folder.mkdir()
    write(folder / "a.txt", "Agente: Hola, buenas tardes.\nCliente: Hola.\n")
    write(folder / "b.txt", "Agent: Hello, how can I help?\nCustomer: My order is late.\n")
    write(folder / "c.txt", SHORT)
    return folder


def test_analyze_folder_csv_one_row_per_file(tmp_path):
    folder = _batch(tmp_path)
    code, out, err = run("analyze", folder, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 3
    assert "source" in rows[0]
    assert sorted(r["source"] for r in rows) == [str(folder / n) for n in ("a.txt", "b.txt", "c.txt")]


@pytest.mark.parametrize("bad_text, es_word", [
    ("", "vacío"),
    ("Agente: " + " ".join(["palabra"] * 599) + "\nCliente: vale\n", "600 palabras"),
])
def test_batch_with_bad_file_keeps_good_ones_and_exits_1(tmp_path, bad_text, es_word):
    folder = tmp_path / "batch"
    folder.mkdir()
    write(folder / "a.txt", "Agente: Hola, buenas tardes.\nCliente: Hola.\n")
    write(folder / "b.txt", "Agente: Le llamo mañana.\nCliente: Gracias.\n")
    write(folder / "c.txt", bad_text)
    code, out, err = run("analyze", folder, "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert sorted(d["source"] for d in data) == [str(folder / "a.txt"), str(folder / "b.txt")]
    assert "c.txt" in err
    assert es_word in err
    assert "Traceback" not in out + err


# ---------------------------------------------------------------- analyze, bad single input

@pytest.mark.parametrize("ui, words", [("en", "600 words"), ("es", "600 palabras")])
def test_too_many_words_exits_2_with_message_in_ui_language(tmp_path, ui, words):
    path = long_file(tmp_path / "long.txt")
    code, out, err = run("--ui", ui, "analyze", path)
    assert code == 2
    assert words in err
    assert ("Shorten" if ui == "en" else "Acórtelo") in err
    assert "Traceback" not in out + err


@pytest.mark.parametrize("ui, phrase", [("en", "was not found"), ("es", "No se encontró")])
def test_missing_file_exits_2_with_message_in_ui_language(tmp_path, ui, phrase):
    code, out, err = run("--ui", ui, "analyze", tmp_path / "nope.txt")
    assert code == 2
    assert phrase in err
    assert "nope.txt" in err
    assert "Traceback" not in out + err


def test_max_words_option_lets_a_longer_file_through(tmp_path):
    path = long_file(tmp_path / "long.txt")
    code, out, err = run("analyze", path, "--max-words", "1000", "--format", "json")
    assert code == 0
    assert json.loads(out)["words"] == 600


def test_python_dash_m_workshop_runs_without_traceback(tmp_path):
    path = long_file(tmp_path / "long.txt")
    env = {k: v for k, v in os.environ.items() if k not in ("WORKSHOP_LANG", "WORKSHOP_DEBUG")}
    proc = subprocess.run([sys.executable, "-m", "workshop", "--ui", "en", "analyze", str(path)],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert proc.returncode == 2
    assert "600 words" in proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr


# ---------------------------------------------------------------- compare

def test_compare_json_rows_show_fillers_removed(tmp_path):
    before = write(tmp_path / "before.txt",
                   "Agente: Eh, bueno, o sea, le explico, este, el pedido llega mañana.\nCliente: Vale.\n")
    after = write(tmp_path / "after.txt", "Agente: El pedido llega mañana.\nCliente: Vale.\n")
    code, out, err = run("compare", before, after, "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert isinstance(rows, list) and rows
    for row in rows:
        assert {"metric", "label", "before", "after", "change", "verdict"} <= set(row)
    by_metric = {r["metric"]: r for r in rows}
    filler = by_metric["filler"]
    assert filler["before"] > 0
    assert filler["after"] == 0
    assert filler["verdict"] == "better"
    words = by_metric["words"]
    assert words["before"] == 12 and words["after"] == 5
    assert words["verdict"] == "better"


# ---------------------------------------------------------------- rules check

def test_rules_check_default_spanish_pack():
    code, out, err = run("rules", "check", ROOT / "data" / "rules" / "es.yaml")
    assert code == 0
    assert "es.yaml" in out
    assert err == ""


BROKEN_PACK = """\
pack: mine
language: es
extends: default
wordy:
  - phrase: en base a
    suggest: [según]
  - phrase: a día de hoy
"""


@pytest.mark.parametrize("ui, line", [("en", "line 7"), ("es", "línea 7")])
def test_rules_check_broken_pack_names_file_and_line(tmp_path, ui, line):
    pack = write(tmp_path / "broken.yaml", BROKEN_PACK)
    code, out, err = run("--ui", ui, "rules", "check", pack)
    assert code == 2
    assert "broken.yaml" in err
    assert line in err
    assert "suggest" in err
    assert "Traceback" not in out + err


def test_serve_refuses_a_broken_configuration_before_starting(tmp_path):
    bad = tmp_path / "equipo.yaml"
    bad.write_text("accent_colour: azul\n", encoding="utf-8")
    err = io.StringIO()
    assert main(["--ui", "en", "serve", "--config", str(bad)], out=io.StringIO(), err=err) == 2
    assert "equipo.yaml, line 1: “accent_colour” must be a colour" in err.getvalue()


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from Linux's /proc")
def test_stopping_serve_stops_voila_and_its_kernels(tmp_path):
    """A service manager stops `workshop serve` with SIGTERM: no Voilà or kernel may outlive it."""
    import time

    from workshop.serve import free_port, wait_until_ready

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "workshop", "serve", "--port", str(port), "--pool", "1"],
                              env={**os.environ, "WORKSHOP_DATA": str(tmp_path)},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_ready(port, 60, server)
        deadline = time.monotonic() + 60
        while not (kernels := _children(server.pid)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert kernels, "the preheated kernel never started"
        server.terminate()
        server.wait(30)
        deadline = time.monotonic() + 10
        while any(Path(f"/proc/{pid}").exists() for pid in kernels) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [pid for pid in kernels if Path(f"/proc/{pid}").exists()]
    finally:
        if server.poll() is None:
            server.kill()
