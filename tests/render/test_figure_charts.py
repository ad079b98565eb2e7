"""The figures as charts, against the YAML files read here (not through the project's code):
each series' bars are its figures' values in order, its map has every country's value, its CSV
holds exactly its figures, and Table 1 sorts by the numbers themselves."""

from __future__ import annotations

import csv
import io
import re
from html import unescape
from pathlib import Path

import pytest
import yaml
from helpers import REPO

pytestmark = pytest.mark.slow  # a full site build

SERIES = {"canada-refugee-resettlement", "gni-per-capita", "hdi", "inform-risk", "gci-rank",
          "gci-score"}


def figures(indicator: str) -> list[dict]:
    out = []
    for path in sorted((REPO / "evidence" / "figures").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("indicator") == indicator:
            out.append(data)
    return out


def section(page: str, heading: str) -> str:
    start = page.index(f">{heading}<a class=\"headerlink\"")
    end = page.find("<h2", start)
    return page[start:end if end > 0 else None]


def titles(html: str) -> list[str]:
    """The tooltips of a chart's bars (or a map's countries), in the page's order."""
    return [unescape(t) for t in re.findall(r"<title>([^<]*)</title>", html)]


def usd(value: float) -> str:
    """An amount in US dollars as CLDR's British English writes it below a million: the
    symbol US$ before the digits ('US$65,760')."""
    return f"US${number(value)}"


def number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


@pytest.fixture(scope="module")
def page(repo_site: Path) -> str:
    return (repo_site / "charts" / "index.html").read_text(encoding="utf-8")


def test_every_series_has_its_csv(repo_site: Path) -> None:
    assert {p.stem for p in (repo_site / "charts").glob("*.csv")} == SERIES


def test_canada_resettlement_over_the_years(repo_site: Path, page: str) -> None:
    wanted = sorted(figures("canada-refugee-resettlement"), key=lambda f: f["year"])
    assert [f["year"] for f in wanted] == [2016, 2017, 2018, 2019, 2020, 2021]
    chart = section(page, "Refugee resettlement in Canada")
    bars = titles(chart)
    assert len(bars) == 6
    for bar, figure in zip(bars, wanted, strict=True):
        assert bar.startswith(str(figure["year"]))
        assert bar.endswith(f": {number(figure['value'])} refugees")
    # the targets say they are targets, in their own words
    assert "target" in bars[4] and "target" not in bars[0]
    rows = list(csv.DictReader(io.StringIO(
        (repo_site / "charts" / "canada-refugee-resettlement.csv").read_text())))
    assert [(r["figure"], r["year"], float(r["value"])) for r in rows] == [
        (f["id"], str(f["year"]), float(f["value"])) for f in wanted]
    # its source and locators, and the date its figures were last reviewed
    assert "sec. 3.2" in chart and "fn. 50" in chart
    latest = max(str(f["last_reviewed"]) for f in wanted)
    assert f'datetime="{latest}"' in chart


def test_gni_across_countries_as_bars_and_a_map(page: str) -> None:
    wanted = figures("gni-per-capita")
    chart = section(page, "GNI per capita")
    figures_html, _sep, the_map = chart.partition('class="ev-map-svg"')
    bars = titles(figures_html)
    by_value = sorted(wanted, key=lambda f: -f["value"])
    assert [b.rsplit(": ", 1)[1] for b in bars] == [usd(f["value"])
                                                     for f in by_value]
    years = [f["year"] for f in wanted]
    common = max(set(years), key=years.count)
    odd = [f for f in wanted if f["year"] != common]
    assert odd, "every GNI figure of the same year: the other-year label is not tested"
    for f in odd:  # a value of another year says so
        assert any(b.endswith(f"({f['year']}): {usd(f['value'])}") for b in bars)
    # the map: every country of the table with its value, as its tooltip, or under the map
    # for those it does not draw (Canada, the United States)
    shown = titles(the_map)
    note = unescape(the_map[the_map.index("</svg>"):])
    for f in wanted:
        value = usd(f["value"])
        assert any(value in t for t in shown) or value in note, f["id"]
    assert "Canada" in note


def test_table_1_sorts_by_the_numbers(repo_site: Path) -> None:
    html = (repo_site / "review" / "iom-strategy" / "index.html").read_text(encoding="utf-8")
    table = html[html.index('class="ev-table ev-index ev-dataset"'):]
    table = table[:table.index("</table>")]
    sorts = {float(v) for v in re.findall(r'data-sort="([^"]+)"', table)}
    wanted = {float(f["value"]) for i in ("gni-per-capita", "hdi", "inform-risk", "gci-rank",
                                           "gci-score") for f in figures(i)}
    assert sorts == wanted
