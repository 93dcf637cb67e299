"""The team view, headless: a store seeded with several agents' sessions on known dates.

Expected numbers are counted here from the engine's own findings of each call, not
read back from the team view.
"""
from __future__ import annotations

import csv
import io

import pytest
from support import config_file

import workshop
import workshop.sessions as sessions_module
from workshop.app import WorkshopApp
from workshop.engine.analyze import analyze
from workshop.i18n import WorkshopError
from workshop.identity import current
from workshop.sessions import SessionStore, Snapshot
from workshop.team import Team, categories_png, rules_png, timeline_png

FILLERS = "Agente: Eh, pues, le informo que su pedido llega el lunes.\nCliente: Vale.\nAgente: Pues nada, eh, gracias."
HARSH = ("Agente: Le informo que no es posible cambiar la fecha.\nCliente: Estoy muy enfadado, es la tercera vez.\n"
         "Agente: ¿Tiene el número de pedido?")
CONFIG = "roles:\n  trainers: {users: [marta]}\n  leads: {users: [luis]}\nteams:\n  luis: [ana, pedro]\n"


def call(text, variety=None, transcript_id="call"):
    transcript = workshop.load(text)
    transcript.metadata["id"] = transcript_id
    if variety:
        transcript.metadata["variety"] = variety
    return transcript


@pytest.fixture()
def config(tmp_path):
    return config_file(tmp_path, CONFIG)


@pytest.fixture()
def store(tmp_path, monkeypatch):
    store = SessionStore(tmp_path / "data")
    day = {"value": ""}
    monkeypatch.setattr(sessions_module, "now", lambda: day["value"])

    def add(date, agent, transcript, rewrite=None):
        day["value"] = f"{date}T10:00:00.000+00:00"
        sid = store.create("carmen" if agent == "rosa" else "luis", agent, transcript)
        if rewrite:
            store.save(sid, Snapshot(rewrite), 0)
        return sid

    add("2026-11-02", "ana", call(FILLERS, transcript_id="pedido"), {0: "Le informo que su pedido llega el lunes.",
                                                                     2: "Gracias."})
    add("2026-11-05", "pedro", call(HARSH, "es-ES", "fecha"))
    add("2026-11-10", "rosa", call(HARSH, "es-ES", "fecha"))
    add("2026-11-20", "ana", call(FILLERS, "es-MX", "pedido"), {0: "Su pedido llega el lunes.", 2: "Gracias."})
    add("2026-11-25", "pedro", call(FILLERS, "es-ES", "pedido"))
    return store


def who(name, config):
    return current(config, env={"JUPYTERHUB_USER": name})


def rate(text, rewrite=None):
    transcript = workshop.load(text)
    analysis = analyze(transcript.with_texts(rewrite or {}))
    return analysis, analysis.metrics.agent.words


def test_sessions_over_time_for_the_lead_only_their_team(store, config):
    data = Team(store, who("luis", config), config).frames()
    frame = data.sessions
    assert list(frame["agent"]) == ["ana", "pedro", "ana", "pedro"]  # oldest first, Rosa is not Luis's
    assert list(frame["date"].dt.day) == [2, 5, 20, 25]
    first, words = rate(FILLERS)
    after, words_after = rate(FILLERS, {0: "Le informo que su pedido llega el lunes.", 2: "Gracias."})
    row = frame.iloc[0]
    assert row["per_100_before"] == pytest.approx(100 * len(first.found) / words, abs=0.01)
    assert row["per_100_after"] == pytest.approx(100 * len(after.found) / words_after, abs=0.01)
    assert row["per_100_change"] < 0
    assert frame.iloc[1]["per_100_change"] == 0  # Pedro's first call was not rewritten
    assert list(frame["variety"]) == ["", "es-ES", "es-MX", "es-ES"]  # absent variety: empty, not an error
    everyone = Team(store, who("marta", config), config).frames().sessions
    assert sorted(everyone["agent"]) == ["ana", "ana", "pedro", "pedro", "rosa"]


def test_what_each_agent_improves_on_and_what_keeps_coming_back(store, config):
    cats = Team(store, who("luis", config), config).frames().categories.set_index(["agent", "category"])
    ana_filler = cats.loc[("ana", "filler")]
    fillers = sum(f.category == "filler" for f in analyze(workshop.load(FILLERS)).found)
    assert ana_filler["findings_before"] == 2 * fillers and ana_filler["findings_after"] == 0
    assert ana_filler["per_100_after"] == 0 and ana_filler["per_100_change"] < 0
    assert ana_filler["comes_back"]  # in both of her calls, the latest too
    assert cats.loc[("ana", "formal")]["findings_after"] == 1  # kept in the first rewrite only
    assert not cats.loc[("pedro", "filler")]["comes_back"]  # only in his latest call
    assert not cats.loc[("pedro", "negative")]["comes_back"]  # only in his first call
    assert cats.loc[("pedro", "formal")]["comes_back"]
    assert ("rosa", "negative") not in cats.index


