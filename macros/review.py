"""The review's views: filtered indexes, matrices, the evidence gap map, country and theme
pages, and the blocks the hand-written review pages call as macros.

`ReviewRenderer` extends the record-page renderer; what it shows is computed in `analysis`, so
the tests can check the pages against an independent computation. Every block is escaped HTML
(record text never reaches Markdown or Jinja), and every cell or row links to the records it
counts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from urllib.parse import urlencode

from . import analysis
from .analysis import (
    NO_SUBREGION,
    Matrix,
    active_years,
    activity_roles,
    mentioned_countries,
    record_themes,
)
from .errors import ReviewError, UnknownCountry
from .evidence import Evidence
from .geography import LAC_SUBREGIONS, country_name, subregion
from .markup import escape, plural, render_markdown
from .model import (
    COLLECTIONS,
    Activity,
    Figure,
    Finding,
    Mechanism,
    MieuxAction,
    Organisation,
    Recommendation,
    Record,
    Strategy,
    StructureItem,
)
from .pages import (
    COLLECTION_TITLES,
    Layout,
    PageRenderer,
    References,
    _a,
    _block,
    _front_matter,
    _join,
    _table,
    _ul,
    figure_text,
    md_escape,
    words,
)

COUNTRIES_INDEX = "countries/index.md"
THEMES_INDEX = "themes/index.md"
WHO_WHAT_WHERE_SRC = "who-what-where.md"
GAP_MAP_SRC = "gap-map.md"
IN_NAV = {WHO_WHAT_WHERE_SRC, GAP_MAP_SRC}
FILTERED = ("activities", "figures")
NOUNS = {c: (t.lower().rstrip("s"), t.lower()) for c, t in COLLECTION_TITLES.items()}
NOUNS.update({"activities": ("activity", "activities"), "mieux-actions": ("MIEUX action",
              "MIEUX actions"), "mechanisms": ("mechanism", "mechanisms")})


def slug(text: str) -> str:
    return "-".join(text.lower().split())


def country_src(code: str) -> str:
    return f"countries/{code.lower()}.md"


def theme_src(theme: str) -> str:
    return f"themes/{theme}.md"


def _count(n: int, collection: str) -> str:
    one, many = NOUNS[collection]
    return f"{n} {one if n == 1 else many}"


def _bin(count: int, top: int) -> int:
    """Shade class 1–4 of a non-empty cell, relative to the largest cell."""
    if count <= 0:
        return 0
    return min(4, 1 + (4 * (count - 1)) // max(top, 1))


class ReviewRenderer(PageRenderer):
    """Record pages plus the review's views."""

    def __init__(self, evidence: Evidence, layout: Layout | None = None,
                 references: References | None = None,
                 review_note: Callable[[Record], str] | None = None,
                 edition_year: int = 2026) -> None:
        super().__init__(evidence, layout, references, review_note)
        self.edition_year = edition_year
        self._countries_with_pages: set[str] | None = None
        self._filter_values: dict[tuple[str, str], dict[str, list[str]]] = {}
        self._rows: dict[tuple[str, str, str, bool], str] = {}

    # -- pages ---------------------------------------------------------------------------------

    def pages(self) -> dict[str, str]:
        out = super().pages()
        out[WHO_WHAT_WHERE_SRC] = self.who_what_where_page()
        out[GAP_MAP_SRC] = self.gap_map_page()
        by_country = analysis.records_by_country(self.evidence)
        out[COUNTRIES_INDEX] = self.countries_index(by_country)
        for code, records in by_country.items():
            out[country_src(code)] = self.country_page(code, records)
        by_theme = analysis.records_by_theme(self.evidence)
        out[THEMES_INDEX] = self.themes_index(by_theme)
        for theme, records in by_theme.items():
            out[theme_src(theme)] = self.theme_page(theme, records)
        return out

    def index_page(self, collection: str) -> str:
        if collection not in FILTERED:
            return super().index_page(collection)
        here = self.layout.index_src(collection)
        title = COLLECTION_TITLES[collection]
        records = sorted(self.evidence.records[collection].values(),
                         key=lambda r: r.label.casefold())
        form = self.filter_form(here, collection, records)
        table = self.records_table(here, collection, records, filterable=True)
        count = _count(len(records), collection)
        return (_front_matter({"title": title, "render_macros": False})
                + f"\n# {title}\n\n"
                + _block(f"<p>{escape(self.intro(collection))} "
                         f'<span class="ev-count">{count}</span>. Filter them below: the '
                         "address bar keeps the filter, so a view can be shared.</p>")
                + _block(form) + _block(table))

    def intro(self, collection: str) -> str:
        from .pages import COLLECTION_INTROS
        return COLLECTION_INTROS[collection]

    # -- tables of records ----------------------------------------------------------------------

    def activity_columns(self) -> list[tuple[str, Callable[[str, Any], str]]]:
        def orgs(here: str, a: Activity) -> str:
            roles: dict[str, list[str]] = defaultdict(list)
            for org, role in activity_roles(a):
                roles[org].append(role)
            return _join(f"{self.short_link(here, 'organisations', org)} "
                         f'<span class="ev-role">{escape(", ".join(rs))}</span>'
                         for org, rs in roles.items())

        def where(_: str, a: Activity) -> str:
            codes = mentioned_countries(a)
            return _join(f'<abbr title="{escape(country_name(c))}">{escape(c)}</abbr>'
                         for c in codes) if codes else escape(a.scope or "")

        return [("Activity", lambda h, r: self.link(h, r.collection, r.id)),
                ("Organisations and roles", orgs), ("Countries", where),
                ("Period", lambda _, r: escape(str(r.period)) if r.period else ""),
                ("Status", lambda _, r: escape(words(r.status or ""))),
                ("Themes", lambda _, r: self.theme_names(r.themes))]

    def theme_names(self, themes: Iterable[str]) -> str:
        return _join(f'<span class="ev-theme">{escape(self.themes[t])}</span>' for t in themes)

    def table_columns(self, collection: str) -> list[tuple[str, Callable[[str, Any], str]]]:
        if collection == "activities":
            return self.activity_columns()
        if collection == "figures":
            return [("Figure", lambda h, r: self.link(h, r.collection, r.id)),
                    ("Value", lambda _, r: escape(figure_text(r))),
                    ("Year", lambda _, r: escape(r.year or "")),
                    ("Where", lambda _, r: _join(escape(c) for c in r.countries)
                     or escape(r.scope or "")),
                    ("Themes", lambda _, r: self.theme_names(r.themes))]
        return self.columns(collection)

    def records_table(self, here: str, collection: str, records: Sequence[Record], *,
                      filterable: bool = False) -> str:
        if not records:
            return f'<p class="ev-none">No {NOUNS[collection][1]} match.</p>'
        columns = self.table_columns(collection)
        head = "".join(f'<th scope="col">{escape(name)}</th>' for name, _ in columns)
        # A record's row links only to record pages: on every page outside the collections'
        # folders at the same depth its links are the same, and it is made once.
        root = None if here.split("/", 1)[0] in COLLECTIONS else self.layout.root(here)
        rows = []
        for r in records:
            key = (root or "", collection, r.id, filterable)
            row = self._rows.get(key) if root is not None else None
            if row is None:
                attrs = self.filter_attrs(r) if filterable else ""
                cells = "".join(f"<td>{cell(here, r)}</td>" for _, cell in columns)
                row = f"<tr{attrs}>{cells}</tr>"
                if root is not None:
                    self._rows[key] = row
            rows.append(row)
        table_id = f' id="ev-table-{collection}"' if filterable else ""
        return _table("ev-index" + (" ev-filterable" if filterable else ""),
                      f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>",
                      f' data-collection="{escape(collection)}"{table_id}')

    # -- filters ------------------------------------------------------------------------------

    def filter_values(self, record: Record) -> dict[str, list[str]]:
        """Filter name → the values a record matches (what the row's data attributes hold).
        Asked for every table row and matrix cell a record is in: computed once a build."""
        key = (record.collection, record.id)
        values = self._filter_values.get(key)
        if values is None:
            values = self._filter_values[key] = self.compute_filter_values(record)
        return values

    def compute_filter_values(self, record: Record) -> dict[str, list[str]]:
        countries = mentioned_countries(record)
        values: dict[str, list[str]] = {
            "country": countries,
            "subregion": list(dict.fromkeys(slug(s) for c in countries
                                            if (s := subregion(c)))),
            "theme": record_themes(record),
        }
        if isinstance(record, Activity):
            roles = activity_roles(record)
            orgs = self.evidence.records["organisations"]
            values["organisation"] = list(dict.fromkeys(o for o, _ in roles))
            values["role"] = list(dict.fromkeys(r for _, r in roles))
            values["orgrole"] = [f"{o}:{r}" for o, r in roles]
            values["organisation-kind"] = list(dict.fromkeys(
                str(getattr(orgs[o], "kind", "")) for o, _ in roles if o in orgs))
            values["status"] = [record.status] if record.status else []
            values["year"] = [str(y) for y in active_years(record, self.edition_year)]
        if isinstance(record, Figure):
            year = record.year or (record.period.start if record.period else None)
            values["year"] = [str(year)] if year else []
            values["table"] = [record.dataset] if record.dataset else []
        return values

    def filter_attrs(self, record: Record) -> str:
        return "".join(f' data-{name}="{escape(" ".join(vals))}"'
                       for name, vals in self.filter_values(record).items() if name)

    def filter_options(self, collection: str, records: Sequence[Record]
                       ) -> list[tuple[str, str, list[tuple[str, str]]]]:
        """(name, label, [(value, text)]) of each filter, with only values some record has."""
        seen: dict[str, Counter[str]] = defaultdict(Counter)
        for r in records:
            for name, vals in self.filter_values(r).items():
                seen[name].update(vals)
        orgs = self.evidence.records["organisations"]

        def org_label(o: str) -> str:
            rec = orgs.get(o)
            return (getattr(rec, "acronym", None) or rec.label) if rec else o

        labels: dict[str, tuple[str, Callable[[str], str]]] = {
            "country": ("Country", country_name),
            "subregion": ("Subregion", lambda v: v.replace("-", " ").capitalize()),
            "theme": ("Theme", lambda v: self.themes.get(v, v)),
            "organisation": ("Organisation", org_label),
            "role": ("Role", words),
            "organisation-kind": ("Kind of organisation", words),
            "status": ("Status", words),
            "year": ("Year", str),
            "table": ("Source table", str),
        }
        out = []
        for name, (label, text) in labels.items():
            if not seen.get(name):
                continue
            options = sorted(((v, text(v)) for v in seen[name]),
                             key=lambda o: (o[0] if name == "year" else o[1].casefold()))
            out.append((name, label, options))
        return out

    def filter_form(self, here: str, collection: str, records: Sequence[Record]) -> str:
        selects = []
        for name, label, options in self.filter_options(collection, records):
            opts = "".join(f'<option value="{escape(v)}">{escape(t)}</option>'
                           for v, t in options)
            selects.append(f'<label class="ev-filter">{escape(label)}'
                           f'<select name="{escape(name)}"><option value="">Any</option>'
                           f"{opts}</select></label>")
        one, many = NOUNS[collection]
        return (f'<form class="ev-filters" data-table="ev-table-{escape(collection)}" '
                f'data-one="{escape(one)}" data-many="{escape(many)}" hidden '
                f'aria-label="Filter the {escape(many)}">{"".join(selects)}'
                '<button type="reset" class="md-button">Clear filters</button>'
                '<p class="ev-filter-status" role="status" aria-live="polite"></p></form>')

    def filtered_href(self, here: str, collection: str, **criteria: str | None) -> str:
        query = urlencode({k.replace("_", "-"): v for k, v in criteria.items() if v})
        return self.layout.href(here, self.layout.index_src(collection)) + (
            f"?{query}" if query else "")

    # -- matrices -------------------------------------------------------------------------------

    def matrix(self, here: str, matrix: Matrix, rows: list[tuple[str, str]],
               columns: list[tuple[str, str]], *, row_name: str, column_name: str,
               row_header: str, caption: str, describe: Callable[[str, str, int], str],
               css: str = "ev-matrix", empty: str = "") -> str:
        """A table of counts: rows × columns, each non-empty cell a link to the filtered
        activities; `empty` marks empty cells (gap maps) or leaves them blank."""
        top = max((len(v) for v in matrix.values()), default=1)
        head = "".join(f'<th scope="col"><span>{label}</span></th>' for _, label in columns)
        body = []
        for row, row_label in rows:
            cells = []
            for column, _ in columns:
                ids = matrix.get((row, column), [])
                if not ids and not empty:
                    cells.append("<td></td>")
                    continue
                cells.append(self.cell(here, ids, top, {row_name: row, column_name: column},
                                       describe(row, column, len(ids)), empty))
            body.append(f'<tr><th scope="row">{row_label}</th>{"".join(cells)}</tr>')
        return _table(css, f"<caption>{escape(caption)}</caption><thead><tr>"
                      f'<th scope="col">{escape(row_header)}</th>{head}</tr></thead>'
                      f"<tbody>{''.join(body)}</tbody>")

    def cell(self, here: str, ids: list[str], top: int, criteria: dict[str, str],
             label: str, empty: str) -> str:
        if not ids:
            if empty:
                return (f'<td class="ev-gap" title="{escape(label)}">'
                        f'<span aria-label="{escape(label)}">{escape(empty)}</span></td>')
            return "<td></td>"
        href = self.filtered_href(here, "activities", **criteria)
        segments = self.segments(ids)
        return (f'<td class="ev-cell ev-shade-{_bin(len(ids), top)}" data-total="{len(ids)}" '
                f'data-segments="{escape(segments)}"><a href="{escape(href)}" '
                f'aria-label="{escape(label)}" title="{escape(label)}">{len(ids)}</a></td>')

    def segments(self, ids: list[str]) -> str:
        """Per-segment counts of a cell ('organisation-kind:un-entity=2 status:closed=1'), for
        the gap map's segment filter."""
        counts: Counter[str] = Counter()
        for ident in ids:
            values = self.filter_values(self.evidence.records["activities"][ident])
            for name in ("organisation-kind", "status"):
                counts.update(f"{name}:{v}" for v in values.get(name, []))
        return " ".join(f"{k}={n}" for k, n in sorted(counts.items()))

    def organisations_with_activities(self) -> list[str]:
        orgs = {o for a in self.evidence.records["activities"].values()
                if isinstance(a, Activity) for o, _ in activity_roles(a)}
        records = self.evidence.records["organisations"]
        return sorted(orgs, key=lambda o: records[o].label.casefold() if o in records else o)

    def org_label(self, org: str) -> str:
        record = self.evidence.records["organisations"][org]
        return getattr(record, "acronym", None) or record.label

    @staticmethod
    def short_header(label: str, limit: int = 30) -> str:
        """A column header short enough to stand rotated; the full text in its title."""
        if len(label) <= limit:
            return escape(label)
        short = label[:limit].rsplit(" ", 1)[0] + "…"
        return f'<abbr title="{escape(label)}">{escape(short)}</abbr>'

    def who_what_where_page(self) -> str:
        here = WHO_WHAT_WHERE_SRC
        orgs = self.organisations_with_activities()
        org_theme = analysis.organisation_theme_matrix(self.evidence)
        themes = [(t, self.short_header(self.themes[t])) for t in self.themes
                  if any(k[1] == t for k in org_theme)]
        country_org = analysis.country_organisation_matrix(self.evidence)
        countries = sorted({c for c, _ in country_org}, key=country_name)
        n_activities = len(self.evidence.records["activities"])

        def describe_ot(org: str, theme: str, n: int) -> str:
            return f"{self.org_label(org)}, {self.themes[theme]}: {_count(n, 'activities')}"

        def describe_co(country: str, org: str, n: int) -> str:
            return f"{self.org_label(org)} in {country_name(country)}: {_count(n, 'activities')}"

        org_rows = [(o, self.short_link(here, "organisations", o)) for o in orgs]
        table1 = self.matrix(here, org_theme, org_rows, themes, row_name="organisation",
                             column_name="theme", row_header="Organisation",
                             caption="Activities by organisation and theme", describe=describe_ot,
                             css="ev-matrix ev-matrix-rotated")
        country_rows = [(c, _a(self.layout.href(here, country_src(c)), country_name(c)))
                        for c in countries]
        org_columns = [(o, self.short_header(self.org_label(o))) for o in orgs]
        table2 = self.matrix(here, country_org, country_rows, org_columns, row_name="country",
                             column_name="organisation", row_header="Country",
                             caption="Activities by country and organisation",
                             describe=describe_co, css="ev-matrix ev-matrix-rotated")
        intro = (f"<p>Who does what, where: the {_count(n_activities, 'activities')} of the "
                 "review counted by the organisations taking part (funders, implementers and "
                 "partners), their themes and the countries they mention. A number is a count "
                 "of activities; it links to the list of those activities. An activity counts "
                 "once in every cell it belongs to, so rows do not add up to the total.</p>")
        return (_front_matter({"title": "Who does what where", "render_macros": False,
                              "hide": ["navigation", "toc"]})
                + "\n# Who does what where\n" + _block(intro)
                + "\n## Organisations and themes\n" + _block(table1)
                + "\n## Countries and organisations\n" + _block(table2))

    # -- the evidence gap map -------------------------------------------------------------------

    def gap_map_page(self) -> str:
        here = GAP_MAP_SRC
        by_country = analysis.theme_country_matrix(self.evidence)
        by_subregion = analysis.theme_subregion_matrix(self.evidence)
        themes = [(t, _a(self.layout.href(here, theme_src(t)), label))
                  for t, label in self.themes.items()]
        countries = analysis.gap_map_countries(self.evidence)
        columns = [(c, f'<a href="{escape(self.layout.href(here, country_src(c)))}" '
                    f'title="{escape(country_name(c))}">{escape(c)}</a>'
                    if c in self.countries_with_pages() else
                    f'<abbr title="{escape(country_name(c))}">{escape(c)}</abbr>')
                   for c in countries]
        regions = [*LAC_SUBREGIONS, *(s for s in ("Northern America", NO_SUBREGION)
                                      if any(k[1] == s for k in by_subregion))]

        def describe_country(theme: str, country: str, n: int) -> str:
            what = _count(n, "activities") if n else "no activity: a gap"
            return f"{self.themes[theme]} in {country_name(country)}: {what}"

        def describe_region(theme: str, region: str, n: int) -> str:
            what = _count(n, "activities") if n else "no activity: a gap"
            return f"{self.themes[theme]} in {region}: {what}"

        region_table = self.matrix(
            here, {(t, slug(r)): ids for (t, r), ids in by_subregion.items()},
            themes, [(slug(r), escape(r)) for r in regions], row_name="theme",
            column_name="subregion", row_header="Theme",
            caption="Activities by theme and subregion",
            describe=lambda t, r, n: describe_region(
                t, next(x for x in regions if slug(x) == r), n),
            css="ev-matrix ev-gap-map", empty="–")
        header = "".join(
            f'<th scope="colgroup" colspan="{len(members)}">{escape(name)}</th>'
            for name in LAC_SUBREGIONS
            if (members := [c for c in countries if subregion(c) == name]))
        country_table = self.matrix(
            here, by_country, themes, columns, row_name="theme", column_name="country",
            row_header="Theme", caption="Activities by theme and country",
            describe=describe_country, css="ev-matrix ev-gap-map ev-matrix-rotated", empty="–")
        country_table = country_table.replace(
            "<thead><tr>", f'<thead><tr><td></td>{header}</tr><tr>', 1)
        segment = self.segment_form()
        n_gaps = sum(1 for t in self.themes for c in countries if (t, c) not in by_country)
        intro = (
            "<p>An evidence gap map of the review's activities: each row a theme, each column a "
            "country (or a subregion), each number the activities on that theme that mention "
            "that country, darker for more. A dash marks a gap: no activity recorded. Click a "
            "number to see its activities. Gaps show where this review has found no activity, "
            "not that none exists: the review covers what its sources report. "
            f'<span class="ev-count">{n_gaps} of {len(self.themes) * len(countries)}</span> '
            "theme × country cells are gaps.</p>")
        legend = ('<p class="ev-legend"><span class="ev-cell ev-shade-1">1</span> fewer '
                  '<span class="ev-cell ev-shade-4">n</span> more activities '
                  '<span class="ev-gap">–</span> gap (none recorded)</p>')
        return (_front_matter({"title": "Evidence gap map", "render_macros": False,
                              "hide": ["navigation", "toc"]})
                + "\n# Evidence gap map\n" + _block(intro) + _block(segment) + _block(legend)
                + "\n## By subregion\n" + _block(region_table)
                + "\n## By country\n" + _block(country_table))

    def countries_with_pages(self) -> set[str]:
        if self._countries_with_pages is None:
            self._countries_with_pages = set(analysis.records_by_country(self.evidence))
        return self._countries_with_pages

    def segment_form(self) -> str:
        options: dict[str, set[str]] = defaultdict(set)
        for a in self.evidence.records["activities"].values():
            for name in ("organisation-kind", "status"):
                options[name].update(self.filter_values(a).get(name, []))
        groups = "".join(
            f'<optgroup label="{escape(label)}">' + "".join(
                f'<option value="{escape(name)}:{escape(v)}">{escape(words(v))}</option>'
                for v in sorted(options[name])) + "</optgroup>"
            for name, label in (("organisation-kind", "Kind of organisation"),
                                ("status", "Status")) if options[name])
        return ('<form class="ev-segments" hidden aria-label="Show one segment">'
                '<label class="ev-filter">Show only<select name="segment">'
                f'<option value="">All activities</option>{groups}</select></label>'
                '<p class="ev-filter-status" role="status" aria-live="polite"></p></form>')

    # -- country and theme pages --------------------------------------------------------------

    def grouped_sections(self, here: str, by_collection: dict[str, list[Record]]) -> str:
        parts = []
        for collection in analysis.PAGE_COLLECTIONS:
            records = sorted(by_collection.get(collection, []), key=lambda r: r.label.casefold())
            if not records:
                continue
            parts.append(f"\n## {COLLECTION_TITLES[collection]}\n")
            parts.append(_block(self.records_table(here, collection, records)))
        return "".join(parts)

    def summary_counts(self, by_collection: dict[str, list[Record]]) -> str:
        return _join(_count(len(by_collection[c]), c) for c in analysis.PAGE_COLLECTIONS
                     if by_collection.get(c))

    def country_page(self, code: str, by_collection: dict[str, list[Record]]) -> str:
        here = country_src(code)
        name = country_name(code)
        region = subregion(code)
        where = f" in {region}" if region else ""
        filtered = self.filtered_href(here, "activities", country=code)
        intro = (f"<p>Everything the review records about {escape(name)} "
                 f'<span class="ev-code">{escape(code)}</span>{escape(where)}: '
                 f"{self.summary_counts(by_collection)}. "
                 f'<a href="{escape(filtered)}">Filter the activities</a> to narrow further.</p>')
        return (_front_matter({"title": name, "render_macros": False})
                + f"\n# {md_escape(name)}\n" + _block(intro)
                + self.grouped_sections(here, by_collection))

    def countries_index(self, by_country: dict[str, dict[str, list[Record]]]) -> str:
        here = COUNTRIES_INDEX
        columns = ("activities", "mechanisms", "strategies", "mieux-actions", "figures")
        rows = []
        for code, by in sorted(by_country.items(), key=lambda kv: country_name(kv[0])):
            cells = "".join(f"<td>{len(by.get(c, []))}</td>" for c in columns)
            link = _a(self.layout.href(here, country_src(code)), country_name(code))
            rows.append(f'<tr><td>{link} <span class="ev-code">{escape(code)}</span></td>'
                        f"<td>{escape(subregion(code) or NO_SUBREGION)}</td>{cells}</tr>")
        head = "".join(f'<th scope="col">{escape(COLLECTION_TITLES[c])}</th>' for c in columns)
        table = _table("ev-index", f'<thead><tr><th scope="col">Country</th>'
                       f'<th scope="col">Subregion</th>{head}</tr></thead>'
                       f"<tbody>{''.join(rows)}</tbody>")
        intro = (f"<p>The {len(by_country)} countries and territories that records mention, "
                 "each with a page listing everything recorded about it.</p>")
        return (_front_matter({"title": "Countries", "render_macros": False})
                + "\n# Countries\n" + _block(intro) + self.lac_map_block(here)
                + _block(table))

    def lac_map_block(self, here: str) -> str:
        """The map of activity counts, when the map module is available."""
        return _block(self.lac_map(here))

    def theme_page(self, theme: str, by_collection: dict[str, list[Record]]) -> str:
        here = theme_src(theme)
        concept = next(t for t in self.evidence.vocabularies.themes if t.id == theme)
        areas = _join(escape(self.mieux_areas[a]) for a in concept.mieux_areas
                      if a in self.mieux_areas)
        description = f"<p>{escape(concept.description)}</p>" if concept.description else ""
        mapped = f"<p>MIEUX thematic areas: {areas}.</p>" if areas else ""
        counts = self.summary_counts(by_collection)
        filtered = self.filtered_href(here, "activities", theme=theme)
        intro = (f"<p>{counts or 'No record is on this theme yet'}"
                 + (f'. <a href="{escape(filtered)}">Filter the activities</a> by country, '
                    "organisation or year.</p>" if by_collection.get("activities") else ".</p>"))
        return (_front_matter({"title": concept.label, "render_macros": False})
                + f"\n# {md_escape(concept.label)}\n" + _block(description + mapped + intro)
                + self.grouped_sections(here, by_collection))

    def themes_index(self, by_theme: dict[str, dict[str, list[Record]]]) -> str:
        here = THEMES_INDEX
        columns = ("activities", "mechanisms", "strategies", "mieux-actions", "findings",
                   "recommendations", "figures")
        rows = []
        for theme, by in by_theme.items():
            cells = "".join(f"<td>{len(by.get(c, []))}</td>" for c in columns)
            link = _a(self.layout.href(here, theme_src(theme)), self.themes[theme])
            rows.append(f"<tr><td>{link}</td>{cells}</tr>")
        head = "".join(f'<th scope="col">{escape(COLLECTION_TITLES[c])}</th>' for c in columns)
        table = _table("ev-index", f'<thead><tr><th scope="col">Theme</th>{head}</tr></thead>'
                       f"<tbody>{''.join(rows)}</tbody>")
        intro = (f"<p>The review's {len(by_theme)} themes, each with a page listing its "
                 "records. Strategies count under the themes of their pillars and priorities.</p>")
        return (_front_matter({"title": "Themes", "render_macros": False})
                + "\n# Themes\n" + _block(intro) + _block(self.activity_chart(here, "theme"))
                + _block(table))

    # -- blocks the review pages call (macros) -------------------------------------------------

    def check_id(self, collection: str, ident: str | None) -> None:
        if ident is not None and ident not in self.evidence.records[collection]:
            raise ReviewError(f"no {NOUNS[collection][0]} with id {ident!r} "
                              f"(evidence/{collection}/{ident}.yaml does not exist)")

    def check_theme(self, theme: str | None) -> None:
        if theme is not None and theme not in self.themes:
            raise ReviewError(f"no theme {theme!r} in evidence/themes.yaml")

    def check_key(self, key: str | None) -> None:
        if key is not None and key not in self.evidence.bibliography.entries:
            raise ReviewError(f"no source {key!r} in the bibliography")

    def check_country(self, code: str | None) -> str | None:
        if code is None:
            return None
        from .geography import normalise_country
        try:
            return normalise_country(code)
        except UnknownCountry:
            raise ReviewError(f"{code!r} is not an ISO 3166-1 country code") from None

    def activities_block(self, here: str, *, organisation: str | None = None,
                         role: str | None = None, theme: str | None = None,
                         country: str | None = None, kind: str | None = None,
                         source: str | None = None) -> str:
        self.check_id("organisations", organisation)
        self.check_theme(theme)
        self.check_key(source)
        records = analysis.select_activities(
            self.evidence, self.edition_year, organisation=organisation, role=role, theme=theme,
            country=self.check_country(country), kind=kind, source=source)
        return self.records_table(here, "activities",
                                  sorted(records, key=lambda r: r.label.casefold()))

    def select(self, collection: str, keep: Callable[[Any], bool]) -> list[Record]:
        return sorted((r for r in self.evidence.records[collection].values() if keep(r)),
                      key=lambda r: r.label.casefold())

    def strategies_block(self, here: str, *, organisation: str | None = None,
                         theme: str | None = None, source: str | None = None) -> str:
        self.check_id("organisations", organisation)
        self.check_theme(theme)
        self.check_key(source)
        records = self.select("strategies", lambda s: (
            (organisation is None or organisation in s.organisations)
            and (theme is None or theme in record_themes(s))
            and (source is None or source in analysis.cited_keys_of(s))))
        return self.records_table(here, "strategies", records)

    def mechanisms_block(self, here: str, *, organisation: str | None = None,
                         theme: str | None = None, country: str | None = None,
                         level: str | None = None, source: str | None = None,
                         locator: str | None = None) -> str:
        self.check_id("organisations", organisation)
        self.check_theme(theme)
        self.check_key(source)
        code = self.check_country(country)
        records = self.select("mechanisms", lambda m: (
            (organisation is None or organisation in (*m.leads, *m.members))
            and (theme is None or theme in m.themes)
            and (code is None or code in m.countries)
            and (level is None or m.level == level)
            and (source is None or (source in analysis.cited_keys_of(m) and (
                locator is None or any(place.strip().startswith(locator)
                                       for loc in analysis.locators_of(m, source)
                                       for place in loc.split(";")))))))
        return self.records_table(here, "mechanisms", records)

    def figures_block(self, here: str, *, dataset: str | None = None,
                      indicator: str | None = None, country: str | None = None,
                      theme: str | None = None, about: str | None = None,
                      source: str | None = None) -> str:
        self.check_theme(theme)
        self.check_key(source)
        code = self.check_country(country)
        records = self.select("figures", lambda f: (
            (dataset is None or f.dataset == dataset)
            and (indicator is None or f.indicator == indicator)
            and (code is None or code in f.countries)
            and (theme is None or theme in f.themes)
            and (about is None or about in f.about)
            and (source is None or source in analysis.cited_keys_of(f))))
        return self.records_table(here, "figures", records)

    def events_block(self, here: str, *, organisation: str | None = None,
                     source: str | None = None) -> str:
        self.check_id("organisations", organisation)
        self.check_key(source)
        records = self.select("events", lambda e: (
            (organisation is None or organisation in e.organisers)
            and (source is None or source in analysis.cited_keys_of(e))))
        return self.records_table(here, "events", records)

    def organisations_block(self, here: str, *, kind: str | None = None,
                            ids: Sequence[str] | None = None) -> str:
        for ident in ids or ():
            self.check_id("organisations", ident)
        records = self.select("organisations", lambda o: (
            (kind is None or o.kind == kind) and (ids is None or o.id in ids)))
        return self.records_table(here, "organisations", records)

    def organisation_card(self, here: str, ident: str) -> str:
        self.check_id("organisations", ident)
        org = self.evidence.records["organisations"][ident]
        assert isinstance(org, Organisation)
        seen = dict.fromkeys((b.collection, b.id) for b in self.evidence.backlinks_of(org))
        counts = Counter(collection for collection, _ in seen)
        href = self.layout.href(here, self.layout.record_src("organisations", ident))
        related = _join(_count(n, c) for c, n in sorted(counts.items())
                        if c in ("strategies", "activities", "mechanisms", "mieux-actions"))
        text = render_markdown(org.description) if org.description else ""
        return (f'<div class="ev-card"><p class="ev-card-title">{_a(href, org.label)}'
                + (f" ({escape(org.acronym)})" if org.acronym else "")
                + f' <span class="ev-badge">{escape(words(org.kind))}</span></p>{text}'
                + (f'<p class="ev-card-related">In this review: {related}.</p>'
                   if related else "") + "</div>")

    def text_records(self, here: str, records: Sequence[Record]) -> str:
        if not records:
            return '<p class="ev-none">No records match.</p>'
        items = []
        for r in records:
            assert isinstance(r, Finding | Recommendation)
            href = self.layout.href(here, self.layout.record_src(r.collection, r.id))
            to = (f'<p class="ev-addressed">Addressed to: {escape(r.addressed_to)}</p>'
                  if isinstance(r, Recommendation) and r.addressed_to else "")
            items.append(f'<div class="ev-statement"><p class="ev-card-title">'
                         f"{_a(href, r.title)}</p>{render_markdown(r.text)}{to}</div>")
        return "".join(items)

    def findings_block(self, here: str, *, source: str | None = None,
                       mechanism: str | None = None, theme: str | None = None) -> str:
        self.check_key(source)
        self.check_id("mechanisms", mechanism)
        self.check_theme(theme)
        return self.text_records(here, self.ordered("findings", lambda f: (
            (source is None or source in analysis.cited_keys_of(f))
            and (mechanism is None or mechanism in f.mechanisms)
            and (theme is None or theme in f.themes))))

    def recommendations_block(self, here: str, *, source: str | None = None,
                              organisation: str | None = None, mechanism: str | None = None,
                              theme: str | None = None) -> str:
        self.check_key(source)
        self.check_id("organisations", organisation)
        self.check_id("mechanisms", mechanism)
        self.check_theme(theme)
        return self.text_records(here, self.ordered("recommendations", lambda r: (
            (source is None or source in analysis.cited_keys_of(r))
            and (organisation is None or organisation in r.organisations)
            and (mechanism is None or mechanism in r.mechanisms)
            and (theme is None or theme in r.themes))))

    def ordered(self, collection: str, keep: Callable[[Any], bool]) -> list[Record]:
        """Records in the order of their files (ids), which editors control."""
        return [r for _, r in sorted(self.evidence.records[collection].items()) if keep(r)]

    def mieux_actions_block(self, here: str, *, area: str | None = None) -> str:
        if area is not None and area not in self.mieux_areas:
            raise ReviewError(f"no MIEUX area {area!r} in evidence/themes.yaml")
        actions = self.select("mieux-actions",
                              lambda a: area is None or area in a.mieux_areas)
        if not actions:
            return '<p class="ev-none">No MIEUX actions match.</p>'
        out = []
        for a in actions:
            assert isinstance(a, MieuxAction)
            href = self.layout.href(here, self.layout.record_src("mieux-actions", a.id))
            where = _join(escape(country_name(c)) for c in a.countries)
            if a.network:
                where = _join([*([where] if where else []),
                               self.link(here, "organisations", a.network)])
            meta = _join(x for x in (where, escape(str(a.period)) if a.period else "") if x)
            body = [f'<p class="ev-card-title">{_a(href, a.title)}</p>',
                    f'<p class="ev-meta">{meta}</p>' if meta else ""]
            if a.context:
                body.append(f"<p><strong>Context.</strong></p>{render_markdown(a.context)}")
            for heading, items in (("Objectives", a.objectives), ("Results", a.results)):
                if items:
                    body.append(f"<p><strong>{heading}.</strong></p>"
                                + _ul(render_markdown.inline(t) for t in items))
            out.append(f'<div class="ev-card">{"".join(body)}</div>')
        return "".join(out)

    def strategy(self, ident: str) -> Strategy:
        self.check_id("strategies", ident)
        record = self.evidence.records["strategies"][ident]
        assert isinstance(record, Strategy)
        return record

    def strategy_structure(self, here: str, ident: str) -> str:
        strategy = self.strategy(ident)
        if not strategy.structure:
            return '<p class="ev-none">This strategy records no structure.</p>'
        rows = []
        for top in strategy.structure:
            label = f"{top.label} " if top.label else ""
            children = top.items or []
            inner = _ul(self.structure_item(c) for c in children) if children else ""
            rows.append(f'<tr><th scope="row">{escape(label)}{escape(top.title)}</th>'
                        f"<td>{inner}</td></tr>")
        kinds = {words(c.kind) for t in strategy.structure for c in t.items}
        second = ", ".join(sorted(kinds)).capitalize() or "Items"
        first = ", ".join(sorted({words(t.kind) for t in strategy.structure})).capitalize()
        return _table("ev-structure-table",
                      f'<thead><tr><th scope="col">{escape(first)}</th>'
                      f'<th scope="col">{escape(second)}</th></tr></thead>'
                      f"<tbody>{''.join(rows)}</tbody>")

    def structure_item(self, item: StructureItem) -> str:
        label = f'<span class="ev-label">{escape(item.label)}</span> ' if item.label else ""
        themes = (f'<br><span class="ev-themes">{self.theme_names(item.themes)}</span>'
                  if item.themes else "")
        inner = _ul(self.structure_item(c) for c in item.items) if item.items else ""
        return f"{label}{escape(item.title)}{themes}{inner}"

    def strategy_partners(self, here: str, ident: str) -> str:
        strategy = self.strategy(ident)
        if not strategy.partners:
            return '<p class="ev-none">This strategy names no partners.</p>'
        return _ul((self.link(here, "organisations", p) for p in strategy.partners),
                   "ev-partners")

    def dataset_table(self, here: str, dataset: str) -> str:
        figures = [f for f in self.evidence.records["figures"].values()
                   if isinstance(f, Figure) and f.dataset == dataset]
        if not figures:
            raise ReviewError(f"no figures with dataset {dataset!r}")
        indicators = list(dict.fromkeys(f.indicator or f.title for f in sorted(
            figures, key=lambda f: f.id)))
        labels = {f.indicator or f.title: f.measure for f in figures}
        rows: dict[str, dict[str, Figure]] = defaultdict(dict)
        for f in figures:
            place = ", ".join(f.countries) or (f.scope or "")
            rows[place][f.indicator or f.title] = f
        head = "".join(f'<th scope="col" title="{escape(labels[i])}">'
                       f"{escape(words(i).capitalize())}</th>" for i in indicators)
        body = []
        for place in sorted(rows, key=lambda p: country_name(p) if len(p) == 2 else p):
            cells = []
            for i in indicators:
                found = rows[place].get(i)
                if found is None:
                    cells.append("<td></td>")
                    continue
                href = self.layout.href(here, self.layout.record_src("figures", found.id))
                value = figure_text(found) + (f" ({found.category})" if found.category else "")
                cells.append(f"<td>{_a(href, value)}</td>")
            name = country_name(place) if len(place) == 2 else place
            body.append(f'<tr><th scope="row">{escape(name)}</th>{"".join(cells)}</tr>')
        return _table("ev-index ev-dataset", f'<thead><tr><th scope="col">Country</th>{head}'
                      f"</tr></thead><tbody>{''.join(body)}</tbody>")

    def mechanism_comparison(self, here: str) -> str:
        rows = []
        for m in self.select("mechanisms", lambda _: True):
            assert isinstance(m, Mechanism)
            members = (str(len(m.members)) if m.members else "")
            if m.member_count:
                members = self.fact(here, m, "member_count", m.member_count)
            where = _join(f'<abbr title="{escape(country_name(c))}">{escape(c)}</abbr>'
                          for c in m.countries) or escape(m.scope or "")
            rows.append(
                f"<tr><td>{self.link(here, 'mechanisms', m.id)}</td>"
                f"<td>{_join(self.short_link(here, 'organisations', o) for o in m.leads)}</td>"
                f"<td>{members}</td><td>{where}</td><td>{escape(words(m.level))}</td>"
                f"<td>{self.theme_names(m.themes)}</td><td>{escape(m.iom_role or '')}</td></tr>")
        head = "".join(f'<th scope="col">{h}</th>' for h in (
            "Mechanism", "Lead", "Members", "Countries", "Level", "Themes", "Role of IOM"))
        return _table("ev-index ev-comparison",
                      f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>")

    def duplications_block(self, here: str) -> str:
        """One row per set of mechanisms and theme, with the countries they share: each
        theme × country pair of `analysis.duplications` appears exactly once."""
        found = analysis.duplications(self.evidence)
        if not found:
            return '<p class="ev-none">No theme and country is covered by two mechanisms.</p>'
        groups: dict[tuple[tuple[str, ...], str], list[str]] = defaultdict(list)
        for (theme, country), ids in found.items():
            groups[(tuple(ids), theme)].append(country)
        rows = []
        for (mechanisms, theme), countries in sorted(
                groups.items(), key=lambda kv: (self.themes[kv[0][1]], kv[0][0])):
            theme_link = _a(self.layout.href(here, theme_src(theme)), self.themes[theme])
            where = _join(
                f'<a href="{escape(self.layout.href(here, country_src(c)))}" '
                f'data-country="{escape(c)}">{escape(country_name(c))}</a>'
                for c in sorted(countries, key=country_name))
            attrs = (f'data-theme="{escape(theme)}" '
                     f'data-mechanisms="{escape(" ".join(mechanisms))}"')
            rows.append(f"<tr {attrs}>"
                        f"<td>{_join(self.short_link(here, 'mechanisms', m) for m in mechanisms)}"
                        "</td>"
                        f"<td>{theme_link}</td><td>{where}</td></tr>")
        return _table("ev-index ev-duplications",
                      '<thead><tr><th scope="col">Mechanisms</th><th scope="col">Theme</th>'
                      '<th scope="col">Countries they all cover</th></tr></thead>'
                      f"<tbody>{''.join(rows)}</tbody>")

    def gaps_block(self, here: str) -> str:
        gaps = analysis.mechanism_gaps(self.evidence)
        countries = _join(_a(self.layout.href(here, country_src(c)), country_name(c))
                          if c in self.countries_with_pages() else escape(country_name(c))
                          for c in gaps.countries)
        themes = _join(_a(self.layout.href(here, theme_src(t)), self.themes[t])
                       for t in gaps.themes)
        return ('<div class="ev-gaps">'
                f'<p><strong>States no mechanism lists '
                f'(<span class="ev-count">{len(gaps.countries)}</span>):</strong> '
                f"{countries or 'none'}.</p>"
                f'<p><strong>Themes no mechanism covers '
                f'(<span class="ev-count">{len(gaps.themes)}</span>):</strong> '
                f"{themes or 'none'}.</p></div>")

    def record_link(self, here: str, path: str) -> str:
        collection, _, ident = path.partition("/")
        if collection not in COLLECTIONS:
            raise ReviewError(f"{path!r}: expected collection/id, e.g. mechanisms/r4v")
        self.check_id(collection, ident)
        record = self.evidence.records[collection][ident]
        return _a(self.layout.href(here, self.layout.record_src(collection, ident)),
                  record.label)

    def figure_inline(self, ident: str) -> tuple[str, list[tuple[str, str]]]:
        """A figure's value as the source qualifies it, and its (key, locator) sources."""
        self.check_id("figures", ident)
        figure = self.evidence.records["figures"][ident]
        assert isinstance(figure, Figure)
        return figure_text(figure), [(s.key, s.locator) for s in figure.sources]

    # -- charts -------------------------------------------------------------------------------

    def activity_counts(self, by: str) -> list[tuple[str, str, int]]:
        """(value, label, activities) for by='country' or 'theme', most first."""
        counts: Counter[str] = Counter()
        for a in self.evidence.records["activities"].values():
            values = mentioned_countries(a) if by == "country" else list(
                getattr(a, "themes", []))
            counts.update(values)
        label = country_name if by == "country" else (lambda t: self.themes[t])
        return [(v, label(v), n) for v, n in sorted(counts.items(),
                                                     key=lambda kv: (-kv[1], label(kv[0])))]

    def activity_chart(self, here: str, by: str = "country") -> str:
        if by not in ("country", "theme"):
            raise ReviewError(f"activity_chart(by={by!r}): use by='country' or by='theme'")
        from .charts import Bar, bar_chart
        bars = [Bar(label, n, self.filtered_href(here, "activities", **{by: value}))
                for value, label, n in self.activity_counts(by)]
        return bar_chart(bars, title=f"Activities by {by}", unit=("activity", "activities"))

    def mieux_area_chart(self, here: str) -> str:
        from .charts import Bar, bar_chart
        counts: Counter[str] = Counter()
        for a in self.evidence.records["mieux-actions"].values():
            counts.update(getattr(a, "mieux_areas", []))
        groups = {a.id: a.group for a in self.evidence.vocabularies.mieux_areas}
        href = self.layout.href(here, self.layout.index_src("mieux-actions"))
        charts = []
        for group, title in (("thematic-area", "MIEUX actions by thematic area"),
                             ("horizontal-intervention",
                              "MIEUX actions by area within horizontal interventions")):
            bars = [Bar(self.mieux_areas[area], counts[area], href)
                    for area in self.mieux_areas if groups[area] == group]
            if bars:
                charts.append(bar_chart(bars, title=title, unit=("action", "actions")))
        return "".join(charts)

    def lac_map(self, here: str) -> str:
        from .lacmap import lac_map
        counts: Counter[str] = Counter()
        for a in self.evidence.records["activities"].values():
            counts.update(mentioned_countries(a))
        pages = self.countries_with_pages()
        return lac_map(dict(counts),
                       href=lambda c: self.layout.href(here, country_src(c)) if c in pages
                       else None,
                       title="Activities by country", unit=("activity", "activities"))


__all__ = ["IN_NAV", "ReviewError", "ReviewRenderer", "plural"]
