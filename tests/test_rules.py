"""Rule packs: coverage of the defaults, trainer packs, and errors that point at the line."""
import textwrap

import pytest

import workshop
from workshop.engine.rules import RulePackError, check_file, get_pack, load_pack_file
from workshop.resources import rules_dir

MINIMUMS = {"filler": 25, "wordy": 60, "redundancy": 40, "formal": 25, "negative": 25,
            "complex-word": 30, "empathy": 20, "emotion": 30}


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("section, minimum", MINIMUMS.items())
def test_default_pack_coverage(lang, section, minimum):
    assert len(get_pack(lang).entries[section]) >= minimum


@pytest.mark.parametrize("lang", ["es", "en"])
def test_default_pack_header_cites_sources(lang):
    header = (rules_dir() / f"{lang}.yaml").read_text(encoding="utf-8").split("\npack:")[0]
    assert header.lstrip().startswith("#") and len(header) > 200


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_emotion_has_empathy_openers(lang):
    pack = get_pack(lang)
    used = {e.emotion for e in pack.entries["emotion"]}
    assert used <= set(pack.empathy_openers)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_no_phrase_in_two_rewrite_categories(lang):
    pack = get_pack(lang)
    seen = {}
    for section in ("wordy", "redundancy", "formal", "negative", "complex-word"):
        for e in pack.entries[section]:
            key = e.phrase.lower()
            assert key not in seen, f"{e.phrase!r} is both {seen[key]} and {section}"
            seen[key] = section


@pytest.mark.parametrize("lang, code", [("es", "spa"), ("en", "eng")])
def test_complex_word_alternatives_are_more_common(lang, code):
    """A plain alternative should be a word people meet more often (wordfreq's Zipf scale)."""
    from wordfreq import zipf_frequency

    worse = []
    for e in get_pack(lang).entries["complex-word"]:
        original = zipf_frequency(e.phrase, lang)
        best = max(zipf_frequency(s, lang) for s in e.suggest if s)
        if best < original:
            worse.append((e.phrase, e.suggest))
    assert worse == []


