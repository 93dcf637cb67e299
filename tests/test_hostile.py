"""Hostile input, through the app as a user would send it: a clear message or handled,
never a traceback, never markup in the page, and nothing already saved is lost."""
from __future__ import annotations

import json
import time
from datetime import datetime, timezone

import pytest

import workshop
from workshop.app import WorkshopApp
from workshop.sessions import SessionStore

MARKUP = ("<script", "<img", "<iframe")  # an opening tag: escaped text shows &lt;script instead

CASES = {
    # name: (file name, bytes, expected alert kind or None when it simply loads)
    "script in text and speakers": ("a.txt", "<b>Agente</b>: Hola <script>alert(1)</script>\n"
                                    "<img src=x onerror=alert(2)>: <iframe src=javascript:alert(3)>".encode(), "info"),
    "very long line": ("a.txt", ("Agente: " + "a" * 900_000).encode(), "error"),
    "10000 turns of one word": ("a.txt", "\n".join(
        "Agente: hola" if i % 2 else "Cliente: sí" for i in range(10_000)).encode(), "error"),
    "control bytes in a file": ("a.txt", "Agente: Hola\x00\x07\x1b[31m rojo\nCliente: Vale".encode(), "error"),
    "right-to-left marks": ("a.txt", "Agente: Hola \u202egnp.exe\u202c y \u200fbien\nCliente: Vale".encode(), "info"),
    "mixed encodings": ("a.txt", "Agente: Buenos días, ".encode() + "¿qué tal? año".encode("cp1252"), "info"),
    "json of the wrong shape": ("a.json", json.dumps({"a": 1}).encode(), "error"),
    "json list of numbers": ("a.json", b"[1, 2, 3]", "error"),
    "json turns of the wrong types": ("a.json", json.dumps([{"speaker": 1, "text": ["x"]}]).encode(), "error"),
    "json deeply nested": ("a.json", b"[" * 100_000 + b"]" * 100_000, "error"),
    "csv without text column": ("a.csv", b"a,b\n1,2\n", "error"),
    "vtt without cues": ("a.vtt", b"WEBVTT\n\nNOTE nothing here\n", "error"),
    "binary disguised as text": ("a.txt", bytes(range(256)) * 10, "error"),
}


def upload(app, name: str, data: bytes) -> None:
    app.picker.upload.value = ({"name": name, "type": "application/octet-stream", "size": len(data),
                                "content": memoryview(data), "last_modified": datetime.now(timezone.utc)},)


def page_html(widget) -> str:
    """What the page sets as innerHTML: HTML widgets' values. (Labels, buttons and
    descriptions are set as text by ipywidgets unless description_allow_html is on.)"""
    out, stack = [], [widget]
    while stack:
        w = stack.pop()
        assert not getattr(w, "description_allow_html", False), w
        if type(w).__name__ == "HTML":
            out.append(w.value)
        stack.extend(getattr(w, "children", ()))
    return "\n".join(out)


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """An app with a session already saved, which no hostile input may touch."""
    folder = tmp_path_factory.mktemp("sessions")
    app = WorkshopApp(workshop.load("Agente: Eh, hola.\nCliente: Hola."), typing_pause=None,
                      store=lambda: SessionStore(folder))
    app.session.lead.value, app.session.agent.value = "Laura", "Pablo"
    app.session.start_button.click()
    app.rewrite.editors[0].editor.value = "Hola."
    return app, folder, app.session.session_id


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_upload_gets_a_message_or_is_handled_safely(saved, case):
    app, folder, session_id = saved
    name, data, kind = CASES[case]
    before = app.state.transcript
    started = time.perf_counter()
    upload(app, name, data)
    assert time.perf_counter() - started < 5, "the app must answer at once"
    alert = app.state.alert
    if kind == "error":
        assert alert["kind"] == "error" and app.state.transcript is before, alert
        assert "Traceback" not in alert["text"] and "Error" not in alert["text"].split(":")[0]
    else:
        assert alert.get("kind") != "error", alert
    html = page_html(app)
    assert not any(m in html for m in MARKUP), case
    assert SessionStore(folder).snapshot(session_id).rewrite == {0: "Hola."}  # nothing saved is lost


def test_control_characters_in_pasted_text_are_removed_with_a_notice(saved):
    app, folder, session_id = saved
    app.picker.paste.value = "Agente: Hola\x00\x07\x1b[31m rojo \u202eeliF\u202c\nCliente: Vale"
    app.picker.paste_button.click()
    assert app.state.alert["kind"] == "info" and app.state.transcript.turns[0].text == "Hola[31m rojo eliF"
    assert SessionStore(folder).snapshot(session_id).rewrite == {0: "Hola."}


def test_hostile_rule_pack_entries_are_shown_as_text(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text("language: es\nextends: default\nformal:\n  - phrase: le traslado\n"
                    "    suggest: [\"<script>alert(1)</script>\"]\n    why: \"<img src=x onerror=alert(2)>\"\n",
                    encoding="utf-8")
    app = WorkshopApp(workshop.load("Agente: Le traslado su caso ahora.\nCliente: Vale."), rules=[str(pack)],
                      typing_pause=None)
    html = page_html(app)
    assert "&lt;img src=x onerror=alert(2)&gt;" in html and not any(m in html for m in MARKUP)


def test_a_huge_paste_into_a_rewrite_editor_keeps_the_app_responsive():
    app = WorkshopApp(workshop.load("Agente: Hola.\nCliente: Hola."), typing_pause=None)
    started = time.perf_counter()
    app.rewrite.editors[0].editor.value = "x" * 200_000
    assert time.perf_counter() - started < 3
    assert app.state.rewrite[0] == "x" * 200_000  # kept as typed; nothing is silently cut
