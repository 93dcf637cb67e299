"""Mask customers' personal data in a transcript once, on load, before anything can store it.

`loaders.build`, the step every format (files, uploads, pasted text) passes through, runs a
`Redactor` over the turns, so the sessions store, reports and exports only ever receive masked text. Each value becomes a
placeholder in the transcript's language ("[TARJETA-1]", "[CARD-1]"): the same value gets
the same placeholder throughout the transcript. The original values are not kept.

Libraries: python-stdnum validates the numbers that carry a check (Luhn, IBAN mod 97,
DNI/NIE letter, CURP, RFC, CUIT, CPF, SSN, Spanish CCC, Argentine CBU) and phonenumbers
(Google's libphonenumber metadata, the "lite" build) decides whether digits are a real phone
number of one of the countries we serve. Both are imported on the first candidate, not with
the package (~150 ms once per process, measured). Left out: scrubadub (last release 2023, pins
textblob, pulls scikit-learn, faker and dateparser) and presidio-analyzer (spaCy is a hard
dependency: its PatternRecognizer does run without a spaCy model, but `import presidio_analyzer`
took 4.6 s and ~390 MB of packages, measured): their pattern recognisers are regular expressions
plus the checks stdnum already gives us.
What neither library has is written here, with a comment saying so: finding the candidates
in running text, CLABE's check digit, context-only IDs (Colombian cédula, Argentine DNI),
street addresses, spoken digits and the names customers give.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from operator import itemgetter
from typing import Iterable

from .i18n import Text, t
from .model import Turn
from .words import tokenize

#: What can be masked, in the order the notice lists them. `load(redact=...)` and the
#: trainer's configuration (`redact:` in workshop.yaml) switch them on and off.
KINDS = ("card", "account", "phone", "email", "id", "birthdate", "address", "spoken", "name")
PHONE_REGIONS = ("MX", "AR", "CO", "ES", "US", "GB", "IN", "PH")


class _lazy:
    """A pattern compiled on first use: this module is imported with the loaders at kernel start,
    and compiling its patterns there cost ~20-70 ms (measured) before anyone loads a transcript."""

    __slots__ = ("args", "compiled")

    def __init__(self, *args):
        self.args, self.compiled = args, None

    def __getattr__(self, name):
        if self.compiled is None:
            self.compiled = re.compile(*self.args)
        return getattr(self.compiled, name)


_UPPER = "A-ZÁÉÍÓÚÑÜÀÈÌÒÙÇ"
_LOWER = "a-záéíóúñüàèìòùç"

# ---------------------------------------------------------------- digit runs
# Hand-written: phonenumbers' own PhoneNumberMatcher takes ~7 ms per 3,000 characters and
# finds phones only; one scan for digit groups joined by single spaces, dots or dashes gives
# every numeric candidate (cards, accounts, IDs, phones), each then checked by stdnum or
# phonenumbers. A run never swallows a comma, a slash or a colon: "1.299,50", "12/03/2024"
# and "10:42" stay short pieces.
_RUN = _lazy(
    r"(?<![\w.,/:])"
    r"(?:\+\s?|00)?(?:\(\d{1,4}\)\s?)?\d+"
    r"(?:(?:[ .\-]|\s?\(\d{1,4}\)\s?)\d+)*"
    r"(?![\w/:]|[.,]\d)"
)
_DATE = _lazy(r"\d{1,4}[.\-]\d{1,2}[.\-]\d{1,4}")
_MONEY_BEFORE = _lazy(r"(?:[$€£¥₹]|US\$|MXN|ARS|COP|EUR|USD|Rs\.?|PHP)\s?$", re.IGNORECASE)
_MONEY_AFTER = _lazy(r"^\s?(?:[$€£%]|euros?\b|pesos?\b|d[óo]lares\b|dollars?\b|pounds?\b|rupees?\b|"
                     r"libras?\b|por ?ciento\b|percent\b|mxn\b|usd\b|eur\b)", re.IGNORECASE)
# A number right after these words is an order, ticket or case reference: never taken for a phone.
_REFERENCE_BEFORE = _lazy(
    r"(?:pedido|orden|order|ticket|folio|factura|invoice|referencia|reference|ref\.?|caso|case|"
    r"incidencia|reclamo|reclamación|expediente|tracking|seguimiento|localizador|reserva|booking|"
    r"confirmation|confirmación)\W{0,3}(?:n(?:[úu]mero|o\.?|º|°)\s*|number\s*|#\s*)?(?:es\s+|is\s+|de\s+)?$",
    re.IGNORECASE)
# Colombian cédula and Argentine DNI have no check digit: only a number right after these words is one.
_ID_BEFORE = _lazy(
    r"(?:c[ée]dula(?: de ciudadan[íi]a)?|\bC\.?C\.?|\bDNI|documento(?: de identidad)?|\bID|identificaci[óo]n|"
    r"\bCUIT|\bCUIL|\bCPF|\bSSN|social security(?: number)?|seguro social|pasaporte|passport)"
    r"\W{0,3}(?:n(?:[úu]mero|o\.?|º|°)\s*|number\s*)?(?:es\s+|is\s+|:\s*)?$",
    re.IGNORECASE)
# Account, contract and customer numbers have no common shape: eight digits or more right after
# these words are one ("número de cuenta 0049 1500 0512", "account number 12345678").
_ACCOUNT_BEFORE = _lazy(
    r"(?:n[úu]mero de (?:cuenta|cliente|contrato|servicio|p[óo]liza|socio|abonado|suministro)|"
    r"(?:cuenta|account|customer|contract|policy|member(?:ship)?|service) (?:n[úu]mero|number|no\.?|#))"
    r"\W{0,3}(?:es\s+(?:el\s+)?|is\s+)?$",
    re.IGNORECASE)
_SSN_SHAPE = _lazy(r"\d{3}-\d{2}-\d{4}")
_CPF_SHAPE = _lazy(r"\d{3}\.\d{3}\.\d{3}-\d{2}")
_CUIT_SHAPE = _lazy(r"\d{2}-\d{8}-\d")

# ---------------------------------------------------------------- letters and digits
_EMAIL = _lazy(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")
# Dictated e-mail addresses, as speech-to-text writes them ("ana punto ruiz arroba gmail punto com").
_SPOKEN_EMAIL = _lazy(
    r"\b\w+(?:\s+(?:punto|dot)\s+\w+)*\s+(?:arroba|at)\s+\w+(?:\s+(?:punto|dot)\s+\w+)*"
    r"\s+(?:punto|dot)\s+(?:com|es|mx|ar|co|net|org|edu|gob|gov|uk|in|ph|br)\b", re.IGNORECASE)
_IBAN = _lazy(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b")
_DNI = _lazy(r"\b(?:\d{8}|\d{2}\.\d{3}\.\d{3})[ -]?[A-Za-z]\b")
_NIE = _lazy(r"\b[XYZxyz][ -]?\d{7}[ -]?[A-Za-z]\b")
_CURP = _lazy(r"\b[A-Z]{4}\d{6}[HMX][A-Z]{5}[A-Z0-9]\d\b")
_RFC = _lazy(r"\b[A-ZÑ&]{3,4}[ -]?\d{6}[ -]?[A-Z0-9]{3}\b")
# UK postcodes have a shape nothing else in a conversation has; other countries' postcodes are
# five plain digits, masked only inside an address or after "código postal", "C.P.", "zip".
# \b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[A-Z]{2}\b, its first letter first (see _ID_HINT): the
# lookbehind after it is the \b before it.
_UK_POSTCODE = _lazy(r"[A-Z](?<!\w[A-Z])(?:[A-Z]?\d[A-Z\d]?|(?<=G)IR) ?\d[A-Z]{2}\b")
_POSTCODE_CONTEXT = _lazy(
    r"\b(?:c[óo]digo postal|C\.\s?P\.|CP|zip(?: code)?|post ?code|pin ?code)\W{0,3}(?:es\s+|is\s+)?"
    r"(?P<code>\d{4,6}(?:-\d{4})?|(?:[A-Z]{1,2}\d[A-Z\d]?) ?\d[A-Z]{2})\b", re.IGNORECASE)

# Street addresses: no library recognises them offline without a model. A street word, a
# name and a house number; then what follows an address (floor, door, neighbourhood,
# postcode, city) up to the end of the phrase.
_NAME_WORD = rf"(?:[{_UPPER}0-9][{_LOWER}{_UPPER}0-9'’-]*)"
_CAP_WORD = rf"(?:[{_UPPER}][{_LOWER}{_UPPER}'’-]*)"  # a street's name; only its first word may be a number
_LINK = r"(?:de(?:l| la| los| las)?|la|las|los|el|y|of|the)"
# Street words in any case, names capitalised (scoped (?i:...) flags).
_ES_STREET = _lazy(
    rf"\b(?i:calle|c/|avenida|avda\.?|av\.|paseo|plaza|pza\.|carrera|cra\.?|calzada|camino|ronda|bulevar|"
    rf"diagonal|transversal|privada|callej[óo]n|pasaje|glorieta|traves[íi]a|carretera)\s+"
    rf"(?:{_LINK}\s+)?(?:{_CAP_WORD}|\d{{1,3}}[A-Za-z]?)(?:\s+(?:{_LINK}\s+)?{_CAP_WORD}){{0,3}}"
    rf"(?:,?\s*(?i:n[úu]mero|n[º°o]\.?|#)?\s*\d{{1,5}}[A-Za-z]?(?:\s*[-#]\s*\d{{1,4}})?)"
    rf"(?:,?\s*(?i:piso|planta|puerta|depto\.?|dpto\.?|departamento|int(?:erior)?\.?|apto\.?|"
    rf"apartamento|esc(?:alera)?\.?|bloque|portal)?\s*\d{{1,3}}\s*[º°ª]?\s*[A-Za-z]?\b)?"
    rf"(?:,?\s*(?i:col(?:onia)?\.?|barrio|urb(?:anizaci[óo]n)?\.?)\s+{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})?"
    rf"(?:,?\s*(?:C\.?\s?P\.?\s*)?\d{{4,5}}(?:\s+{_NAME_WORD}(?:\s+(?:{_LINK}\s+)?{_NAME_WORD}){{0,2}})?)?")
_EN_STREET = _lazy(  # the house number's first digit first, then the \b before it as a lookbehind (see _ID_HINT)
    rf"\d(?<!\w\d)\d{{0,4}}[A-Za-z]?\s+{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}\s+"
    rf"(?i:street|st\.?|avenue|ave\.?|road|rd\.?|lane|ln\.?|drive|dr\.?|boulevard|blvd\.?|court|ct\.?|"
    rf"way|place|pl\.?|terrace|close|crescent|highway|hwy\.?)\b"
    rf"(?:,?\s*(?i:apt\.?|apartment|suite|unit|flat|#)\s*\w{{1,5}})?"
    rf"(?:,\s*{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})?"
    rf"(?:,?\s*(?:[A-Z]{{2}}\s+\d{{5}}(?:-\d{{4}})?|\d{{5}}(?:-\d{{4}})?|(?:[A-Z]{{1,2}}\d[A-Z\d]?) ?\d[A-Z]{{2}}))?",
    )

# ---------------------------------------------------------------- dates of birth
# A date is ordinary (an appointment, a due date) unless a birth cue stands right before it:
# "my date of birth is 12/03/1985", "DOB: 1985-03-12", "nací el 3 de marzo de 1985",
# "fecha de nacimiento: 03/12/85". Hand-written: the libraries above have no notion of it.
_MONTHS = (r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|sep?tiembre|octubre|noviembre|diciembre|"
           r"january|february|march|april|may|june|july|august|september|october|november|december|"
           r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?")
_BIRTH_DATE = (
    r"(?:\d{1,4}[/.\-]\d{1,2}[/.\-]\d{2,4}"                                     # 12/03/1985, 1985-03-12
    rf"|\d{{1,2}}(?:º|°)?\s+de\s+{_MONTHS}(?:\s+(?:de|del)\s+\d{{2,4}})?"          # 3 de marzo de 1985
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS},?\s+\d{{4}}"                # 3rd March 1985
    rf"|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})")                         # March 3, 1985
_BIRTH = _lazy(
    r"\b(?i:fecha\s+de\s+nacimiento|f\.?\s?(?:de\s)?nac\.?|nac[íi]|naci[óo]|nacid[oa]|nacimiento|cumpleaños|"
    r"date\s+of\s+birth|birth\s?date|birthday|d\.?o\.?b\.?|born)(?!\w)"
    r"(?:[\s:,\-]|\b(?:es|era|fue|el|un|is|was|on|the|in|de|del|mi|my|:)\b){0,8}?"
    rf"(?P<date>(?i:{_BIRTH_DATE}))(?![\w/])")
_BIRTH_HINT = _lazy(r"nac|birth|dob|d\.o\.b|born|cumple")

# ---------------------------------------------------------------- spoken digits
# Speech-to-text writes dictated numbers as words; a run of them as long as a phone, card or ID
# number is masked. No library reads digit words in both languages (num2words writes them).
_DIGIT_WORDS = {
    "cero": "0", "uno": "1", "una": "1", "dos": "2", "tres": "3", "cuatro": "4", "cinco": "5",
    "seis": "6", "siete": "7", "ocho": "8", "nueve": "9",
    "zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9",
}
_REPEAT = {"doble": 2, "double": 2, "triple": 3}
_SPOKEN_WORDS = frozenset(_DIGIT_WORDS) | frozenset(_REPEAT)
_WORD = re.compile(r"\w+")
_DIGIT_WORD = r"(?:cero|uno|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|zero|oh|one|two|three|four|five|six|" \
              r"seven|eight|nine|\d{1,4})"
_SPOKEN = _lazy(
    rf"\b(?:(?:doble|double|triple)\s+)?{_DIGIT_WORD}\b(?:[\s,.\-]{{1,3}}(?:(?:doble|double|triple)\s+)?{_DIGIT_WORD}\b)+",
    re.IGNORECASE)
SPOKEN_MIN_DIGITS = 7  # the shortest phone number without its area code; shorter runs are quantities

# ---------------------------------------------------------------- names
# Names the customer gives: after these openers, one to four capitalised words (with the
# particles of Spanish and English names between them). After "soy", "I'm", "habla" and "this is"
# only at the start of a turn or a sentence (after a greeting): "y soy Premium" is not a name.
_CAP = rf"[{_UPPER}][{_LOWER}'’\-]+"
_NAME = rf"{_CAP}(?:\s+(?:(?:de|del|de la|de los|y|van|von|da|dos|di|le)\s+)?{_CAP}){{0,3}}"
_GREETING = r"(?:(?:hola|buenas|buenos d[íi]as|buenas tardes|buenas noches|s[íi]|bueno|mire|oiga|hello|hi|hey|" \
            r"yes|yeah|good (?:morning|afternoon|evening)|ok|okay)\b[\s,.!¡]*)*"
# The openers match in any case, the name only capitalised (scoped (?i:...) flags).
_NAME_ANYWHERE = _lazy(
    rf"\b(?i:me llamo|mi nombre es|mi nombre:|a nombre de|my name is|my name's|the name is|"
    rf"under the name(?: of)?|name:)\s+(?P<name>{_NAME})")
_NAME_AT_START = _lazy(
    rf"(?:^|[.!?…]\s)[\s¡¿]*(?i:{_GREETING}(?:soy|habla|le habla|te habla|i'm|i am|this is))\s+(?P<name>{_NAME})")
_SPEAKING = _lazy(rf"\b(?i:this is) (?P<name>{_NAME}) (?i:speaking)\b")
# An e-mail's sign-off: the closing words, then the name alone on the last lines.
_SIGN_OFF = _lazy(
    rf"^[ \t]*(?i:thanks|thank you|many thanks|regards|best regards|kind regards|best wishes|best|cheers|sincerely|"
    rf"yours|saludos|un saludo|saludos cordiales|un cordial saludo|atentamente|cordialmente|gracias|muchas gracias)"
    rf"[ \t]*[,.!]?[ \t]*\n\s*(?P<name>{_NAME})[ \t]*$", re.MULTILINE)
# Capitalised words that follow "soy"/"I'm" and are not names.
_NOT_NAMES = frozenset(
    "cliente clienta titular usuario usuaria yo el la un una de del nuevo nueva socio socia la señora el señor "
    "customer client the a an calling sorry not just so really very here still from with okay ok fine good "
    "glad happy afraid new hola buenas bien muy "
    "lunes martes miércoles jueves viernes sábado domingo monday tuesday wednesday thursday friday saturday sunday "
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre january february march "
    "april june july august september october november december "
    "atentamente saludos cordialmente gracias thanks regards best cheers sincerely yours".split())
_PARTICLES = frozenset("de del la los y van von da dos di le".split())


class RedactionCounts(Text):
    """What was masked, per kind, as the notice says it: "2 tarjetas, 1 teléfono, 1 nombre"."""

    def __init__(self, counts: dict[str, int]):
        super().__init__("redact_counts")  # no catalog entry of its own: `message` joins the per-kind ones
        self.counts = {k: counts[k] for k in KINDS if counts.get(k)}

    def message(self, lang: str | None = None) -> str:
        return ", ".join(t(f"redact_count_{kind}", lang, n=n) for kind, n in self.counts.items())


# ---------------------------------------------------------------- checks (stdnum, phonenumbers)

def _luhn(digits: str) -> bool:
    from stdnum import luhn

    return digits.strip("0") != "" and luhn.is_valid(digits)


def _clabe(digits: str) -> bool:
    """Mexican CLABE (18 digits): weights 3, 7, 1 over the first 17, mod 10. Not in stdnum."""
    if len(digits) != 18:
        return False
    total = sum((int(d) * (3, 7, 1)[i % 3]) % 10 for i, d in enumerate(digits[:17]))
    return (10 - total % 10) % 10 == int(digits[17])


def _account(digits: str) -> bool:
    if len(digits) == 18:
        return _clabe(digits)
    if len(digits) == 20:
        from stdnum.es import ccc

        return ccc.is_valid(digits)
    if len(digits) == 22:
        from stdnum.ar import cbu

        return cbu.is_valid(digits)
    return False


def _checked_id(run: str, digits: str) -> bool:
    """IDs whose shape and check digit say what they are, without a word before them."""
    if _SSN_SHAPE.fullmatch(run):
        from stdnum.us import ssn

        return ssn.is_valid(digits)
    if _CPF_SHAPE.fullmatch(run):
        from stdnum.br import cpf

        return cpf.is_valid(digits)
    if _CUIT_SHAPE.fullmatch(run):
        from stdnum.ar import cuit

        return cuit.is_valid(digits)
    return False


def _any_checked_id(digits: str) -> bool:
    if len(digits) != 11:
        return False
    from stdnum.ar import cuit
    from stdnum.br import cpf

    return cpf.is_valid(digits) or cuit.is_valid(digits)


@lru_cache(maxsize=4096)
def _phone(run: str) -> bool:
    """A real number of one of PHONE_REGIONS, in national form, or any country's with its + or 00 prefix."""
    import phonenumbers

    text = run.strip()
    international = text.startswith(("+", "00"))
    if international:
        text = "+" + text[2:] if text.startswith("00") else text
    elif not 9 <= sum(c.isdigit() for c in text) <= 13:
        return False  # a national number of these countries has 9 (ES) to 13 digits (AR mobile from abroad)
    for region in (None,) if international else PHONE_REGIONS:
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return True
    return False


