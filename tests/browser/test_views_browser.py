"""The gap map, the filters and the charts as a reader uses them, at 1400 px and on a 390 px
phone, in Debian's Chromium: a cell's list of records on hover, keyboard and tap; several
values per facet, free text and the counts per value; "Download this view" writing exactly the
rows shown; axe on the pages with charts and matrices. Every expectation is recomputed from the
YAML files, not through the project's code.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from helpers import ARGS, CHROMIUM, REPO, Watch, serve
from m49_by_hand import REGIONS

pytestmark = pytest.mark.slow  # a real browser

playwright = pytest.importorskip("playwright.sync_api")

AXE = REPO / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = [pytest.param({"width": 1400, "height": 900}, id="1400"),
          pytest.param({"width": 390, "height": 844}, id="390")]
LAYERS = ("activities", "mechanisms", "strategies", "mieux-actions")


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


def watch_at(browser: object, site: str, viewport: dict) -> Watch:
    phone = viewport["width"] < 600
    return Watch(browser, site, viewport=viewport, is_mobile=phone, has_touch=phone)


# -- the records, read from the YAML ---------------------------------------------------------


def records(collection: str) -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted((REPO / "evidence" / collection).glob("*.yaml"))}


def countries_of(record: dict) -> set[str]:
    found = set(record.get("countries") or [])
    return found | {c for s in record.get("sites") or [] for c in s.get("countries") or []}


def themes_of(record: dict) -> set[str]:
    found, stack = set(record.get("themes") or []), list(record.get("structure") or [])
    stack += record.get("institutional_development") or []
    while stack:
        item = stack.pop()
        found |= set(item.get("themes") or [])
        stack += item.get("items") or []
    return found


def cell_records(theme: str, country: str, layer: str = "named") -> set[str]:
    """The records on a theme naming a country, or (layer 'region') covering it only as part
    of an M49 region they name (the regions written out by hand)."""
    def covers(r: dict) -> bool:
        if layer == "named":
            return country in countries_of(r)
        inside = {c for code in r.get("regions") or [] for c in REGIONS[code]}
        return country in inside - countries_of(r)
    return {f"{c}/{i}" for c in LAYERS for i, r in records(c).items()
            if covers(r) and theme in themes_of(r)}


# -- the gap map ---------------------------------------------------------------------------


def listed(popover: object, layer: str = "named") -> set[str]:
    links = popover.locator(f".ev-pop-group[data-layer={layer}] li a")  # type: ignore[attr-defined]
    return {"/".join((links.nth(i).get_attribute("href") or "").strip("/").split("/")[-2:])
            for i in range(links.count())}


def a_cell(page: object, kinds: int = 1) -> tuple[object, str, str]:
    """A cell of the country table holding records of at least `kinds` kinds, in both
    layers."""
    table = page.locator("table.ev-gap-map-countries")  # type: ignore[attr-defined]
    cells = table.locator("td.ev-cell:not([data-region='0']):not([data-total='0'])")
    for i in range(cells.count()):
        cell = cells.nth(i)
        if cell.locator(".ev-marks .ev-mark").count() >= kinds:
            row, column = (cell.get_attribute("headers") or "").split()
            return cell, row.split("-t-")[1], column.rsplit("-", 1)[1]
    raise AssertionError(f"no cell with {kinds} kinds of record")


@pytest.mark.parametrize("viewport", WIDTHS)
def test_a_gap_map_cell_lists_its_records_on_hover_focus_and_tap(browser: object, site: str,
                                                                 viewport: dict) -> None:
    watch = watch_at(browser, site, viewport)
    page = watch.page
    page.goto(site + "gap-map/", wait_until="networkidle")
    cell, theme, country = a_cell(page, kinds=2)
    button, popover = cell.locator("button.ev-cell-button"), cell.locator(".ev-pop")
    wanted = cell_records(theme, country)
    also = cell_records(theme, country, "region")
    assert int(cell.locator(".ev-cell-count").inner_text()) == len(wanted)
    assert cell.locator(".ev-cell-region").inner_text() == f"+{len(also)}" and also
    assert not popover.is_visible()
    if viewport["width"] < 600:
        button.tap()  # a phone has no hover: a tap opens it
    else:
        button.hover()  # hovering opens it, no click
    popover.wait_for(state="visible")
    assert listed(popover) == wanted and listed(popover, "region") == also
    # it lies inside the window, readable, on a phone as on a desktop
    box = popover.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    page.keyboard.press("Escape")
    popover.wait_for(state="hidden")
    # the keyboard: focus the number and press Enter; Tab then reaches the list's links
    button.focus()
    page.keyboard.press("Enter")
    popover.wait_for(state="visible")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('.ev-pop') !== null")
    assert focused
    page.keyboard.press("Escape")
    popover.wait_for(state="hidden")
    # the page itself does not scroll sideways at 390 px: the table scrolls in its own box
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert watch.errors == []


def test_a_gap_map_cell_opens_without_javascript(browser: object, site: str) -> None:
    watch = Watch(browser, site, java_script_enabled=False)
    page = watch.page
    page.goto(site + "gap-map/")
    cell, theme, country = a_cell(page)
    cell.locator("button.ev-cell-button").click()  # an HTML popover needs no script
    cell.locator(".ev-pop").wait_for(state="visible")
    assert listed(cell.locator(".ev-pop")) == cell_records(theme, country)


# -- the filters and the download of a view ------------------------------------------------


def shown_title(record: dict) -> str:
    """How the table writes a record's title: with its acronym in brackets, if it has one."""
    acronym = record.get("acronym")
    return f"{record['title']} ({acronym})" if acronym and acronym != record["title"] \
        else record["title"]


