"""The evidence gap map against the records: every cell recomputed here from the YAML files
alone (not through the project's code), then read back from the built page as a reader's
browser reads it (the cell's headers, its number, its list of records).

What a reader relies on: a number counts the activities, mechanisms, strategies and MIEUX
actions on that theme that name that country, and its list links to exactly those records; its
shapes say which kinds are there; a dash is a cell with none; the columns carry the full names
of the countries; adding a record changes exactly the cells it belongs to.
"""

from __future__ import annotations

import textwrap
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from helpers import REPO, mkdocs_build
from m49_by_hand import REGIONS

pytestmark = pytest.mark.slow  # full site builds

LAYERS = ("activities", "mechanisms", "strategies", "mieux-actions")
SOUTH_AMERICA = {"AR", "BO", "BR", "CL", "CO", "EC", "GY", "PE", "PY", "SR", "UY", "VE"}


# -- the records, read without the project's code -----------------------------------------------


def read_layers(project: Path) -> dict[str, dict]:
    """'collection/id' → the record, for the four kinds of record the gap map counts."""
    out = {}
    for layer in LAYERS:
        for path in sorted((project / "evidence" / layer).glob("*.yaml")):
            out[f"{layer}/{path.stem}"] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return out


def countries_of(record: dict) -> set[str]:
    found = {c.upper() for c in record.get("countries") or []}
    for site in record.get("sites") or []:
        found |= {c.upper() for c in site.get("countries") or []}
    return found


def themes_of(record: dict) -> set[str]:
    """A record's themes, with those of a strategy's pillars, areas and priorities."""
    found = set(record.get("themes") or [])
    stack = list(record.get("structure") or []) + list(
        record.get("institutional_development") or [])
    while stack:
        item = stack.pop()
        found |= set(item.get("themes") or [])
        stack += item.get("items") or []
    return found


def via_region(record: dict) -> set[str]:
    """The countries inside the M49 regions a record names, less those it names."""
    inside = {c for r in record.get("regions") or [] for c in REGIONS[r]}
    return inside - countries_of(record)


def expected_by_country(records: dict[str, dict], layer: str = "named"
                        ) -> dict[tuple[str, str], set[str]]:
    """(theme, country) → the records naming the country (layer 'named'), or covering it
    only as part of a region they name (layer 'region')."""
    cells: dict[tuple[str, str], set[str]] = defaultdict(set)
    for key, record in records.items():
        places = countries_of(record) if layer == "named" else via_region(record)
        for theme in themes_of(record):
            for country in places:
                cells[theme, country].add(key)
    return dict(cells)


# -- the built page -------------------------------------------------------------------------------


class GapMap(HTMLParser):
    """Each gap-map table: its column headers (id → text) and its cells, each with its
    headers, its number, the kinds its shapes show and the records its list links to."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, dict] = {}
        self.table: dict | None = None
        self.header: str | None = None
        self.cell: dict | None = None
        self.in_count = self.in_region = self.in_label = self.in_caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "table" and "ev-gap-map" in a.get("class", ""):
            self.table = {"caption": "", "columns": {}, "cells": []}
        elif self.table is None:
            return
        elif tag == "caption":
            self.in_caption = True
        elif tag == "th" and a.get("scope") == "col" and a.get("id"):
            self.header = a["id"]
            self.table["columns"][self.header] = ""
        elif tag == "td":
            self.cell = {"headers": a.get("headers", "").split(), "gap": "ev-gap" in
                         a.get("class", ""), "count": "", "kinds": set(), "links": set(),
                         "region_links": set(), "region": "", "label": "", "layer": "named"}
        elif self.cell is not None:
            css = a.get("class", "")
            if "ev-cell-label" in css:
                self.in_label = True
            if "ev-cell-count" in css:
                self.in_count = True
            if "ev-cell-region" in css:
                self.in_region = True
            if "ev-pop-group" in css:
                self.cell["layer"] = a.get("data-layer", "named")
            if "ev-marks" in css:
                self.cell["in_marks"] = True
            if "ev-mark-" in css and self.cell.get("in_marks") and not self.cell.get("in_pop"):
                self.cell["kinds"].add(css.split("ev-mark-")[1].split()[0])
            if "ev-pop" in css.split():
                self.cell["in_pop"] = True
                self.cell["in_marks"] = False
            if tag == "li":
                self.cell["in_li"] = True
            if tag == "a" and self.cell.get("in_li"):
                parts = a["href"].strip("/").split("/")
                which = "links" if self.cell["layer"] == "named" else "region_links"
                self.cell[which].add(f"{parts[-2]}/{parts[-1]}")

    def handle_endtag(self, tag: str) -> None:
        if self.table is None:
            return
        if tag == "table":
            self.tables[self.table["caption"]] = self.table
            self.table = None
        elif tag == "caption":
            self.in_caption = False
        elif tag == "th":
            self.header = None
        elif tag == "span":
            self.in_count = self.in_region = self.in_label = False
        elif tag == "li" and self.cell is not None:
            self.cell["in_li"] = False
        elif tag == "td" and self.cell is not None:
            self.table["cells"].append(self.cell)
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.table is None:
            return
        if self.in_caption:
            self.table["caption"] += data
        elif self.header is not None:
            self.table["columns"][self.header] += data
        elif self.cell is not None and self.in_count:
            self.cell["count"] += data
        elif self.cell is not None and self.in_region:
            self.cell["region"] += data
        elif self.cell is not None and self.in_label:
            self.cell["label"] += data


def gap_map(site: Path) -> dict[str, dict]:
    parser = GapMap()
    parser.feed((site / "gap-map" / "index.html").read_text(encoding="utf-8"))
    return parser.tables


def cells(site: Path, caption: str, prefix: str) -> dict[tuple[str, str], dict]:
    """(theme, column) → the cell, from each cell's headers ('ev-gm-country-t-health
    ev-gm-country-CO')."""
    out = {}
    for cell in gap_map(site)[caption]["cells"]:
        if not cell["headers"]:
            continue  # the corner above the themes
        row, column = cell["headers"]
        out[row.removeprefix(f"{prefix}-t-"), column.removeprefix(f"{prefix}-")] = cell
    return out


