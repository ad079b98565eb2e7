"""The evidence gap map: themes × countries and themes × subregions, gaps marked.

Modelled on the evidence gap maps of EPPI-Mapper and 3ie: every theme a row, every country a
column under its subregion, the country's full name written upright in its header. A cell is
shaded by how many records it holds (activities, coordination mechanisms, strategies and MIEUX
actions alike), and marked with one shape per kind of record it holds, the second encoding. Its
number is a button that opens, on the same page, the list of its records grouped by kind (an
HTML popover: it opens on click, tap, Enter or Space without JavaScript; gapmap.js also opens
it on hover and keyboard focus and places it beside the cell). A dash is a gap.

The segment filter ("Show only") recounts every cell for one kind of record, one kind of
organisation taking part, or one status of activities (filters.js), from the cell's
data-segments ("kind:activities=2 organisation-kind:un-entity=1") and each listed record's own.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from ...evidence.analysis import (
    NO_SUBREGION,
    activity_roles,
    coverage,
    gap_map_countries,
    mentioned_countries,
    record_themes,
)
from ...model import Activity, Mechanism, MieuxAction, Record, Strategy
from ...model.geography import LAC_SUBREGIONS, country_name, subregion
from ..context import ViewContext
from ..html import a, block, escape, front_matter, table
from ..layout import GAP_MAP_SRC, country_src, theme_src
from ..text import N_, RECORDS, _, collection_title, ngettext, subregion_name
from .filters import slug
from .matrices import MatrixTable, shade

LAYERS = ("activities", "mechanisms", "strategies", "mieux-actions")
"""The kinds of record a cell counts, in the order its list and its marks give them."""

Cell = tuple[str, str]
"""(theme, column): a column is a country code or a subregion's slug."""
Cells = dict[Cell, list[Record]]

ORGANISATION_KINDS = {
    "un-entity": N_("UN entities"), "development-bank": N_("Development banks"),
    "bilateral-donor": N_("Bilateral donors"), "eu-body": N_("EU bodies"),
    "regional-body": N_("Regional bodies"),
    "intergovernmental-organisation": N_("Intergovernmental organisations"),
    "government": N_("Governments"), "ngo": N_("Non-governmental organisations"),
    "research-centre": N_("Research centres"), "network": N_("Networks"),
    "private-sector": N_("Private companies"), "other": N_("Other organisations"),
}
"""The segment filter's words for the organisations taking part, by their kind."""
STATUSES = {
    "pipeline": N_("Activities being prepared"), "implementation": N_("Activities under way"),
    "finalisation": N_("Activities being finalised"), "closed": N_("Activities closed"),
    "cancelled": N_("Activities cancelled"), "suspended": N_("Activities suspended"),
}
"""The segment filter's words for the status of activities (IATI's activity status)."""


def organisations_of(record: Record) -> list[str]:
    """The organisations (ids) a record names as taking part in it."""
    if isinstance(record, Activity):
        return list(dict.fromkeys(o for o, _r in activity_roles(record)))
    if isinstance(record, Mechanism):
        return list(dict.fromkeys([*record.leads, *record.members]))
    if isinstance(record, Strategy):
        return list(record.organisations)
    if isinstance(record, MieuxAction):
        return list(dict.fromkeys([*([record.network] if record.network else []),
                                   *record.partners]))
    return []


