"""The filters of the activities and figures indexes: what each record matches, the form,
and links to a filtered view (`activities/?country=CO&theme=border-management`)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from urllib.parse import urlencode

from ...evidence.analysis import (
    active_years,
    activity_roles,
    coverage,
    mentioned_countries,
    record_themes,
)
from ...model import Activity, Figure, Record
from ...model.geography import country_name, subregion
from ..context import ViewContext
from ..html import escape
from ..text import _, noun, subregion_filter_label, word


def slug(text: str) -> str:
    return "-".join(text.lower().split())


class Filters:
    """What each record matches, as the filter form and the tables' rows say it."""

    def __init__(self, context: ViewContext) -> None:
        self.context = context

    def values(self, record: Record) -> dict[str, list[str]]:
        """Filter name → the values a record matches (what the row's data attributes hold).
        Asked for every table row and matrix cell a record is in: computed once a build."""
        memo = self.context.memo.filter_values
        key = (record.collection, record.id)
        values = memo.get(key)
        if values is None:
            values = memo[key] = self.compute(record)
        return values

    def compute(self, record: Record) -> dict[str, list[str]]:
        countries = mentioned_countries(record)
        cover = coverage(record)
        values: dict[str, list[str]] = {
            "country": countries,
            # the two layers together: the countries named and those inside a region named
            "covers": [*countries, *sorted(cover.via_region)],
            "subregion": list(dict.fromkeys(slug(s) for c in countries
                                            if (s := subregion(c)))),
            "theme": record_themes(record),
        }
        if isinstance(record, Activity):
            roles = activity_roles(record)
            orgs = self.context.evidence.organisations
            values["organisation"] = list(dict.fromkeys(o for o, _ in roles))
            values["role"] = list(dict.fromkeys(r for _, r in roles))
            values["orgrole"] = [f"{o}:{r}" for o, r in roles]
            values["organisation-kind"] = list(dict.fromkeys(
                str(orgs[o].kind) for o, _ in roles if o in orgs))
            values["status"] = [record.status] if record.status else []
            values["year"] = [str(y) for y in active_years(record, self.context.edition_year)]
        if isinstance(record, Figure):
            year = record.year or (record.period.start if record.period else None)
            values["year"] = [str(year)] if year else []
            values["table"] = [record.dataset] if record.dataset else []
        return values

    def attrs(self, record: Record) -> str:
        return "".join(f' data-{name}="{escape(" ".join(vals))}"'
                       for name, vals in self.values(record).items() if name)

    def options(self, records: Sequence[Record]) -> list[tuple[str, str, list[tuple[str, str]]]]:
        """(name, label, [(value, text)]) of each filter, with only values some record has."""
        seen: dict[str, Counter[str]] = defaultdict(Counter)
        for r in records:
            for name, vals in self.values(r).items():
                seen[name].update(vals)
        orgs = self.context.evidence.organisations
        themes = self.context.themes

        def org_label(o: str) -> str:
            record = orgs.get(o)
            return record.short_name if record else o

        labels: dict[str, tuple[str, Callable[[str], str]]] = {
            "country": (_("Country"), country_name),
            "covers": (_("Country, with region-wide work"), country_name),
            "subregion": (_("Subregion"), subregion_filter_label),
            "theme": (_("Theme"), lambda v: themes.get(v, v)),
            "organisation": (_("Organisation"), org_label),
            "role": (_("Role"), lambda v: word("role", v)),
            "organisation-kind": (_("Kind of organisation"),
                                  lambda v: word("organisation-kind", v)),
            "status": (_("Status"), lambda v: word("status", v)),
            "year": (_("Year"), str),
            "table": (_("Source table"), str),
        }
        out = []
        for name, (label, text) in labels.items():
            if not seen.get(name):
                continue
            options = sorted(((v, text(v)) for v in seen[name]),
                             key=lambda o: (o[0] if name == "year" else o[1].casefold()))
            out.append((name, label, options))
        return out

    def form(self, collection: str, records: Sequence[Record]) -> str:
        """The filter form (filters.js shows it): a free-text search, and for each facet a
        disclosure of check boxes, several values at once, each with its count of rows; and
        "Download this view", the rows shown as CSV or JSON. Without JavaScript it stays
        hidden and the full table shows."""
        facets = []
        for name, label, options in self.options(records):
            boxes = "".join(
                f'<li><label><input type="checkbox" name="{escape(name)}" '
                f'value="{escape(v)}"> {escape(t)} <span class="ev-facet-count"></span>'
                "</label></li>" for v, t in options)
            facets.append(f'<details class="ev-facet" data-name="{escape(name)}"><summary>'
                          f'{escape(label)} <span class="ev-facet-chosen"></span></summary>'
                          f'<fieldset><legend class="ev-sr">{escape(label)}</legend>'
                          f"<ul>{boxes}</ul></fieldset></details>")
        one, many = noun(collection, 1), noun(collection, 2)
        label = _("Filter the {records}").format(records=escape(many))
        search = escape(_("Search the table"))
        clear = escape(_("Clear filters"))
        download = escape(_("Download this view:"))
        texts = {
            "data-showing": _("Showing {shown} of {total} {records}."),
            "data-all": _("Showing all {total} {records}."),
            "data-ignored": _("Not a value of this list, so ignored: {values}."),
            "data-chosen": _("{n} chosen"),
        }
        attrs = "".join(f' {k}="{escape(v)}"' for k, v in texts.items())
        return (f'<form class="ev-filters" data-table="ev-table-{escape(collection)}" '
                f'data-collection="{escape(collection)}" '
                f'data-one="{escape(one)}" data-many="{escape(many)}"{attrs} hidden '
                f'aria-label="{label}"><label class="ev-filter ev-filter-text">{search}'
                f'<input type="search" name="text" autocomplete="off"></label>'
                f'{"".join(facets)}'
                f'<button type="reset" class="md-button">{clear}</button>'
                f'<p class="ev-download">{download} '
                '<button type="button" class="md-button" data-format="csv">CSV</button> '
                '<button type="button" class="md-button" data-format="json">JSON</button></p>'
                '<p class="ev-filter-status" role="status" aria-live="polite"></p></form>')

    def href(self, here: str, collection: str, **criteria: str | None) -> str:
        """A link to a collection's index, filtered."""
        layout = self.context.layout
        query = urlencode({k.replace("_", "-"): v for k, v in criteria.items() if v})
        return layout.href(here, layout.index_src(collection)) + (f"?{query}" if query else "")
