"""The review as a report: the site's pages assembled into one print document, as a PDF.

Input is each exported page's HTML *as the site shows it* (macros, record links and citations
already resolved by the site build), so the report never disagrees with the site. This module
turns those pages into one document for paged media:

- a cover, "About this review" (method, disclaimer, suggested citation) and contents whose
  page numbers and section numbers are CSS (`target-counter`, counters), so they are right
  by construction;
- each page a numbered section; ids are prefixed per page so they stay unique; links between
  exported pages become links inside the PDF, links to other pages of the site become absolute
  URLs (when `site_url` is set) or plain text, never a dead link;
- citations: footnotes (`float: footnote`, at the foot of the page of their call) or
  author-date links, and one References section in the style's order for every cited key;
- of each page only what prints and is the project's own: no stylesheet, script, embedded
  document or attachment of the page, images only from the site's own files
  (`_keep_printable`);
- then WeasyPrint (imported only here, lazily: it needs Pango) lays it out with `pdf.css`,
  reading no file outside the docs folder (`pdf_fetch`).

No MkDocs import: the MkDocs side (`mkdocs_pdf`, the plugin) gathers the pages.
"""

from __future__ import annotations

import copy
import hashlib
import html
import logging
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit

import tinycss2
from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement
from tinycss2.serializer import serialize_identifier, serialize_url

from .markup import escape, plural, render_markdown
from .pdf_settings import PdfSettings

STYLESHEET = Path(__file__).with_name("pdf.css")
PACKAGE_ASSETS = Path(__file__).parent / "search" / "assets"
"""Besides the docs folder, the only folder whose files the report may read: the package's
own assets."""
DOCS_URL = "file:///evidence/docs/"
"""What the document calls the docs folder (its base URL), wherever the project is: WeasyPrint
names an image in the PDF after its URL, and the same tree makes the same PDF (`pdf_fetch`)."""
ASSETS_URL = "file:///evidence/assets/"
"""What it calls PACKAGE_ASSETS."""
GENERATOR = "lac-migration-evidence (WeasyPrint)"
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
MAX_PASSES = 8
"""Layouts tried at most to put every footnote on the page of its call."""
WIDE_COLUMNS = 6
"""A table with more columns is set smaller, with column widths of its own (`_fit_columns`)."""
LONG_WORD, LONG_CELL = 16, 40
WIDE_ROOM = 125
"""Characters of a wide table's text (7 pt) across the text width of an A4 page."""
Progress = Callable[[str], None]


class PdfError(Exception):
    """The report cannot be made (a missing system library, a page that is not there)."""


@dataclass(frozen=True)
class ExportedPage:
    """One page of the site, as its build rendered it."""

    src: str
    """Path in the docs folder: 'review/index.md'."""
    url: str
    """Site-relative URL: 'review/' ('' for the home page)."""
    title: str
    html: str
    """The page's content (the article, without the theme around it)."""


@dataclass(frozen=True)
class Site:
    """What links in the pages can point to."""

    site_url: str = ""
    """Absolute URL of the published site; links to pages not exported go there."""
    bibliography_url: str = "bibliography/"
    static_files: dict[str, Path] = field(default_factory=dict)
    """Site-relative URL (quoted, as MkDocs makes it) → local file, of the files the site
    copies as they are (images). A page's image is one of them, or not in the report; the
    report reads it from the docs folder (`pdf_fetch`)."""


@dataclass(frozen=True)
class Report:
    """Everything the report says besides the pages."""

    settings: PdfSettings
    edition_label: str
    """'Edition 1, 24 November 2026'."""
    edition_date: str
    """ISO date of the edition: the PDF's creation and modification date."""
    citation: str
    """Suggested citation (HTML), from the project's citation style."""
    entries: dict[str, str]
    """Reference-list entry (HTML) of every bibliography key, in the style's order."""
    mode: str = "author-date"
    references_heading: str = "References"
    lang: str = "en"


# ---------------------------------------------------------------------------------------------
# One page of the site → one section of the report


def _classes(element: HtmlElement) -> set[str]:
    return set((element.get("class") or "").split())


def _with_class(root: HtmlElement, tag: str, name: str) -> list[HtmlElement]:
    return list(root.xpath(f'.//{tag}[contains(concat(" ", normalize-space(@class), " "), '
                           f'" {name} ")]'))


