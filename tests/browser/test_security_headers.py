"""The served app under its Content-Security-Policy (issue 15): every part of the front end still works,
and another site cannot show the app in a frame."""
from __future__ import annotations

import http.server
import threading

from playwright.sync_api import expect
from ui import wait_rendered

from workshop.serve import free_port

VIOLATIONS = """window.__violations = [];
document.addEventListener('securitypolicyviolation',
    e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"""


def test_the_app_works_under_its_content_security_policy(browser, voila):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-ES")
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        response = page.goto(voila.url)
        policy = response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy
        assert "unsafe-eval" not in policy
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"
        wait_rendered(page, voila)
        editor = page.locator(".rw-rewrite textarea").first
        editor.click()
        editor.press("End")
        page.keyboard.type(" Pues, este, gracias.", delay=15)
        expect(page.locator('.rw-editor >> nth=0 >> .rw-turn-findings mark[data-category="filler"]').first) \
            .to_be_visible(timeout=30_000)
        page.locator(".lm-TabBar-tab", has_text="Comparar").click()
        expect(page.locator('.rw-compare tr[data-metric="filler"]')).to_be_visible()
        page.locator(".lm-TabBar-tab", has_text="Ensayo").click()  # anywidget: its module comes from a blob: URL
        expect(page.locator(".rw-stage .rw-stage-text")).not_to_be_empty(timeout=30_000)
        page.get_by_role("button", name="EN", exact=True).click()
        expect(page.locator(".lm-TabBar-tab", has_text="Compare")).to_be_visible()
        assert page.evaluate("window.__violations") == []
        assert not [e for e in errors if "Content Security Policy" in e or "Failed to fetch" in e], errors
    finally:
        context.close()


def test_another_site_cannot_frame_the_app(browser, voila, tmp_path):
    (tmp_path / "index.html").write_text(f'<!DOCTYPE html><iframe id="app" src="{voila.url}" width="800" height="600">'
                                         "</iframe>", encoding="utf-8")
    handler = lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path))  # noqa: E731
    other = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    context = browser.new_context()
    page = context.new_page()
    try:
        refused = []
        page.on("console", lambda m: refused.append(m.text) if "frame-ancestors" in m.text else None)
        # localhost is another origin than the app's 127.0.0.1: what a foreign site's page is to the browser
        with page.expect_response(lambda r: r.url == voila.url, timeout=30_000) as framed:
            page.goto(f"http://localhost:{other.server_address[1]}/index.html")
        assert "frame-ancestors 'none'" in framed.value.headers["content-security-policy"]
        page.wait_for_timeout(1000)
        frame = page.frame_locator("#app")
        assert frame.locator(".rw-app, #rendered_cells, .jp-OutputArea").count() == 0, \
            "the app rendered inside a foreign page's frame"
        assert [f.url for f in page.frames[1:]] == ["chrome-error://chromewebdata/"]
        assert refused, "Chromium did not report the refused frame"
    finally:
        context.close()
        other.shutdown()


def test_a_team_logs_in_on_the_bilingual_page_with_the_token(browser, tmp_path):
    """`workshop serve --token`: the login page in both languages, a wrong token refused, the right one lets in."""
    import os
    import subprocess
    import sys

    from workshop.serve import wait_until_ready

    token = "equipo-de-laura-" + "3" * 12
    port = free_port()
    env = {**os.environ, "WORKSHOP_DATA": str(tmp_path / "data"), "WORKSHOP_TOKEN": token, "WORKSHOP_LANG": "es"}
    env.pop("WORKSHOP_PASSWORD_HASH", None)
    server = subprocess.Popen([sys.executable, "-m", "workshop", "serve", "--port", str(port), "--pool", "0"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    context = browser.new_context(viewport={"width": 1200, "height": 800}, locale="es-ES")
    try:
        wait_until_ready(port, 60, server)
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}/")
        expect(page.locator("h1").first).to_have_text("Taller de reescritura")
        expect(page.locator("label")).to_contain_text("Contraseña o token · Password or token")
        page.fill("input[name=password]", "no-es-el-token-" + "0" * 12)
        page.keyboard.press("Enter")
        expect(page.locator(".error").first).to_contain_text("no es correcto")
        expect(page.locator(".error").nth(1)).to_contain_text("not right")
        assert page.locator(".rw-app").count() == 0
        page.fill("input[name=password]", token)
        page.keyboard.press("Enter")
        wait_rendered(page)
        assert page.url == f"http://127.0.0.1:{port}/"
    finally:
        context.close()
        server.terminate()
        server.wait(30)
