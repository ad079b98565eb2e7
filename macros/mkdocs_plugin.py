"""MkDocs adapter: load and validate evidence once per build, add the generated pages.

The plugin is deliberately thin: everything it does is a call into the core.
"""

from __future__ import annotations

import datetime as dt
import glob
import json
import logging
import os
import posixpath
import secrets
import shutil
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import CountHandler
from mkdocs.utils.templates import TemplateContext

from .citation_style import (
    DEFAULT_LOCALE,
    DEFAULT_STYLE,
    CitationStyle,
    CitationStyleError,
    Formatted,
    PendingFormat,
    load_style,
    process_alive,
)
from .citations import (
    MODES,
    PageCitations,
    PageContext,
    RenderedPage,
    check_keys,
    find_citations_masked,
    page_problems,
    render_citations,
    scan_page,
)
from .csl import csl_items
from .errors import EvidenceError, Problem, display_path
from .evidence import Evidence, RecordCache, load_evidence, summary_line
from .exports import ExportCache, export_files
from .history import record_history
from .htmlblocks import HtmlBlocks
from .living import (
    DATA_DIR,
    DATA_SRC,
    FEED,
    NEEDS_REVIEW_SRC,
    WHATS_NEW_SRC,
    Edition,
    LivingPages,
    review_age,
)
from .pages import BIBLIOGRAPHY_SRC, DOWNLOADS, Layout, RecordPageCache, References
from .pdf import (
    ExportedPage,
    PdfError,
    Progress,
    RenderedPdf,
    Report,
    Site,
    plain,
    render_pdf,
    report_html,
    write_atomically,
)
from .pdf_settings import (
    REVIEW_ID,
    PdfConfigError,
    PdfSettings,
    docs_pages,
    load_pdf_settings,
    parse_pdf_settings,
    review_csl_item,
)
from .review import IN_NAV as REVIEW_IN_NAV
from .review import ReviewRenderer
from .yamlsource import kind_problem

HISTORY_LIMIT = 500
"""Changes listed on the What's new page and in its feed (a listing: it does not grow past)."""
IN_NAV = {BIBLIOGRAPHY_SRC, WHATS_NEW_SRC, NEEDS_REVIEW_SRC, DATA_SRC, *REVIEW_IN_NAV}

log = logging.getLogger("mkdocs.plugins.evidence")


class EvidencePluginConfig(Config):
    evidence_dir = c.Type(str, default="evidence")
    """Folder of record collections, relative to mkdocs.yml."""
    bibliography = c.Type(str, default="bibliography.bib")
    """BibTeX file holding every source, relative to mkdocs.yml."""
    citation_style = c.Type(str, default=DEFAULT_STYLE)
    """CSL style of citations and references: a style name of the CSL repository
    ('harvard-cite-them-right', 'chicago-author-date', 'apa', ...) or a path to a .csl file."""
    citation_locale = c.Type(str, default=DEFAULT_LOCALE)
    """Language of the terms, dates and quotation marks of references ('en-GB', 'en-US')."""
    citation_mode = c.Choice(MODES, default="author-date")
    """'author-date': (IOM, 2019a) in the text, linked to the page's reference list;
    'footnotes': numbered notes holding the full reference, as in a K4DD helpdesk report."""
    references_heading = c.Type(str, default="References")
    """Heading of the reference list that ends every page with citations."""
    stale_after_days = c.Type(int, default=365)
    """A record not reviewed for this many days before the edition date needs review."""
    edition = c.Type((str, int), default="1")
    """Edition of the review, shown on the site (and in the PDF)."""
    edition_date = c.Optional(c.Type((str, dt.date)))
    """Date of the edition (YYYY-MM-DD). Set it for reproducible builds; else the build date."""
    pdf = c.Optional(c.Type(dict))
    """The review as a PDF report: pages, title, cover, "About this review", file name, and
    whether `mkdocs build` writes it (see `pdf_settings.PdfSettings`; validated there, with
    the line and column of each mistake)."""


