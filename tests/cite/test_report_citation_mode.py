"""The report (PDF, DOCX) cites in numbered footnotes by default, as K4DD helpdesk reports do;
the site keeps author-date citations unless its own `citation_mode` says otherwise."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import FIXTURES, mkdocs_build

from macros.config import SiteInfo, read_config
from macros.errors import ConfigError


def options(tmp_path: Path, block: dict[str, object]):  # type: ignore[no-untyped-def]
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "docs" / "index.md").write_text("# Page\n")
    return read_config(tmp_path / "mkdocs.yml", block, SiteInfo(name="Site"))


def test_the_report_defaults_to_footnotes_the_site_to_author_date(tmp_path: Path) -> None:
    parsed = options(tmp_path, {"pdf": {"pages": ["index.md"]}})
    assert parsed.citation_mode == "author-date"
    assert parsed.pdf is not None and parsed.pdf.citation_mode == "footnotes"


def test_each_mode_is_set_on_its_own(tmp_path: Path) -> None:
    parsed = options(tmp_path, {"citation_mode": "footnotes",
                                "pdf": {"pages": ["index.md"], "citation_mode": "author-date"}})
    assert parsed.citation_mode == "footnotes"
    assert parsed.pdf is not None and parsed.pdf.citation_mode == "author-date"


def test_a_wrong_report_mode_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        options(tmp_path, {"pdf": {"pages": ["index.md"], "citation_mode": "numbered"}})
    assert "evidence.pdf.citation_mode" in str(caught.value)
    assert "'numbered'" in str(caught.value)


@pytest.mark.slow
@pytest.mark.pandoc
def test_mkdocs_build_writes_a_footnoted_report_beside_an_author_date_site(
        tmp_path: Path) -> None:
    """The report fixture with the site in author-date and the report left at its default:
    the site's page cites '(Agency A, 2020, p. 101)' in the text, the PDF that the same
    `mkdocs build` writes holds that citation in a note, not in the text."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "mini", project)
    shutil.copytree(FIXTURES / "report", project, dirs_exist_ok=True)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "        citation_mode: author-date" in text  # the fixture's report mode, removed
    config.write_text(re.sub(r"\n        citation_mode: author-date[^\n]*", "", text),
                      encoding="utf-8")
    result = mkdocs_build(project, "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "review" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"\(<a [^>]*>Agency A, 2020, p\. 101</a>\)", page)
    pdf = subprocess.run(["pdftotext", "-layout", str(tmp_path / "site" / "fixture-review.pdf"),
                          "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", " ", pdf)
    assert "(Agency A, 2020, p. 101)" not in flat
    assert re.search(r"(?<![\w.])1\. [^•]{0,400}?p\. 101\.", flat)  # note 1 holds it