def _spoken_digits(text: str) -> str:
    digits = []
    repeat = 1
    for word in re.findall(r"\w+", text.lower()):
        if word in _REPEAT:
            repeat = _REPEAT[word]
            continue
        digit = word if word.isdigit() else _DIGIT_WORDS.get(word)
        if digit is not None:
            digits.append(digit * repeat)
        repeat = 1
    return "".join(digits)


# ---------------------------------------------------------------- finding

def _numbers(text: str, kinds: frozenset[str]) -> Iterable[tuple[int, int, str, str]]:
    for m in _RUN.finditer(text):
        run = m.group().strip()
        digits = re.sub(r"\D", "", run)
        if len(digits) < 6:
            continue
        before, after = text[max(0, m.start() - 40):m.start()], text[m.end():m.end() + 12]
        if _MONEY_BEFORE.search(before) or _MONEY_AFTER.match(after):
            continue
        if len(digits) <= 8 and _DATE.fullmatch(run):
            continue
        n = len(digits)
        if "account" in kinds and n in (18, 20, 22) and _account(digits):
            yield m.start(), m.end(), "account", digits
        elif "card" in kinds and 13 <= n <= 19 and _luhn(digits):
            yield m.start(), m.end(), "card", digits
        elif "account" in kinds and n >= 8 and _ACCOUNT_BEFORE.search(before):
            yield m.start(), m.end(), "account", digits
        elif "id" in kinds and (_checked_id(run, digits) or (6 <= n <= 11 and _ID_BEFORE.search(before))):
            yield m.start(), m.end(), "id", digits
        elif "phone" in kinds and 7 <= n <= 15 and not _REFERENCE_BEFORE.search(before) and _phone(run):
            yield m.start(), m.end(), "phone", digits
        elif "id" in kinds and _any_checked_id(digits) and not _REFERENCE_BEFORE.search(before):
            yield m.start(), m.end(), "id", digits


