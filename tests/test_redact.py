"""Personal data is masked on load (issue 14), per kind and language, and ordinary numbers are not.

Every value below is a test value with a valid check digit where its format has one
(the documented examples of python-stdnum and the card networks' test numbers).
"""
from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest

from workshop.cli import main
from workshop.config import AppConfig, load_config
from workshop.engine.analyze import analyze
from workshop.engine.rules import RulePackError
from workshop.library import load_library, transcripts_dir
from workshop.loaders import load, load_bytes, load_file, load_text
from workshop.redact import KINDS
from workshop.sessions import SessionStore

ES_AGENT = "Agente: Buenas tardes, le atiende Laura. ¿En qué puedo ayudarle?"
EN_AGENT = "Agent: Good afternoon, you're speaking with Laura. How can I help you today?"


def customer(lang: str, text: str, **kwargs):
    """A two-turn transcript whose customer turn is `text`; the language is given, not guessed."""
    head, who = (ES_AGENT, "Cliente") if lang == "es" else (EN_AGENT, "Customer")
    return load_text(f"{head}\n{who}: {text}", lang=lang, **kwargs)


def said(lang: str, text: str, **kwargs) -> str:
    return customer(lang, text, **kwargs).turns[1].text


# ---------------------------------------------------------------- each kind, each language

