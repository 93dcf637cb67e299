"""What a user does in the app, in one place for every browser test: open the picker, paste, upload."""
from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page


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
