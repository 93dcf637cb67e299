"""What `workshop serve` serves besides the guards: the self-study page, the preparing note, a quiet console."""
from __future__ import annotations

import time

from test_serve_security import _kernel_id, serve

from workshop.server import OTHER_PAGES, preparing_page


def test_the_preparing_note_opens_the_page_in_both_languages():
    page = preparing_page()
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "Preparando su espacio de trabajo…" in page and "Preparing your workspace…" in page
    assert "<script" not in page


def test_serve_shows_self_study_says_hello_in_both_languages_and_warns_of_no_trust(tmp_path):
    with serve(tmp_path) as server:
        for path in ("/self-study", "/voila/render/self-study.ipynb"):
            response = server.get(path)
            assert response.status == 200, path
            body = response.body.decode()
            assert body.startswith("<!DOCTYPE html>") and 'id="rw-preparing"' in body
            assert _kernel_id(response.body)
            assert "from workshop.app.selfstudy import" not in body  # sources stripped, as on the app's page
        assert server.get("/voila/render/workshop-copy.ipynb", timeout=30).status == 404
        assert server.get("/self-study.ipynb/../workshop.ipynb", timeout=30).status == 404
        time.sleep(0.5)
        log = server.log()
    assert "Taller de reescritura en" in log and "Rewrite workshop at" in log
    assert "not trusted" not in log and "Traceback" not in log


def test_only_the_self_study_notebook_is_an_extra_page():
    assert set(OTHER_PAGES.values()) == {"self-study.ipynb"}
