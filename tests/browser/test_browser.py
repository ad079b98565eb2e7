"""What a reader does, in a real browser: Playwright driving Debian's Chromium.

The built review is served on 127.0.0.1; every request must stay there.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from helpers import ARGS, CHROMIUM, REPO, Watch, copy_mini, mkdocs_build, serve

pytestmark = pytest.mark.slow  # a real browser

playwright = pytest.importorskip("playwright.sync_api")

AXE = REPO / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"

PAGES = ["", "about/", "coverage/", "organisations/", "organisations/iom/", "strategies/",
         "strategies/iom-regional-strategy-cnac-2020-2024/", "activities/",
         "activities/eurofront/", "mieux-actions/", "mieux-actions/mexico-ii/", "mechanisms/",
         "mechanisms/r4v/", "figures/", "figures/r4v-partner-organisations/", "findings/",
         "recommendations/", "events/", "bibliography/", "whats-new/", "needs-review/",
         "data/", "who-what-where/", "gap-map/", "countries/", "countries/co/", "themes/",
         "themes/border-management/", "review/", "review/mieux/", "review/iom-strategy/",
         "review/coordination/"]


@pytest.fixture(scope="module")
def site(repo_site: Path) -> Iterator[str]:
    httpd, url = serve(repo_site)
    yield url
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    assert Path(CHROMIUM).exists(), "install Debian chromium: scripts/install-system-deps"
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_with_no_error_and_no_outside_request(browser: object, site: str,
                                                         path: str) -> None:
    watch = Watch(browser, site)
    response = watch.page.goto(site + path, wait_until="networkidle")
    assert response is not None and response.status == 200
    assert watch.page.locator("h1").first.is_visible()
    assert watch.errors == [] and watch.failed == [] and watch.foreign == []


def search(page: object, base: str, query: str) -> list[str]:
    page.goto(base, wait_until="networkidle")  # type: ignore[attr-defined]
    field = page.locator("input.md-search__input")  # type: ignore[attr-defined]
    field.click()
    # Material says "Initializing search" until its worker has loaded the index.
    page.wait_for_function(  # type: ignore[attr-defined]
        "document.querySelector('.md-search-result__meta').textContent.includes('Type to')",
        timeout=15_000)
    field.press_sequentially(query, delay=20)  # typed, as Material listens to key presses
    results = page.locator(".md-search-result__item a")  # type: ignore[attr-defined]
    results.first.wait_for(timeout=10_000)
    return [results.nth(i).get_attribute("href") or "" for i in range(results.count())]


def test_search_finds_a_record_by_acronym_and_opens_it(browser: object, site: str) -> None:
    watch = Watch(browser, site)
    hrefs = search(watch.page, site, "EUROFRONT")
    assert any("activities/eurofront/" in h for h in hrefs[:3]), hrefs
    watch.page.locator(".md-search-result__item a[href*='activities/eurofront/']").first.click()
    watch.page.wait_for_url("**/activities/eurofront/**")
    assert "EUROFRONT" in watch.page.locator("h1").first.inner_text()


def test_search_finds_a_record_by_a_word_of_its_description(browser: object, site: str) -> None:
    watch = Watch(browser, site)
    hrefs = search(watch.page, site, "xenophobia")
    assert any("citizen-perception-laboratory-migration" in h for h in hrefs), hrefs


def test_reference_and_backlink_round_trip(browser: object, site: str) -> None:
    watch = Watch(browser, site)
    page = watch.page
    page.goto(site + "activities/eurofront/")
    page.locator("table.ev-facts a", has_text="International Organization for Migration").click()
    page.wait_for_url("**/organisations/iom/")
    backlinks = page.locator("ul.ev-backlinks a", has_text="EUROFRONT")
    backlinks.first.click()
    page.wait_for_url("**/activities/eurofront/")
    assert watch.errors == []


def test_hostile_records_fire_no_dialog_and_run_no_script(browser: object,
                                                          tmp_path: Path) -> None:
    project = tmp_path / "mini"
    copy_mini(project)
    payload = ("<script>alert(1)</script> <img src=x onerror=alert(2)> "
               "<svg onload=alert(3)> [x](javascript:alert(4)) {{ 7*7 }}")
    path = project / "evidence" / "activities" / "project-x.yaml"
    data = yaml.safe_load(path.read_text())
    data.update(title=f"X {payload}", description=payload, results=[payload], notes=[payload])
    path.write_text(yaml.safe_dump(data))
    assert mkdocs_build(project, "--site-dir", str(project / "site")).returncode == 0
    httpd, base = serve(project / "site")
    try:
        watch = Watch(browser, base)
        for where in ("activities/project-x/", "activities/", "organisations/agency-a/"):
            watch.page.goto(base + where, wait_until="networkidle")
            for link in watch.page.locator("article a").all():
                assert not (link.get_attribute("href") or "").startswith("javascript:")
        watch.page.goto(base + "activities/project-x/", wait_until="networkidle")
        article = watch.page.locator("article")
        # The payload is shown as text, and none of it became an element.
        assert "<script>alert(1)</script> <img src=x onerror=alert(2)>" in article.inner_text()
        assert "{{ 7*7 }}" in article.inner_text()
        assert article.locator("script, img, svg[onload]").count() == 0
        assert watch.dialogs == [] and watch.errors == []
    finally:
        httpd.shutdown()


def test_mobile_viewport_shows_navigation_and_usable_tables(browser: object, site: str) -> None:
    watch = Watch(browser, site, viewport={"width": 375, "height": 740}, is_mobile=True)
    page = watch.page
    page.goto(site + "activities/", wait_until="networkidle")
    # The page itself never scrolls sideways; a wide table scrolls inside its own box.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    box = page.locator(".ev-scroll").first
    assert box.evaluate("e => getComputedStyle(e).overflowX") == "auto"
    page.locator("label.md-header__button[for='__drawer']").click()
    nav = page.locator("nav.md-nav--primary a", has_text="Coordination mechanisms").first
    nav.wait_for(state="visible")
    nav.click()
    page.wait_for_url("**/mechanisms/")


@pytest.mark.parametrize("path", ["", "activities/", "activities/?country=CO",
                                  "activities/eurofront/",
                                  "strategies/iom-regional-strategy-cnac-2020-2024/",
                                  "coverage/", "gap-map/", "who-what-where/", "countries/co/",
                                  "review/", "review/coordination/", "review/iom-strategy/",
                                  "review/mieux/", "countries/"])
def test_no_serious_accessibility_violation(browser: object, site: str, path: str) -> None:
    watch = Watch(browser, site)
    watch.page.goto(site + path, wait_until="networkidle")
    watch.page.add_script_tag(path=str(AXE))
    violations = watch.page.evaluate(
        "async () => (await axe.run()).violations.map(v => ({id: v.id, impact: v.impact, "
        "nodes: v.nodes.length, target: v.nodes[0].target.join(' ')}))")
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], serious


# -- filters and the gap map ------------------------------------------------------------------


def expected_activities(**wanted: str) -> set[str]:
    """Activity ids matching country / theme filters, read from the YAML files."""
    found = set()
    for path in (REPO / "evidence" / "activities").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        countries = set(data.get("countries", [])) | {
            c for s in data.get("sites", []) for c in s.get("countries", [])}
        if "country" in wanted and wanted["country"] not in countries:
            continue
        if "theme" in wanted and wanted["theme"] not in data.get("themes", []):
            continue
        found.add(data["id"])
    return found


def visible_activities(page: object) -> set[str]:
    rows = page.locator("table.ev-filterable tbody tr:visible td:first-child a")  # type: ignore[attr-defined]
    return {(rows.nth(i).get_attribute("href") or "").strip("/").split("/")[-1]
            for i in range(rows.count())}


def check(page: object, facet: str, value: str) -> None:
    """Tick a value of a facet of the filter form, opening its disclosure first."""
    details = page.locator(f"form.ev-filters details[data-name={facet}]")  # type: ignore[attr-defined]
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    details.locator(f"input[value='{value}']").check()


def test_filters_narrow_the_table_and_live_in_the_address(browser: object, site: str) -> None:
    watch = Watch(browser, site)
    page = watch.page
    page.goto(site + "activities/", wait_until="networkidle")
    total = len(expected_activities())
    assert len(visible_activities(page)) == total
    # The facets are check boxes now (several values each, issue 18), changed on purpose.
    check(page, "country", "CO")
    check(page, "theme", "border-management")
    wanted = expected_activities(country="CO", theme="border-management")
    assert wanted and visible_activities(page) == wanted
    assert "country=CO" in page.url and "theme=border-management" in page.url
    status = page.locator(".ev-filter-status").inner_text()
    assert f"Showing {len(wanted)} of {total}" in status
    shared = page.url
    page.reload(wait_until="networkidle")  # a shared link shows the same view
    assert page.url == shared
    assert page.locator("input[name=country][value=CO]").is_checked()
    assert visible_activities(page) == wanted
    page.click("form.ev-filters button[type=reset]")
    page.wait_for_function("!location.search")
    assert len(visible_activities(page)) == total
    assert watch.errors == []


def test_without_javascript_the_full_table_shows(browser: object, site: str) -> None:
    watch = Watch(browser, site, java_script_enabled=False)
    watch.page.goto(site + "activities/?country=CO")
    assert not watch.page.locator("form.ev-filters").is_visible()
    rows = watch.page.locator("table.ev-filterable tbody tr")
    assert rows.count() == len(expected_activities())
    assert all(rows.nth(i).is_visible() for i in range(rows.count()))


def gap_map_records(theme: str, country: str) -> set[str]:
    """'collection/id' of the activities, mechanisms, strategies and MIEUX actions on a theme
    that name a country, read from the YAML files (a strategy's themes include its items')."""
    found = set()
    for collection in ("activities", "mechanisms", "strategies", "mieux-actions"):
        for path in (REPO / "evidence" / collection).glob("*.yaml"):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            countries = set(data.get("countries", [])) | {
                c for s in data.get("sites", []) for c in s.get("countries", [])}
            themes, stack = set(data.get("themes", [])), list(data.get("structure", []))
            stack += data.get("institutional_development", [])
            while stack:
                item = stack.pop()
                themes |= set(item.get("themes", []))
                stack += item.get("items", [])
            if country in countries and theme in themes:
                found.add(f"{collection}/{data['id']}")
    return found


def popover_records(popover: object) -> set[str]:
    links = popover.locator(".ev-pop-group[data-layer=named] li a")  # type: ignore[attr-defined]
    return {"/".join((links.nth(i).get_attribute("href") or "").strip("/").split("/")[-2:])
            for i in range(links.count()) if links.nth(i).is_visible()}


def test_a_gap_map_cell_opens_its_records_and_their_activities(browser: object,
                                                               site: str) -> None:
    # Changed on purpose with the readable gap map (issue 18): a cell's number no longer
    # navigates; it opens the list of its records on the page, whose last link leads to the
    # cell's activities in the filtered list of activities.
    watch = Watch(browser, site)
    page = watch.page
    page.goto(site + "gap-map/", wait_until="networkidle")
    table = page.locator("table", has=page.locator("caption", has_text="theme and country"))
    cell = table.locator("td.ev-cell[headers$='-CO']", has=page.locator(".ev-pop-more")).first
    theme = (cell.get_attribute("headers") or "").split()[0].split("-t-")[1]
    count = int(cell.locator(".ev-cell-count").inner_text())
    cell.locator("button.ev-cell-button").click()
    popover = cell.locator(".ev-pop")
    popover.wait_for(state="visible")
    assert page.url == site + "gap-map/"  # still on the page
    wanted = gap_map_records(theme, "CO")
    assert popover_records(popover) == wanted and len(wanted) == count
    popover.locator(".ev-pop-more a").click()
    page.wait_for_url("**/activities/?*")
    page.locator("form.ev-filters:not([hidden])").wait_for()
    shown = visible_activities(page)
    assert shown == {k.split("/")[1] for k in wanted if k.startswith("activities/")}
    # gaps are marked as such, and open nothing
    page.goto(site + "gap-map/", wait_until="networkidle")
    gap = table.locator("td.ev-gap").first
    assert "gap" in (gap.get_attribute("title") or "")
    assert gap.locator("a, button").count() == 0


def test_gap_map_segment_filter(browser: object, site: str) -> None:
    watch = Watch(browser, site)
    page = watch.page
    page.goto(site + "gap-map/?segment=organisation-kind:bilateral-donor",
              wait_until="networkidle")
    assert page.input_value("form.ev-segments select") == "organisation-kind:bilateral-donor"
    # a cell's link to its activities carries the segment (the cells are buttons now)
    links = page.locator("td.ev-cell .ev-pop-more a")
    hrefs = {links.nth(i).get_attribute("href") for i in range(min(links.count(), 20))}
    assert all("organisation-kind=bilateral-donor" in (h or "") for h in hrefs)
    assert page.locator("td.ev-segment-gap").count() > 0
    page.select_option("form.ev-segments select", "")
    assert "segment" not in page.url
    assert page.locator("td.ev-segment-gap").count() == 0
    assert watch.errors == []