def visible_ids(page: object) -> set[str]:
    rows = page.locator("table.ev-filterable tbody tr:visible")  # type: ignore[attr-defined]
    return {rows.nth(i).get_attribute("data-id") or "" for i in range(rows.count())}


def tick(page: object, facet: str, value: str) -> None:
    details = page.locator(f"form.ev-filters details[data-name={facet}]")  # type: ignore[attr-defined]
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    details.locator(f"input[value='{value}']").check()
    page.keyboard.press("Escape")  # closes the list of values, which covers what is below


def option_count(page: object, facet: str, value: str) -> int:
    label = page.locator(  # type: ignore[attr-defined]
        f"form.ev-filters details[data-name={facet}] label",
        has=page.locator(f"input[value='{value}']"))  # type: ignore[attr-defined]
    return int((label.locator(".ev-facet-count").text_content() or "").strip("()"))


def fetch_download(page: object, fmt: str) -> str:
    with page.expect_download() as info:  # type: ignore[attr-defined]
        page.click(f"form.ev-filters .ev-download button[data-format={fmt}]")  # type: ignore[attr-defined]
    path = info.value.path()
    return Path(path).read_text(encoding="utf-8")


@pytest.mark.parametrize("viewport", WIDTHS)
def test_several_values_free_text_counts_and_the_download_of_the_view(
        browser: object, site: str, viewport: dict) -> None:
    watch = watch_at(browser, site, viewport)
    page = watch.page
    page.goto(site + "activities/", wait_until="networkidle")
    activities = records("activities")
    assert visible_ids(page) == set(activities)
    # each value's count, before any choice: the activities naming that country
    for code in ("CO", "EC"):
        assert option_count(page, "country", code) == sum(
            1 for r in activities.values() if code in countries_of(r))
    tick(page, "country", "CO")
    tick(page, "country", "EC")  # a second value of the same facet widens the view
    wanted = {i for i, r in activities.items() if countries_of(r) & {"CO", "EC"}}
    assert len(wanted) > sum(1 for r in activities.values() if "CO" in countries_of(r)) - 1
    assert visible_ids(page) == wanted
    assert "country=CO" in page.url and "country=EC" in page.url
    # the rows a download writes are the rows shown, with their titles
    rows = list(csv.DictReader(io.StringIO(fetch_download(page, "csv"))))
    assert {r["id"] for r in rows} == wanted and len(rows) == len(wanted)
    assert {r["id"]: r["Activity"] for r in rows} == {i: shown_title(activities[i])
                                                      for i in wanted}
    data = json.loads(fetch_download(page, "json"))
    assert [r["id"] for r in data] == [r["id"] for r in rows]
    # free text: the full title of one of them leaves that one
    one = sorted(wanted)[0]
    page.fill("form.ev-filters input[name=text]", activities[one]["title"].upper())
    page.wait_for_function(
        "document.querySelectorAll('table.ev-filterable tbody tr:not([hidden])').length === 1")
    assert visible_ids(page) == {one}
    assert "text=" in page.url  # not q=, which opens the search of Material
    data = json.loads(fetch_download(page, "json"))
    assert [r["id"] for r in data] == [one]
    # a shared address shows the same view again
    shared = page.url
    page.reload(wait_until="networkidle")
    assert page.url == shared and visible_ids(page) == {one}
    page.click("form.ev-filters button[type=reset]")
    page.wait_for_function("!location.search")
    assert visible_ids(page) == set(activities)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert watch.errors == []


def test_figures_filter_by_several_years(browser: object, site: str) -> None:
    watch = Watch(browser, site)
    page = watch.page
    page.goto(site + "figures/?year=2016&year=2017", wait_until="networkidle")
    figures = records("figures")
    wanted = {i for i, f in figures.items()
              if str(f.get("year") or (f.get("period") or {}).get("start")) in ("2016", "2017")}
    assert wanted and visible_ids(page) == wanted


# -- accessibility --------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", WIDTHS)
@pytest.mark.parametrize("path", ["gap-map/", "countries/co/", "who-what-where/",
                                  "charts/", "activities/"])
def test_no_serious_accessibility_violation_at_both_widths(browser: object, site: str,
                                                           path: str, viewport: dict) -> None:
    watch = watch_at(browser, site, viewport)
    watch.page.goto(site + path, wait_until="networkidle")
    watch.page.add_script_tag(path=str(AXE))
    violations = watch.page.evaluate(
        "async () => (await axe.run()).violations.map(v => ({id: v.id, impact: v.impact, "
        "nodes: v.nodes.length, target: v.nodes[0].target.join(' ')}))")
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
