"""The home page leads to the tools: on a phone (390 px wide), without opening the menu, a
reader sees the map and plain links to who does what where, the gap map, countries and themes,
and each link opens its page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import ARGS, CHROMIUM, Watch, serve

pytestmark = pytest.mark.slow  # a real browser

playwright = pytest.importorskip("playwright.sync_api")

ENTRY_POINTS = {  # link text → the page it opens and that page's heading
    "Who does what where": ("who-what-where/", "Who does what where"),
    "Evidence gap map": ("gap-map/", "Evidence gap map"),
    "Countries": ("countries/", "Countries"),
    "Themes": ("themes/", "Themes"),
}


@pytest.fixture(scope="module")
def site(repo_site: Path) -> Iterator[str]:
    httpd, url = serve(repo_site)
    yield url
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def test_home_page_entry_points_are_visible_on_a_phone(browser: object, site: str) -> None:
    watch = Watch(browser, site, viewport={"width": 390, "height": 844})
    page = watch.page
    page.goto(site, wait_until="networkidle")
    # the menu is closed: Material's drawer toggle is unchecked and its navigation off-screen
    assert not page.locator("#__drawer").is_checked()
    article = page.locator("article")
    for text, (href, _) in ENTRY_POINTS.items():
        link = article.get_by_role("link", name=text, exact=True)
        assert link.count() == 1, text
        assert link.is_visible(), text
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, (text, box)
        assert (link.get_attribute("href") or "").rstrip("/").endswith(href.rstrip("/"))
    # the map is on the page, drawn within the phone's width
    svg = article.locator("svg.ev-map-svg")
    assert svg.is_visible()
    box = svg.bounding_box()
    assert box is not None and box["width"] <= 390
    assert watch.errors == [] and watch.failed == [] and watch.foreign == []


@pytest.mark.parametrize("text", list(ENTRY_POINTS))
def test_each_entry_point_opens_its_page(browser: object, site: str, text: str) -> None:
    watch = Watch(browser, site, viewport={"width": 390, "height": 844})
    page = watch.page
    page.goto(site, wait_until="networkidle")
    page.locator("article").get_by_role("link", name=text, exact=True).click()
    href, heading = ENTRY_POINTS[text]
    page.wait_for_url(f"**/{href}")
    assert page.locator("h1").first.inner_text().strip().rstrip("¶") == heading
