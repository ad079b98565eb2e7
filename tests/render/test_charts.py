"""Bar charts and the map of Latin America and the Caribbean (macros/render/charts.py, lacmap.py).

Every expectation is computed here from the input (or from the committed map data, read with a
path parser of this file), not taken from the code under test.
"""

from __future__ import annotations

import fnmatch
import itertools
import json
import math
import re
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest
from helpers import REPO, load_script

from macros.model.geography import LAC_SUBREGIONS, SUBREGIONS, country_name
from macros.render.charts import Bar, bar_chart
from macros.render.lacmap import lac_map

DATA = REPO / "macros" / "data" / "lac-countries.json"
LAC = {code for name in LAC_SUBREGIONS for code in SUBREGIONS[name]}
# LAC codes of geography.SUBREGIONS that Natural Earth's 1:50m countries do not carry at all.
NOT_IN_NATURAL_EARTH = {"BV"}  # Bouvet Island
HOSTILE = '<script>alert("x")</script> & \'quotes\' "too" {{ 7*7 }}'


def xml(html: str) -> ET.Element:
    """The figure as XML: fails unless it is well-formed. One line, for a raw HTML block."""
    assert "\n" not in html
    return ET.fromstring(html)


def tag(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def all_of(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if tag(e) == name]


def text(element: ET.Element) -> str:
    return "".join(element.itertext())


def child(element: ET.Element, name: str) -> ET.Element:
    found = [e for e in element if tag(e) == name]
    assert len(found) == 1, f"expected one <{name}> in <{tag(element)}>"
    return found[0]


# ---------------------------------------------------------------------------------------------
# Bar charts


def items(root: ET.Element) -> list[ET.Element]:
    return [g for g in all_of(root, "g") if g.get("role") == "listitem"]


def unit_text(n: int, singular: str, plural: str) -> str:
    return f"{n:,} {singular if n == 1 else plural}"


def test_each_bar_has_its_label_value_link_and_a_length_in_proportion() -> None:
    bars = [Bar("Legal Migration", 3, "../legal/"), Bar("Labour Migration", 12, "../labour/"),
            Bar("Migration and Development", 1, None), Bar("Border management", 0, "../bm/"),
            Bar("Trafficking", 1500, "../t/")]
    root = xml(bar_chart(bars, title="MIEUX actions by area", unit=("action", "actions")))
    assert tag(root) == "figure" and "ev-chart" in root.get("class", "").split()
    assert text(child(root, "figcaption")) == "MIEUX actions by area"
    svg = child(root, "svg")
    assert svg.get("width") == "100%" and svg.get("role") == "list"
    shown = items(root)
    # Longest first; the two bars of 1 keep the order given.
    expected = sorted(bars, key=lambda b: -b.value)
    assert len(shown) == len(expected)
    longest = max(b.value for b in bars)
    # The longest bar leaves room on its right for its value; the others are in proportion.
    longest_width = float(all_of(shown[0], "rect")[0].get("width", "").removesuffix("%"))
    assert 50 <= longest_width <= 90
    for g, bar in zip(shown, expected, strict=True):
        name = f"{bar.label}: {unit_text(bar.value, 'action', 'actions')}"
        assert text(child(g, "title")) == name
        label = [t for t in all_of(g, "text") if "ev-chart-label" in t.get("class", "")]
        assert " ".join(text(t) for t in label).split() == bar.label.split()
        value = [t for t in all_of(g, "text") if "ev-chart-value" in t.get("class", "")]
        assert [text(t) for t in value] == [f"{bar.value:,}"]
        links = all_of(g, "a")
        if bar.href is None:
            assert links == []
        else:
            assert [(a.get("href"), a.get("aria-label")) for a in links] == [(bar.href, name)]
        rects = all_of(g, "rect")
        if bar.value == 0:
            assert rects == []
            continue
        (rect,) = rects
        width = float(rect.get("width", "").removesuffix("%"))
        # Widths are given to 0.01 % of the chart (0.1 px on a wide screen).
        assert abs(width - longest_width * bar.value / longest) <= 0.005 + 1e-9, bar
    assert "1,500" in [text(t) for t in all_of(root, "text")]


def test_singular_unit_and_default_unit() -> None:
    root = xml(bar_chart([Bar("One", 1, "#one"), Bar("Two", 2, "#two")], title="t"))
    assert [a.get("aria-label") for a in all_of(root, "a")] == ["Two: 2 records", "One: 1 record"]


def test_max_bars_keeps_the_longest_and_says_what_is_left_out() -> None:
    bars = [Bar(f"Area {i}", v) for i, v in enumerate([5, 9, 1, 7, 2, 3])]
    root = xml(bar_chart(bars, title="t", unit=("activity", "activities"), max_bars=3))
    labels = [text(t) for t in all_of(root, "text") if "ev-chart-label" in t.get("class", "")]
    assert labels == ["Area 1", "Area 3", "Area 0"]  # 9, 7, 5
    notes = [text(p) for p in all_of(root, "p")]
    assert notes == ["Not shown: 3 more bars (6 activities in all)."]  # 1 + 2 + 3
    whole = xml(bar_chart(bars, title="t", max_bars=6))
    assert len(items(whole)) == 6 and all_of(whole, "p") == []


def test_long_labels_wrap_and_are_cut_with_the_full_text_in_the_tooltip() -> None:
    label = ("Irregular migration, smuggling of migrants and trafficking in human beings, "
             "including the protection of victims and the fight against organised crime in "
             "every country of the region")
    root = xml(bar_chart([Bar(label, 2, "#x")], title="t"))
    (g,) = items(root)
    lines = [text(t).strip() for t in all_of(g, "tspan")]
    assert 2 <= len(lines) <= 3 and all(len(line) <= 60 for line in lines)
    shown = " ".join(lines)
    assert shown.endswith("…") and label.startswith(shown.removesuffix("…"))
    assert len(shown) < len(label)
    assert text(child(g, "title")) == f"{label}: 2 records"
    assert all_of(g, "a")[0].get("aria-label") == f"{label}: 2 records"


def test_hostile_labels_and_links_stay_inert_text() -> None:
    href = 'javascript:alert(1)" onclick="alert(2)'
    root = xml(bar_chart([Bar(HOSTILE, 4, href), Bar(HOSTILE, 1)], title=HOSTILE,
                         unit=("<b>", "<b>s")))
    assert all_of(root, "script") == [] and all_of(root, "b") == []
    assert all(not name.startswith("on") for e in root.iter() for name in e.attrib)
    assert text(child(root, "figcaption")) == HOSTILE
    assert all_of(root, "a")[0].get("href") == href  # an attribute value, never markup
    assert text(child(items(root)[0], "title")) == f"{HOSTILE}: 4 <b>s"


def test_bad_values_are_refused_with_the_bar_named() -> None:
    with pytest.raises(ValueError, match="'Legal' has a negative value"):
        bar_chart([Bar("Legal", -1)], title="t")
    with pytest.raises(ValueError, match="max_bars must be 1 or more"):
        bar_chart([Bar("Legal", 1)], title="t", max_bars=0)


def test_no_bars_gives_a_caption_and_a_note() -> None:
    root = xml(bar_chart([], title="Nothing yet", unit=("action", "actions")))
    assert all_of(root, "svg") == []
    assert [text(p) for p in all_of(root, "p")] == ["No actions to show."]


# ---------------------------------------------------------------------------------------------
# The map data


def map_data() -> dict[str, object]:
    data: dict[str, object] = json.loads(DATA.read_text(encoding="utf-8"))
    return data


def countries() -> dict[str, dict[str, object]]:
    found = map_data()["countries"]
    assert isinstance(found, dict)
    return found


def rings(d: str) -> list[list[tuple[int, int]]]:
    """Absolute points of path data written as 'Mx y' then relative 'l' pairs, 'z' per ring."""
    assert re.fullmatch(r"(M-?\d+ -?\d+l[-\d ]*z)+", d), d[:80]
    out = []
    for start_x, start_y, rest in re.findall(r"M(-?\d+) (-?\d+)l([^z]*)z", d):
        x, y = int(start_x), int(start_y)
        points = [(x, y)]
        numbers = [int(n) for n in re.findall(r"-?\d+", rest)]
        assert len(numbers) % 2 == 0
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            points.append((x, y))
        out.append(points)
    return out


def area(points: list[tuple[int, int]]) -> float:
    pairs = zip(points, points[1:] + points[:1], strict=True)
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairs)) / 2


