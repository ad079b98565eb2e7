"""Charts of figures (values with a unit, not counts) as inline SVG: a bar chart of a series and
a map of LAC shaded by value. Static, no JavaScript, printable, as charts.py and lacmap.py.

Hand-made SVG against a library, measured on Canada's resettlement series (six bars) and this
machine (2 December 2026): vl-convert-python 1.9 (Vega-Lite rendered
offline) took 0.76 s for its first chart (it starts a JavaScript engine) and a median of 59 ms
for each next one, wrote 7.3 kB of SVG of fixed pixel size (563 × 260: on a 390 px phone its
text shrinks with it), a white background whatever the colour scheme, no links, and its marks
as `graphics-symbol` roles without the values as text; its 84 MB install would be a new
dependency. This module draws the same chart in 0.03 ms (median of 200), 2.5 kB, with text
that keeps its size at any width, `currentColor` for both schemes, each bar a link to its
figure with an accessible name that says label and value, and the values written as text. So
the charts stay hand-made, with the layout constants of charts.py.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..model.geography import country_name
from .charts import BAR, FONT, GAP, LABEL_LINE, label_lines
from .lacmap import BORDER, PALETTE, THIN, hatch_pattern, map_data, swatch
from .markup import escape
from .text import _

VALUE_SPACE = 66.0
"""Percent of the width the longest bar takes: its value and unit ('65,760 USD', about 75 px)
follow it, and must fit a 390 px phone (charts.py's counts are shorter)."""


@dataclass(frozen=True)
class Point:
    """One value of a series: its label (a year or a country), value, text and link."""

    label: str
    value: float
    text: str
    href: str | None = None


def value_chart(points: Sequence[Point], *, title: str) -> str:
    """Horizontal bars in the order given (a series over years stays in time order), each
    with its value written after it; negative values are drawn as empty bars."""
    caption = f"<figcaption>{escape(title)}</figcaption>"
    if not points:
        return f'<figure class="ev-chart">{caption}</figure>'
    longest = max((p.value for p in points), default=0.0) or 1.0
    rows, top = [], 0
    for point in points:
        lines = label_lines(point.label)
        name = escape(f"{point.label}: {point.text}")
        spans = "".join(f'<tspan x="0" y="{top + FONT + i * LABEL_LINE}">{escape(line)}'
                        f'{" " if i < len(lines) - 1 else ""}</tspan>'
                        for i, line in enumerate(lines))
        bar_top = top + FONT + (len(lines) - 1) * LABEL_LINE + 6
        share = max(VALUE_SPACE * point.value / longest, 0.0)
        length = f"{share:.2f}".rstrip("0").rstrip(".")
        rect = (f'<rect class="ev-chart-bar" x="0" y="{bar_top}" width="{length}%" '
                f'height="{BAR}" fill="#3f51b5"/>' if share else "")
        hidden = "" if point.href is None else ' aria-hidden="true"'
        value = (f'<text class="ev-chart-value" x="{length}%" dx="{6 if share else 0}" '
                 f'y="{bar_top + BAR - 4}"{hidden}>{escape(point.text)}</text>')
        body = f'<text class="ev-chart-label">{spans}</text>{rect}'
        if point.href is not None:
            body = f'<a href="{escape(point.href)}" aria-label="{name}">{body}</a>'
        rows.append(f'<g role="listitem"><title>{name}</title>{body}{value}</g>')
        top = bar_top + BAR + GAP
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" role="list" aria-label="{escape(title)}" '
           f'width="100%" height="{top - GAP + 2}" font-size="{FONT}" fill="currentColor">'
           f'{"".join(rows)}</svg>')
    return f'<figure class="ev-chart">{caption}{svg}</figure>'


