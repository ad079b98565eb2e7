"""References and in-text citations against the style guides, written out by hand.

Expectations follow the guides' templates, not the code's output:

- Cite Them Right (Harvard), British English: Author (Year) *Title*. Place: Publisher.
  Available at: URL (Accessed: day month year). Chapters and articles in single quotes; for a
  chapter 'in Initials Surname (eds) *Book*', pages 'pp. x–y'; in text (Author, Year, p. x);
  several works of one author in one year are 2019a, 2019b, ... in title order.
- Chicago Manual of Style, 18th edition, author-date, American English: Surname, Given, and
  Given Surname. Year. *Title*. Publisher (no place, 14.30); articles and web pages in double
  quotes, title case; page ranges abbreviated (113–31); no page range for a chapter and no
  access date for a dated page; in text (Author Year, page).

Bare `<span>` wrappers Pandoc puts around quoted titles carry no formatting and are dropped
before comparing; `<em>` (italics) and `<a>` (clickable URLs and DOIs) are compared.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import FIXTURES

from macros.cite.csl import csl_items
from macros.cite.style import Formatted, load_style
from macros.source.bibtex import load_bibliography

pytestmark = pytest.mark.pandoc

WMR = "https://publications.iom.int/system/files/pdf/wmr_2020.pdf"
WB = "https://data.worldbank.org/indicator/BX.TRF.PWKR.DT.GD.ZS"
DESA = ("https://www.un.org/en/development/desa/population/migration/data/estimates2/"
        "estimates19.asp")
DOI = "https://doi.org/10.5555/imig.12839"


def link(url: str) -> str:
    return f'<a href="{url}">{url}</a>'


HARVARD = {
    "iom-wmr-2020": "International Organization for Migration (IOM) (2019b) <em>World Migration "
                    f"Report 2020</em>. Geneva: IOM. Available at: {link(WMR)}.",
    "iom-free-movement-2019": "International Organization for Migration (IOM) (2019a) "
                              "<em>Free Movement of Persons in the Caribbean: Economic and "
                              "Security Dimensions</em>. Geneva: IOM.",
    "worldbank-remittances": "World Bank (2020) <em>Personal remittances, received (% of GDP)"
                             f"</em>. Available at: {link(WB)} (Accessed: 29 October 2020).",
    "betts-refuge-2017": "Betts, A. and Collier, P. (2017) <em>Refuge: Transforming a Broken "
                         "Refugee System</em>. London: Allen Lane.",
    "selee-migration-policy-2022": "Selee, A. and Bolter, J. (2022) ‘Migration policy in South "
                                   "America: an overview of recent reforms’, <em>International "
                                   "Migration</em>, 60(1), pp. 113–131. Available at: "
                                   f"{link(DOI)}.",
    "magrin-central-south-america-2014": "Magrin, G.O. and Marengo, J.A. (2014) ‘Central and "
                                         "South America’, in V.R. Barros and C.B. Field (eds) "
                                         "<em>Climate Change 2014: Impacts, Adaptation, and "
                                         "Vulnerability</em>. Cambridge: Cambridge University "
                                         "Press, pp. 1499–1566.",
    "undesa-migrant-stock-2019": "United Nations Department of Economic and Social Affairs "
                                 "(UN DESA) (2019) <em>International migrant stock 2019</em> "
                                 f"[Data set]. Available at: {link(DESA)} (Accessed: 4 November "
                                 "2019).",
}
CHICAGO = {
    "iom-wmr-2020": "International Organization for Migration (IOM). 2019b. <em>World Migration "
                    f"Report 2020</em>. IOM. {link(WMR)}.",
    "iom-free-movement-2019": "International Organization for Migration (IOM). 2019a. <em>Free "
                              "Movement of Persons in the Caribbean: Economic and Security "
                              "Dimensions</em>. IOM.",
    "worldbank-remittances": "World Bank. 2020. “Personal Remittances, Received (% of GDP).” "
                             f"{link(WB)}.",
    "betts-refuge-2017": "Betts, Alexander, and Paul Collier. 2017. <em>Refuge: Transforming a "
                         "Broken Refugee System</em>. Allen Lane.",
    "selee-migration-policy-2022": "Selee, Andrew, and Jessica Bolter. 2022. “Migration Policy "
                                   "in South America: An Overview of Recent Reforms.” "
                                   "<em>International Migration</em> 60 (1): 113–31. "
                                   f"{link(DOI)}.",
    "magrin-central-south-america-2014": "Magrin, Graciela O., and José A. Marengo. 2014. "
                                         "“Central and South America.” In <em>Climate Change "
                                         "2014: Impacts, Adaptation, and Vulnerability</em>, "
                                         "edited by Vicente R. Barros and Christopher B. Field. "
                                         "Cambridge University Press.",
    "undesa-migrant-stock-2019": "United Nations Department of Economic and Social Affairs "
                                 "(UN DESA). 2019. “International Migrant Stock 2019.” Data "
                                 f"set. {link(DESA)}.",
}
# Reference lists are alphabetical by author, then year, then title (both guides).
ORDER = ["betts-refuge-2017", "iom-free-movement-2019", "iom-wmr-2020",
         "magrin-central-south-america-2014", "selee-migration-policy-2022",
         "undesa-migrant-stock-2019", "worldbank-remittances"]
CITATIONS = {
    "[@iom-wmr-2020, p. 111]": ("(International Organization for Migration (IOM), 2019b, p. 111)",
                                "(International Organization for Migration (IOM) 2019b, 111)"),
    "[@iom-free-movement-2019]": ("(International Organization for Migration (IOM), 2019a)",
                                  "(International Organization for Migration (IOM) 2019a)"),
    "[@worldbank-remittances]": ("(World Bank, 2020)", "(World Bank 2020)"),
    "[@betts-refuge-2017, p. 45]": ("(Betts and Collier, 2017, p. 45)",
                                    "(Betts and Collier 2017, 45)"),
    "[@selee-migration-policy-2022, pp. 115-116]": ("(Selee and Bolter, 2022, pp. 115–116)",
                                                    "(Selee and Bolter 2022, 115–16)"),
    "[@magrin-central-south-america-2014]": ("(Magrin and Marengo, 2014)",
                                             "(Magrin and Marengo 2014)"),
    "[@undesa-migrant-stock-2019]": (
        "(United Nations Department of Economic and Social Affairs (UN DESA), 2019)",
        "(United Nations Department of Economic and Social Affairs (UN DESA) 2019)"),
    "@betts-refuge-2017": ("Betts and Collier (2017)", "Betts and Collier (2017)"),
    "@betts-refuge-2017 [p. 45]": ("Betts and Collier (2017, p. 45)",
                                   "Betts and Collier (2017, 45)"),
    "[-@betts-refuge-2017]": ("(2017)", "(2017)"),
    "[see @iom-free-movement-2019; @iom-wmr-2020]": (
        "(see International Organization for Migration (IOM), 2019a, 2019b)",
        "(see International Organization for Migration (IOM) 2019a, 2019b)"),
}


def without_bare_spans(html: str) -> str:
    return re.sub(r"<span>|</span>", "", html)


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def formatted(style: str, locale: str) -> Formatted:
    bib, problems = load_bibliography(FIXTURES / "bib" / "styles.bib", "styles.bib")
    assert problems == []
    result = load_style(style, locale).format(csl_items(bib), list(CITATIONS))
    assert result.warnings == []
    return result


@pytest.fixture(scope="module")
def harvard() -> Formatted:
    return formatted("harvard-cite-them-right", "en-GB")


@pytest.fixture(scope="module")
def chicago() -> Formatted:
    return formatted("chicago-author-date", "en-US")


@pytest.mark.parametrize("key", list(HARVARD))
def test_harvard_reference(harvard: Formatted, key: str) -> None:
    assert without_bare_spans(harvard.entries[key]) == HARVARD[key]


@pytest.mark.parametrize("key", list(CHICAGO))
def test_chicago_reference(chicago: Formatted, key: str) -> None:
    assert without_bare_spans(chicago.entries[key]) == CHICAGO[key]


@pytest.mark.parametrize("which", ["harvard", "chicago"])
def test_reference_list_order(which: str, request: pytest.FixtureRequest) -> None:
    assert list(request.getfixturevalue(which).entries) == ORDER


@pytest.mark.parametrize("citation", list(CITATIONS))
def test_harvard_in_text_citation(harvard: Formatted, citation: str) -> None:
    assert text_of(harvard.citations[citation]) == CITATIONS[citation][0]


@pytest.mark.parametrize("citation", list(CITATIONS))
def test_chicago_in_text_citation(chicago: Formatted, citation: str) -> None:
    assert text_of(chicago.citations[citation]) == CITATIONS[citation][1]


def test_each_cited_work_links_to_its_entry(harvard: Formatted) -> None:
    html = harvard.citations["[see @iom-free-movement-2019; @iom-wmr-2020]"]
    assert re.findall(r'href="#ref-([^"]+)"', html) == ["iom-free-movement-2019", "iom-wmr-2020"]


def test_apa_works_too() -> None:
    result = formatted("apa", "en-US")
    assert without_bare_spans(result.entries["betts-refuge-2017"]) == (
        "Betts, A., &amp; Collier, P. (2017). <em>Refuge: Transforming a Broken Refugee "
        "System</em>. Allen Lane.")
    assert text_of(result.citations["[@betts-refuge-2017, p. 45]"]) == (
        "(Betts &amp; Collier, 2017, p. 45)")


def test_missing_fields_still_give_a_reference(tmp_path: Path) -> None:
    bib = tmp_path / "sparse.bib"
    bib.write_text("@online{no-date,\n  author = {{Agency}},\n  title = {Page},\n}\n"
                   "@misc{title-only,\n  title = {Just a Title},\n}\n"
                   "@report{nothing,\n}\n")
    loaded, problems = load_bibliography(bib, "sparse.bib")
    assert problems == []
    result = load_style("harvard-cite-them-right").format(
        csl_items(loaded), ["[@no-date]", "[@title-only]"])
    assert result.warnings == []
    assert result.entries["no-date"] == "Agency (no date) <em>Page</em>."
    assert text_of(result.entries["title-only"]) == "‘Just a Title’ (no date)."
    assert "nothing" in result.entries
    assert text_of(result.citations["[@no-date]"]) == "(Agency, no date)"