# Cheap tests before the patterns: a substring search runs at C speed, while a pattern that starts
# with an alternation is tried at every position (the street pattern alone took ~2 ms per 500 words).
_STREET_HINTS = ("calle", "c/", "avenida", "avda", "av.", "paseo", "plaza", "pza", "carrera", "cra", "calzada",
                 "camino", "ronda", "bulevar", "diagonal", "transversal", "privada", "callej", "pasaje", "glorieta",
                 "traves", "carretera")
_POSTCODE_HINTS = ("postal", "c.p", "cp", "zip", "post", "pin")
_DIGIT = re.compile(r"\d")
# Patterns scanned over whole turns start with a plain character class, never with \b, a
# lookbehind or an alternation: only then can `re` skip ahead to a possible first character at C
# speed instead of trying the whole pattern at every position (7x for this one, measured).
_ID_HINT = _lazy(r"\d(?:\d{5}|\d\.\d{3}\.\d{3})")
_IBAN_HINT = _lazy(r"[A-Z]{2}\d\d")


def _letters(text: str, kinds: frozenset[str], digits: bool = True) -> Iterable[tuple[int, int, str, str]]:
    """E-mails always; IBANs, IDs and addresses only in a text with a digit (each of them holds one)."""
    lowered = text.lower()
    if "email" in kinds:
        patterns = ((_EMAIL,) if "@" in text else ()) + (
            (_SPOKEN_EMAIL,) if "arroba" in lowered or (" at " in lowered and " dot " in lowered) else ())
        for pattern in patterns:
            for m in pattern.finditer(text):
                yield m.start(), m.end(), "email", m.group().lower()
    if not digits:
        return
    if "account" in kinds and _IBAN_HINT.search(text):
        from stdnum import iban

        for m in _IBAN.finditer(text):
            if iban.is_valid(m.group()):
                yield m.start(), m.end(), "account", iban.compact(m.group())
    if "id" in kinds and _ID_HINT.search(text):
        checks = ((_DNI, "stdnum.es.dni"), (_NIE, "stdnum.es.nie"), (_CURP, "stdnum.mx.curp"), (_RFC, "stdnum.mx.rfc"))
        for pattern, module in checks:
            for m in pattern.finditer(text):
                value = re.sub(r"[\s.-]", "", m.group()).upper()
                if _stdnum_valid(module, value):
                    yield m.start(), m.end(), "id", value
    if "birthdate" in kinds and _BIRTH_HINT.search(lowered):
        for m in _BIRTH.finditer(text):
            yield m.start("date"), m.end("date"), "birthdate", " ".join(m.group("date").lower().split())
    if "address" in kinds:
        patterns = ((_ES_STREET,) if any(h in lowered for h in _STREET_HINTS) else ()) + (_EN_STREET,) + (
            (_POSTCODE_CONTEXT,) if any(h in lowered for h in _POSTCODE_HINTS) else ()) + (_UK_POSTCODE,)
        for pattern in patterns:
            for m in pattern.finditer(text):
                part = "code" if pattern is _POSTCODE_CONTEXT else 0  # the postcode, not the words before it
                yield m.start(part), m.end(part), "address", " ".join(m.group(part).lower().split())