MASKED = [
    # (language, what the customer says, the value that must go, the placeholder it becomes)
    ("es", "Me cobraron con la tarjeta 4111 1111 1111 1111 ayer.", "4111 1111 1111 1111", "[TARJETA-1]"),
    ("es", "La otra es la 5500-0000-0000-0004.", "5500-0000-0000-0004", "[TARJETA-1]"),
    ("en", "My card is 4242424242424242, thanks.", "4242424242424242", "[CARD-1]"),
    ("es", "Mi IBAN es ES91 2100 0418 4502 0005 1332.", "ES91 2100 0418 4502 0005 1332", "[CUENTA-1]"),
    ("en", "The account is GB82 WEST 1234 5698 7654 32.", "GB82 WEST 1234 5698 7654 32", "[ACCOUNT-1]"),
    ("es", "Mi CLABE es 002010077777777771.", "002010077777777771", "[CUENTA-1]"),
    ("es", "Mi número de servicio es el 4471 0923 8812.", "4471 0923 8812", "[CUENTA-1]"),  # in context
    ("en", "My account number is 12345678.", "12345678", "[ACCOUNT-1]"),
    ("es", "Mi celular es 55 1234 5678.", "55 1234 5678", "[TELÉFONO-1]"),  # MX
    ("es", "Llámeme al 612 345 678.", "612 345 678", "[TELÉFONO-1]"),  # ES
    ("es", "En Buenos Aires, el 011 4123-4567.", "011 4123-4567", "[TELÉFONO-1]"),  # AR
    ("es", "Mi número es 311 234 5678.", "311 234 5678", "[TELÉFONO-1]"),  # CO
    ("es", "Desde España, +34 612 345 678.", "+34 612 345 678", "[TELÉFONO-1]"),
    ("en", "Call me at (415) 555-2671.", "(415) 555-2671", "[PHONE-1]"),  # US
    ("en", "My landline is 020 7946 0958.", "020 7946 0958", "[PHONE-1]"),  # UK
    ("en", "My mobile is 98765 43210.", "98765 43210", "[PHONE-1]"),  # IN
    ("en", "Text me on 0917 123 4567.", "0917 123 4567", "[PHONE-1]"),  # PH
    ("en", "Or +1 212 555 0100 from abroad.", "+1 212 555 0100", "[PHONE-1]"),
    ("es", "Mi correo es marta.ruiz@example.com.", "marta.ruiz@example.com", "[CORREO-1]"),
    ("es", "Es marta punto ruiz arroba gmail punto com.", "marta punto ruiz arroba gmail punto com", "[CORREO-1]"),
    ("en", "Email me: john_smith+bills@mail.co.uk", "john_smith+bills@mail.co.uk", "[EMAIL-1]"),
    ("es", "Mi DNI es 12345678Z.", "12345678Z", "[DOCUMENTO-1]"),
    ("es", "Tengo NIE, X1234567L.", "X1234567L", "[DOCUMENTO-1]"),
    ("es", "Mi CURP es BOXW310820HNERXN09.", "BOXW310820HNERXN09", "[DOCUMENTO-1]"),
    ("es", "El RFC es GODE561231GR8.", "GODE561231GR8", "[DOCUMENTO-1]"),
    ("es", "Mi CUIT es 20-12345678-6.", "20-12345678-6", "[DOCUMENTO-1]"),
    ("es", "Mi DNI es 12.345.678, de Rosario.", "12.345.678", "[DOCUMENTO-1]"),  # AR: no check digit, in context
    ("es", "Mi cédula es 1.020.345.678.", "1.020.345.678", "[DOCUMENTO-1]"),  # CO: in context
    ("es", "Sí, CC 79456123.", "79456123", "[DOCUMENTO-1]"),
    ("es", "Meu CPF é 111.444.777-35.", "111.444.777-35", "[DOCUMENTO-1]"),
    ("en", "My SSN is 536-22-8765.", "536-22-8765", "[ID-1]"),
    ("es", "Vivo en Calle Mayor 12, 3º B, 28013 Madrid.", "Calle Mayor 12, 3º B, 28013 Madrid", "[DIRECCIÓN-1]"),
    ("es", "Es en Avenida Reforma 222, Col. Juárez, C.P. 06600.", "Avenida Reforma 222, Col. Juárez, C.P. 06600",
     "[DIRECCIÓN-1]"),
    ("es", "Vivo en la Carrera 7 # 45-67, Bogotá.", "Carrera 7 # 45-67", "[DIRECCIÓN-1]"),
    ("es", "El código postal es 28013.", "28013", "[DIRECCIÓN-1]"),
    ("en", "I live at 742 Evergreen Terrace, Springfield, IL 62704.", "742 Evergreen Terrace, Springfield, IL 62704",
     "[ADDRESS-1]"),
    ("en", "Send it to 10 Downing Street, London SW1A 2AA.", "10 Downing Street, London SW1A 2AA", "[ADDRESS-1]"),
    ("en", "My postcode is SW1A 2AA.", "SW1A 2AA", "[ADDRESS-1]"),
    ("es", "El número es cuatro cinco uno siete, dos dos ocho nueve.", "cuatro cinco uno siete, dos dos ocho nueve",
     "[NÚMERO-1]"),
    ("es", "Es el siete siete dos, uno cuatro cinco, nueve cero uno.", "siete siete dos, uno cuatro cinco, nueve cero uno",
     "[TELÉFONO-1]"),  # ES
    ("es", "Es el cinco cinco, uno dos tres cuatro, cinco seis siete ocho.", "cinco cinco, uno dos tres cuatro, cinco seis siete ocho",
     "[TELÉFONO-1]"),
    ("en", "It's four two four two four two four two four two four two four two four two.",
     "four two four two four two four two four two four two four two four two", "[CARD-1]"),
    ("en", "Take down four one five, five five five, two six seven one.", "four one five, five five five, two six seven one",
     "[PHONE-1]"),
    ("en", "The code is three double oh seven nine triple five one.", "three double oh seven nine triple five one",
     "[NUMBER-1]"),
    # digit words joined by hyphens are one token each: the count of digit words must still see them
    ("es", "Apúntelo: seis-uno-dos-cuatro-cinco-ocho-nueve.", "seis-uno-dos-cuatro-cinco-ocho-nueve", "[NÚMERO-1]"),
    ("en", "It's four-one-five five-five-five two-six-seven-one, ok?", "four-one-five five-five-five two-six-seven-one",
     "[PHONE-1]"),
    ("es", "Hola, me llamo Marta Ruiz y llamo por un cobro.", "Marta Ruiz", "[CLIENTE-1]"),
    ("es", "Buenas, mi nombre es José Luis de la Fuente.", "José Luis de la Fuente", "[CLIENTE-1]"),
    ("es", "Hola, soy Marta. Llamo por un cobro.", "Marta", "[CLIENTE-1]"),
    ("es", "Buenos días, habla Juan Pablo Gómez.", "Juan Pablo Gómez", "[CLIENTE-1]"),
    ("en", "Hi, my name is John Smith and I'm calling about a charge.", "John Smith", "[CUSTOMER-1]"),
    ("en", "Hello, this is Priya Nair speaking.", "Priya Nair", "[CUSTOMER-1]"),
    ("en", "Please help.\nThanks,\nRuth Adeyemi", "Ruth Adeyemi", "[CUSTOMER-1]"),
]


