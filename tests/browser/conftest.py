"""Voilà serving the real app, and Debian's Chromium driven by Playwright.

Locally these tests skip when Chromium is missing; under CI=true they fail
instead, so a CI run can never pass without having driven the browser.
"""
from __future__ import annotations


import pytest
from support import require

from workshop.serve import CHROMIUM, CHROMIUM_FLAGS, VoilaServer


def _require_browser() -> None:
    problem = None
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} is missing (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "playwright is not installed (pip install -e '.[test]')"
    require(problem, "browser tests")


@pytest.fixture(scope="session")
def voila():
    _require_browser()
    with VoilaServer("notebooks/workshop.ipynb") as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser, voila):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-ES")
    page = context.new_page()
    page.set_default_timeout(30_000)
    from ui import wait_rendered  # here: ui needs playwright, which _require_browser reports on when missing

    page.goto(voila.url)
    wait_rendered(page, voila)
    yield page
    context.close()