def test_every_lac_country_natural_earth_carries_is_on_the_map() -> None:
    codes = set(countries())
    missing = LAC - codes
    assert missing == NOT_IN_NATURAL_EARTH, f"not on the map: {sorted(missing)}"
    assert codes <= LAC, f"not in LAC: {sorted(codes - LAC)}"


def test_the_map_data_file_stays_small() -> None:
    assert DATA.stat().st_size < 60_000, "simplify more in scripts/make-lac-map.py"


def test_the_map_data_ships_with_the_package() -> None:
    # Building a wheel needs setuptools from PyPI; the configuration that puts the file in it is
    # read here instead (a wheel built from it was checked to hold macros/data/*.json).
    setuptools = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert any(fnmatch.fnmatch("macros.data", p) for p in setuptools["packages"]["find"]["include"])
    globs = setuptools["package-data"]["macros.data"]
    assert any(fnmatch.fnmatch(DATA.name, glob) for glob in globs)


def test_shapes_lie_inside_the_viewbox_and_keep_their_sizes() -> None:
    left, top, width, height = map_data()["viewBox"]  # type: ignore[misc]
    areas = {}
    for code, shape in countries().items():
        points = [p for ring in rings(str(shape["d"])) for p in ring]
        assert all(left <= x <= left + width and top <= y <= top + height for x, y in points)
        areas[code] = sum(area(ring) for ring in rings(str(shape["d"])))
    # An equal-area projection keeps the ratio of areas. Total areas in km², rounded to
    # 10,000 km² (CIA World Factbook).
    known = {"BR": 8_520_000, "AR": 2_780_000, "MX": 1_960_000, "PE": 1_290_000,
             "CO": 1_140_000, "BO": 1_100_000, "VE": 910_000}
    for code, km2 in known.items():
        ratio = areas[code] / areas["BR"]
        assert math.isclose(ratio, km2 / known["BR"], rel_tol=0.05), (code, ratio)


