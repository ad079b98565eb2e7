"""The activities index filtered by a country with its region-wide work, in a real browser:
`activities/?covers=VE` shows exactly the activities that name Venezuela or a region that
contains it (recomputed from the YAML and tests/m49_by_hand.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from helpers import ARGS, CHROMIUM, REPO, Watch, serve
from m49_by_hand import REGIONS

pytestmark = pytest.mark.slow  # a real browser

playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def site(repo_site: Path) -> Iterator[str]:
    httpd, url = serve(repo_site)
    yield url
    httpd.shutdown()


def expected_titles(country: str) -> set[str]:
    titles = set()
    for path in (REPO / "evidence" / "activities").glob("*.yaml"):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        named = {c.upper() for c in record.get("countries", [])}
        named |= {c.upper() for s in record.get("sites", []) for c in s.get("countries", [])}
        inside = set().union(*(REGIONS[r] for r in record.get("regions", [])))
        if country in named | inside:
            titles.add(record["title"])
    return titles


@pytest.mark.parametrize("country", ["VE", "MX"])
def test_filter_by_country_with_region_wide_work(site: str, country: str) -> None:
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        watch = Watch(browser, site)
        watch.page.goto(f"{site}activities/?covers={country}", wait_until="networkidle")
        rows = watch.page.locator("#ev-table-activities tbody tr:visible")
        shown = {rows.nth(i).locator("td").first.inner_text().strip()
                 for i in range(rows.count())}
        browser.close()
    assert shown == expected_titles(country)
    assert watch.errors == []