def _stdnum_valid(module: str, value: str) -> bool:
    import importlib

    checker = importlib.import_module(module)
    if module == "stdnum.mx.rfc":
        from stdnum.exceptions import ValidationError

        try:  # the check digit (homoclave's last character) too, which stdnum skips by default
            checker.validate(value, validate_check_digits=True)
            return True
        except ValidationError:
            return False
    return checker.is_valid(value)


_NORM = itemgetter(3)


_JOINED = re.compile("[-']").search  # a token made of parts: "one-two", "o'clock" (norms fold ’ to ')


def _spoken_words(text: str) -> int:
    """How many digit words a text holds, as many as its `\\w+` words would hold, counted on the
    turn's tokens (words.tokenize, cached by text: the loader has just counted the turn's words with
    them) plus the parts of hyphenated or apostrophised tokens ("four-one-five"). Profiled:
    lowering and splitting every turn with a pattern again was a twentieth of a fresh analysis."""
    norms = list(map(_NORM, tokenize(text)))
    count = sum(map(_SPOKEN_WORDS.__contains__, norms))
    if "-" in text or "'" in text or "’" in text:
        count += sum(map(_SPOKEN_WORDS.__contains__, "-".join(filter(_JOINED, norms)).replace("'", "-").split("-")))
    return count


