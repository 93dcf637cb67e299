"""The real app in Voilà, driven through Chromium as a user would."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from ui import open_session_section, paste_and_open, upload, wait_rendered

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "docs" / "screenshot.png"


def metric(page: Page, name: str) -> tuple[str, str]:
    row = page.locator(f'.rw-compare tr[data-metric="{name}"] td')
    return row.nth(0).inner_text(), row.nth(1).inner_text()


def test_app_renders_a_library_transcript_with_highlights(page: Page):
    categories = set(page.eval_on_selector_all(".rw-original mark.rw-finding", "ms => ms.map(m => m.dataset.category)"))
    assert len(categories) >= 3, categories
    expect(page.locator(".rw-rewrite textarea").first).to_be_visible()
    expect(page.locator(".rw-legend")).to_contain_text("Muletilla")
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))


def test_typing_out_a_filler_lowers_the_filler_count_in_compare(page: Page):
    paste_and_open(page, "Agente: Pues, eh, le cuento que su pedido llega mañana.\nCliente: Vale, gracias.")
    editor = page.locator(".rw-rewrite textarea").first
    expect(editor).to_have_value("Pues, eh, le cuento que su pedido llega mañana.")
    editor.click()
    editor.press("Control+a")
    page.keyboard.type("Le cuento que su pedido llega mañana.", delay=15)
    expect(page.locator(".rw-rewrite .rw-status")).to_contain_text("0 hallazgos")
    expect(editor).to_have_value("Le cuento que su pedido llega mañana.")  # no keystroke lost
    page.locator(".lm-TabBar-tab", has_text="Comparar").click()
    expect(page.locator('.rw-compare tr[data-metric="filler"]')).to_be_visible()
    assert metric(page, "filler") == ("2", "0")
    expect(page.locator(".rw-diff del")).to_contain_text("Pues, eh,")


def test_apply_replaces_a_wordy_phrase(page: Page):
    paste_and_open(page, "Agente: Le llamo con el objetivo de revisar su factura.\nCliente: Bien.")
    editor = page.locator(".rw-rewrite textarea").first
    expect(editor).to_have_value("Le llamo con el objetivo de revisar su factura.")
    page.locator(".rw-rewrite .rw-apply-wordy").first.click()
    expect(editor).to_have_value("Le llamo para revisar su factura.")


def test_switching_to_english_changes_the_labels(page: Page):
    page.locator(".rw-language button", has_text="EN").click()
    expect(page.locator(".lm-TabBar-tab", has_text="Compare")).to_be_visible()
    expect(page.locator(".rw-legend")).to_contain_text("Filler")
    expect(page.locator(".rw-app h2")).to_have_text("Rewrite workshop")


def test_uploaded_markup_is_shown_as_text_and_never_runs(page: Page, tmp_path: Path):
    hostile = tmp_path / "hostile.txt"
    hostile.write_text("Agente: Hola <script>window.__pwned = 1</script> le informo que todo va bien.\n"
                       "Cliente: <img src=x onerror=\"window.__pwned = 2\"> sigue sin funcionar.\n", encoding="utf-8")
    upload(page, hostile)
    expect(page.locator(".rw-original")).to_contain_text("<script>window.__pwned = 1</script>")
    expect(page.locator(".rw-original")).to_contain_text('<img src=x onerror="window.__pwned = 2">')
    assert page.evaluate("window.__pwned") is None
    assert page.locator(".rw-app img[src='x']").count() == 0


def test_upload_over_the_limit_shows_an_alert_and_the_app_keeps_working(page: Page, tmp_path: Path):
    long = tmp_path / "long.txt"
    long.write_text("Agente: " + "palabra " * 600, encoding="utf-8")
    upload(page, long)
    alert = page.locator(".rw-alert .rw-error")
    expect(alert).to_contain_text("500")
    expect(alert).to_contain_text("600")
    # still usable: paste a short transcript and see it analysed
    page.locator(".rw-picker .lm-TabBar-tab", has_text="Pegar texto").click()
    page.locator(".rw-picker textarea").fill("Agente: Eh, hola.\nCliente: Hola.")
    page.locator(".rw-picker button", has_text="Analizar texto pegado").click()
    expect(page.locator('.rw-original mark[data-category="filler"]')).to_have_text("Eh")


def test_a_closed_tab_reopens_with_the_session_intact(browser, voila):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(voila.url)
    wait_rendered(page, voila)
    open_session_section(page)
    page.locator(".rw-lead input").fill("Laura Navegador")
    page.locator(".rw-agent input").fill("Pablo Navegador")
    page.locator(".rw-start-session").click()
    expect(page.locator(".rw-saved")).to_contain_text("Guardado")
    editor = page.locator(".rw-rewrite textarea").first
    editor.click()
    editor.press("Control+a")
    page.keyboard.type("Hola, soy Ana. ¿En qué le ayudo?", delay=10)
    # Closed as a person closes a tab, soon after typing (the page holds a keystroke back while the
    # kernel is busy with the previous one, so it needs a moment to send the last): Voilà shuts the
    # kernel down on beforeunload, and what the autosave had not yet written is saved as it exits.
    page.wait_for_timeout(300)
    page.close(run_before_unload=True)
    context.close()

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(voila.url)
    wait_rendered(page, voila)
    open_session_section(page)
    sessions = page.locator(".rw-session-list select")
    expect(sessions.locator("option", has_text="Pablo Navegador")).to_have_count(1)
    sessions.select_option(label=sessions.locator("option", has_text="Pablo Navegador").inner_text())
    page.locator(".rw-open-session").click()
    expect(page.locator(".rw-rewrite textarea").first).to_have_value("Hola, soy Ana. ¿En qué le ayudo?")
    expect(page.locator(".rw-lead input")).to_have_value("Laura Navegador")
    context.close()


def test_role_play_shows_one_turn_at_a_time(page: Page):
    page.locator(".lm-TabBar-tab", has_text="Ensayo").click()
    stage = page.locator(".rw-stage")
    expect(stage.locator(".rw-stage-counter")).to_contain_text("1 /")
    expect(stage.locator(".rw-stage-speaker")).not_to_be_empty()
    first = stage.locator(".rw-stage-text").inner_text()
    stage.locator(".rw-stage-next").click()
    expect(stage.locator(".rw-stage-counter")).to_contain_text("2 /")
    expect(stage.locator(".rw-stage-text")).not_to_have_text(first)
    expect(stage.locator(".rw-stage-timer")).to_contain_text("Este turno:")
    has_voices = page.evaluate("() => !!window.speechSynthesis && speechSynthesis.getVoices().length > 0")
    expect(stage.locator(".rw-stage-speak")).to_be_visible() if has_voices else expect(
        stage.locator(".rw-stage-speak")).to_be_hidden()


def test_workshop_serve_uses_the_trainers_configuration(browser, tmp_path):
    import subprocess
    import sys

    from workshop.serve import free_port, wait_until_ready

    config = tmp_path / "equipo.yaml"
    config.write_text("title: {es: Taller del equipo Norte, en: North team workshop}\nlanguages: [es, en]\n",
                      encoding="utf-8")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "workshop", "serve", "--config", str(config), "--port", str(port),
                               "--pool", "1"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert f"http://127.0.0.1:{port}/" in server.stdout.readline()
        wait_until_ready(port, 60, server)
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}/")
        wait_rendered(page)
        expect(page.locator(".rw-app h2")).to_have_text("Taller del equipo Norte")
        context.close()
    finally:
        server.terminate()
        server.wait(20)


def test_the_app_behind_nginx_with_the_readmes_block(browser, tmp_path):
    """docs/nginx.conf (the README's block) in front of `workshop serve --base-url /taller/`."""
    import os
    import shutil
    import subprocess
    import sys
    import time
    import urllib.request

    from workshop.serve import READY_PATH, free_port

    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("nginx is missing: .ci/run installs it (apt-get install nginx-light)")
        pytest.skip("nginx is not installed")
    app_port, proxy_port = free_port(), free_port()
    block = (ROOT / "docs" / "nginx.conf").read_text().replace("127.0.0.1:8866", f"127.0.0.1:{app_port}")
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / name).mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        ("user root;\n" if os.geteuid() == 0 else "") +
        f"daemon off;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n access_log off;\n client_body_temp_path {tmp_path}/body;\n proxy_temp_path {tmp_path}/proxy;\n"
        f" fastcgi_temp_path {tmp_path}/fastcgi;\n uwsgi_temp_path {tmp_path}/uwsgi;\n scgi_temp_path {tmp_path}/scgi;\n"
        f" server {{\n  listen 127.0.0.1:{proxy_port};\n{block}\n }}\n}}\n")
    server = subprocess.Popen([sys.executable, "-m", "workshop", "serve", "--port", str(app_port), "--pool", "1",
                               "--base-url", "/taller/"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    proxy = subprocess.Popen([nginx, "-c", str(conf), "-p", str(tmp_path)], stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:  # ready when Voilà's static file answers through nginx (asking never starts a kernel)
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{proxy_port}/taller/{READY_PATH}", timeout=2)
                break
            except OSError:
                assert proxy.poll() is None and server.poll() is None, "nginx or workshop serve exited"
                assert time.monotonic() < deadline, "the app did not answer through nginx"
                time.sleep(0.2)
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{proxy_port}/taller/")
        wait_rendered(page)
        editor = page.locator(".rw-rewrite textarea").first
        editor.click()
        editor.press("Control+a")
        page.keyboard.type("Hola, eh, le ayudo.", delay=15)  # the websocket works through the proxy
        expect(page.locator('.rw-editor >> nth=0 >> .rw-turn-findings mark[data-category="filler"]')).to_be_visible()
        context.close()
    finally:
        proxy.terminate()
        server.terminate()
        proxy.wait(10)
        server.wait(20)


def test_the_page_fetches_nothing_from_outside_this_machine(browser, voila):
    """No CDN, no fonts, no analytics: the workshop must work with no network at all."""
    context = browser.new_context()
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:", "blob:",
                                                                              "ws://127.0.0.1")) else None)
    page.goto(voila.url)
    wait_rendered(page, voila)
    page.locator(".lm-TabBar-tab", has_text="Ensayo").click()
    page.wait_for_selector(".rw-stage-text")
    assert outside == []
    context.close()
