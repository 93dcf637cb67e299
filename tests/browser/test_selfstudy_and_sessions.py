"""Self-study in the real Voilà app (served by our launcher at /self-study), and what sessions show.

The server gets its own sessions store (WORKSHOP_SESSIONS_URL), so what a test saves is what it reads.
"""
from __future__ import annotations

import os
import re
import sqlite3

import pytest
from ui import RENDER_TIMEOUT, open_session_section, wait_rendered
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
    wait_rendered(page, served, ".rw-selfstudy .rw-original mark.rw-finding")
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
            wait_rendered(page, served, ".rw-selfstudy .rw-original mark.rw-finding")
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
        wait_rendered(page, served)
        link = page.locator(".rw-selfstudy-link a")
        expect(link).to_have_text("Práctica individual")
        link.click()
        page.wait_for_selector(".rw-selfstudy", timeout=RENDER_TIMEOUT)
        assert re.search(r"/self-study$", page.url)
    finally:
        context.close()


# ---------------------------------------------------------------- sessions

SAVED_AT = re.compile(r"Guardado a las \d{1,2}:\d\d · revisión \d+")


def app_page(browser, served) -> tuple:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-ES", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(served.url)
    wait_rendered(page, served)
    open_session_section(page)
    return context, page


def test_saved_time_after_start_and_reopen_and_one_click_exports(browser, served, tmp_path):
    context, page = app_page(browser, served)
    try:
        for fmt in ("html", "md", "json"):  # nothing to export before a session: disabled, and why
            expect(page.locator(f"button.rw-export-{fmt}")).to_be_disabled()
        expect(page.locator(".rw-needs-session")).to_contain_text("Empiece o abra una sesión")
        expect(page.locator(".rw-session .rw-empty-list")).to_contain_text("Aún no hay sesiones")
        page.locator(".rw-lead input").fill("Laura Descarga")
        page.locator(".rw-agent input").fill("Pablo Descarga")
        page.locator(".rw-start-session").click()
        expect(page.locator(".rw-saved")).to_have_text(SAVED_AT)  # the time at once, before any typing
        for fmt in ("html", "md", "json"):
            with page.expect_download() as download:
                page.locator(f"button.rw-export-{fmt}").click()  # one click, no link to click again
            name = download.value.suggested_filename
            assert re.fullmatch(rf"[a-z0-9-]+_pablo-descarga_\d{{4}}-\d\d-\d\d\.{fmt}", name), name
            saved = tmp_path / name
            download.value.save_as(saved)
            assert "Pablo Descarga" in saved.read_text(encoding="utf-8")
        assert page.locator(".rw-session img").count() == 0 or page.locator(".rw-session img").first.is_hidden()
    finally:
        context.close()

    context, page = app_page(browser, served)
    try:
        sessions = page.locator(".rw-session-list select")
        option = sessions.locator("option", has_text="Pablo Descarga")
        expect(option).to_have_count(1)
        sessions.select_option(label=option.inner_text())
        page.locator(".rw-open-session").click()
        expect(page.locator(".rw-saved")).to_have_text(SAVED_AT)
        expect(page.locator("button.rw-export-html")).to_be_enabled()
        if os.environ.get("WORKSHOP_SCREENSHOTS"):
            page.locator(".rw-session").screenshot(path=os.environ["WORKSHOP_SCREENSHOTS"] + "/sessions.png")
    finally:
        context.close()
