"""Pages by country and by theme: one page per term listing every record on it, and an index
of the terms. Both taxonomies go through one mechanism (`TaxonomyPages`); each says only what
its terms are and how they are introduced (`CountryTerms`, `ThemeTerms`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Protocol

from ...evidence import analysis
from ...evidence.analysis import NO_SUBREGION, PAGE_COLLECTIONS
from ...model import Record
from ...model.geography import country_name, subregion
from ..context import ViewContext
from ..html import a, block, escape, front_matter, join, md_escape, table
from ..layout import COUNTRIES_INDEX, THEMES_INDEX, country_src, theme_src
from ..text import _, collection_title, count, ngettext, subregion_name
from .charts import Charts
from .filters import Filters
from .tables import RecordTables

ByCollection = dict[str, list[Record]]
REGION_SECTION_ID = "region-wide-work"


class Terms(Protocol):
    """What one taxonomy says of its terms; `TaxonomyPages` makes the pages."""

    index_src: str
    index_columns: tuple[str, ...]
    """Collections counted in the index's columns."""

    def records(self) -> dict[str, ByCollection]:
        """Term → collection → records on it."""

    def index_order(self, terms: list[str]) -> list[str]:
        """The terms in the order the index lists them."""

    def src(self, term: str) -> str: ...

    def title(self, term: str) -> str: ...

    def intro(self, here: str, term: str, by_collection: ByCollection, counts: str) -> str:
        """The HTML that opens a term's page."""

    def index_title(self) -> str: ...

    def index_intro(self, terms: int) -> str: ...

    def index_head(self) -> list[str]:
        """Headers of the index's first columns, which name the term."""

    def index_cells(self, here: str, term: str) -> str:
        """The first cells of a term's row in the index."""

    def index_figure(self, here: str) -> str:
        """A chart or map between the index's introduction and its table."""

    def more_sections(self, here: str, term: str) -> str:
        """Sections after the term's own records (empty: none)."""

    def index_tail_head(self) -> list[str]:
        """Headers of the index's last columns, after the collections' counts."""

    def index_tail(self, here: str, term: str) -> str:
        """The last cells of a term's row in the index."""


