"""The site says how current it is: edition, What's new (page and feed), Needs review, data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import article_links, mkdocs_build, record_page, resolve, two_commits

pytestmark = pytest.mark.slow  # full site builds

OPTIONS = ("  - evidence:\n      edition: 3\n      edition_date: 2026-11-24\n"
           "      stale_after_days: 300\n")


def configure(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - evidence\n", OPTIONS))


def set_reviewed(project: Path, rel: str, date: str) -> None:
    path = project / "evidence" / rel
    path.write_text(path.read_text().replace("2026-01-15", date))


@pytest.fixture
def built(mini: Path) -> tuple[Path, Path]:
    configure(mini)
    set_reviewed(mini, "organisations/donor-b.yaml", "2025-06-01")  # the oldest
    set_reviewed(mini, "mechanisms/platform-p.yaml", "2026-11-01")  # recent enough
    two_commits(mini)
    site = mini / "site"
    result = mkdocs_build(mini, "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    return mini, site


def rows(html: str, table: str) -> list[str]:
    body = html[html.index(f'class="ev-table {table}"'):]
    body = body[body.index("<tbody>"):body.index("</tbody>")]
    return body.split("<tr>")[1:]


def test_whats_new_lists_changes_newest_first_with_links(built: tuple[Path, Path]) -> None:
    _, site = built
    page = site / "whats-new" / "index.html"
    html = page.read_text()
    assert "Edition 3, 24 November 2026" in html
    changes = [r for part in html.split('class="ev-table ev-whats-new"')[1:]
               for r in part[part.index("<tbody>"):part.index("</tbody>")].split("<tr>")[1:]]
    assert len(changes) == 12  # 11 records added, then one changed (one table per day)
    assert "5 Mar 2026" in changes[0] and "changed" in changes[0]
    # What changed in the record (two_commits changes the figure's value), not the subject.
    assert "<td>Changed: Value.</td>" in changes[0] and "Update figure F" not in html
    assert all("added" in row for row in changes[1:])
    targets = {resolve(site, page, h) for h in article_links(page)}
    assert record_page(site, "figures", "figure-f") in targets
    assert site / "feed.json" in targets


def test_feed_carries_the_same_changes(built: tuple[Path, Path]) -> None:
    _, site = built
    feed = json.loads((site / "feed.json").read_text())
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert len(feed["items"]) == 12
    first = feed["items"][0]
    assert first["title"] == "Changed: Activities of Platform P"
    assert first["date_published"] == "2026-03-05T09:00:00Z"  # the commit's time
    assert first["content_text"] == "Changed: Value."
    assert "url" not in first  # no site_url: no link rather than a relative one


def test_needs_review_lists_stale_records_oldest_first(built: tuple[Path, Path]) -> None:
    _, site = built
    html = (site / "needs-review" / "index.html").read_text()
    stale = rows(html, "ev-needs-review")
    # 11 records; platform-p was reviewed 23 days before the edition, within 300 days.
    assert len(stale) == 10
    assert "Donor B" in stale[0] and "541" in stale[0]  # 2025-06-01 → 2026-11-24
    assert not any("mechanisms/platform-p/" in row for row in stale)
    assert any("figures/figure-f/" in row for row in stale)


def test_record_page_says_how_long_before_the_edition_it_was_reviewed(
        built: tuple[Path, Path]) -> None:
    _, site = built
    old = record_page(site, "activities", "project-x").read_text()
    assert "15 January 2026</time>, 313 days before this edition" in old
    assert "needs review</span>" in old
    recent = record_page(site, "mechanisms", "platform-p").read_text()
    assert "23 days before this edition" in recent and "needs review</span>" not in recent


def test_data_downloads_are_published_and_linked(built: tuple[Path, Path]) -> None:
    project, site = built
    page = site / "data" / "index.html"
    targets = {resolve(site, page, h) for h in article_links(page)}
    for folder in (project / "evidence").iterdir():
        if folder.is_dir():
            for suffix in ("csv", "json"):
                assert site / "data" / f"{folder.name}.{suffix}" in targets
    assert site / "data" / "datapackage.json" in targets
    assert all(t.is_file() for t in targets if t is not None)


def test_a_build_outside_git_still_works_without_history(mini: Path) -> None:
    site = mini / "site"
    result = mkdocs_build(mini, "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    assert "The history is not available" in (site / "whats-new" / "index.html").read_text()
    assert json.loads((site / "feed.json").read_text())["items"] == []
