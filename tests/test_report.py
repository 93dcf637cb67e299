"""Exports: JSON that imports back exactly, escaped HTML and Markdown, CSV and progress of many sessions."""
from __future__ import annotations

import io
import json
import re

import pandas as pd
import pytest

import workshop
from workshop.i18n import WorkshopError
from workshop.report import (export_csv, export_html, export_json, export_markdown, import_json, progress_chart,
                             sessions_frame)
from workshop.sessions import SessionStore, Snapshot

HOSTILE = ("Agente: Eh, le informo que <script>alert('t')</script> llega el lunes.\n"
           "Cliente: <img src=x onerror=alert(1)> ¡Es indignante!\nAgente: Pues nada | gracias.")


@pytest.fixture()
def store(tmp_path):
    s = SessionStore(tmp_path)
    yield s
    s.close()


def session(store, lead="Laura", agent="<b>Pablo</b>", text=HOSTILE, rewrite=None, notes=None):
    t = workshop.load(text)
    sid = store.create(lead, agent, t, title="Caso <i>1</i>")
    rewrite = rewrite if rewrite is not None else {0: "Su pedido <script>x()</script> llega el lunes."}
    metrics = workshop.analyze(t.with_texts(rewrite)).metrics.as_dict()
    store.save(sid, Snapshot(rewrite, notes or {"": "Nota <u>general</u>", "2": "Sin «pues nada»"},
                             {"0:filler:Eh": "applied"}, metrics), base=0)
    return sid


def test_json_export_imports_back_exactly(store, tmp_path):
    sid = session(store)
    exported = json.loads(export_json(store, sid))
    other = SessionStore(tmp_path / "elsewhere")
    again = json.loads(export_json(other, import_json(other, json.dumps(exported))))
    volatile = {"created", "updated", "revision"}
    assert {k: v for k, v in again.items() if k not in volatile} == {k: v for k, v in exported.items()
                                                                      if k not in volatile}
    assert again["rewrite"] == {"0": "Su pedido <script>x()</script> llega el lunes."}


@pytest.mark.parametrize("change, field", [
    (lambda d: d.update(format="something-else"), "format"),
    (lambda d: d.pop("agent"), "agent"),
    (lambda d: d["rewrite"].update({"1": "customer turn"}), "rewrite.1"),
    (lambda d: d["transcript"].update(turns=[]), "transcript.turns"),
    (lambda d: d.update(variety="en-IN"), "variety"),  # an English variety on a Spanish session
])
def test_importing_a_wrong_file_names_the_field(store, change, field):
    data = json.loads(export_json(store, session(store)))
    change(data)
    with pytest.raises(WorkshopError) as error:
        import_json(store, json.dumps(data), name="x.json")
    assert f"«{field}»" in error.value.message("es") and f"“{field}”" in error.value.message("en")
    with pytest.raises(WorkshopError) as error:
        import_json(store, "{nope", name="x.json")
    assert error.value.code == "bad_json"


def test_a_session_rewritten_with_a_picked_variety_is_reported_and_moved_with_it(store, tmp_path):
    """The report flags what the app flagged: "ándele" is a Mexican filler only once es-MX is picked."""
    t = workshop.load("Agente: Sí, ándele, ya le llega mañana.\nCliente: Gracias.")
    sid = store.create("Laura", "Pablo", t)
    marked = re.compile(r'<mark class="rw-finding[^>]*>ándele</mark>')
    assert not marked.search(export_html(store, sid)) and "Variedad" not in export_html(store, sid)
    store.save(sid, Snapshot({}, {}, {}, {}, variety="es-MX"), base=0)
    html_report = export_html(store, sid)
    assert "Variedad: México" in html_report and marked.search(html_report)
    assert "Variety: Mexico" in export_markdown(store, sid, ui="en")
    other = SessionStore(tmp_path / "elsewhere")
    moved = import_json(other, export_json(store, sid))
    assert other.snapshot(moved).variety == "es-MX"
    other.close()


