"""`evidence pdf`: the exported pages rendered by MkDocs, then the report made from them.

The pages go through the site's own pipeline (configuration, every plugin's events, the
evidence plugin's generated pages and citations, mkdocs-macros, the same Markdown extensions
and link checks), so the PDF says exactly what the site says. Only the pages to export are
rendered, through MkDocs' public API (`Page.read_source` and `Page.render`, and the plugin
events a build sends around them), and nothing is written but the PDF: the theme's templates
and the other pages of the site (hundreds of record pages) are most of a full build's time and
the report needs none of them. Nor does it need the generated pages' Markdown: MkDocs is
given their paths only (`render.site.outline_only`), which is all the exported pages' links to
them need, so the report's time does not grow with the number of records. The site build's own
PDF step (`pdf: build: true`) takes the pages it has just rendered instead. The report itself
is the core's (`export/pdf/report.py`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from mkdocs.commands.build import get_context
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError, MkDocsException, PluginError
from mkdocs.structure.files import Files, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler

from ..errors import PdfError
from ..export.pdf.assemble import ExportedPage, Site
from ..export.pdf.citation import published_identity
from ..export.pdf.layout import Progress, RenderedPdf, write_atomically
from ..export.pdf.report import make_report
from ..render.layout import BIBLIOGRAPHY_SRC, Layout
from ..render.markup import plural
from ..render.site import outline_only

if TYPE_CHECKING:
    from .plugin import EvidencePlugin

log = logging.getLogger("mkdocs.plugins.evidence")
T = TypeVar("T")


@dataclass(frozen=True)
class Exported:
    path: Path
    pages: int
    size: int
    seconds: float
    warnings: list[str]


def export_pdf(config_file: Path, output: Path | None, progress: Progress) -> Exported:
    """Render the configured pages and write the report to `output` (default: the
    configured file name, in the current folder); PdfError, with MkDocs' message when it
    is MkDocs that stopped, when the report cannot be made."""
    try:
        return _export_pdf(config_file, output, progress)
    except MkDocsException as exc:
        raise PdfError(str(exc)) from None


def _export_pdf(config_file: Path, output: Path | None, progress: Progress) -> Exported:
    start = time.perf_counter()
    plugin, config, pages = _rendered(config_file, progress)
    settings = plugin.pdf_or_fail()
    target = output or Path(settings.file)
    rendered = render_report(plugin, config, pages, progress)
    write_atomically(target, rendered.data)
    return Exported(target, rendered.pages, len(rendered.data), time.perf_counter() - start,
                    rendered.warnings)


def export_docx(config_file: Path, output: Path | None, progress: Progress) -> Exported:
    """The same pages as `export_pdf`, written as a Word document to `output` (default: the
    `docx: file` option, in the current folder)."""
    try:
        start = time.perf_counter()
        plugin, config, pages = _rendered(config_file, progress)
        target = output or Path(plugin.options.docx.file)
        data = render_docx(plugin, config, pages, progress)
    except MkDocsException as exc:
        raise PdfError(str(exc)) from None
    write_atomically(target, data)
    return Exported(target, 0, len(data), time.perf_counter() - start, [])


def rendered_report_pages(config_file: Path, progress: Progress
                          ) -> tuple[EvidencePlugin, MkDocsConfig, list[ExportedPage]]:
    """The report's pages rendered in the report's citation mode, by a build of their own."""
    # 'dirty' keeps that build from writing a site folder of its own beside the running one.
    return _rendered(config_file, progress, dirty=True)


def _rendered(config_file: Path, progress: Progress, dirty: bool = False
              ) -> tuple[EvidencePlugin, MkDocsConfig, list[ExportedPage]]:
    """The configured pages, rendered through MkDocs, with the plugin that rendered them."""
    from .plugin import plugin_of

    progress(f"reading {config_file.name}")
    with _mkdocs_warnings() as warnings:
        config = load_config(str(config_file))
        config.plugins.on_startup(command="build", dirty=dirty)
        try:
            config = config.plugins.on_config(config)
            plugin = plugin_of(config)
            pages = _render_pages(config, plugin, progress)
        finally:
            config.plugins.on_shutdown()
        if warnings.get_counts() and config.strict:
            counts = ", ".join(f"{n} {level.lower()}s" for level, n in warnings.get_counts())
            raise Abort(f"Aborted with {counts} in strict mode!")
    return plugin, config, pages


def render_report(plugin: EvidencePlugin, config: MkDocsConfig, pages: list[ExportedPage],
                  progress: Progress) -> RenderedPdf:
    """The PDF of the exported pages, with what this build's evidence plugin knows."""
    return _made("PDF", make_report, plugin, config, pages, progress)