BY_COUNTRY = "Records by theme and country"


@pytest.fixture(scope="module")
def records() -> dict[str, dict]:
    return read_layers(REPO)


def test_every_cell_counts_and_lists_exactly_its_records(repo_site: Path,
                                                         records: dict) -> None:
    expected = expected_by_country(records)
    shown = cells(repo_site, BY_COUNTRY, "ev-gm-country")
    themes = [t["id"] for t in yaml.safe_load(
        (REPO / "evidence" / "themes.yaml").read_text(encoding="utf-8"))["themes"]]
    columns = {c for _t, c in shown}
    assert {"CO", "VE", "HT", "MX", "BR", "JM"} <= columns
    assert len(shown) == len(themes) * len(columns)  # every theme × every column
    # every kind of record is counted somewhere, not only activities
    assert {k.split("/")[0] for ids in expected.values() for k in ids} == set(LAYERS)
    regional = expected_by_country(records, "region")
    assert regional, "no record names a region: the second layer is not tested"
    for (theme, column), cell in shown.items():
        want = expected.get((theme, column), set())
        also = regional.get((theme, column), set())
        assert cell["links"] == want, (theme, column)
        assert cell["region_links"] == also, (theme, column)
        if want or also:
            assert not cell["gap"] and cell["count"] == (str(len(want)) if want else "")
            assert cell["region"] == (f"+{len(also)}" if also else "")
            assert cell["kinds"] == {k.split("/")[0] for k in want | also}, (theme, column)
            assert cell["label"].startswith(f"{len(want)} record")
        else:
            assert cell["gap"] and cell["count"] == ""
    gaps = sum(1 for c in shown.values() if c["gap"])
    text = (repo_site / "gap-map" / "index.html").read_text(encoding="utf-8")
    assert f"{gaps} of {len(shown)}" in text


def test_region_wide_work_reaches_venezuela_and_guatemala(repo_site: Path,
                                                          records: dict) -> None:
    """DataMIG names Latin America and the Caribbean, UNHCR's monitoring Central America (and
    Mexico by name): both count in the second layer of the countries those regions hold (M49,
    written by hand) and do not name."""
    shown = cells(repo_site, BY_COUNTRY, "ev-gm-country")
    for key, country in (("activities/datamig", "VE"),
                         ("activities/unhcr-mixed-movements-monitoring", "GT")):
        themes = themes_of(records[key])
        assert themes and country in via_region(records[key])
        for theme in themes:
            assert key in shown[theme, country]["region_links"], (key, theme)
            assert key not in shown[theme, country]["links"]


def test_columns_carry_full_country_names(repo_site: Path) -> None:
    columns = gap_map(repo_site)[BY_COUNTRY]["columns"]
    names = {k.removeprefix("ev-gm-country-"): v.strip() for k, v in columns.items()}
    # written out by hand, from ISO 3166-1's short names as the site uses them
    assert names["CO"] == "Colombia"
    assert names["VC"] == "Saint Vincent and the Grenadines"
    assert names["DO"] == "Dominican Republic"
    assert names["TT"] == "Trinidad and Tobago"


