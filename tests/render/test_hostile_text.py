"""Record text is data: HTML and template syntax in any text field is shown, never run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from helpers import copy_mini, mkdocs_build, record_page

pytestmark = pytest.mark.slow  # full site builds

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "{{ 7*7 }}",
    "{% raw %}",
    "</title><script>alert(2)</script>",
]
TEXT = " ".join(HOSTILE)


def hostile_activity() -> dict:  # type: ignore[type-arg]
    return {
        "id": "project-x", "title": f"Project {TEXT}", "acronym": TEXT, "kind": "project",
        "participants": [{"organisation": "agency-a", "role": "implementing"}],
        "countries": ["CO"], "scope": TEXT, "sites": [{"name": TEXT, "countries": ["CO"]}],
        "budget": [{"amount": 1, "currency": "USD", "note": TEXT,
                    "sources": [{"key": "doc-a", "locator": TEXT}]}],
        "description": f"{TEXT}\n\n[click](javascript:alert(3))", "results": [TEXT],
        "notes": [TEXT], "url": "https://example.org/?q=<script>",
        "sources": [{"key": "doc-a", "locator": TEXT}], "last_reviewed": "2026-01-15",
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:

    project = tmp_path_factory.mktemp("hostile") / "mini"
    copy_mini(project)
    (project / "evidence/activities/project-x.yaml").write_text(
        yaml.safe_dump(hostile_activity(), allow_unicode=True))
    org = project / "evidence/organisations/agency-a.yaml"
    data = yaml.safe_load(org.read_text())
    data["name"] = f"Agency {TEXT}"
    data["description"] = TEXT
    org.write_text(yaml.safe_dump(data, allow_unicode=True))
    out = project / "site"
    result = mkdocs_build(project, "--site-dir", str(out))
    assert result.returncode == 0, result.stderr
    return out


def pages(site: Path) -> list[Path]:
    return [record_page(site, "activities", "project-x"),
            record_page(site, "organisations", "agency-a"),
            record_page(site, "mechanisms", "platform-p"),  # shows the agency's name in links
            site / "activities" / "index.html"]


@pytest.mark.parametrize("which", range(4))
def test_hostile_text_appears_literally_and_inert(site: Path, which: int) -> None:
    html = pages(site)[which].read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "{{ 7*7 }}" in html and "{% raw %}" in html
    # Nothing was executed or evaluated: no live tag, no Jinja result.
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "</title><script>" not in html
    assert "Project 49" not in html and "Agency 49" not in html


def test_title_and_header_stay_escaped(site: Path) -> None:
    html = record_page(site, "activities", "project-x").read_text()
    title = html[html.index("<title>"): html.index("</title>") + len("</title>")]
    assert "&lt;script&gt;" in title
    assert title.count("</title>") == 1


def test_unsafe_link_in_text_is_not_a_link(site: Path) -> None:
    html = record_page(site, "activities", "project-x").read_text()
    assert "javascript:" not in html
    assert "<span>click</span>" in html


def test_search_index_keeps_text_escaped(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text())
    docs = [d for d in index["docs"] if d["location"].startswith("activities/project-x/")]
    assert docs
    blob = json.dumps(docs)
    assert "<script>alert" not in blob
