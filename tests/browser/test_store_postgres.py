"""The served app on a team's PostgreSQL store: two people in two tabs, each saving into the one database."""
from __future__ import annotations

import re

from ui import start_session_and_type, wait_rendered

from workshop.serve import VoilaServer
from workshop.sessions import SessionStore


def test_two_tabs_save_their_sessions_into_one_postgresql_database(browser, postgres):
    url = postgres.new_database()
    typed = {"Pablo Equipo": "Su pedido llega el lunes.", "Marta Equipo": "Gracias por esperar."}
    with VoilaServer("notebooks/workshop.ipynb", env={"WORKSHOP_SESSIONS_URL": url}) as server:
        contexts = []
        for agent, text in typed.items():
            context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-ES")
            contexts.append(context)
            page = context.new_page()
            page.goto(server.url)
            wait_rendered(page, server)
            page.locator(".rw-app .jupyter-widget-Collapse-header", has_text=re.compile("Sesión")).first.click()
            start_session_and_type(page, "Laura Equipo", text, agent)
        store = SessionStore(url=url)
        try:
            saved = {s.agent: store.snapshot(s.id).rewrite for s in store.sessions()}
        finally:
            store.close()
        for context in contexts:
            context.close()
    assert {agent: next(iter(rewrite.values()), "") for agent, rewrite in saved.items()} == typed