@pytest.mark.parametrize("lang, text, value, placeholder", MASKED, ids=[f"{m[0]}-{m[3]}-{m[2][:18]}" for m in MASKED])
def test_each_kind_is_masked_with_a_placeholder_in_the_transcripts_language(lang, text, value, placeholder):
    out = said(lang, text)
    assert value not in out
    assert out == text.replace(value, placeholder)


def test_masking_masked_text_again_changes_nothing():
    for lang, text, _, _ in MASKED:
        once = said(lang, text)
        assert said(lang, once) == once


RIGHT_SHAPE_WRONG_CHECK = [
    ("es", "El número 4111 1111 1111 1112 sale en la factura."),  # Luhn fails
    ("es", "El código 12345678A no es un DNI."),  # wrong DNI letter
    ("es", "La CLABE 002010077777777772 no existe."),  # wrong check digit (and 18 digits is no phone)
    ("es", "El CURP BOXW310820HNERXN08 está mal."),  # wrong check digit
    ("en", "Reference GB83 WEST 1234 5698 7654 32 was rejected."),  # IBAN mod 97 fails
    ("en", "The number 4242 4242 4242 4243 is not a card."),
]


@pytest.mark.parametrize("lang, text", RIGHT_SHAPE_WRONG_CHECK)
def test_a_number_of_the_right_shape_with_a_wrong_check_digit_is_left(lang, text):
    assert said(lang, text) == text


# ---------------------------------------------------------------- what must not be masked

ORDINARY = {
    "es": [
        "El cargo fue de $1,299.00 y otro de 1.299,50 €.",
        "Me cobraron 1.200.000 pesos, en 3 cuotas de 400.000 pesos.",
        "Fue el 12/03/2024, o el 12-03-2024, a las 10:42 o a las 18:05:30.",
        "Pedí 3 unidades, el pedido 48213, y el folio 1234567 y el ticket 2024-118.",
        "Tienen un 15 % de descuento, un 20% más, y me lo resuelven en 24 horas.",
        "Contraté el plan de 200 megas por 39,90 euros al mes desde 2019.",
        "Llamé uno dos tres veces, y eran dos o tres cargos de 150 pesos.",
        "Hola, soy de Madrid y soy cliente desde hace 10 años.",
        "Buenas, soy la titular de la cuenta.",
        "Vivo en la calle de mi madre desde hace 3 años.",
        "Fueron 2 cargos el 3 de marzo de 2024 y 1 más el 4.",
        "El pedido número 4512378901 y la reserva 2024118733 siguen sin llegar.",
        "Uno, uno, uno, uno, uno, uno, uno: así de claro.",
        "Espero su respuesta.\nGracias,\nAtentamente",
    ],
    "en": [
        "The charge was $1,299.00, then £1,299.50 and €45.",
        "It was on 03/12/2024 at 10:42 AM, and again on 2024-03-12.",
        "I ordered 3 items, order 48213, ticket 4512378, case 99812.",
        "It says 15% off, then 20 percent, delivered within 24 hours.",
        "We're on the 200 Mbps plan for 39.99 a month since 2019.",
        "Hi, I'm calling about my bill. It's Friday and I'm sorry to bother you.",
        "I have two or three questions, one about the 2 charges.",
        "Room 214 on floor 3, for 2 nights from 12 March.",
        "Order number 4512378901 and booking 2024118733 are still missing.",
        "Oh, oh, oh, oh, oh, oh, oh. Well, one one one one one one one, that's bad.",
        "Please call back.\nThanks,\nRegards",
    ],
}


@pytest.mark.parametrize("lang, text", [(lang, text) for lang, texts in ORDINARY.items() for text in texts])
def test_prices_dates_times_quantities_and_short_references_are_not_masked(lang, text):
    transcript = customer(lang, text)
    assert transcript.turns[1].text == text
    assert not [n for n in transcript.notices if n.code == "notice_redacted"]


# ---------------------------------------------------------------- placeholders

def test_the_same_value_gets_the_same_placeholder_and_another_value_the_next_number():
    transcript = load_text(
        "Agente: ¿Qué tarjeta?\n"
        "Cliente: La 4111 1111 1111 1111. No, perdón, la 4111-1111-1111-1111 y también la 5500 0000 0000 0004.\n"
        "Agente: Entonces la 4111111111111111 y la cuatro uno uno uno, uno uno uno uno, uno uno uno uno, uno uno uno uno.",
        lang="es")
    assert transcript.turns[1].text == "La [TARJETA-1]. No, perdón, la [TARJETA-1] y también la [TARJETA-2]."
    assert transcript.turns[2].text == "Entonces la [TARJETA-1] y la [TARJETA-1]."