def test_the_map_is_not_mirrored() -> None:
    def centre(code: str) -> tuple[float, float]:
        points = [p for ring in rings(str(countries()[code]["d"])) for p in ring]
        return (sum(x for x, _ in points) / len(points), sum(y for _, y in points) / len(points))

    assert centre("CL")[0] < centre("AR")[0] < centre("UY")[0]  # west to east
    assert centre("MX")[1] < centre("CO")[1] < centre("PE")[1] < centre("AR")[1]  # north-south
    assert centre("CU")[1] < centre("JM")[1]


def test_small_states_have_markers_that_do_not_overlap() -> None:
    radius = float(map_data()["markerRadius"])  # type: ignore[arg-type]
    left, top, width, height = map_data()["viewBox"]  # type: ignore[misc]
    markers = {c: s["marker"] for c, s in countries().items() if "marker" in s}
    # The Leeward and Windward Islands are too small to click at the map's size.
    assert {"AG", "DM", "GD", "KN", "LC", "VC", "MF", "SX", "AI", "MS", "BL"} <= set(markers)
    assert not {"BR", "MX", "CU", "CO"} & set(markers)
    codes = sorted(markers)
    for i, a in enumerate(codes):
        ax, ay = markers[a]  # type: ignore[misc]
        assert left <= ax - radius and ax + radius <= left + width
        assert top <= ay - radius and ay + radius <= top + height
        for b in codes[i + 1:]:
            bx, by = markers[b]  # type: ignore[misc]
            assert math.hypot(ax - bx, ay - by) >= 2 * radius, (a, b)


# ---------------------------------------------------------------------------------------------
# The map


COUNTS = {"CO": 12, "VE": 9, "MX": 7, "BR": 5, "PE": 4, "HT": 2, "GD": 1, "AW": 3, "TT": 1,
          "CL": 0, "US": 3, "ES": 1}


def map_name(code: str, counts: dict[str, int]) -> str:
    """'Colombia: 12 activities', 'Grenada: 1 activity', 'Chile: no activities'."""
    n = counts.get(code, 0)
    return f"{country_name(code)}: " + (unit_text(n, "activity", "activities") if n
                                        else "no activities")


