"""Every option of the `evidence` plugin, in one typed model: defaults, types and rules.

    plugins:
      - evidence:
          evidence_dir: evidence
          citation_style: harvard-cite-them-right
          ...
          pdf:
            pages: [review/index.md, review/methods.md]   # exported, in this order
            ...

The CLI and the MkDocs plugin both validate the block with `ProjectConfig` (through
`config.read`, which gives each mistake its line and column in mkdocs.yml). A rule that needs
to know the project (which pages the docs folder holds, the site's name) reads it from the
validation context (`Context`), so the model stays the only place that says what is allowed.
Every message is written in the project's grammar, `expected X, got Y`, with a hint.
"""

from __future__ import annotations

import datetime as dt
import difflib
import posixpath
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

DEFAULT_STYLE = "harvard-cite-them-right"
DEFAULT_LOCALE = "en-GB"
MODES = ("author-date", "footnotes")
DEFAULT_PDF_FILE = "review.pdf"


@dataclass
class Context:
    """What the rules need to know of the project besides the block itself."""

    docs_pages: list[str] | None = None
    """Markdown pages of the docs folder, relative to it (None: pages are not checked)."""
    site_name: str = ""
    site_description: str = ""
    seen_pages: set[str] = field(default_factory=set)
    """Pages listed so far, to find a page listed twice."""


def fail(message: str, hint: str = "") -> PydanticCustomError:
    """An error whose message and hint are the project's, not pydantic's."""
    return PydanticCustomError("evidence_config", "{message}", {"message": message, "hint": hint})


