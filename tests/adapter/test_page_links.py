"""Every record page and hand-written page links to GitHub's web editor for its file ("Edit
this record" edits the record's YAML) and to the error report form prefilled with the page's
address and the record's file, when mkdocs.yml sets `repo_url`; without it, neither shows.
The expected addresses are written from GitHub's URL scheme (`/edit/<branch>/<path>`,
`/issues/new?template=<form>&<field id>=<value>`), with a fixture repository."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from helpers import REPO, mkdocs_build

from macros.adapter.links import page_actions
from macros.render.text import writing_language

FIXTURE_REPO = "https://github.com/example-org/example-review"
SITE = "https://example.org/review/"
FORMS = REPO / ".github" / "ISSUE_TEMPLATE"


class _Actions(HTMLParser):
    """The links of the page actions: (text, href, rel) of each."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[list[str]] = []
        self.depth = 0
        self.current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "nav" and a.get("class") == "ev-page-actions":
            self.depth = 1
        elif tag == "a" and self.depth:
            self.current = ["", a.get("href") or "", a.get("rel") or ""]

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.current is not None:
            self.links.append(self.current)
            self.current = None
        elif tag == "nav":
            self.depth = 0

    def handle_data(self, data: str) -> None:
        if self.current is not None:
            self.current[0] += data.strip()


def actions(page: Path) -> list[list[str]]:
    parser = _Actions()
    parser.feed(page.read_text("utf-8"))
    return parser.links


def form_ids(name: str) -> set[str]:
    form = yaml.safe_load((FORMS / name).read_text("utf-8"))
    return {field["id"] for field in form["body"] if "id" in field}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from helpers import copy_mini

    project = copy_mini(tmp_path_factory.mktemp("links") / "mini")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        'site_url: ""', f"site_url: {SITE}\nrepo_url: {FIXTURE_REPO}\nedit_uri: edit/main/docs/"
    ).replace("  name: material\n", f"  name: material\n  custom_dir: {REPO / 'overrides'}\n"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def report_fields(href: str) -> dict[str, str]:
    parts = urlsplit(href)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{FIXTURE_REPO}/issues/new"
    return {k: v[0] for k, v in parse_qs(parts.query).items()}


@pytest.mark.slow  # a full build
def test_a_record_page_edits_its_yaml_and_reports_with_its_id(site: Path) -> None:
    links = actions(site / "organisations" / "agency-a" / "index.html")
    assert [(text, rel) for text, _, rel in links] == [("Edit this record", "edit"),
                                                       ("Report an error", "")]
    assert links[0][1] == f"{FIXTURE_REPO}/edit/main/evidence/organisations/agency-a.yaml"
    fields = report_fields(links[1][1])
    assert fields == {"template": "report-an-error.yml",
                      "page": f"{SITE}organisations/agency-a/",
                      "record": "evidence/organisations/agency-a.yaml"}
    assert (FORMS / fields["template"]).is_file()
    assert set(fields) - {"template"} <= form_ids(fields["template"])  # the form's field ids


@pytest.mark.slow
def test_every_record_page_edits_its_own_file(site: Path) -> None:
    mini = REPO / "tests" / "fixtures" / "mini" / "evidence"
    records = sorted(p.relative_to(mini.parent).as_posix()
                     for p in mini.glob("*/*.yaml"))
    assert len(records) > 5
    for record in records:
        collection, name = record.split("/")[1:]
        links = actions(site / collection / name.removesuffix(".yaml") / "index.html")
        assert links[0] == ["Edit this record", f"{FIXTURE_REPO}/edit/main/{record}", "edit"]
        assert report_fields(links[1][1])["record"] == record


@pytest.mark.slow
def test_a_hand_written_page_edits_its_markdown(site: Path) -> None:
    links = actions(site / "citations" / "index.html")
    assert links[0] == ["Edit this page", f"{FIXTURE_REPO}/edit/main/docs/citations.md", "edit"]
    assert report_fields(links[1][1]) == {"template": "report-an-error.yml",
                                          "page": f"{SITE}citations/"}


@pytest.mark.slow
def test_without_repo_url_no_page_shows_the_links(mini: Path) -> None:
    config = mini / "mkdocs.yml"
    assert "repo_url" not in config.read_text()
    config.write_text(config.read_text().replace(
        "  name: material\n", f"  name: material\n  custom_dir: {REPO / 'overrides'}\n"))
    result = mkdocs_build(mini)
    assert result.returncode == 0, result.stderr
    for page in (mini / "site").rglob("*.html"):
        text = page.read_text("utf-8")
        assert "ev-page-actions" not in text and 'rel="edit"' not in text, page


def test_spanish_pages_link_the_spanish_form_with_spanish_labels() -> None:
    page = cast(Any, SimpleNamespace(file=SimpleNamespace(src_uri="activities/project-x.md"),
                                     canonical_url=f"{SITE}es/activities/project-x/",
                                     url="es/activities/project-x/"))
    config = cast(Any, SimpleNamespace(repo_url=FIXTURE_REPO + "/"))
    records = {"activities/project-x.md": "evidence/activities/project-x.yaml"}
    with writing_language("es"):
        shown = page_actions(page, config, records)
    assert shown is not None
    assert (shown["edit"], shown["report"]) == ("Editar este registro", "Informar un error")
    fields = report_fields(shown["report_url"])
    assert fields["template"] == "report-an-error-es.yml" and (FORMS / fields["template"]).is_file()
    assert set(fields) - {"template"} <= form_ids("report-an-error-es.yml")
    assert page_actions(page, cast(Any, SimpleNamespace(repo_url="")), records) is None