def test_a_name_the_customer_gives_is_masked_wherever_it_is_mentioned_and_the_agents_own_is_not():
    transcript = load_text(
        "Agente: ¿Hablo con la señora Ruiz? Le atiende Laura, me llamo Laura Gil.\n"
        "Cliente: Sí, me llamo Marta Ruiz. Mi hermana Ana López también llama.\n"
        "Agente: Gracias, Marta. Señora Ruiz, ¿y me dice su nombre completo, Marta Ruiz?\n"
        "Cliente: Soy Ana López, la hermana. Mi nombre es Ana López.",
        lang="es")
    texts = [t.text for t in transcript.turns]
    assert texts[0] == "¿Hablo con la señora [CLIENTE-1]? Le atiende Laura, me llamo Laura Gil."
    assert texts[1] == "Sí, me llamo [CLIENTE-1]. Mi hermana [CLIENTE-2] también llama."
    assert texts[2] == "Gracias, [CLIENTE-1]. Señora [CLIENTE-1], ¿y me dice su nombre completo, [CLIENTE-1]?"
    assert texts[3] == "Soy [CLIENTE-2], la hermana. Mi nombre es [CLIENTE-2]."


def test_a_speaker_label_with_a_phone_number_or_the_customers_name_is_masked_and_keeps_its_role():
    transcript = load_text("Agente: Hola, ¿con quién hablo?\nCliente (55 1234 5678): Me llamo Marta Ruiz.\n"
                           "Agente: Gracias.\nCliente (55 1234 5678): De nada.", lang="es")
    assert [(t.speaker, t.role) for t in transcript.turns] == [
        ("Agente", "agent"), ("Cliente ([TELÉFONO-1])", "customer"), ("Agente", "agent"),
        ("Cliente ([TELÉFONO-1])", "customer")]
    transcript = load([{"speaker": "Laura", "role": "agent", "text": "Hola, ¿con quién hablo?"},
                       {"speaker": "Marta Ruiz", "role": "customer", "text": "Me llamo Marta Ruiz."}], lang="es")
    assert [(t.speaker, t.role, t.text) for t in transcript.turns] == [
        ("Laura", "agent", "Hola, ¿con quién hablo?"), ("[CLIENTE-1]", "customer", "Me llamo [CLIENTE-1].")]


def test_placeholders_are_in_english_for_an_english_transcript():
    transcript = customer("en", "My name is John Smith, card 4242 4242 4242 4242, phone (415) 555-2671.")
    assert transcript.turns[1].text == "My name is [CUSTOMER-1], card [CARD-1], phone [PHONE-1]."


# ---------------------------------------------------------------- the notice

def test_the_notice_counts_each_kind_in_the_ui_language_with_plural_forms():
    transcript = customer("es", "Me llamo Marta Ruiz. Las tarjetas 4111 1111 1111 1111 y 5500 0000 0000 0004, "
                                "mi teléfono 55 1234 5678.")
    [notice] = [n for n in transcript.notices if n.code == "notice_redacted"]
    assert notice.message("es") == "Se ocultaron datos personales: 2 tarjetas, 1 teléfono, 1 nombre."
    assert notice.message("en") == "Personal data was masked: 2 cards, 1 phone number, 1 name."


def test_nothing_masked_means_no_notice():
    transcript = customer("es", "Quiero cambiar de plan, el de 200 megas.")
    assert [n.code for n in transcript.notices] == []


def test_analyze_reports_the_notice_in_the_ui_language():
    result = analyze(f"{EN_AGENT}\nCustomer: My card is 4242 4242 4242 4242.", ui="es")
    assert "Se ocultaron datos personales: 1 tarjeta." in result.to_dict()["notices"]


# ---------------------------------------------------------------- switches

def test_redact_false_keeps_the_text_for_data_already_clean():
    text = "Me llamo Marta Ruiz, mi tarjeta es 4111 1111 1111 1111."
    assert said("es", text, redact=False) == text


