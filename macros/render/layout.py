"""Where generated pages live, and how to link between them.

Links are computed here, relative to each page, as MkDocs computes its own URLs, so a page's
size does not depend on how many records exist.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

COVERAGE_SRC = "coverage.md"
BIBLIOGRAPHY_SRC = "bibliography.md"
DOWNLOADS = ("bibliography/bibliography.bib", "bibliography/bibliography.json")
"""The bibliography as BibTeX (the file as written) and as CSL-JSON."""
COUNTRIES_INDEX = "countries/index.md"
THEMES_INDEX = "themes/index.md"
WHO_WHAT_WHERE_SRC = "who-what-where.md"
GAP_MAP_SRC = "gap-map.md"
WHATS_NEW_SRC = "whats-new.md"
NEEDS_REVIEW_SRC = "needs-review.md"
DATA_SRC = "data.md"
FEED = "feed.json"
ATOM_FEED = "feed.xml"
DATA_DIR = "data"
EDITIONS_DIR = "editions"
"""editions/<edition>/data/: each edition's data downloads at an address that stays."""
"""Folder of the site holding the data downloads."""
CHARTS_SRC = "charts.md"
IN_NAV = frozenset({BIBLIOGRAPHY_SRC, WHATS_NEW_SRC, NEEDS_REVIEW_SRC, DATA_SRC,
                    WHO_WHAT_WHERE_SRC, GAP_MAP_SRC, CHARTS_SRC})
"""Generated pages the navigation lists, besides the collections' indexes. Record pages stay
out of it: with thousands of records a nav entry each would be embedded in every page and
make the site grow quadratically."""


def country_src(code: str) -> str:
    return f"countries/{code.lower()}.md"


def theme_src(theme: str) -> str:
    return f"themes/{theme}.md"


def in_nav(src: str) -> bool:
    """Whether a generated page belongs in the navigation."""
    return src.endswith("/index.md") or src in IN_NAV


@dataclass(frozen=True)
class Layout:
    """Where generated pages live, and how to link between them."""

    use_directory_urls: bool = True

    @staticmethod
    def record_src(collection: str, ident: str) -> str:
        return f"{collection}/{ident}.md"

    @staticmethod
    def index_src(collection: str) -> str:
        return f"{collection}/index.md"

    def url(self, src: str) -> str:
        """Site-relative URL of the page built from `src`, as MkDocs computes it."""
        stem = src[: -len(".md")]
        if stem == "index" or stem.endswith("/index"):
            stem = stem[: -len("index")]
            return stem if self.use_directory_urls else stem + "index.html"
        return stem + "/" if self.use_directory_urls else stem + ".html"

    def root(self, here: str) -> str:
        """Relative path from a page to the site's root folder: '', '../', '../../', ..."""
        url = self.url(here)
        folder = url if url.endswith("/") else posixpath.dirname(url)
        return "../" * len([part for part in folder.split("/") if part])

    def href(self, from_src: str, to_src: str) -> str:
        """Relative link from one page to another."""
        here, there = self.url(from_src), self.url(to_src)
        base = here if here.endswith("/") or not here else posixpath.dirname(here)
        rel = _relpath(there, base)
        if there.endswith("/") or not there:
            rel = rel.rstrip("/") + "/"
        return "./" if rel == "./" or rel == "" else rel

    def static_href(self, here: str, src: str) -> str:
        """Relative link from a page to a file copied as it is (a download)."""
        base = self.url(here)
        folder = base if base.endswith("/") or not base else posixpath.dirname(base) + "/"
        return posixpath.relpath(src, folder.rstrip("/") or ".")


def _relpath(path: str, start: str) -> str:
    """`posixpath.relpath` for site-relative paths (no '..' in them), without asking the
    system for the current folder as relpath does: it runs for every link of every page."""
    to = [p for p in path.split("/") if p and p != "."]
    frm = [p for p in start.split("/") if p and p != "."]
    common = 0
    while common < min(len(to), len(frm)) and to[common] == frm[common]:
        common += 1
    return "/".join([".."] * (len(frm) - common) + to[common:]) or "."
