"""Fuzzing every stage in `make test`: load → analyze → fix → diff → compare → render → report.

The pipeline, the input strategies and the outcome rules live in
benchmarks/fuzz.py, which `make fuzz` runs on thousands of cases; here a few
hundred, deterministic (derandomized). A case may end in a documented
`WorkshopError` (a message in Spanish and English); a crash, a hang (the
watchdog) or a slow stage fails the test, which lists every such case.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import fuzz  # noqa: E402

# Generous bounds for a shared, noisy machine; `make fuzz` holds every stage to issue 16's 1 s.
SLOW = 3.0
TIMEOUT = 5.0


def test_generated_cases_pass_every_stage():
    outcomes = fuzz.run(300, "test", timeout=TIMEOUT, slow=SLOW, chart_every=10, max_failures=8)
    if any(o.failed for o in outcomes):
        pytest.fail(fuzz.summary(outcomes), pytrace=False)
    statuses = {o.status for o in outcomes}
    assert statuses == {"ok", "documented"}  # the cases reach both ends: analysed and refused


def _vtt_voices(n: int) -> bytes:
    return ("WEBVTT\n\n00:00.000 --> 00:01.000\n" + "<v a" * n).encode()


# The hostile shapes issue 16 names, each one case at its full size.
HOSTILE = {
    "vtt-voice-tags-128KB": fuzz.Case("call.vtt", _vtt_voices(32_000)),
    "vtt-voice-tags-1MB": fuzz.Case("call.vtt", _vtt_voices(249_000)),
    "json-deep-nesting": fuzz.Case("call.json", b"[" * 100_000 + b"]" * 100_000),
    "json-huge-integer": fuzz.Case("call.json", b'[{"speaker": "Agente", "text": ' + b"9" * 5000 + b"}]"),
    "csv-huge-field": fuzz.Case("call.csv", b'speaker,text\nAgente,"' + b"a" * 200_000 + b'"\n'),
    "csv-open-quote": fuzz.Case("call.csv", b'speaker,text\nAgente,"' + b"hola " * 1000),
    "txt-500-fillers": fuzz.Case("call.txt", ("Agente: " + "eh, " * 499 + "vale\nCliente: ok").encode()),
    "txt-punctuation-turn-typed": fuzz.Case(
        "call.txt", ("Agente: " + "!?" * 9_500 + "\nCliente: ok").encode(), typed="!?." * 6_000, edit="replace"),
    "txt-control-and-scripts": fuzz.Case(
        "call.txt", ("Agente: \x1b]0;t\x07\x1b[2J Привет مرحبا 你好 e\u0301 \u202e <script>x</script>\n"
                     "Cliente: [x](javascript:alert(1)) =HYPERLINK(\"http://x\")").encode(),
        lead="=HYPERLINK(\"http://x\")", agent="[a](http://evil.example)", title="@SUM(1)",
        note="![n](http://evil.example/n.png)", typed="Hola <img src=x onerror=alert(1)>", edit="append"),
    "txt-punctuation-turn-thinned": fuzz.Case("call.txt", ("Agente: " + "¿?!., " * 3_000 + "\nCliente: ok").encode(),
                                              edit="thin"),
    # The editor takes any length: a rewrite of 5000 fillers gives 10 000 highlights to render.
    "typed-rewrite-of-5000-fillers": fuzz.Case("call.txt", "Agente: Hola, le atiendo.\nCliente: Vale.".encode(),
                                               typed="eh, " * 5_000, edit="replace"),
    "paste-long-line": fuzz.Case("", ("Agente: " + "a" * 19_000).encode(), typed="b" * 19_000, edit="replace"),
}


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    p = fuzz.Pipeline(tmp_path_factory.mktemp("fuzz"))
    p.warm_up()
    return p


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_shape_is_handled_quickly(pipeline, name):
    outcome = fuzz.check(HOSTILE[name], pipeline, timeout=TIMEOUT, slow=SLOW)
    if outcome.failed:
        pytest.fail(outcome.line(), pytrace=False)
