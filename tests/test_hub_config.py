"""docs/jupyterhub_config.py and docs/z2jh-values.yaml read as JupyterHub and Helm read them (issue 15).

The browser test (tests/browser/test_jupyterhub.py) runs a real Hub on the config; these check, in a
second and without a browser, the settings a team relies on and that the two files agree.
"""
from __future__ import annotations

import json
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def hub_config(monkeypatch, tmp_path, **env):
    from traitlets.config.loader import PyFileConfigLoader

    for key in ("WORKSHOP_CONFIG", "WORKSHOP_SESSIONS_URL", "WORKSHOP_HUB_URL", "WORKSHOP_IDLE_TIMEOUT"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("WORKSHOP_HUB_STATE", str(tmp_path / "state"))
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return PyFileConfigLoader("jupyterhub_config.py", path=str(ROOT / "docs")).load_config()


def test_the_team_configuration_lands_in_the_app_with_the_teams_settings(monkeypatch, tmp_path):
    c = hub_config(monkeypatch, tmp_path, WORKSHOP_CONFIG="/srv/taller/equipo.yaml",
                   WORKSHOP_SESSIONS_URL="postgresql://taller@db/taller", WORKSHOP_IDLE_TIMEOUT="1200")
    assert c.Spawner.default_url == "/voila/render/workshop.ipynb"
    assert (Path(c.Spawner.notebook_dir) / "workshop.ipynb").is_file()
    env = c.Spawner.environment
    assert env["WORKSHOP_CONFIG"] == "/srv/taller/equipo.yaml"
    assert env["WORKSHOP_SESSIONS_URL"] == "postgresql://taller@db/taller"
    assert (Path(env["JUPYTER_CONFIG_PATH"]) / "jupyter_server_config.json").is_file()
    args = c.Spawner.args
    for option in ("--VoilaConfiguration.template=workshop", "--VoilaConfiguration.show_tracebacks=False",
                   "--VoilaConfiguration.strip_sources=True", "--ServerApp.terminals_enabled=False",
                   "--MappingKernelManager.cull_idle_timeout=1200", "--ServerApp.shutdown_no_activity_timeout=1200"):
        assert option in args, option
    culler = next(s for s in c.JupyterHub.services if s["name"] == "idle-culler")
    assert "--timeout=1200" in culler["command"]
    server_role = next(r for r in c.JupyterHub.load_roles if r["name"] == "server")
    assert "read:users:groups!user" in server_role["scopes"]  # the app reads the user's Hub groups
    assert (tmp_path / "state").is_dir() and c.JupyterHub.db_url.startswith(f"sqlite:///{tmp_path / 'state'}")


def test_without_a_shared_store_each_user_keeps_their_own(monkeypatch, tmp_path):
    c = hub_config(monkeypatch, tmp_path)
    assert "WORKSHOP_SESSIONS_URL" not in c.Spawner.environment
    assert "WORKSHOP_CONFIG" not in c.Spawner.environment  # the shipped configuration, not an empty path
    assert c.JupyterHub.bind_url == "http://127.0.0.1:8000" and c.JupyterHub.hub_ip == "127.0.0.1"


def test_the_hub_servers_send_the_same_headers_as_workshop_serve_and_no_mathjax_from_a_cdn():
    from workshop.server import security_headers

    settings = json.loads((ROOT / "workshop/data/jupyter/hub/jupyter_server_config.json").read_text())
    tornado = settings["ServerApp"]["tornado_settings"]
    assert tornado["mathjax_url"] is None and tornado["mathjax_config"] is None
    for name, value in tornado["headers"].items():
        assert security_headers()[name] == value, name


def test_the_kubernetes_fragment_has_the_same_settings(monkeypatch, tmp_path):
    c = hub_config(monkeypatch, tmp_path)
    values = yaml.safe_load((ROOT / "docs" / "z2jh-values.yaml").read_text(encoding="utf-8"))
    single = values["singleuser"]
    assert single["defaultUrl"] == c.Spawner.default_url
    assert {"WORKSHOP_CONFIG", "WORKSHOP_SESSIONS_URL", "JUPYTER_PATH", "JUPYTER_CONFIG_PATH"} <= set(single["extraEnv"])
    voila_options = [a for a in c.Spawner.args if a.startswith(("--VoilaConfiguration", "--ServerApp.terminals"))]
    assert set(voila_options) <= set(single["cmd"])
    assert values["cull"]["enabled"] is True
    assert "read:users:groups!user" in values["hub"]["loadRoles"]["server"]["scopes"]
