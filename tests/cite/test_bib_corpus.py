"""Real .bib files (tests/fixtures/bib/corpus, Better BibTeX's export fixtures, MIT) and the
values issue 20 quotes from real bibliographies (tests/fixtures/bib/issue-20-probes.bib), read
and mapped to CSL-JSON with expectations written by hand from biblatex's manual (names sec.
3.4, crossref sec. 4.11.4 and appendix B, entry types sec. 2.1, `langid` sec. 3.7) and the
CSL-JSON schema (rich text tags, `container-title-short`, `dropping-particle`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from helpers import FIXTURES

from macros.cite.csl import csl_items
from macros.cite.style import load_style
from macros.render.text import writing_language
from macros.source.bibtex import load_bibliography

CORPUS = FIXTURES / "bib" / "corpus"
PROBES = FIXTURES / "bib" / "issue-20-probes.bib"


def items_of(path: Path) -> dict[str, dict[str, Any]]:
    bib, problems = load_bibliography(path, path.name)
    assert problems == []
    return {item["id"]: item for item in csl_items(bib)}


@pytest.fixture(scope="module")
def corpus() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(CORPUS.glob("*.bib")):
        found.update(items_of(path))
    return found


@pytest.fixture(scope="module")
def probes() -> dict[str, dict[str, Any]]:
    return items_of(PROBES)


def test_the_whole_corpus_reads_without_a_problem(corpus: dict[str, dict[str, Any]]) -> None:
    assert len(corpus) == 72  # entries counted in the files: grep -c '^@[a-z]*{' minus @preamble


def test_extended_name_format_is_read_as_parts(corpus: dict[str, dict[str, Any]],
                                               probes: dict[str, dict[str, Any]]) -> None:
    # bbt-3281: `family=Meij, given=Vincent, prefix=van der` (useprefix not given)
    assert corpus["vandermeijConfirmingNGC62312021"]["author"][0] == {
        "family": "Meij", "given": "Vincent", "non-dropping-particle": "van der"}
    assert probes["oord"]["author"] == [
        {"family": "Oord", "given": "Aaron", "non-dropping-particle": "van den"},
        {"family": "Dieleman", "given": "Sander"}]


def test_useprefix_false_makes_a_dropping_particle() -> None:
    from macros.cite.csl import _csl_name
    from macros.source.bibtex import parse_names

    person = parse_names("family=Beethoven, given=Ludwig, prefix=van, useprefix=false").people[0]
    assert _csl_name(person) == {"family": "Beethoven", "given": "Ludwig",
                                 "dropping-particle": "van"}


def test_extended_names_format_as_pandoc_does(probes: dict[str, dict[str, Any]]) -> None:
    out = load_style("harvard-cite-them-right").format([probes["oord"], probes["ssw9"]],
                                                       ["[@oord]"])
    text = re.sub(r"<[^>]+>", "", out.entries["oord"])
    assert text.startswith("van den Oord, A. and Dieleman, S. (2016)")
    assert "=" not in text


def test_crossref_gives_the_child_what_it_lacks(probes: dict[str, dict[str, Any]]) -> None:
    child = probes["oord"]
    assert child["container-title"] == "9th ISCA Speech Synthesis Workshop"  # parent's title
    assert child["editor"] == [{"family": "Doe", "given": "Jane"}]
    assert child["publisher"] == "ISCA"
    assert child["issued"] == {"date-parts": [[2016]]}
    assert child["page"] == "125"  # its own field is kept
    assert child["title"] == "WaveNet"


def test_a_crossref_loop_is_refused_where_it_is(tmp_path: Path) -> None:
    path = tmp_path / "loop.bib"
    path.write_text("@incollection{a,\n  title = {A},\n  crossref = {b}\n}\n"
                    "@collection{b,\n  title = {B},\n  crossref = {a}\n}\n", encoding="utf-8")
    _bib, problems = load_bibliography(path, "loop.bib")
    assert [(p.line, p.column, p.field) for p in problems] == [(3, 14, "a.crossref"),
                                                               (7, 14, "b.crossref")]
    assert "a → b → a" in problems[0].message
    assert problems[0].message.startswith("expected ")


def test_a_crossref_to_a_missing_entry_is_located(tmp_path: Path) -> None:
    path = tmp_path / "missing.bib"
    path.write_text("@inbook{a,\n  crossref = {nowhere},\n  title = {A}\n}\n", encoding="utf-8")
    _bib, problems = load_bibliography(path, "missing.bib")
    assert [(p.line, p.field) for p in problems] == [(2, "a.crossref")]
    assert "'nowhere'" in problems[0].message


@pytest.mark.parametrize(("key", "accessed"), [
    ("a1", [2024, 11, 16]),   # Accedido: 16 noviembre 2024
    ("a2", [2016, 12, 26]),   # Último acceso: 26 de diciembre de 2016
    ("a3", [2026, 5]),        # Acesso em: maio de 2026
    ("a4", [2020, 10, 28]),   # Consultado el 28 de octubre de 2020
    ("a5", [2020, 10, 28]),   # urldate = {2020-10-28T10:00:00}
    ("k1", [2019, 11, 4]),    # Accessed: 4 November 2019 (kept from before)
])
def test_access_dates_in_spanish_and_portuguese(probes: dict[str, dict[str, Any]], key: str,
                                                accessed: list[int]) -> None:
    assert probes[key]["accessed"] == {"date-parts": [accessed]}
    assert "annote" not in probes[key]  # the note held nothing else


def test_urldate_of_the_corpus(corpus: dict[str, dict[str, Any]]) -> None:
    assert corpus["vandermeijConfirmingNGC62312021"]["accessed"] == {
        "date-parts": [[2025, 3, 3]]}


def test_theses_keep_their_genre(corpus: dict[str, dict[str, Any]],
                                 probes: dict[str, dict[str, Any]]) -> None:
    # bbt-3296: @thesis with type = {phdthesis}
    assert corpus["Savoldi_2024"]["type"] == "thesis"
    assert corpus["Savoldi_2024"]["genre"] == "PhD thesis"
    assert corpus["Savoldi_2024"]["publisher"] == "Universidade de São Paulo"
    assert probes["t1"]["genre"] == "PhD thesis"
    assert probes["t2"]["genre"] == "Master's thesis"


def test_thesis_genre_in_spanish() -> None:
    with writing_language("es"):
        items = items_of(PROBES)
    assert items["t1"]["genre"] == "Tesis doctoral"
    assert items["t2"]["genre"] == "Tesis de maestría"


def test_formatting_is_kept(corpus: dict[str, dict[str, Any]],
                            probes: dict[str, dict[str, Any]]) -> None:
    assert corpus["ref4"]["title"] == "O<sub>x</sub>"  # O{\textsubscript{x}}
    assert corpus["ref8"]["title"] == "O<sub>7-x</sub> Test"
    # {{{\mkbibemph{Physics}}}}: protected from case change, and italic
    assert corpus["waterlow1982NatureChange"]["title"] == (
        'Nature, Change, and Agency in <span class="nocase">Aristotle</span>\'s '
        '<span class="nocase"><i>Physics</i></span>')
    assert probes["f1"]["title"] == (
        "<i>E. coli</i> and <b>bold</b> <span style=\"font-variant:small-caps;\">sc</span> "
        "DNA<sub>2</sub>")


def test_superscript(corpus: dict[str, dict[str, Any]]) -> None:
    assert corpus["_loi_2011"]["title"].startswith("Loi n<sup>o</sup> 2011-525 du 17 mai")


def test_legislation_is_legislation(corpus: dict[str, dict[str, Any]]) -> None:
    assert corpus["_loi_2011"]["type"] == "legislation"
    assert corpus["_loi_2011"]["container-title"] == "JORF"
    assert corpus["kartinyeri"]["type"] == "legal_case"  # @jurisdiction


def test_shortjournal_is_the_short_container_title(corpus: dict[str, dict[str, Any]]) -> None:
    assert corpus["bentley_academic_2011"]["container-title-short"] == "J R Anthropol Inst"
    assert corpus["vandermeijConfirmingNGC62312021"]["container-title-short"] == "A&A"


@pytest.mark.parametrize(("key", "language"), [
    ("fixedkey", "en"),            # langid = {anglais}
    ("Savoldi_2024", "pt-BR"),     # langid = {brazilian}
    ("_loi_2011", "fr"),           # langid = {french}
])
def test_langid_becomes_a_language_tag(corpus: dict[str, dict[str, Any]], key: str,
                                       language: str) -> None:
    assert corpus[key]["language"] == language


def test_what_the_project_did_better_is_kept(probes: dict[str, dict[str, Any]]) -> None:
    item = probes["k1"]
    assert item["author"] == [{"family": "Martínez", "given": "Jorge"}]  # {\'\i}
    assert item["title"] == "Estadísticas de migración en América"
    assert item["URL"] == "https://example.org/a%20b"  # \url{} in url, % not a comment
    assert item["language"] == "es"


def test_spanish_titles_are_not_sentence_cased() -> None:
    items = items_of(PROBES)
    out = load_style("apa").format([items["k1"]], ["[@k1]"])
    assert "Estadísticas de migración en América" in re.sub(r"<[^>]+>", "", out.entries["k1"])


def test_corpus_formats_particles_and_suffixes(corpus: dict[str, dict[str, Any]]) -> None:
    wanted = ["bennett_citations_2013", "name_FormattingOfParticles",
              "vandermeijConfirmingNGC62312021"]
    out = load_style("harvard-cite-them-right").format([corpus[k] for k in wanted], [])
    texts = {k: re.sub(r"<[^>]+>", "", v) for k, v in out.entries.items()}
    assert texts["bennett_citations_2013"].startswith("Bennett, F.G., Jr. (2013)")
    assert texts["name_FormattingOfParticles"].startswith("van der Meer, G.")
    assert texts["vandermeijConfirmingNGC62312021"].startswith("van der Meij, V. et al. (2021)")


def test_the_edition_word_becomes_a_number(tmp_path: Path) -> None:
    path = tmp_path / "e.bib"
    path.write_text("@book{a, title={A}, edition={third}}\n@book{b, title={B}, edition={2nd}}\n"
                    "@book{c, title={C}, edition={Edición: Revised}}\n", encoding="utf-8")
    items = items_of(path)
    assert [items[k]["edition"] for k in "abc"] == ["3", "2", "Edición: Revised"]
    out = load_style("harvard-cite-them-right").format([items["a"]], [])
    assert "3rd edn" in out.entries["a"]
