"""Region-wide work on the country pages and the map, recomputed from the YAML files and a
hand-written list of the UN M49 regions (tests/m49_by_hand.py), not through the project's code.

What a reader relies on: Venezuela's page lists DataMIG and the other work that names "Latin
America and the Caribbean" apart from the work that names Venezuela; Mexico's lists UNHCR's
monitoring of "Central America and Mexico" as naming it, and not twice; a record naming a
region adds itself to exactly the pages of that region's countries, and to no named cell.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from helpers import REPO, mkdocs_build
from m49_by_hand import CENTRAL_AMERICA, REGIONS
from test_gap_map import counts as gap_cells
from test_review_pages import LAC, linked_records, mentions, read_records

pytestmark = pytest.mark.slow  # full site builds

WORK = ("activities", "mechanisms", "strategies")


def region_work(records: dict, country: str) -> set[str]:
    """Work naming an M49 region that contains the country, and not the country itself."""
    found = set()
    for collection in WORK:
        for ident, record in records[collection].items():
            inside = set().union(*(REGIONS[r] for r in record.get("regions", [])))
            if country in inside and country not in mentions(record):
                found.add(f"{collection}/{ident}")
    return found


def shown_work(page: Path) -> set[str]:
    return {r for r in linked_records(page, "region") if r.split("/")[0] in WORK}


@pytest.fixture(scope="module")
def records() -> dict[str, dict[str, dict]]:
    return read_records(REPO)


@pytest.mark.parametrize("code", ["VE", "CO", "HT", "MX"])
def test_country_page_lists_region_wide_work_apart(repo_site: Path, records: dict,
                                                   code: str) -> None:
    page = repo_site / "countries" / code.lower() / "index.html"
    expected = region_work(records, code)
    assert expected, f"no region-wide work covers {code}: the records changed?"
    assert shown_work(page) == expected
    named = {f"{c}/{i}" for c in WORK for i, r in records[c].items() if code in mentions(r)}
    assert not expected & linked_records(page, "named") - named
    html = page.read_text(encoding="utf-8")
    name = next(n for n, c in LAC.items() if c == code)
    assert f"Region-wide and subregional work that covers {name}" in html
    n = len(expected)
    assert f"{n} more records cover it as part of a region" in html


def test_region_work_named_in_the_issue_reaches_its_countries(repo_site: Path) -> None:
    ve = repo_site / "countries" / "ve" / "index.html"
    for ident in ("datamig", "citizen-perception-laboratory-migration", "mpi-lac-initiative",
                  "project-turquesa", "r4v-monitoring-and-reporting",
                  "unicef-children-on-the-move-2023", "better-world-for-migrants-lac"):
        assert f"activities/{ident}" in shown_work(ve), ident
    mx = repo_site / "countries" / "mx" / "index.html"
    # "Central America and Mexico": Mexico is named, so it is listed once, as naming it
    assert "activities/unhcr-mixed-movements-monitoring" in linked_records(mx, "named")
    assert "activities/unhcr-mixed-movements-monitoring" not in shown_work(mx)
    gt = repo_site / "countries" / "gt" / "index.html"
    assert "activities/unhcr-mixed-movements-monitoring" in shown_work(gt)
    assert "Central America" in gt.read_text(encoding="utf-8").split('id="region-wide-work"')[1]


def test_every_state_region_wide_work_covers_has_a_page(repo_site: Path, records: dict) -> None:
    covered = {c for c in LAC.values() if region_work(records, c)}
    pages = {p.parent.name.upper() for p in (repo_site / "countries").glob("*/index.html")}
    assert covered <= pages


def test_map_says_both_counts(repo_site: Path, records: dict) -> None:
    html = (repo_site / "countries" / "index.html").read_text(encoding="utf-8")
    for code, name in (("VE", "Venezuela"), ("GT", "Guatemala"), ("CO", "Colombia")):
        named = sum(code in mentions(a) for a in records["activities"].values())
        by_region = len({r for r in region_work(records, code) if r.startswith("activities/")})
        titles = re.findall(rf"<title>{name}: ([^<]*)</title>", html)
        assert titles, name
        words = f"{named} activities" if named > 1 else (
            "1 activity" if named else "no activities")
        assert titles[0] == f"{words}; {by_region} as part of a region", titles[0]
    # a state with no activity of its own that region-wide work covers is dotted, not hatched
    assert re.search(r'class="ev-map-country ev-region-only"[^>]*fill="url\(#ev-region-only-',
                     html)


REGION_ACTIVITY = textwrap.dedent("""\
    id: central-american-monitoring
    title: Central American monitoring
    kind: monitoring
    participants:
      - {organisation: agency-a, role: implementing}
    countries: [MX]
    regions: ['013']
    themes: [integration]
    sources:
      - {key: doc-a, locator: "sec. 4"}
    last_reviewed: 2026-01-15
    """)


def test_a_record_naming_a_region_changes_exactly_its_pages(mini: Path) -> None:
    assert mkdocs_build(mini, "--site-dir", "before").returncode == 0
    (mini / "evidence" / "activities" / "central-american-monitoring.yaml").write_text(
        REGION_ACTIVITY)
    result = mkdocs_build(mini, "--site-dir", "after")
    assert result.returncode == 0, result.stderr
    before, after = gap_cells(mini / "before"), gap_cells(mini / "after")
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert changed == {("integration", "MX")}  # the named layer gains Mexico only
    new = "activities/central-american-monitoring"
    for site in ("before", "after"):
        pages = {p.parent.name.upper()
                 for p in (mini / site / "countries").glob("*/index.html")}
        for code in pages:
            page = mini / site / "countries" / code.lower() / "index.html"
            covered = site == "after" and code in CENTRAL_AMERICA - {"MX"}
            assert (new in shown_work(page)) == covered, (site, code)
            assert (new in linked_records(page, "named")) == (site == "after" and code == "MX")
        if site == "after":  # every Central American state gets its page
            assert pages >= CENTRAL_AMERICA


def test_who_what_where_counts_the_region_layer_apart(repo_site: Path, records: dict) -> None:
    from test_review_pages import activity_orgs, table
    expected: dict[tuple[str, str], int] = {}
    for ident, activity in records["activities"].items():
        for country in LAC.values():
            if f"activities/{ident}" in region_work(records, country):
                for org in activity_orgs(activity):
                    expected[(country, org)] = expected.get((country, org), 0) + 1
    page = repo_site / "who-what-where" / "index.html"
    found = table(page, "Activities by country and organisation")
    columns = found["columns"][1:]
    shown: dict[tuple[str, str], int] = {}
    cells = found["cells"]
    rows = re.findall(r'<tr><th scope="row"><a href="[^"]*countries/([a-z]{2})/', page.read_text(
        encoding="utf-8").split("Activities by country and organisation")[1])
    assert len(cells) == len(rows) * len(columns)
    names = {o: r.get("acronym") or r["name"] for o, r in records["organisations"].items()}
    for i, cell in enumerate(cells):
        if cell.get("region_text"):
            country, org_name = rows[i // len(columns)].upper(), columns[i % len(columns)]
            org = next(o for o, n in names.items() if n == org_name)
            shown[(country, org)] = int(cell["region_text"])
            assert cell["region_href"].endswith(f"countries/{country.lower()}/#region-wide-work")
    assert {k: v for k, v in shown.items() if k[0] in LAC.values()} == expected


def test_activity_rows_carry_both_layers_for_the_filter(repo_site: Path, records: dict) -> None:
    html = (repo_site / "activities" / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr ([^>]*data-covers[^>]*)>(.*?)</tr>", html)
    assert len(rows) == len(records["activities"])
    for attrs, body in rows:
        data = dict(re.findall(r'data-([a-z-]+)="([^"]*)"', attrs))
        ident = re.search(r'href="([^"]+)/"', body).group(1).rstrip("/").split("/")[-1]
        activity = records["activities"][ident]
        inside = set().union(*(REGIONS[r] for r in activity.get("regions", [])))
        assert set(data["covers"].split()) == mentions(activity) | inside, ident
        assert set(data["country"].split()) == mentions(activity), ident
    assert '<input type="checkbox" name="covers"' in html  # a facet of the filter form
