"""The hand-annotated evaluation set in benchmarks/eval/: every file valid, and the checks really catch breakage.

These tests read the set and the scoring code; they never score the tool itself
(that is `make eval`, whose targets are not met yet).
"""
from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest

EVAL = Path(__file__).resolve().parent.parent / "benchmarks" / "eval"
sys.path.insert(0, str(EVAL))
import evalset  # noqa: E402

PATHS = evalset.files()


def _module(name: str):
    spec = importlib.util.spec_from_file_location(f"eval_{name}", EVAL / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _good() -> dict:
    return {
        "id": "es-mx-chat-ejemplo", "title": "Ejemplo", "language": "es", "variety": "es-MX",
        "channel": "chat", "control": False,
        "turns": [
            {"speaker": "Agente", "text": "Hola, este, le informo que su pedido llegó. ¿En qué más le ayudo?"},
            {"speaker": "Cliente", "text": "Gracias, pero este pedido venía roto."},
        ],
        "annotations": [
            {"turn": 0, "quote": "este", "category": "filler"},
            {"turn": 0, "quote": "le informo que", "category": "formal"},
        ],
    }


def _write(folder: Path, data: dict | str, name: str | None = None) -> Path:
    name = name or (data["id"] if isinstance(data, dict) else "broken")
    path = folder / f"{name}.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_every_transcript_is_valid(path):
    _, errors, _ = evalset.validate(path)
    assert errors == []


def test_the_set_has_the_planned_shape():
    data = [json.loads(p.read_text(encoding="utf-8")) for p in PATHS]
    langs = Counter(d["language"] for d in data)
    assert langs["es"] >= 22 and langs["en"] >= 22
    varieties = Counter(d["variety"] for d in data)
    for v in evalset.VARIETIES["es"]:
        assert varieties[v] >= 4, v
    for v in evalset.VARIETIES["en"]:
        assert varieties[v] >= 5, v
    channels = Counter(d["channel"] for d in data)
    assert all(channels[c] >= 10 for c in evalset.CHANNELS), channels
    controls = Counter(d["language"] for d in data if d["control"])
    assert controls["es"] >= 4 and controls["en"] >= 4
    assert all(not d["annotations"] for d in data if d["control"])
    assert {a["category"] for d in data for a in d["annotations"]} == set(evalset.CATEGORIES)


def test_a_good_example_passes(tmp_path):
    _, errors, _ = evalset.validate(_write(tmp_path, _good()))
    assert errors == []


def _broken(change):
    data = _good()
    change(data)
    return data


BROKEN = {
    "quote not in the turn": lambda d: d["annotations"][0].update(quote="pues"),
    "quote only inside another word": lambda d: d["turns"][0].update(text="Hola, le informo que está en el oeste."),
    "occurrence too high": lambda d: d["annotations"][0].update(occurrence=2),
    "wrong case": lambda d: d["annotations"][1].update(quote="Le informo que"),
    "unknown category": lambda d: d["annotations"][0].update(category="fillers"),
    "customer turn annotated": lambda d: d["annotations"].append({"turn": 1, "quote": "este", "category": "filler"}),
    "turn out of range": lambda d: d["annotations"][0].update(turn=7),
    "id differs from file name": lambda d: d.update(id="otro-nombre"),
    "unknown variety": lambda d: d.update(variety="es-PE"),
    "unknown channel": lambda d: d.update(channel="sms"),
    "over 500 words": lambda d: d["turns"][1].update(text="palabra " * 520 + "fin"),
    "short long-sentence": lambda d: d["annotations"].append(
        {"turn": 0, "quote": "¿En qué más le ayudo?", "category": "long-sentence"}),
    "text with outer spaces": lambda d: d["turns"][1].update(text=" Gracias. "),
}


@pytest.mark.parametrize("change", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_file_fails(tmp_path, change):
    data = _broken(change)
    path = _write(tmp_path, data, name="es-mx-chat-ejemplo")
    _, errors, _ = evalset.validate(path)
    assert errors


def test_invalid_json_fails(tmp_path):
    _, errors, _ = evalset.validate(_write(tmp_path, '{"id": "broken", "turns": [', name="broken"))
    assert errors and "JSON" in errors[0]


def test_check_script_fails_on_a_broken_folder_and_passes_on_the_set(tmp_path, capsys):
    check = _module("check")
    _write(tmp_path, _good())
    _write(tmp_path, _broken(BROKEN["customer turn annotated"]), name="es-mx-chat-roto")
    assert check.main([str(tmp_path)]) == 1
    assert "ERROR" in capsys.readouterr().out
    assert check.main([]) == 0


def test_find_span_counts_whole_words():
    text = "este pedido, este, y el oeste; este"
    assert evalset.find_span(text, "este") == (0, 4)
    assert evalset.find_span(text, "este", 2) == (13, 17)
    assert evalset.find_span(text, "este", 3) == (31, 35)
    assert evalset.find_span(text, "este", 4) is None
    assert evalset.find_span("la respuesta", "pues") is None


def test_matching_is_one_to_one_and_maximal():
    evaluate = _module("evaluate")
    # one finding covering two annotations counts once
    assert len(evaluate.match([(0, 4), (6, 10)], [(0, 10)])) == 1
    # the greedy choice would pair annotation 0 with finding 0 and leave annotation 1 unmatched
    assert evaluate.match([(0, 10), (0, 3)], [(0, 3), (5, 8)]) == {0: 1, 1: 0}
    assert evaluate.match([(0, 4)], [(4, 8)]) == {}  # touching is not overlapping


def _fake_analyze(drop: int = 0, extra_on_controls: bool = False):
    """A stand-in detector that returns the gold spans (minus `drop` of them per file)."""
    by_text = {}
    for p in PATHS:
        d = json.loads(p.read_text(encoding="utf-8"))
        by_text[tuple(t["text"] for t in d["turns"])] = d

    def analyze(t, *a, **k):
        d = by_text[tuple(turn.text for turn in t.turns)]
        findings = []
        for a in d["annotations"][drop:]:
            s, e = evalset.find_span(d["turns"][a["turn"]]["text"], a["quote"], a.get("occurrence", 1))
            findings.append(SimpleNamespace(turn=a["turn"], start=s, end=e, category=a["category"]))
        if extra_on_controls and d["control"]:
            findings.append(SimpleNamespace(turn=0, start=0, end=2, category="filler"))
        return SimpleNamespace(findings=findings)

    return analyze


def test_evaluate_passes_a_perfect_detector(monkeypatch, capsys):
    evaluate = _module("evaluate")
    monkeypatch.setattr(evaluate.workshop, "analyze", _fake_analyze())
    assert evaluate.main(["--no-list"]) == 0
    out = capsys.readouterr().out
    assert "targets met" in out


@pytest.mark.parametrize("kwargs", [{"drop": 3}, {"extra_on_controls": True}], ids=["misses", "control alarm"])
def test_evaluate_fails_below_target(monkeypatch, capsys, kwargs):
    evaluate = _module("evaluate")
    monkeypatch.setattr(evaluate.workshop, "analyze", _fake_analyze(**kwargs))
    assert evaluate.main([]) == 1
    assert "targets not met" in capsys.readouterr().out