class TaxonomyPages:
    """A page per term of a taxonomy, and its index."""

    def __init__(self, context: ViewContext, tables: RecordTables) -> None:
        self.context = context
        self.tables = tables

    def pages(self, terms: Terms) -> dict[str, str]:
        return {src: make() for src, make in self.makers(terms)}

    def makers(self, terms: Terms) -> Iterator[tuple[str, Callable[[], str]]]:
        """Each page's source path with what makes its Markdown: the index, then the terms."""
        by_term = terms.records()
        yield terms.index_src, partial(self.index, terms, by_term)
        for term, by_collection in by_term.items():
            yield terms.src(term), partial(self.page, terms, term, by_collection)

    def page(self, terms: Terms, term: str, by_collection: ByCollection) -> str:
        here = terms.src(term)
        counts = join(count(len(by_collection[c]), c) for c in PAGE_COLLECTIONS
                      if by_collection.get(c))
        title = terms.title(term)
        return (front_matter({"title": title, "render_macros": False})
                + f"\n# {md_escape(title)}\n"
                + block(terms.intro(here, term, by_collection, counts))
                + self.sections(here, by_collection) + terms.more_sections(here, term))

    def sections(self, here: str, by_collection: ByCollection) -> str:
        parts = []
        for collection in PAGE_COLLECTIONS:
            records = sorted(by_collection.get(collection, []), key=lambda r: r.label.casefold())
            if not records:
                continue
            parts.append(f"\n## {collection_title(collection)}\n")
            parts.append(block(self.tables.records_table(here, collection, records)))
        return "".join(parts)

    def index(self, terms: Terms, by_term: dict[str, ByCollection]) -> str:
        here = terms.index_src
        rows = []
        for term in terms.index_order(list(by_term)):
            by = by_term[term]
            cells = "".join(f"<td>{len(by.get(c, []))}</td>" for c in terms.index_columns)
            rows.append(f"<tr>{terms.index_cells(here, term)}{cells}"
                        f"{terms.index_tail(here, term)}</tr>")
        head = "".join(f'<th scope="col">{escape(h)}</th>' for h in [
            *terms.index_head(), *(collection_title(c) for c in terms.index_columns),
            *terms.index_tail_head()])
        body = table("ev-index", f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>")
        title = terms.index_title()
        return (front_matter({"title": title, "render_macros": False}) + f"\n# {title}\n"
                + block(f"<p>{terms.index_intro(len(by_term))}</p>")
                + block(terms.index_figure(here)) + block(body))


class CountryTerms:
    """The countries and territories records mention."""

    index_src = COUNTRIES_INDEX
    index_columns: tuple[str, ...] = ("activities", "mechanisms", "strategies", "mieux-actions",
                                      "figures")

    def __init__(self, context: ViewContext, filters: Filters, charts: Charts,
                 tables: RecordTables | None = None) -> None:
        self.context = context
        self.filters = filters
        self.charts = charts
        self.tables = tables
        self.regional: dict[str, ByCollection] | None = None

    def records(self) -> dict[str, ByCollection]:
        named = analysis.records_by_country(self.context.evidence)
        return {code: named.get(code, {})
                for code in sorted(self.context.countries_with_pages())}

    def by_region(self) -> dict[str, ByCollection]:
        """Country → collection → work covering it as part of a region (computed once)."""
        if self.regional is None:
            self.regional = analysis.region_work_by_country(self.context.evidence)
        return self.regional

    def index_order(self, terms: list[str]) -> list[str]:
        return sorted(terms, key=country_name)

    def src(self, term: str) -> str:
        return country_src(term)

    def title(self, term: str) -> str:
        return country_name(term)

    def intro(self, here: str, term: str, by_collection: ByCollection, counts: str) -> str:
        region = subregion(term)
        name = escape(country_name(term))
        code = f'<span class="ev-code">{escape(term)}</span>'
        if counts:
            text = (_("Everything the review records about {country} {code} in {region}: "
                      "{counts}.") if region else
                    _("Everything the review records about {country} {code}: {counts}."))
        else:
            text = (_("No record of the review names {country} {code}, in {region}.")
                    if region else _("No record of the review names {country} {code}."))
        out = text.format(country=name, code=code, region=escape(subregion_name(region or "")),
                          counts=counts)
        if by_collection.get("activities"):
            filtered = self.filters.href(here, "activities", country=term)
            link = (f'<a href="{escape(filtered)}">' + _("Filter the activities") + "</a>")
            out += " " + _("{filter} to narrow further.").format(filter=link)
        regional = self.by_region().get(term, {})
        n = sum(len(v) for v in regional.values())
        if n:
            anchor = f'<a href="#{REGION_SECTION_ID}">' + escape(ngettext(
                "{n} more record covers it as part of a region",
                "{n} more records cover it as part of a region", n).format(n=n)) + "</a>"
            out += " " + _("{records}: region-wide and subregional work, listed below.").format(
                records=anchor)
        return f"<p>{out}</p>"

    def more_sections(self, here: str, term: str) -> str:
        """'Region-wide and subregional work that covers <country>': the records naming an
        M49 region that contains the country and not the country itself, by collection, each
        with the region it covers the country through."""
        regional = self.by_region().get(term)
        if not regional or self.tables is None:
            return ""
        name = country_name(term)
        heading = md_escape(_("Region-wide and subregional work that covers {country}").format(
            country=name))
        intro = _("These records name a region or subregion that includes {country} (as the UN "
                  "M49 standard defines it), not {country} itself. They are counted apart from "
                  "the records above.").format(country=name)
        parts = [f"\n## {heading} {{#{REGION_SECTION_ID}}}\n", block(f"<p>{escape(intro)}</p>")]
        for collection in analysis.WORK_COLLECTIONS:
            records = sorted(regional.get(collection, []), key=lambda r: r.label.casefold())
            if records:
                parts.append(f"\n### {collection_title(collection)}\n")
                parts.append(block(self.tables.region_table(here, collection, records, term)))
        return "".join(parts)

    def index_title(self) -> str:
        return _("Countries")

    def index_intro(self, terms: int) -> str:
        return _("The {n} countries and territories that records name, and the Latin American "
                 "and Caribbean states that region-wide work covers, each with a page listing "
                 "everything recorded about it. The counts are of the records that name a "
                 "country; the last column counts the work that covers it as part of a "
                 "region.").format(n=terms)

    def index_head(self) -> list[str]:
        return [_("Country"), _("Subregion")]

    def index_cells(self, here: str, term: str) -> str:
        link = a(self.context.layout.href(here, country_src(term)), country_name(term))
        return (f'<td>{link} <span class="ev-code">{escape(term)}</span></td>'
                f"<td>{escape(subregion_name(subregion(term) or NO_SUBREGION))}</td>")

    def index_figure(self, here: str) -> str:
        return self.charts.lac_map(here)

    def index_tail_head(self) -> list[str]:
        return [_("Work covering it as part of a region")]

    def index_tail(self, here: str, term: str) -> str:
        n = sum(len(v) for v in self.by_region().get(term, {}).values())
        if not n:
            return "<td>0</td>"
        href = self.context.layout.href(here, country_src(term)) + f"#{REGION_SECTION_ID}"
        return f"<td>{a(href, str(n))}</td>"


class ThemeTerms:
    """The themes of the review's vocabulary."""

    index_src = THEMES_INDEX
    index_columns: tuple[str, ...] = ("activities", "mechanisms", "strategies", "mieux-actions",
                                      "findings", "recommendations", "figures")

    def __init__(self, context: ViewContext, filters: Filters, charts: Charts) -> None:
        self.context = context
        self.filters = filters
        self.charts = charts

    def records(self) -> dict[str, ByCollection]:
        return analysis.records_by_theme(self.context.evidence)

    def index_order(self, terms: list[str]) -> list[str]:
        return terms

    def src(self, term: str) -> str:
        return theme_src(term)

    def title(self, term: str) -> str:
        return self.context.themes[term]

    def intro(self, here: str, term: str, by_collection: ByCollection, counts: str) -> str:
        concept = next(t for t in self.context.evidence.vocabularies.themes if t.id == term)
        labels = self.context.mieux_areas
        areas = join(escape(labels[a]) for a in concept.mieux_areas if a in labels)
        description = f"<p>{escape(concept.description)}</p>" if concept.description else ""
        mapped = ("<p>" + _("MIEUX thematic areas: {areas}.").format(areas=areas) + "</p>"
                  if areas else "")
        if not by_collection.get("activities"):
            intro = (counts or _("No record is on this theme yet")) + "."
        else:
            filtered = self.filters.href(here, "activities", theme=term)
            link = f'<a href="{escape(filtered)}">' + _("Filter the activities") + "</a>"
            intro = (counts or _("No record is on this theme yet")) + ". " + _(
                "{filter} by country, organisation or year.").format(filter=link)
        return f"{description}{mapped}<p>{intro}</p>"

    def index_title(self) -> str:
        return _("Themes")

    def index_intro(self, terms: int) -> str:
        return _("The review's {n} themes, each with a page listing its records. Strategies "
                 "count under the themes of their pillars and priorities.").format(n=terms)

    def index_head(self) -> list[str]:
        return [_("Theme")]

    def index_cells(self, here: str, term: str) -> str:
        link = a(self.context.layout.href(here, theme_src(term)), self.context.themes[term])
        return f"<td>{link}</td>"

    def index_figure(self, here: str) -> str:
        return self.charts.activity_chart(here, "theme")

    def more_sections(self, here: str, term: str) -> str:
        return ""

    def index_tail_head(self) -> list[str]:
        return []

    def index_tail(self, here: str, term: str) -> str:
        return ""
