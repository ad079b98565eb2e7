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
import re
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


def _site_file(default: str) -> AfterValidator:
    """A file name inside the site ending as `default` does ('.pdf', '.docx')."""
    suffix = posixpath.splitext(default)[1]

    def check(value: str) -> str:
        name = value or default
        normal = posixpath.normpath(name)
        if not name.endswith(suffix) or name.startswith("/") or normal.startswith(".."):
            raise fail(f"expected a file name ending in {suffix} inside the site, got '{name}'",
                       f"e.g. 'file: {default}'")
        return normal
    return AfterValidator(check)


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
    subject: Text = Field("", description="The PDF's subject; the site's description when "
                          "not set.")
    keywords: Texts = ()
    about: Annotated[About, BeforeValidator(_about)] = Field(
        None,  # type: ignore[assignment]  # validated: nothing is an empty block
        description='Text of "About this review".')
    file: Annotated[Text, _site_file(DEFAULT_PDF_FILE)] = Field(
        DEFAULT_PDF_FILE, description="Name of the PDF (in the site, and the CLI's default "
        "output).")
    build: Flag = Field(False, description="Whether `mkdocs build` writes the PDF into the site.")
    page_titles: Flag = Field(True, description="Each page's title is a numbered section; false "
                              "when one page holds the whole review and its second-level "
                              "headings are the sections.")
    contents_depth: Annotated[int, _whole_number(1, 3)] = Field(
        2, description="Heading levels listed in the contents.")
    citation_mode: Annotated[Literal["author-date", "footnotes"], _choice(*MODES)] = Field(
        "footnotes", description="Citations of the report (PDF and DOCX): 'footnotes', "
        "numbered notes holding the full reference as in a K4DD helpdesk report, or "
        "'author-date'; the site's citations follow `citation_mode`.")

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


DEFAULT_DOCX_FILE = "review.docx"


class DocxOptions(Options):
    """The review as a Word document: the `pdf:` block's pages, cover and about page."""

    build: Flag = Field(False, description="Whether `mkdocs build` writes the Word document "
                        "into the site (and the review links to it).")
    file: Annotated[Text, _site_file(DEFAULT_DOCX_FILE)] = Field(
        DEFAULT_DOCX_FILE, description="Name of the Word document (in the site, and the CLI's "
        "default output).")


MOVED_TO_IDENTITY = {"authors": "authors", "organisation": "organisation", "series": "series",
                     "place": "place", "url": "site"}
"""Options the `pdf:` block had before the identity block held them: `pdf.url` is now
`identity.site`, the others keep their names."""


def _pdf(value: Any) -> Any:
    if value is not None and not isinstance(value, dict):
        raise fail(f"expected a mapping of options, got {kind(value)}",
                   "indent the options under 'pdf:', e.g. '  pages: [index.md]'")
    return value


# ---------------------------------------------------------------------------------------------
# Who makes the review, and under what licence

