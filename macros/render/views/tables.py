"""Tables of records: one row a record, its cells linked, in the indexes and the blocks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from ...evidence.analysis import activity_roles, coverage, mentioned_countries, scope_words
from ...model import COLLECTIONS
from ...model import Record as AnyRecord
from ...model.geography import country_name
from ..context import ViewContext
from ..html import escape, join, table
from ..text import KIND_VOCABULARY, _, noun, region_name, word
from .facts import figure_text
from .filters import Filters
from .links import Links

Column = tuple[str, Callable[[str, Any], str]]
"""A column's header and what its cell shows of a record, on a page."""


def where_cell(record: Any, codes: list[str], *, abbr: bool = False) -> str:
    """The countries a record names, then the M49 regions it names; its scope in the source's
    words when it names neither."""
    names = [f'<abbr title="{escape(country_name(c))}">{escape(c)}</abbr>' if abbr
             else escape(c) for c in codes]
    names += [escape(region_name(r)) for r in coverage(record).regions]
    return join(names) if names else escape(scope_words(record))


class RecordTables:
    """The columns each collection's tables show, and the tables themselves."""

    def __init__(self, context: ViewContext, links: Links, filters: Filters) -> None:
        self.context = context
        self.links = links
        self.filters = filters

    # -- columns --------------------------------------------------------------------------------

    def title(self, here: str, r: AnyRecord) -> str:
        return self.links.link(here, r.collection, r.id)

    def orgs(self, ids_of: Callable[[Any], list[str]]) -> Callable[[str, Any], str]:
        return lambda here, r: join(self.links.short_link(here, "organisations", i)
                                    for i in ids_of(r))

    def index_columns(self, collection: str) -> list[Column]:
        """The columns of a collection's index page."""
        links = self.links

        def period(_: str, r: Any) -> str:
            return escape(str(r.period)) if r.period else ""

        def countries(_: str, r: Any) -> str:
            return where_cell(r, list(r.countries))

        def kind(_: str, r: Any) -> str:
            return escape(word(KIND_VOCABULARY[r.collection], r.kind))

        def mechanisms(here: str, r: Any) -> str:
            return join(links.short_link(here, "mechanisms", m) for m in r.mechanisms)

        columns: dict[str, list[Column]] = {
            "organisations": [
                (_("Name"), self.title), (_("Acronym"), lambda _, r: escape(r.acronym or "")),
                (_("Kind"), kind), (_("Referenced by"), lambda _, r: str(
                    len(self.context.evidence.backlinks_of(r))))],
            "strategies": [(_("Title"), self.title),
                           (_("Organisations"), self.orgs(lambda r: r.organisations)),
                           (_("Period"), period), (_("Scope"), lambda _, r: escape(r.scope or ""))],
            "activities": [
                (_("Title"), self.title), (_("Kind"), kind),
                (_("Organisations"), self.orgs(lambda r: list(dict.fromkeys(
                    p.organisation for p in r.participants)))),
                (_("Countries"), countries), (_("Period"), period),
                (_("Status"), lambda _, r: escape(word("status", r.status) if r.status else ""))],
            "mieux-actions": [
                (_("Title"), self.title), (_("Countries"), lambda h, r: join(
                    [escape(c) for c in r.countries]
                    + ([links.short_link(h, "organisations", r.network)] if r.network else []))),
                (_("Period"), period)],
            "mechanisms": [(_("Name"), self.title),
                           (_("Acronym"), lambda _, r: escape(r.acronym or "")), (_("Kind"), kind),
                           (_("Level"), lambda _, r: escape(word("level", r.level))),
                           (_("Lead"), self.orgs(lambda r: r.leads))],
            "findings": [(_("Finding"), self.title), (_("Mechanisms"), mechanisms)],
            "recommendations": [(_("Recommendation"), self.title),
                                (_("Addressed to"), lambda _, r: escape(r.addressed_to or "")),
                                (_("Mechanisms"), mechanisms)],
            "events": [(_("Event"), self.title), (_("Date"), lambda _, r: escape(r.date or "")),
                       (_("Place"), lambda _, r: escape(r.place or ""))],
            "figures": [(_("Figure"), self.title),
                        (_("Value"), lambda _, r: escape(figure_text(r))),
                        (_("Year"), lambda _, r: escape(r.year or "")),
                        (_("Where"), countries)],
        }
        return columns[collection]

    def activity_columns(self) -> list[Column]:
        def orgs(here: str, activity: Any) -> str:
            roles: dict[str, list[str]] = defaultdict(list)
            for org, role in activity_roles(activity):
                roles[org].append(word("role", role))
            return join(f"{self.links.short_link(here, 'organisations', org)} "
                        f'<span class="ev-role">{escape(", ".join(rs))}</span>'
                        for org, rs in roles.items())

        def where(_: str, activity: Any) -> str:
            return where_cell(activity, mentioned_countries(activity), abbr=True)

        return [(_("Activity"), self.title), (_("Organisations and roles"), orgs),
                (_("Countries"), where),
                (_("Period"), lambda _, r: escape(str(r.period)) if r.period else ""),
                (_("Status"), lambda _, r: escape(word("status", r.status) if r.status else "")),
                (_("Themes"), lambda _, r: self.links.theme_names(r.themes))]

    def columns(self, collection: str) -> list[Column]:
        """The columns of a table of records in a block or on a country or theme page."""
        if collection == "activities":
            return self.activity_columns()
        if collection == "figures":
            return [(_("Figure"), self.title),
                    (_("Value"), lambda _, r: escape(figure_text(r))),
                    (_("Year"), lambda _, r: escape(r.year or "")),
                    (_("Where"), lambda _, r: where_cell(r, list(r.countries))),
                    (_("Themes"), lambda _, r: self.links.theme_names(r.themes))]
        return self.index_columns(collection)

    # -- tables ---------------------------------------------------------------------------------

    def region_table(self, here: str, collection: str, records: Sequence[AnyRecord],
                     country: str) -> str:
        """Records covering a country as part of a region, with the region(s) they name."""
        # The countries and themes are on the record's page; the region says where it works.
        dropped = {_("Countries"), _("Themes"), _("Scope"), _("Acronym"), _("Status")}
        columns = [*(c for c in self.columns(collection) if c[0] not in dropped),
                   (_("Covers it as part of"), lambda _, r: join(
                       f'{escape(region_name(c))} <span class="ev-code">M49 {escape(c)}</span>'
                       for c in coverage(r).regions_containing(country)))]
        head = "".join(f'<th scope="col">{escape(name)}</th>' for name, _ in columns)
        rows = "".join("<tr>" + "".join(f"<td>{cell(here, r)}</td>" for _, cell in columns)
                       + "</tr>" for r in records)
        return table("ev-index ev-region-work",
                     f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody>")

    def records_table(self, here: str, collection: str, records: Sequence[AnyRecord], *,
                      filterable: bool = False) -> str:
        if not records:  # in prose, nothing; an index says the collection is empty
            return ('<p class="ev-none">' + _("No {records} are recorded yet.").format(
                records=noun(collection, 2)) + "</p>" if filterable else "")
        columns = self.columns(collection)
        head = "".join(f'<th scope="col">{escape(name)}</th>' for name, _ in columns)
        # A record's row links only to record pages: on every page outside the collections'
        # folders at the same depth its links are the same, and it is made once.
        root = None if here.split("/", 1)[0] in COLLECTIONS else self.context.layout.root(here)
        memo = self.context.memo.rows
        rows = []
        for r in records:
            key = (root or "", collection, r.id, filterable)
            row = memo.get(key) if root is not None else None
            if row is None:
                attrs = (f' data-id="{escape(r.id)}"{self.filters.attrs(r)}' if filterable
                         else "")
                cells = "".join(f"<td>{cell(here, r)}</td>" for _, cell in columns)
                row = f"<tr{attrs}>{cells}</tr>"
                if root is not None:
                    memo[key] = row
            rows.append(row)
        table_id = f' id="ev-table-{collection}"' if filterable else ""
        return table("ev-index" + (" ev-filterable" if filterable else ""),
                     f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>",
                     f' data-collection="{escape(collection)}"{table_id}')
