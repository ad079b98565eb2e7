"""The report's options: the `pdf:` block of the `evidence` plugin in mkdocs.yml.

    plugins:
      - evidence:
          pdf:
            pages: [review/index.md, review/methods.md]   # exported, in this order
            title: ...
            short_title: ...        # the running header
            ...

Read with positions (through `yamlsource`), so a mistake is reported as
`mkdocs.yml:41:9: evidence.pdf.pages[1]: expected a page of docs/, got 'reviw.md'` with a hint.
No MkDocs import: the CLI and the plugin validate the same way.
"""

from __future__ import annotations

import datetime as dt
import difflib
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import EvidenceError, Problem
from .yamlsource import Loc, format_loc, load_document

DEFAULT_FILE = "review.pdf"
REVIEW_ID = "this-review"
"""CSL id of the review itself, for its suggested citation."""


@dataclass(frozen=True)
class PdfSettings:
    """What goes into the report and how it is labelled."""

    pages: tuple[str, ...]
    """Pages of the docs folder exported, in order ('review/index.md')."""
    title: str
    short_title: str
    """Running header of every page but the cover."""
    subtitle: str = ""
    series: str = ""
    """Series line of the cover, e.g. 'Helpdesk report'."""
    authors: tuple[str, ...] = ()
    """People as 'Family, Given' (or an organisation's name, without a comma)."""
    organisation: str = ""
    """Who publishes the report (the publisher of its suggested citation)."""
    place: str = ""
    """Where the organisation publishes, e.g. 'Brighton, UK'."""
    url: str = ""
    """Where the review is read online; the site's URL when not set."""
    subject: str = ""
    """The PDF's subject; the site's description when not set."""
    keywords: tuple[str, ...] = ()
    method: str = ""
    """Method text of "About this review" (Markdown)."""
    disclaimer: str = ""
    """Disclaimer text of "About this review" (Markdown)."""
    file: str = DEFAULT_FILE
    """Name of the PDF (in the site, and the CLI's default output)."""
    build: bool = False
    """Whether `mkdocs build` writes the PDF into the site."""
    page_titles: bool = True
    """Each page's title is a numbered section; false when one page holds the whole review
    and its second-level headings are the sections."""
    contents_depth: int = 2
    """Heading levels listed in the contents."""


class PdfConfigError(EvidenceError):
    """The `pdf:` block cannot be used; carries every problem, with positions."""


@dataclass
class _Reader:
    """Reads typed values out of the block, collecting a problem for each bad one."""

    data: dict[str, Any]
    where: Callable[[Loc, bool], tuple[int, int]]
    path: str
    loc: Loc
    """Where the block is in the file."""
    problems: list[Problem] = field(default_factory=list)
    name: Loc = ()
    """Where these options are inside the block ('about')."""

    def problem(self, key: Loc, message: str, hint: str = "", *, at_key: bool = False) -> None:
        line, column = self.where((*self.loc, *self.name, *key), at_key)
        name = "evidence." + format_loc(("pdf", *self.name, *key))
        self.problems.append(Problem(self.path, line, column, name, message, hint))

    def text(self, key: str, default: str = "") -> str:
        value = self.data.get(key, default)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problem((key,), f"expected text, got {_kind(value)}",
                         "write the text on the same line, in quotes if it has ': ' in it")
            return default
        return str(value).strip()

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.problem((key,), f"expected a list of texts, got {_kind(value)}",
                         f"write it as a list, one item a line: '{key}:\\n  - ...'")
            return ()
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.problem((key, i), f"expected text, got {_kind(item)}")
            else:
                out.append(item.strip())
        return tuple(out)

    def flag(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.problem((key,), f"expected true or false, got {value!r}")
            return default
        return value

    def number(self, key: str, default: int, low: int, high: int) -> int:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.problem((key,), f"expected a whole number from {low} to {high}, got {value!r}")
            return default
        return value


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


OPTIONS = {name for name in PdfSettings.__dataclass_fields__} | {"about"}


def parse_pdf_settings(block: Any, *, docs_pages: list[str], site_name: str,
                       site_description: str = "", path: str = "mkdocs.yml",
                       where: Callable[[Loc, bool], tuple[int, int]] | None = None,
                       loc: Loc = ()) -> PdfSettings:
    """The settings of a `pdf:` block (its data as YAML gives it), or PdfConfigError.

    `docs_pages`: the Markdown pages of the docs folder, relative to it, to check `pages`
    against; `where`: line and column of a value by its location in the file.
    """
    if block is None:
        block = {}
    reader = _Reader(block if isinstance(block, dict) else {}, where or (lambda _, __: (0, 0)),
                     path, loc)
    if not isinstance(block, dict):
        reader.problem((), f"expected a mapping of options, got {_kind(block)}",
                       "indent the options under 'pdf:', e.g. '  pages: [index.md]'")
        raise PdfConfigError(reader.problems)
    for key in block:
        if key not in OPTIONS:
            close = difflib.get_close_matches(str(key), sorted(OPTIONS), n=1)
            reader.problem((key,), f"unknown option '{key}'",
                           f"did you mean '{close[0]}'?" if close else
                           f"the options are {', '.join(sorted(OPTIONS))}", at_key=True)
    pages = _pages(reader, docs_pages)
    about = block.get("about") or {}
    method = disclaimer = ""
    if not isinstance(about, dict):
        reader.problem(("about",), f"expected a mapping with 'method' and 'disclaimer', got "
                       f"{_kind(about)}", "write 'about:' then, indented, 'method: |' and "
                       "'disclaimer: |' each followed by its text")
    else:
        inner = _Reader(about, reader.where, path, loc, reader.problems, ("about",))
        for key in about:
            if key not in ("method", "disclaimer"):
                inner.problem((key,), f"unknown option '{key}'",
                              "'about' has two options: 'method' and 'disclaimer'", at_key=True)
        method, disclaimer = inner.text("method"), inner.text("disclaimer")
    title = reader.text("title", site_name) or site_name
    settings = PdfSettings(
        pages=pages, title=title, short_title=reader.text("short_title", title) or title,
        subtitle=reader.text("subtitle"), series=reader.text("series"),
        authors=reader.texts("authors"), organisation=reader.text("organisation"),
        place=reader.text("place"), url=reader.text("url"),
        subject=reader.text("subject", site_description), keywords=reader.texts("keywords"),
        method=method, disclaimer=disclaimer, file=_file(reader),
        build=reader.flag("build", False), page_titles=reader.flag("page_titles", True),
        contents_depth=reader.number("contents_depth", 2, 1, 3))
    if reader.problems:
        raise PdfConfigError(reader.problems)
    return settings


def _pages(reader: _Reader, docs_pages: list[str]) -> tuple[str, ...]:
    value = reader.data.get("pages")
    example = docs_pages[0] if docs_pages else "index.md"
    if not isinstance(value, list) or not value:
        reader.problem(("pages",), f"expected a list of the pages to export, got "
                       f"{_kind(value) if value is not None else 'nothing'}",
                       f"list pages of the docs folder in reading order, e.g. "
                       f"'pages: [{example}]'")
        return ()
    known = set(docs_pages)
    seen: set[str] = set()
    pages = []
    for i, page in enumerate(value):
        if not isinstance(page, str):
            reader.problem(("pages", i), f"expected a page of the docs folder, got {_kind(page)}")
            continue
        if page not in known:
            close = difflib.get_close_matches(page, sorted(known), n=1, cutoff=0.5)
            reader.problem(("pages", i), f"expected a page of the docs folder, got '{page}'",
                           f"did you mean '{close[0]}'?" if close else
                           f"give the page's path inside the docs folder, e.g. '{example}'")
            continue
        if page in seen:
            reader.problem(("pages", i), f"page '{page}' is listed twice", "list it once")
            continue
        seen.add(page)
        pages.append(page)
    return tuple(pages)


def _file(reader: _Reader) -> str:
    name = reader.text("file", DEFAULT_FILE) or DEFAULT_FILE
    normal = posixpath.normpath(name)
    if not name.endswith(".pdf") or name.startswith("/") or normal.startswith(".."):
        reader.problem(("file",), f"expected a file name ending in .pdf inside the site, got "
                       f"'{name}'", f"e.g. 'file: {DEFAULT_FILE}'")
        return DEFAULT_FILE
    return normal


def docs_pages(docs: Path) -> list[str]:
    """The Markdown pages of a docs folder, relative to it."""
    return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))