class EvidencePlugin(BasePlugin[EvidencePluginConfig]):
    """Adds one page per record, one index page per collection, and the bibliography."""

    evidence: Evidence | None = None
    style: CitationStyle | None = None
    entries: dict[str, str] | None = None
    """Reference-list entry of every key, formatted at the start of the build."""
    pending: PendingFormat | None = None
    """The in-text forms of the pages' citations, formatted while the build goes on."""
    pending_entries: PendingFormat | None = None
    renderer: ReviewRenderer | None = None
    """The renderer of this build's pages; the review-page macros draw on it."""
    """The bibliography's entries, formatted while MkDocs collects the files."""
    pdf_settings: PdfSettings | None = None
    """The `pdf:` block, validated; None when there is none."""
    pending_citation: PendingFormat | None = None
    """The review's own suggested citation, formatted in the style beside the build."""
    serving: bool = False
    atomic: AtomicSite | None = None
    """Under `mkdocs build`: the site, built beside its folder and swapped in when complete."""
    _files: Files | None = None

    def __init__(self) -> None:
        super().__init__()
        self.rendered: dict[str, RenderedPage] = {}
        """Hand-written pages whose citations wait for their in-text forms, by source path."""
        self.citation_places: dict[str, list[str]] = {}
        """Where each citation (as written) is, as 'path:line:column', for messages."""
        self.pdf_pages: dict[str, ExportedPage] = {}
        """The pages the PDF exports, as this build rendered them, by source path."""
        self.html_blocks = HtmlBlocks()
        """Generated pages' HTML blocks, put back after Markdown conversion (htmlblocks.py)."""
        self.cache: RecordCache | None = None
        """While serving: records of unchanged files, kept from the previous build."""
        self.nav_pages: dict[str, str] = {}
        """Source paths of the pages in the navigation, for NavigationCache."""
        self.page_cache: RecordPageCache | None = None
        """While serving: record pages, kept from the previous build while nothing they show
        has changed."""
        self.export_cache: ExportCache | None = None
        """While serving: each record's rows in the data downloads, kept while it is unchanged."""
        self.previous: dict[str, str] | None = None
        """Under `mkdocs serve --dirty`: each generated page's Markdown in the previous build."""

    # Defining on_startup keeps this instance across the rebuilds of `mkdocs serve`.
    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"],
                   dirty: bool) -> None:
        # `mkdocs serve` rebuilds on every change: the PDF would slow each one down.
        self.serving = command == "serve"
        self.cache = RecordCache() if command == "serve" else None
        self.page_cache = RecordPageCache() if command == "serve" else None
        self.export_cache = ExportCache() if command == "serve" else None
        self.previous = {} if dirty else None
        # A full `mkdocs build` writes into a folder beside the site and swaps it in once
        # complete. `serve` keeps MkDocs' own way (a temporary folder of its own), and so do
        # `--dirty` builds, which update the site in place (copying it first would cost what
        # they save: an interrupted dirty build is mended by the next full one).
        self.atomic = AtomicSite() if command == "build" and not dirty else None

    def unchanged_since_last_build(self, src: str, markdown: str) -> bool:
        """Under `mkdocs serve --dirty`: whether a generated page is the same as last time."""
        if self.previous is None:
            return False
        unchanged = self.previous.get(src) == markdown
        self.previous[src] = markdown
        return unchanged

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        refused = kind_problem(Path(config.config_file_path), Path(config.config_file_path).name)
        if refused is not None:
            raise PluginError(EvidenceError([refused]).report())
        try:
            self.evidence = load_evidence(root, self.config.evidence_dir, self.config.bibliography,
                                          self.cache)
            self.style = load_style(self.config.citation_style, self.config.citation_locale, root)
            # Started now, so that it has finished by the time the record pages need it.
            self.pending_entries = self.style.start(csl_items(self.evidence.bibliography), [])
        except EvidenceError as exc:
            # Raised before MkDocs cleans site/, so a broken tree never half-publishes.
            raise PluginError(exc.report()) from None
        except CitationStyleError as exc:
            raise PluginError(f"mkdocs.yml: evidence: {exc}") from None
        self.pdf_settings = self.read_pdf_settings(config)
        if self.pdf_settings is not None:
            edition = self.edition()
            item = review_csl_item(self.pdf_settings, edition.number, edition.date,
                                   config.site_url or "")
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
        for path in (root / self.config.evidence_dir, root / self.config.bibliography):
            if str(path) not in config.watch:
                config.watch.append(str(path))
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        evidence, style = self.evidence_or_fail(), self.style_or_fail()
        links = docs_link_problems(Path(config.docs_dir), Path(config.config_file_path).parent)
        if links:  # before MkDocs copies anything into the site
            raise PluginError(EvidenceError(links).report())
        pages = self.scan_pages(files, config)
        items = csl_items(evidence.bibliography)
        citations = list(dict.fromkeys(c.text for p in pages for c in p.citations))
        # Two runs of the CSL processor beside the build: the entries, started with the
        # configuration, are needed now for the record pages; the pages' citations only once
        # their Markdown is HTML. Both cite every entry, so their year suffixes agree.
        self.pending = style.start(items, citations)
        assert self.pending_entries is not None
        self.entries = self.checked(self.pending_entries).entries
        self.rendered = {}
        references = References(self.entries, {p.src: p for p in pages}, style.title)
        layout = Layout(config.use_directory_urls)
        edition = self.edition()
        renderer = ReviewRenderer(evidence, layout, references,
                                  review_note=lambda record: review_age(edition, record),
                                  edition_year=edition.date.year)
        if self.page_cache is not None:
            self.page_cache.start((edition, layout, self.entries, evidence.vocabularies))
            renderer.page_cache = self.page_cache
        self.renderer = renderer
        root = Path(config.config_file_path).parent
        downloads = export_files(evidence, self.export_cache)
        living = LivingPages(evidence, edition,
                             record_history(root, self.config.evidence_dir, limit=HISTORY_LIMIT),
                             layout, list(downloads))
        self._files = files  # for the PDF's images
        generated = {**renderer.pages(), **living.pages()}
        self.html_blocks = HtmlBlocks()
        for src, markdown in generated.items():
            if files.get_file_from_path(src) is not None:
                raise PluginError(f"docs/{src} would be replaced by a generated page: "
                                  "remove or rename it")
            # Record pages stay out of the navigation: with thousands of records a nav entry
            # each would be embedded in every page and make the site grow quadratically.
            in_nav = src.endswith("/index.md") or src in IN_NAV
            inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
            unchanged = self.unchanged_since_last_build(src, markdown)
            markdown = self.html_blocks.lift(src, markdown)
            page = _GeneratedPage.generated(config, src, content=markdown, inclusion=inclusion)
            assert isinstance(page, _GeneratedPage)
            page.unchanged = unchanged
            files.append(page)
        for name, content in downloads.items():
            files.append(File.generated(config, f"{DATA_DIR}/{name}", content=content))
        files.append(File.generated(config, FEED, content=living.feed(config.site_url or "")))
        bib_json = json.dumps(items, ensure_ascii=False, indent=1)
        for src, content in zip(DOWNLOADS, (evidence.bibliography.source, bib_json + "\n"),
                                strict=True):
            files.append(File.generated(config, src, content=content))
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
            raise PluginError(EvidenceError(problems).report())
        layout = Layout(config.use_directory_urls)
        here = page.file.src_uri
        context = PageContext(
            self.entries, lambda key: layout.href(here, BIBLIOGRAPHY_SRC) + f"#ref-{key}",
            self.config.citation_mode, self.config.references_heading)
        rendered = render_citations(markdown, context, (citations, masked))
        self.rendered[here] = rendered
        return rendered.markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str | None:
        return self.html_blocks.restore(page.file.src_uri, html)

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
            self.pdf_pages[page.file.src_uri] = self.exported_page(page)
        return None

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
        rendered = self.render_report(config, pages, lambda line: log.info(f"PDF: {line}"))
        write_atomically(Path(config.site_dir) / settings.file, rendered.data)
        log.info(f"PDF: wrote {settings.file} ({rendered.pages} pages)")

    # -- the PDF report ---------------------------------------------------------------------------

    def read_pdf_settings(self, config: MkDocsConfig) -> PdfSettings | None:
        if self.config.pdf is None:
            return None
        path = Path(config.config_file_path)
        try:
            # From the file, with positions for the messages; from MkDocs' merged configuration
            # when the block lives elsewhere (INHERIT).
            settings = load_pdf_settings(path) if path.is_file() else None
            return settings or parse_pdf_settings(
                self.config.pdf, docs_pages=docs_pages(Path(config.docs_dir)),
                site_name=config.site_name, site_description=config.site_description or "",
                path=path.name)
        except PdfConfigError as exc:
            raise PluginError(exc.report()) from None

    def pdf_or_fail(self) -> PdfSettings:
        if self.pdf_settings is None:
            raise PluginError("mkdocs.yml: evidence: no 'pdf' block: add one under the evidence "
                              "plugin with the pages to export, e.g. 'pdf: {pages: [index.md]}'")
        return self.pdf_settings

    def exported_page(self, page: Page) -> ExportedPage:
        return ExportedPage(page.file.src_uri, page.url, page.title or "", page.content or "")

    def suggested_citation(self) -> str:
        """The review's suggested citation (HTML), in the project's citation style."""
        self.pdf_or_fail()
        assert self.pending_citation is not None
        return self.checked(self.pending_citation).entries.get(REVIEW_ID, "")

    def render_report(self, config: MkDocsConfig, pages: list[ExportedPage],
                      progress: Progress) -> RenderedPdf:
        """The PDF of the exported pages, rendered as this build rendered them."""
        settings = self.pdf_or_fail()
        assert self.entries is not None
        edition = self.edition()
        layout = Layout(config.use_directory_urls)
        files: Files | list[File] = self._files or []
        site = Site(config.site_url or "", layout.url(BIBLIOGRAPHY_SRC), {
            f.url: Path(f.abs_src_path) for f in files
            if f.abs_src_path and not f.is_documentation_page()})
        report = Report(settings, edition.label, edition.date.isoformat(),
                        self.suggested_citation(), self.entries, self.config.citation_mode,
                        self.config.references_heading, self.config.citation_locale)
        progress(f"assembling the report: {', '.join(settings.pages)}")
        document = report_html(report, pages, site)
        progress("laying out the pages with WeasyPrint")
        try:
            rendered = render_pdf(
                document, f"{settings.title}/{edition.number}", str(config.docs_dir), progress)
        except PdfError as exc:
            raise PluginError(f"PDF: {exc}") from None
        for warning in rendered.warnings:
            log.warning(f"PDF: {warning}")
        progress(f"suggested citation: {plain(report.citation)}")
        return rendered

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
            raise PluginError(EvidenceError(problems).report())
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
        when = self.config.edition_date
        date = (when if isinstance(when, dt.date) else
                dt.date.fromisoformat(str(when)) if when else dt.date.today())
        return Edition(str(self.config.edition), date, self.config.stale_after_days)

    def evidence_or_fail(self) -> Evidence:
        if self.evidence is None:
            raise PluginError("the evidence plugin has not loaded the records yet")
        return self.evidence

    def style_or_fail(self) -> CitationStyle:
        if self.style is None:
            raise PluginError("the evidence plugin has not loaded the citation style yet")
        return self.style