def kind(value: Any) -> str:
    """A value as a message shows what was found: 'a mapping', 'a list', or its repr."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _context(info: ValidationInfo) -> Context:
    return info.context if isinstance(info.context, Context) else Context()


# ---------------------------------------------------------------------------------------------
# Value types


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):  # MkDocs' YAML reads `title: 2026-01-01` as a date
        return value.isoformat()
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise fail(f"expected text, got {kind(value)}",
                   "write the text on the same line, in quotes if it has ': ' in it")
    return str(value).strip()


def _texts(value: Any, info: ValidationInfo) -> tuple[Any, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        raise fail(f"expected a list of texts, got {kind(value)}",
                   f"write it as a list, one item a line: '{info.field_name}:\\n  - ...'")
    return tuple(value)


def _list_item(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise fail(f"expected text, got {kind(value)}")
    return value.strip()


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise fail(f"expected true or false, got {value!r}")
    return value


def _whole_number(low: int | None = None, high: int | None = None) -> BeforeValidator:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or (
                low is not None and value < low) or (high is not None and value > high):
            expected = (f"a whole number from {low} to {high}" if low is not None else
                        "a whole number")
            raise fail(f"expected {expected}, got {value!r}")
        return value
    return BeforeValidator(check)


def _choice(*choices: str) -> BeforeValidator:
    def check(value: Any) -> str:
        if value not in choices:
            close = difflib.get_close_matches(str(value), choices, n=1)
            raise fail(f"expected one of {', '.join(repr(c) for c in choices)}, got {kind(value)}",
                       f"did you mean '{close[0]}'?" if close else "")
        return str(value)
    return BeforeValidator(check)


def _edition(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise fail(f"expected an edition number or name, got {kind(value)}", "e.g. 'edition: 2'")
    return str(value)


def _date(value: Any) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        pass
    raise fail(f"expected a date as YYYY-MM-DD, got {kind(value)}", "write dates as 2026-11-24")


Text = Annotated[str, BeforeValidator(_text)]
Texts = Annotated[tuple[Annotated[str, BeforeValidator(_list_item)], ...],
                  BeforeValidator(_texts)]
Flag = Annotated[bool, BeforeValidator(_flag)]


class Options(BaseModel):
    """Base of the option blocks: an unknown option is a mistake, reported with a hint."""

    model_config = ConfigDict(extra="forbid", validate_default=True)


# ---------------------------------------------------------------------------------------------
# The report


def _pages(value: Any, info: ValidationInfo) -> Any:
    known = _context(info).docs_pages or []
    example = known[0] if known else "index.md"
    if not isinstance(value, list | tuple) or not value:
        raise fail(f"expected a list of the pages to export, got "
                   f"{kind(value) if value is not None else 'nothing'}",
                   f"list pages of the docs folder in reading order, e.g. 'pages: [{example}]'")
    return value


def _page(value: Any, info: ValidationInfo) -> str:
    context = _context(info)
    known = context.docs_pages
    if not isinstance(value, str):
        raise fail(f"expected a page of the docs folder, got {kind(value)}")
    if known is None:
        return value
    if value not in known:
        close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.5)
        example = known[0] if known else "index.md"
        raise fail(f"expected a page of the docs folder, got '{value}'",
                   f"did you mean '{close[0]}'?" if close else
                   f"give the page's path inside the docs folder, e.g. '{example}'")
    if value in context.seen_pages:
        raise fail(f"page '{value}' is listed twice", "list it once")
    context.seen_pages.add(value)
    return value


def _file(value: str) -> str:
    name = value or DEFAULT_PDF_FILE
    normal = posixpath.normpath(name)
    if not name.endswith(".pdf") or name.startswith("/") or normal.startswith(".."):
        raise fail(f"expected a file name ending in .pdf inside the site, got '{name}'",
                   f"e.g. 'file: {DEFAULT_PDF_FILE}'")
    return normal


def _about(value: Any) -> Any:
    if not value:
        return {}
    if not isinstance(value, dict):
        raise fail(f"expected a mapping with 'method' and 'disclaimer', got {kind(value)}",
                   "write 'about:' then, indented, 'method: |' and 'disclaimer: |' each "
                   "followed by its text")
    return value


class About(Options):
    """"About this review": what the report says of its method and its limits."""

    method: Text = Field("", description="Method text (Markdown).")
    disclaimer: Text = Field("", description="Disclaimer text (Markdown).")


class PdfOptions(Options):
    """The review as a PDF report: what goes into it and how it is labelled."""

    pages: Annotated[tuple[Annotated[str, BeforeValidator(_page)], ...],
                     BeforeValidator(_pages)] = Field(
        None,  # type: ignore[arg-type]  # validated: the rule says what to write
        description="Pages of the docs folder exported, in order ('review/index.md').")
    title: Text = Field("", description="Title of the report; the site's name when not set.")
    short_title: Text = Field("", description="Running header of every page but the cover; "
                              "the title when not set.")
    subtitle: Text = ""
    series: Text = Field("", description="Series line of the cover, e.g. 'Helpdesk report'.")
    authors: Texts = Field((), description="People as 'Family, Given' (or an organisation's "
                           "name, without a comma).")
    organisation: Text = Field("", description="Who publishes the report (the publisher of "
                               "its suggested citation).")
    place: Text = Field("", description="Where the organisation publishes, e.g. 'Brighton, UK'.")
    url: Text = Field("", description="Where the review is read online; the site's URL when "
                      "not set.")
    subject: Text = Field("", description="The PDF's subject; the site's description when "
                          "not set.")
    keywords: Texts = ()
    about: Annotated[About, BeforeValidator(_about)] = Field(
        None,  # type: ignore[assignment]  # validated: nothing is an empty block
        description='Text of "About this review".')
    file: Annotated[Text, AfterValidator(_file)] = Field(
        DEFAULT_PDF_FILE, description="Name of the PDF (in the site, and the CLI's default "
        "output).")
    build: Flag = Field(False, description="Whether `mkdocs build` writes the PDF into the site.")
    page_titles: Flag = Field(True, description="Each page's title is a numbered section; false "
                              "when one page holds the whole review and its second-level "
                              "headings are the sections.")
    contents_depth: Annotated[int, _whole_number(1, 3)] = Field(
        2, description="Heading levels listed in the contents.")

    @model_validator(mode="after")
    def _site_defaults(self, info: ValidationInfo) -> PdfOptions:
        context = _context(info)
        self.title = self.title or context.site_name
        self.short_title = self.short_title or self.title
        self.subject = self.subject or context.site_description
        return self

    @property
    def method(self) -> str:
        return self.about.method

    @property
    def disclaimer(self) -> str:
        return self.about.disclaimer


def _pdf(value: Any) -> Any:
    if value is not None and not isinstance(value, dict):
        raise fail(f"expected a mapping of options, got {kind(value)}",
                   "indent the options under 'pdf:', e.g. '  pages: [index.md]'")
    return value


# ---------------------------------------------------------------------------------------------
# The plugin


class ProjectConfig(Options):
    """Options of the `evidence` plugin in mkdocs.yml, with their defaults."""

    evidence_dir: Text = Field("evidence", description="Folder of record collections, "
                               "relative to mkdocs.yml.")
    bibliography: Text = Field("bibliography.bib", description="BibTeX file holding every "
                               "source, relative to mkdocs.yml.")
    citation_style: Text = Field(DEFAULT_STYLE, description="CSL style of citations and "
                                 "references: a style name of the CSL repository "
                                 "('harvard-cite-them-right', 'chicago-author-date', 'apa', ...) "
                                 "or a path to a .csl file.")
    citation_locale: Text = Field(DEFAULT_LOCALE, description="Language of the terms, dates "
                                  "and quotation marks of references ('en-GB', 'en-US').")
    citation_mode: Annotated[Literal["author-date", "footnotes"], _choice(*MODES)] = Field(
        "author-date", description="'author-date': (IOM, 2019a) in the text, linked to the "
        "page's reference list; 'footnotes': numbered notes holding the full reference, as in a "
        "K4DD helpdesk report.")
    references_heading: Text = Field("References", description="Heading of the reference list "
                                     "that ends every page with citations.")
    stale_after_days: Annotated[int, _whole_number()] = Field(
        365, description="A record not reviewed for this many days before the edition date "
        "needs review.")
    edition: Annotated[str, BeforeValidator(_edition)] = Field(
        "1", description="Edition of the review, shown on the site (and in the PDF).")
    edition_date: Annotated[dt.date | None, BeforeValidator(_date)] = Field(
        None, description="Date of the edition (YYYY-MM-DD). Set it for reproducible builds; "
        "else the build date.")
    pdf: Annotated[PdfOptions | None, BeforeValidator(_pdf)] = Field(
        None, description="The review as a PDF report: pages, title, cover, \"About this "
        "review\", file name, and whether `mkdocs build` writes it.")


def nested_options(loc: tuple[str | int, ...]) -> type[Options]:
    """The block of options at a place inside the plugin's block ('pdf', 'pdf.about')."""
    blocks: dict[tuple[str | int, ...], type[Options]] = {
        (): ProjectConfig, ("pdf",): PdfOptions, ("pdf", "about"): About}
    return blocks.get(loc, ProjectConfig)
