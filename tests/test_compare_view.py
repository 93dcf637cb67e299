"""Compare a lead reads in ten seconds: phrase-grouped diffs, essentials first, percentages, locale, charts."""
import io
import re

import workshop
from workshop.charts import chart_png
from workshop.render import ESSENTIALS, compare_table_html, diff_html, readability_bands, turn_diffs_html
from workshop.rewrite import group_phrases, word_diff

TEXT = ("Agente: Pues, eh, le informo que su pedido llega mañana. ¿Le parece bien?\nCliente: Vale.\n"
        "Agente: Le llamo con el objetivo de revisar su factura de luz.")


def test_changes_are_grouped_by_phrase_not_interleaved_word_by_word():
    parts = group_phrases(word_diff("Le llamo con el objetivo de revisar su factura de luz.",
                                    "Le llamo para revisar la factura del gas."))
    ops = [p.op for p in parts]
    assert all(not (a == b != "equal") for a, b in zip(ops, ops[1:]))  # never two deletions in a row
    assert ("delete", "de luz") in [(p.op, p.text) for p in parts] and ("insert", "del gas") in [(p.op, p.text) for p in parts]
    html = diff_html(word_diff("a b c d", "x b y d"))
    assert html == '<del class="rw-delete">a b c</del><ins class="rw-insert">x b y</ins> d'


def test_turn_diffs_carry_the_turn_number():
    t = workshop.load(TEXT)
    html = turn_diffs_html(t, [(2, "Le llamo para revisar su factura.")], ui="es")
    assert "Turno 3 · Agente" in html and 'data-turn="2"' in html


def _table(ui="es"):
    t = workshop.load(TEXT)
    before = workshop.analyze(t, ui=ui)
    after = workshop.analyze(t.with_texts({0: "Su pedido llega mañana. ¿Qué día le viene mejor?"}), ui=ui)
    return compare_table_html(workshop.compare(before, after, ui=ui), ui, readability_bands(before, after)), before


def test_the_table_puts_the_essentials_first_and_folds_the_rest():
    html, _ = _table()
    essentials, more = html.split('<details class="rw-more-measures">')
    order = re.findall(r'data-metric="([^"]+)"', essentials)
    assert order == [m for m in ESSENTIALS if m in order] and len(order) >= 6
    assert "<summary>Más medidas</summary>" in more and 'data-metric="agent_lexical_diversity"' in more
    assert 'class="rw-note"' in essentials and "legibilidad" in essentials.lower()


def test_shares_are_percentages_in_spanish_and_unchanged_rows_are_neutral():
    html, _ = _table("es")
    share = re.search(r'data-metric="open_question_share"><th>[^<]*</th><td>([^<]*)</td><td>([^<]*)</td>', html)
    assert share and share.group(1).replace("\xa0", " ") == "0 %" and share.group(2).replace("\xa0", " ") == "100 %"
    same = re.findall(r'<tr class="rw-([a-z]+)" data-metric="[^"]+"><th>[^<]*</th><td>([^<]*)</td><td>([^<]*)</td>',
                      html)
    assert any(b == a for _, b, a in same)
    assert all(v == "neutral" for v, b, a in same if b == a)
    assert re.search(r'data-metric="agent_readability">.*?<small class="rw-band">\([a-záéíóú ]+\)</small>', html)


def test_decimals_use_the_ui_language():
    html, _ = _table("es")
    assert re.search(r"<td>\d+,\d+", html) and not re.search(r"<td>\d+\.\d+", html)


def test_the_chart_uses_the_accent_colour_and_one_axis_per_scale():
    from PIL import Image

    t = workshop.load(TEXT)
    before, after = workshop.analyze(t), workshop.analyze(t.with_texts({0: "Su pedido llega mañana."}))
    image = Image.open(io.BytesIO(chart_png(before, after, "es", accent="#ff0000"))).convert("RGB")
    colours = lambda im: {c for _, c in im.getcolors(maxcolors=1 << 20)}  # noqa: E731
    assert (255, 0, 0) in colours(image)
    plain = Image.open(io.BytesIO(chart_png(before, after, "es"))).convert("RGB")
    assert (255, 0, 0) not in colours(plain)


def test_reports_list_the_essentials_first_and_shares_as_percentages(tmp_path):
    from workshop.report import export_html, export_markdown
    from workshop.sessions import SessionStore, Snapshot

    store = SessionStore(tmp_path)
    try:
        t0 = workshop.load(TEXT)
        sid = store.create("Laura", "Pablo", t0, title="Caso")
        rewrite = {0: "Su pedido llega mañana. ¿Qué día le viene mejor?"}
        store.save(sid, Snapshot(rewrite, {}, {}, workshop.analyze(t0.with_texts(rewrite)).metrics.as_dict()), base=0)
        md = export_markdown(store, sid, ui="es").replace("\xa0", " ")
        rows = [line.split(" | ")[0].lstrip("| ") for line in md.splitlines() if line.startswith("| ")][1:]
        assert rows[0] == "Palabras del agente" and rows.index(r"Legibilidad \(agente\)") < rows.index("Palabras")
        assert "| 0 % | 100 % | +100 % |" in md
        html = export_html(store, sid, ui="es")
        assert html.index('data-metric="agent_words"') < html.index('data-metric="words"')
        assert "Más medidas" in html
    finally:
        store.close()