def test_redact_with_kinds_masks_only_those():
    out = said("es", "Me llamo Marta Ruiz, mi tarjeta es 4111 1111 1111 1111.", redact=("card",))
    assert out == "Me llamo Marta Ruiz, mi tarjeta es [TARJETA-1]."
    with pytest.raises(ValueError, match="unknown redaction kinds"):
        said("es", "Hola.", redact=("cards",))


def test_every_entry_point_masks(tmp_path):
    text = f"{ES_AGENT}\nCliente: Mi tarjeta es 4111 1111 1111 1111."
    path = tmp_path / "llamada.txt"
    path.write_text(text, encoding="utf-8")
    loaded = [load_file(path), load(str(path)), load_bytes(text.encode(), "llamada.txt"), load(text),
              load([{"speaker": "Agente", "text": "Hola."}, {"speaker": "Cliente", "text": "Es 4111 1111 1111 1111."}])]
    for transcript in loaded:
        assert "4111" not in transcript.text
        assert "[TARJETA-1]" in transcript.text


def test_cli_masks_by_default_and_no_redact_keeps_the_data(tmp_path):
    path = tmp_path / "llamada.txt"
    path.write_text(f"{ES_AGENT}\nCliente: Me llamo Marta Ruiz y mi tarjeta es 4111 1111 1111 1111.",
                    encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["--ui", "es", "analyze", str(path)], out=out, err=err) == 0
    assert "Se ocultaron datos personales: 1 tarjeta, 1 nombre." in out.getvalue()
    out = io.StringIO()
    assert main(["analyze", str(path), "--format", "json"], out=out, err=err) == 0
    data = json.loads(out.getvalue())
    assert data["turns"][1]["text"] == "Me llamo [CLIENTE-1] y mi tarjeta es [TARJETA-1]."
    out = io.StringIO()
    assert main(["analyze", str(path), "--format", "json", "--no-redact"], out=out, err=err) == 0
    data = json.loads(out.getvalue())
    assert data["turns"][1]["text"] == "Me llamo Marta Ruiz y mi tarjeta es 4111 1111 1111 1111."
    assert data["notices"] == []


def test_the_config_switches_kinds_off_and_says_where_a_wrong_value_is(tmp_path):
    assert load_config().redact == KINDS  # the shipped file: everything on
    path = tmp_path / "equipo.yaml"
    path.write_text("max_words: 500\nredact: {name: false, address: false}\n", encoding="utf-8")
    kinds = load_config(path).redact
    assert set(KINDS) - set(kinds) == {"name", "address"}
    out = said("es", "Me llamo Marta Ruiz, vivo en Calle Mayor 12 y mi tarjeta es 4111 1111 1111 1111.", redact=kinds)
    assert out == "Me llamo Marta Ruiz, vivo en Calle Mayor 12 y mi tarjeta es [TARJETA-1]."
    path.write_text("redact: false\n", encoding="utf-8")
    assert load_config(path).redact == ()
    path.write_text("max_words: 500\nredact: {names: false}\n", encoding="utf-8")
    with pytest.raises(RulePackError) as error:
        load_config(path)
    assert error.value.message("es").startswith("equipo.yaml, línea 2: «redact» debe ser true, false")
    assert "card, account, phone, email, id, birthdate, address, spoken, name" in error.value.message("en")


def test_the_apps_paste_box_follows_the_config():
    from workshop.app.picker import PickerPane
    from workshop.state import WorkshopState

    config = AppConfig(redact=tuple(k for k in KINDS if k != "name"))
    state = WorkshopState(ui="es")
    picker = PickerPane(state, [], redact=config.redact)
    picker.paste.value = f"{ES_AGENT}\nCliente: Me llamo Marta Ruiz, tarjeta 4111 1111 1111 1111."
    picker.load_paste()
    assert state.transcript.turns[1].text == "Me llamo Marta Ruiz, tarjeta [TARJETA-1]."
    assert state.alert == {"kind": "info", "text": "Se ocultaron datos personales: 1 tarjeta."}
    state.ui = "en"
    picker.load_paste()
    assert state.alert["text"] == "Personal data was masked: 1 card."


