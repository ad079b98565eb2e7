"""The figures as charts: each series of figures (one indicator over years, or one measure
across countries) as a bar chart, and as a map when it spans countries, with its sources and
their locators, the date its figures were last reviewed and a CSV download of its values.

A series is the figures sharing an `indicator` and a unit: over years when they all name the
same places and each a different year (Canada's refugee resettlement, 2016–2021), across
countries when each names one country, each a different one, all in one year (GNI per capita
in Table 1). Its title is its figures' own: the first figure's title less the year or country
that ends it. Nothing is computed from the values but their order and the map's classes.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass

from ...model import Figure
from ...model.geography import country_name
from ..context import ViewContext
from ..figurecharts import Point, value_chart, value_map
from ..html import block, escape, format_number, front_matter, md_escape
from ..layout import BIBLIOGRAPHY_SRC, CHARTS_SRC
from ..locale import date as long_date
from ..text import _, ngettext
from .facts import figure_text
from .record import reference_text

CHARTS_DIR = "charts"
"""Folder of the site holding each series' CSV file."""


@dataclass(frozen=True)
class Series:
    ident: str
    kind: str  # "years" or "countries"
    figures: tuple[Figure, ...]

    @property
    def title(self) -> str:
        first = self.figures[0]
        ending = (str(self.year_of(first)) if self.kind == "years"
                  else country_name(first.countries[0]))
        head, _sep, tail = first.title.rpartition(", ")
        return head if head and tail == ending else first.title

    @property
    def common_year(self) -> int | None:
        """The year most of its figures give (a country's value may be of another year)."""
        years = Counter(self.year_of(f) for f in self.figures)
        return max(years, key=lambda y: (years[y], y or 0))

    @staticmethod
    def year_of(figure: Figure) -> int | None:
        return figure.year or (figure.period.start if figure.period else None)


def find_series(figures: list[Figure]) -> list[Series]:
    """The series of the figures, in order of their indicators."""
    groups: dict[tuple[str, str], list[Figure]] = defaultdict(list)
    for figure in figures:
        if figure.indicator:
            groups[figure.indicator, figure.unit].append(figure)
    out = []
    for (indicator, _unit), members in sorted(groups.items()):
        if len(members) < 2:
            continue
        years = [Series.year_of(f) for f in members]
        places = {tuple(sorted(f.countries)) for f in members}
        if None not in years and len(set(years)) == len(members) and len(places) == 1:
            ordered = sorted(members, key=lambda f: Series.year_of(f) or 0)
            out.append(Series(indicator, "years", tuple(ordered)))
        elif (all(len(f.countries) == 1 for f in members)
              and len({f.countries[0] for f in members}) == len(members)):
            ordered = sorted(members, key=lambda f: (-f.value, country_name(f.countries[0])))
            out.append(Series(indicator, "countries", tuple(ordered)))
    return out


class FigureChartsPage:
    def __init__(self, context: ViewContext) -> None:
        self.context = context
        self.series = find_series(list(context.evidence.figures.values()))

    def csv(self, series: Series) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["figure", "country", "year", "value", "unit", "qualifier", "title",
                         "sources"])
        for f in series.figures:
            writer.writerow([f.id, " ".join(f.countries), Series.year_of(f) or "",
                             format_number(f.value).replace(",", ""), f.unit, f.qualifier,
                             f.title, "; ".join(f"{s.key}, {s.locator}" for s in f.sources)])
        return out.getvalue()

    def files(self) -> dict[str, str]:
        return {f"{CHARTS_DIR}/{s.ident}.csv": self.csv(s) for s in self.series}

    def sources(self, here: str, series: Series) -> str:
        locators: dict[str, list[str]] = defaultdict(list)
        for f in series.figures:
            for s in f.sources:
                for part in s.locator.split("; "):
                    if part not in locators[s.key]:
                        locators[s.key].append(part)
        references = self.context.references
        layout = self.context.layout
        items = []
        bibliography = escape(_("↗ bibliography"))
        for key, places in locators.items():
            entry = (references.entries[key] if references is not None
                     and key in references.entries else reference_text(self.context, key))
            href = layout.href(here, BIBLIOGRAPHY_SRC) + f"#ref-{key}"
            items.append(f'<li><span class="csl-entry">{entry}</span> <span class="ev-locator">'
                         f"— {escape('; '.join(places))}</span> "
                         f'<a class="ev-bib-link" href="{escape(href)}">{bibliography}</a></li>')
        return f'<ul class="ev-sources">{"".join(items)}</ul>'

    def section(self, here: str, series: Series) -> str:
        layout = self.context.layout
        first = series.figures[0]

        def href(f: Figure) -> str:
            return layout.href(here, layout.record_src("figures", f.id))

        common = series.common_year

        def label(f: Figure) -> str:
            if series.kind == "countries":
                year = Series.year_of(f)
                name = country_name(f.countries[0])
                return name if year == common else f"{name} ({year})"
            when = str(Series.year_of(f))
            own, _sep, _tail = f.title.rpartition(", ")
            return when if not own or own == series.title else f"{when}: {own}"

        points = [Point(label(f), f.value, figure_text(f), href(f)) for f in series.figures]
        unit = first.unit
        title = (_("{series} ({unit})").format(series=series.title, unit=unit))
        parts = [value_chart(points, title=title)]
        if series.kind == "countries":
            where = {f.countries[0]: Point(label(f), f.value, figure_text(f) + (
                f" ({Series.year_of(f)})" if Series.year_of(f) != common else ""), href(f))
                for f in series.figures}
            parts.append(value_map(where, title=_("{series}, {year}: map").format(
                series=title, year=common), number=format_number))
        dates = [f.last_reviewed for f in series.figures if f.last_reviewed is not None]
        reviewed = max(dates) if dates else None  # drafts (imported) have none yet
        csv_href = layout.static_href(here, f"{CHARTS_DIR}/{series.ident}.csv")
        n = len(series.figures)
        meta = ('<p class="ev-meta">' + (ngettext(
            "{n} figure, last reviewed {date}.", "{n} figures, last reviewed {date}.", n).format(
                n=n, date=f'<time datetime="{reviewed}">{long_date(reviewed)}</time>')
                if reviewed is not None else ngettext(
            "{n} figure, not yet reviewed.", "{n} figures, not yet reviewed.", n).format(n=n))
                + f' <a href="{escape(csv_href)}" download>' + escape(_("Download as CSV"))
                + "</a></p>")
        sources_heading = escape(_("Sources"))
        return (f"\n## {md_escape(series.title)}\n"
                + block(meta)
                + block("".join(parts))
                + block(f'<p class="ev-sources-heading">{sources_heading}</p>'
                        + self.sources(here, series)))

    def page(self) -> str:
        here = CHARTS_SRC
        title = _("Figures as charts")
        intro = _("The review's figures that form a series, drawn: one indicator over the "
                  "years, or one measure across countries, as bars and, across countries, as a "
                  "map. Each bar and each country links to its figure, which gives the "
                  "source's exact words; each series gives its sources with their locators and "
                  "can be downloaded as CSV.")
        body = "".join(self.section(here, s) for s in self.series)
        return (front_matter({"title": title, "render_macros": False, "hide": ["toc"]})
                + f"\n# {title}\n" + block(f"<p>{escape(intro)}</p>") + body)

