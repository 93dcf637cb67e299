"""Who sees what: two agents and a lead (and a trainer), by user name and by Hub group.

The identity comes from the environment a JupyterHub single-user server gets;
the Hub API is a small local HTTP server here (and a closed port for a Hub that is down).
"""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from support import config_file

import workshop
from workshop.app import WorkshopApp
from workshop.app.common import guarded
from workshop.config import load_config
from workshop.engine.rules import RulePackError
from workshop.i18n import WorkshopError
from workshop.identity import AGENT, LEAD, TRAINER, ScopedStore, current, visible_progress
from workshop.sessions import SessionStore, Snapshot

CALL = "Agente: Eh, le informo que su pedido llega el lunes.\nCliente: Vale.\nAgente: Pues nada, gracias."

CONFIG = """
roles:
  trainers: {users: [marta], groups: [formacion]}
  leads: {users: [luis, jose], groups: [jefes]}
teams:
  luis: [ana, pedro]
"""


@pytest.fixture()
def config(tmp_path):
    return config_file(tmp_path, CONFIG)


@pytest.fixture()
def store(tmp_path):
    store = SessionStore(tmp_path / "data")
    call = workshop.load(CALL)
    ids = {"ana": store.create("luis", "ana", call), "pedro": store.create("luis", "pedro", call),
           "rosa": store.create("carmen", "rosa", call)}
    store.ids = ids
    return store


def me(name, config, **env):
    return current(config, env={"JUPYTERHUB_USER": name, **env})


class FakeHub(BaseHTTPRequestHandler):
    """GET /user answers the token's user model, as the Hub does for a server's token."""

    users = {"tok-ana": {"name": "ana", "groups": []}, "tok-jefa": {"name": "carmen", "groups": ["jefes"]}}
    seen: list[str] = []

    def do_GET(self):  # noqa: N802
        token = self.headers.get("Authorization", "").removeprefix("token ")
        FakeHub.seen.append(self.path)
        model = self.users.get(token)
        self.send_response(200 if model and self.path == "/hub/api/user" else 403)
        self.end_headers()
        self.wfile.write(json.dumps(model or {"status": 403}).encode())

    def log_message(self, *args):
        pass