def test_the_teams_most_frequent_findings_by_rule(store, config):
    rules = Team(store, who("luis", config), config).frames().rules
    per_call = {}
    for text, times in ((FILLERS, 3), (HARSH, 1)):  # Luis's team: three calls with fillers, one harsh
        for f in analyze(workshop.load(text)).found:
            per_call[f.id] = per_call.get(f.id, 0) + times
    top = max(per_call.values())
    assert rules.iloc[0]["rule"] in {k for k, v in per_call.items() if v == top}
    counted = dict(zip(rules["rule"], rules["findings_before"]))
    assert counted == per_call
    eh = rules.set_index("rule").loc["filler.eh"]
    assert (eh["sessions"], eh["agents"], eh["findings_after"]) == (3, 2, 2)  # Pedro's unrewritten call keeps 2


def test_filters_by_date_transcript_variety_and_agent(store, config):
    team = Team(store, who("marta", config), config)
    assert list(team.frames(since="2026-11-05", until="2026-11-20").sessions["agent"]) == ["pedro", "rosa", "ana"]
    import datetime as dt

    assert len(team.frames(since=dt.date(2026, 11, 21)).sessions) == 1  # a DatePicker's value works too
    assert set(team.frames(transcript="fecha").sessions["agent"]) == {"pedro", "rosa"}
    assert list(team.frames(variety="es-MX").sessions["agent"]) == ["ana"]
    only = team.frames(agent="pedro")
    assert set(only.sessions["agent"]) == {"pedro"} and set(only.categories["agent"]) == {"pedro"}
    assert team.frames(since="2027-01-01").sessions.empty
    assert team.frames(since="2027-01-01").rules.empty
    assert team.choices() == {"agents": ["ana", "pedro", "rosa"], "transcripts": ["fecha", "pedido"],
                              "varieties": ["es-ES", "es-MX"]}


def test_an_agent_gets_no_team_view(store, config):
    with pytest.raises(WorkshopError) as error:
        Team(store, who("ana", config), config)
    assert error.value.code == "team_forbidden"
    assert "responsables" in error.value.message("es") and "leads" in error.value.message("en")


def test_new_revisions_are_read_on_refresh(store, config):
    team = Team(store, who("luis", config), config)
    before = team.frames().sessions.set_index("session")
    sid = int(before.index[1])  # Pedro's first call
    store.save(sid, Snapshot({2: "Entiendo su enfado. ¿Me indica el número de pedido?"}), 0)
    assert team.frames().sessions.set_index("session").loc[sid, "revision"] == 0  # until refreshed
    team.refresh()
    assert team.frames().sessions.set_index("session").loc[sid, "per_100_change"] < 0


def test_csv_export_neutralises_formulas(tmp_path, config, monkeypatch):
    store = SessionStore(tmp_path / "x")
    monkeypatch.setattr(sessions_module, "now", lambda: "2026-11-02T10:00:00.000+00:00")
    store.create("luis", "=HYPERLINK(\"http://x\")", call(FILLERS))
    data = Team(store, who("marta", config), config).frames()
    for table in ("sessions", "categories", "rules"):
        rows = list(csv.DictReader(io.StringIO(data.csv(table))))
        assert rows, table
    sessions = list(csv.DictReader(io.StringIO(data.csv("sessions"))))
    assert sessions[0]["agent"] == "'=HYPERLINK(\"http://x\")"
    assert float(sessions[0]["per_100_before"]) > 0  # numbers stay numbers, with a dot
    with pytest.raises(ValueError):
        data.csv("../etc")


def test_charts_are_pngs(store, config):
    data = Team(store, who("luis", config), config).frames()
    for draw in (timeline_png, categories_png, rules_png):
        assert draw(data, "es")[:4] == b"\x89PNG"
    empty = Team(store, who("luis", config), config).frames(since="2030-01-01")
    assert categories_png(empty, "en")[:4] == b"\x89PNG"
    import warnings

    one_day = Team(store, who("luis", config), config).frames(since="2026-11-20", until="2026-11-20")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns when a date axis has no range
        assert timeline_png(one_day, "es")[:4] == b"\x89PNG"


def test_the_team_tab_for_a_lead_in_both_languages(store, config):
    app = WorkshopApp(workshop.load(FILLERS), typing_pause=None, config=config, identity=who("luis", config),
                      store=lambda: store)
    assert app.tabs.get_title(4) == "Equipo"
    app.tabs.selected_index = 4
    pane = app.team
    assert pane.charts["timeline"].value[:4] == b"\x89PNG"
    table = pane.tables["categories"].value
    assert "Muletilla" in table and "Vuelve a aparecer" in table and "rosa" not in pane.tables["sessions"].value
    assert "," in pane.tables["sessions"].value.split("<tbody>")[1]  # Spanish decimals: 35,71
    assert "2 nov 2026" in pane.tables["sessions"].value
    pane.agent = "pedro"
    assert "ana" not in pane.tables["sessions"].value.split("<tbody>")[1]
    pane.agent_menu.value = ""
    assert "ana" in pane.tables["sessions"].value
    pane.since = None
    pane.since_picker.value = __import__("datetime").date(2030, 1, 1)
    assert "No hay sesiones" in pane.summary.value and pane.charts["rules"].layout.display == "none"
    pane.since_picker.value = None
    pane.export_buttons["rules"].click()
    assert 'download="team-rules.csv"' in pane.download.value
    app.state.ui = "en"
    assert app.tabs.get_title(4) == "Team" and "Filler" in pane.tables["categories"].value
    assert "Keeps coming back" in pane.tables["categories"].value
    assert "." in pane.tables["sessions"].value.split("<tbody>")[1] and "Nov 2, 2026" in pane.tables["sessions"].value
    assert app.state.alert.get("kind") != "error"
