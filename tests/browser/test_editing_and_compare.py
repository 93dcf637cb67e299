"""Editing and Compare in the real Voilà app: undo by step, redo, remove all fillers, Compare in Spanish."""
from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Page, expect
from ui import paste_and_open

ROOT = Path(__file__).resolve().parents[2]
COMPARE_SHOT = ROOT / "docs" / "compare.png"

TEXT = ("Agente: Pues, eh, le cuento que su pedido llega mañana.\nCliente: Vale, gracias.\n"
        "Agente: Este, le llamo para confirmar la dirección.")
FIRST = "Pues, eh, le cuento que su pedido llega mañana."


def test_undo_takes_back_one_burst_of_typing_and_redo_puts_it_back(page: Page):
    paste_and_open(page, TEXT)
    editor = page.locator(".rw-rewrite textarea").first
    expect(editor).to_have_value(FIRST)
    editor.click()
    editor.press("End")
    page.keyboard.type(" Gracias", delay=20)
    expect(editor).to_have_value(FIRST + " Gracias")
    page.wait_for_timeout(1600)  # a pause: the next keystrokes are a new step
    page.keyboard.type(" por esperar", delay=20)
    expect(editor).to_have_value(FIRST + " Gracias por esperar")
    undo, redo = page.locator(".rw-rewrite button.rw-undo"), page.locator(".rw-rewrite button.rw-redo")
    expect(undo).to_be_enabled()
    undo.click()
    expect(editor).to_have_value(FIRST + " Gracias")  # the older burst survives
    expect(redo).to_be_enabled()
    redo.click()
    expect(editor).to_have_value(FIRST + " Gracias por esperar")
    undo.click()
    undo.click()
    expect(editor).to_have_value(FIRST)
    expect(undo).to_be_disabled()


def test_ctrl_z_inside_a_box_still_undoes_typing(page: Page):
    paste_and_open(page, TEXT)
    editor = page.locator(".rw-rewrite textarea").first
    expect(editor).to_have_value(FIRST)
    editor.click()
    editor.press("End")
    page.keyboard.type(" Hola", delay=20)
    expect(editor).to_have_value(FIRST + " Hola")
    editor.press("Control+z")
    expect(editor).not_to_have_value(FIRST + " Hola")
    assert FIRST in editor.input_value()


def test_remove_all_fillers_is_one_step_and_the_original_stays_above(page: Page):
    paste_and_open(page, TEXT)
    editors = page.locator(".rw-rewrite textarea")
    expect(editors.first).to_have_value(FIRST)
    expect(page.locator(".rw-rewrite .rw-orig").first).to_contain_text("Pues, eh, le cuento")
    expect(page.locator(".rw-rewrite .rw-orig mark.rw-finding").first).to_be_visible()
    page.locator(".rw-rewrite button.rw-fillers-all").click()
    expect(editors.nth(0)).to_have_value("Le cuento que su pedido llega mañana.")
    expect(editors.nth(1)).to_have_value("Le llamo para confirmar la dirección.")
    page.locator(".rw-rewrite button.rw-undo").click()  # both turns come back at once
    expect(editors.nth(0)).to_have_value(FIRST)
    expect(editors.nth(1)).to_have_value("Este, le llamo para confirmar la dirección.")
    page.locator(".rw-rewrite button.rw-fillers-turn").nth(1).click()  # one turn only
    expect(editors.nth(1)).to_have_value("Le llamo para confirmar la dirección.")
    expect(editors.nth(0)).to_have_value(FIRST)


