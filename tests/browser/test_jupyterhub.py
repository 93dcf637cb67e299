"""A real JupyterHub on docs/jupyterhub_config.py (issue 15): two people log in with Chromium, each gets
their own server with the app at /user/NAME/voila/render/…, types a rewrite, and it is in the team's store.

The Hub runs with a shared-password login and SimpleLocalProcessSpawner (no system accounts), swapped in
by workshop.serve.HubServer; everything else is the documented configuration, the proxy is the one
`make setup` installs from npm (proxy/package.json), and the store is the team's PostgreSQL database.
"""
from __future__ import annotations

import re
import shutil

import pytest
from support import require
from ui import start_session_and_type, wait_rendered
from playwright.sync_api import expect

from workshop.serve import PROXY, HubServer
from workshop.server import security_headers
from workshop.sessions import SessionStore

RENDER_TIMEOUT = 120_000  # ms: a user's server starting, then a cold kernel, on a busy 2-core machine


@pytest.fixture(scope="module")
def hub_ready():
    problem = None
    try:
        import jupyterhub  # noqa: F401
        import jupyterhub_idle_culler  # noqa: F401
    except ImportError as missing:
        problem = f"{missing.name} is not installed (pip install -e '.[test]')"
    if problem is None and not PROXY.exists() and not shutil.which("configurable-http-proxy"):
        problem = "configurable-http-proxy is missing (make setup installs it into proxy/ with npm)"
    require(problem, "the JupyterHub test")


def log_in(browser, hub: HubServer, name: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-ES")
    page = context.new_page()
    page.set_default_timeout(30_000)
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("http://127.0.0.1:", "ws://127.0.0.1:",
                                                                                   "data:", "blob:")) else None)
    page.outside = outside
    page.on("response", lambda r: page.app_headers.append(r.headers) if "/voila/render/" in r.url else None)
    page.app_headers = []
    page.goto(hub.url + "hub/login")
    page.fill("#username_input", name)
    page.fill("#password_input", hub.password)
    page.click("#login_submit")
    return context, page


def test_two_people_on_the_hub_each_save_a_rewrite_into_the_teams_store(hub_ready, browser, postgres, tmp_path):
    url = postgres.new_database()
    config = tmp_path / "equipo.yaml"
    config.write_text("roles:\n  leads: {users: [laura]}\nteams:\n  laura: [ana, pedro]\n", encoding="utf-8")
    typed = {"ana": "Su pedido llega el lunes.", "pedro": "Gracias por esperar, ya lo tengo."}
    with HubServer(tmp_path / "hub", env={"WORKSHOP_SESSIONS_URL": url, "WORKSHOP_CONFIG": str(config)}) as hub:
        contexts = []
        try:
            for name, text in typed.items():
                context, page = log_in(browser, hub, name)
                contexts.append(context)
                # The Hub's default URL: the user's own server, straight into the app.
                page.wait_for_url(re.compile(rf"/user/{name}/voila/render/workshop\.ipynb$"), timeout=RENDER_TIMEOUT)
                wait_rendered(page, hub, timeout=RENDER_TIMEOUT)
                page.locator(".rw-app .jupyter-widget-Collapse-header", has_text=re.compile("Sesión")).first.click()
                # Signed in by the Hub: the agent is the Hub's user, fixed.
                expect(page.locator(".rw-agent input")).to_have_value(name)
                expect(page.locator(".rw-agent input")).to_be_disabled()
                start_session_and_type(page, "laura", text)
                assert page.outside == [], f"the page fetched from outside this machine: {page.outside}"
                # The same security headers as `workshop serve` (data/jupyter/hub/jupyter_server_config.json).
                headers = page.app_headers[-1]
                assert headers["content-security-policy"] == security_headers()["Content-Security-Policy"]
                assert headers["referrer-policy"] == "same-origin" and headers["x-content-type-options"] == "nosniff"
            # Each person reaches only their own server, and in it only the app: no JupyterLab, no terminals.
            ana = contexts[0].new_page()
            for path in ("lab", "tree", "terminals/1", "api/terminals"):
                response = ana.goto(hub.url + f"user/ana/{path}")
                assert response.status == 404, (path, response.status)
            response = ana.goto(hub.url + "user/pedro/voila/render/workshop.ipynb")
            assert response.status == 403, response.status
            assert ana.locator(".rw-app").count() == 0
        finally:
            for context in contexts:
                context.close()
        assert "Traceback" not in hub.output(), hub.output()[-3000:]
    store = SessionStore(url=url)
    try:
        saved = {s.agent: (s.lead, store.snapshot(s.id).rewrite) for s in store.sessions()}
    finally:
        store.close()
    assert {agent: (lead, next(iter(rewrite.values()), "")) for agent, (lead, rewrite) in saved.items()} == \
        {name: ("laura", text) for name, text in typed.items()}
