"""Voilà serving the real app, and Debian's Chromium driven by Playwright.

Locally these tests skip when Chromium is missing; under CI=true they fail
instead, so a CI run can never pass without having driven the browser.
"""
from __future__ import annotations


import pytest
from support import require

from workshop.serve import CHROMIUM, CHROMIUM_FLAGS, VoilaServer

RENDER_TIMEOUT = 90_000  # ms: a cold kernel on a busy 2-core machine


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
    console: list[str] = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    page.goto(voila.url)
    try:
        page.wait_for_selector(".rw-original mark.rw-finding", timeout=RENDER_TIMEOUT)
    except Exception as exc:  # a page that never renders says what it showed, and what Voilà logged
        shown = page.evaluate("() => document.body ? document.body.innerText.slice(0, 1500) : ''")
        pytest.fail(f"the app did not render within {RENDER_TIMEOUT // 1000} s ({exc.__class__.__name__}).\n"
                    f"Page text:\n{shown}\nBrowser console:\n" + "\n".join(console[-30:]) +
                    f"\nVoilà log (last 3000 characters):\n{voila.output()[-3000:]}", pytrace=False)
    yield page
    context.close()
