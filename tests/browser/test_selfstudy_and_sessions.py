"""Self-study in the real Voilà app (served by our launcher at /self-study), and what sessions show.

The server gets its own sessions store (WORKSHOP_SESSIONS_URL), so what a test saves is what it reads.
"""
from __future__ import annotations

import os
import re
import sqlite3

import pytest
from conftest import RENDER_TIMEOUT
from playwright.sync_api import Page, expect

from workshop.serve import VoilaServer


@pytest.fixture(scope="module")
def served(tmp_path_factory, browser):
    folder = tmp_path_factory.mktemp("sessions")
    with VoilaServer("notebooks/workshop.ipynb", env={"WORKSHOP_SESSIONS_URL": f"sqlite:///{folder}/"}) as server:
        server.sessions = folder / "sessions.sqlite3"
        yield server


def attempts(server) -> list[tuple]:
    if not server.sessions.exists():
        return []
    with sqlite3.connect(server.sessions) as db:
        try:
            return db.execute("SELECT learner, words_after FROM attempts ORDER BY id").fetchall()
        except sqlite3.OperationalError:  # no progress table yet: nothing saved
            return []


@pytest.fixture()
def selfstudy(browser, served):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-ES")
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(served.url + "self-study")
    page.wait_for_selector(".rw-selfstudy .rw-original mark.rw-finding", timeout=RENDER_TIMEOUT)
    yield page
    context.close()


def test_self_study_reveals_nothing_and_saves_nothing_before_check(selfstudy: Page, served):
    page = selfstudy
    expect(page.locator(".rw-selfstudy h2")).to_have_text("Práctica individual")
    assert page.locator(".rw-hints .rw-hint").count() == 0
    assert page.locator(".rw-check-result .rw-check").count() == 0
    assert page.locator(".rw-model .rw-diff").count() == 0
    expect(page.locator("button.rw-model-button")).to_be_disabled()
    assert "Mayús" not in page.content()
    assert attempts(served) == []

    page.locator("button", has_text="Siguiente pista").click()
    expect(page.locator(".rw-hints .rw-hint")).to_have_count(1)
    assert attempts(served) == []  # a hint saves nothing


def test_check_rechecks_saves_each_attempt_and_then_shows_the_model(selfstudy: Page, served):
    page = selfstudy
    page.locator(".rw-learner input").fill("Lucía Prueba")
    page.locator("button", has_text="Comprobar").click()
    expect(page.locator(".rw-check-result .rw-check")).to_be_visible()
    expect(page.locator(".rw-progress table tbody tr")).to_have_count(1)
    first = page.locator(".rw-check-result").inner_text()
    editor = page.locator(".rw-rewrite textarea").first
    editor.fill("Gracias.")
    page.wait_for_timeout(600)  # the typing pause
    page.locator("button", has_text="Comprobar").click()
    expect(page.locator(".rw-progress table tbody tr")).to_have_count(2)
    assert page.locator(".rw-check-result").inner_text() != first
    saved = [row for row in attempts(served) if row[0] == "Lucía Prueba"]
    assert len(saved) == 2 and saved[1][1] < saved[0][1]
    page.locator("button", has_text="Ver la reescritura modelo").click()
    expect(page.locator(".rw-model .rw-diff")).to_be_visible()
    expect(page.locator(".rw-progress svg")).to_be_visible()
    if os.environ.get("WORKSHOP_SCREENSHOTS"):
        page.locator(".rw-selfstudy h2").scroll_into_view_if_needed()
        page.screenshot(path=os.environ["WORKSHOP_SCREENSHOTS"] + "/self-study.png")
        page.locator(".rw-progress").scroll_into_view_if_needed()
        page.screenshot(path=os.environ["WORKSHOP_SCREENSHOTS"] + "/self-study-progress.png")


def test_the_learners_name_is_remembered_by_the_browser(browser, served):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-ES")
    try:
        for visit in range(2):
            page = context.new_page()
            page.goto(served.url + "self-study")
            page.wait_for_selector(".rw-selfstudy .rw-original mark.rw-finding", timeout=RENDER_TIMEOUT)
            name = page.locator(".rw-learner input")
            if visit == 0:
                name.fill("Marta Recordada")
                name.press("Tab")
                page.wait_for_timeout(300)
            else:
                expect(name).to_have_value("Marta Recordada")
            page.close()
    finally:
        context.close()


def test_the_app_header_links_to_self_study(browser, served):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-ES")
    try:
        page = context.new_page()
        page.goto(served.url)
        page.wait_for_selector(".rw-original mark.rw-finding", timeout=RENDER_TIMEOUT)
        link = page.locator(".rw-selfstudy-link a")
        expect(link).to_have_text("Práctica individual")
        link.click()
        page.wait_for_selector(".rw-selfstudy", timeout=RENDER_TIMEOUT)
        assert re.search(r"/self-study$", page.url)
    finally:
        context.close()
