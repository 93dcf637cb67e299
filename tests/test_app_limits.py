"""The app inside the input limits: a worst-case transcript stays fast and light, and
loading one transcript after another leaves no widgets or memory behind (issue 16, items 8 and 9)."""
from __future__ import annotations

import gc
import json
import random
import time
from datetime import datetime, timezone

import comm
import pytest
from comm import DummyComm
from ipywidgets.widgets.widget import _instances

import workshop
from workshop.app import WorkshopApp
from workshop.render import diff_html
from workshop.rewrite import word_diff

# 500 words of one filler or stammer: one finding per word, the most rows one turn can ask for.
REPEATED = {
    "este": "Agente: " + "este " * 499,
    "um": "Agent: " + "um " * 499,
    "like": "Agent: " + "like " * 499,
    "o sea": "Agente: " + "o sea " * 249,
}


def upload(app, name: str, data: bytes) -> None:
    app.picker.upload.value = ({"name": name, "type": "text/plain", "size": len(data),
                                "content": memoryview(data), "last_modified": datetime.now(timezone.utc)},)


def open_widgets() -> int:
    return len(_instances)


class WireComm(DummyComm):
    """A comm that serialises every message as the kernel would and counts the bytes sent."""

    sent = 0

    def publish_msg(self, msg_type, data=None, metadata=None, buffers=None, **keys):
        WireComm.sent += len(json.dumps(data, default=str))


@pytest.fixture()
def wire(monkeypatch):
    """Widgets made in the test talk through WireComm: what a browser would receive is measured."""
    monkeypatch.setattr(comm, "create_comm", lambda *a, **k: WireComm(*a, **k))
    WireComm.sent = 0
    return WireComm


def all_html(widget) -> str:
    out, stack = [], [widget]
    while stack:
        w = stack.pop()
        if type(w).__name__ == "HTML":
            out.append(w.value)
        stack.extend(getattr(w, "children", ()))
    return "\n".join(out)


# ---------------------------------------------------------------- item 8: the word diff

def _check(before: str, after: str, parts) -> None:
    """A diff is right when it rebuilds both texts."""
    assert "".join(p.text for p in parts if p.op != "insert") == before
    assert "".join(p.text for p in parts if p.op != "delete") == after


PUNCTUATION = "!?.,;" * 3800  # a 19 000-character turn of 0 words: within every limit


@pytest.mark.parametrize("case", ["one mark changed", "reversed", "shuffled", "filler to stammer", "one word"])
def test_the_word_diff_of_pathological_turns_returns_within_a_second(case):
    rng = random.Random(16)
    before, after = {
        "one mark changed": (PUNCTUATION, PUNCTUATION[:9000] + "<x>" + PUNCTUATION[9001:]),
        "reversed": (PUNCTUATION, PUNCTUATION[::-1]),
        "shuffled": (PUNCTUATION, "".join(rng.sample(PUNCTUATION, len(PUNCTUATION)))),
        "filler to stammer": ("este " * 499, "este um " * 250),
        "one word": ("a " * 9500, "a b " * 4750),
    }[case]
    started = time.perf_counter()
    parts = word_diff(before, after)
    html = diff_html(parts)
    elapsed = time.perf_counter() - started
    assert elapsed < 1, f"{elapsed:.2f} s"  # before the fix: 7 s to many minutes
    _check(before, after, parts)
    assert any(p.op != "equal" for p in parts) and "<x>" not in html
    if case == "one mark changed":  # a local change is still shown word by word
        assert [p.op for p in parts] == ["equal", "delete", "insert", "equal"]
        assert '<ins class="rw-insert">&lt;x&gt;</ins>' in html


def test_a_multi_line_rewrite_past_the_word_budget_is_diffed_by_line():
    lines = ["!?.,;" * 300 for _ in range(6)]
    before = "\n".join(lines)
    after = "\n".join([*lines[:3], lines[3][::-1], *lines[4:]])
    parts = word_diff(before, after)
    _check(before, after, parts)
    deleted = "".join(p.text for p in parts if p.op == "delete")
    assert deleted.strip("\n") and len(deleted) < len(before) / 2  # the unchanged lines stay equal


def test_compare_with_a_punctuation_turn_stays_responsive():
    app = WorkshopApp(workshop.load("Agente: " + PUNCTUATION + "\nCliente: Vale."), typing_pause=None, ui="es")
    app.rewrite.editors[0].editor.value = PUNCTUATION[::-1]
    started = time.perf_counter()
    app.tabs.selected_index = 1
    elapsed = time.perf_counter() - started
    assert elapsed < 3, f"{elapsed:.2f} s"  # diff, table and chart; before the fix the diff alone took minutes
    assert "<del" in app.compare.diff.value and "<ins" in app.compare.diff.value
