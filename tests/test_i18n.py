"""The message catalogs: one .po per language, plural forms, and numbers and dates as each language writes them."""
from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import workshop
from workshop.i18n import LANGUAGES, LOCALE_DIR, WorkshopError, format_datetime, format_number, t
from workshop.render import compare_table_html

PACKAGE = Path(workshop.__file__).parent


def _catalog(lang):
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / "workshop.po", "rb") as handle:
        return read_po(handle)


def _flagged(lang, flag):
    """Msgids carrying `flag`, read from the file: Babel drops python-brace-format on a msgid without braces."""
    text = (LOCALE_DIR / lang / "LC_MESSAGES" / "workshop.po").read_text(encoding="utf-8")
    return set(re.findall(r'^#,[^\n]*\b' + re.escape(flag) + r'\b[^\n]*\nmsgid "([^"]+)"', text, re.M))


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_msgid_is_in_both_catalogs_with_the_same_placeholders_and_none_is_empty():
    catalogs = {lang: {(m.id[0] if m.pluralizable else m.id): m for m in _catalog(lang) if m.id}
                for lang in LANGUAGES}
    assert set(catalogs["es"]) == set(catalogs["en"]) and len(catalogs["es"]) > 250
    for key, es in catalogs["es"].items():
        en = catalogs["en"][key]
        assert es.pluralizable == en.pluralizable, key
        forms = {lang: list(m.string) if m.pluralizable else [m.string]
                 for lang, m in (("es", es), ("en", en))}
        assert all(forms["es"]) and all(forms["en"]), key
        fields = [_fields(f) for lang in LANGUAGES for f in forms[lang]]
        assert all(f == fields[0] for f in fields), (key, fields)
        if fields[0]:
            assert key in _flagged("es", "python-brace-format") and key in _flagged("en", "python-brace-format"), key


def test_both_catalogs_use_two_plural_forms():
    for lang in LANGUAGES:
        assert _catalog(lang).plural_forms == "nplurals=2; plural=(n != 1);"


def test_counts_users_see_take_the_singular_or_the_plural():
    assert t("words_count", "es", n=1) == "1 palabra" and t("words_count", "es", n=3) == "3 palabras"
    assert t("words_count", "en", n=1) == "1 word" and t("words_count", "en", n=0) == "0 words"
    assert t("cli_findings_count", "es", n=1) == "1 hallazgo" and t("cli_findings_count", "en", n=2) == "2 findings"
    assert t("findings_more", "es", n=1).startswith("… y 1 más") and "está resaltada" in t("findings_more", "es", n=1)
    assert "all of them" in t("findings_more", "en", n=4)
    assert t("practice_hints_left", "es", n=1) == "Queda 1 pista." and t("practice_hints_left", "en", n=2) == "2 hints left."


@pytest.mark.parametrize("ui, words, findings, readability", [("es", "1 palabra", "1 hallazgo]", "legibilidad: "),
                                                              ("en", "1 word", "1 finding]", "readability: ")])
def test_cli_text_output_counts_in_the_singular_and_writes_decimals_as_the_language_does(
        tmp_path, ui, words, findings, readability):
    import io

    from workshop.cli import main

    path = tmp_path / "one.txt"
    path.write_text("Agente: Eh.\n", encoding="utf-8")
    out = io.StringIO()
    assert main(["--ui", ui, "analyze", str(path)], out=out, err=io.StringIO()) == 0
    text = out.getvalue()
    assert f"{words} ·" in text and findings in text
    seconds = re.search(r"(\d+[.,]\d+) s", text).group(1)  # 1 word at 150 a minute: 0.4 s
    assert seconds == ("0,4" if ui == "es" else "0.4")


def test_no_module_outside_the_catalog_keeps_a_bilingual_message_table():
    """A dict literal {"es": "…", "en": "…"} (or a tuple table of both) is a message table: it belongs in the .po files."""
    allowed = {
        ("config.py", "title"),  # the app's default title: a trainer's own setting (workshop.yaml), not a message
        ("text.py", "SnowballStemmer"), ("text.py", "Pyphen"),  # language codes for libraries, not text users read
    }
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
                strings = [v for k, v in zip(node.keys, node.values) if isinstance(k, ast.Constant)
                           and k.value in ("es", "en")]
                if {"es", "en"} <= keys and any(isinstance(v, (ast.Constant, ast.Tuple, ast.Dict)) and not (
                        isinstance(v, ast.Constant) and not isinstance(v.value, str)) for v in strings):
                    offenders.append((path.name, node.lineno))
            if isinstance(node, ast.Dict) and len(node.values) >= 3 and all(
                    isinstance(v, ast.Tuple) and len(v.elts) == 2 and all(
                        isinstance(e, ast.Constant) and isinstance(e.value, str) and " " in e.value for e in v.elts)
                    for v in node.values):
                offenders.append((path.name, node.lineno))  # {"key": ("texto", "text"), …}
            if isinstance(node, (ast.Tuple, ast.List)) and len(node.elts) >= 3 and all(
                    isinstance(row, ast.Tuple) and len(row.elts) >= 3 and all(
                        isinstance(e, ast.Constant) and isinstance(e.value, str) for e in row.elts[-2:])
                    for row in node.elts) and any(" " in row.elts[-1].value for row in node.elts):
                offenders.append((path.name, node.lineno))  # ((key, …, "texto", "text"), …)
    # the exceptions, by file and a name on the line
    kept = []
    for name, line in offenders:
        source = (next(PACKAGE.rglob(name))).read_text(encoding="utf-8").splitlines()[line - 1]
        if not any(name == f and word in source for f, word in allowed):
            kept.append((name, line, source.strip()[:80]))
    assert kept == []


