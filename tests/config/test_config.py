"""The `evidence` block of mkdocs.yml: one model, read the same way by the CLI and the plugin,
every mistake named with its line, column and option, and a fix."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers import evidence_cli, mkdocs_build

from macros.config import PdfOptions, ProjectConfig, SiteInfo, load_project_config, read_config
from macros.errors import ConfigError, EvidenceError


def test_settings_come_from_the_evidence_plugin_block(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: !ENV [SITE_NAME, 'x']\nplugins:\n  - search\n  - evidence:\n"
        "      stale_after_days: 30\n      edition: 2\n      edition_date: 2026-11-01\n")
    options, site = load_project_config(tmp_path)
    assert (options.stale_after_days, options.edition, options.edition_date) == (
        30, "2", dt.date(2026, 11, 1))
    assert (options.evidence_dir, options.bibliography, site.docs_dir) == (
        "evidence", "bibliography.bib", "docs")
    assert load_project_config(tmp_path / "nowhere") == (ProjectConfig(), SiteInfo())


# ---------------------------------------------------------------------------------------------
# The report's block


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    for page in ("index.md", "about.md"):
        (tmp_path / "docs" / page).parent.mkdir(exist_ok=True)
        (tmp_path / "docs" / page).write_text("# Page\n")
    return tmp_path


def parse(project: Path, block: object) -> PdfOptions:
    options = read_config(project / "mkdocs.yml", {"pdf": block}, SiteInfo(name="Site"))
    assert options.pdf is not None
    return options.pdf


def test_defaults_come_from_the_site(docs: Path) -> None:
    parsed = parse(docs, {"pages": ["index.md"]})
    assert (parsed.title, parsed.short_title, parsed.file, parsed.build) == (
        "Site", "Site", "review.pdf", False)


@pytest.mark.parametrize(("block", "expected"), [
    ({}, "evidence.pdf.pages: expected a list of the pages to export, got nothing"),
    ({"pages": ["index.md", "index.md"]}, "evidence.pdf.pages[1]: page 'index.md' is listed "
                                          "twice"),
    ({"pages": ["index.md"], "about": "text"}, "evidence.pdf.about: expected a mapping with "
                                               "'method' and 'disclaimer', got 'text'"),
    ({"pages": ["index.md"], "about": {"methods": "x"}},
     "evidence.pdf.about.methods: unknown option 'methods'"),
    ({"pages": ["index.md"], "keywords": "solo", "contents_depth": 9},
     "evidence.pdf.contents_depth: expected a whole number from 1 to 3, got 9"),
    (["index.md"], "evidence.pdf: expected a mapping of options, got a list"),
])
def test_each_mistake_is_named(docs: Path, block: object, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse(docs, block)
    assert expected in caught.value.report()


def test_every_mistake_of_the_block_is_reported_at_once(docs: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        parse(docs, {"pages": ["index.md", "tabels.md", 3, "index.md"], "build": "yes please",
                     "shorttitle": "x", "keywords": ["migration", ""]})
    assert [f"{p.field}: {p.message}" for p in caught.value.problems] == [
        "evidence.pdf.build: expected true or false, got 'yes please'",
        "evidence.pdf.keywords[1]: expected text, got ''",
        "evidence.pdf.pages[1]: expected a page of the docs folder, got 'tabels.md'",
        "evidence.pdf.pages[2]: expected a page of the docs folder, got 3",
        "evidence.pdf.pages[3]: page 'index.md' is listed twice",
        "evidence.pdf.shorttitle: unknown option 'shorttitle'",
    ]
    assert isinstance(caught.value, EvidenceError)  # the one root the CLI and plugin catch


# ---------------------------------------------------------------------------------------------
# The plugin's own options, in the site build and the CLI alike


@pytest.mark.slow
def test_a_bad_option_is_reported_with_its_place_by_the_build_and_the_cli(mini: Path) -> None:
    config = mini / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "  - evidence\n", "  - evidence:\n      citation_mode: footnote\n"
                          "      stale_after_days: soon\n      edition_dat: 2026-01-01\n"))
    lines = config.read_text().splitlines()

    def at(text: str, word: str) -> str:
        line = next(i for i, t in enumerate(lines, 1) if text in t)
        return f"mkdocs.yml:{line}:{lines[line - 1].index(word) + 1}"

    expected = [
        f"{at('citation_mode', 'footnote')}: evidence.citation_mode: expected one of "
        "'author-date', 'footnotes', got 'footnote'\n  hint: did you mean 'footnotes'?",
        f"{at('edition_dat', 'edition_dat')}: evidence.edition_dat: unknown option "
        "'edition_dat'\n  hint: did you mean 'edition_date'?",
        f"{at('stale_after_days', 'soon')}: evidence.stale_after_days: expected a whole "
        "number, got 'soon'",
    ]
    built = mkdocs_build(mini)
    assert built.returncode != 0
    validated = evidence_cli(mini, "validate")
    assert validated.returncode == 1
    for message in expected:
        assert message in built.stderr
        assert message in validated.stdout
    assert not (mini / "site").exists()


# ---------------------------------------------------------------------------------------------
# The project's identity


def test_identity_defaults_invent_nothing(tmp_path: Path) -> None:
    identity = read_config(tmp_path / "mkdocs.yml", {}, SiteInfo()).identity
    assert (identity.authors, identity.organisation, identity.funder, identity.repository,
            identity.site, identity.doi, identity.iati.identifier) == ((), "", "", "", "", "", "")
    assert (identity.licence, identity.licence_name, identity.licence_url) == (
        "CC-BY-4.0", "Creative Commons Attribution 4.0 International",
        "https://creativecommons.org/licenses/by/4.0/")


def test_identity_is_read_from_the_file_with_positions(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - evidence:\n      identity:\n"
        "        authors: [the contributors to the living review]\n"
        "        licence: CC-BY-40\n"
        "        repository: github.com/owner/repo\n"
        "        doi: https://doi.org/10.5281/zenodo.1234567\n"
        "        iati: {identifier: 'not an id', type: '80'}\n"
        "        licence_notes: x\n")
    with pytest.raises(ConfigError) as caught:
        load_project_config(tmp_path)
    assert [str(p).splitlines()[0] for p in caught.value.problems] == [
        "mkdocs.yml:6:18: evidence.identity.licence: expected an SPDX licence identifier, got "
        "'CC-BY-40'",
        "mkdocs.yml:7:21: evidence.identity.repository: expected an http or https address, got "
        "'github.com/owner/repo'",
        "mkdocs.yml:9:28: evidence.identity.iati.identifier: expected an IATI organisation "
        "identifier such as 'XM-DAC-41114', got 'not an id'",
        "mkdocs.yml:10:9: evidence.identity.licence_notes: unknown option 'licence_notes'",
    ]
    hints = {p.field: p.hint for p in caught.value.problems}
    assert hints["evidence.identity.licence"] == "did you mean 'CC-BY-4.0'?"
    assert hints["evidence.identity.licence_notes"] == "did you mean 'licence_notice'?"


def test_the_report_options_that_moved_to_identity_say_where(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - evidence:\n      pdf:\n        pages: [index.md]\n"
        "        authors: [Someone]\n        organisation: An institute\n"
        "        series: A series\n        place: A city\n        url: https://example.org/\n")
    with pytest.raises(ConfigError) as caught:
        load_project_config(tmp_path)
    found = [(str(p).splitlines()[0], p.hint) for p in caught.value.problems]
    moved = [("authors", "authors", 6), ("organisation", "organisation", 7),
             ("series", "series", 8), ("place", "place", 9), ("url", "site", 10)]
    assert found == [
        (f"mkdocs.yml:{line}:9: evidence.pdf.{old}: '{old}' has moved to the identity block, "
         f"as 'identity.{new}'",
         f"move it under 'identity:' (beside 'pdf:') as '{new}:'; the report, the Word edition "
         "and the data downloads all read it there") for old, new, line in moved]


def test_a_doi_is_kept_bare(tmp_path: Path) -> None:
    options = read_config(tmp_path / "mkdocs.yml",
                          {"identity": {"doi": "https://doi.org/10.5281/zenodo.1234567"}},
                          SiteInfo())
    assert options.identity.doi == "10.5281/zenodo.1234567"
