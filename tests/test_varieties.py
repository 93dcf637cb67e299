"""Language varieties: packs extending their base language, chosen by caller, metadata or detection."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

import workshop
from workshop.engine.rules import check_file
from workshop.engine.varieties import VARIETIES, detect_variety, resolve_variety, variety_path


@pytest.mark.parametrize("variety", [v for vs in VARIETIES.values() for v in vs])
def test_every_variety_pack_is_valid_and_extends_its_base(variety):
    pack = check_file(variety_path(variety))
    assert pack.language == variety[:2]
    assert pack.variety_markers  # detection has something to go on


@pytest.mark.parametrize("turns, lang, expected", [
    ([{"speaker": "Agente", "text": "Mirá, fijate si el módem tiene luz, y decime qué ves, dale."}], "es", "es-AR"),
    ([{"speaker": "Agente", "text": "Vale, os lo mandamos al móvil. ¿Habéis recibido el SMS?"}], "es", "es-ES"),
    ([{"speaker": "Agent", "text": "Yes ma'am po, I will check po, one moment."}], "en", "en-PH"),
    ([{"speaker": "Agente", "text": "Le confirmo el pago de hoy."}], "es", None),
])
def test_variety_detected_from_voseo_and_vocabulary(turns, lang, expected):
    assert detect_variety(workshop.load(turns, lang=lang)) == expected


def test_metadata_then_caller_decide(tmp_path):
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"title": "x", "variety": "es-CO", "turns": [
        {"speaker": "Agente", "text": "Le confirmo el pago de hoy."}]}), encoding="utf-8")
    t = workshop.load(str(path))
    assert resolve_variety(t) == "es-CO"
    assert resolve_variety(t, "es-MX") == "es-MX"
    with pytest.raises(workshop.WorkshopError) as err:
        resolve_variety(t, "en-GB")
    assert "en-GB" in err.value.message("es") and "Varieties" in err.value.message("en")


@pytest.mark.parametrize("text, lang, variety, category", [
    ("che, te paso el link por acá", "es", "es-AR", "filler"),
    ("Quedamos atentos a cualquier inquietud.", "es", "es-CO", "formal"),
    ("Please find the details below.", "en", "en-IN", "formal"),
    ("We would ask that you send a meter reading.", "en", "en-GB", "formal"),
])
def test_a_variety_adds_its_own_phrases(text, lang, variety, category):
    t = workshop.load([{"speaker": "Agente" if lang == "es" else "Agent", "text": text}], lang=lang)
    base = [f for f in workshop.analyze(t, variety=None).findings if f.category == category]
    with_variety = [f for f in workshop.analyze(t, variety=variety).findings if f.category == category]
    assert len(with_variety) > len(base)


def test_cli_variety_option(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("Agente: che, te paso el link por acá\n", encoding="utf-8")
    run = lambda *extra: subprocess.run([sys.executable, "-m", "workshop", "analyze", str(path), "--lang", "es",
                                         "--format", "json", *extra], capture_output=True, text=True)
    base, ar = run(), run("--variety", "es-AR")
    assert ar.returncode == 0, ar.stderr
    assert len(json.loads(ar.stdout)["findings"]) > len(json.loads(base.stdout)["findings"])
    bad = run("--variety", "xx-YY")
    assert bad.returncode != 0 and "xx-YY" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.parametrize("variety, word, other", [
    ("es-AR", "enojo", "enfado"), ("es-MX", "enojo", "enfado"), ("es-CO", "enojo", "enfado"),
    ("es-US", "enojo", "enfado"), ("es-ES", "enfado", "enojo"),
])
def test_anger_openers_use_the_varietys_word(variety, word, other):
    from workshop.engine.rules import get_pack
    pack = get_pack("es", [variety_path(variety)])
    openers = " ".join(pack.empathy_openers["anger"])
    assert word in openers and other not in openers


def test_a_voseo_agent_in_es_ar_gets_vos_openers_with_enojo():
    t = workshop.load([{"speaker": "Cliente", "text": "Estoy furioso, es un desastre."},
                       {"speaker": "Agente", "text": "Dale, decime el número de cliente y lo vemos."}], lang="es")
    f = next(f for f in workshop.analyze(t, variety="es-AR").findings if f.category == "missing-empathy")
    assert f.suggestions[0].startswith("Entiendo tu enojo") and f.suggestions[1].startswith("Tenés razón")


def test_the_missing_empathy_message_names_anger_in_the_varietys_word():
    turns = [{"speaker": "Cliente", "text": "Ya llamé tres veces y nadie me avisó nada, estoy furiosa."},
             {"speaker": "Agente", "text": "Necesito el número de cliente."}]
    t = workshop.load(turns, lang="es")
    for variety, word in (("es-AR", "enojo"), ("es-MX", "enojo"), ("es-ES", "enfado")):
        result = workshop.analyze(t, variety=variety)
        [finding] = [f for f in result.findings if f.category == "missing-empathy"]
        assert word in finding.message, (variety, finding.message)
    english = workshop.analyze(t, variety="es-AR").in_ui("en")
    assert "anger" in next(f.message for f in english.findings if f.category == "missing-empathy")
