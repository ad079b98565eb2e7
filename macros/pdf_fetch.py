"""What the PDF report may read: the docs folder, the package's assets and `data:` URLs.

WeasyPrint fetches every resource a document names (images, stylesheets, fonts, SVG
references, `<link rel="attachment">` files) through one URL fetcher. The report is made from
the project's published files only, so that the same tree gives the same PDF and a page can
never put a file of the machine that builds it (a key, `/etc/passwd`) into the published
report: a `file:` URL is read only when, with its symlinks and `..` resolved, it is a regular
file inside one of the allowed folders and not hidden (MkDocs publishes no dotfile either);
`data:` URLs are read as WeasyPrint reads them; nothing else is fetched, the network least of
all. A refused resource is a warning of WeasyPrint's ("Failed to load image at ..."), which
`mkdocs build --strict` turns into an error.

Imported by `pdf.render_pdf` only, when WeasyPrint (and so Pango) is loaded.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher


class RefusedResource(ValueError):
    """A URL the report does not read; WeasyPrint reports it as a failed fetch."""


class LocalFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no type hints
    """WeasyPrint's fetcher, restricted to files under `roots` and `data:` URLs."""

    def __init__(self, roots: Iterable[Path]) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.roots = tuple(Path(root).resolve() for root in roots)

    def fetch(self, url: str, headers: Any = None) -> Any:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise RefusedResource(f"not fetched: {_short(url)}: a report reads local files only")
        return super().fetch(self.readable(url).as_uri(), headers)

    def readable(self, url: str) -> Path:
        """The file a `file:` URL names, if the report may read it."""
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise RefusedResource(f"not fetched: {_short(url)}: a file of another host")
        try:
            path = Path(url2pathname(parts.path)).resolve(strict=True)
        except (OSError, RuntimeError, ValueError):  # missing, a symlink loop, a NUL byte
            raise RefusedResource(f"not fetched: {_short(url)}: no such file") from None
        root = next((r for r in self.roots if path.is_relative_to(r)), None)
        if root is None:
            raise RefusedResource(
                f"not fetched: {_short(url)}: outside the docs folder (a report reads the docs "
                "folder and the package's assets only)")
        if any(part.startswith(".") for part in path.relative_to(root).parts):
            raise RefusedResource(f"not fetched: {_short(url)}: a hidden file")
        if not path.is_file():
            raise RefusedResource(f"not fetched: {_short(url)}: not a file")
        return path


def _short(url: str) -> str:
    return url if len(url) <= 120 else url[:117] + "..."