def _spoken(text: str, kinds: frozenset[str]) -> Iterable[tuple[int, int, str, str]]:
    if _spoken_words(text) < 2:
        return  # seven digits spoken need two digit words at least (the rest may be written digits)
    for m in _SPOKEN.finditer(text):
        if not any(c.isalpha() for c in m.group()):
            continue  # written digits are the digit runs' business
        digits = _spoken_digits(m.group())
        if len(digits) < SPOKEN_MIN_DIGITS or len(set(digits)) < 2:
            continue  # "oh, oh, oh…" or "uno, uno, uno…" is speech, not a number
        if "card" in kinds and 13 <= len(digits) <= 19 and _luhn(digits):
            yield m.start(), m.end(), "card", digits
        elif "phone" in kinds and _phone(digits):
            yield m.start(), m.end(), "phone", digits
        elif "spoken" in kinds:
            yield m.start(), m.end(), "spoken", digits


def _names_given(text: str) -> list[str]:
    found = []
    lowered = text.lower()
    patterns = [pattern for pattern, hints in (
        (_NAME_ANYWHERE, ("llamo", "nombre", "name")), (_SPEAKING, ("speaking",)),
        (_NAME_AT_START, ("soy", "habla", "i'm", "i am", "this is")), (_SIGN_OFF, ("\n",)))
        if any(h in lowered for h in hints)]
    for pattern in patterns:
        for m in pattern.finditer(text):
            words = m.group("name").split()
            while words and (words[-1].lower() in _PARTICLES or words[-1].lower() in _NOT_NAMES):
                words.pop()
            if words and words[0].lower() not in _NOT_NAMES:
                found.append(" ".join(words))
    return found