class AtomicSite:
    """A site built beside its folder and swapped in when complete, so that an interrupted
    or failed build leaves the previous site as it was (or no site), never half of one.

    Folders left by killed builds (`.site.building-PID-…`, `.site.old-PID-…`) are removed by
    the next build; a previous site moved aside by a build killed while swapping is put
    back first.
    """

    def __init__(self) -> None:
        self.target: Path | None = None
        self.building: Path | None = None

    def start(self, target: Path) -> Path:
        self.target = target = target.absolute()
        self.clear_stale(target)
        tag = f"{os.getpid()}-{secrets.token_hex(4)}"
        self.building = target.with_name(f".{target.name}.building-{tag}")
        return self.building

    def finish(self) -> None:
        assert self.target is not None and self.building is not None
        target, building = self.target, self.building
        building.mkdir(parents=True, exist_ok=True)
        old = target.with_name(f".{target.name}.old-{building.name.rsplit('-', 2)[-2]}-"
                               f"{secrets.token_hex(4)}")
        moved = False
        if target.exists() or target.is_symlink():
            os.rename(target, old)
            moved = True
        os.rename(building, target)
        if moved:
            _remove(old)
        self.building = None

    def abandon(self) -> None:
        if self.building is not None:
            _remove(self.building)
            self.building = None

    @staticmethod
    def clear_stale(target: Path) -> None:
        stale = [p for kind in ("building", "old")
                 for p in target.parent.glob(f".{glob.escape(target.name)}.{kind}-*")
                 if not process_alive(p.name.split(f".{kind}-", 1)[1].split("-", 1)[0])]
        for path in sorted(stale, key=lambda p: ".old-" not in p.name):
            if ".old-" in path.name and not (target.exists() or target.is_symlink()):
                os.rename(path, target)  # the previous site, moved aside by a killed swap
            else:
                _remove(path)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _warnings_logged() -> bool:
    """Whether MkDocs counted warnings in this build (in strict mode, it then aborts)."""
    return any(isinstance(handler, CountHandler) and handler.get_counts()
               for handler in logging.getLogger("mkdocs").handlers)