def render_docx(plugin: EvidencePlugin, config: MkDocsConfig, pages: list[ExportedPage],
                progress: Progress) -> bytes:
    """The Word document of the exported pages: the PDF's pages, through Pandoc."""
    from ..export.docx import make_docx

    return _made("DOCX", make_docx, plugin, config, pages, progress)


def _made(label: str, make: Callable[..., T], plugin: EvidencePlugin, config: MkDocsConfig,
          pages: list[ExportedPage], progress: Progress) -> T:
    try:
        return make(pages, **_report_inputs(plugin, config, progress))
    except PdfError as exc:
        raise PluginError(f"{label}: {exc}") from None


def _report_inputs(plugin: EvidencePlugin, config: MkDocsConfig,
                   progress: Progress) -> dict[str, Any]:
    settings = plugin.pdf_or_fail()
    if plugin.entries is None:
        raise PluginError("the evidence plugin has not formatted the bibliography yet")
    options = plugin.options
    files = plugin.files  # the site's files, for the images the pages show
    site = Site(config.site_url or "", Layout(config.use_directory_urls).url(BIBLIOGRAPHY_SRC),
                {f.url: Path(f.abs_src_path) for f in files or ()
                 if f.abs_src_path and not f.is_documentation_page()})
    return {"settings": settings, "edition": plugin.edition(),
            "citation": plugin.suggested_citation(), "entries": plugin.entries,
            "mode": settings.citation_mode, "references_heading": options.references_heading,
            "locale": options.citation_locale, "site": site, "base_url": str(config.docs_dir),
            "progress": progress, "warn": lambda warning: log.warning(f"PDF: {warning}"),
            "identity": published_identity(options.identity, config.site_url or "",
                                           config.repo_url or "")}


def exported_page(page: Page) -> ExportedPage:
    """A page as its build rendered it, for the report."""
    return ExportedPage(page.file.src_uri, page.url, page.title or "", page.content or "")


def _render_pages(config: MkDocsConfig, plugin: EvidencePlugin,
                  progress: Progress) -> list[ExportedPage]:
    """The exported pages' HTML, through the same events as `mkdocs build`."""
    settings = plugin.pdf_or_fail()
    plugin.rendering_report = True  # the pages cite in the report's mode
    if plugin.options.edition_date is None:
        progress("note: edition_date is not set in mkdocs.yml, so the PDF is dated today; set it "
                 "to get the same PDF from the same tree")
    config.plugins.on_pre_build(config=config)
    progress(f"rendering {plural(len(settings.pages), 'page')} with MkDocs: "
             f"{', '.join(settings.pages)}")
    files = get_files(config)
    env = config.theme.get_env()
    files.add_files_from_theme(env, config)
    with outline_only():  # the generated pages' paths, not their Markdown: see site.py
        files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    wanted = [_render(_page(files, src, config), config, files) for src in settings.pages]
    config.plugins.on_env(env, config=config, files=files)
    doc_files = files.documentation_pages()
    for page in wanted:  # where the evidence plugin fills in the citations' in-text forms
        context = get_context(nav, doc_files, config, page)
        config.plugins.on_page_context(context, page=page, config=config, nav=nav)
    return [exported_page(page) for page in wanted]


def _page(files: Files, src: str, config: MkDocsConfig) -> Page:
    file = files.get_file_from_path(src)
    if file is None or not file.is_documentation_page():
        raise PluginError(f"mkdocs.yml: evidence.pdf.pages: '{src}' is not a page of the site")
    return file.page if file.page is not None else Page(None, file, config)


def _render(page: Page, config: MkDocsConfig, files: Files) -> Page:
    """A page read and rendered as `mkdocs build` does it, with the events around each step."""
    try:
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(
            page.markdown or "", page=page, config=config, files=files)
        page.render(config, files)
        page.content = config.plugins.on_page_content(
            page.content or "", page=page, config=config, files=files)
    except Exception as exc:
        # As MkDocs reports it (a BuildError has been reported already).
        message = f"Error reading page '{page.file.src_uri}':"
        log.error(message if isinstance(exc, BuildError) else f"{message} {exc}")
        raise
    return page


@contextmanager
def _mkdocs_warnings() -> Iterator[CountHandler]:
    """MkDocs' warnings shown on the terminal and counted, as `mkdocs build --strict` does."""
    logger = logging.getLogger("mkdocs")
    counter = CountHandler()
    counter.setLevel(logging.WARNING)
    shown = logging.StreamHandler()
    shown.setLevel(logging.WARNING)
    shown.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    logger.addHandler(counter)
    logger.addHandler(shown)
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.removeHandler(shown)