def text_outside_tags(html: str) -> str:
    return re.sub(r"<[^>]*>", "", html)


def test_html_report_is_self_contained_escaped_and_complete(store):
    html = export_html(store, session(store), ui="es")
    assert "<script" not in html and "<img src=x" not in html and "<b>Pablo" not in html and "<u>" not in html
    assert "&lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt;" in html and "&lt;b&gt;Pablo&lt;/b&gt;" in html
    assert "Content-Security-Policy" in html and "data:image/png;base64," in html and "http" not in html.replace(
        'http-equiv', '')
    for section in ("Original", "Reescritura", "Cambios palabra a palabra", "Medidas antes y después", "Notas"):
        assert f"<h2>{section}</h2>" in html
    assert '<del class="rw-delete">' in html and 'data-category="filler"' in html
    assert "Nota &lt;u&gt;general&lt;/u&gt;" in html and "Sin «pues nada»" in html


def test_markdown_report_escapes_html_and_table_pipes(store):
    md = export_markdown(store, session(store), ui="en")
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "| Fillers | 2 | 1 | -1 |" in md  # "Eh" and "Pues" in the original, "Pues" (turn 3) left in the rewrite
    assert "**Turn 1 · Agente**" in md and "- Rewrite: Su pedido &lt;script&gt;x\\(\\)&lt;/script&gt; llega el lunes." in md


def test_csv_and_progress_of_many_sessions(store):
    session(store, agent="Pablo", rewrite={0: "Su pedido llega el lunes."})
    session(store, agent="Pablo", rewrite={0: "Llega el lunes.", 2: "Gracias."})
    session(store, agent="Marta", rewrite={})
    frame = pd.read_csv(io.StringIO(export_csv(store)))
    assert list(frame["agent"]) == ["Pablo", "Pablo", "Marta"]
    pablo = sessions_frame(store, agent="Pablo")
    assert 0 < pablo["words_saved"][0] < pablo["words_saved"][1]
    assert (pablo["filler_after"] <= pablo["filler_before"]).all()
    fig = progress_chart(pablo, "en")
    assert [ax.get_title() for ax in fig.axes][:2] == ["Words saved", "Fillers"]


def test_sessions_on_the_command_line(store, tmp_path):
    from workshop.cli import main

    sid = session(store, agent="Pablo")
    data = ["--ui", "en", "sessions", "--data", str(tmp_path)]
    out, err = io.StringIO(), io.StringIO()
    assert main(data + ["list", "--agent", "Pablo"], out=out, err=err) == 0
    assert out.getvalue().split()[0] == str(sid) and "Pablo" in out.getvalue()
    exported = tmp_path / "s.json"
    assert main(data + ["export", str(sid), "--format", "json", "-o", str(exported)], out=io.StringIO(),
                err=err) == 0
    out = io.StringIO()
    assert main(data + ["import", str(exported)], out=out, err=err) == 0
    new = int(out.getvalue())
    assert new != sid and SessionStore(tmp_path).snapshot(new).rewrite == store.snapshot(sid).rewrite
    out = io.StringIO()
    assert main(data + ["export", str(new), "--format", "html"], out=out, err=err) == 0
    assert out.getvalue().startswith("<!doctype html>")
    out = io.StringIO()
    assert main(data + ["export", "--format", "csv"], out=out, err=err) == 0
    assert len(pd.read_csv(io.StringIO(out.getvalue()))) == 2
    err = io.StringIO()
    assert main(data + ["export", "999", "--format", "md"], out=io.StringIO(), err=err) == 2
    assert "Session 999 does not exist" in err.getvalue()
    (tmp_path / "bad.json").write_text("[]")
    err = io.StringIO()
    assert main(data + ["import", str(tmp_path / "bad.json")], out=io.StringIO(), err=err) == 2
    assert "not a session exported by the workshop" in err.getvalue()
