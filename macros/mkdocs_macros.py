"""mkdocs-macros pluglet: macros that hand-written pages call, e.g. `{{ record_counts() }}`.

Each macro returns HTML built by the core from records, so record text never reaches Jinja.
"""

from __future__ import annotations

from typing import Any

from .citations import markdown_safe
from .evidence import Evidence
from .markup import escape
from .mkdocs_plugin import plugin_of
from .pages import COLLECTION_INTROS, COLLECTION_TITLES, Layout


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