def link(code: str) -> str | None:
    return None if code == "BO" else f"../countries/{code.lower()}/"


def legend(root: ET.Element) -> list[tuple[str, str]]:
    """(fill of the swatch, text) of each legend item."""
    (ul,) = [u for u in all_of(root, "ul") if "ev-legend" in u.get("class", "")]
    return [(all_of(li, "rect")[0].get("fill", ""), text(li).strip()) for li in ul]


def parse_range(label: str) -> tuple[int, int]:
    """'2–4 activities' → (2, 4); '1 activity' → (1, 1)."""
    low, _, high = label.split()[0].partition("–")
    return int(low.replace(",", "")), int((high or low).replace(",", ""))


def shapes(root: ET.Element) -> dict[str, tuple[ET.Element, ET.Element]]:
    """Country name → (its <a> or <g>, its path), found by the tooltip's country name."""
    (svg,) = [s for s in all_of(root, "svg") if "ev-map-svg" in s.get("class", "")]
    found = {}
    for item in svg:
        if tag(item) in ("a", "g"):
            name = text(child(item, "title")).rsplit(": ", 1)[0]
            assert name not in found
            found[name] = (item, child(item, "path"))
    return found


def test_each_country_is_shaded_by_its_bin_named_and_linked() -> None:
    root = xml(lac_map(COUNTS, href=link, title="Activities by country"))
    assert "ev-map" in root.get("class", "").split()
    assert text(child(root, "figcaption")) == "Activities by country"
    items = legend(root)
    *bins, (none_fill, none_text) = items
    assert none_text == "no activities" and none_fill.startswith("url(#")
    ranges = [(parse_range(label), fill) for fill, label in bins]
    # Bins: contiguous from 1 to the largest count on the map, each its own colour.
    on_map = {c: n for c, n in COUNTS.items() if c in countries()}
    assert ranges[0][0][0] == 1 and ranges[-1][0][1] == max(on_map.values())
    assert all(a[0][1] + 1 == b[0][0] for a, b in itertools.pairwise(ranges))
    assert len({fill for _, fill in ranges}) == len(ranges) <= 5
    drawn = shapes(root)
    assert set(drawn) == {country_name(c) for c in countries()}
    for code in countries():
        n = COUNTS.get(code, 0)
        item, path = drawn[country_name(code)]
        name = map_name(code, COUNTS)
        assert text(child(item, "title")) == name
        if n:
            (fill,) = [f for (low, high), f in ranges if low <= n <= high]
        else:
            fill = none_fill
        assert path.get("fill") == fill, code
        if link(code) is None:
            assert tag(item) == "g"
        else:
            assert tag(item) == "a" and item.get("href") == link(code)
            assert item.get("aria-label") == name
        for circle in all_of(item, "circle"):
            assert circle.get("fill") == fill
    # The pattern the no-records fill points to is defined in the map.
    ids = [p.get("id") for p in all_of(root, "pattern")]
    assert ids == [none_fill.removeprefix("url(#").removesuffix(")")]


def test_darker_shades_for_bigger_counts() -> None:
    root = xml(lac_map({"BR": 100, "AR": 1}, href=link, title="t"))
    *bins, _ = legend(root)

    def luminance(colour: str) -> float:
        r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    shades = [luminance(fill) for fill, _ in bins]
    assert len(shades) == 4 and shades == sorted(shades, reverse=True)


def test_counts_for_places_off_the_map_are_listed_under_it() -> None:
    root = xml(lac_map(COUNTS | {"BV": 2, "PT": 0}, href=link, title="t"))
    (note,) = [p for p in all_of(root, "p") if "ev-chart-note" in p.get("class", "")]
    assert text(note) == ("Not on this map: Bouvet Island (2 activities), Spain (1 activity), "
                          "United States (3 activities).")
    assert [a.get("href") for a in all_of(note, "a")] == [link("BV"), link("ES"), link("US")]


