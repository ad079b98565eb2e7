"""Tables of counts (rows × columns, each cell linked to the activities it counts), and the
"Who does what where" page built of two of them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from ...evidence import analysis
from ...evidence.analysis import Matrix, activity_roles
from ...model.geography import country_name
from ..context import ViewContext
from ..html import a, block, escape, front_matter, table
from ..layout import WHO_WHAT_WHERE_SRC, country_src, theme_src
from ..text import _, count
from .filters import Filters
from .links import Links

SEGMENTS = ("organisation-kind", "status")
"""Filters whose values a cell counts separately, for the gap map's segment filter."""


def shade(n: int, top: int) -> int:
    """Shade class 1–4 of a non-empty cell, relative to the largest cell."""
    if n <= 0:
        return 0
    return min(4, 1 + (4 * (n - 1)) // max(top, 1))


def short_header(label: str, limit: int = 30) -> str:
    """A column header short enough to stand rotated; the full text in its title."""
    if len(label) <= limit:
        return escape(label)
    short = label[:limit].rsplit(" ", 1)[0] + "…"
    return f'<abbr title="{escape(label)}">{escape(short)}</abbr>'


class MatrixTable:
    """A table of counts of activities."""

    def __init__(self, context: ViewContext, filters: Filters) -> None:
        self.context = context
        self.filters = filters

    def table(self, here: str, matrix: Matrix, rows: list[tuple[str, str]],
              columns: list[tuple[str, str]], *, row_name: str, column_name: str,
              row_header: str, caption: str, describe: Callable[[str, str, int], str],
              css: str = "ev-matrix", empty: str = "") -> str:
        """Rows × columns, each non-empty cell a link to the filtered activities; `empty`
        marks empty cells (gap maps) or leaves them blank."""
        top = max((len(v) for v in matrix.values()), default=1)
        head = "".join(f'<th scope="col"><span>{label}</span></th>' for _, label in columns)
        body = []
        for row, row_label in rows:
            cells = []
            for column, _label in columns:
                ids = matrix.get((row, column), [])
                if not ids and not empty:
                    cells.append("<td></td>")
                    continue
                cells.append(self.cell(here, ids, top, {row_name: row, column_name: column},
                                       describe(row, column, len(ids)), empty))
            body.append(f'<tr><th scope="row">{row_label}</th>{"".join(cells)}</tr>')
        return table(css, f"<caption>{escape(caption)}</caption><thead><tr>"
                     f'<th scope="col">{escape(row_header)}</th>{head}</tr></thead>'
                     f"<tbody>{''.join(body)}</tbody>")

    def cell(self, here: str, ids: list[str], top: int, criteria: dict[str, str],
             label: str, empty: str) -> str:
        if not ids:
            if empty:
                return (f'<td class="ev-gap" title="{escape(label)}">'
                        f'<span aria-label="{escape(label)}">{escape(empty)}</span></td>')
            return "<td></td>"
        href = self.filters.href(here, "activities", **criteria)
        segments = self.segments(ids)
        return (f'<td class="ev-cell ev-shade-{shade(len(ids), top)}" data-total="{len(ids)}" '
                f'data-segments="{escape(segments)}"><a href="{escape(href)}" '
                f'aria-label="{escape(label)}" title="{escape(label)}">{len(ids)}</a></td>')

    def segments(self, ids: list[str]) -> str:
        """Per-segment counts of a cell ('organisation-kind:un-entity=2 status:closed=1'), for
        the gap map's segment filter."""
        counts: Counter[str] = Counter()
        activities = self.context.evidence.activities
        for ident in ids:
            values = self.filters.values(activities[ident])
            for name in SEGMENTS:
                counts.update(f"{name}:{v}" for v in values.get(name, []))
        return " ".join(f"{k}={n}" for k, n in sorted(counts.items()))


class WhoWhatWherePage:
    """Organisations × themes and countries × organisations, counted in activities."""

    def __init__(self, context: ViewContext, links: Links, matrices: MatrixTable) -> None:
        self.context = context
        self.links = links
        self.matrices = matrices

    def organisations_with_activities(self) -> list[str]:
        orgs = {o for a in self.context.evidence.activities.values()
                for o, _ in activity_roles(a)}
        records = self.context.evidence.organisations
        return sorted(orgs, key=lambda o: records[o].label.casefold() if o in records else o)

    def column_label(self, href: str, text: str, title: str = "") -> str:
        """A column header in full (wrapped onto up to three lines), linking to its page."""
        tip = f' title="{escape(title)}"' if title and title != text else ""
        return f'<a class="ev-col" href="{escape(href)}"{tip}>{escape(text)}</a>'

    def page(self) -> str:
        here = WHO_WHAT_WHERE_SRC
        evidence, themes_of = self.context.evidence, self.context.themes
        organisations = evidence.organisations
        layout = self.context.layout
        orgs = self.organisations_with_activities()
        org_theme = analysis.organisation_theme_matrix(evidence)
        themes = [(t, self.column_label(layout.href(here, theme_src(t)), themes_of[t]))
                  for t in themes_of if any(k[1] == t for k in org_theme)]
        country_org = analysis.country_organisation_matrix(evidence)
        country_org_region = analysis.country_organisation_region_matrix(evidence)
        pages = self.context.countries_with_pages()
        countries = sorted({c for c, _ in country_org} | {
            c for c, _ in country_org_region if c in pages}, key=country_name)

        def describe_ot(org: str, theme: str, n: int) -> str:
            return _("{organisation}, {theme}: {count}").format(
                organisation=organisations[org].short_name, theme=themes_of[theme],
                count=count(n, "activities"))

        org_rows = [(o, self.links.short_link(here, "organisations", o)) for o in orgs]
        table1 = self.matrices.table(
            here, org_theme, org_rows, themes, row_name="organisation", column_name="theme",
            row_header=_("Organisation"), caption=_("Activities by organisation and theme"),
            describe=describe_ot, css="ev-matrix ev-matrix-rotated ev-matrix-full")
        country_rows = [(c, a(layout.href(here, country_src(c)), country_name(c)))
                        for c in countries]
        org_columns = [(o, self.column_label(
            layout.href(here, layout.record_src("organisations", o)),
            organisations[o].short_name, organisations[o].label)) for o in orgs]
        table2 = self.two_layers(here, country_org, country_org_region, country_rows,
                                 org_columns)
        intro = _("Who does what, where: the {activities} of the review counted by the "
                  "organisations taking part (funders, implementers and partners), their themes "
                  "and the countries they mention. A number is a count of activities; it links "
                  "to the list of those activities. An activity counts once in every cell it "
                  "belongs to, so rows do not add up to the total.").format(
                      activities=count(len(evidence.activities), "activities"))
        layers = _("In the table of countries, a plain number counts the activities that name "
                   "the country; a number in a dotted box counts those that cover it only as "
                   "part of a region they name (such as Latin America and the Caribbean), and "
                   "links to the country's list of that region-wide work.")
        title = _("Who does what where")
        return (front_matter({"title": title, "render_macros": False,
                              "hide": ["navigation", "toc"]})
                + f"\n# {title}\n" + block(f"<p>{intro}</p>")
                + f"\n## {_('Organisations and themes')}\n" + block(table1)
                + f"\n## {_('Countries and organisations')}\n" + block(f"<p>{layers}</p>")
                + block(table2))

    def two_layers(self, here: str, named: Matrix, by_region: Matrix,
                   rows: list[tuple[str, str]], columns: list[tuple[str, str]]) -> str:
        """Countries × organisations: the activities naming the country (linked to the
        filtered list) and, apart, those covering it as part of a region (linked to the
        country page's region-wide section)."""
        organisations = self.context.evidence.organisations
        layout = self.context.layout
        top = max((len(v) for v in named.values()), default=1)
        head = "".join(f'<th scope="col"><span>{label}</span></th>' for _, label in columns)
        body = []
        for country, row_label in rows:
            cells = []
            for org, _label in columns:
                ids, regional = named.get((country, org), []), by_region.get((country, org), [])
                where, who = country_name(country), organisations[org].short_name
                parts = []
                if ids:
                    href = self.matrices.filters.href(here, "activities", country=country,
                                                      organisation=org)
                    label = _("{organisation} in {country}: {count}").format(
                        organisation=who, country=where, count=count(len(ids), "activities"))
                    parts.append(f'<a href="{escape(href)}" aria-label="{escape(label)}" '
                                 f'title="{escape(label)}">{len(ids)}</a>')
                if regional:
                    href = (layout.href(here, country_src(country)) + "#region-wide-work")
                    label = _("{organisation} covers {country} as part of a region: "
                              "{count}").format(organisation=who, country=where,
                                                count=count(len(regional), "activities"))
                    parts.append(f'<a class="ev-via-region" href="{escape(href)}" '
                                 f'aria-label="{escape(label)}" title="{escape(label)}">'
                                 f"{len(regional)}</a>")
                css = (f' class="ev-cell ev-shade-{shade(len(ids), top)}"' if ids else
                       ' class="ev-cell ev-region-cell"' if regional else "")
                cells.append(f"<td{css}>{''.join(parts)}</td>")
            body.append(f'<tr><th scope="row">{row_label}</th>{"".join(cells)}</tr>')
        caption = _("Activities by country and organisation")
        return table("ev-matrix ev-matrix-rotated ev-matrix-full",
                     f"<caption>{escape(caption)}</caption><thead><tr>"
                     f'<th scope="col">{escape(_("Country"))}</th>{head}</tr></thead>'
                     f"<tbody>{''.join(body)}</tbody>")
