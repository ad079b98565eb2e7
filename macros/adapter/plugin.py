"""MkDocs adapter: load and validate evidence once per build, add the generated pages.

The plugin is deliberately thin: everything it does is a call into the core.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment
from mkdocs.config.base import Config, ConfigErrors, ConfigWarnings
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import CountHandler
from mkdocs.utils.templates import TemplateContext

from ..cite.csl import csl_items
from ..cite.pages import PageContext, RenderedPage, render_citations
from ..cite.scan import PageCitations, check_keys, find_citations_masked, page_problems, scan_page
from ..cite.style import CitationStyle, Formatted, PendingFormat, load_style
from ..config import PdfOptions, ProjectConfig, SiteInfo, read_config
from ..errors import CitationStyleError, EvidenceError, ReviewError, display_path
from ..evidence import Evidence, load_evidence, summary_line
from ..export.atomic import AtomicSite
from ..export.pdf.assemble import ExportedPage
from ..export.pdf.citation import REVIEW_ID, published_identity, review_csl_item
from ..export.pdf.layout import write_atomically
from ..render.context import Edition, References
from ..render.htmlblocks import HtmlBlocks
from ..render.layout import BIBLIOGRAPHY_SRC, WHATS_NEW_SRC, Layout
from ..render.serve import ServeCache
from ..render.site import HISTORY_LIMIT, SiteViews, generate_site
from ..render.text import _
from ..render.views.living import CITE_EDITION, CITE_HEADING
from ..source.bibtex import corporate_short_forms
from ..source.git import record_history
from ..source.yaml import kind_problem
from .files import docs_link_problems, generated_page
from .links import page_actions, point_edits_at_records
from .navigation import NavigationCache
from .report import exported_page, render_docx, render_report, rendered_report_pages
from .serve import show_errors_in_browser

log = logging.getLogger("mkdocs.plugins.evidence")


class OptionsAsRead(Config):
    """The plugin's options as MkDocs read them: MkDocs validates none of them, the core does
    (macros/config/options.py)."""


class EvidencePlugin(BasePlugin[OptionsAsRead]):
    """Adds one page per record, one index page per collection, and the bibliography."""

    options = ProjectConfig()
    """The plugin's options (macros/config), validated at the start of each build."""
    evidence: Evidence | None = None
    style: CitationStyle | None = None
    entries: dict[str, str] | None = None
    """Reference-list entry of every key, formatted at the start of the build."""
    pending: PendingFormat | None = None
    """The in-text forms of the pages' citations, formatted while the build goes on."""
    pending_entries: PendingFormat | None = None
    views: SiteViews | None = None
    """The views of this build's generated pages; the review-page macros draw on them."""
    pdf_settings: PdfOptions | None = None
    """The `pdf:` block, validated; None when there is none."""
    pending_citation: PendingFormat | None = None
    """The review's own suggested citation, formatted in the style beside the build."""
    serving: bool = False
    files: Files | None = None
    """This build's files (the report reads the images of its pages from them)."""
    atomic: AtomicSite | None = None
    """Under `mkdocs build`: the site, built beside its folder and swapped in when complete."""

    def __init__(self) -> None:
        super().__init__()
        self.rendered: dict[str, RenderedPage] = {}
        """Hand-written pages whose citations wait for their in-text forms, by source path."""
        self.citation_places: dict[str, list[str]] = {}
        """Where each citation (as written) is, as 'path:line:column', for messages."""
        self.pdf_pages: dict[str, ExportedPage] = {}
        self.rendering_report = False
        """True while `evidence pdf`/`docx` renders the report's pages (its citation mode)."""
        self.short_names: dict[str, str] = {}
        """The pages the PDF exports, as this build rendered them, by source path."""
        self.html_blocks = HtmlBlocks()
        """Generated pages' HTML blocks, put back after Markdown conversion (htmlblocks.py)."""
        self.nav_pages: dict[str, str] = {}
        """Source paths of the pages in the navigation, for NavigationCache."""
        self.serve: ServeCache | None = None
        """While serving: what each rebuild keeps from the previous one (render/serve.py)."""
        self.record_files: dict[str, str] = {}
        """The record file of each record page, by the page's source path (links.py)."""

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None
                    ) -> tuple[ConfigErrors, ConfigWarnings]:
        # Every option is the core's (macros/config/options.py): kept as MkDocs read them, and
        # validated in on_config with the line and column of each mistake in mkdocs.yml.
        self.raw_options = dict(options)
        self.config = OptionsAsRead(config_file_path=config_file_path)
        return [], []

    # Defining on_startup keeps this instance across the rebuilds of `mkdocs serve`.
    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"],
                   dirty: bool) -> None:
        # `mkdocs serve` rebuilds on every change: the PDF would slow each one down.
        self.serving = command == "serve"
        self.serve = ServeCache(dirty) if command == "serve" else None
        # A full `mkdocs build` writes into a folder beside the site and swaps it in once
        # complete. `serve` keeps MkDocs' own way (a temporary folder of its own), and so do
        # `--dirty` builds, which update the site in place (copying it first would cost what
        # they save: an interrupted dirty build is mended by the next full one).
        self.atomic = AtomicSite() if command == "build" and not dirty else None

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig,
                 builder: Callable[..., Any]) -> LiveReloadServer:
        # A rebuild that fails shows its problems in the browser instead of hanging (serve.py).
        return show_errors_in_browser(server)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        refused = kind_problem(Path(config.config_file_path), Path(config.config_file_path).name)
        if refused is not None:
            raise PluginError(EvidenceError([refused]).report(nothing_built=True))
        site = SiteInfo(config.site_name, (config.site_description or "").strip(), config.docs_dir)
        try:
            self.options = options = read_config(Path(config.config_file_path),
                                                 self.raw_options, site)
            self.evidence = load_evidence(root, options.evidence_dir, options.bibliography,
                                          self.serve.records if self.serve else None)
            self.style = load_style(options.citation_style, options.citation_locale, root)
            # Started now, so that it has finished by the time the record pages need it.
            self.pending_entries = self.style.start(csl_items(self.evidence.bibliography), [])
        except CitationStyleError as exc:
            raise PluginError(f"mkdocs.yml: evidence: {exc}") from None
        except EvidenceError as exc:
            # Raised before MkDocs cleans site/, so a broken tree never half-publishes.
            raise PluginError(exc.report(nothing_built=True)) from None
        self.pdf_settings = options.pdf
        if self.pdf_settings is not None:
            edition = self.edition()
            identity = published_identity(options.identity, config.site_url or "",
                                          config.repo_url or "")
            item = review_csl_item(self.pdf_settings, identity, edition.number, edition.date)
            self.pending_citation = self.style.start([item], [])
        self.pdf_pages = {}
        if self.atomic is not None:
            config.site_dir = str(self.atomic.start(Path(config.site_dir)))
        log.info(summary_line(self.evidence))
        # Warnings are for `evidence validate` (which fails on them with --strict, as CI runs
        # it): logged as information here, so that `mkdocs build --strict` still builds a
        # record with, say, a zero-width space copied from a PDF.
        for problem in self.evidence.warnings:
            log.info(f"evidence warning: {problem}")
        for path in (root / options.evidence_dir, root / options.bibliography):
            if str(path) not in config.watch:
                config.watch.append(str(path))
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        evidence, style = self.evidence_or_fail(), self.style_or_fail()
        links = docs_link_problems(Path(config.docs_dir), Path(config.config_file_path).parent)
        if links:  # before MkDocs copies anything into the site
            raise PluginError(EvidenceError(links).report(nothing_built=True))
        pages = self.scan_pages(files, config)
        items = csl_items(evidence.bibliography)
        self.short_names = corporate_short_forms(evidence.bibliography)
        citations = list(dict.fromkeys(c.text for p in pages for c in p.citations))
        # Two runs of the CSL processor beside the build: the entries, started with the
        # configuration, are needed now for the record pages; the pages' citations only once
        # their Markdown is HTML. Both cite every entry, so their year suffixes agree.
        self.pending = style.start(items, citations)
        assert self.pending_entries is not None
        self.entries = self.checked(self.pending_entries).entries
        self.rendered = {}
        references = References(self.entries, {p.src: p for p in pages}, style.title)
        root = Path(config.config_file_path).parent
        site = generate_site(
            evidence, layout=Layout(config.use_directory_urls), references=references,
            edition=self.edition(), site_url=config.site_url or "", serve=self.serve,
            identity=self.options.identity,
            history=record_history(root, self.options.evidence_dir, limit=HISTORY_LIMIT))
        if not config.site_url:
            log.info("evidence: site_url is not set in mkdocs.yml, so feed.json and feed.xml "
                     "carry no links (home_page_url, feed_url, the items' url) and the pages' "
                     "feed links are relative")
        self.views = site.views
        self.files = files
        self.html_blocks = HtmlBlocks()
        for src, markdown in site.pages.items():
            if files.get_file_from_path(src) is not None:
                raise PluginError(f"docs/{src} would be replaced by a generated page: "
                                  "remove or rename it")
            unchanged = self.serve is not None and self.serve.unchanged(src, markdown)
            files.append(generated_page(config, src, self.html_blocks.lift(src, markdown),
                                        unchanged=unchanged))
        for path, content in site.files.items():
            files.append(File.generated(config, path, content=content))
        # "Edit this record": a record's page edits its YAML (links.py).
        self.record_files = point_edits_at_records(files, evidence,
                                                   Layout(config.use_directory_urls), config)
        return files

    # After the macros plugin (priority 0): citations a macro writes, e.g. figure(), count.
    @event_priority(-50)
    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str | None:
        if page.file.generated_by or "@" not in markdown or self.entries is None:
            return None
        citations, masked = find_citations_masked(markdown)
        if not citations:
            return None
        bib = self.evidence_or_fail().bibliography
        root = Path(config.config_file_path).parent
        problems = check_keys(citations, bib.entries, _shown(page.file, root), bib.path)
        if problems:  # text another plugin added after the pages were scanned
            raise PluginError(EvidenceError(problems).report(nothing_built=True))
        layout = Layout(config.use_directory_urls)
        here = page.file.src_uri
        context = PageContext(
            self.entries, lambda key: layout.href(here, BIBLIOGRAPHY_SRC) + f"#ref-{key}",
            self.citation_mode(), self.options.references_heading,
            short_names=self.short_names)
        rendered = render_citations(markdown, context, (citations, masked))
        self.rendered[here] = rendered
        return rendered.markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str | None:
        html = self.html_blocks.restore(page.file.src_uri, html)
        if page.file.src_uri == WHATS_NEW_SRC and CITE_EDITION in html \
                and self.pdf_settings is not None:
            cite = (f'<div class="ev-cite-edition"><p><strong>{_(CITE_HEADING)}'
                    f"</strong></p><p>{self.suggested_citation()}</p></div>")
            html = html.replace(CITE_EDITION, cite, 1)
        return html

    def on_env(self, env: Environment, /, *, config: MkDocsConfig,
               files: Files) -> Environment | None:
        # overrides/main.html renders the navigation sidebar once per NavigationCache key.
        env.globals["evidence_nav"] = NavigationCache(self.nav_pages)
        return env

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig,
               files: Files) -> Navigation | None:
        self.nav_pages = {page.file.src_uri: page.url for page in nav.pages}
        return None

    @event_priority(100)  # before the search plugin indexes the page's HTML
    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext | None:
        rendered = self.rendered.get(page.file.src_uri)
        if rendered is not None and rendered.slots:
            forms = self.in_text_forms(rendered)
            page.content = rendered.fill(page.content or "", forms)
            for link in _toc_links(page.toc):
                link.title = rendered.fill_plain(link.title, forms)
        if self.pdf_settings is not None and page.file.src_uri in self.pdf_settings.pages:
            self.pdf_pages[page.file.src_uri] = exported_page(page)
        # Edit and report links (overrides/partials/actions.html), when repo_url is set.
        context["evidence_actions"] = page_actions(  # type: ignore[typeddict-unknown-key]
            page, config, self.record_files)
        return context

    @event_priority(-100)  # last: after the search plugins have written their indexes
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.write_pdf(config)
        if self.atomic is not None and not (config.strict and _warnings_logged()):
            self.atomic.finish()  # (with warnings, strict mode aborts the build right after)

    def on_build_error(self, *, error: Exception) -> None:
        if self.atomic is not None:
            self.atomic.abandon()

    def write_pdf(self, config: MkDocsConfig) -> None:
        settings = self.pdf_settings
        if settings is None or not settings.build:
            return
        if self.serving:
            log.info("PDF not written while serving: run `mkdocs build` or `evidence pdf`")
            return
        missing = [src for src in settings.pages if src not in self.pdf_pages]
        if missing:
            raise PluginError(f"mkdocs.yml: evidence.pdf.pages: not built: {', '.join(missing)}"
                              " (excluded from the site?)")
        pages = [self.pdf_pages[src] for src in settings.pages]
        plugin, report_config = self, config
        if settings.citation_mode != self.options.citation_mode:
            # The report cites in its own mode: its pages rendered again, as `evidence pdf` does.
            atomic = self.atomic  # a build of the same plugin instance must not take it
            try:
                plugin, report_config, pages = rendered_report_pages(
                    Path(config.config_file_path), lambda line: log.info(f"PDF: {line}"))
            finally:
                self.atomic, self.rendering_report = atomic, False
        rendered = render_report(plugin, report_config, pages,
                                 lambda line: log.info(f"PDF: {line}"))
        write_atomically(Path(config.site_dir) / settings.file, rendered.data)
        log.info(f"PDF: wrote {settings.file} ({rendered.pages} pages)")
        if self.options.docx.build:  # the Word edition of the same pages
            data = render_docx(plugin, report_config, pages,
                               lambda line: log.info(f"DOCX: {line}"))
            write_atomically(Path(config.site_dir) / self.options.docx.file, data)
            log.info(f"DOCX: wrote {self.options.docx.file}")

    # -- the PDF report ---------------------------------------------------------------------------

    def citation_mode(self) -> str:
        """The site's citation mode, or the report's while the report's pages are rendered."""
        if self.rendering_report and self.pdf_settings is not None:
            return self.pdf_settings.citation_mode
        return self.options.citation_mode

    def pdf_or_fail(self) -> PdfOptions:
        if self.pdf_settings is None:
            raise PluginError("mkdocs.yml: evidence: no 'pdf' block: add one under the evidence "
                              "plugin with the pages to export, e.g. 'pdf: {pages: [index.md]}'")
        return self.pdf_settings

    def suggested_citation(self) -> str:
        """The review's suggested citation (HTML), in the project's citation style."""
        self.pdf_or_fail()
        assert self.pending_citation is not None
        return self.checked(self.pending_citation).entries.get(REVIEW_ID, "")

    # -- citations ------------------------------------------------------------------------------

    def scan_pages(self, files: Files, config: MkDocsConfig) -> list[PageCitations]:
        """Citations of the hand-written pages; unknown keys fail the build, all at once."""
        evidence = self.evidence_or_fail()
        root = Path(config.config_file_path).parent
        bib = evidence.bibliography
        pages, problems = [], []
        places: dict[str, list[str]] = defaultdict(list)
        for file in files.documentation_pages():
            if file.generated_by:
                continue
            shown = _shown(file, root)
            slow = page_problems(file.content_string, shown)
            if slow:  # refused before Markdown (or the scanner) reads it
                problems += slow
                continue
            page = scan_page(file.src_uri, file.content_string)
            problems += check_keys(page.citations, bib.entries, shown, bib.path)
            pages.append(page)
            for citation in page.citations:
                places[citation.text].append(f"{shown}:{citation.line}:{citation.column}")
        self.citation_places = places
        if problems:
            raise PluginError(EvidenceError(problems).report(nothing_built=True))
        return pages

    def in_text_forms(self, rendered: RenderedPage) -> dict[str, str]:
        """In-text forms of a page's citations: from the run started with the build, or, for
        text another plugin changed after the pages were scanned, from a run of their own."""
        assert self.pending is not None
        forms = self.checked(self.pending).citations
        missing = [s.citation.text for s in rendered.slots if s.citation.text not in forms]
        if missing:
            items = csl_items(self.evidence_or_fail().bibliography)
            forms = {**forms, **self.checked(self.style_or_fail().start(items, missing)).citations}
        return forms

    def checked(self, pending: PendingFormat) -> Formatted:
        """What a run of the CSL processor made, its warnings logged; a failed run fails the
        build, naming the page and line of each citation that did not come back."""
        try:
            formatted = pending.result()
        except CitationStyleError as exc:
            places = [f"{where}: citation {text!r}" for text in exc.citations
                      for where in self.citation_places.get(text, ["(added by a macro)"])]
            raise PluginError("\n".join([
                f"citation style: {exc}", *places,
                "  hint: a citation is '[@key, locator]' on its page: check the brackets "
                "around it, and write the locator as plain text"])) from None
        for warning in formatted.warnings:
            log.warning(f"citation style: {warning}")
        return formatted

    def edition(self) -> Edition:
        """The edition this build publishes, from the plugin's options."""
        options = self.options
        return Edition(options.edition, options.edition_date or dt.date.today(),
                       options.stale_after_days,
                       tuple((e.edition, e.date, e.summary) for e in options.editions))

    def views_or_fail(self) -> SiteViews:
        if self.views is None:
            raise ReviewError("the evidence plugin has not rendered the records yet")
        return self.views

    def evidence_or_fail(self) -> Evidence:
        if self.evidence is None:
            raise PluginError("the evidence plugin has not loaded the records yet")
        return self.evidence

    def style_or_fail(self) -> CitationStyle:
        if self.style is None:
            raise PluginError("the evidence plugin has not loaded the citation style yet")
        return self.style


def _warnings_logged() -> bool:
    """Whether MkDocs counted warnings in this build (in strict mode, it then aborts)."""
    return any(isinstance(handler, CountHandler) and handler.get_counts()
               for handler in logging.getLogger("mkdocs").handlers)


def _shown(file: File, root: Path) -> str:
    """A page's path in messages: from the project root, as an editor opens it."""
    return display_path(Path(file.abs_src_path), root) if file.abs_src_path else file.src_uri


def _toc_links(links: Iterable[AnchorLink]) -> Iterator[AnchorLink]:
    for link in links:
        yield link
        yield from _toc_links(link.children)


def plugin_of(config: Any) -> EvidencePlugin:
    """The evidence plugin instance of a MkDocs configuration."""
    for plugin in config["plugins"].values():
        if isinstance(plugin, EvidencePlugin):
            return plugin
    raise PluginError("add '- evidence' to the plugins of mkdocs.yml")