def test_an_empty_count_mapping_draws_every_country_as_no_records() -> None:
    root = xml(lac_map({}, href=lambda code: None, title="Nothing yet",
                       unit=("mechanism", "mechanisms")))
    assert [label for _, label in legend(root)] == ["no mechanisms"]
    drawn = shapes(root)
    assert len(drawn) == len(countries())
    assert all(tag(item) == "g" for item, _ in drawn.values())
    assert {path.get("fill") for _, path in drawn.values()} == {legend(root)[0][0]}
    assert all_of(root, "p") == []


def test_two_maps_on_one_page_do_not_share_an_id() -> None:
    a = xml(lac_map({}, href=link, title="Activities"))
    b = xml(lac_map({}, href=link, title="Mechanisms"))
    assert all_of(a, "pattern")[0].get("id") != all_of(b, "pattern")[0].get("id")


def test_hostile_title_unit_and_links_stay_inert_on_the_map() -> None:
    href = '"><script>alert(1)</script>'
    root = xml(lac_map({"CO": 2}, href=lambda code: href, title=HOSTILE, unit=("<i>", "<i>s")))
    assert all_of(root, "script") == [] and all_of(root, "i") == []
    assert text(child(root, "figcaption")) == HOSTILE
    assert {a.get("href") for a in all_of(root, "a")} == {href}


def test_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="CO has a negative count"):
        lac_map({"CO": -1}, href=link, title="t")


# ---------------------------------------------------------------------------------------------
# In a browser: keyboard, names, accessibility rules


@pytest.mark.slow
def test_keyboard_reaches_every_link_by_its_name_with_no_accessibility_violation(
        tmp_path: Path) -> None:
    browser_tests = pytest.importorskip("test_browser")
    bars = [Bar("Legal Migration", 3, "#legal"), Bar(HOSTILE, 2, "#hostile"),
            Bar("Migration and Development", 1)]
    counts = {"CO": 4, "GD": 1, "MX": 2}
    css = (REPO / "docs" / "assets" / "stylesheets" / "charts.css").read_text()
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Charts</title>'
        f"<style>{css}</style></head><body><main><h1>Charts</h1>"
        f"{bar_chart(bars, title='Actions', unit=('action', 'actions'))}"
        f"{lac_map(counts, href=lambda c: f'#{c}', title='Activities')}</main></body></html>")
    httpd, url = browser_tests.serve(tmp_path)
    try:
        with browser_tests.playwright.sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=browser_tests.CHROMIUM,
                                         args=browser_tests.ARGS)
            page = chromium.new_page()
            page.goto(url)
            names = []
            for _ in range(2 + len(countries())):
                page.keyboard.press("Tab")
                names.append(page.evaluate("document.activeElement.getAttribute('aria-label')"))
            page.add_script_tag(path=str(browser_tests.AXE))
            violations = page.evaluate(
                "async () => (await axe.run()).violations.filter(v => v.impact === 'serious' "
                "|| v.impact === 'critical').map(v => v.id + ' ' + v.nodes[0].target)")
            chromium.close()
    finally:
        httpd.shutdown()
    assert names[:2] == ["Legal Migration: 3 actions", f"{HOSTILE}: 2 actions"]
    expected = {map_name(code, counts) for code in countries()}
    assert set(names[2:]) == expected and len(names[2:]) == len(expected)
    assert violations == []


# ---------------------------------------------------------------------------------------------
# The script that makes the map data


def script() -> ModuleType:
    return load_script("make-lac-map.py")


def test_topojson_arcs_are_decoded_from_deltas_and_the_transform() -> None:
    topology = {"transform": {"scale": [0.5, 2], "translate": [10, 20]},
                "arcs": [[[0, 0], [2, 0], [0, 3]], [[4, 4], [-1, -1]]]}
    assert script().decode_arcs(topology) == [[(10, 20), (11, 20), (11, 26)],
                                              [(12, 28), (11.5, 26)]]


def test_simplification_keeps_the_ends_and_drops_only_small_wiggles() -> None:
    make = script()
    # A tent whose sides wiggle by about 0.03 off two straight lines.
    line = [(0.0, 0.0), (1.0, 1.6), (2.0, 3.4), (3.0, 5.0), (4.0, 2.4), (5.0, 0.0)]
    assert make.douglas_peucker(line, 1.0) == [(0.0, 0.0), (3.0, 5.0), (5.0, 0.0)]
    assert make.douglas_peucker(line, 0.01) == line