def test_a_highlight_opens_a_popover_by_keyboard_that_jumps_to_its_finding(page: Page):
    paste_and_open(page, "Agente: Le llamo con el objetivo de revisar su <b>factura</b>.\nCliente: Bien.")
    expect(page.locator(".rw-rewrite textarea").first).to_have_value("Le llamo con el objetivo de revisar su <b>factura</b>.")
    mark = page.locator('.rw-original mark.rw-finding[data-category="wordy"]').first
    expect(mark).to_be_visible()
    mark.focus()
    page.keyboard.press("Enter")
    popover = page.locator(".rw-popover")
    expect(popover).to_be_visible()
    expect(popover.locator(".rw-pop-label")).to_have_text("Rodeo")
    expect(popover.locator(".rw-pop-alts li").first).to_have_text("para")
    expect(popover).to_have_attribute("role", "dialog")
    if os.environ.get("WORKSHOP_SCREENSHOTS"):
        page.screenshot(path=os.environ["WORKSHOP_SCREENSHOTS"] + "/popover.png")
    assert page.locator(".rw-original b").count() == 0  # the transcript's markup stays text
    page.keyboard.press("Escape")
    expect(popover).to_be_hidden()
    expect(mark).to_be_focused()
    page.keyboard.press("Enter")
    link = popover.locator(".rw-pop-jump")
    expect(link).to_be_focused()
    page.keyboard.press("Enter")  # follows the link
    expect(popover).to_be_hidden()
    row = page.locator('.rw-editbox-0 .rw-finding-row', has=page.locator('.rw-fmsg[data-category="wordy"]'))
    expect(row).to_be_focused()
    page.keyboard.press("Tab")  # the next stop is the finding's first fix
    expect(row.locator("button.rw-apply-wordy")).to_be_focused()
    expect(page.locator(".rw-rewrite textarea").first).to_have_value("Le llamo con el objetivo de revisar su <b>factura</b>.")


def test_compare_in_spanish_uses_comma_decimals_percentages_and_folds_the_rest(page: Page):
    paste_and_open(page, "Agente: Pues, eh, le informo que su pedido llega mañana por la tarde. ¿Le parece bien?\n"
                         "Cliente: Vale, gracias.\nAgente: Le llamo con el objetivo de revisar su factura de luz.")
    editors = page.locator(".rw-rewrite textarea")
    expect(editors.first).to_have_value("Pues, eh, le informo que su pedido llega mañana por la tarde. ¿Le parece bien?")
    editors.first.fill("Su pedido llega mañana por la tarde. ¿Qué hora le viene mejor?")
    editors.nth(1).fill("Le llamo para revisar la factura del gas.")
    expect(page.locator(".rw-rewrite .rw-status")).to_be_visible()
    page.locator(".lm-TabBar-tab", has_text="Comparar").click()
    table = page.locator(".rw-compare table.rw-table").first
    expect(table.locator('tr[data-metric="open_question_share"] td').nth(1)).to_have_text("100\u00a0%")
    share = table.locator('tr[data-metric="open_question_share"] td').nth(0).inner_text()
    assert share.replace("\u00a0", " ") == "0 %"
    per_100 = table.locator('tr[data-metric="findings_per_100_agent_words"] td').nth(0).inner_text()
    assert "," in per_100 and "." not in per_100, per_100
    expect(table.locator('tr[data-metric="agent_readability"] .rw-band').first).to_be_visible()
    expect(page.locator(".rw-compare .rw-note")).to_contain_text("Legibilidad")
    page.wait_for_function("() => { const i = document.querySelector('.rw-compare img');"
                           " return i && i.complete && i.naturalWidth > 0; }")  # the chart is a real image
    page.set_viewport_size({"width": 1400, "height": 1700})  # the whole pane, chart included
    page.locator(".rw-compare").screenshot(path=str(COMPARE_SHOT))  # what a lead sees first: the rest folded
    more = page.locator(".rw-compare details.rw-more-measures")
    expect(more.locator('tr[data-metric="agent_lexical_diversity"]')).to_be_hidden()
    more.locator("summary").click()
    expect(more.locator('tr[data-metric="agent_lexical_diversity"]')).to_be_visible()
    diff = page.locator(".rw-compare .rw-diff")
    expect(diff.locator(".rw-speaker").first).to_have_text("Turno 1 · Agente")
    expect(diff.locator("del").last).to_have_text("de luz")
    expect(diff.locator("ins").last).to_have_text("del gas")