class NavigationCache:
    """The navigation sidebar's HTML, rendered once for all the pages it is the same for.

    Material renders the whole navigation into every page: at 10,000 record pages that was an
    eighth of the build. On a page that is not in the navigation (record pages and the other
    generated pages) nothing in it is active or expanded, and its links are relative to the
    page's folder. From `activities/a/` and `activities/b/` every link to a page outside those
    two folders is the same (`../../organisations/`, `../`): pages outside the navigation share
    one rendering per parent folder, unless a page of the navigation lies inside their own
    folder. Pages in the navigation are rendered as usual (`key` is None)."""

    def __init__(self, nav_pages: dict[str, str]) -> None:
        self.nav_pages = nav_pages
        """Source path → URL of each page in the navigation."""
        self.kept: dict[str, str] = {}

    def key(self, page: Page | None) -> str | None:
        if page is None or page.file.src_uri in self.nav_pages:
            return None
        url = page.url
        folder = url if url.endswith("/") or not url else posixpath.dirname(url) + "/"
        if folder in ("", "/") or any(u.startswith(folder) for u in self.nav_pages.values()):
            return None
        return posixpath.dirname(folder.rstrip("/")) + "/"

    def get(self, key: str | None) -> str | None:
        return self.kept.get(key) if key is not None else None

    def keep(self, key: str | None, html: str) -> str:
        if key is not None:
            self.kept[key] = html
        return html