class _Placeholders:
    """Same value, same placeholder: one numbering per kind within a transcript."""

    def __init__(self, lang: str):
        self.lang = lang
        self.seen: dict[tuple[str, str], str] = {}
        self.counts: Counter[str] = Counter()

    def __call__(self, kind: str, key: str) -> str:
        if (kind, key) not in self.seen:
            self.counts[kind] += 1
            self.seen[kind, key] = f"[{t(f'redact_tag_{kind}', self.lang)}-{self.counts[kind]}]"
        return self.seen[kind, key]


def _mask(text: str, spans: list[tuple[int, int, str, str]], tags: _Placeholders) -> str:
    if not spans:
        return text
    # Longest first among overlapping spans: an address swallows its postcode, an IBAN its digits.
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    kept: list[tuple[int, int, str, str]] = []
    for span in spans:
        if kept and span[0] < kept[-1][1]:
            if span[1] - span[0] > kept[-1][1] - kept[-1][0]:
                kept[-1] = span
            continue
        kept.append(span)
    out, last = [], 0
    for start, end, kind, key in kept:
        out.append(text[last:start])
        out.append(tags(kind, key))
        last = end
    out.append(text[last:])
    return "".join(out)


def _name_spans(text: str, names: dict[str, str]) -> list[tuple[int, int, str, str]]:
    if not names:
        return []
    spans = []
    for m in _name_pattern(tuple(sorted(names, key=len, reverse=True))).finditer(text):
        spans.append((m.start(), m.end(), "name", names[m.group()]))
    return spans


