"""The report made from the exported pages: assembled, laid out, labelled as the edition.

The pages come in as their build rendered them (`ExportedPage`); whoever built them (the site
build, or `evidence pdf` through MkDocs) hands them here with what the report says besides
them. No MkDocs import.
"""

from __future__ import annotations

from collections.abc import Callable

from ...config import Identity, PdfOptions
from ...render.context import Edition
from .assemble import ExportedPage, Report, Site, report_html
from .layout import Progress, RenderedPdf, plain, render_pdf


def make_report(pages: list[ExportedPage], *, settings: PdfOptions, edition: Edition,
                citation: str, entries: dict[str, str], mode: str, references_heading: str,
                locale: str, site: Site, base_url: str, progress: Progress,
                warn: Callable[[str], None], identity: Identity) -> RenderedPdf:
    """The PDF of the exported pages (in the order of `settings.pages`); PdfError when it
    cannot be made. `citation`: the review's suggested citation (HTML); `base_url`: the
    folder relative URLs of the pages' files are read from (the docs folder); `identity`: who
    made it, as `citation.published_identity` gives it."""
    report = Report(settings, edition.label, edition.date.isoformat(), citation, entries, mode,
                    references_heading, locale, identity)
    progress(f"assembling the report: {', '.join(settings.pages)}")
    document = report_html(report, pages, site)
    progress("laying out the pages with WeasyPrint")
    rendered = render_pdf(document, f"{settings.title}/{edition.number}", base_url, progress)
    for warning in rendered.warnings:
        warn(warning)
    progress(f"suggested citation: {plain(report.citation)}")
    return rendered