LICENCES = {
    "CC-BY-4.0": ("Creative Commons Attribution 4.0 International",
                  "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-4.0": ("Creative Commons Attribution-ShareAlike 4.0 International",
                     "https://creativecommons.org/licenses/by-sa/4.0/"),
    "CC-BY-NC-4.0": ("Creative Commons Attribution-NonCommercial 4.0 International",
                     "https://creativecommons.org/licenses/by-nc/4.0/"),
    "CC-BY-NC-ND-3.0-IGO": ("Creative Commons Attribution-NonCommercial-NoDerivs 3.0 IGO",
                            "https://creativecommons.org/licenses/by-nc-nd/3.0/igo/"),
    "CC0-1.0": ("Creative Commons Zero v1.0 Universal",
                "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODbL-1.0": ("Open Data Commons Open Database License v1.0",
                 "https://opendatacommons.org/licenses/odbl/1-0/"),
}
"""SPDX identifiers a review can be published under, with their names and addresses (the
report's licence page, `datapackage.json`, the feeds)."""


def _licence(value: str) -> str:
    if value not in LICENCES:
        close = difflib.get_close_matches(value, LICENCES, n=1)
        raise fail(f"expected an SPDX licence identifier, got {value!r}",
                   f"did you mean '{close[0]}'?" if close else
                   f"use one of {', '.join(LICENCES)}")
    return value


def _web_address(value: str) -> str:
    if value and (not value.startswith(("https://", "http://"))
                  or any(c.isspace() or ord(c) < 32 for c in value)):
        raise fail(f"expected an http or https address, got {value!r}",
                   "e.g. 'https://github.com/owner/repository'")
    return value


def _doi(value: str) -> str:
    bare = value.removeprefix("https://doi.org/").removeprefix("doi:")
    if value and not re.fullmatch(r"10\.\d{4,9}/\S+", bare):
        raise fail(f"expected a DOI such as '10.5281/zenodo.1234567', got {value!r}")
    return bare


def _iati_identifier(value: str) -> str:
    # An IATI organisation identifier: a registration agency's prefix, '-', the organisation's
    # number with that agency (IATI Standard, "Organisation identifiers").
    if value and not re.fullmatch(r"[A-Za-z]{2}(-[A-Za-z0-9]+)+", value):
        raise fail(f"expected an IATI organisation identifier such as 'XM-DAC-41114', got "
                   f"{value!r}", "the prefix is the registration agency's code "
                   "(org-id.guide), then '-' and the organisation's number there")
    return value


class IatiPublisher(Options):
    """The review as the reporting organisation of its IATI activity file."""

    identifier: Annotated[Text, AfterValidator(_iati_identifier)] = Field(
        "", description="IATI organisation identifier of whoever publishes the review's IATI "
        "file; the XML export is written only when it is set.")
    type: Text = Field("", description="Its IATI OrganisationType code, e.g. '80' (academic, "
                       "training and research) or '21' (international NGO).")


class Identity(Options):
    """Who makes the review, who it is for and under what licence: one place for the report's
    cover and licence page, the Word edition, the edit links, the feeds, the data package, the
    spreadsheet and the IATI file. What is unknown stays unset: nothing here is invented."""

    authors: Texts = Field((), description="People as 'Family, Given', or a collective name "
                           "without a comma (e.g. 'the contributors to the living review').")
    organisation: Text = Field("", description="Who publishes the review.")
    funder: Text = Field("", description="Who commissioned or funds it.")
    series: Text = Field("", description="Series the report belongs to, e.g. 'K4DD Helpdesk "
                         "Report'.")
    report_number: Text = Field("", description="Its number in the series.")
    place: Text = Field("", description="Where the organisation publishes, e.g. 'Brighton, UK'.")
    licence: Annotated[Text, AfterValidator(_licence)] = Field(
        "CC-BY-4.0", description="SPDX identifier of the licence of the review's own text and "
        f"data: one of {', '.join(LICENCES)}.")
    licence_notice: Text = Field("", description="What the licence does not cover (quoted "
                                 "passages, the source documents), in Markdown.")
    repository: Annotated[Text, AfterValidator(_web_address)] = Field(
        "", description="Web address of the repository (edit and report links, the data "
        "package); MkDocs' repo_url when not set.")
    site: Annotated[Text, AfterValidator(_web_address)] = Field(
        "", description="Published address of the site (absolute links in the report, the "
        "feeds and the data); MkDocs' site_url when not set.")
    doi: Annotated[Text, AfterValidator(_doi)] = Field(
        "", description="DOI of the review, where one was registered.")
    iati: IatiPublisher = Field(default_factory=IatiPublisher,
                                description="The review as an IATI reporting organisation.")

    @property
    def licence_name(self) -> str:
        return LICENCES[self.licence][0]

    @property
    def licence_url(self) -> str:
        return LICENCES[self.licence][1]


class EditionNote(Options):
    """An edition of the review, with what its editor says changed in it (What's new)."""

    edition: Annotated[str, BeforeValidator(_edition)] = Field(
        description="Its number or name, as `edition` gave it.")
    date: Annotated[dt.date, BeforeValidator(_date)] = Field(
        description="Its date (YYYY-MM-DD): the changes up to this day belong to it.")
    summary: Text = Field("", description="What changed in the evidence, in the editor's "
                          "words, e.g. 'Colombia: two activities added'.")


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
    editions: tuple[EditionNote, ...] = Field(
        (), description="Past and present editions with the editor's summary of each, for "
        "What's new (the current one may be listed too).")
    identity: Identity = Field(default_factory=Identity,
                               description="Who makes the review and under what licence.")
    docx: DocxOptions = Field(default_factory=DocxOptions,
                              description="The review as a Word document (`evidence docx`).")
    pdf: Annotated[PdfOptions | None, BeforeValidator(_pdf)] = Field(
        None, description="The review as a PDF report: pages, title, cover, \"About this "
        "review\", file name, and whether `mkdocs build` writes it.")


def nested_options(loc: tuple[str | int, ...]) -> type[Options]:
    """The block of options at a place inside the plugin's block ('pdf', 'pdf.about')."""
    blocks: dict[tuple[str | int, ...], type[Options]] = {
        (): ProjectConfig, ("pdf",): PdfOptions, ("pdf", "about"): About, ("docx",): DocxOptions,
        ("identity",): Identity, ("identity", "iati"): IatiPublisher}
    return blocks.get(loc, ProjectConfig)