def value_bins(values: Sequence[float]) -> list[tuple[float, float]]:
    """Up to four ranges (low, high) of the values, by quartile (as many values in each as
    can be), disjoint: equal values fall in one range."""
    ordered = sorted(values)
    classes = min(4, len(set(ordered)))
    if not classes:
        return []
    groups: list[list[float]] = [[] for _n in range(classes)]
    for i, value in enumerate(ordered):
        groups[min(classes - 1, i * classes // len(ordered))].append(value)
    bins: list[tuple[float, float]] = []
    for group in groups:
        if not group:
            continue
        if bins and group[0] <= bins[-1][1]:
            bins[-1] = (bins[-1][0], max(bins[-1][1], group[-1]))
        else:
            bins.append((group[0], group[-1]))
    return bins


def value_map(points: dict[str, Point], *, title: str, number: Callable[[float], str]) -> str:
    """The map of LAC shaded by value (alpha-2 → point); countries without one are hatched.
    `number` writes a value for the legend."""
    data = map_data()
    shapes = data["countries"]
    ranges = value_bins([p.value for c, p in points.items() if c in shapes])
    shades = [PALETTE[i] for i in {1: (2,), 2: (0, 2), 3: (0, 1, 3), 4: (0, 1, 2, 3)}.get(
        len(ranges), ())]
    hatch = "ev-no-value-" + hashlib.sha1(title.encode()).hexdigest()[:8]
    none = _("no value")

    def fill(value: float) -> str:
        for (low, high), shade in zip(ranges, shades, strict=True):
            if low <= value <= high:
                return shade
        return shades[-1] if shades else f"url(#{hatch})"

    def country(code: str) -> str:
        point = points.get(code)
        name = escape(f"{country_name(code)}: {point.text if point else none}")
        colour = fill(point.value) if point else f"url(#{hatch})"
        shape = shapes[code]
        body = (f"<title>{name}</title><path class=\"ev-map-country\" d=\"{shape['d']}\" "
                f'fill="{colour}"{THIN}/>')
        if "marker" in shape:
            (mx, my), (ax, ay) = shape["marker"], shape["anchor"]
            body += (f'<line class="ev-map-leader" x1="{ax}" y1="{ay}" x2="{mx}" y2="{my}"'
                     f'{THIN}/><circle class="ev-map-country ev-map-marker" cx="{mx}" '
                     f'cy="{my}" r="{data["markerRadius"]}" fill="{colour}"{THIN}/>')
        if point and point.href:
            return f'<a href="{escape(point.href)}" aria-label="{name}">{body}</a>'
        return f'<g class="ev-map-item">{body}</g>'

    order = sorted(shapes, key=lambda c: ("marker" in shapes[c], country_name(c)))
    viewbox = " ".join(str(v) for v in data["viewBox"])
    svg = (f'<svg class="ev-map-svg" xmlns="http://www.w3.org/2000/svg" viewBox="{viewbox}" '
           f'width="100%" role="group" aria-label="{escape(title)}" stroke="{BORDER}" '
           f'stroke-width="0.75" stroke-linejoin="round">{hatch_pattern(hatch)}'
           f'{"".join(country(c) for c in order)}</svg>')
    items = [f"<li>{swatch(shade)} "
             + escape(number(low) if low == high else f"{number(low)}–{number(high)}")
             + "</li>" for (low, high), shade in zip(ranges, shades, strict=True)]
    items.append(f'<li>{swatch(f"url(#{hatch})")} {escape(none)}</li>')
    legend = f'<ul class="ev-legend" aria-label="{escape(_("Legend"))}">{"".join(items)}</ul>'
    off = sorted((c for c in points if c not in shapes), key=country_name)
    note = ""
    if off:
        places = ", ".join(escape(f"{country_name(c)} ({points[c].text})") for c in off)
        note = ('<p class="ev-chart-note">' + _("Not on this map: {places}.").format(
            places=places) + "</p>")
    return (f'<figure class="ev-chart ev-map"><figcaption>{escape(title)}</figcaption>'
            f"{legend}{svg}{note}</figure>")
