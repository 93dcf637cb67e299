"""Exports that cannot attack their reader: no spreadsheet formulas in CSV, no live links in Markdown."""
from __future__ import annotations

import csv
import dataclasses
import html
import io
import re

import mistune
import pytest

import workshop
from workshop.cli import main
from workshop.report import export_csv, export_markdown
from workshop.sessions import SessionStore, Snapshot

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture()
def store(tmp_path):
    s = SessionStore(tmp_path / "data")
    yield s
    s.close()


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def assert_no_formula_cells(rows: list[dict[str, str]]) -> None:
    for row in rows:
        for column, value in row.items():
            if value.startswith(FORMULA_START):
                # Only a real number may start with "-" or "+": a spreadsheet reads it as a number.
                float(value), column


def hostile_session(store) -> int:
    transcript = workshop.load("Agente: Buenos días, le atiendo.\nCliente: Hola.\n", name="+cmd.txt")
    transcript = dataclasses.replace(transcript, title="@SUM(1)")
    sid = store.create("-2+3", '=HYPERLINK("http://x")', transcript)
    # A longer rewrite: words saved is negative, and must stay a number.
    rewrite = {0: "Buenos días, le atiendo con mucho gusto ahora mismo."}
    metrics = workshop.analyze(transcript.with_texts(rewrite)).metrics.as_dict()
    store.save(sid, Snapshot(rewrite, {}, {}, metrics), base=0)
    return sid


def test_sessions_csv_neutralises_formulas_and_keeps_numbers(store):
    hostile_session(store)
    rows = rows_of(export_csv(store))
    assert len(rows) == 1
    row = rows[0]
    assert row["agent"] == "'=HYPERLINK(\"http://x\")"
    assert row["title"] == "'@SUM(1)"
    assert row["lead"] == "'-2+3"
    assert row["transcript"] == "'+cmd.txt"  # the file it came from
    assert int(row["words_saved"]) < 0  # numeric column: no quote prefix
    assert_no_formula_cells(rows)


def test_sessions_csv_on_the_command_line(store, tmp_path):
    hostile_session(store)
    out = io.StringIO()
    assert main(["sessions", "--data", str(store.folder), "export", "--format", "csv"], out=out,
                err=io.StringIO()) == 0
    rows = rows_of(out.getvalue())
    assert rows[0]["agent"].startswith("'=") and rows[0]["title"] == "'@SUM(1)"
    assert_no_formula_cells(rows)


@pytest.mark.parametrize("name", ["+cmd.txt", "-x.txt", "=1+1.txt", "@SUM(1).txt"])
def test_analyze_csv_neutralises_file_names(tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text("Agente: Eh, le informo que llega el lunes.\nCliente: Vale.\n", encoding="utf-8")
    (tmp_path / "plain.txt").write_text("Agente: Hola.\nCliente: Hola.\n", encoding="utf-8")
    out = io.StringIO()
    assert main(["analyze", "--format", "csv", "--", name, "plain.txt"], out=out, err=io.StringIO()) == 0
    rows = rows_of(out.getvalue())
    assert [r["source"] for r in rows] == ["'" + name, "plain.txt"]
    assert_no_formula_cells(rows)


def test_csv_text_cells_are_quoted_so_a_semicolon_cannot_start_a_cell(store):
    """Spreadsheets in Spanish locales split on ";": a quoted text cell stays one cell."""
    transcript = workshop.load("Agente: Hola.\nCliente: Hola.\n")
    store.create("Ana;=1+1", "Pablo", transcript)
    text = export_csv(store)
    line = text.splitlines()[1]
    assert '"Ana;=1+1"' in line


# ---------------------------------------------------------------- Markdown

LINKS = ("[x](http://evil.example/a)", "![img](http://evil.example/i.png)", "[js](javascript:alert(1))",
         "<http://evil.example/auto>", "www.evil.example", "http://evil.example/bare", "*em* _em_ `code`",
         "<img src=x onerror=alert(1)>", "&lt;b&gt;")


def render(md: str) -> str:
    return mistune.create_markdown(escape=False, plugins=["table", "url", "strikethrough"])(md)


def test_markdown_report_renders_transcript_text_as_text(store):
    hostile = " ".join(LINKS)
    transcript = workshop.load(f"Agente: Hola {hostile}\nCliente: [ref]: http://evil.example/ref\n")
    sid = store.create("[lead](http://evil.example)", "![a](http://evil.example/a.png)", transcript,
                       title="<http://evil.example/title>")
    store.save(sid, Snapshot({0: f"Hola de nuevo {hostile}"},
                             {"": "[nota](javascript:alert(1))", "1": "![n](http://evil.example/n.png)"}, {}, {}),
               base=0)
    md = export_markdown(store, sid, ui="en")
    out = render(md)
    assert "<a " not in out and "<img" not in out and "<em>" not in out and "<code>" not in out
    assert "<del>" not in out and "<script" not in out
    # The report's own structure still renders ...
    assert re.search(r"<h1>.*</h1>", out) and out.count("<h2>") == 3
    assert "<table>" in out and "<td>Fillers</td>" in out.replace(' style="text-align:left"', "")
    assert "<strong>Turn 1 · Agente</strong>" in out
    # ... and the reader sees exactly what was typed.
    text = html.unescape(re.sub(r"<[^>]+>", "", out))
    for piece in LINKS:
        assert piece in text
    assert "[lead](http://evil.example)" in text and "[nota](javascript:alert(1))" in text


def test_markdown_line_breaks_in_text_cannot_start_blocks(store):
    transcript = workshop.load([{"speaker": "Agente", "text": "Hola\r# titulo\r\n[r]: http://evil.example\n> cita"},
                                {"speaker": "Cliente", "text": "Vale"}])
    sid = store.create("Ana", "Pablo", transcript, title="Caso")
    store.save(sid, Snapshot({0: "Hola\r\n- lista\r1. uno\n    codigo"}, {}, {}, {}), base=0)
    out = render(export_markdown(store, sid, ui="es"))
    assert out.count("<h1>") == 1 and "<blockquote>" not in out and "<pre>" not in out and "<ol>" not in out
    assert "<a " not in out


def test_markdown_stays_readable_and_a_note_cannot_start_a_block(store):
    """Plain sentences stay as typed; a note (the start of a list item) cannot open a heading, list or code."""
    transcript = workshop.load("Agente: Su pedido llega el lunes. Nota: a las 10:30.\nCliente: Vale.")
    sid = store.create("Ana", "Pablo", transcript, title="Caso")
    store.save(sid, Snapshot({0: "Primera versión."}, {"": "1. uno", "0": "    codigo"}, {}, {}), base=0)
    for note in ("- x", "+ x", "# x", "> x", "* x", "10) x"):
        sid2 = store.create("Ana", "Pablo", transcript, title="Caso")
        store.save(sid2, Snapshot({}, {"": note}, {}, {}), base=0)
        out = render(export_markdown(store, sid2, ui="es"))
        assert out.count("<ul>") == 1 and "<h1>" in out and out.count("<h") == 4, note  # h1 + three h2
        assert "<ol" not in out and "<blockquote>" not in out and "<pre>" not in out, note
        assert note in html.unescape(re.sub(r"<[^>]+>", "", out)), note
    md = export_markdown(store, sid, ui="es")
    assert "- Reescritura: Primera versión." in md and "Su pedido llega el lunes. Nota: a las 10" in md
    out = render(md)
    assert "<ol" not in out and "<pre>" not in out