def page_anchor(src: str) -> str:
    """Id of an exported page's section: 'review/index.md' → 'review-index'."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", src.removesuffix(".md")).strip("-") or "page"


class _Section:
    """Converts one page: drops what only the screen needs, moves its citations, links."""

    def __init__(self, page: ExportedPage, report: Report, site: Site,
                 exported: dict[str, str]) -> None:
        self.page = page
        self.report = report
        self.site = site
        self.exported = exported
        """'/review/' → 'review-index': where each exported page's section starts."""
        self.anchor = page_anchor(page.src)
        self.keys: list[str] = []
        """Citation keys of this page, in order of first use."""
        self.root: HtmlElement = lxml_html.fragment_fromstring(page.html or "",
                                                               create_parent="div")
        self.published = {unquote(url) for url in site.static_files}
        """Paths of the files the site publishes as they are (their URLs are quoted)."""
        self.ids: set[str] = set()

    def convert(self) -> HtmlElement:
        root = self.root
        _keep_printable(root, self.resource)
        for element in _with_class(root, "a", "headerlink"):
            element.drop_tree()
        for element in _with_class(root, "a", "ev-pdf-link"):
            parent = element.getparent()
            element.drop_tree()
            if parent is not None and parent.tag == "p" and not parent.text_content().strip():
                parent.drop_tree()
        self.take_references()
        notes = self.take_notes()
        if self.report.mode == "footnotes" or notes:
            self.footnotes(notes)
        for element in _with_class(root, "a", "ev-cite"):
            element.attrib.pop("title", None)
        self.headings()
        self.ids = {str(e.get("id")) for e in root.iter() if e.get("id")}
        for element in root.iter():
            if element.get("id"):
                element.set("id", self.local(str(element.get("id"))))
        for link in list(root.iter("a")):
            self.link(link)
        for table in list(root.iter("table")):
            if _columns(table) > WIDE_COLUMNS:
                _fit_columns(table)
        section = lxml_html.Element("section")
        section.set("class", "chapter" if self.report.settings.page_titles else "part")
        section.set("id", self.anchor)
        section.text = root.text
        for child in list(root):
            section.append(child)
        return section

    def local(self, ident: str) -> str:
        return f"{self.anchor}--{ident}"

    # -- citations ------------------------------------------------------------------------------

    def take_references(self) -> None:
        """Drop the page's own reference list; remember its keys for the report's one."""
        for block in _with_class(self.root, "div", "ev-references"):
            for entry in block.xpath('.//*[starts-with(@id, "ref-")]'):
                self.cite(str(entry.get("id"))[len("ref-"):])
            _drop_with_heading(block)

    def take_notes(self) -> dict[str, HtmlElement]:
        """The page's numbered notes (footnote mode), by number; their list is dropped."""
        notes: dict[str, HtmlElement] = {}
        for block in _with_class(self.root, "ol", "ev-notes"):
            for item in block.iter("li"):
                number = str(item.get("id") or "").removeprefix("note-")
                notes[number] = item
            _drop_with_heading(block)
        return notes

    def footnotes(self, notes: dict[str, HtmlElement]) -> None:
        """Each note call becomes the note itself, floated to the foot of its page."""
        for call in _with_class(self.root, "sup", "ev-footnote-ref"):
            number = str(call.get("id") or "").removeprefix("cite-")
            item = notes.get(number)
            if item is None:
                continue
            note = lxml_html.Element("span")
            note.set("class", "footnote")
            note.set("id", f"fn-{number}")
            note.text = item.text
            for child in item:
                if "ev-footnote-back" in _classes(child):
                    continue
                note.append(copy.deepcopy(child))
            _strip_tail(note)
            for ref in note.xpath('.//*[@data-key]'):
                self.cite(str(ref.get("data-key")))
            note.tail = call.tail
            parent = call.getparent()
            if parent is not None:
                _strip_before(call)  # the call sits against its word, as in print
                # An empty marker where the call is: its page is where the call went.
                marker = lxml_html.Element("span")
                marker.set("class", "fn-call")
                marker.set("id", f"fncall-{number}")
                marker.tail = None
                parent.replace(call, marker)
                marker.addnext(note)

    def cite(self, key: str) -> None:
        if key not in self.keys:
            self.keys.append(key)

    # -- structure ------------------------------------------------------------------------------

    def headings(self) -> None:
        root = self.root
        first = next(root.iter("h1"), None)
        if self.report.settings.page_titles:
            if first is None:  # the theme shows the page's title when the page has no h1
                heading = lxml_html.Element("h1")
                heading.text = self.page.title
                root.insert(0, heading)
                heading.tail, root.text = root.text, None
            return
        if first is not None:  # one page is the whole review: its h2s are the sections
            first.drop_tree()
        for element in root.iter(*HEADINGS[1:]):
            element.tag = f"h{int(str(element.tag)[1]) - 1}"

    # -- links ----------------------------------------------------------------------------------

    def link(self, link: HtmlElement) -> None:
        href = link.get("href")
        if href is None:
            return
        target = self.target(href)
        if target is None:
            link.drop_tag()  # the text stays, without a link that would lead nowhere
        else:
            link.set("href", target)

    def target(self, href: str) -> str | None:
        parts = urlsplit(href)
        fragment = unquote(parts.fragment)
        if parts.scheme or parts.netloc:
            return href if parts.scheme in ("http", "https", "mailto") else None
        if not parts.path:
            return "#" + self.fragment(self.anchor, fragment, self.ids)
        path = urljoin("/" + self.page.url, parts.path)
        if path in self.exported:
            anchor = self.exported[path]
            return "#" + (f"{anchor}--{fragment}" if fragment else anchor)
        if path == "/" + self.site.bibliography_url and fragment.startswith("ref-"):
            self.cite(fragment[len("ref-"):])
            return "#" + fragment
        if self.site.site_url:
            absolute = urljoin(self.site.site_url.rstrip("/") + "/", path.lstrip("/"))
            return absolute + (f"#{parts.fragment}" if parts.fragment else "")
        return None

    def fragment(self, anchor: str, fragment: str, ids: set[str]) -> str:
        if fragment.startswith("ref-") and fragment not in ids:  # an author-date citation
            self.cite(fragment[len("ref-"):])
            return fragment
        return f"{anchor}--{fragment}" if fragment else anchor

    def resource(self, url: str) -> str | None:
        """What the report reads for an image or background the page shows: a file the site
        publishes as it is (its URL resolved from the page's), or a `data:` URL; None for
        anything else (the web, a file the site does not publish)."""
        parts = urlsplit(url.strip())
        if parts.scheme == "data":
            return url.strip()
        if parts.scheme or parts.netloc:
            return None
        path = urljoin("/" + self.page.url, unquote(parts.path)).lstrip("/")
        if path not in self.published:
            return None
        # Where it is read (`pdf_fetch`), a symlink that leaves the docs folder is refused,
        # with a warning.
        return DOCS_URL + quote(path)