def write(tmp_path, text, name="pack.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_trainer_pack_extends_default(tmp_path):
    path = write(tmp_path, """\
        pack: equipo-facturas
        language: es
        extends: default
        wordy:
          - phrase: proceder al abono
            suggest: [abonar]
        """)
    t = workshop.load([{"speaker": "Agente", "text": "Vamos a proceder al abono, o sea, hoy."}], lang="es")
    result = workshop.analyze(t, rules=[path])
    cats = {(f.category, f.text) for f in result.findings}
    assert ("wordy", "proceder al abono") in cats
    assert ("filler", "o sea") in cats  # the default pack still applies


def test_a_relative_pack_path_is_read_from_the_working_directory_of_each_call(tmp_path, monkeypatch):
    for team, phrase in (("a", "proceder al abono"), ("b", "efectuar la baja")):
        (tmp_path / team).mkdir()
        write(tmp_path / team, f"""\
            language: es
            extends: default
            wordy:
              - phrase: {phrase}
                suggest: [hacerlo]
            """)
    t = workshop.load([{"speaker": "Agente", "text": "Voy a proceder al abono y a efectuar la baja."}], lang="es")
    for team, phrase in (("a", "proceder al abono"), ("b", "efectuar la baja"), ("a", "proceder al abono")):
        monkeypatch.chdir(tmp_path / team)
        wordy = {f.text for f in workshop.analyze(t, rules=["pack.yaml"]).findings if f.category == "wordy"}
        assert phrase in wordy and len(wordy) == 1, (team, wordy)


def test_an_edited_pack_is_read_again(tmp_path):
    path = write(tmp_path, "language: es\nextends: default\nwordy:\n  - phrase: proceder al abono\n    suggest: [abonar]\n")
    t = workshop.load([{"speaker": "Agente", "text": "Voy a proceder al abono y a efectuar la baja."}], lang="es")
    assert "proceder al abono" in {f.text for f in workshop.analyze(t, rules=[path]).findings}
    import os
    path.write_text("language: es\nextends: default\nwordy:\n  - phrase: efectuar la baja\n    suggest: [dar de baja]\n",
                    encoding="utf-8")
    stat = path.stat()
    os.utime(path, (stat.st_atime, stat.st_mtime + 5))  # a clock that ticks coarsely still sees the edit
    texts = {f.text for f in workshop.analyze(t, rules=[path]).findings}
    assert "efectuar la baja" in texts and "proceder al abono" not in texts


def test_trainer_pack_removes_and_overrides(tmp_path):
    path = write(tmp_path, """\
        language: es
        extends: default
        remove:
          filler: [o sea]
        wordy:
          - phrase: a nivel de
            suggest: [en el área de]
        settings:
          long_sentence_words: 5
        """)
    t = workshop.load([{"speaker": "Agente", "text": "O sea, lo vemos a nivel de factura mañana mismo."}], lang="es")
    findings = workshop.analyze(t, rules=[path]).findings
    assert ("filler", "O sea") not in {(f.category, f.text) for f in findings}
    wordy = [f for f in findings if f.category == "wordy"]
    assert wordy[0].suggestions == ("en el área de",)
    assert any(f.category == "long-sentence" for f in findings)


def test_pack_without_extends_replaces_default(tmp_path):
    path = write(tmp_path, """\
        language: en
        filler:
          - phrase: kinda
        """)
    t = workshop.load([{"speaker": "Agent", "text": "Um, it's kinda done."}], lang="en")
    assert [f.text for f in workshop.analyze(t, rules=[path]).findings if f.category == "filler"] == ["kinda"]


def test_pack_for_other_language_is_ignored(tmp_path):
    path = write(tmp_path, "language: en\nfiller:\n  - phrase: kinda\n")
    t = workshop.load([{"speaker": "Agente", "text": "Eh, ya está."}], lang="es")
    assert [f.text for f in workshop.analyze(t, rules=[path]).findings] == ["Eh"]


def test_yaml_no_stays_a_word(tmp_path):
    path = write(tmp_path, "language: es\nextends: default\nstammer_allowed: [no, yes, on]\n")
    pack = check_file(path)
    assert {"no", "yes", "on"} <= pack.stammer_allowed


@pytest.mark.parametrize("body, line, fragment", [
    ("language: es\nwordy:\n  - phrase: a nivel de\n    suggest: [en]\n  - phrase: de cara a\n", 5, "suggest"),
    ("language: es\nfiller:\n  - phrase: eh\n    isolated: sí\n", 4, "isolated"),
    ("language: es\nemotion:\n  - phrase: harto\n    emotion: rabia\n", 4, "emotion"),
    ("language: fr\n", 1, "language"),
    ("language: es\nsettings:\n  long_sentence_words: -3\n", 3, "long_sentence_words"),
    ("language: es\nfiller:\n  - phrase: eh\n  - phrase: Eh\n", 4, "Eh"),
    ("language: es\nfillers:\n  - phrase: eh\n", 2, "fillers"),
    ("language: es\nwordy:\n  - phrase: a nivel de\n    suggest: [en\n", 5, "YAML"),
    ("language: es\nlanguage: en\n", 2, "language"),
    ("language: es\nwordy:\n  - phrase: a nivel de\n    sugest: [en]\n", 4, "sugest"),
    # two entries with one rule ID: the second names the ID and the first one's line
    ("language: es\nfiller:\n  - phrase: eh\n    id: filler.duda\n  - phrase: em\n    id: filler.duda\n", 5,
     "filler.duda"),
    ("language: es\nfiller:\n  - phrase: o sea\nformal:\n  - phrase: le ruego\n    suggest: [por favor]\n    id: filler.o-sea\n", 5,
     "filler.o-sea"),
    ("language: es\nfiller:\n  - phrase: eh\n    id: No Vale\n", 4, "id"),
])
def test_broken_pack_error_names_file_line_and_problem(tmp_path, body, line, fragment):
    path = write(tmp_path, body, name="mi-paquete.yaml")
    with pytest.raises(RulePackError) as info:
        load_pack_file(path)
    err = info.value
    assert err.line == line
    for lang in ("es", "en"):
        text = err.message(lang)
        assert text.startswith("mi-paquete.yaml")
        assert str(line) in text and fragment in text


def test_error_names_the_entry(tmp_path):
    path = write(tmp_path, "language: en\nwordy:\n  - phrase: in order to\n    suggest: [to]\n  - phrase: prior to\n")
    with pytest.raises(RulePackError) as info:
        load_pack_file(path)
    assert "(wordy entry 2)" in info.value.message("en")
    assert "(wordy, entrada 2)" in info.value.message("es")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_default_entry_has_a_unique_stable_dotted_id(lang):
    pack = get_pack(lang)
    ids = [e.id for entries in pack.entries.values() for e in entries]
    assert all(i.split(".")[0] in pack.entries and "." in i for i in ids)
    assert len(ids) == len(set(ids))
    assert {e.id for e in pack.entries["formal"]} >= ({"formal.le-informo-que"} if lang == "es" else set())


def test_rule_id_is_category_and_folded_slug_unless_the_entry_says(tmp_path):
    path = write(tmp_path, "language: es\nformal:\n  - phrase: Le informo que\n    suggest: [x]\n  - phrase: sírvase\n"
                           "    suggest: [x]\n    id: formal.sirvase-custom\nwordy:\n  - phrase: a día de hoy\n    suggest: [hoy]\n")
    ids = {e.phrase: e.id for s in load_pack_file(path)["sections"].values() for e in s}
    assert ids == {"Le informo que": "formal.le-informo-que", "sírvase": "formal.sirvase-custom",
                   "a día de hoy": "wordy.a-dia-de-hoy"}


def test_finding_ids_are_stable_across_runs_and_name_detectors():
    text = ("Agente: Le informo que eh el pedido llega mañana. ¿Vale? ¿Le llega bien? ¿Lo tiene? ¿Está en casa?\n"
            "Cliente: Estoy harto, es la tercera vez.\nAgente: Le informo que que el pedido llega mañana.")
    first = [f.id for f in workshop.analyze(text, "es").findings]
    assert first == [f.id for f in workshop.analyze(text, "es").findings]
    assert {"formal.le-informo-que", "filler.eh", "closed-question.run", "missing-empathy.reply",
            "repetition.stammer"} <= set(first)


def test_disable_in_a_pack_removes_exactly_those_rules_and_categories(tmp_path):
    text = "Agente: Le informo que eh el pedido llega mañana y, o sea, a nivel de envío todo bien."
    before = [f.id for f in workshop.analyze(text, "es").findings]
    assert {"formal.le-informo-que", "filler.eh", "filler.o-sea", "wordy.a-nivel-de"} <= set(before)
    path = write(tmp_path, "language: es\nextends: default\ndisable: [formal.le-informo-que, filler]\n")
    after = [f.id for f in workshop.analyze(text, "es", rules=[str(path)]).findings]
    assert after == [i for i in before if i != "formal.le-informo-que" and not i.startswith("filler.")]


def test_disable_must_be_a_list_of_ids(tmp_path):
    path = write(tmp_path, "language: es\ndisable: filler\n")
    with pytest.raises(RulePackError) as info:
        load_pack_file(path)
    assert info.value.line == 2 and "disable" in info.value.message("en")
