"""What a user does in the app, in one place for every browser test: open the picker, paste, upload."""
from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError, Page

RENDER_TIMEOUT = 90_000  # ms: a cold kernel on a busy 2-core machine
APP_RENDERED = ".rw-original mark.rw-finding"  # the first highlight: the app is up and has analysed


def wait_rendered(page: Page, server=None, selector: str = APP_RENDERED, timeout: int = RENDER_TIMEOUT) -> None:
    """Wait for the app to show `selector`. A page that never does fails with what it showed, its console
    and the server's log (a VoilaServer or HubServer), not with a bare Playwright timeout."""
    try:
        page.wait_for_selector(selector, timeout=timeout)
    except PlaywrightError as exc:
        shown = page.evaluate("() => document.body ? document.body.innerText.slice(0, 1500) : ''")
        console = "\n".join(f"{m.type}: {m.text}" for m in page.console_messages()[-30:])
        log = server.output()[-3000:] if server is not None else "(no server log here)"
        raise AssertionError(f"the app did not show {selector!r} within {timeout // 1000} s "
                             f"({exc.__class__.__name__}).\nPage text:\n{shown}\nBrowser console:\n{console}\n"
                             f"Server log (last 3000 characters):\n{log}") from None


def open_picker_tab(page: Page, tab: str) -> None:
    page.locator(".rw-app .jupyter-widget-Collapse-header",
                 has_text=re.compile("Elegir|Choose")).first.click()
    page.locator(".rw-picker .lm-TabBar-tab", has_text=tab).click()


def paste_and_open(page: Page, text: str) -> None:
    open_picker_tab(page, "Pegar texto")
    page.locator(".rw-picker textarea").fill(text)
    page.locator(".rw-picker button", has_text="Analizar texto pegado").click()


def upload(page: Page, path: Path) -> None:
    open_picker_tab(page, "Subir archivo")
    with page.expect_file_chooser() as chooser:
        page.locator(".rw-picker .widget-upload").click()
    chooser.value.set_files(str(path))


def open_session_section(page: Page) -> None:
    page.locator(".rw-app .jupyter-widget-Collapse-header", has_text=re.compile("Sesión|Session")).first.click()


def start_session_and_type(page: Page, lead: str, text: str, agent: str | None = None) -> None:
    """Start a session (agent from the field when None: a Hub user's own name), type a rewrite of the
    first agent turn and wait past the autosave."""
    from playwright.sync_api import expect

    page.locator(".rw-lead input").fill(lead)
    if agent is not None:
        page.locator(".rw-agent input").fill(agent)
    page.locator(".rw-start-session").click()
    expect(page.locator(".rw-saved")).to_contain_text("Guardado")
    editor = page.locator(".rw-rewrite textarea").first
    editor.click()
    editor.press("Control+a")
    page.keyboard.type(text, delay=10)
    expect(page.locator(".rw-saved")).to_contain_text("Guardado", timeout=15_000)
    page.wait_for_timeout(1500)  # past the autosave's second