def _columns(table: HtmlElement) -> int:
    row = next(table.iter("tr"), None)
    if row is None:
        return 0
    return sum(int(cell.get("colspan") or 1) if str(cell.get("colspan") or "1").isdigit() else 1
               for cell in row if cell.tag in ("th", "td"))


def _fit_columns(table: HtmlElement) -> None:
    """Widths for a table of many columns, so that it fits the page and reads well.

    The browser's automatic layout gives each column at least its longest word; with many
    columns and a URL or two that is wider than the page. Here a column gets its longest word
    (up to LONG_WORD characters: longer ones break anywhere), then a share of what is left
    in proportion to how much longer its longest cell is (up to LONG_CELL characters).
    """
    rows = [[c for c in row if c.tag in ("th", "td")] for row in table.iter("tr")]
    count = _columns(table)
    rows = [row for row in rows if len(row) == count]
    if not rows:
        return
    least, most = [], []
    for j in range(count):
        texts = [re.sub(r"\s+", " ", row[j].text_content()).strip() for row in rows]
        word = max((len(w) for t in texts for w in t.split()), default=1)
        # Two characters more for the cell's padding and the width of capitals and digits.
        least.append(min(max(word, 3), LONG_WORD) + 2)
        most.append(max(least[-1], min(max(map(len, texts)), LONG_CELL) + 2))
    if sum(least) > WIDE_ROOM:  # too many long words: the longest give way first
        cap = max(least)
        while sum(min(n, cap) for n in least) > WIDE_ROOM and cap > 4:
            cap -= 1
        least = [min(n, cap) for n in least]
    room = max(WIDE_ROOM, sum(least))
    spare = max(min(room, sum(most)) - sum(least), 0)
    extra = [m - n for m, n in zip(most, least, strict=True)]
    widths = [n + (spare * e / sum(extra) if sum(extra) else 0)
              for n, e in zip(least, extra, strict=True)]
    total = sum(widths)
    group = lxml_html.Element("colgroup")
    for width in widths:
        col = lxml_html.Element("col")
        col.set("style", f"width: {100 * width / total:.1f}%")
        group.append(col)
    table.insert(0, group)
    table.set("class", " ".join(sorted(_classes(table) | {"wide"})))


