"""A trainer's own category, added in YAML alone, in the served app: legend, highlight colour, Compare."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from ui import wait_rendered

from workshop.serve import VoilaServer

PACK = Path(__file__).parents[1] / "data" / "packs" / "equipo-norte.yaml"
CALL = ("Agente: Buenas tardes. Voy a escalar el ticket hoy mismo y en cuanto el equipo lo revise le "
        "escribimos por correo con la solución y los pasos que hay que seguir, ¿le parece bien?\n"
        "Cliente: Vale, gracias.\n"
        "Agente: Perfecto, ahora tipifico la llamada.\n")


@pytest.fixture(scope="module")
def team_voila(browser, tmp_path_factory):  # `browser` first: it skips (or fails under CI) without Chromium
    folder = tmp_path_factory.mktemp("team")
    config = folder / "equipo.yaml"
    config.write_text(f"rule_packs: [{PACK}]\nsessions_folder: sessions\n", encoding="utf-8")
    with VoilaServer("notebooks/workshop.ipynb", env={"WORKSHOP_CONFIG": str(config)}) as server:
        yield server


def test_a_trainer_category_shows_in_the_legend_the_highlights_and_compare(browser, team_voila):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-ES")
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(team_voila.url)
    wait_rendered(page, team_voila)
    page.locator(".rw-app .jupyter-widget-Collapse-header", has_text=re.compile("Elegir|Choose")).first.click()
    page.locator(".rw-picker .lm-TabBar-tab", has_text="Pegar texto").click()
    page.locator(".rw-picker textarea").fill(CALL)
    page.locator(".rw-picker button", has_text="Analizar texto pegado").click()
    mark = page.locator('.rw-original mark[data-category="jerga-interna"]')
    expect(mark).to_have_count(2)
    expect(mark.first).to_have_text("escalar el ticket")
    assert mark.first.evaluate("m => getComputedStyle(m).backgroundColor") == "rgb(199, 166, 255)"
    chip = page.locator(".rw-legend button", has_text="Jerga interna (2)")
    expect(chip).to_be_visible()
    assert chip.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(199, 166, 255)"
    expect(page.locator(".rw-legend button", has_text="Turno largo (1)")).to_be_visible()
    mark.first.hover()
    assert "jerga de la casa" in mark.first.get_attribute("title")
    if os.environ.get("WORKSHOP_SCREENSHOTS"):
        page.screenshot(path=os.environ["WORKSHOP_SCREENSHOTS"] + "/trainer-category.png")
    page.locator(".lm-TabBar-tab", has_text="Comparar").click()
    expect(page.locator(".rw-compare")).to_contain_text("Jerga interna")
    context.close()
