"""Generated pages as MkDocs files."""

from __future__ import annotations

import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel

from ..render.layout import in_nav


class GeneratedPage(File):
    """A generated page. MkDocs rebuilds a generated file every time; under `mkdocs serve
    --dirty` this one is rebuilt only when its Markdown changed (or its HTML is missing)."""

    unchanged = False

    def is_modified(self) -> bool:
        return not (self.unchanged and os.path.isfile(self.abs_dest_path))


def generated_page(config: MkDocsConfig, src: str, markdown: str, *,
                   unchanged: bool) -> GeneratedPage:
    """A generated page; record pages stay out of the navigation (render/layout.py: IN_NAV)."""
    inclusion = InclusionLevel.UNDEFINED if in_nav(src) else InclusionLevel.NOT_IN_NAV
    page = GeneratedPage.generated(config, src, content=markdown, inclusion=inclusion)
    assert isinstance(page, GeneratedPage)  # File.generated makes one of its class
    page.unchanged = unchanged
    return page