def test_the_pasted_text_error_starts_with_a_capital_and_the_label_is_its_own_key():
    with pytest.raises(WorkshopError) as error:
        workshop.load("   ")
    assert error.value.message("es").startswith("El texto pegado está vacío.")
    assert error.value.message("en").startswith("The pasted text is empty.")
    assert t("pasted_text_label", "es") == "el texto pegado"


@pytest.mark.parametrize("lang, three_and_a_half, fourteen", [("es", "3,5", "14,1"), ("en", "3.5", "14.1")])
def test_numbers_follow_the_language(lang, three_and_a_half, fourteen):
    assert format_number(3.5, lang) == three_and_a_half and format_number(14.1, lang) == fourteen
    assert format_number(3.0, lang) == "3" and format_number(None, lang) == "—" and format_number(-0.001, lang) == "0"


def test_dates_follow_the_language():
    assert format_datetime("2026-12-02T16:05:09", "es") == "2 dic 2026, 16:05:09"
    assert format_datetime("2026-12-02T16:05:09", "en").startswith("Dec 2, 2026, 4:05:09")
    assert format_datetime("2026-12-02T16:05:09", "en", time_only=True).startswith("4:05:09")
    assert format_datetime("2026-12-02T16:05:09", "es", time_only=True) == "16:05:09"


def _decimal_row(frame):
    for row in frame.itertuples(index=False):
        if isinstance(row.before, float) and round(row.before, 2) != int(row.before):
            return row
    raise AssertionError("no metric with decimals")


TEXT = ("Agente: Pues, eh, le informo que su pedido llega mañana por la tarde, entre las cuatro y las seis.\n"
        "Cliente: Vale, gracias.\nAgente: Bueno, pues nada, que tenga un buen día y muchas gracias por llamar.")


@pytest.mark.parametrize("lang, point", [("es", ","), ("en", ".")])
def test_compare_table_writes_decimals_as_the_language_does(lang, point):
    t0 = workshop.load(TEXT)
    frame = workshop.compare(t0, t0.with_texts({0: "Su pedido llega mañana."}), ui=lang)
    row = _decimal_row(frame)
    html = compare_table_html(frame, lang)
    whole, decimals = f"{round(row.before, 2):.2f}".rstrip("0").split(".")
    assert f"<td>{whole}{point}{decimals}</td>" in html
    assert f"<td>{whole}{',' if point == '.' else '.'}{decimals}</td>" not in html
    head = "<th>Medida</th><th>Antes</th>" if lang == "es" else "<th>Measure</th><th>Before</th>"
    assert head in html


@pytest.mark.parametrize("lang, point", [("es", ","), ("en", ".")])
def test_html_and_markdown_reports_write_decimals_as_the_language_does(tmp_path, lang, point):
    from workshop.report import export_html, export_markdown
    from workshop.sessions import SessionStore, Snapshot

    store = SessionStore(tmp_path)
    try:
        t0 = workshop.load(TEXT)
        sid = store.create("Laura", "Pablo", t0, title="Caso")
        rewrite = {0: "Su pedido llega mañana."}
        store.save(sid, Snapshot(rewrite, {}, {}, workshop.analyze(t0.with_texts(rewrite)).metrics.as_dict()), base=0)
        row = _decimal_row(workshop.compare(t0, t0.with_texts(rewrite), ui=lang))
        whole, decimals = f"{round(row.before, 2):.2f}".rstrip("0").split(".")
        number = f"{whole}{point}{decimals}"
        assert f"<td>{number}</td>" in export_html(store, sid, ui=lang)
        md = export_markdown(store, sid, ui=lang)
        assert f"| {number} |" in md
        assert ("Medida" if lang == "es" else "Measure") in md
    finally:
        store.close()


@pytest.mark.parametrize("ui, started, pattern", [
    ("es", r"^Guardado a las \d{1,2}:\d\d · revisión 0$", r"Guardado a las \d{1,2}:\d\d · revisión 1"),
    ("en", r"^Saved at \d{1,2}:\d\d [AP]M · revision 0$", r"Saved at \d{1,2}:\d\d [AP]M · revision 1")])
def test_the_saved_at_indicator_writes_the_time_as_the_language_does(tmp_path, ui, started, pattern):
    from workshop.app import WorkshopApp
    from workshop.sessions import SessionStore

    app = WorkshopApp(workshop.load("Agente: Eh, hola.\nCliente: Vale."), typing_pause=None, ui=ui,
                      store=lambda: SessionStore(tmp_path))
    app.session.lead.value, app.session.agent.value = "Laura", "Pablo"
    app.session.start_button.click()
    assert re.search(started, re.sub("<[^>]+>", "", app.saved.value)), app.saved.value  # the time from the start
    app.rewrite.editors[0].editor.value = "Hola."
    assert re.search(pattern, app.saved.value), app.saved.value


def test_sizes_in_messages_follow_the_language():
    from workshop.files import human_size

    error = WorkshopError("too_large", name="x.json", size=human_size(2_500_000), limit=human_size(1_000_000))
    assert "x.json ocupa 2,5 MB y el máximo es 1 MB." in error.message("es")
    assert "x.json is 2.5 MB and the maximum is 1 MB." in error.message("en")
    assert human_size(1_000_001).message("es") == "1 000 001 bytes" and human_size(40_000).message("en") == "40 KB"


def test_loader_notices_agree_with_their_count_in_both_languages():
    from workshop.i18n import t

    assert t("notice_chat_skipped", "es", count=1).startswith("Se omitió 1 mensaje ")
    assert t("notice_chat_skipped", "es", count=2).startswith("Se omitieron 2 mensajes ")
    assert t("notice_private_skipped", "en", count=1).startswith("1 internal note was")
    assert t("notice_private_skipped", "en", count=4).startswith("4 internal notes were")
