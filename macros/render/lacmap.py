"""A map of Latin America and the Caribbean shaded by a count per country, as inline SVG.

The shapes come from macros/data/lac-countries.json (Natural Earth, made by
scripts/make-lac-map.py; see macros/data/README.md). Each country is shaded by the bin its
count falls in, or hatched when it has none; the legend gives the bins as text, and each
country's tooltip and accessible name give its name and count ("Colombia: 12 activities").
States too small to click carry a circle marker. Counts for places not on the map are listed
under it, so no count is dropped silently.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Mapping
from functools import cache
from importlib.resources import files
from typing import Any

from ..model.geography import country_name
from .charts import count_text
from .locale import number
from .markup import escape
from .text import NN_, _, ngettext

# ColorBrewer "Blues" (sequential, colour-blind safe, prints in grey as light → dark), without
# its lightest class, which would be hard to tell from the page.
PALETTE = ("#bdd7e7", "#6baed6", "#3182bd", "#08519c")
_SHADES_FOR = {1: (2,), 2: (0, 2), 3: (0, 1, 3), 4: (0, 1, 2, 3)}
NO_RECORDS_FILL = "#f0f0f0"
NO_RECORDS_HATCH = "#9e9e9e"
BORDER = "#8a8a8a"  # borders and coasts; charts.css gives the dark scheme its own
_NICE = (1, 2, 3, 5)
# Strokes keep their width in screen pixels whatever the map's size.
THIN = ' vector-effect="non-scaling-stroke"'


@cache
def map_data() -> dict[str, Any]:
    """The committed map: viewBox, marker radius and each country's path (and marker)."""
    text = files("macros").joinpath("data", "lac-countries.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def bins(largest: int) -> list[tuple[int, int]]:
    """Up to four ranges (low, high), both included, covering 1..largest.

    Counts up to 4 get a bin each; above that the lower bounds are round numbers (1, 2, 3, 5,
    10, 20, ...) spaced evenly on a log scale, because counts per country are skewed.
    """
    if largest < 1:
        return []
    if largest <= 4:
        return [(n, n) for n in range(1, largest + 1)]
    nice = [m * 10**k for k in range(int(math.log10(largest)) + 1) for m in _NICE]
    lows = [1]
    for step in (1, 2, 3):
        target = largest ** (step / 4)
        candidates = [n for n in nice if lows[-1] < n <= largest]
        if candidates:
            lows.append(min(candidates, key=lambda n: (abs(math.log(n / target)), n)))
    highs = [low - 1 for low in lows[1:]] + [largest]
    return list(zip(lows, highs, strict=True))


def _range_text(low: int, high: int, unit: tuple[str, str]) -> str:
    return count_text(low, unit) if low == high else f"{number(low)}–{number(high)} {_many(unit)}"


def _many(unit: tuple[str, str]) -> str:
    return ngettext(*unit, 2)


def _none(unit: tuple[str, str]) -> str:
    """'no activities'."""
    return _("no {things}").format(things=_many(unit))


def lac_map(counts: Mapping[str, int], *, href: Callable[[str], str | None], title: str,
            unit: tuple[str, str] = NN_("activity", "activities"),
            regional: Mapping[str, int] | None = None) -> str:
    """The map of LAC in a <figure class="ev-chart ev-map">, shaded by counts (alpha-2 → n).

    href(code) gives the link of a country (None: not a link). Codes without a count count 0.
    `regional` counts, where given, the records covering a country as part of a region (the
    second layer): a country with none of its own and some of these is dotted, not hatched,
    and every country's name says both counts.
    """
    regional = regional or {}
    for code, n in counts.items():
        if n < 0:
            raise ValueError(f"lac_map({title!r}): {code} has a negative count ({n}); "
                             "a count is 0 or more")
    data = map_data()
    shapes: dict[str, dict[str, Any]] = data["countries"]
    ranges = bins(max((n for c, n in counts.items() if c in shapes), default=0))
    shades = [PALETTE[i] for i in _SHADES_FOR.get(len(ranges), ())]
    key = hashlib.sha1(f"{title}\0{unit}".encode()).hexdigest()[:8]
    hatch = f"ev-no-records-{key}"
    dots = f"ev-region-only-{key}"
    layered = any(regional.get(c) for c in shapes)

    def fill(n: int, code: str = "") -> str:
        for (low, high), shade in zip(ranges, shades, strict=True):
            if low <= n <= high:
                return shade
        return f"url(#{dots})" if regional.get(code) else f"url(#{hatch})"

    def country(code: str) -> str:
        n = counts.get(code, 0)
        text = f"{country_name(code)}: " + (count_text(n, unit) if n else _none(unit))
        if layered:
            text += "; " + _("{n} as part of a region").format(n=regional.get(code, 0))
        name = escape(text)
        shape = shapes[code]
        cls = ("ev-map-country" if n else "ev-map-country ev-region-only" if regional.get(code)
               else "ev-map-country ev-no-records")
        body = (f'<title>{name}</title>'
                f'<path class="{cls}" d="{shape["d"]}" fill="{fill(n, code)}"{THIN}/>')
        if "marker" in shape:
            (mx, my), (ax, ay) = shape["marker"], shape["anchor"]
            body += (f'<line class="ev-map-leader" x1="{ax}" y1="{ay}" x2="{mx}" y2="{my}"'
                     f'{THIN}/><circle class="{cls} ev-map-marker" cx="{mx}" cy="{my}" '
                     f'r="{data["markerRadius"]}" fill="{fill(n, code)}"{THIN}/>')
        link = href(code)
        if link is None:
            return f'<g class="ev-map-item">{body}</g>'
        return f'<a href="{escape(link)}" aria-label="{name}">{body}</a>'

    # Small states come last so that their markers lie on top of their neighbours' land;
    # within each group the order (and so the keyboard order) is alphabetical by name.
    order = sorted(shapes, key=lambda c: ("marker" in shapes[c], country_name(c)))
    viewbox = " ".join(str(v) for v in data["viewBox"])
    svg = (f'<svg class="ev-map-svg" xmlns="http://www.w3.org/2000/svg" viewBox="{viewbox}" '
           f'width="100%" role="group" aria-label="{escape(title)}" stroke="{BORDER}" '
           f'stroke-width="0.75" stroke-linejoin="round">{hatch_pattern(hatch)}'
           f'{_dots_pattern(dots) if layered else ""}'
           f'{"".join(country(c) for c in order)}</svg>')
    return (f'<figure class="ev-chart ev-map"><figcaption>{escape(title)}</figcaption>'
            f"{_legend(ranges, shades, hatch, unit, dots if layered else None)}{svg}"
            f"{_off_map(counts, shapes, href, unit)}"
            "</figure>")


def hatch_pattern(pattern_id: str) -> str:
    """Diagonal grey stripes, the fill of a place with no records (in map units)."""
    return (f'<defs><pattern id="{pattern_id}" width="24" height="24" '
            'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            f'<rect class="ev-no-records-bg" width="24" height="24" fill="{NO_RECORDS_FILL}" '
            'stroke="none"/><line class="ev-no-records-hatch" x1="12" y1="0" x2="12" y2="24" '
            f'stroke="{NO_RECORDS_HATCH}" stroke-width="7"/></pattern></defs>')


def swatch(fill: str) -> str:
    # Drawn in map units (18 px ≈ 108 units at the map's usual size) so the stripes of the
    # no-records pattern look as they do on the map.
    return ('<svg class="ev-swatch" xmlns="http://www.w3.org/2000/svg" width="18" height="12" '
            f'viewBox="0 0 108 72" aria-hidden="true"><rect width="108" height="72" '
            f'fill="{fill}" stroke="{BORDER}" stroke-width="1"{THIN}/></svg>')


def _dots_pattern(pattern_id: str) -> str:
    """Blue dots on white, the fill of a place no record names that region-wide work covers."""
    return (f'<defs><pattern id="{pattern_id}" width="24" height="24" '
            'patternUnits="userSpaceOnUse">'
            '<rect class="ev-region-only-bg" width="24" height="24" fill="#ffffff" '
            f'stroke="none"/><circle class="ev-region-only-dot" cx="12" cy="12" r="5" '
            f'fill="{PALETTE[1]}" stroke="none"/></pattern></defs>')


def _legend(ranges: list[tuple[int, int]], shades: list[str], hatch: str,
            unit: tuple[str, str] = NN_("activity", "activities"),
            dots: str | None = None) -> str:
    items = [f"<li>{swatch(shade)} {escape(_range_text(low, high, unit))}</li>"
             for (low, high), shade in zip(ranges, shades, strict=True)]
    if dots:
        items.append(f'<li>{swatch(f"url(#{dots})")} '
                     + escape(_("none named; covered as part of a region")) + "</li>")
    items.append(f'<li>{swatch(f"url(#{hatch})")} {escape(_none(unit))}</li>')
    return f'<ul class="ev-legend" aria-label="{_("Legend")}">{"".join(items)}</ul>'


def _off_map(counts: Mapping[str, int], shapes: Mapping[str, object],
             href: Callable[[str], str | None], unit: tuple[str, str]) -> str:
    """Places with a count that the map does not draw (outside LAC, or not in Natural Earth)."""
    missing = sorted((c for c, n in counts.items() if n and c not in shapes), key=country_name)
    if not missing:
        return ""
    parts = []
    for code in missing:
        text = escape(f"{country_name(code)} ({count_text(counts[code], unit)})")
        link = href(code)
        parts.append(f'<a href="{escape(link)}">{text}</a>' if link is not None else text)
    note = _("Not on this map: {places}.").format(places=", ".join(parts))
    return f'<p class="ev-chart-note">{note}</p>'
