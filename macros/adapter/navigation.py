"""The navigation sidebar's HTML, rendered once for all the pages it is the same for
(overrides/main.html asks `evidence_nav`, the plugin's NavigationCache, for it)."""

from __future__ import annotations

import posixpath

from mkdocs.structure.pages import Page


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
