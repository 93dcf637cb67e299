"""The variety picker in the served app (issue 12): the detected variety is shown, a pick re-analyses."""
from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Page, expect
from ui import paste_and_open

SHOT = Path(os.environ.get("WORKSHOP_SHOTS", "/tmp")) / "variety-picker.png"

VOSEO = ("Agente: Mirá, vos podés hacerlo desde la app, ándele, ya te llega. Si querés te lo mando.\n"
         "Cliente: Bueno, gracias.")


def test_the_picker_names_the_detected_variety_and_a_pick_changes_the_highlights(page: Page):
    paste_and_open(page, VOSEO)
    picker = page.locator(".rw-variety select")
    expect(picker.locator("option:checked")).to_have_text("Automática: Río de la Plata")
    original = page.locator(".rw-original")
    expect(original).to_contain_text("ándele")
    expect(original.locator("mark.rw-finding", has_text="ándele")).to_have_count(0)
    picker.select_option(label="México")
    expect(original.locator("mark.rw-finding", has_text="ándele")).to_have_count(1)
    expect(page.locator(".rw-rewrite")).to_contain_text("ándele")
    page.screenshot(path=str(SHOT))
    page.locator(".rw-language button", has_text="EN").click()
    expect(picker.locator("option:checked")).to_have_text("Mexico")