def test_south_america_counts_each_record_once(repo_site: Path, records: dict) -> None:
    shown = cells(repo_site, "Records by theme and subregion", "ev-gm-subregion")
    expected: dict[str, set[str]] = defaultdict(set)
    for key, record in records.items():
        if countries_of(record) & SOUTH_AMERICA:
            for theme in themes_of(record):
                expected[theme].add(key)
    got = {t: c["links"] for (t, r), c in shown.items() if r == "south-america" and c["links"]}
    assert got == dict(expected)


def test_segments_are_grouped_and_named_in_plain_words(repo_site: Path) -> None:
    text = (repo_site / "gap-map" / "index.html").read_text(encoding="utf-8")
    form = text[text.index('<form class="ev-segments"'):]
    form = form[:form.index("</form>")]
    for group in ("Kind of record", "Kind of organisation taking part",
                  "Status of activities"):
        assert f'<optgroup label="{group}">' in form
    assert ">UN entities<" in form and ">Coordination mechanisms<" in form
    for raw in (">un entity<", ">eu body<", ">implementation<"):
        assert raw not in form


NEW_MECHANISM = textwrap.dedent("""\
    id: network-y
    name: Network Y
    kind: network
    level: regional
    countries: [PE, HT]
    themes: [integration, border-management]
    sources:
      - {key: doc-a, locator: "sec. 5"}
    last_reviewed: 2026-01-15
    """)


def counts(site: Path) -> dict[tuple[str, str], int]:
    return {k: int(c["count"]) for k, c in cells(site, BY_COUNTRY, "ev-gm-country").items()
            if c["count"]}


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


@pytest.mark.parametrize(("collection", "ident", "text"), [
    ("mechanisms", "network-y", NEW_MECHANISM), ("activities", "project-y", NEW_ACTIVITY)])
def test_a_new_record_changes_exactly_its_cells(mini: Path, collection: str, ident: str,
                                                text: str) -> None:
    assert mkdocs_build(mini, "--site-dir", "before").returncode == 0
    (mini / "evidence" / collection / f"{ident}.yaml").write_text(text)
    result = mkdocs_build(mini, "--site-dir", "after")
    assert result.returncode == 0, result.stderr
    before, after = counts(mini / "before"), counts(mini / "after")
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert changed == {(t, c) for t in ("integration", "border-management") for c in ("PE", "HT")}
    assert all(after[k] == before.get(k, 0) + 1 for k in changed)
    listed = cells(mini / "after", BY_COUNTRY, "ev-gm-country")
    assert f"{collection}/{ident}" in listed["integration", "PE"]["links"]
    assert collection in listed["integration", "PE"]["kinds"]


NEW_REGIONAL = textwrap.dedent("""\
    id: project-z
    title: Project Z
    kind: project
    participants:
      - {organisation: office-c, role: implementing}
    regions: ['005']
    themes: [integration]
    sources:
      - {key: doc-a, locator: "sec. 6"}
    last_reviewed: 2026-01-15
    """)


def region_counts(site: Path) -> dict[tuple[str, str], str]:
    return {k: c["region"] for k, c in cells(site, BY_COUNTRY, "ev-gm-country").items()
            if c["region"]}


def test_a_new_region_wide_record_changes_exactly_the_second_layer(mini: Path) -> None:
    assert mkdocs_build(mini, "--site-dir", "before").returncode == 0
    (mini / "evidence" / "activities" / "project-z.yaml").write_text(NEW_REGIONAL)
    result = mkdocs_build(mini, "--site-dir", "after")
    assert result.returncode == 0, result.stderr
    assert counts(mini / "before") == counts(mini / "after")  # no country named
    before, after = region_counts(mini / "before"), region_counts(mini / "after")
    columns = {c for _t, c in cells(mini / "after", BY_COUNTRY, "ev-gm-country")}
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    # South America (M49 005, written by hand), less what the fixture names in that cell
    named = expected_by_country(read_layers(mini))
    wanted = {("integration", c) for c in REGIONS["005"] & columns
              if "activities/project-z" not in named.get(("integration", c), set())}
    assert wanted and changed == wanted
    listed = cells(mini / "after", BY_COUNTRY, "ev-gm-country")
    assert all("activities/project-z" in listed[k]["region_links"] for k in wanted)
