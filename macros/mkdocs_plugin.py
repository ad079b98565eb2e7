"""MkDocs adapter: load and validate evidence once per build, add the generated pages.

The plugin is deliberately thin: everything it does is a call into the core.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from .errors import EvidenceError
from .evidence import Evidence, load_evidence, summary_line
from .pages import Layout, PageRenderer

log = logging.getLogger("mkdocs.plugins.evidence")


class EvidencePluginConfig(Config):
    evidence_dir = c.Type(str, default="evidence")
    """Folder of record collections, relative to mkdocs.yml."""
    bibliography = c.Type(str, default="bibliography.bib")
    """BibTeX file holding every source, relative to mkdocs.yml."""


class EvidencePlugin(BasePlugin[EvidencePluginConfig]):
    """Adds one page per record and one index page per collection."""

    evidence: Evidence | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        try:
            self.evidence = load_evidence(root, self.config.evidence_dir, self.config.bibliography)
        except EvidenceError as exc:
            # Raised before MkDocs cleans site/, so a broken tree never half-publishes.
            raise PluginError(exc.report()) from None
        log.info(summary_line(self.evidence))
        for path in (root / self.config.evidence_dir, root / self.config.bibliography):
            if str(path) not in config.watch:
                config.watch.append(str(path))
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.evidence is not None
        renderer = PageRenderer(self.evidence, Layout(config.use_directory_urls))
        for src, markdown in renderer.pages().items():
            if files.get_file_from_path(src) is not None:
                raise PluginError(f"docs/{src} would be replaced by a generated page: "
                                  "remove or rename it")
            is_index = src.endswith("/index.md")
            # Record pages stay out of the navigation: with thousands of records a nav entry
            # each would be embedded in every page and make the site grow quadratically.
            inclusion = InclusionLevel.UNDEFINED if is_index else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, src, content=markdown, inclusion=inclusion))
        return files

    def evidence_or_fail(self) -> Evidence:
        if self.evidence is None:
            raise PluginError("the evidence plugin has not loaded the records yet")
        return self.evidence


def plugin_of(config: Any) -> EvidencePlugin:
    """The evidence plugin instance of a MkDocs configuration."""
    for plugin in config["plugins"].values():
        if isinstance(plugin, EvidencePlugin):
            return plugin
    raise PluginError("add '- evidence' to the plugins of mkdocs.yml")
