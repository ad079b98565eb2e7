"""`evidence pdf`: the exported pages rendered by MkDocs, then the report made from them.

The pages go through the site's own pipeline (configuration, every plugin's events, the
evidence plugin's generated pages and citations, mkdocs-macros, the same Markdown extensions
and link checks), so the PDF says exactly what the site says. Only the pages to export are
rendered, and nothing is written but the PDF: the theme's templates and the other pages of
the site (hundreds of record pages) are most of a full build's time and the report needs none
of them. The site build's own PDF step (`pdf: build: true`) takes the pages it has just
rendered instead.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import _populate_page, get_context
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.files import Files, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler

from .markup import plural
from .mkdocs_plugin import EvidencePlugin, plugin_of
from .pdf import ExportedPage, Progress, write_atomically


@dataclass(frozen=True)
class Exported:
    path: Path
    pages: int
    size: int
    seconds: float
    warnings: list[str]


def export_pdf(config_file: Path, output: Path | None, progress: Progress) -> Exported:
    """Render the configured pages and write the report to `output` (default: the
    configured file name, in the current folder)."""
    start = time.perf_counter()
    progress(f"reading {config_file.name}")
    with _mkdocs_warnings() as warnings:
        config = load_config(str(config_file))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            plugin, pages = _render_pages(config, progress)
        finally:
            config.plugins.on_shutdown()
        if warnings.get_counts() and config.strict:
            counts = ", ".join(f"{n} {level.lower()}s" for level, n in warnings.get_counts())
            raise Abort(f"Aborted with {counts} in strict mode!")
    settings = plugin.pdf_or_fail()
    target = output or Path(settings.file)
    rendered = plugin.render_report(config, pages, progress)
    write_atomically(target, rendered.data)
    return Exported(target, rendered.pages, len(rendered.data), time.perf_counter() - start,
                    rendered.warnings)


def _render_pages(config: MkDocsConfig,
                  progress: Progress) -> tuple[EvidencePlugin, list[ExportedPage]]:
    """The exported pages' HTML, through the same events as `mkdocs build`."""
    config = config.plugins.on_config(config)
    plugin = plugin_of(config)
    settings = plugin.pdf_or_fail()
    if plugin.options.edition_date is None:
        progress("note: edition_date is not set in mkdocs.yml, so the PDF is dated today; set it "
                 "to get the same PDF from the same tree")
    config.plugins.on_pre_build(config=config)
    progress(f"rendering {plural(len(settings.pages), 'page')} with MkDocs: "
             f"{', '.join(settings.pages)}")
    files = get_files(config)
    env = config.theme.get_env()
    files.add_files_from_theme(env, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    wanted = [_page(files, src, config) for src in settings.pages]
    for page in wanted:
        _populate_page(page, config, files)
    config.plugins.on_env(env, config=config, files=files)
    doc_files = files.documentation_pages()
    for page in wanted:  # where the evidence plugin fills in the citations' in-text forms
        context = get_context(nav, doc_files, config, page)
        config.plugins.on_page_context(context, page=page, config=config, nav=nav)
    return plugin, [plugin.exported_page(page) for page in wanted]


def _page(files: Files, src: str, config: MkDocsConfig) -> Page:
    file = files.get_file_from_path(src)
    if file is None or not file.is_documentation_page():
        raise PluginError(f"mkdocs.yml: evidence.pdf.pages: '{src}' is not a page of the site")
    if file.page is None:
        Page(None, file, config)
    assert file.page is not None
    return file.page


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
