"""The review itself: its records validate and its site builds with no warning."""

from __future__ import annotations

import pytest
from helpers import REPO, evidence_cli, mkdocs_build

pytestmark = pytest.mark.slow  # full site builds


def test_real_evidence_validates() -> None:
    result = evidence_cli(REPO, "validate")
    assert result.returncode == 0, result.stdout


@pytest.mark.weasyprint  # the site build writes the PDF report,
@pytest.mark.pandoc  # formats every citation
@pytest.mark.pagefind  # and indexes every page
def test_real_site_builds_strictly_without_warnings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = mkdocs_build(REPO, "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert (tmp_path / "site" / "activities" / "eurofront" / "index.html").is_file()
