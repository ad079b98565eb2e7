"""mkdocs-macros pluglet: macros that hand-written pages call, e.g. `{{ record_counts() }}`.

Each macro returns HTML built by the core from records, so record text never reaches Jinja.
"""

from __future__ import annotations

from typing import Any

from .citations import markdown_safe
from .evidence import Evidence
from .markup import escape
from .mkdocs_plugin import plugin_of
from .pages import COLLECTION_INTROS, COLLECTION_TITLES, Layout, md_escape
from .review import ReviewError, ReviewRenderer


def md_text(text: str) -> str:
    """Plain text inside Markdown prose: escaped, with Markdown punctuation made literal."""
    return md_escape(text)


def define_env(env: Any) -> None:
    def evidence() -> Evidence:
        return plugin_of(env.conf).evidence_or_fail()

    def here() -> str:
        return str(env.page.file.src_uri)

    @env.macro  # type: ignore[untyped-decorator]
    def record_counts() -> str:
        """A table of the collections with their record counts, each linking to its index."""
        layout = Layout(env.conf["use_directory_urls"])
        rows = "".join(
            f'<tr><td><a href="{escape(layout.href(here(), layout.index_src(c)))}">'
            f"{escape(COLLECTION_TITLES[c])}</a></td><td>{n}</td>"
            f"<td>{escape(COLLECTION_INTROS[c])}</td></tr>"
            for c, n in evidence().counts().items())
        total = sum(evidence().counts().values())
        return ('<div class="ev-scroll"><table class="ev-table ev-counts"><thead><tr>'
                "<th>Collection</th><th>Records</th><th>What it holds</th></tr></thead>"
                f"<tbody>{rows}</tbody><tfoot><tr><td>Total</td><td>{total}</td><td></td></tr>"
                "</tfoot></table></div>")

    @env.macro  # type: ignore[untyped-decorator]
    def edition() -> str:
        """The edition this build publishes, e.g. 'Edition 1, 24 November 2026'."""
        return escape(plugin_of(env.conf).edition().label)

    @env.macro  # type: ignore[untyped-decorator]
    def source_count() -> int:
        """Number of bibliography entries."""
        return len(evidence().bibliography.entries)

    # -- the review's views (see macros/review.py) --------------------------------------------

    def views() -> ReviewRenderer:
        renderer = plugin_of(env.conf).renderer
        if renderer is None:
            raise ReviewError("the evidence plugin has not rendered the records yet")
        return renderer

    def block(html: str) -> str:
        """A macro's HTML as a raw block: on one line, with blank lines around it."""
        return "\n\n" + html.replace("\n", " ") + "\n\n"

    @env.macro  # type: ignore[untyped-decorator]
    def activities(organisation: str | None = None, role: str | None = None,
                   theme: str | None = None, country: str | None = None,
                   kind: str | None = None, source: str | None = None) -> str:
        """Table of the activities matching every filter given."""
        return block(views().activities_block(here(), organisation=organisation, role=role,
                                              theme=theme, country=country, kind=kind,
                                              source=source))

    @env.macro  # type: ignore[untyped-decorator]
    def strategies(organisation: str | None = None, theme: str | None = None,
                   source: str | None = None) -> str:
        """Table of the strategies an organisation owns, on a theme, or citing a source."""
        return block(views().strategies_block(here(), organisation=organisation, theme=theme,
                                              source=source))

    @env.macro  # type: ignore[untyped-decorator]
    def mechanisms(organisation: str | None = None, theme: str | None = None,
                   country: str | None = None, level: str | None = None,
                   source: str | None = None, locator: str | None = None) -> str:
        """Table of the mechanisms an organisation leads or joins, by theme, country, level or
        source (and where in the source: `locator` is how its locator starts)."""
        return block(views().mechanisms_block(here(), organisation=organisation, theme=theme,
                                              country=country, level=level, source=source,
                                              locator=locator))

    @env.macro  # type: ignore[untyped-decorator]
    def figures(dataset: str | None = None, indicator: str | None = None,
                country: str | None = None, theme: str | None = None, about: str | None = None,
                source: str | None = None) -> str:
        """Table of the figures of a source table, an indicator, a country, a theme, a record."""
        return block(views().figures_block(here(), dataset=dataset, indicator=indicator,
                                           country=country, theme=theme, about=about,
                                           source=source))

    @env.macro  # type: ignore[untyped-decorator]
    def events(organisation: str | None = None, source: str | None = None) -> str:
        """Table of the events an organisation organised, or that a source reports."""
        return block(views().events_block(here(), organisation=organisation, source=source))

    @env.macro  # type: ignore[untyped-decorator]
    def organisations(kind: str | None = None, ids: list[str] | None = None) -> str:
        """Table of organisations of one kind, or of the ids given."""
        return block(views().organisations_block(here(), kind=kind, ids=ids))

    @env.macro  # type: ignore[untyped-decorator]
    def organisation(ident: str) -> str:
        """A card: the organisation's name, kind, description and what the review holds on it."""
        return block(views().organisation_card(here(), ident))

    @env.macro  # type: ignore[untyped-decorator]
    def findings(source: str | None = None, mechanism: str | None = None,
                 theme: str | None = None) -> str:
        """The findings of a source, or about a mechanism or theme, in full."""
        return block(views().findings_block(here(), source=source, mechanism=mechanism,
                                            theme=theme))

    @env.macro  # type: ignore[untyped-decorator]
    def recommendations(source: str | None = None, organisation: str | None = None,
                        mechanism: str | None = None, theme: str | None = None) -> str:
        """The recommendations of a source, or addressing an organisation or mechanism."""
        return block(views().recommendations_block(here(), source=source,
                                                   organisation=organisation,
                                                   mechanism=mechanism, theme=theme))

    @env.macro  # type: ignore[untyped-decorator]
    def mieux_actions(area: str | None = None) -> str:
        """Each MIEUX action (of one thematic area) with its context, objectives and results."""
        return block(views().mieux_actions_block(here(), area=area))

    @env.macro  # type: ignore[untyped-decorator]
    def strategy_structure(ident: str) -> str:
        """A strategy's pillars (or areas) and the priorities under each, as a table."""
        return block(views().strategy_structure(here(), ident))

    @env.macro  # type: ignore[untyped-decorator]
    def strategy_partners(ident: str) -> str:
        """The key partners a strategy names."""
        return block(views().strategy_partners(here(), ident))

    @env.macro  # type: ignore[untyped-decorator]
    def dataset_table(dataset: str) -> str:
        """The figures of one source table, pivoted back into countries × indicators."""
        return block(views().dataset_table(here(), dataset))

    @env.macro  # type: ignore[untyped-decorator]
    def mechanism_comparison() -> str:
        """Every mechanism's lead, members, countries, level, themes and IOM role."""
        return block(views().mechanism_comparison(here()))

    @env.macro  # type: ignore[untyped-decorator]
    def duplications() -> str:
        """Theme × country pairs that two or more mechanisms cover (computed)."""
        return block(views().duplications_block(here()))

    @env.macro  # type: ignore[untyped-decorator]
    def mechanism_gaps() -> str:
        """Latin American and Caribbean states and themes no mechanism covers (computed)."""
        return block(views().gaps_block(here()))

    @env.macro  # type: ignore[untyped-decorator]
    def activity_chart(by: str = "country") -> str:
        """Bar chart of activities by country or by theme, bars linking to the filtered list."""
        return block(views().activity_chart(here(), by))

    @env.macro  # type: ignore[untyped-decorator]
    def mieux_area_chart() -> str:
        """Bar chart of MIEUX actions by thematic area."""
        return block(views().mieux_area_chart(here()))

    @env.macro  # type: ignore[untyped-decorator]
    def lac_map() -> str:
        """Map of Latin America and the Caribbean shaded by activity count."""
        return block(views().lac_map(here()))

    @env.macro  # type: ignore[untyped-decorator]
    def record(path: str) -> str:
        """A link to a record (`collection/id`), named after it."""
        return str(views().record_link(here(), path))

    @env.macro  # type: ignore[untyped-decorator]
    def figure(ident: str) -> str:
        """A figure's value as its source qualifies it, followed by its citation."""
        text, sources = views().figure_inline(ident)
        # A ";" inside a locator would start a new citation: "sec. 1; sec. 4" → "sec. 1, sec. 4"
        cites = "; ".join(f"@{key}, {locator.replace(';', ',')}" for key, locator in sources)
        return f"{md_text(text)} [{cites}]"

    @env.macro  # type: ignore[untyped-decorator]
    def pdf_link(text: str = "Download the review as PDF") -> str:
        """A link to the PDF the site build writes (`pdf: build: true`); nothing otherwise,
        so the page never links to a file that is not there."""
        settings = plugin_of(env.conf).pdf_or_fail()
        if not settings.build:
            return ""
        href = Layout(env.conf["use_directory_urls"]).root(here()) + settings.file
        return (f'<a class="ev-pdf-link" href="{escape(href)}" type="application/pdf" '
                f"download>{escape(text)}</a>")

    @env.macro  # type: ignore[untyped-decorator]
    def suggested_citation() -> str:
        """How to cite the review: its `pdf:` title, authors, organisation and series, and the
        edition date, in the project's citation style."""
        return markdown_safe(plugin_of(env.conf).suggested_citation())