@pytest.fixture()
def hub():
    server = HTTPServer(("127.0.0.1", 0), FakeHub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hub/api"
    server.shutdown()
    server.server_close()


def test_roles_by_user_name(config):
    assert me("marta", config).role == TRAINER
    assert me("Luis", config).role == LEAD  # names compare without case
    assert me("ana", config).role == AGENT
    assert me("ana", config).source == "hub"


def test_roles_by_hub_group(config, hub):
    lead = me("carmen", config, JUPYTERHUB_API_URL=hub, JUPYTERHUB_API_TOKEN="tok-jefa")
    assert (lead.role, lead.groups, lead.hub_problem) == (LEAD, ("jefes",), "")
    assert "/hub/api/user" in FakeHub.seen


def test_an_unreachable_hub_costs_the_groups_only(config, hub):
    down = "http://127.0.0.1:9/hub/api"  # discard port: nothing listens
    lead = me("carmen", config, JUPYTERHUB_API_URL=down, JUPYTERHUB_API_TOKEN="tok-jefa")
    assert lead.role == AGENT and lead.groups == () and lead.hub_problem
    refused = me("carmen", config, JUPYTERHUB_API_URL=hub, JUPYTERHUB_API_TOKEN="wrong")
    assert refused.role == AGENT and "HTTPError" in refused.hub_problem
    assert me("luis", config, JUPYTERHUB_API_URL=down, JUPYTERHUB_API_TOKEN="x").role == LEAD


def test_standalone_is_the_typed_names_as_today(config):
    nobody = current(config, env={})
    assert nobody.name is None and nobody.sees_team
    assert current(config, env={"WORKSHOP_USER": "ana"}).role == AGENT


def test_an_agent_sees_only_their_own_sessions(config, store):
    ana = ScopedStore(store, me("ana", config), config)
    assert [s.agent for s in ana.sessions()] == ["ana"]
    assert ana.sessions(agent="pedro") == []
    for call in (lambda: ana.info(store.ids["pedro"]), lambda: ana.snapshot(store.ids["pedro"]),
                 lambda: ana.transcript(store.ids["pedro"]), lambda: ana.revisions(store.ids["pedro"]),
                 lambda: ana.save(store.ids["pedro"], Snapshot(), 0)):
        with pytest.raises(WorkshopError) as error:
            call()
        assert error.value.code == "session_forbidden"
    assert store.info(store.ids["pedro"]).revision == 0  # nothing was written into Pedro's session
    assert ana.save(store.ids["ana"], Snapshot({0: "Su pedido llega el lunes."}), 0) == 1
    with pytest.raises(WorkshopError) as error:
        ana.create("luis", "pedro", workshop.load(CALL))
    assert error.value.code == "session_not_yours"
    assert len(store.sessions()) == 3


def test_a_lead_sees_their_team_and_a_trainer_everyone(config, store):
    luis = ScopedStore(store, me("luis", config), config)
    assert sorted(s.agent for s in luis.sessions()) == ["ana", "pedro"]
    with pytest.raises(WorkshopError):
        luis.snapshot(store.ids["rosa"])
    with pytest.raises(WorkshopError) as error:
        luis.create("luis", "rosa", workshop.load(CALL))
    assert error.value.code == "session_not_your_team"
    marta = ScopedStore(store, me("marta", config), config)
    assert sorted(s.agent for s in marta.sessions()) == ["ana", "pedro", "rosa"]
    # A lead with no team listed sees every session (one team per server).
    jose = ScopedStore(store, me("jose", config), config)
    assert jose.identity.role == LEAD and len(jose.sessions()) == 3
    # Without the Hub's groups, a group's lead is an agent with no sessions of their own.
    carmen = ScopedStore(store, me("carmen", config), config)
    assert carmen.identity.role == AGENT and carmen.sessions() == []


def test_the_app_applies_the_role_to_its_session_list(config, store):
    agent = WorkshopApp(workshop.load(CALL), typing_pause=None, config=config, identity=me("ana", config),
                        store=lambda: store)
    agent.session.refresh_list()
    assert [v for _, v in agent.session.sessions.options] == [store.ids["ana"]]
    assert agent.session.agent.value == "ana" and agent.session.agent.disabled
    guarded(agent.state, agent.session.reopen)(store.ids["pedro"])  # a forged id, as a button callback runs it

    assert agent.state.alert["kind"] == "error" and agent.session.session_id is None
    assert "Pedro" not in agent.state.alert["text"] and agent.team is None
    agent.session.show_progress("pedro")  # progress goes through the same store: none of Pedro's
    assert "sesiones" in agent.session.progress_table.value.lower() and "<table" not in agent.session.progress_table.value
    agent.session.show_progress("ana")
    assert agent.session.progress_table.value.count("<tr>") == 1
    lead = WorkshopApp(workshop.load(CALL), typing_pause=None, config=config, identity=me("luis", config),
                       store=lambda: store)
    lead.session.refresh_list()
    assert sorted(v for _, v in lead.session.sessions.options) == sorted([store.ids["ana"], store.ids["pedro"]])
    assert lead.session.lead.value == "luis" and lead.team is not None
    assert "luis" in lead.who.value


def test_progress_of_others_is_hidden_from_an_agent(config):
    import pandas as pd

    frame = pd.DataFrame({"learner": ["ana", "Ana", "pedro", "rosa"], "words_saved": [1, 2, 3, 4]})
    assert list(visible_progress(frame, me("ana", config), config)["words_saved"]) == [1, 2]
    assert list(visible_progress(frame, me("luis", config), config)["words_saved"]) == [1, 2, 3]
    assert len(visible_progress(frame, me("marta", config), config)) == 4


@pytest.mark.parametrize("text, line", [
    ("roles:\n  leads: [luis]\n", 1),
    ("title: x\nroles:\n  bosses: {users: [luis]}\n", 2),
    ("roles:\n  leads: {users: luis}\n", 1),
    ("teams:\n  luis: ana\n", 1),
])
def test_bad_roles_are_named_with_their_line(tmp_path, text, line):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulePackError) as error:
        load_config(path)
    assert error.value.line == line
    assert "bad.yaml" in error.value.message("es") and "bad.yaml" in error.value.message("en")


def test_the_app_says_when_the_hub_cannot_give_the_groups(config, store):
    down = me("carmen", config, JUPYTERHUB_API_URL="http://127.0.0.1:9/hub/api", JUPYTERHUB_API_TOKEN="x")
    app = WorkshopApp(workshop.load(CALL), typing_pause=None, config=config, identity=down, store=lambda: store)
    assert app.state.alert["kind"] == "info"
    assert "JupyterHub" in app.state.alert["text"] and "nombre de usuario" in app.state.alert["text"]
    assert app.team is None and app.session.agent.value == "carmen"