def _drop_with_heading(block: HtmlElement) -> None:
    """Drop a block and the heading just before it ('## References', '## Notes')."""
    before = block.getprevious()
    if before is not None and before.tag in HEADINGS:
        before.drop_tree()
    block.drop_tree()


def _strip_before(element: HtmlElement) -> None:
    before, parent = element.getprevious(), element.getparent()
    if before is not None:
        before.tail = (before.tail or "").rstrip() or None
    elif parent is not None:
        parent.text = (parent.text or "").rstrip() or None


def _strip_tail(element: HtmlElement) -> None:
    """No trailing white space at the end of a note."""
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "").rstrip() or None
    elif element.text:
        element.text = element.text.rstrip()


# ---------------------------------------------------------------------------------------------
# What of a page reaches the report
#
# WeasyPrint reads whatever a document names: images, stylesheets, attachments, embedded
# documents, SVG references, `url()`s in styles, a base URL, metadata. A page's HTML is a
# stranger's (any pull request can change it), so only what prints and is the project's own
# passes; everything else is removed here, before layout, and `pdf_fetch` refuses any file
# outside the docs folder in case something slips through.

SCREEN_ONLY = frozenset({
    # code, and the screen's styles: a page's CSS is the site theme's, not the report's
    "script", "noscript", "template", "style",
    # head matter: stylesheets and attachments (<link>), metadata that would override the
    # report's own, a base URL that would move every relative URL
    "link", "meta", "base",
    # embedded documents, players and their sources: nothing of them prints
    "object", "embed", "iframe", "frame", "frameset", "applet", "portal",
    "audio", "video", "source", "track", "param",
})
VOID = frozenset({"link", "meta", "base", "embed", "source", "track", "param"})
"""Elements of SCREEN_ONLY that are void in HTML5 (and for WeasyPrint's parser), but that
libxml2's parser may make the parent of the content after them."""
URL_ATTRIBUTES = frozenset({
    "src", "srcset", "href", "xlink:href", "data", "poster", "background", "action",
    "formaction", "cite", "longdesc", "usemap", "codebase", "archive", "manifest", "lowsrc",
    "dynsrc", "xml:base", "ping", "classid", "profile", "icon", "imagesrcset",
})
"""Attributes whose value is a URL (HTML, SVG). Kept only where listed in `_keep_printable`."""
URL_FUNCTIONS = frozenset({"url", "src"})
"""CSS functions whose argument is a URL; others that take URLs (image-set(), image(),
cross-fade(), element(), attr()) are refused outright."""
FETCHING_FUNCTIONS = frozenset({"image-set", "-webkit-image-set", "image", "cross-fade",
                                "-webkit-cross-fade", "element", "-moz-element", "attr"})
Resource = Callable[[str], "str | None"]


def _keep_printable(root: HtmlElement, resource: Resource) -> None:
    """Remove from a page what the report must not read or does not print.

    What stays: text and its markup; links (`<a href>`, rewired afterwards by `_Section.link`);
    images (`<img>`, SVG `<image>`) and `url()`s in `style` attributes when `resource` finds
    them among the site's own files or they are `data:` URLs; references inside an SVG
    (`href="#id"`, `fill="url(#id)"`). What goes: the elements of SCREEN_ONLY (with their
    content, but for the void ones); comments (where two HTML parsers may disagree on the
    end of one, the second would find markup the first let through); every other URL
    attribute; `rel` (a `rel="attachment"` link would attach its target to the PDF); the
    declarations of a `style` that name a URL `resource` does not find.
    """
    for element in list(root.iter(*SCREEN_ONLY, etree.Comment, etree.ProcessingInstruction)):
        if element.getparent() is None:
            continue
        if element.tag in VOID:
            element.drop_tag()  # what libxml2 put inside it follows it in HTML5
        else:
            element.drop_tree()
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if element.tag == "img" and not _keep_image(element, resource):
            continue
        if element.tag == "image" and not _keep_svg_image(element, resource):
            continue
        element.attrib.pop("rel", None)
        for name, value in list(element.attrib.items()):
            if name == "style":
                kept = _printable_style(value, resource)
                if kept:
                    element.set("style", kept)
                else:
                    del element.attrib[name]
            elif name in URL_ATTRIBUTES:
                if not _allowed_url_attribute(element, name, value):
                    del element.attrib[name]
            elif any(not u.strip(" \t\n'\"").startswith("#")
                     for u in re.findall(r"url\(([^)]*)\)", value, re.IGNORECASE)):
                del element.attrib[name]  # an SVG paint, filter or marker of another file


