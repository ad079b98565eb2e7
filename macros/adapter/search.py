"""MkDocs adapter of the site's search: Pagefind's index behind Material's search box.

    plugins:
      - search            # Material's: its search box, and an index kept empty
      - evidence-search   # this: Pagefind indexes the built pages

`overrides/main.html` points Material's search box at the worker this plugin publishes. While
serving, the index is rebuilt in the background, so an edited page is served without waiting
for it.
"""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path
from typing import Any, Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..errors import SearchIndexError
from ..search.pagefind import (
    WORKER,
    WORKER_DEST,
    IndexWhileBuilding,
    build_search_index,
    start_search_index,
    stop_search_index,
)
from ..search.serving import restore_search_index

log = logging.getLogger("mkdocs.plugins.evidence-search")


class PagefindSearchPlugin(BasePlugin):  # type: ignore[type-arg]  # no options
    """Index the built site with Pagefind; keep Material's own index empty."""

    def __init__(self) -> None:
        super().__init__()
        self.serving = False
        self.dirty = False
        self.background: subprocess.Popen[str] | None = None
        self.indexer: IndexWhileBuilding | None = None

    # Defining on_startup keeps this instance across the rebuilds of `mkdocs serve`.
    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"],
                   dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        files.append(File.generated(config, WORKER_DEST, abs_src_path=str(WORKER)))
        return files

    @event_priority(50)  # before Material's search plugin reads the page
    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig,
                        nav: Any) -> Any:
        # Pagefind indexes the page instead; Material's index keeps only its settings.
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return context

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # The previous build's background indexing stops before MkDocs empties the site folder.
        self.stop_background()
        # A build indexes its pages while it writes the next ones. Under --dirty only changed
        # pages are written: the whole site is indexed after the build (in the background,
        # while serving).
        self.indexer = (None if self.serving or self.dirty
                        else IndexWhileBuilding(Path(config.site_dir)))

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if self.indexer is not None and page.file.abs_dest_path.endswith(".html"):
            try:
                self.indexer.add(Path(page.file.abs_dest_path))
            except SearchIndexError as exc:
                raise PluginError(str(exc)) from None
        return output

    def on_build_error(self, *, error: Exception) -> None:
        if self.indexer is not None:
            self.indexer.stop()

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        if self.indexer is not None:
            try:
                self.indexer.finish()
            except SearchIndexError as exc:
                raise PluginError(str(exc)) from None
            return
        if not self.serving:
            try:
                build_search_index(site)
            except SearchIndexError as exc:
                raise PluginError(str(exc)) from None
            return
        self.stop_background()
        restore_search_index(site)  # the previous index answers until the new one is swapped in
        self.background = start_search_index(site)
        log.info("Indexing the site for search in the background")

    def on_shutdown(self) -> None:
        self.stop_background()

    def stop_background(self) -> None:
        if self.background is not None:
            stop_search_index(self.background)
        self.background = None
