"""Contact-center exports uploaded in the real app: read by content, personal data masked, times measured."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from playwright.sync_api import Page, expect

from ui import upload

FORMATS = Path(__file__).resolve().parents[1] / "data" / "formats"


def test_a_whatsapp_export_with_personal_data_is_masked_before_it_is_shown(page: Page, tmp_path: Path):
    # A WhatsApp Business export (Android, Spanish dates) as a plain .txt: told from the other .txt formats by its content.
    export = tmp_path / "conversacion.txt"
    export.write_text(
        "14/05/24, 09:12 - Los mensajes y las llamadas están cifrados de extremo a extremo.\n"
        "14/05/24, 09:13 - Lucía Romero: Hola, me llamo Lucía Romero y me cobraron dos veces\n"
        "14/05/24, 09:14 - Lucía Romero: Mi tarjeta es 4111 1111 1111 1111 y mi móvil 612 345 678\n"
        "14/05/24, 09:16 - Soporte Ondas: Le informo que el cargo duplicado se devuelve en 3 días.\n"
        "14/05/24, 09:17 - Lucía Romero: <Multimedia omitido>\n"
        "14/05/24, 09:18 - Lucía Romero: Vale, gracias por 25 euros que me debéis\n",
        encoding="utf-8")
    upload(page, export)
    original = page.locator(".rw-original")
    expect(original).to_contain_text("cargo duplicado")
    expect(page.locator(".rw-alert .rw-info")).to_contain_text("datos personales")
    body = page.locator(".rw-app").inner_text()
    for secret in ("4111 1111 1111 1111", "612 345 678", "Romero"):
        assert secret not in body, secret
    assert re.search(r"\[TARJETA-1\]", body), body[:400]
    assert "25 euros" in body  # an amount is not personal data
    assert "cifrados" not in body and "Multimedia" not in body  # system lines and media placeholders skipped
    expect(page.locator('.rw-original mark[data-category="formal"]')).to_have_count(1)


def test_an_amazon_transcribe_file_gives_real_speaking_time_in_compare(page: Page, tmp_path: Path):
    call = tmp_path / "llamada.json"
    shutil.copy(FORMATS / "transcribe_speakers_es.json", call)
    upload(page, call)
    expect(page.locator(".rw-original")).to_contain_text("cargo duplicado")
    page.locator(".lm-TabBar-tab", has_text="Comparar").click()
    row = page.locator('.rw-compare tr[data-metric="agent_real_speaking_seconds"]')
    expect(row).to_be_visible()
    before = row.locator("td").nth(0).inner_text()
    assert re.fullmatch(r"\d+(,\d)?( s)?", before.strip()), before  # seconds measured from the cue times, Spanish format


def test_a_file_in_no_known_format_gets_a_message_that_says_what_to_do(page: Page, tmp_path: Path):
    odd = tmp_path / "export.json"
    odd.write_text('{"rows": [{"a": 1}, {"b": 2}]}', encoding="utf-8")
    upload(page, odd)
    alert = page.locator(".rw-alert .rw-error")
    expect(alert).to_be_visible()
    assert len(alert.inner_text()) > 40  # what was expected and what to do, not a bare "error"
    expect(page.locator(".rw-original mark.rw-finding").first).to_be_visible()  # the open transcript is kept