def load_pdf_settings(config_file: Path) -> PdfSettings | None:
    """The `pdf:` block of a mkdocs.yml, validated; None when the file has none."""
    shown = config_file.name
    document, problems = load_document(config_file, shown)
    if document is None:
        raise PdfConfigError(problems)
    data = document.data if isinstance(document.data, dict) else {}
    for i, plugin in enumerate(data.get("plugins") or []):
        if isinstance(plugin, dict) and isinstance(plugin.get("evidence"), dict) \
                and "pdf" in plugin["evidence"]:
            loc: Loc = ("plugins", i, "evidence", "pdf")
            break
    else:
        return None
    # MkDocs' own tags elsewhere in the file (!ENV, !relative) are not this block's business.
    mine = [p for p in problems if p.field.startswith(format_loc(loc))]
    if mine:
        raise PdfConfigError(mine)
    docs = config_file.parent / str(data.get("docs_dir") or "docs")
    return parse_pdf_settings(
        plugin["evidence"]["pdf"], docs_pages=docs_pages(docs) if docs.is_dir() else [],
        site_name=str(data.get("site_name") or ""),
        site_description=str(data.get("site_description") or "").strip(), path=shown,
        where=lambda at, key: document.position(at, key=key), loc=loc)


# ---------------------------------------------------------------------------------------------
# The review as a work to cite


def review_csl_item(settings: PdfSettings, edition: str, date: dt.date,
                    site_url: str = "") -> dict[str, Any]:
    """The review itself as a CSL-JSON item, formatted by the project's style into its
    suggested citation."""
    item: dict[str, Any] = {
        "id": REVIEW_ID, "type": "report",
        "title": f"{settings.title}: {settings.subtitle}" if settings.subtitle else settings.title,
        "issued": {"date-parts": [[date.year, date.month, date.day]]},
    }
    if settings.authors:
        item["author"] = [_name(a) for a in settings.authors]
    elif settings.organisation:
        item["author"] = [{"literal": settings.organisation}]
    if settings.organisation:
        item["publisher"] = settings.organisation
    if settings.place:
        item["publisher-place"] = settings.place
    if settings.series:
        item["collection-title"] = settings.series
    if edition and edition != "1":
        item["edition"] = edition
    url = settings.url or site_url
    if url:
        item["URL"] = url
    return item


def _name(text: str) -> dict[str, str]:
    family, comma, given = text.partition(",")
    if not comma:
        return {"literal": text}
    return {"family": family.strip(), "given": given.strip()}
