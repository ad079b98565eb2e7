"""The site a build publishes besides its hand-written pages: every generated page and file.

`generate_site` is the core's whole job for a build: the MkDocs adapter only adds what it
returns to MkDocs' files, and the macros of hand-written pages draw on its `views`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import partial

from ..cite.csl import csl_items
from ..config import Identity
from ..evidence import Evidence
from ..export.data import export_files
from ..model import COLLECTIONS
from ..source.git import Change
from .context import Edition, References, ViewContext
from .layout import (
    ATOM_FEED,
    BIBLIOGRAPHY_SRC,
    CHARTS_SRC,
    COVERAGE_SRC,
    DATA_DIR,
    DOWNLOADS,
    FEED,
    GAP_MAP_SRC,
    WHO_WHAT_WHERE_SRC,
    Layout,
)
from .serve import ServeCache
from .text import _
from .views.bibliography import BibliographyPage
from .views.blocks import RecordBlocks
from .views.cards import Cards
from .views.charts import Charts
from .views.checks import Checks
from .views.collections import CollectionIndex
from .views.coverage import CoveragePage
from .views.figure_charts import FigureChartsPage
from .views.filters import Filters
from .views.gapmap import GapMapPage
from .views.items import Items
from .views.links import Links
from .views.living import LivingPages
from .views.matrices import MatrixTable, WhoWhatWherePage
from .views.mechanisms import MechanismBlocks
from .views.record import RecordPage, RecordPageCache
from .views.strategies import StrategyBlocks
from .views.tables import RecordTables
from .views.taxonomy import CountryTerms, TaxonomyPages, ThemeTerms

HISTORY_LIMIT = 500
"""Changes listed on the What's new page and in its feed (a listing: it does not grow past)."""


class SiteViews:
    """Every view of one build, composed over one context; the macros draw on them too, so
    that a macro's table and the generated pages share what the build computed once."""

    def __init__(self, context: ViewContext, record_pages: RecordPageCache | None = None
                 ) -> None:
        self.context = context
        self.links = Links(context)
        self.filters = Filters(context)
        self.tables = RecordTables(context, self.links, self.filters)
        self.checks = Checks(context)
        self.record = RecordPage(context, self.links, record_pages)
        self.collections = CollectionIndex(context, self.tables, self.filters)
        self.bibliography = BibliographyPage(context)
        self.coverage = CoveragePage(context)
        self.matrices = MatrixTable(context, self.filters)
        self.who_what_where = WhoWhatWherePage(context, self.links, self.matrices)
        self.gap_map = GapMapPage(context, self.matrices)
        self.figure_charts = FigureChartsPage(context)
        self.charts = Charts(context, self.filters)
        self.taxonomy = TaxonomyPages(context, self.tables)
        self.countries = CountryTerms(context, self.filters, self.charts, self.tables)
        self.themes = ThemeTerms(context, self.filters, self.charts)
        self.blocks = RecordBlocks(context, self.tables, self.checks)
        self.items = Items(context, self.checks)
        self.cards = Cards(context, self.links, self.checks)
        self.strategies = StrategyBlocks(context, self.links, self.checks)
        self.mechanisms = MechanismBlocks(context, self.links, self.record.facts)

    def pages(self) -> dict[str, str]:
        """Source path → Markdown of every generated page but the living ones."""
        return {src: make() for src, make in self.makers()}

    def makers(self) -> Iterator[tuple[str, Callable[[], str]]]:
        """Source path of every generated page but the living ones, in the order of `pages`,
        each with what makes its Markdown: the paths alone cost almost nothing."""
        context = self.context
        yield COVERAGE_SRC, self.coverage.page
        if context.references is not None:
            yield BIBLIOGRAPHY_SRC, partial(self.bibliography.page, context.references)
        layout, records = context.layout, context.evidence.records
        for collection in COLLECTIONS:
            yield layout.index_src(collection), partial(self.collections.page, collection)
            for record in records[collection].values():
                yield (layout.record_src(collection, record.id),
                       partial(self.record.cached, record))
        yield WHO_WHAT_WHERE_SRC, self.who_what_where.page
        yield GAP_MAP_SRC, self.gap_map.page
        if self.figure_charts.series:
            yield CHARTS_SRC, self.figure_charts.page
        yield from self.taxonomy.makers(self.countries)
        yield from self.taxonomy.makers(self.themes)


@dataclass
class GeneratedSite:
    """What a build adds to the site."""

    pages: dict[str, str]
    """Source path in the docs folder → Markdown of each generated page."""
    files: dict[str, str]
    """Path in the site → content of each generated file (data downloads, feed)."""
    views: SiteViews = field(repr=False)


_OUTLINE: ContextVar[bool] = ContextVar("outline", default=False)


@contextmanager
def outline_only() -> Iterator[None]:
    """Within it, `generate_site` makes an outline of the site: every generated page's source
    path with empty Markdown, and no generated files, but the same views. For a caller that
    renders hand-written pages only (`evidence pdf` and `evidence docx`): their macros draw on
    the views, and their links to generated pages need only those pages' paths (their URLs
    follow from the paths, `Layout.url`), so the time it takes does not grow with the number
    of records' pages it does not show."""
    token = _OUTLINE.set(True)
    try:
        yield
    finally:
        _OUTLINE.reset(token)


def generate_site(evidence: Evidence, *, layout: Layout | None = None,
                  references: References | None = None, edition: Edition | None = None,
                  history: list[Change] | None = None, site_url: str = "",
                  serve: ServeCache | None = None,
                  identity: Identity | None = None) -> GeneratedSite:
    """Every generated page and file of the site, from the records.

    `history`: the records' changes from git (`source.git.record_history`), None outside a
    checkout; `serve`: while serving, what the previous build left to reuse.
    """
    edition = edition or Edition()
    layout = layout or Layout()
    context = ViewContext(evidence, layout, references, edition)
    record_pages = None
    if serve is not None:
        record_pages = serve.record_pages
        record_pages.start((edition, layout, references.entries if references else None,
                            evidence.vocabularies))
    views = SiteViews(context, record_pages)
    if _OUTLINE.get():
        sources = [*(src for src, _make in views.makers()), *LivingPages.SOURCES]
        return GeneratedSite(dict.fromkeys(sources, ""), {}, views)
    downloads = export_files(evidence, serve.exports if serve is not None else None,
                             identity=identity)
    living = LivingPages(context, history, list(downloads))
    pages = {**views.pages(), **living.pages()}
    files = {f"{DATA_DIR}/{name}": content for name, content in downloads.items()}
    # The same files at this edition's own address, which later editions leave as it is.
    files.update({f"{living.edition_data_dir()}/{name}": content
                  for name, content in downloads.items()})
    files[FEED] = living.feed(site_url)
    # Atom names an author: the identity block's authors, else its organisation.
    author = (", ".join(identity.authors) or identity.organisation) if identity else ""
    files[ATOM_FEED] = living.atom(site_url, author or _("the contributors to the review"))
    files.update(views.figure_charts.files())
    bib_json = json.dumps(csl_items(evidence.bibliography), ensure_ascii=False, indent=1)
    files.update(zip(DOWNLOADS, (evidence.bibliography.source, bib_json + "\n"), strict=True))
    return GeneratedSite(pages, files, views)
