"""Names, numbers and dates in the language being written (`text.language()`), from CLDR
through Babel.

English is written with CLDR's British English (`en_GB`, the locale of the citations):
"24 November 2026", "35,600,000,000", "US$35.6 billion". Country names stay the short common
names the English site has always shown ("Saint Kitts and Nevis", "Trinidad and Tobago"),
because CLDR's English names abbreviate them ("St. Kitts & Nevis").

Spanish is written with CLDR's Latin American Spanish (`es_419`, the neutral Spanish of the
region): "México", "Haití", "República Dominicana", "24 de noviembre de 2026", and its decimal
point ("58.3"), which the Real Academia Española's *Ortografía* (2010) recommends. Digits are
grouped in threes by a no-break space, as the *Ortografía* also recommends (neither point nor
comma, which readers of the region read the other way round), and a number of four digits is
not grouped ("8090", "2026").

Large amounts and counts are written with CLDR's long compact words ("35.6 billion",
"35.6 mil millones") only when the words state every digit of the value: a value such as
35,612,345,678 keeps all its digits ("35,612,345,678"). Nothing is rounded away.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_compact_decimal, format_decimal, get_currency_symbol

from .text import _, language

CLDR_LOCALES = {"en": "en_GB", "es": "es_419"}
"""The CLDR locale each language of the site is written in."""
NBSP = "\u00a0"
COMPACT_FROM = 1_000_000
"""Counts and amounts from a million up are written in words when no digit is lost."""
COMPACT_DIGITS = 3
"""At most this many decimals in a compact number ('1.235 million')."""
PERCENT_UNITS = ("per cent", "percent", "%")


def cldr_locale(lang: str | None = None) -> str:
    """The CLDR locale of a language of the site (of the one being written by default)."""
    lang = lang or language()
    return CLDR_LOCALES.get(lang, lang)


def _spanish(locale: str) -> bool:
    return locale.split("_")[0] == "es"


# ---------------------------------------------------------------------------------------------
# Names


def country_name(code: str, lang: str | None = None) -> str:
    """A country's name in the language being written ('MX' → 'Mexico' / 'México')."""
    from ..model.geography import country_name as name  # the model's, locale-aware

    if lang is None:
        return name(code)
    from .text import writing_language
    with writing_language(lang):
        return name(code)


def territory_name(code: str, lang: str | None = None) -> str | None:
    """CLDR's name of a territory (alpha-2 or UN M49 code) in a language; None if unknown."""
    name = Locale.parse(cldr_locale(lang)).territories.get(code)
    return str(name) if name else None


def sort_key(name: str) -> str:
    """A name's place in alphabetical order whatever its accents ('Perú' between 'Paraguay'
    and 'Puerto Rico')."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# ---------------------------------------------------------------------------------------------
# Numbers


def _exact(value: float | int | Decimal) -> Decimal:
    """The value as the YAML wrote it (a float's shortest decimal, not its binary noise)."""
    number = value if isinstance(value, Decimal) else Decimal(repr(value))
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def number(value: float | int | Decimal, lang: str | None = None) -> str:
    """Every digit of a number, grouped as the language groups them ('35,600,000,000' /
    '35 600 000 000'; '58.3'; '8,090' / '8090')."""
    locale = cldr_locale(lang)
    exact = _exact(value)
    if _spanish(locale):
        grouped = abs(exact) >= 10_000
        text = format_decimal(exact, locale=locale, group_separator=grouped,
                              decimal_quantization=False)
        group = Locale.parse(locale).number_symbols["latn"]["group"]
        return text.replace(group, NBSP)
    return format_decimal(exact, locale=locale, decimal_quantization=False)


def count(value: float | int | Decimal, lang: str | None = None) -> str:
    """A count or amount as a reader says it: words for millions and more when they lose no
    digit ('35.6 billion', '35.6 mil millones'), else every digit ('35,612,345,678')."""
    locale = cldr_locale(lang)
    exact = _exact(value)
    if abs(exact) >= COMPACT_FROM:
        words = format_compact_decimal(exact, format_type="long", locale=locale,
                                       fraction_digits=COMPACT_DIGITS)
        if _compact_is_exact(exact, words, locale):
            return words.replace(" ", NBSP, 1)
    return number(exact, lang)


def _compact_is_exact(exact: Decimal, words: str, locale: str) -> bool:
    """Whether the compact words state the value exactly: their number times the power of ten
    CLDR's pattern for that magnitude stands for."""
    symbols = Locale.parse(locale).number_symbols["latn"]
    digits = words.split(" ")[0].replace(symbols["group"], "").replace(symbols["decimal"], ".")
    try:
        shown = Decimal(digits)
    except ArithmeticError:
        return False
    if shown == 0:
        return False
    magnitude = exact / shown
    return magnitude == magnitude.to_integral_value() and str(int(magnitude)).rstrip("0") == "1"


def amount(value: float | int | Decimal, currency: str, lang: str | None = None) -> str:
    """An amount of money: 'US$35.6 billion', 'US$65,760' / '35.6 mil millones USD',
    '65 760 USD' (CLDR's symbol before the number in English, the ISO code after it in
    Spanish, as the region's Spanish texts write it)."""
    locale = cldr_locale(lang)
    figure = count(value, lang)
    if _spanish(locale):
        return f"{figure}{NBSP}{currency}"
    symbol = get_currency_symbol(currency, locale=locale)
    return f"{symbol}{NBSP if symbol[-1:].isalpha() else ''}{figure}"


def percent(value: float | int | Decimal, lang: str | None = None) -> str:
    """A percentage given in per cent ('7.6' → '7.6%'), every digit kept, with the language's
    percent pattern."""
    locale = cldr_locale(lang)
    pattern = str(Locale.parse(locale).percent_formats[None].pattern)
    figure = number(value, lang)
    return pattern.replace("#,##0", figure)


def is_currency(unit: str) -> bool:
    """Whether a figure's unit is an ISO 4217 currency code ('USD')."""
    import pycountry

    if len(unit) != 3 or not unit.isalpha() or not unit.isupper():
        return False
    return pycountry.currencies.get(alpha_3=unit) is not None


def quantity(value: float | int | Decimal, unit: str, lang: str | None = None) -> str:
    """A value with its unit as a reader writes it: '7.6%', 'US$35.6 billion', '45,000
    people' (the unit as given: translating it is the record's part)."""
    if unit in PERCENT_UNITS:
        return percent(value, lang)
    for spelled in PERCENT_UNITS[:2]:
        if unit.startswith(spelled + " "):  # 'per cent of GDP' → '20.7% of GDP'
            return f"{percent(value, lang)} {unit[len(spelled) + 1:]}"
    if is_currency(unit):
        return amount(value, unit, lang)
    return f"{count(value, lang)} {unit}"


# ---------------------------------------------------------------------------------------------
# Dates and periods


def date(day: dt.date, lang: str | None = None) -> str:
    """A date in words: '24 November 2026' / '24 de noviembre de 2026'."""
    return format_date(day, "long", locale=cldr_locale(lang))


def short_date(day: dt.date, lang: str | None = None) -> str:
    """A date in a table: '24 Nov 2026' / '24 nov 2026'."""
    return format_date(day, "medium", locale=cldr_locale(lang)).replace(".", "")


def year_range(start: int | None, end: int | None, ongoing: bool = False) -> str:
    """A period of years: '2019–2022', '2019', '2019–ongoing' / '2019–en curso'."""
    first = str(start) if start else "?"
    if end:
        return first if end == start else f"{first}–{end}"
    return _("{start}–ongoing").format(start=first) if ongoing else first