class _GeneratedPage(File):
    """A generated page. MkDocs rebuilds a generated file every time; under `mkdocs serve
    --dirty` this one is rebuilt only when its Markdown changed (or its HTML is missing)."""

    unchanged = False

    def is_modified(self) -> bool:
        return not (self.unchanged and os.path.isfile(self.abs_dest_path))


def docs_link_problems(docs_dir: Path, root: Path) -> list[Problem]:
    """Symbolic links in the docs folder that would publish what is not the project's: a link
    to a folder (MkDocs follows it), and a link to a file outside the project, into a hidden
    folder (.git holds CI's credentials) or to nothing."""
    problems = []
    project = root.resolve()
    for folder, folders, names in os.walk(docs_dir):  # links to folders are not followed
        for name in sorted([*folders, *names]):
            path = Path(folder) / name
            if not path.is_symlink():
                continue
            shown = display_path(path, root)
            target = path.resolve()
            inside = target.is_relative_to(project) and not any(
                part.startswith(".") for part in target.relative_to(project).parts)
            if name in folders or target.is_dir():
                what = "a symbolic link to a folder"
            elif not target.is_file():
                what = "a symbolic link to nothing"
            elif not inside:
                what = "a symbolic link to a file outside the project's published files"
            else:
                continue
            problems.append(Problem(shown, 0, 0, "", f"expected a file of the docs folder, got "
                                    f"{what}", "copy what the page needs into the docs folder "
                                    "instead of linking to it"))
    return problems


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

