"""The macros hand-written pages call, e.g. `{{ activities(theme="integration") }}`: one
registry, whose functions the MkDocs adapter registers as they are (their signatures and
docstrings are the macros'). Each returns HTML the core built from records, so record text
never reaches Jinja.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from ..cite.pages import markdown_safe
from ..config import PdfOptions, ProjectConfig
from ..evidence import Evidence
from .context import Edition
from .html import escape, md_escape
from .site import SiteViews
from .text import _, collection_intro, collection_title
from .views.strategies import dataset_table


class Build(Protocol):
    """What the macros need of the build in progress (the MkDocs plugin, in a site build)."""

    def evidence_or_fail(self) -> Evidence: ...

    def views_or_fail(self) -> SiteViews: ...

    def edition(self) -> Edition: ...

    def pdf_or_fail(self) -> PdfOptions: ...

    options: ProjectConfig

    def suggested_citation(self) -> str:
        """The review's suggested citation (HTML), in the project's citation style."""


def raw_block(html: str) -> str:
    """A macro's HTML as a raw block: on one line, with blank lines around it."""
    return "\n\n" + html.replace("\n", " ") + "\n\n"


class PageMacros:
    """The macros, for the page being rendered (`page()` gives its path in the docs folder)."""

    def __init__(self, build: Callable[[], Build], page: Callable[[], str]) -> None:
        self.build = build
        self.page = page

    def registry(self) -> dict[str, Callable[..., Any]]:
        """Every macro by the name pages call it by."""
        return {name: getattr(self, name) for name in MACROS}

    def views(self) -> SiteViews:
        return self.build().views_or_fail()

    # -- the review in numbers -----------------------------------------------------------------

    def record_counts(self) -> str:
        """A table of the collections with their record counts, each linking to its index."""
        here = self.page()
        layout = self.views().context.layout
        counts = self.build().evidence_or_fail().counts()
        rows = "".join(
            f'<tr><td><a href="{escape(layout.href(here, layout.index_src(c)))}">'
            f"{escape(collection_title(c))}</a></td><td>{n}</td>"
            f"<td>{escape(collection_intro(c))}</td></tr>"
            for c, n in counts.items())
        head = "".join(f"<th>{h}</th>" for h in (_("Collection"), _("Records"),
                                                 _("What it holds")))
        return ('<div class="ev-scroll"><table class="ev-table ev-counts"><thead><tr>'
                f"{head}</tr></thead><tbody>{rows}</tbody><tfoot><tr><td>{_('Total')}</td>"
                f"<td>{sum(counts.values())}</td><td></td></tr></tfoot></table></div>")

    def edition(self) -> str:
        """The edition this build publishes, e.g. 'Edition 1, 24 November 2026'."""
        return escape(self.build().edition().label)

    def source_count(self) -> int:
        """Number of bibliography entries."""
        return len(self.build().evidence_or_fail().bibliography.entries)

    # -- tables of records ---------------------------------------------------------------------

    def activities(self, organisation: str | None = None, role: str | None = None,
                   theme: str | None = None, country: str | None = None,
                   kind: str | None = None, source: str | None = None) -> str:
        """Table of the activities matching every filter given."""
        return raw_block(self.views().blocks.activities(
            self.page(), organisation=organisation, role=role, theme=theme, country=country,
            kind=kind, source=source))

    def strategies(self, organisation: str | None = None, theme: str | None = None,
                   source: str | None = None) -> str:
        """Table of the strategies an organisation owns, on a theme, or citing a source."""
        return raw_block(self.views().blocks.strategies(
            self.page(), organisation=organisation, theme=theme, source=source))

    def mechanisms(self, organisation: str | None = None, theme: str | None = None,
                   country: str | None = None, level: str | None = None,
                   source: str | None = None, locator: str | None = None) -> str:
        """Table of the mechanisms an organisation leads or joins, by theme, country, level or
        source (and where in the source: `locator` is how its locator starts)."""
        return raw_block(self.views().blocks.mechanisms(
            self.page(), organisation=organisation, theme=theme, country=country, level=level,
            source=source, locator=locator))

    def figures(self, dataset: str | None = None, indicator: str | None = None,
                country: str | None = None, theme: str | None = None, about: str | None = None,
                source: str | None = None) -> str:
        """Table of the figures of a source table, an indicator, a country, a theme, a record."""
        return raw_block(self.views().blocks.figures(
            self.page(), dataset=dataset, indicator=indicator, country=country, theme=theme,
            about=about, source=source))

    def events(self, organisation: str | None = None, source: str | None = None) -> str:
        """Table of the events an organisation organised, or that a source reports."""
        return raw_block(self.views().blocks.events(self.page(), organisation=organisation,
                                                    source=source))

    def organisations(self, kind: str | None = None, ids: list[str] | None = None) -> str:
        """Table of organisations of one kind, or of the ids given."""
        return raw_block(self.views().blocks.organisations(self.page(), kind=kind, ids=ids))

    # -- records in full -----------------------------------------------------------------------

    def organisation(self, ident: str) -> str:
        """A card: the organisation's name, kind, description and what the review holds on it."""
        return raw_block(self.views().cards.organisation(self.page(), ident))

    def findings(self, source: str | None = None, mechanism: str | None = None,
                 theme: str | None = None) -> str:
        """The findings of a source, or about a mechanism or theme, in full."""
        return raw_block(self.views().cards.findings(self.page(), source=source,
                                                     mechanism=mechanism, theme=theme))

    def recommendations(self, source: str | None = None, organisation: str | None = None,
                        mechanism: str | None = None, theme: str | None = None) -> str:
        """The recommendations of a source, or addressing an organisation or mechanism."""
        return raw_block(self.views().cards.recommendations(
            self.page(), source=source, organisation=organisation, mechanism=mechanism,
            theme=theme))

    def mieux_actions(self, area: str | None = None) -> str:
        """Each MIEUX action (of one thematic area) with its context, objectives and results."""
        return raw_block(self.views().cards.mieux_actions(self.page(), area=area))

    def strategy_structure(self, ident: str) -> str:
        """A strategy's pillars (or areas) and the priorities under each, as a table."""
        return raw_block(self.views().strategies.structure(self.page(), ident))

    def items(self, path: str, field: str, kind: str | None = None) -> str:
        """The items of a list a record holds (`collection/id`, the field: `structure`,
        `sites`, `services`, `objectives`, ...), as a bulleted list; `kind` keeps a structure's
        items of one kind, e.g. `priority-axis`."""
        return raw_block(self.views().items.html(path, field, kind))

    def mieux_area_list(self, group: str = "thematic-area") -> str:
        """The MIEUX thematic areas (`thematic-area`) or the areas within horizontal
        interventions (`horizontal-intervention`), as a bulleted list."""
        return raw_block(self.views().items.mieux_areas(group))

    def strategy_partners(self, ident: str) -> str:
        """The key partners a strategy names."""
        return raw_block(self.views().strategies.partners(self.page(), ident))

    def dataset_table(self, dataset: str) -> str:
        """The figures of one source table, pivoted back into countries × indicators."""
        return raw_block(dataset_table(self.views().context, self.page(), dataset))

    # -- coordination mechanisms ---------------------------------------------------------------

    def mechanism_comparison(self) -> str:
        """Every mechanism's lead, members, countries, level, themes and IOM role."""
        return raw_block(self.views().mechanisms.comparison(self.page()))

    def duplications(self) -> str:
        """Theme × country pairs that two or more mechanisms cover (computed)."""
        return raw_block(self.views().mechanisms.duplications(self.page()))

    def mechanism_gaps(self) -> str:
        """Latin American and Caribbean states and themes no mechanism covers (computed)."""
        return raw_block(self.views().mechanisms.gaps(self.page()))

    # -- charts ---------------------------------------------------------------------------------

    def activity_chart(self, by: str = "country") -> str:
        """Bar chart of activities by country or by theme, bars linking to the filtered list."""
        return raw_block(self.views().charts.activity_chart(self.page(), by))

    def mieux_area_chart(self) -> str:
        """Bar chart of MIEUX actions by thematic area."""
        return raw_block(self.views().charts.mieux_area_chart(self.page()))

    def lac_map(self) -> str:
        """Map of Latin America and the Caribbean shaded by activity count."""
        return raw_block(self.views().charts.lac_map(self.page()))

    # -- inline ---------------------------------------------------------------------------------

    def record(self, path: str) -> str:
        """A link to a record (`collection/id`), named after it."""
        return str(self.views().blocks.record_link(self.page(), path))

    def figure(self, ident: str) -> str:
        """A figure's value as its source qualifies it, followed by its citation."""
        text, sources = self.views().blocks.figure_inline(ident)
        # A ";" inside a locator would start a new citation: "sec. 1; sec. 4" → "sec. 1, sec. 4"
        cites = "; ".join(f"@{key}, {locator.replace(';', ',')}" for key, locator in sources)
        return f"{md_escape(text)} [{cites}]"

    # -- the report -----------------------------------------------------------------------------

    def pdf_link(self, text: str | None = None) -> str:
        """A link to the PDF the site build writes (`pdf: build: true`); nothing otherwise,
        so the page never links to a file that is not there."""
        settings = self.build().pdf_or_fail()
        if not settings.build:
            return ""
        href = self.views().context.layout.root(self.page()) + settings.file
        label = text if text is not None else _("Download the review as PDF")
        link = (f'<a class="ev-pdf-link" href="{escape(href)}" type="application/pdf" '
                f"download>{escape(label)}</a>")
        docx = self.build().options.docx
        if docx.build:  # the Word edition, written by the same build
            word = self.views().context.layout.root(self.page()) + docx.file
            label = _("Download it as a Word document")
            link += (f' <a class="ev-pdf-link" href="{escape(word)}" type="application/'
                     'vnd.openxmlformats-officedocument.wordprocessingml.document" download>'
                     f"{escape(label)}</a>")
        return link

    def suggested_citation(self) -> str:
        """How to cite the review: its `pdf:` title, authors, organisation and series, and the
        edition date, in the project's citation style."""
        return markdown_safe(self.build().suggested_citation())


MACROS = ("record_counts", "edition", "source_count", "activities", "strategies", "mechanisms",
          "figures", "events", "organisations", "organisation", "findings", "recommendations",
          "mieux_actions", "strategy_structure", "items", "mieux_area_list",
          "strategy_partners", "dataset_table",
          "mechanism_comparison", "duplications", "mechanism_gaps", "activity_chart",
          "mieux_area_chart", "lac_map", "record", "figure", "pdf_link", "suggested_citation")
"""The macros' names, in the order of the README's table."""
