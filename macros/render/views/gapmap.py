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

    def by_country(self) -> Cells:
        cells: Cells = defaultdict(list)
        for record in self.records():
            for theme in record_themes(record):
                for country in mentioned_countries(record):
                    cells[theme, country].append(record)
        return cells

    def by_subregion(self) -> Cells:
        cells: Cells = defaultdict(list)
        for record in self.records():
            places = dict.fromkeys(subregion(c) or NO_SUBREGION
                                   for c in mentioned_countries(record))
            for theme in record_themes(record):
                for place in places:
                    cells[theme, slug(place)].append(record)
        return cells

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
                                      if any(k[1] == slug(s) for k in by_subregion))]
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
        n_gaps = sum(1 for t in theme_labels for c in countries if (t, c) not in by_country)
        gaps = ('<span class="ev-count">' + _("{n} of {total}").format(
            n=n_gaps, total=len(theme_labels) * len(countries)) + "</span>")
        intro = _(
            "An evidence gap map of the review: each row a theme, each column a country (or a "
            "subregion). A number counts the records on that theme that name that country: "
            "activities, coordination mechanisms, strategies and MIEUX actions. The darker the "
            "cell, the more records; its shapes say which kinds of record it holds. Choose a "
            "number to see its records without leaving the page. A dash marks a gap: no record "
            "found. A gap shows where this review has found nothing, not that nothing exists: "
            "the review covers what its sources report. {gaps} theme × country cells are "
            "gaps.").format(gaps=gaps)
        title = _("Evidence gap map")
        by_country_heading, by_subregion_heading = _("By country"), _("By subregion")
        return (front_matter({"title": title, "render_macros": False,
                              "hide": ["navigation", "toc"]})
                + f"\n# {title}\n" + block(f"<p>{intro}</p>") + block(self.legend())
                + block(self.segment_form())
                + f"\n## {by_country_heading}\n" + block(country_table)
                + f"\n## {by_subregion_heading}\n" + block(region_table))

    def table(self, here: str, cells: Cells, rows: list[tuple[str, str]],
              columns: list[tuple[str, str]], *, column_name: str, caption: str,
              place: Callable[[str], str], groups: str, css: str = "") -> str:
        top = max((len(v) for v in cells.values()), default=1)
        # Every cell names its headers (`headers`), as tables with two rows of headers should.
        key = f"ev-gm-{column_name}"
        head = "".join(f'<th scope="col" id="{key}-{escape(c)}"><span>{label}</span></th>'
                       for c, label in columns)
        body = []
        for row, row_label in rows:
            tds = "".join(self.cell(here, cells.get((row, column), []), top,
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

    def cell(self, here: str, records: list[Record], top: int, criteria: dict[str, str],
             theme: str, place: str, headers: str) -> str:
        where = _("{theme} in {place}").format(theme=theme, place=place)
        if not records:
            gap = _("{where}: no record, a gap").format(where=where)
            gap_word = escape(_("gap"))
            return (f'<td class="ev-gap" headers="{headers}" title="{escape(gap)}">'
                    '<span aria-hidden="true">–</span>'
                    f'<span class="ev-sr">{gap_word}</span></td>')
        self._popovers += 1
        ident = f"ev-gm-{self._popovers}"
        n = len(records)
        counts: Counter[str] = Counter()
        for record in records:
            counts.update(self.segments_of(record))
        kinds = [k for k in LAYERS if counts[f"kind:{k}"]]
        marks = "".join(f'<span class="ev-mark ev-mark-{k}"></span>' for k in kinds)
        label = _("{count}: {where}").format(count=f"{n} {ngettext(*RECORDS, n)}", where=where)
        segments = " ".join(f"{k}={v}" for k, v in sorted(counts.items()))
        button = (f'<button type="button" class="ev-cell-button" popovertarget="{ident}" '
                  f'aria-label="{escape(label)}" data-where="{escape(where)}">'
                  f'<span class="ev-cell-count">{n}</span>'
                  f'<span class="ev-marks" aria-hidden="true">{marks}</span></button>')
        return (f'<td class="ev-cell ev-shade-{shade(n, top)}" headers="{headers}" '
                f'data-total="{n}" '
                f'data-segments="{escape(segments)}">{button}'
                f"{self.popover(here, ident, records, criteria, where)}</td>")

    def popover(self, here: str, ident: str, records: Iterable[Record],
                criteria: dict[str, str], where: str) -> str:
        layout = self.context.layout
        grouped: dict[str, list[Record]] = defaultdict(list)
        for record in records:
            grouped[record.collection].append(record)
        parts = [f'<p class="ev-pop-title" id="{ident}-t">{escape(where)}</p>']
        for kind in LAYERS:
            if not grouped[kind]:
                continue
            items = "".join(
                f'<li data-segments="{escape(" ".join(self.segments_of(r)))}">'
                f'{a(layout.href(here, layout.record_src(kind, r.id)), r.label)}</li>'
                for r in sorted(grouped[kind], key=lambda r: r.label.casefold()))
            parts.append(f'<div class="ev-pop-group" data-kind="{kind}">'
                         f'<p class="ev-pop-kind"><span class="ev-mark ev-mark-{kind}" '
                         f'aria-hidden="true"></span> {escape(collection_title(kind))}</p>'
                         f"<ul>{items}</ul></div>")
        if grouped["activities"]:
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
        gap = _("{gap} a gap: no record found").format(
            gap='<span class="ev-gap" aria-hidden="true">–</span>')
        how = _("How to read it")
        return (f'<div class="ev-legend ev-gap-legend"><p>{how}</p><ul>'
                f"<li>{shades}</li><li>{gap}</li>{kinds}</ul></div>")

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
        return (f'<form class="ev-segments" hidden aria-label="{name}" '
                f'data-one="{escape(one)}" data-many="{escape(many)}" '
                f'data-gap="{gap}" data-status="{status}">'
                f'<label class="ev-filter">{show}<select name="segment">'
                f'<option value="">{everything}</option>{optgroups}</select></label>'
                '<p class="ev-filter-status" role="status" aria-live="polite"></p></form>')