@lru_cache(maxsize=64)
def _name_pattern(words: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w])")


class Redactor:
    """One transcript's masking: the names its customer gave and one placeholder numbering for all its texts."""

    def __init__(self, lang: str, kinds: Iterable[str] = KINDS):
        self.kinds = frozenset(kinds)
        self.tags = _Placeholders(lang)
        self._labels: dict[str, str] = {}
        self.names: dict[str, str] = {}  # a name as written, or one of its parts -> the full name it belongs to

    def learn_names(self, turns: Iterable[Turn]) -> None:
        """The names customers give anywhere in the transcript, so that every mention is masked."""
        if "name" not in self.kinds:
            return
        self._labels.clear()  # a label may hold a name learnt now
        for turn in turns:
            if turn.role != "customer":
                continue  # the agent's own name (or a third speaker's) is not what the customer gave
            for full in _names_given(turn.text):
                self.names.setdefault(full, full)
                for part in full.split():
                    if len(part) > 2 and part.lower() not in _PARTICLES and part.lower() not in _NOT_NAMES:
                        self.names.setdefault(part, full)

    def text(self, text: str, *, label: bool = False) -> str:
        if not self.kinds or not text:
            return text
        if label:  # speaker labels repeat on every turn: mask each once
            if text not in self._labels:
                self._labels[text] = self._masked(text, label=True)
            return self._labels[text]
        return self._masked(text)

    def _masked(self, text: str, *, label: bool = False) -> str:
        # Most turns hold no digit at all, and every number, card, ID, IBAN and address needs one:
        # one C-speed search skips those patterns for them (redaction was ~1.3-2.6 ms per 500 words).
        digits = _DIGIT.search(text) is not None
        spans = [*(_numbers(text, self.kinds) if digits else ()), *_letters(text, self.kinds, digits),
                 *_name_spans(text, self.names)]
        if not label:
            spans.extend(_spoken(text, self.kinds))
        return _mask(text, spans, self.tags)

    def turns(self, turns: list[Turn]) -> list[Turn]:
        self.learn_names(turns)
        out = []
        for turn in turns:
            text, speaker = self.text(turn.text), self.text(turn.speaker, label=True)
            out.append(turn if (text, speaker) == (turn.text, turn.speaker) else replace(turn, text=text, speaker=speaker))
        return out

    @property
    def counts(self) -> dict[str, int]:
        """How many different values of each kind were masked."""
        return dict(self.tags.counts)


def kinds_for(redact: bool | Iterable[str]) -> frozenset[str]:
    """What `load(redact=...)` asks for: True every kind, False none, or the kinds named."""
    if redact is True:
        return frozenset(KINDS)
    if not redact:
        return frozenset()
    chosen = frozenset(redact)
    unknown = chosen - set(KINDS)
    if unknown:
        raise ValueError(f"unknown redaction kinds {sorted(unknown)}; known: {', '.join(KINDS)}")
    return chosen
