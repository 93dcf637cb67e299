"""Rules that generalize: lemmas, contractions, person and pronoun, patterns, and each rule's examples.

Each case names the text and the part of it that must (or must not) be
found, in Spanish and in English; packs written here are trainer packs in
tmp_path so the shipped packs stay free to change.
"""
import io
import json
import textwrap

import pytest

import workshop
from workshop.cli import main
from workshop.engine.examples import check_examples
from workshop.engine.rules import LEXICON_CATEGORIES, RulePackError, check_file, get_pack, load_pack_file
from workshop.engine.text import expand_contraction, lemma_keys


def findings(text, lang, category=None, rules=()):
    speaker = "Agente" if lang == "es" else "Agent"
    result = workshop.analyze(workshop.load([{"speaker": speaker, "text": text}], lang=lang), rules=rules)
    out = [f for f in result.findings if category is None or f.category == category]
    for f in out:
        assert text[f.start:f.end] == f.text  # offsets always slice the original text
    return out


def texts(text, lang, category, rules=()):
    return [f.text for f in findings(text, lang, category, rules)]


def pack(tmp_path, lang, body, name="equipo.yaml"):
    path = tmp_path / name
    path.write_text(f"language: {lang}\nextends: default\n" + textwrap.dedent(body), encoding="utf-8")
    return path


# ---------------------------------------------------------------- lemmas

@pytest.mark.parametrize("text, lang, category, expected", [
    ("Por favor, salgan afuera mientras revisamos el contador.", "es", "redundancy", "salgan afuera"),
    ("Hace falta que efectúe una transferencia.", "es", "complex-word", "efectúe"),
    ("Mañana efectuaremos el corte de luz.", "es", "complex-word", "efectuaremos"),
    ("The notice made reference to your contract.", "en", "wordy", "made reference to"),
    ("She has the ability to waive the fee.", "en", "wordy", "has the ability to"),
    ("We were able to find it.", "en", "wordy", "were able to"),
])
def test_lemma_matches_other_forms_of_the_word(text, lang, category, expected):
    assert expected in texts(text, lang, category)


def test_conjugated_entry_keeps_its_own_suggestion():
    """"efectuamos" has its own entry ("hacemos"); the lemma of "efectuar" does not take it over."""
    hit = findings("Lo efectuamos hoy mismo.", "es", "complex-word")
    assert [(f.text, f.suggestions) for f in hit] == [("efectuamos", ("hacemos",))]


@pytest.mark.parametrize("word, lemma", [
    ("salgan", "@salir"), ("efectúe", "@efectuar"), ("tenés", "@tener"), ("podés", "@poder"),
    ("fijate", "@fijar"), ("sabés", "@saber"), ("andá", "@andar"), ("decime", "@decir"), ("contame", "@contar"),
])
def test_spanish_lemmas_cover_voseo(word, lemma):
    assert lemma in lemma_keys(word, "es")


@pytest.mark.parametrize("word, lemma", [("made", "@make"), ("gone", "@go"), ("told", "@tell"), ("children", "@child")])
def test_english_lemmas_cover_irregular_forms(word, lemma):
    assert lemma in lemma_keys(word, "en")


@pytest.mark.parametrize("text, lang, category", [
    ("Esta factura ya está pagada.", "es", "filler"),  # "esta" is not the filler "este"
    ("Le mando este correo ahora.", "es", "filler"),
    ("Yo tengo que revisar su cuenta primero.", "es", "negative"),  # the agent's own task, not an order
    ("Me informaron que ya está.", "es", "formal"),  # "me informaron" is not "le informo"
    ("I'd like to confirm your address.", "en", "filler"),
    ("The form is finished, you can submit it.", "en", "wordy"),
])
def test_lemmas_add_no_false_alarms(text, lang, category):
    assert texts(text, lang, category) == []


def test_a_trainer_can_ask_a_filler_for_its_lemma(tmp_path):
    rules = pack(tmp_path, "es", """\
        complex-word:
          - phrase: aperturar
            suggest: [abrir]
            lemma: true
        """)
    assert texts("Ya le aperturamos la cuenta.", "es", "complex-word", [rules]) == ["aperturamos"]
    rules_exact = pack(tmp_path, "es", "complex-word:\n  - phrase: aperturar\n    suggest: [abrir]\n", "b.yaml")
    assert texts("Ya le aperturamos la cuenta.", "es", "complex-word", [rules_exact]) == []