class GapMapPage:
    def __init__(self, context: ViewContext, matrices: MatrixTable) -> None:
        self.context = context
        self.matrices = matrices
        self.filters = matrices.filters
        self._popovers = 0

    # -- what the cells hold --------------------------------------------------------------

    def records(self) -> list[Record]:
        evidence = self.context.evidence
        return [r for layer in LAYERS for r in evidence.records.get(layer, {}).values()]

    def by_country(self) -> tuple[Cells, Cells]:
        """The two layers: (theme, country) → records that name the country, and → records
        that cover it only as part of a region they name."""
        named: Cells = defaultdict(list)
        region: Cells = defaultdict(list)
        for record in self.records():
            cover = coverage(record)
            for theme in record_themes(record):
                for country in mentioned_countries(record):
                    named[theme, country].append(record)
                for country in sorted(cover.via_region):
                    region[theme, country].append(record)
        return named, region

    def by_subregion(self) -> tuple[Cells, Cells]:
        named: Cells = defaultdict(list)
        region: Cells = defaultdict(list)
        for record in self.records():
            cover = coverage(record)
            places = dict.fromkeys(subregion(c) or NO_SUBREGION
                                   for c in mentioned_countries(record))
            covered = dict.fromkeys(s for c in sorted(cover.via_region)
                                    if (s := subregion(c)) and s not in places)
            for theme in record_themes(record):
                for place in places:
                    named[theme, slug(place)].append(record)
                for place in covered:
                    region[theme, slug(place)].append(record)
        return named, region

    def segments_of(self, record: Record) -> list[str]:
        """The segments a record counts in: its kind, the kinds of organisation taking part,
        and an activity's status."""
        orgs = self.context.evidence.organisations
        out = [f"kind:{record.collection}"]
        out += list(dict.fromkeys(f"organisation-kind:{orgs[o].kind}"
                                  for o in organisations_of(record) if o in orgs))
        if isinstance(record, Activity) and record.status:
            out.append(f"status:{record.status}")
        return out

    def segment_counts(self, records: Iterable[Record]) -> Counter[str]:
        counts: Counter[str] = Counter()
        for record in records:
            counts.update(self.segments_of(record))
        return counts

    # -- the page ---------------------------------------------------------------------------

    def page(self) -> str:
        here = GAP_MAP_SRC
        context = self.context
        evidence, layout, theme_labels = context.evidence, context.layout, context.themes
        by_country, by_subregion = self.by_country(), self.by_subregion()
        themes = [(t, a(layout.href(here, theme_src(t)), label))
                  for t, label in theme_labels.items()]
        countries = gap_map_countries(evidence)
        with_pages = context.countries_with_pages()
        columns = [(c, (a(layout.href(here, country_src(c)), country_name(c))
                        if c in with_pages else escape(country_name(c))))
                   for c in countries]
        regions = [*LAC_SUBREGIONS, *(s for s in ("Northern America", NO_SUBREGION)
                                      if any(k[1] == slug(s) for k in by_subregion[0]))]
        region_names = {slug(r): subregion_name(r) for r in regions}

        region_table = self.table(
            here, by_subregion, themes, [(slug(r), escape(subregion_name(r))) for r in regions],
            column_name="subregion", caption=_("Records by theme and subregion"),
            place=lambda r: region_names[r], groups="")
        groups = "".join(
            f'<th scope="colgroup" colspan="{len(members)}">{escape(subregion_name(name))}</th>'
            for name in LAC_SUBREGIONS
            if (members := [c for c in countries if subregion(c) == name]))
        country_table = self.table(
            here, by_country, themes, columns, column_name="country",
            caption=_("Records by theme and country"), place=country_name,
            groups=f"<tr><td></td>{groups}</tr>", css="ev-gap-map-countries")
        cells = [(t, c) for t in theme_labels for c in countries]
        unnamed = [k for k in cells if k not in by_country[0]]
        n_gaps = sum(1 for k in unnamed if k not in by_country[1])
        gaps = ('<span class="ev-count">' + _("{n} of {total}").format(
            n=n_gaps, total=len(cells)) + "</span>")
        intro = _(
            "An evidence gap map of the review: each row a theme, each column a country (or a "
            "subregion). A number counts the records on that theme that name that country: "
            "activities, coordination mechanisms, strategies and MIEUX actions. The darker the "
            "cell, the more records; its shapes say which kinds of record it holds. A number "
            "after a plus sign, in a dotted box, counts the records that cover the country "
            "only as part of a region they name, such as Latin America and the Caribbean. "
            "Choose a number to see its records without leaving the page. A dash marks a gap: "
            "no record found. A gap shows where this review has found nothing, not that "
            "nothing exists: the review covers what its sources report. {gaps} theme × country "
            "cells are gaps; {unnamed} have no record that names the country.").format(
                gaps=gaps, unnamed=len(unnamed))
        title = _("Evidence gap map")
        by_country_heading, by_subregion_heading = _("By country"), _("By subregion")
        return (front_matter({"title": title, "render_macros": False,
                              "hide": ["navigation", "toc"]})
                + f"\n# {title}\n" + block(f"<p>{intro}</p>") + block(self.legend())
                + block(self.segment_form())
                + f"\n## {by_country_heading}\n" + block(country_table)
                + f"\n## {by_subregion_heading}\n" + block(region_table))

    def table(self, here: str, layers: tuple[Cells, Cells], rows: list[tuple[str, str]],
              columns: list[tuple[str, str]], *, column_name: str, caption: str,
              place: Callable[[str], str], groups: str, css: str = "") -> str:
        named, region = layers
        top = max((len(v) for v in named.values()), default=1)
        # Every cell names its headers (`headers`), as tables with two rows of headers should.
        key = f"ev-gm-{column_name}"
        head = "".join(f'<th scope="col" id="{key}-{escape(c)}"><span>{label}</span></th>'
                       for c, label in columns)
        body = []
        for row, row_label in rows:
            tds = "".join(self.cell(here, named.get((row, column), []),
                                    region.get((row, column), []), top,
                                    {"theme": row, column_name: column},
                                    self.context.themes[row], place(column),
                                    f"{key}-t-{escape(row)} {key}-{escape(column)}")
                          for column, _label in columns)
            body.append(f'<tr><th scope="row" id="{key}-t-{escape(row)}">{row_label}</th>'
                        f"{tds}</tr>")
        theme_heading = escape(_("Theme"))
        return table(f"ev-matrix ev-gap-map {css}".strip(),
                     f"<caption>{escape(caption)}</caption><thead>{groups}<tr>"
                     f'<th scope="col">{theme_heading}</th>{head}</tr></thead>'
                     f"<tbody>{''.join(body)}</tbody>")

    def cell(self, here: str, records: list[Record], regional: list[Record], top: int,
             criteria: dict[str, str], theme: str, place: str, headers: str) -> str:
        where = _("{theme} in {place}").format(theme=theme, place=place)
        if not records and not regional:
            gap = _("{where}: no record, a gap").format(where=where)
            gap_word = escape(_("gap"))
            return (f'<td class="ev-gap" headers="{headers}" title="{escape(gap)}">'
                    '<span aria-hidden="true">–</span>'
                    f'<span class="ev-sr">{gap_word}</span></td>')
        self._popovers += 1
        ident = f"ev-gm-{self._popovers}"
        n, m = len(records), len(regional)
        counts, region_counts = self.segment_counts(records), self.segment_counts(regional)
        kinds = [k for k in LAYERS if counts[f"kind:{k}"] or region_counts[f"kind:{k}"]]
        marks = "".join(f'<span class="ev-mark ev-mark-{k}"></span>' for k in kinds)
        # The button's name is what it shows ("2 +10"); what the numbers mean and where,
        # its description (a name unlike the visible text fails WCAG's label in name).
        label = self.cell_label(n, m, where)
        segments = " ".join(f"{k}={v}" for k, v in sorted(counts.items()))
        region_segments = " ".join(f"{k}={v}" for k, v in sorted(region_counts.items()))
        plus = f'<span class="ev-cell-region">+{m}</span>' if m else ""
        button = (f'<button type="button" class="ev-cell-button" popovertarget="{ident}" '
                  f'aria-describedby="{ident}-d" data-where="{escape(where)}">'
                  f'<span class="ev-cell-count">{n if n else ""}</span>{plus}'
                  f'<span class="ev-marks" aria-hidden="true">{marks}</span></button>')
        css = f"ev-cell ev-shade-{shade(n, top)}" if n else "ev-cell ev-region-only"
        return (f'<td class="{css}" headers="{headers}" data-total="{n}" data-region="{m}" '
                f'data-segments="{escape(segments)}" '
                f'data-region-segments="{escape(region_segments)}">{button}'
                f'<span class="ev-sr ev-cell-label" id="{ident}-d">{escape(label)}</span>'
                f"{self.popover(here, ident, records, regional, criteria, where)}</td>")

    @staticmethod
    def cell_label(n: int, m: int, where: str) -> str:
        """'3 records, and 2 covering it as part of a region: Health in Colombia'."""
        named = f"{n} {ngettext(*RECORDS, n)}"
        if not m:
            return _("{count}: {where}").format(count=named, where=where)
        return ngettext("{count}, and {m} covering it as part of a region: {where}",
                        "{count}, and {m} covering it as part of a region: {where}", m).format(
                            count=named, m=m, where=where)

    def popover(self, here: str, ident: str, records: list[Record], regional: list[Record],
                criteria: dict[str, str], where: str) -> str:
        layout = self.context.layout
        parts = [f'<p class="ev-pop-title" id="{ident}-t">{escape(where)}</p>']
        for layer, members in (("named", records), ("region", regional)):
            if not members:
                continue
            grouped: dict[str, list[Record]] = defaultdict(list)
            for record in members:
                grouped[record.collection].append(record)
            if regional:
                heading = (_("Naming it") if layer == "named"
                           else _("Covering it as part of a region"))
                parts.append(f'<p class="ev-pop-layer" data-layer="{layer}">'
                             f"{escape(heading)}</p>")
            for kind in LAYERS:
                if not grouped[kind]:
                    continue
                items = "".join(
                    f'<li data-segments="{escape(" ".join(self.segments_of(r)))}">'
                    f'{a(layout.href(here, layout.record_src(kind, r.id)), r.label)}</li>'
                    for r in sorted(grouped[kind], key=lambda r: r.label.casefold()))
                parts.append(f'<div class="ev-pop-group" data-kind="{kind}" '
                             f'data-layer="{layer}"><p class="ev-pop-kind"><span class="ev-mark '
                             f'ev-mark-{kind}" aria-hidden="true"></span> '
                             f"{escape(collection_title(kind))}</p><ul>{items}</ul></div>")
        if any(r.collection == "activities" for r in records):
            href = self.filters.href(here, "activities", **criteria)
            more = escape(_("These activities in the list of activities"))
            parts.append(f'<p class="ev-pop-more"><a href="{escape(href)}" '
                         f'data-href="{escape(href)}">{more}</a></p>')
        close = escape(_("Close"))
        return (f'<div class="ev-pop" id="{ident}" popover role="dialog" '
                f'aria-labelledby="{ident}-t">{"".join(parts)}'
                f'<button type="button" class="ev-pop-close" popovertarget="{ident}" '
                f'popovertargetaction="hide">{close}</button></div>')

    def legend(self) -> str:
        kinds = "".join(f'<li><span class="ev-mark ev-mark-{k}" aria-hidden="true"></span> '
                        f"{escape(collection_title(k))}</li>" for k in LAYERS)
        shades = _("{one} fewer records, {many} more").format(
            one='<span class="ev-cell ev-shade-1" aria-hidden="true">1</span>',
            many='<span class="ev-cell ev-shade-4" aria-hidden="true">n</span>')
        region = _("{plus} covering it as part of a region").format(
            plus='<span class="ev-cell-region" aria-hidden="true">+n</span>')
        gap = _("{gap} a gap: no record found").format(
            gap='<span class="ev-gap" aria-hidden="true">–</span>')
        how = _("How to read it")
        return (f'<div class="ev-legend ev-gap-legend"><p>{how}</p><ul>'
                f"<li>{shades}</li><li>{region}</li><li>{gap}</li>{kinds}</ul></div>")

    def segment_form(self) -> str:
        counts: Counter[str] = Counter()
        for record in self.records():
            counts.update(self.segments_of(record))

        translate = _

        def options(prefix: str, labels: dict[str, str]) -> str:
            return "".join(f'<option value="{prefix}:{value}">{escape(translate(text))}</option>'
                           for value, text in labels.items() if counts[f"{prefix}:{value}"])

        kinds = {k: collection_title(k) for k in LAYERS}
        groups = [(_("Kind of record"), "".join(
            f'<option value="kind:{k}">{escape(kinds[k])}</option>'
            for k in LAYERS if counts[f"kind:{k}"])),
            (_("Kind of organisation taking part"),
             options("organisation-kind", ORGANISATION_KINDS)),
            (_("Status of activities"), options("status", STATUSES))]
        optgroups = "".join(f'<optgroup label="{escape(label)}">{body}</optgroup>'
                            for label, body in groups if body)
        one, many = ngettext(*RECORDS, 1), ngettext(*RECORDS, 2)
        name, gap = escape(_("Show one segment")), escape(_("gap"))
        status = escape(_("Showing only {segment}: {n} more cells become gaps."))
        show, everything = escape(_("Show only")), escape(_("All records"))
        plain = escape(_("{count}: {where}"))
        layered = escape(ngettext("{count}, and {m} covering it as part of a region: {where}",
                                  "{count}, and {m} covering it as part of a region: {where}",
                                  2))
        return (f'<form class="ev-segments" hidden aria-label="{name}" '
                f'data-label="{plain}" data-label-region="{layered}" '
                f'data-one="{escape(one)}" data-many="{escape(many)}" '
                f'data-gap="{gap}" data-status="{status}">'
                f'<label class="ev-filter">{show}<select name="segment">'
                f'<option value="">{everything}</option>{optgroups}</select></label>'
                '<p class="ev-filter-status" role="status" aria-live="polite"></p></form>')
