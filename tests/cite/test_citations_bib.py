"""BibTeX as people write it → decoded entries → CSL-JSON → formatted, with nothing lost.

The messy fixture has what reference managers and hand-editing produce: accents as `{\\'e}`
and `{\\'\\i}`, case-protecting braces, `\\url{}` in `url` and in `howpublished`, `and
others`, `@online` and `@misc`, Spanish titles, access dates in `urldate` and in notes.
"""

from __future__ import annotations

import logging
import re

import pytest
from helpers import FIXTURES

from macros.cite.csl import csl_item, csl_items
from macros.cite.style import Formatted, load_style
from macros.source.bibtex import Person, decode_latex, load_bibliography, parse_names, plain

pytestmark = pytest.mark.pandoc

MESSY = FIXTURES / "bib" / "messy.bib"


@pytest.fixture(scope="module")
def items() -> dict[str, dict]:  # type: ignore[type-arg]
    bib, problems = load_bibliography(MESSY, "messy.bib")
    assert problems == []
    return {item["id"]: item for item in csl_items(bib)}


def formatted(style: str, locale: str, items: dict[str, dict]) -> Formatted:  # type: ignore[type-arg]
    return load_style(style, locale).format(list(items.values()),
                                            [f"[@{key}]" for key in items])


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


@pytest.mark.parametrize(("latex", "text"), [
    (r"Estad{\'\i}sticas", "Estadísticas"),
    (r"Direcci{\'o}n", "Dirección"),
    (r"Ng{\"a}be y Bugl{\'e}", "Ngäbe y Buglé"),
    (r"Personal remittances (\% of GDP)", "Personal remittances (% of GDP)"),
    (r"R\&D 2019--2020", "R&D 2019–2020"),
    (r"see \url{https://x.org/a%20b_c}", "see https://x.org/a%20b_c"),
])
def test_latex_is_decoded(latex: str, text: str) -> None:
    assert plain(decode_latex(latex)) == text


def test_braces_protect_case_but_accent_braces_do_not() -> None:
    assert decode_latex(r"The {IOM} report on {\'E}tudes") == "The \ue000IOM\ue001 report on Études"


def test_names_are_split_and_corporate_authors_kept_whole() -> None:
    names = parse_names(r"{Direcci{\'o}n General (DGME)} and Mart{\'\i}nez Pizarro, Jorge and "
                        "Ana de la Fuente and Herrera, Jr., Jacqueline and others")
    assert names.people == (
        Person(literal="Dirección General (DGME)"),
        Person(family="Martínez Pizarro", given="Jorge"),
        Person(family="Fuente", given="Ana", particle="de la"),
        Person(family="Herrera", given="Jacqueline", suffix="Jr."),
    )
    assert names.others


def test_messy_entries_map_to_csl_json(items: dict[str, dict]) -> None:  # type: ignore[type-arg]
    costa_rica = items["estadisticas-costa-rica"]
    assert costa_rica["type"] == "webpage"
    assert costa_rica["author"] == [
        {"literal": "Dirección General de Migración y Extranjería (DGME)"}]
    assert costa_rica["title"] == ('Estadísticas <span class="nocase">DGME</span> generales: '
                                   "informes estadísticos anuales")
    assert costa_rica["URL"] == ("http://www.migracion.go.cr/Paginas/Centro%20de%20Documentaci"
                                 "%C3%B3n/Estad%C3%ADsticas.aspx")
    assert costa_rica["accessed"] == {"date-parts": [[2020, 10, 28]]}
    assert costa_rica["language"] == "es"
    misc = items["martinez-pizarro-2005"]
    assert misc["type"] == "document"
    assert misc["URL"] == ("http://www.un.org/esa/population/meetings/ittmigdev2005/"
                           "P14_JMartinez_ECLAC.pdf")  # from \url{} in howpublished
    assert misc["issued"] == {"date-parts": [[2005, 7]]}
    assert misc["accessed"] == {"date-parts": [[2021, 3, 2]]}  # from "Accessed:" in note
    assert "annote" not in misc
    assert items["ipcc-land-2019"]["author"][-1] == {"literal": "others"}
    data = items["cbp-southwest-border"]
    assert (data["type"], data["medium"]) == ("webpage", "Data set")
    assert data["accessed"] == {"date-parts": [[2019, 10, 10]]}  # "Last accessed 10 October"
    assert data["URL"] == "http://www.cbp.gov/newsroom/stats/sw-border-migration"


def test_institution_and_url_are_kept() -> None:
    """citeproc-py's own BibTeX reader drops both; this mapping must not."""
    bib, _ = load_bibliography(FIXTURES.parent.parent / "bibliography.bib", "bibliography.bib")
    item = csl_item(bib.decoded["iom-strategy-cnac-2020"])
    assert item["publisher"] == "IOM"
    assert item["publisher-place"] == "San José"
    assert item["URL"].startswith("https://eea.iom.int/sites/g/files/")


@pytest.mark.parametrize(("style", "locale"), [("harvard-cite-them-right", "en-GB"),
                                               ("chicago-author-date", "en-US")])
def test_messy_bib_formats_without_error_or_warning(
        items: dict[str, dict], style: str, locale: str,  # type: ignore[type-arg]
        caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        result = formatted(style, locale, items)
    assert result.warnings == []
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert set(result.entries) == set(items)
    assert all(f"[@{key}]" in result.citations for key in items)
    blob = " ".join(text_of(e) for e in result.entries.values())
    for word in ("Dirección General de Migración y Extranjería (DGME)", "Estadísticas",
                 "Martínez Pizarro", "Oré", "Ngäbe y Buglé", "travesía", "–", "et al."):
        assert word in blob, word
    assert "{" not in blob and "\\" not in blob


def test_harvard_entries_of_the_messy_file(items: dict[str, dict]) -> None:  # type: ignore[type-arg]
    entries = formatted("harvard-cite-them-right", "en-GB", items).entries
    assert text_of(entries["ipcc-land-2019"]) == (
        "Masson-Delmotte, V., Zhai, P., et al. (2019) Climate Change and Land. Ginebra: IPCC.")
    assert text_of(entries["cbp-southwest-border"]) == (
        "United States Customs and Border Protection (no date) Southwest border migration "
        "(fiscal year 2019) [Data set]. Available at: "
        "http://www.cbp.gov/newsroom/stats/sw-border-migration (Accessed: 10 October 2019).")
    assert text_of(entries["gamboa-2014"]) == (
        "Gamboa, A.M., de la Fuente, A. and Herrera, J.J., Jr. (2014) ‘La travesía laboral de la "
        "población Ngäbe y Buglé – características y desafíos’. FLACSO.")


def test_chicago_title_cases_english_titles_only(items: dict[str, dict]) -> None:  # type: ignore[type-arg]
    entries = formatted("chicago-author-date", "en-US", items).entries
    # Spanish (langid) titles keep their sentence case; protected words keep theirs.
    assert "“Estadísticas DGME generales: informes estadísticos anuales.”" in text_of(
        entries["estadisticas-costa-rica"])
    assert "“Southwest Border Migration (Fiscal Year 2019).”" in text_of(
        entries["cbp-southwest-border"])
    assert "International Migration in Latin America and the Caribbean: A Summary View" in (
        text_of(entries["martinez-pizarro-2005"]))
