"""The review's views against the records: every count on the built pages is recomputed here
from the YAML files alone (not through the project's code), then compared with the HTML.

What a reader relies on: a number in a matrix is the number of activities it links to; a gap is
a cell with none; a country page lists every record that mentions the country; adding a record
changes exactly the cells it belongs to.
"""

from __future__ import annotations

import re
import textwrap
from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlparse

import pytest
import yaml
from helpers import REPO, mkdocs_build, resolve

pytestmark = pytest.mark.slow  # full site builds

LAC = {  # the 33 states of Latin America and the Caribbean (UN M49), written out again here
    "Antigua and Barbuda": "AG", "Argentina": "AR", "Bahamas": "BS", "Barbados": "BB",
    "Belize": "BZ", "Bolivia": "BO", "Brazil": "BR", "Chile": "CL", "Colombia": "CO",
    "Costa Rica": "CR", "Cuba": "CU", "Dominica": "DM", "Dominican Republic": "DO",
    "Ecuador": "EC", "El Salvador": "SV", "Grenada": "GD", "Guatemala": "GT", "Guyana": "GY",
    "Haiti": "HT", "Honduras": "HN", "Jamaica": "JM", "Mexico": "MX", "Nicaragua": "NI",
    "Panama": "PA", "Paraguay": "PY", "Peru": "PE", "Saint Kitts and Nevis": "KN",
    "Saint Lucia": "LC", "Saint Vincent and the Grenadines": "VC", "Suriname": "SR",
    "Trinidad and Tobago": "TT", "Uruguay": "UY", "Venezuela": "VE",
}


# -- the records, read without the project's code -----------------------------------------------