def test_a_trainers_folder_is_masked_model_rewrite_included(tmp_path):
    sample = json.loads((transcripts_dir() / "es-banca-chat-cargo-duplicado.json").read_text(encoding="utf-8"))
    sample["id"] = "es-propia"
    sample["turns"][1]["text"] += " Me llamo Marta Ruiz y mi tarjeta es 4111 1111 1111 1111."
    agent = sample["model_rewrite"][0]["turn"]
    sample["turns"][agent]["text"] += " Anoto la 4111 1111 1111 1111."
    sample["model_rewrite"][0]["text"] += " Anoto la 4111 1111 1111 1111, Marta."
    (tmp_path / "es-propia.json").write_text(json.dumps(sample, ensure_ascii=False), encoding="utf-8")
    [mine] = load_library([tmp_path], shipped=False)
    assert "4111" not in json.dumps(mine.to_dict(), ensure_ascii=False)
    assert mine.metadata["model_rewrite"][0]["text"].endswith("Anoto la [TARJETA-1], [CLIENTE-1].")
    [kept] = load_library([tmp_path], shipped=False, redact=False)
    assert "4111 1111 1111 1111" in kept.turns[1].text


# ---------------------------------------------------------------- analysis on masked text

def test_findings_point_into_the_masked_text():
    text = ("Agente: Le informo que, eh, su tarjeta 4111 1111 1111 1111 está bloqueada, señora Ruiz. "
            "Le informo que, o sea, tiene que llamar al 55 1234 5678.\n"
            "Cliente: Me llamo Marta Ruiz. O sea, ¿qué hago?\n"
            "Agente: Pues, básicamente, Marta, le informo que le mandamos otra tarjeta a Calle Mayor 12, 28013 Madrid.")
    result = analyze(text, "es", speakers="all")
    assert result.findings, "the sample has fillers and formal phrases to find"
    assert "[TARJETA-1]" in result.transcript.turns[0].text
    for finding in result.findings:
        assert result.transcript.turns[finding.turn].text[finding.start:finding.end] == finding.text


# ---------------------------------------------------------------- nothing unmasked is stored

def test_the_sessions_database_and_the_exports_only_hold_masked_text(tmp_path):
    from workshop import report
    from workshop.sessions import Snapshot

    transcript = load_text(f"{ES_AGENT}\nCliente: Me llamo Marta Ruiz, mi tarjeta es 4111 1111 1111 1111 "
                           "y mi correo marta.ruiz@example.com.\n"
                           "Agente: Le informo que anoto la tarjeta 4111 1111 1111 1111, señora Ruiz.", lang="es")
    rewrite = {2: transcript.turns[2].text.replace("Le informo que anoto", "Anoto")}  # typed over the masked text
    store = SessionStore(tmp_path)
    session = store.create("Lead", "Agente", transcript, title="Prueba",
                           snapshot=Snapshot(rewrite, {"": "Nota"}, {}, {}))
    store.close()
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    assert b"TARJETA-1" in stored  # the transcript is in the database
    for secret in ("4111 1111 1111 1111", "4111111111111111", "Marta", "Ruiz", "marta.ruiz"):
        assert secret.encode() not in stored
    for fmt in ("html", "md", "json"):
        exported = report.export(SessionStore(tmp_path), session, fmt, ui="es")
        assert "TARJETA-1" in exported and "CLIENTE-1" in exported  # Markdown escapes the brackets
        assert "4111" not in exported and "Marta" not in exported and "Ruiz" not in exported
    with sqlite3.connect(tmp_path / store.path.name) as db:  # and the database reads back masked
        rows = " ".join(str(r) for r in db.execute("select * from sessions"))
    assert "[CLIENTE-1]" in rows


# ---------------------------------------------------------------- the shipped library

# The shipped samples are invented people; four of them have an address or an e-mail sign-off
# the redactor finds. The library loads them as written (workshop.library: ours are not masked);
# a trainer's folder, an upload or `workshop analyze` on the file itself masks them.
SHIPPED_WITH_DATA = {
    "en-retail-chat-late-delivery.json": {"address": 1},  # "Flat 3, 14 Marlow Road"
    "en-telecom-email-beyond-offer.json": {"name": 1},  # signed "Ruth Adeyemi"
    "en-utilities-email-new-tenant.json": {"birthdate": 1, "address": 1, "name": 1},  # "date of birth is 11/08/1990", "22 Larch Close", signed "Daniel Osei"
    "es-soporte-email-carpeta-compartida.json": {"name": 1},  # signed "Marta"
    "en-banking-email-failed-imps-hospital.json": {"name": 1},  # signed by the customer
    "en-healthcare-phone-insulin-prior-auth.json": {"address": 1},  # the ZIP code said on the call
    "en-insurance-email-hmo-reimbursement.json": {"id": 1},  # "Member ID …"
    "en-telecom-phone-broadband-prepone.json": {"phone": 1},  # the registered mobile number
}