# ---------------------------------------------------------------- contractions

@pytest.mark.parametrize("token, words", [
    ("can't", (("can",), ("not",))),
    ("won't", (("will",), ("not",))),
    ("i'd", (("i",), ("would", "had"))),
    ("we're", (("we",), ("are",))),
    ("they've", (("they",), ("have",))),
    ("y'all", (("you",), ("all",))),
    ("shouldn't've", (("should",), ("not",), ("have",))),
    ("you'd've", (("you",), ("would", "had"), ("have",))),
    ("it's", (("it",), ("is", "has"))),
    ("cannot", (("can",), ("not",))),
    ("john's", (("john's",),)),  # a possessive stays one word
])
def test_contractions_expand(token, words):
    assert expand_contraction(token, "en") == words


CONTRACTION_PACK = """\
    negative:
      - phrase: we are unable to
        suggest: [what we can do is]
      - phrase: they have not sent
        suggest: [it hasn't arrived yet]
      - phrase: you all need to
        suggest: [could you]
      - phrase: you should not have
        suggest: [next time]
      - phrase: you would have known
        suggest: [it's easy to miss]
      - phrase: it is not ready
        suggest: [it's nearly ready]
      - phrase: I will not
        suggest: [what I can do is]
    """


@pytest.mark.parametrize("text, expected", [
    ("Sorry, we're unable to refund it.", "we're unable to"),
    ("They’ve not sent it yet.", "They’ve not sent"),
    ("Y'all need to sign again.", "Y'all need to"),
    ("Well, you shouldn't've waited.", "you shouldn't've"),
    ("Honestly you'd've known by now.", "you'd've known"),
    ("It's not ready, sorry.", "It's not ready"),
    ("I won't do that.", "I won't"),
    ("We are unable to refund it.", "We are unable to"),
])
def test_contractions_match_with_exact_offsets(tmp_path, text, expected):
    hits = findings(text, "en", "negative", [pack(tmp_path, "en", CONTRACTION_PACK)])
    assert [f.text for f in hits] == [expected]
    assert hits[0].start == text.index(expected) and hits[0].end == text.index(expected) + len(expected)


def test_a_phrase_never_ends_inside_a_contraction(tmp_path):
    rules = [pack(tmp_path, "en", "formal:\n  - phrase: we can\n    suggest: [we'll]\n  - phrase: is not\n    suggest: [isn't]\n")]
    assert texts("We can't do that.", "en", "formal", rules) == []
    assert texts("We can do that.", "en", "formal", rules) == ["We can"]
    assert texts("It's not ready.", "en", "formal", rules) == ["It's not"]  # starting inside one is fine


@pytest.mark.parametrize("text, expected", [
    ("We can't change the date.", "We can't"),
    ("We cannot change the date.", "We cannot"),
    ("We can not change the date.", "We can not"),
    ("You will need to restart it.", "You will need to"),
    ("You'll need to restart it.", "You'll need to"),
])
def test_shipped_contraction_entries_cover_both_spellings(text, expected):
    # the finding may run on ("We can't change": a refusal of what), but starts with the contraction as written
    assert any(t.startswith(expected) for t in texts(text, "en", "negative"))


# ---------------------------------------------------------------- person and pronoun

@pytest.mark.parametrize("text, expected", [
    ("Le recomendamos que reinicie el equipo.", "Le recomendamos que"),
    ("Te recomendamos que reinicies el equipo.", "Te recomendamos que"),
    ("Les recomiendo que reinicien el equipo.", "Les recomiendo que"),
    ("Os recomendamos que lo reiniciéis.", "Os recomendamos que"),
])
def test_one_entry_covers_every_clitic_and_speaker_form(text, expected):
    assert texts(text, "es", "formal") == [expected]