def _allowed_url_attribute(element: HtmlElement, name: str, value: str) -> bool:
    if element.tag == "a" and name == "href":
        return True  # `_Section.link` keeps only internal, http(s) and mailto links
    if (element.tag, name) in (("img", "src"), ("image", "href")):
        return True  # set by `_keep_image` / `_keep_svg_image`
    return name in ("href", "xlink:href") and value.startswith("#")


def _keep_image(image: HtmlElement, resource: Resource) -> bool:
    """An image the report can read keeps a file or data URL; any other shows its text."""
    src = resource(image.get("src") or "")
    if src is not None:
        image.set("src", src)
        return True
    alt = lxml_html.Element("span")
    alt.text, alt.tail = image.get("alt") or "", image.tail
    parent = image.getparent()
    if parent is not None:
        parent.replace(image, alt)
    return False


def _keep_svg_image(image: HtmlElement, resource: Resource) -> bool:
    href = image.get("href") or image.get("xlink:href") or ""
    src = resource(href)
    if src is None:
        image.drop_tag()  # void, like `embed`
        return False
    image.attrib.pop("xlink:href", None)
    image.set("href", src)
    return True


def _printable_style(style: str, resource: Resource) -> str:
    """A style attribute, parsed as WeasyPrint parses it (tinycss2: escapes such as `u\\72l(`
    read as CSS reads them), without the declarations that name a URL it cannot read."""
    kept = []
    for declaration in tinycss2.parse_blocks_contents(style, skip_comments=True,
                                                      skip_whitespace=True):
        if declaration.type != "declaration":
            continue  # a rule or an at-rule has no place in a style attribute
        value = _printable_value(declaration.value, resource)
        if value is not None:
            important = " !important" if declaration.important else ""
            kept.append(f"{serialize_identifier(declaration.name)}: {value.strip()}{important}")
    return "; ".join(kept)


def _printable_value(tokens: list[Any], resource: Resource) -> str | None:
    """A declaration's value with its URLs made readable, or None to drop it."""
    out = []
    for token in tokens:
        url = None
        if token.type == "url":
            url = token.value
        elif token.type == "function" and token.lower_name in URL_FUNCTIONS:
            strings = [t for t in token.arguments if t.type not in ("whitespace", "comment")]
            if len(strings) != 1 or strings[0].type != "string":
                return None
            url = strings[0].value
        elif _names_a_url(token):
            return None
        if url is None:
            out.append(token.serialize())
            continue
        local = resource(url)
        if local is None:
            return None
        out.append(f"url({serialize_url(local)})")
    return "".join(out)


def _names_a_url(token: Any) -> bool:
    """A URL or a function that takes one, at any depth of a CSS value."""
    if token.type == "url" or (token.type == "function" and token.lower_name
                                in URL_FUNCTIONS | FETCHING_FUNCTIONS):
        return True
    inner = token.arguments if token.type == "function" else getattr(token, "content", None)
    return any(_names_a_url(t) for t in inner or [])


# ---------------------------------------------------------------------------------------------
# The whole document


