"""The report (PDF, DOCX) cites in numbered footnotes by default, as K4DD helpdesk reports do;
the site keeps author-date citations unless its own `citation_mode` says otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from helpers import REPO

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


def test_the_repositorys_report_uses_footnotes_and_its_site_author_date() -> None:
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    block = next(p["evidence"] for p in yaml.safe_load(text.replace("!ENV", ""))["plugins"]
                 if isinstance(p, dict) and "evidence" in p)
    assert block["citation_mode"] == "author-date"
    assert block["pdf"].get("citation_mode", "footnotes") == "footnotes"