@pytest.mark.parametrize("text, expected", [
    ("Usted tiene que llamar al banco.", "Usted tiene que"),
    ("Vos tenés que llamar al banco.", "Vos tenés que"),
    ("Tú tienes que llamar al banco.", "Tú tienes que"),
    ("Tu tienes que llamar al banco.", "Tu tienes que"),  # chat, without the accent
    ("Ustedes tienen que llamar al banco.", "Ustedes tienen que"),
    ("Vosotros tenéis que llamar al banco.", "Vosotros tenéis que"),
])
def test_one_entry_covers_usted_tu_vos_ustedes_vosotros(text, expected):
    assert expected in texts(text, "es", "negative")


@pytest.mark.parametrize("text", ["Yo tengo que llamar al banco.", "Nosotros tenemos que llamar al banco."])
def test_the_speakers_own_form_is_another_person(text):
    assert texts(text, "es", "negative") == []


@pytest.mark.parametrize("text, expected", [
    ("Es su culpa, señora.", ["Es su culpa"]),
    ("Es tu culpa, la verdad.", ["Es tu culpa"]),
    ("Es vuestra culpa.", ["Es vuestra culpa"]),
])
def test_possessives_of_the_customer_are_one_class(text, expected):
    assert texts(text, "es", "negative") == expected


def test_me_and_nos_are_one_class(tmp_path):
    rules = pack(tmp_path, "es", "formal:\n  - phrase: me permito informarle\n    suggest: [le cuento]\n")
    assert texts("Nos permitimos informarle del cambio.", "es", "formal", [rules]) == ["Nos permitimos informarle"]
    assert texts("Le permitimos informarle del cambio.", "es", "formal", [rules]) == []


@pytest.mark.parametrize("text, expected", [
    ("We have the ability to waive it.", "have the ability to"),
    ("It has the ability to reset itself.", "has the ability to"),
])
def test_english_person_forms_share_the_lemma(text, expected):
    assert texts(text, "en", "wordy") == [expected]


# ---------------------------------------------------------------- patterns

PATTERNS_EN = """\
    negative:
      - phrase: let me {0-2} check
        suggest: [I'll check]
    wordy:
      - phrase: within {num} business days
        suggest: [by Friday]
    """

PATTERNS_ES = """\
    wordy:
      - phrase: en un plazo de {num} días hábiles
        suggest: [antes del viernes]
      - phrase: procedo {0-2} a verificar
        suggest: [lo miro]
    negative:
      - phrase: no (le|te|les) [podemos|puedo] ayudar con eso
        suggest: [le paso con quien puede]
    formal:
      - phrase: "{num} días hábiles"
        suggest: [el viernes]
    """


@pytest.mark.parametrize("text, expected", [
    ("I can't help you with that.", ["I can't help you with that"]),
    ("We just cannot assist you with that.", ["We just cannot assist you with that"]),
    ("I can't assist with that today.", ["I can't assist with that"]),
    ("I cannot help with that, sorry.", ["I cannot help with that"]),
])
def test_shipped_pattern_with_alternatives_and_optional_words(text, expected):
    assert texts(text, "en", "negative") == expected


@pytest.mark.parametrize("text, expected", [
    ("Let me check that.", ["Let me check"]),
    ("Let me just check that.", ["Let me just check"]),
    ("Let me just quickly check that.", ["Let me just quickly check"]),
    ("Let me just go and quickly check.", []),  # three words: more than the gap allows
    ("Let me, uh, check.", []),  # a gap is words, never punctuation
])
def test_gap_en(tmp_path, text, expected):
    assert texts(text, "en", "negative", [pack(tmp_path, "en", PATTERNS_EN)]) == expected


@pytest.mark.parametrize("text, expected", [
    ("It arrives within 5 business days.", ["within 5 business days"]),
    ("It arrives within five business days.", ["within five business days"]),
    ("It arrives within twenty-five business days.", ["within twenty-five business days"]),
    ("It arrives within a few business days.", []),
])
def test_number_slot_en(tmp_path, text, expected):
    assert texts(text, "en", "wordy", [pack(tmp_path, "en", PATTERNS_EN)]) == expected