def report_html(report: Report, pages: list[ExportedPage], site: Site) -> str:
    """The print document: cover, about, contents, the pages, references."""
    exported = {urljoin("/", p.url): page_anchor(p.src) for p in pages}
    body = lxml_html.Element("main")
    keys: list[str] = []
    for page in pages:
        converter = _Section(page, report, site, exported)
        body.append(converter.convert())
        keys += [k for k in converter.keys if k not in keys]
    references = _references(report, keys)
    if references is not None:
        body.append(references)
    contents = _contents(body, report.settings.contents_depth)
    settings = report.settings
    head = "".join([
        '<meta charset="utf-8">',
        f"<title>{escape(settings.title)}</title>",
        *(f'<meta name="author" content="{escape(a)}">'
          for a in ([display_name(a) for a in settings.authors]
                    or ([settings.organisation] if settings.organisation else []))),
        _meta("description", settings.subject or settings.subtitle),
        _meta("keywords", ", ".join(settings.keywords)),
        _meta("generator", GENERATOR),
        _meta("dcterms.created", report.edition_date),
        _meta("dcterms.modified", report.edition_date),
        # The stylesheet is the document's own (author origin), so that its `@page cover`
        # outranks the running header set after it.
        f"<style>{STYLESHEET.read_text(encoding='utf-8')}\n{_running_header(report)}</style>",
    ])
    parts = [_cover(report), _about(report), contents,
             lxml_html.tostring(body, encoding="unicode")]
    return (f'<!DOCTYPE html><html lang="{escape(report.lang)}"><head>{head}</head>'
            f"<body>{''.join(parts)}</body></html>")


def _meta(name: str, content: str) -> str:
    return f'<meta name="{name}" content="{escape(content)}">' if content else ""


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _running_header(report: Report) -> str:
    return (f"@page {{ @top-left {{ content: {_css_string(report.settings.short_title)} }} "
            f"@top-right {{ content: {_css_string(report.edition_label)} }} }}\n"
            "@page cover { @top-left { content: none } @top-right { content: none } }")


def _cover(report: Report) -> str:
    s = report.settings
    lines = []
    if s.series:
        lines.append(f'<p class="series">{escape(s.series)}</p>')
    lines.append(f'<p class="title">{escape(s.title)}</p>')
    if s.subtitle:
        lines.append(f'<p class="subtitle">{escape(s.subtitle)}</p>')
    lines.append(f'<p class="edition">{escape(report.edition_label)}</p>')
    if s.authors:
        names = ", ".join(display_name(a) for a in s.authors)
        lines.append(f'<p class="authors">{escape(names)}</p>')
    if s.organisation:
        where = f", {s.place}" if s.place else ""
        lines.append(f'<p class="organisation">{escape(s.organisation + where)}</p>')
    return f'<section class="cover">{"".join(lines)}</section>'


def display_name(author: str) -> str:
    """'Family, Given' → 'Given Family'; an organisation's name stays as it is."""
    family, comma, given = author.partition(",")
    return f"{given.strip()} {family.strip()}" if comma else author


def _about(report: Report) -> str:
    s = report.settings
    parts = ['<section class="about" id="about-this-review">'
             '<h1 class="unnumbered">About this review</h1>']
    for ident, title, text in (("method", "Method", s.method),
                               ("disclaimer", "Disclaimer", s.disclaimer)):
        if text:
            parts.append(f'<h2 class="unnumbered" id="about-{ident}">{title}</h2>'
                         f"{render_markdown(text)}")
    parts.append('<h2 class="unnumbered" id="suggested-citation">Suggested citation</h2>'
                 f'<p class="suggested-citation">{report.citation}</p></section>')
    return "".join(parts)


def _references(report: Report, keys: list[str]) -> HtmlElement | None:
    wanted = set(keys)
    entries = [(k, e) for k, e in report.entries.items() if k in wanted]
    if not entries:
        return None
    rows = "".join(f'<div class="csl-entry" id="ref-{escape(k)}">{e}</div>' for k, e in entries)
    section: HtmlElement = lxml_html.fragment_fromstring(
        f'<section class="references" id="references"><h1 class="unnumbered">'
        f'{escape(report.references_heading)}</h1><div class="csl-bib-body">{rows}</div>'
        "</section>")
    _keep_printable(section, lambda _: None)  # entries come from bibliography.bib
    return section


def _contents(body: HtmlElement, depth: int) -> str:
    items = []
    for n, heading in enumerate(body.iter(*HEADINGS[:depth])):
        if not heading.get("id"):
            heading.set("id", f"heading-{n}")
        level = str(heading.tag)[1]
        numbered = "" if "unnumbered" in _classes(heading) else " numbered"
        text = escape(re.sub(r"\s+", " ", heading.text_content()).strip())
        items.append(f'<li class="toc-l{level}{numbered}"><a href="#{escape(heading.get("id"))}">'
                     f"{text}</a></li>")
    return ('<nav class="contents" id="contents"><h1 class="unnumbered">Contents</h1>'
            f'<ul>{"".join(items)}</ul></nav>')


# ---------------------------------------------------------------------------------------------
# Layout and file


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int
    warnings: list[str]


