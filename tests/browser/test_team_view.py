"""The team view in the browser: a lead sees the Team tab with its charts and tables, an agent does not.

Each role is its own Voilà server: WORKSHOP_CONFIG names a YAML with the roles and
the seeded sessions folder, WORKSHOP_USER the signed-in user (as JUPYTERHUB_USER does under the Hub).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from ui import wait_rendered

import workshop.sessions as sessions_module
from workshop.library import load_library
from workshop.serve import VoilaServer
from workshop.sessions import SessionStore, Snapshot

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "docs" / "team-view.png"
CONFIG = """
roles:
  leads: {users: [luis]}
teams:
  luis: [Ana Ruiz, Pedro Gil, Lucía Sanz, Omar Haddad]
sessions_folder: datos
"""
# (day in November, agent, library transcript index, share of the model rewrite applied)
SEEDS = [(3, "Ana Ruiz", 0, 0.5), (6, "Pedro Gil", 1, 0.0), (9, "Lucía Sanz", 2, 1.0), (12, "Ana Ruiz", 3, 1.0),
         (14, "Omar Haddad", 4, 0.5), (17, "Pedro Gil", 0, 0.5), (19, "Lucía Sanz", 5, 1.0),
         (23, "Ana Ruiz", 1, 1.0), (26, "Omar Haddad", 2, 1.0), (28, "Pedro Gil", 3, 1.0),
         (20, "Rosa Vidal", 0, 0.0)]  # not in Luis's team


def seed(folder: Path) -> None:
    calls = [t for t in load_library() if t.language == "es" and t.model_rewrite() is not None]
    store = SessionStore(folder)
    with pytest.MonkeyPatch.context() as patch:
        for day, agent, index, share in SEEDS:
            patch.setattr(sessions_module, "now", lambda day=day: f"2026-11-{day:02d}T10:00:00.000+00:00")
            transcript = calls[index % len(calls)]
            transcript.metadata["variety"] = ("es-ES", "es-MX")[day % 2]
            entries = transcript.metadata["model_rewrite"]
            rewrite = {int(e["turn"]): e["text"] for e in entries[:round(len(entries) * share)]}
            sid = store.create("Luis" if agent != "Rosa Vidal" else "Carmen", agent, transcript)
            if rewrite:
                store.save(sid, Snapshot(rewrite), 0)
    store.close()


def serve(tmp_path: Path, user: str) -> VoilaServer:
    folder = tmp_path / user
    folder.mkdir()
    (folder / "equipo.yaml").write_text(CONFIG, encoding="utf-8")
    seed(folder / "datos")
    return VoilaServer("notebooks/workshop.ipynb", env={"WORKSHOP_CONFIG": str(folder / "equipo.yaml"),
                                                        "WORKSHOP_USER": user})


def open_app(browser, server, height=1000):
    context = browser.new_context(viewport={"width": 1400, "height": height}, locale="es-ES")
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(server.url)
    wait_rendered(page, server)
    return context, page


def test_the_lead_sees_the_team_tab_with_charts_and_tables(browser, tmp_path):
    with serve(tmp_path, "luis") as server:
        context, page = open_app(browser, server, height=2300)  # tall: the screenshot shows charts and tables
        try:
            expect(page.locator(".rw-who")).to_contain_text("luis")
            page.locator(".lm-TabBar-tab", has_text="Equipo").click()
            pane = page.locator(".rw-team")
            # The first look analyses every session (before and after): give a loaded machine time.
            expect(pane.locator(".rw-summary")).to_contain_text("Sesiones: 10", timeout=60_000)
            for name in ("timeline", "categories", "rules"):
                expect(pane.locator(f".rw-team-chart-{name} img, img.rw-team-chart-{name}").first).to_be_visible()
            sessions = pane.locator(".rw-team-sessions table")
            expect(sessions).to_contain_text("Ana Ruiz", timeout=30_000)
            expect(sessions.locator("tbody tr")).to_have_count(10)  # Rosa's session is not Luis's team's
            expect(pane).not_to_contain_text("Rosa Vidal")
            expect(pane.locator(".rw-team-categories table")).to_contain_text("Vuelve a aparecer")
            SCREENSHOT.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOT))
            pane.locator(".widget-dropdown", has_text="Agente").locator("select").select_option("Pedro Gil")
            expect(sessions.locator("tbody tr")).to_have_count(3)
            pane.locator(".rw-team-export-sessions").click()
            expect(pane.locator(".rw-team-download a")).to_have_attribute("download", "team-sessions.csv")
        finally:
            context.close()


def test_an_agent_does_not_see_the_team_tab(browser, tmp_path):
    with serve(tmp_path, "Ana Ruiz") as server:
        context, page = open_app(browser, server)
        try:
            expect(page.locator(".lm-TabBar-tab", has_text="Comparar")).to_be_visible()
            expect(page.locator(".lm-TabBar-tab", has_text=re.compile("^Equipo$"))).to_have_count(0)
            expect(page.locator(".rw-team")).to_have_count(0)
            expect(page.locator(".rw-who")).to_contain_text("agente")
        finally:
            context.close()
