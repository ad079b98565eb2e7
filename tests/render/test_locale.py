"""Names, numbers and dates in the language being written: expectations written by hand from
CLDR's data (British English, Latin American Spanish) and the Spanish style of the RAE's
Ortografía (digits grouped by spaces, four-digit numbers not grouped)."""

from __future__ import annotations

import datetime as dt

import pytest

from macros.model import Budget, Figure, Period, SourceRef
from macros.model.geography import country_name
from macros.render import locale
from macros.render.text import writing_language
from macros.render.views.facts import figure_text

NB = "\u00a0"
DAY = dt.date(2026, 11, 24)


def test_dates_in_words() -> None:
    assert locale.date(DAY) == "24 November 2026"
    with writing_language("es"):
        assert locale.date(DAY) == "24 de noviembre de 2026"
        assert locale.short_date(DAY) == "24 nov 2026"
    assert locale.short_date(DAY) == "24 Nov 2026"


@pytest.mark.parametrize(("code", "english", "spanish"), [
    ("MX", "Mexico", "México"), ("HT", "Haiti", "Haití"),
    ("DO", "Dominican Republic", "República Dominicana"), ("PE", "Peru", "Perú"),
    ("KN", "Saint Kitts and Nevis", "San Cristóbal y Nieves"),
    ("TT", "Trinidad and Tobago", "Trinidad y Tobago"), ("US", "United States", "Estados Unidos"),
    ("BO", "Bolivia", "Bolivia"), ("VE", "Venezuela", "Venezuela"),
])
def test_country_names_per_language(code: str, english: str, spanish: str) -> None:
    assert country_name(code) == english
    with writing_language("es"):
        assert country_name(code) == spanish
    assert locale.country_name(code, "es") == spanish
    assert country_name(code) == english  # the block ends with the language it set


def test_numbers_group_digits_as_each_language_does() -> None:
    assert locale.number(35_600_000_000) == "35,600,000,000"
    assert locale.number(8090) == "8,090"
    assert locale.number(58.3) == "58.3"
    with writing_language("es"):
        assert locale.number(35_600_000_000) == f"35{NB}600{NB}000{NB}000"
        assert locale.number(8090) == "8090"
        assert locale.number(12345.5) == f"12{NB}345.5"


def test_amounts_in_words_only_when_no_digit_is_lost() -> None:
    assert locale.amount(35_600_000_000, "USD") == f"US$35.6{NB}billion"
    assert locale.amount(653_000_000, "USD") == f"US$653{NB}million"
    assert locale.amount(65_760, "USD") == "US$65,760"
    assert locale.amount(1_500_000, "EUR") == f"€1.5{NB}million"
    # 35.612345678 billion would need nine decimals: every digit is written instead
    assert locale.amount(35_612_345_678, "USD") == "US$35,612,345,678"
    assert locale.count(1_022_606) == "1,022,606"
    with writing_language("es"):
        assert locale.amount(35_600_000_000, "USD") == f"35.6{NB}mil millones{NB}USD"
        assert locale.amount(25_000_000, "USD") == f"25{NB}millones{NB}USD"
        assert locale.amount(65_760, "USD") == f"65{NB}760{NB}USD"
        assert locale.count(1_022_606) == f"1{NB}022{NB}606"


def test_percentages_keep_their_decimals() -> None:
    assert locale.quantity(7.6, "per cent") == "7.6%"
    assert locale.quantity(20.7, "per cent of GDP") == "20.7% of GDP"
    with writing_language("es"):
        assert locale.quantity(32.5, "per cent") == "32.5%"


def test_periods() -> None:
    assert str(Period(start=2019, ongoing=True)) == "2019–ongoing"
    assert str(Period(start=2019, end=2022)) == "2019–2022"
    with writing_language("es"):
        assert str(Period(start=2019, ongoing=True)) == "2019–en curso"


def _figure(value: float, unit: str) -> Figure:
    return Figure(id="f", title="t", value=value, unit=unit, measure="m",
                  sources=[SourceRef(key="k", locator="p. 1")], last_reviewed=DAY)


def test_figure_text_reads_as_words() -> None:
    """The wording bug of the issue: '35,600,000,000 USD' is 'US$35.6 billion'."""
    figure = _figure(35_600_000_000, "USD")
    assert figure_text(figure) == f"US$35.6{NB}billion"
    assert figure_text(_figure(26_600_000, "migrants")) == f"26.6{NB}million migrants"
    with writing_language("es"):
        assert figure_text(figure) == f"35.6{NB}mil millones{NB}USD"


def test_budget_amount() -> None:
    budget = Budget(amount=25_000_000, currency="USD", sources=[SourceRef(key="k", locator="x")])
    assert locale.amount(budget.amount, budget.currency) == f"US$25{NB}million"
