"""What the PDF report may read: the docs folder, the package's assets and `data:` URLs.

WeasyPrint fetches every resource a document names (images, stylesheets, fonts, SVG
references, `<link rel="attachment">` files) through one URL fetcher. The report is made from
the project's published files only, so that a page can never put a file of the machine that
builds it (a key, `/etc/passwd`) into the published report, and the same tree gives the same
PDF wherever it is:

- the document names the folders it may read by fixed URLs (`pdf.DOCS_URL`:
  `file:///evidence/docs/`), never by where they are on this machine: WeasyPrint names an
  image in the PDF after its URL, so the PDF does not change with the project's folder;
- a `file:` URL is read only when it falls under one of those URLs and, with its symlinks and
  `..` resolved, is a regular file inside the folder it stands for and not hidden (MkDocs
  publishes no dotfile either); any other `file:` URL is refused, the machine's own paths
  included;
- `data:` URLs are read as WeasyPrint reads them; nothing else is fetched, the network least
  of all.

A refused resource is a warning of WeasyPrint's ("Failed to load image at ..."), which
`mkdocs build --strict` turns into an error. Imported by `pdf.render_pdf` only, when WeasyPrint
(and so Pango) is loaded.
"""

from __future__ import annotations

import mimetypes
import posixpath
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from ...errors import RefusedResource


class _Response(URLFetcherResponse):  # type: ignore[misc]  # WeasyPrint has no type hints
    @property
    def path(self) -> None:
        """No path: WeasyPrint would read a raster image again from it, past the fetcher."""
        return None


class LocalFetcher(URLFetcher):  # type: ignore[misc]
    """WeasyPrint's fetcher, restricted to the files of `folders` and `data:` URLs."""

    def __init__(self, folders: Mapping[str, Path]) -> None:
        """`folders`: the URL the document uses for a folder (ending in '/') → the folder."""
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.folders = {urlsplit(url).path.rstrip("/"): Path(folder).resolve()
                        for url, folder in folders.items()}

    def fetch(self, url: str, headers: Any = None) -> Any:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise RefusedResource(f"not fetched: {_short(url)}: a report reads local files only")
        path = self.readable(url)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return _Response(url, path.read_bytes(), {"Content-Type": kind})

    def readable(self, url: str) -> Path:
        """The file a `file:` URL of the document stands for, if the report may read it."""
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise RefusedResource(f"not fetched: {_short(url)}: a file of another host")
        named = posixpath.normpath(unquote(parts.path))  # '..' cannot climb out of a folder
        for prefix, folder in self.folders.items():
            if named.startswith(prefix + "/"):
                return _inside(folder, named[len(prefix) + 1:], url)
        raise RefusedResource(
            f"not fetched: {_short(url)}: outside the docs folder (a report reads the docs "
            "folder and the package's assets only)")


def _inside(folder: Path, relative: str, url: str) -> Path:
    try:
        path = (folder / relative).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):  # missing, a symlink loop, a NUL byte
        raise RefusedResource(f"not fetched: {_short(url)}: no such file") from None
    if not path.is_relative_to(folder):
        raise RefusedResource(f"not fetched: {_short(url)}: a symlink to a file outside the "
                              "docs folder")
    if any(part.startswith(".") for part in path.relative_to(folder).parts):
        raise RefusedResource(f"not fetched: {_short(url)}: a hidden file")
    if not path.is_file():
        raise RefusedResource(f"not fetched: {_short(url)}: not a file")
    return path


def _short(url: str) -> str:
    return url if len(url) <= 120 else url[:117] + "..."