@pytest.mark.parametrize("text, expected", [
    ("Le llega en 3 días hábiles.", ["3 días hábiles"]),
    ("Le llega en tres días hábiles.", ["tres días hábiles"]),
    ("Le llega en treinta y dos días hábiles.", ["treinta y dos días hábiles"]),
    ("Le llega en varios días hábiles.", []),
])
def test_number_slot_es(tmp_path, text, expected):
    assert texts(text, "es", "formal", [pack(tmp_path, "es", PATTERNS_ES)]) == expected


def test_number_slot_inside_a_longer_pattern(tmp_path):
    rules = [pack(tmp_path, "es", PATTERNS_ES)]
    assert texts("Se resuelve en un plazo de 10 días hábiles.", "es", "wordy", rules) == [
        "en un plazo de 10 días hábiles"]


@pytest.mark.parametrize("text, expected", [
    ("No le podemos ayudar con eso.", ["No le podemos ayudar con eso"]),
    ("No te puedo ayudar con eso.", ["No te puedo ayudar con eso"]),
    ("No les ayudar con eso.", ["No les ayudar con eso"]),  # the optional word left out
])
def test_alternatives_and_optional_es(tmp_path, text, expected):
    assert texts(text, "es", "negative", [pack(tmp_path, "es", PATTERNS_ES)]) == expected


@pytest.mark.parametrize("text, expected", [
    ("Procedo a verificar sus datos.", ["Procedo a verificar"]),
    ("Procedo ahora mismo a verificar sus datos.", ["Procedo ahora mismo a verificar"]),
    ("Procedo, si me permite, a verificar sus datos.", []),
])
def test_gap_es(tmp_path, text, expected):
    assert texts(text, "es", "wordy", [pack(tmp_path, "es", PATTERNS_ES)]) == expected


def test_shipped_spanish_pattern_with_slot_and_alternatives():
    t = workshop.load([{"speaker": "Cliente", "text": "Llevo tres semanas sin internet."},
                       {"speaker": "Agente", "text": "Le paso con el técnico."}], lang="es")
    empathy = [f for f in workshop.analyze(t).findings if f.category == "missing-empathy"]
    assert empathy, "the cue 'llevo [{num}] (días|semanas|meses) (sin|esperando)' was not heard"


def test_patterns_are_compiled_once_when_the_pack_loads(tmp_path):
    path = pack(tmp_path, "en", PATTERNS_EN)
    entry = next(e for e in get_pack("en", [path]).entries["negative"] if e.phrase.startswith("let me"))
    assert len(entry.variants) == 3  # no gap, one word, two words
    assert get_pack("en", [path]).index is get_pack("en", [path]).index


@pytest.mark.parametrize("phrase, fragment", [
    ("a [nivel de", "["),
    ("a nivel] de", "]"),
    ("(a|) nivel de", "(a|) nivel de"),
    ("a | nivel de", "|"),
    ("{x} días", "{x}"),
    ("{5-2} días", "{5-2}"),
    ("días {0-20} hábiles", "{0-20}"),
    ("{0-3} días", "{0-3} días"),
    ("días {1-2}", "días {1-2}"),
    ("(a] nivel", "]"),
    ("[] nivel", "[] nivel"),
    ("[a nivel] [de]", "[a nivel] [de]"),
    ("(a|b) (c|d) (e|f) (g|h) (i|j) (k|l) (m|n) (o|p) (q|r) (s|t)", "512"),
])
@pytest.mark.parametrize("lang", ["es", "en"])
def test_malformed_pattern_names_file_line_and_entry(tmp_path, phrase, fragment, lang):
    body = (f"language: {lang}\nwordy:\n  - phrase: eh ya\n    suggest: [ya]\n"
            f"  - phrase: \"{phrase}\"\n    suggest: [x]\n")
    path = tmp_path / "mi-paquete.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(RulePackError) as info:
        load_pack_file(path)
    assert info.value.line == 5
    for ui, where in (("es", "(wordy, entrada 2)"), ("en", "(wordy entry 2)")):
        message = info.value.message(ui)
        assert message.startswith("mi-paquete.yaml") and " 5 " in message.replace(",", " ").replace(":", " ")
        assert where in message and fragment in message


