"""The coverage report: records per source and section, and unused bibliography entries."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import FIXTURES, article_links, evidence_cli, mkdocs_build, resolve

from macros.evidence.coverage import places


@pytest.mark.parametrize(("locator", "expected"), [
    ("sec. 3.2, EUROFRONT", ["sec. 3.2"]),
    ("sec. 3.2; fn. 6", ["sec. 3.2", "fn. 6"]),
    ("Table 1", ["Table 1"]),
    ("Annex 2, CMC row", ["Annex 2"]),
    ("Mexico II (2016-ongoing)", ["Mexico II (2016-ongoing)"]),
    ("What were the results?", ["What were the results?"]),
    ("Background; What were the results?", ["Background", "What were the results?"]),
])
def test_locators_reduce_to_sections(locator: str, expected: list[str]) -> None:
    assert places(locator) == expected


def test_coverage_command_lists_records_by_source_and_section(mini: Path) -> None:
    result = evidence_cli(mini, "coverage", "--source", "doc-a")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == ("doc-a: 6 records from it, 0 citing it as the original — "
                        "A Report on Migration")
    assert "  sec. 5: 2 — platform-p, figure-f" in lines


def test_unused_entry_is_a_warning_and_an_error_with_strict(mini: Path) -> None:
    with (mini / "bibliography.bib").open("a") as bib:
        bib.write("\n@misc{never-cited,\n  title = {Unused},\n}\n")
    plain = evidence_cli(mini, "validate")
    assert plain.returncode == 0
    assert ("warning: bibliography.bib:13:1: entry 'never-cited' is cited by no record or page\n"
            "  hint: cite it where it is used, or remove it") in plain.stdout
    strict = evidence_cli(mini, "validate", "--strict")
    assert strict.returncode == 1
    assert ("bibliography.bib:13:1: entry 'never-cited' is cited by no record or page"
            in strict.stdout)


@pytest.mark.slow
def test_coverage_page_links_every_record_under_its_sections(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert mkdocs_build(FIXTURES / "mini", "--site-dir", str(site)).returncode == 0
    page = site / "coverage" / "index.html"
    html = page.read_text()
    assert 'id="doc-a"' in html and 'id="doc-b"' in html
    targets = {resolve(site, page, h) for h in article_links(page)}
    for record in (FIXTURES / "mini" / "evidence").glob("*/*.yaml"):
        assert site / record.parent.name / record.stem / "index.html" in targets


def test_an_entry_cited_only_by_a_page_counts_as_used(mini: Path) -> None:
    with (mini / "bibliography.bib").open("a") as bib:
        bib.write("\n@misc{page-only,\n  title = {Cited in a page},\n}\n")
    (mini / "docs" / "extra.md").write_text("# Extra\n\nAs shown [@page-only].\n")
    result = evidence_cli(mini, "validate", "--strict")
    assert result.returncode == 0, result.stdout


def test_unknown_key_in_a_page_fails_validation_with_its_place(mini: Path) -> None:
    (mini / "docs" / "extra.md").write_text("# Extra\n\nAs shown [@doc-aa, p. 3].\n")
    result = evidence_cli(mini, "validate")
    assert result.returncode == 1
    assert ("docs/extra.md:3:11: expected a citation key from bibliography.bib, got 'doc-aa'\n"
            "  hint: did you mean 'doc-a'?") in result.stdout