def render_pdf(document: str, identifier: str, docs_dir: str | Path = ".",
               progress: Progress | None = None) -> RenderedPdf:
    """Lay the document out with WeasyPrint and return the PDF.

    The document names the docs folder DOCS_URL; only its files, the package's assets
    (ASSETS_URL) and `data:` URLs are read (`pdf_fetch`)."""
    say = progress or (lambda _: None)
    try:
        import weasyprint

        from .pdf_fetch import LocalFetcher
    except OSError as exc:  # Pango or its friends are not installed
        raise PdfError(f"WeasyPrint cannot load its system libraries ({exc}): run "
                       "scripts/install-system-deps pdf (it installs every library WeasyPrint "
                       "loads: Pango, HarfBuzz, fontconfig)") from None
    warnings: list[str] = []
    fetcher = LocalFetcher({DOCS_URL: Path(docs_dir), ASSETS_URL: PACKAGE_ASSETS})
    with _weasyprint_log(say, warnings):
        for attempt in range(1, MAX_PASSES + 1):
            rendered = weasyprint.HTML(string=document, base_url=DOCS_URL,
                                       url_fetcher=fetcher).render()
            late = _misplaced_notes(rendered)
            if not late:
                break
            if attempt == MAX_PASSES:
                warnings.append(f"{plural(len(late), 'footnote')} not on the page of its call "
                                f"after {MAX_PASSES} passes: {', '.join(late)}")
                break
            # WeasyPrint may leave a call on a page whose foot has no room for its note
            # (its issue #2502 and kin): that call's paragraph starts the next page instead.
            calls = re.findall(r'id="([^"]*--fncall-\d+)"', document)
            say(f"  footnote {calls.index(late[0]) + 1} would fall on a later page than its "
                "call: its paragraph moves to the next page")
            document = _push_to_next_page(document, late[0])
        data = rendered.write_pdf(
            pdf_identifier=hashlib.sha256(identifier.encode()).hexdigest()[:32].encode())
    return RenderedPdf(data, len(rendered.pages), warnings)


def _misplaced_notes(rendered: Any) -> list[str]:
    """Footnotes (their call's marker id) whose note is not on the page of the call."""
    call_page, note_page = {}, {}
    for number, page in enumerate(rendered.pages):
        for anchor in page.anchors:
            if "--fncall-" in anchor:
                call_page[anchor] = number
            elif "--fn-" in anchor:
                note_page[anchor.replace("--fn-", "--fncall-")] = number
    return [call for call, page in call_page.items() if note_page.get(call) != page]


def _push_to_next_page(document: str, call: str) -> str:
    tree = lxml_html.document_fromstring(document)
    found = tree.get_element_by_id(call, None)
    if found is None:
        return document
    block = next((e for e in found.iterancestors() if e.tag in ("p", "li", "tr", "dd", "dt",
                                                                 "blockquote", "div")), None)
    if block is None:
        return document
    block.set("class", " ".join(sorted(_classes(block) | {"next-page"})))
    return "<!DOCTYPE html>" + lxml_html.tostring(tree, encoding="unicode")


class _Relay(logging.Handler):
    def __init__(self, say: Progress, warnings: list[str]) -> None:
        super().__init__(logging.INFO)
        self.say, self.warnings = say, warnings
        self.last = ""

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.name == "weasyprint.progress":
            step = message.split(" - ")[0]
            if step != self.last:  # one line a step, not one a page and pass
                self.say(f"  layout: {message.split(' - Page')[0]}")
            self.last = step
        elif record.levelno >= logging.WARNING:
            self.warnings.append(message)


@contextmanager
def _weasyprint_log(say: Progress, warnings: list[str]) -> Iterator[None]:
    """WeasyPrint's steps as progress lines, its warnings collected for the caller."""
    relay = _Relay(say, warnings)
    loggers = [logging.getLogger("weasyprint.progress"), logging.getLogger("weasyprint")]
    saved = [(lg.level, lg.propagate) for lg in loggers]
    for logger in loggers:
        logger.addHandler(relay)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    try:
        yield
    finally:
        for logger, (level, propagate) in zip(loggers, saved, strict=True):
            logger.removeHandler(relay)
            logger.setLevel(level)
            logger.propagate = propagate


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file whole or not at all: a temporary file beside it, renamed at the end."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def plain(fragment: str) -> str:
    """HTML → text (a suggested citation in a terminal message)."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", fragment))).strip()