# ---------------------------------------------------------------- examples

@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("section", LEXICON_CATEGORIES + ("empathy", "emotion"))
def test_every_category_ships_flag_and_keep_examples(lang, section):
    kinds = {kind for e in get_pack(lang).entries[section] for kind, _, _ in e.examples}
    assert kinds == {"flag", "keep"}, f"{lang}.yaml {section}: no {({'flag', 'keep'} - kinds) or ''} examples"


@pytest.mark.parametrize("lang", ["es", "en"])
def test_shipped_examples_behave(lang):
    failures = check_examples(get_pack(lang))
    assert [f.message("en") for f in failures] == []


BROKEN_EXAMPLES = """\
    language: es
    extends: default
    wordy:
      - phrase: hacer una comprobación de
        suggest: [comprobar]
        examples:
          flag:
            - "Vamos a hacer una comprobación de la línea."
            - "Vamos a revisar la línea."
          keep: ["Hice una comprobación de saldo ayer."]
    """


def test_an_example_that_misbehaves_is_reported_with_file_and_line(tmp_path):
    path = tmp_path / "equipo.yaml"
    path.write_text(textwrap.dedent(BROKEN_EXAMPLES), encoding="utf-8")
    failures = check_examples(check_file(path))
    assert [(f.file, f.line, f.kind, f.text) for f in failures] == [
        ("equipo.yaml", 9, "flag", "Vamos a revisar la línea."),
        ("equipo.yaml", 10, "keep", "Hice una comprobación de saldo ayer."),
    ]
    for ui in ("es", "en"):
        out, err = io.StringIO(), io.StringIO()
        assert main(["--ui", ui, "rules", "check", str(path)], out=out, err=err) == 2
        assert "equipo.yaml, " in err.getvalue() and " 9 " in err.getvalue().replace(",", " ").replace("(", " ")
        for example in ("Vamos a revisar la línea.", "Hice una comprobación de saldo ayer."):
            assert example in err.getvalue()


@pytest.mark.parametrize("lang", ["es", "en"])
def test_rules_check_passes_the_shipped_packs(lang):
    from workshop.resources import rules_dir

    out, err = io.StringIO(), io.StringIO()
    assert main(["rules", "check", str(rules_dir() / f"{lang}.yaml")], out=out, err=err) == 0, err.getvalue()


@pytest.mark.parametrize("examples", ["[a, b]", "{flag: []}", "{flags: [a]}", "{keep: [3]}", "{}"])
def test_malformed_examples_are_a_pack_error(tmp_path, examples):
    path = tmp_path / "p.yaml"
    path.write_text(f"language: en\nfiller:\n  - phrase: um\n    examples: {examples}\n", encoding="utf-8")
    with pytest.raises(RulePackError) as info:
        load_pack_file(path)
    assert info.value.line == 4 and info.value.problem == "rules_examples"
    assert "flag" in info.value.message("en") and "flag" in info.value.message("es")


def test_the_pattern_examples_in_the_pack_readme_load(tmp_path):
    """The examples a trainer copies from data/rules/README.md are valid patterns."""
    from workshop.resources import rules_dir

    readme = (rules_dir() / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Patterns", 1)[1].split("### Examples per entry", 1)[0]
    blocks = [b.split("```", 1)[0] for b in section.split("```yaml\n")[1:]]
    assert blocks
    for i, block in enumerate(blocks):
        path = tmp_path / f"readme-{i}.yaml"
        path.write_text("language: es\n" + block, encoding="utf-8")
        assert load_pack_file(path)["sections"]
    examples = [line.split(" | ")[2].strip("` ").replace("\\|", "|") for line in section.splitlines()
                if line.startswith("| `")]
    assert len(examples) == 5
    for example in examples:
        path = tmp_path / "cell.yaml"
        phrase = json.dumps(example.strip('"'), ensure_ascii=False)  # a JSON string is a YAML string
        path.write_text(f"language: en\nwordy:\n  - phrase: {phrase}\n    suggest: [x]\n", encoding="utf-8")
        assert load_pack_file(path)["sections"]["wordy"], example
