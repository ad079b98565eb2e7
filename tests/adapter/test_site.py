"""A full build of the fixture project: pages, links, backlinks and index pages.

Expectations come from the YAML files read directly, not from the code under test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from helpers import FIXTURES, article_links, mkdocs_build, record_page, resolve

pytestmark = pytest.mark.slow  # full site builds

# Which fields of which collection refer to which collection (the data model, written out).
REFERENCE_FIELDS = {
    "organisations": {"parent": "organisations"},
    "strategies": {"organisations": "organisations", "partners": "organisations"},
    "activities": {"participants.organisation": "organisations", "budget.funder": "organisations",
                   "strategies": "strategies", "mechanisms": "mechanisms"},
    "mieux-actions": {"partners": "organisations", "network": "organisations"},
    "mechanisms": {"leads": "organisations", "members": "organisations",
                   "parent": "mechanisms"},
    "figures": {"about": None},
    "findings": {"mechanisms": "mechanisms"},
    "recommendations": {"organisations": "organisations", "mechanisms": "mechanisms"},
    "events": {"organisers": "organisations", "mieux_actions": "mieux-actions"},
}


def raw_records(project: Path) -> dict[tuple[str, str], dict]:  # type: ignore[type-arg]
    out = {}
    for path in sorted((project / "evidence").glob("*/*.yaml")):
        out[(path.parent.name, path.stem)] = yaml.safe_load(path.read_text())
    return out


def references(collection: str, data: dict) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    found = []
    for field, target in REFERENCE_FIELDS[collection].items():
        name, _, sub = field.partition(".")
        values = data.get(name) or []
        values = values if isinstance(values, list) else [values]
        for value in values:
            value = value.get(sub) if sub else value
            if value is None:
                continue
            if target is None:  # "collection/id"
                found.append(tuple(value.split("/", 1)))
            else:
                found.append((target, value))
    return found  # type: ignore[return-value]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(FIXTURES / "mini", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return FIXTURES / "mini", site


def test_one_page_per_record(built: tuple[Path, Path]) -> None:
    project, site = built
    records = raw_records(project)
    assert len(records) == 11
    for collection, ident in records:
        assert record_page(site, collection, ident).is_file(), (collection, ident)


def test_every_link_in_every_record_page_resolves(built: tuple[Path, Path]) -> None:
    project, site = built
    checked = 0
    for collection, ident in raw_records(project):
        page = record_page(site, collection, ident)
        for href in article_links(page):
            target = resolve(site, page, href)
            if target is not None:
                assert target.is_file(), f"{page}: broken link {href}"
                checked += 1
    assert checked > 30


def test_each_reference_is_a_link_and_each_target_links_back(built: tuple[Path, Path]) -> None:
    project, site = built
    pairs = 0
    for (collection, ident), data in raw_records(project).items():
        page = record_page(site, collection, ident)
        linked = {resolve(site, page, h) for h in article_links(page)}
        for target in references(collection, data):
            target_page = record_page(site, *target)
            assert target_page in linked, f"{collection}/{ident} does not link to {target}"
            backlinks = {resolve(site, target_page, h) for h in article_links(target_page)}
            assert page in backlinks, f"{target} has no backlink to {collection}/{ident}"
            pairs += 1
    assert pairs == 18  # counted by hand from the fixture files


def test_backlinks_are_grouped_under_readable_headings(built: tuple[Path, Path]) -> None:
    _, site = built
    html = record_page(site, "organisations", "agency-a").read_text()
    section = html[html.index('id="referenced-by"'):]
    for heading in ("Activities it implements", "Mechanisms it leads",
                    "Mechanisms it is a member of", "Strategies it owns",
                    "Organisations that are part of it", "Recommendations addressing it"):
        assert heading in section
    donor = record_page(site, "organisations", "donor-b").read_text()
    assert "Activities it funds" in donor
    assert "Strategies naming it a key partner" in donor


def test_index_pages_list_every_record(built: tuple[Path, Path]) -> None:
    project, site = built
    by_collection: dict[str, set[str]] = {}
    for collection, ident in raw_records(project):
        by_collection.setdefault(collection, set()).add(ident)
    for collection, idents in by_collection.items():
        index = site / collection / "index.html"
        targets = {resolve(site, index, h) for h in article_links(index)}
        for ident in idents:
            assert record_page(site, collection, ident) in targets
        noun = {"activities": "activit", "figures": "figure"}.get(collection, "record")
        assert f'<span class="ev-count">{len(idents)} {noun}' in index.read_text()


def test_home_page_counts_records(built: tuple[Path, Path]) -> None:
    project, site = built
    html = (site / "index.html").read_text()
    total = len(raw_records(project))
    assert f"<td>Total</td><td>{total}</td>" in html


def test_record_page_shows_provenance_and_sources(built: tuple[Path, Path]) -> None:
    _, site = built
    html = record_page(site, "activities", "project-x").read_text()
    assert '<time datetime="2026-01-15">15 January 2026</time>' in html
    assert "evidence/activities/project-x.yaml" in html
    assert "A Report on Migration" in html and "sec. 4" in html
    assert "Colombia" in html and "Ecuador" in html  # 'ec' was normalised to EC
    assert "US$25\u00a0million" in html  # CLDR's words: every digit stated
    assert "<strong>two</strong>" in html  # record Markdown is rendered, safely


def test_record_pages_stay_out_of_the_navigation(built: tuple[Path, Path]) -> None:
    _, site = built
    home = (site / "index.html").read_text()
    assert "project-x/" not in home
    assert "activities/" in home  # the collection index is in the navigation
