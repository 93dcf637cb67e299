"""User-facing messages in Spanish and English, read from the gettext catalogs.

Errors carry a code and parameters, not a sentence, so every surface (command
line, app, notebook) can show them in its user's language.
"""
from __future__ import annotations

import gettext
import os
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

LANGUAGES = ("es", "en")
DEFAULT_UI = "es"

# The catalogs: workshop/locale/<lang>/LC_MESSAGES/workshop.po, one per language, symbolic
# msgids (the keys below), str.format placeholders (#, python-brace-format) and
# ngettext plural forms. They are read as .po with Babel's read_po, once per process, rather
# than compiled to .mo at build time: the text a trainer or translator edits is the text the
# app shows (no stale .mo, no build step for a checkout), and ~280 entries parse in a few ms.
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "workshop"


class _Entry(NamedTuple):
    forms: tuple[str, ...]  # one string, or the plural forms in the catalog's order
    plural: bool


class _Catalog(NamedTuple):
    entries: dict[str, _Entry]
    plural: Callable[[int], int]


@lru_cache(maxsize=None)
def _catalog(lang: str) -> _Catalog:
    from babel.messages.pofile import read_po

    with open(LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po", "rb") as handle:
        catalog = read_po(handle, domain=DOMAIN)
    entries = {}
    for message in catalog:
        if not message.id:
            continue  # the header
        if message.pluralizable:
            entries[message.id[0]] = _Entry(tuple(message.string), True)
        else:
            entries[message.id] = _Entry((message.string,), False)
    return _Catalog(entries, gettext.c2py(catalog.plural_expr))


def template(key: str, lang: str | None = None, n: int | None = None) -> str:
    """The unformatted text of `key`; for a plural entry, the form for `n` (ngettext's choice)."""
    catalog = _catalog(ui_language(lang))
    entry = catalog.entries[key]
    if not entry.plural:
        return entry.forms[0]
    index = catalog.plural(int(n)) if isinstance(n, (int, float)) else len(entry.forms) - 1
    return entry.forms[min(index, len(entry.forms) - 1)]


class _Messages(Mapping):
    """A read-only view `MESSAGES[key][lang]` over the catalogs (plural entries show their "other" form)."""

    def __getitem__(self, key: str) -> dict[str, str]:
        if key not in _catalog(DEFAULT_UI).entries:
            raise KeyError(key)
        return {lang: template(key, lang) for lang in LANGUAGES}

    def __iter__(self) -> Iterator[str]:
        return iter(_catalog(DEFAULT_UI).entries)

    def __len__(self) -> int:
        return len(_catalog(DEFAULT_UI).entries)


MESSAGES: Mapping[str, dict[str, str]] = _Messages()


def label(key: str, lang: str | None = None, /, default: str | None = None, **params) -> str:
    """A UI label; `default` for open-ended values (a trainer's own scenario id) with no label."""
    if default is not None and key not in _catalog(DEFAULT_UI).entries:
        return default
    return t(key, lang, **params)


def metric_label(key: str, lang: str | None = None, /, default: str | None = None) -> str:
    """The name of a measure (workshop.engine.metrics.COMPARED's keys) in the Compare table, reports and charts."""
    return label(f"metric_{key}", lang, default=key if default is None else default)


def band_label(code: str, lang: str | None = None, /) -> str:
    """The name of a readability band code ("inflesz_normal" → "normal"); "" for no band."""
    return t(f"readability_band_{code}", lang) if code else ""


def ui_language(value: str | None = None) -> str:
    """The language to talk to the user in: explicit, then $WORKSHOP_LANG, then Spanish."""
    for candidate in (value, os.environ.get("WORKSHOP_LANG")):
        if candidate and candidate[:2].lower() in LANGUAGES:
            return candidate[:2].lower()
    return DEFAULT_UI


def t(key: str, lang: str | None = None, /, **params) -> str:
    """The message `key` in `lang`, with its parameters filled in.

    A plural entry (msgid_plural in the catalog) picks its form from the count `n`,
    as ngettext does: t("words_count", "es", n=1) is "1 palabra", n=3 "3 palabras" (or from
    `count`, the loaders' notices' parameter).
    """
    return template(key, lang, params.get("n", params.get("count"))).format(**params)


class WorkshopError(Exception):
    """Bad input the user can fix; renders itself in either language."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str | None = None) -> str:
        params = {k: (v.message(lang) if isinstance(v, Text) else v) for k, v in self.params.items()}
        return t(self.code, lang, **params)


class Text:
    """A parameter that itself depends on the language (e.g. "the pasted text")."""

    def __init__(self, key: str, **params):
        self.key, self.params = key, params

    def message(self, lang: str | None = None) -> str:
        params = {k: (v.message(lang) if isinstance(v, Text) else v) for k, v in self.params.items()}
        return t(self.key, lang, **params)

    def __str__(self) -> str:
        return self.message("en")


class Notice(WorkshopError):
    """Something the user should know about a transcript that did load."""


# Numbers and dates as the user's language writes them (Spanish 3,5 and 14,1; English 3.5), with
# Babel's CLDR data. Only what people read goes through here: JSON and CSV stay machine-readable
# (dot decimals, ISO dates).
def format_number(value: object, lang: str | None = None, /, decimals: int = 2) -> str:
    """A number for display in `lang`: "—" for None or NaN, at most `decimals` decimals, no trailing zeros."""
    from babel.numbers import format_decimal

    if value is None or value != value:  # None or NaN
        return "—"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    text = format_decimal(value, format="#,##0." + "#" * decimals if decimals else "#,##0", locale=ui_language(lang))
    return "0" if text in ("-0", "") else text


def format_datetime(value, lang: str | None = None, /, *, time_only: bool = False, date_only: bool = False,
                    short: bool = False) -> str:
    """A date and time (a datetime or an ISO string such as a session's "updated") in `lang`.

    "2026-12-02T04:53:10" → "2 dic 2026, 4:53" in Spanish, "Dec 2, 2026, 4:53 AM" in English;
    `time_only` gives the time of day with seconds (`short`: hours and minutes, "14:05");
    `date_only` the day alone ("2 dic 2026").
    """
    import datetime as _dt

    from babel.dates import format_date as _date, format_datetime as _datetime, format_time as _time

    if isinstance(value, str):
        try:
            value = _dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    locale = ui_language(lang)
    if date_only:
        text = _date(value, format="medium", locale=locale)
    elif time_only:
        text = _time(value, format="short" if short else "medium", locale=locale)
    else:
        text = _datetime(value, format="medium", locale=locale)
    return text.replace("\u202f", " ")  # CLDR's narrow no-break space before AM/PM: a plain one in plain text