def test_the_shipped_library_loads_as_written():
    for transcript in load_library():
        raw = load_file(transcript.source, redact=False)
        assert transcript.turns == raw.turns, transcript.source
        assert transcript.metadata == raw.metadata
        assert not [n for n in transcript.notices if n.code == "notice_redacted"], transcript.source


def test_which_shipped_samples_hold_data_the_redactor_finds():
    found = {}
    for path in sorted(transcripts_dir().glob("*.json")):
        transcript = load_file(path)
        notices = [n for n in transcript.notices if n.code == "notice_redacted"]
        if notices:
            found[path.name] = notices[0].params["items"].counts
    assert found == SHIPPED_WITH_DATA


def test_an_imported_session_from_before_redaction_is_masked_before_it_is_stored(tmp_path):
    from workshop import report

    raw = load_text(f"{ES_AGENT}\nCliente: Me llamo Marta Ruiz, mi tarjeta es 4111 1111 1111 1111.\n"
                    "Agente: Gracias, Marta, anoto la 4111 1111 1111 1111.", lang="es", redact=False)
    store = SessionStore(tmp_path / "old")
    old = store.create("Lead", "Agente", raw)
    exported = json.loads(report.export_json(store, old))
    exported["rewrite"] = {"2": "Gracias, Marta: anoto la 4111 1111 1111 1111."}
    exported["notes"] = {"": "Marta pidió que la llamen."}
    new_store = SessionStore(tmp_path / "new")
    session = report.import_json(new_store, json.dumps(exported, ensure_ascii=False))
    assert new_store.transcript(session).turns[1].text == "Me llamo [CLIENTE-1], mi tarjeta es [TARJETA-1]."
    snapshot = new_store.snapshot(session)
    assert snapshot.rewrite == {2: "Gracias, [CLIENTE-1]: anoto la [TARJETA-1]."}
    assert snapshot.notes == {"": "[CLIENTE-1] pidió que la llamen."}
    new_store.close()
    stored = b"".join(p.read_bytes() for p in (tmp_path / "new").iterdir() if p.is_file())
    assert b"4111" not in stored and b"Marta" not in stored


# ---------------------------------------------------------------- dates of birth

@pytest.mark.parametrize("lang, text, value, placeholder", [
    ("en", "My date of birth is 12/03/1985.", "12/03/1985", "[BIRTHDATE-1]"),
    ("en", "DOB: 1985-03-12", "1985-03-12", "[BIRTHDATE-1]"),
    ("en", "I was born on March 3, 1985.", "March 3, 1985", "[BIRTHDATE-1]"),
    ("en", "Birth date is 3rd March 1985, and the postcode is on file.", "3rd March 1985", "[BIRTHDATE-1]"),
    ("es", "Nací el 3 de marzo de 1985, en Lima.", "3 de marzo de 1985", "[NACIMIENTO-1]"),
    ("es", "Mi fecha de nacimiento: 03/12/85.", "03/12/85", "[NACIMIENTO-1]"),
    ("es", "La fecha de nacimiento es el 12.03.1985.", "12.03.1985", "[NACIMIENTO-1]"),
    ("es", "Mi mamá nació el 7 de julio del 52.", "7 de julio del 52", "[NACIMIENTO-1]"),
])
def test_a_date_of_birth_is_masked(lang, text, value, placeholder):
    out = said(lang, text)
    assert value not in out and out == text.replace(value, placeholder)


@pytest.mark.parametrize("lang, text", [
    ("en", "Your appointment is on 12/03/2025 at ten."),
    ("en", "My birthday is next week, can you deliver by 12/03/2025?"),
    ("en", "The bill dated March 3, 2025 is due."),
    ("es", "Tengo cita el 12/03/2025 a las 10."),
    ("es", "La factura vence el 3 de marzo de 2025."),
    ("es", "Es de nacionalidad peruana y la cita es el 03/12/2025."),
])
def test_ordinary_dates_without_a_birth_cue_stay(lang, text):
    assert said(lang, text) == text


def test_the_birthdate_kind_can_be_switched_off():
    text = "My date of birth is 12/03/1985."
    assert said("en", text, redact=[k for k in KINDS if k != "birthdate"]) == text