def read_records(project: Path) -> dict[str, dict[str, dict]]:
    out: dict[str, dict[str, dict]] = defaultdict(dict)
    for path in sorted((project / "evidence").glob("*/*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out[path.parent.name][path.stem] = data
    return out


def codes(values: list[str] | None) -> list[str]:
    return [v.upper() for v in values or []]  # the fixture writes one code in lower case


def activity_countries(activity: dict) -> set[str]:
    found = set(codes(activity.get("countries")))
    for site in activity.get("sites", []):
        found |= set(codes(site.get("countries")))
    return found


def activity_orgs(activity: dict) -> set[str]:
    orgs = {p["organisation"] for p in activity.get("participants", [])}
    return orgs | {b["funder"] for b in activity.get("budget", []) if b.get("funder")}


def mentions(record: dict) -> set[str]:
    found = set(codes(record.get("countries")))
    if isinstance(record.get("country"), str):
        found.add(record["country"].upper())
    for site in record.get("sites", []):
        found |= set(codes(site.get("countries")))
    return found | set(codes(record.get("participant_countries")))


def expected_cells(records: dict, row_of: str, column_of: str) -> Counter[tuple[str, str]]:
    """Activities per (row, column), rows and columns each one of theme, country, organisation."""
    cells: Counter[tuple[str, str]] = Counter()
    for activity in records["activities"].values():
        values = {"theme": set(activity.get("themes", [])),
                  "country": activity_countries(activity),
                  "organisation": activity_orgs(activity)}
        for row in values[row_of]:
            for column in values[column_of]:
                cells[(row, column)] += 1
    return cells


# -- the built pages, read as a reader's browser would -----------------------------------------


class Tables(HTMLParser):
    """Every table of a page's article: its caption and its cells (class, link, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self.cell: dict | None = None
        self.in_caption = False
        self.in_region = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "table":
            self.tables.append({"caption": "", "cells": [], "class": a.get("class", ""),
                                "columns": []})
        elif tag == "caption":
            self.in_caption = True
        elif tag == "th" and self.tables and a.get("scope") == "col":
            self.cell = {"column": True, "text": ""}
        elif tag == "td" and self.tables:
            self.cell = {"class": a.get("class", ""), "href": None, "text": "",
                         "label": a.get("title", "")}
        elif tag == "a" and self.cell is not None and not self.cell.get("column"):
            if "ev-via-region" in a.get("class", ""):  # the region layer, counted apart
                self.cell["region_href"] = a.get("href")
                self.in_region = True
            else:
                self.cell["href"] = a.get("href")
                self.cell["label"] = a.get("aria-label", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self.in_region = False
        if tag == "td" and self.cell is not None:
            self.tables[-1]["cells"].append(self.cell)
            self.cell = None
        elif tag == "th" and self.cell is not None and self.cell.get("column"):
            self.tables[-1]["columns"].append(self.cell["text"].strip())
            self.cell = None
        elif tag == "caption":
            self.in_caption = False

    def handle_data(self, data: str) -> None:
        if self.in_caption:
            self.tables[-1]["caption"] += data
        elif self.cell is not None and self.in_region:
            self.cell["region_text"] = self.cell.get("region_text", "") + data
        elif self.cell is not None:
            self.cell["text"] += data


def table(page: Path, caption: str) -> dict:
    parser = Tables()
    parser.feed(page.read_text(encoding="utf-8"))
    found = [t for t in parser.tables if t["caption"] == caption]
    assert len(found) == 1, f"{page}: no table captioned {caption!r}"
    return found[0]


def counted_cells(page: Path, caption: str, row: str, column: str
                  ) -> tuple[Counter[tuple[str, str]], int]:
    """(row, column) → the number shown, read from each cell's link; and the gap cells."""
    shown: Counter[tuple[str, str]] = Counter()
    gaps = 0
    for cell in table(page, caption)["cells"]:
        if "ev-gap" in cell["class"]:
            gaps += 1
        if not cell["href"]:
            continue
        query = dict(parse_qsl(urlparse(cell["href"]).query))
        shown[(query[row], query[column])] = int(cell["text"])
    return shown, gaps


@pytest.fixture(scope="module")
def built(repo_site: Path) -> Path:
    return repo_site


@pytest.fixture(scope="module")
def records() -> dict[str, dict[str, dict]]:
    return read_records(REPO)


# -- the evidence gap map: tests/render/test_gap_map.py ------------------------------------------


# -- who does what where ------------------------------------------------------------------------


@pytest.mark.parametrize(("caption", "row", "column"), [
    ("Activities by organisation and theme", "organisation", "theme"),
    ("Activities by country and organisation", "country", "organisation"),
])
def test_who_what_where_matrices(built: Path, records: dict, caption: str, row: str,
                                 column: str) -> None:
    shown, _ = counted_cells(built / "who-what-where" / "index.html", caption, row, column)
    assert shown == expected_cells(records, row, column)


# -- country and theme pages ---------------------------------------------------------------------


REGION_SECTION = 'id="region-wide-work"'
"""Where a country page's region-wide work starts (tests/render/test_region_pages.py)."""


def linked_records(page: Path, part: str = "named") -> set[str]:
    """Records a page's article links to: on a country page, those listed as naming it
    ("named", before its region-wide section) or those of that section ("region")."""
    html = page.read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    named, _, region = article.partition(REGION_SECTION)
    article = named if part == "named" else region
    found = set()
    for href in re.findall(r'href="([^"?#]+)"', article):
        target = resolve(page.parents[2], page, href)
        if target is not None and len(target.relative_to(page.parents[2]).parts) == 3:
            collection, ident, _ = target.relative_to(page.parents[2]).parts
            found.add(f"{collection}/{ident}")
    return found


LISTED = ("activities", "mechanisms", "strategies", "mieux-actions", "figures", "events",
          "findings", "recommendations", "organisations")


def test_every_mentioned_country_has_a_page_listing_its_records(built: Path,
                                                                 records: dict) -> None:
    by_country: dict[str, set[str]] = defaultdict(set)
    for collection in LISTED:
        for ident, record in records[collection].items():
            for code in mentions(record):
                by_country[code].add(f"{collection}/{ident}")
    pages = {p.parent.name.upper() for p in (built / "countries").glob("*/index.html")}
    # and the states of Latin America and the Caribbean that region-wide work covers
    # (tests/render/test_region_pages.py checks those sections)
    assert set(by_country) <= pages
    assert pages - set(by_country) <= set(LAC.values())
    for code in ("CO", "MX", "HT", "CA"):
        page = built / "countries" / code.lower() / "index.html"
        assert by_country[code] <= linked_records(page), code
        # and nothing else is listed as a record of the country (organisations linked from
        # activity rows are allowed: they are the activities' participants)
        extra = {r for r in linked_records(page) - by_country[code]
                 if not r.startswith("organisations/")}
        assert not extra, (code, extra)


def test_theme_pages_list_the_records_on_the_theme(built: Path, records: dict) -> None:
    def themes_of(record: dict) -> set[str]:
        found = set(record.get("themes", []))
        stack = [*record.get("structure", []), *record.get("institutional_development", [])]
        while stack:
            item = stack.pop()
            found |= set(item.get("themes", []))
            stack += item.get("items", [])
        return found

    theme = "border-management"
    expected = {f"{c}/{i}" for c in LISTED for i, r in records[c].items()
                if theme in themes_of(r)}
    listed = linked_records(built / "themes" / theme / "index.html")
    assert expected <= listed
    assert not {r for r in listed - expected if not r.startswith("organisations/")}


# -- filters: what the rows carry ----------------------------------------------------------------


def test_activity_rows_carry_what_the_filters_match(built: Path, records: dict) -> None:
    html = (built / "activities" / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr ([^>]*data-country[^>]*)>(.*?)</tr>", html)
    assert len(rows) == len(records["activities"])
    for attrs, body in rows:
        data = dict(re.findall(r'data-([a-z-]+)="([^"]*)"', attrs))
        ident = re.search(r'href="([^"]+)/"', body).group(1).rstrip("/").split("/")[-1]
        activity = records["activities"][ident]
        assert set(data["country"].split()) == activity_countries(activity)
        assert set(data["theme"].split()) == set(activity.get("themes", []))
        assert set(data["organisation"].split()) == activity_orgs(activity)
        period = activity.get("period") or {}
        if period.get("start") and period.get("end"):
            assert data["year"].split() == [str(y) for y in range(period["start"],
                                                                    period["end"] + 1)]
    # without JavaScript the whole table shows: the filter form is hidden, no row is
    assert re.search(r'<form class="ev-filters"[^>]* hidden', html)
    assert " hidden" not in "".join(a for a, _ in rows)


# -- adding a record changes exactly its cells ---------------------------------------------------


NEW_ACTIVITY = textwrap.dedent("""\
    id: project-y
    title: Project Y
    kind: project
    participants:
      - {organisation: office-c, role: implementing}
    countries: [PE, HT]
    themes: [integration, border-management]
    sources:
      - {key: doc-a, locator: "sec. 4"}
    last_reviewed: 2026-01-15
    """)


def org_theme_cells(site: Path) -> Counter[tuple[str, str]]:
    return counted_cells(site / "who-what-where" / "index.html",
                         "Activities by organisation and theme", "organisation", "theme")[0]


def test_a_new_activity_changes_exactly_its_cells(mini: Path) -> None:
    assert mkdocs_build(mini, "--site-dir", "before").returncode == 0
    (mini / "evidence" / "activities" / "project-y.yaml").write_text(NEW_ACTIVITY)
    result = mkdocs_build(mini, "--site-dir", "after")
    assert result.returncode == 0, result.stderr
    # its gap-map cells: tests/render/test_gap_map.py
    before, after = org_theme_cells(mini / "before"), org_theme_cells(mini / "after")
    changed = {k for k in before.keys() | after.keys() if before[k] != after[k]}
    assert changed == {("office-c", "integration"), ("office-c", "border-management")}
    # Peru and Haiti get pages listing it; the activities index offers the new values
    for code in ("pe", "ht"):
        page = mini / "after" / "countries" / code / "index.html"
        assert "activities/project-y" in linked_records(page)
    assert not (mini / "before" / "countries" / "pe").exists()


# -- macros on hand-written pages ------------------------------------------------------------------


VIEWS_PAGE = textwrap.dedent("""\
    # Views

    ## Duplications

    {{ duplications() }}

    ## Gaps

    {{ mechanism_gaps() }}

    ## Activities of donor B

    {{ activities(organisation="donor-b", role="funding") }}

    ## Agency A implementing

    {{ activities(organisation="agency-a", role="funding") }}

    The figure: {{ figure("figure-f") }}.
    """)

SECOND_MECHANISM = textwrap.dedent("""\
    id: network-q
    name: Network Q
    kind: network
    level: regional
    countries: [CO, EC]
    themes: [integration, border-management]
    sources:
      - {key: doc-a, locator: "sec. 5"}
    last_reviewed: 2026-01-15
    """)


def test_macros_compute_duplications_gaps_and_filtered_lists(mini: Path) -> None:
    (mini / "docs" / "views.md").write_text(VIEWS_PAGE)
    mechanisms = mini / "evidence" / "mechanisms"
    (mechanisms / "network-q.yaml").write_text(SECOND_MECHANISM)
    first = mechanisms / "platform-p.yaml"
    first.write_text(first.read_text().replace("themes: [integration]",
                                               "themes: [integration]\ncountries: [CO, PE]"))
    result = mkdocs_build(mini)
    assert result.returncode == 0, result.stderr
    html = (mini / "site" / "views" / "index.html").read_text(encoding="utf-8")
    dup = html[html.index('id="duplications"'):html.index('id="gaps"')]
    # integration is in CO for both; nothing else is shared
    rows = re.findall(r'<tr data-theme="([^"]+)" data-mechanisms="([^"]+)">(.*?)</tr>', dup)
    assert [(t, m) for t, m, _ in rows] == [("integration", "network-q platform-p")]
    assert re.findall(r'data-country="([A-Z]{2})"', rows[0][2]) == ["CO"]
    gaps = html[html.index('id="gaps"'):html.index('id="activities-of-donor-b"')]
    named = set(re.findall(r">([^<>]+)</a>", gaps)) | set(
        re.findall(r"(?:, |</strong> )([A-Z][A-Za-z ]+?)(?=,|\.)", gaps))
    uncovered = {name for name, code in LAC.items() if code not in {"CO", "EC", "PE"}}
    assert uncovered <= named
    assert not {"Colombia", "Ecuador", "Peru"} & named
    donor = html[html.index('id="activities-of-donor-b"'):html.index('id="agency-a-implementing"')]
    assert "project-x" in donor
    agency = html[html.index('id="agency-a-implementing"'):]
    # nothing to show: no table and no "No activities match." inside the page's prose
    assert "No activities match" not in agency
    assert "<table" not in agency[:agency.index("The figure:")]
    # the figure's value as its source qualifies it, cited like any citation of the page
    assert re.search(r"The figure: more than 16,000 activities <span class=\"citation\" "
                     r'data-cites="doc-a">\(<a [^>]*href="#ref-doc-a"[^>]*>Agency A, 2020</a>, '
                     r"sec\. 5\)</span>\.", html)


def test_a_macro_naming_a_missing_record_fails_the_build(mini: Path) -> None:
    (mini / "docs" / "views.md").write_text('# Views\n\n{{ activities(organisation="nobody") }}\n')
    result = mkdocs_build(mini)
    assert result.returncode != 0
    assert "no organisation with id 'nobody'" in result.stderr
    assert "evidence/organisations/nobody.yaml does not exist" in result.stderr


# -- charts and the map ---------------------------------------------------------------------------


def test_theme_chart_and_map_count_the_activities(built: Path, records: dict) -> None:
    themes: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    for activity in records["activities"].values():
        themes.update(set(activity.get("themes", [])))
        countries.update(activity_countries(activity))
    html = (built / "themes" / "index.html").read_text(encoding="utf-8")
    bars = re.findall(r'<a href="\.\./activities/\?theme=([a-z-]+)" aria-label="[^"]*: '
                      r'(\d+) activit', html)
    assert {t: int(n) for t, n in bars} == dict(themes)
    html = (built / "countries" / "index.html").read_text(encoding="utf-8")
    shown = {code.upper(): int(n) for code, n in re.findall(
        r'<a href="([a-z]{2})/"[^>]*aria-label="[^"]*: (\d+) activit', html)}
    on_map = {c: n for c, n in countries.items() if c in shown}
    assert shown == on_map and len(shown) >= 10


def test_mieux_chart_counts_actions_by_area(built: Path, records: dict) -> None:
    areas: Counter[str] = Counter()
    for action in records["mieux-actions"].values():
        areas.update(action.get("mieux_areas", []))
    labels = {a["id"]: a["label"] for a in yaml.safe_load(
        (REPO / "evidence" / "themes.yaml").read_text(encoding="utf-8"))["mieux_areas"]}
    html = (built / "review" / "mieux" / "index.html").read_text(encoding="utf-8")
    shown = dict(re.findall(r'aria-label="([^"]+): (\d+) actions?"', html))
    assert {labels[a]: int(n) for a, n in areas.items()} == {
        k: int(v) for k, v in shown.items() if int(v)}
    assert set(shown) == set(labels.values())


def test_coordination_page_duplications_and_gaps(built: Path, records: dict) -> None:
    cover: dict[tuple[str, str], set[str]] = defaultdict(set)
    for ident, mechanism in records["mechanisms"].items():
        for theme in mechanism.get("themes", []):
            for country in codes(mechanism.get("countries")):
                cover[(theme, country)].add(ident)
    expected = {cell: ids for cell, ids in cover.items() if len(ids) >= 2}
    html = (built / "review" / "coordination" / "index.html").read_text(encoding="utf-8")
    shown: dict[tuple[str, str], set[str]] = {}
    for theme, ids, body in re.findall(
            r'<tr data-theme="([^"]+)" data-mechanisms="([^"]+)">(.*?)</tr>', html):
        for country in re.findall(r'data-country="([A-Z]{2})"', body):
            assert (theme, country) not in shown, "a pair listed twice"
            shown[(theme, country)] = set(ids.split())
    assert shown == expected and expected
    covered = {c for m in records["mechanisms"].values() for c in codes(m.get("countries"))}
    uncovered = sorted(name for name, code in LAC.items() if code not in covered)
    counts = re.findall(r'<span class="ev-count">(\d+)</span>\):</strong>', html)
    all_themes = {t["id"] for t in yaml.safe_load(
        (REPO / "evidence" / "themes.yaml").read_text(encoding="utf-8"))["themes"]}
    covered_themes = {t for m in records["mechanisms"].values() for t in m.get("themes", [])}
    assert [int(n) for n in counts] == [len(uncovered), len(all_themes - covered_themes)]


def test_comparison_gives_a_sentence_many_rows_repeat_once(built: Path, records: dict) -> None:
    """The IOM strategy's Annex 2 adds the same sentence to many mechanisms' IOM role; the
    comparison table gives it once, under the table, and marks the rows that had it."""
    sentence = ("IOM will prioritize engagement with it: Annex 2 lists it among the regional "
                "processes and initiatives")
    having = sorted(ident for ident, m in records["mechanisms"].items()
                    if sentence in " ".join((m.get("iom_role") or "").split()))
    assert len(having) >= 3
    html = (built / "review" / "coordination" / "index.html").read_text(encoding="utf-8")
    start = html.index("ev-comparison")
    part = html[start:html.index("</table>", start)]
    assert sentence not in part  # no row repeats it
    rows = re.findall(r"<tr>(.*?)</tr>", part)
    marked = sorted(re.search(r'href="[^"]*mechanisms/([a-z0-9-]+)/', row).group(1)  # type: ignore[union-attr]
                    for row in rows if 'href="#ev-comparison-note-a"' in row)
    assert marked == having
    note = re.search(r'<p class="ev-table-note" id="ev-comparison-note-a">(.*?)</p>', html)
    assert note and sentence in note.group(1) and html.count(sentence) == 1


def test_the_key_findings_box_cites_its_sources(built: Path) -> None:
    """The box's body is indented, as an admonition's is: its citations are citations, not
    text ('[@k4dd-donor-mapping, sec. 1]' was printed as written)."""
    source = (REPO / "docs" / "review" / "index.md").read_text(encoding="utf-8")
    body = source[source.index("!!! key-findings"):].split("\n\n", 2)[1]
    written = len(re.findall(r"\[@[^\]]+\]", body))
    assert written >= 1
    html = (built / "review" / "index.html").read_text(encoding="utf-8")
    box = re.search(r'<div class="admonition key-findings">(.*?)</div>', html, re.S)
    assert box, "no key-findings box"
    assert "[@" not in box.group(1)
    assert len(re.findall(r'class="ev-cite"', box.group(1))) >= written
