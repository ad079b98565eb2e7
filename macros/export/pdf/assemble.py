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
  reading no file outside the docs folder (`fetch.py`).

No MkDocs import: the MkDocs side (`adapter/report.py`, the plugin) gathers the pages.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

from lxml import html as lxml_html
from lxml.html import HtmlElement

from ...config import Identity
from ...config import PdfOptions as PdfSettings
from ...render.markup import escape, render_markdown
from ...render.text import _
from .citation import sentence_start
from .printable import keep_printable

STYLESHEET = Path(__file__).with_name("pdf.css")
PACKAGE_ASSETS = Path(__file__).parents[2] / "search" / "assets"
"""Besides the docs folder, the only folder whose files the report may read: the package's
own assets."""
DOCS_URL = "file:///evidence/docs/"
"""What the document calls the docs folder (its base URL), wherever the project is: WeasyPrint
names an image in the PDF after its URL, and the same tree makes the same PDF (`fetch.py`)."""
ASSETS_URL = "file:///evidence/assets/"
"""What it calls PACKAGE_ASSETS."""
GENERATOR = "lac-migration-evidence (WeasyPrint)"
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
WIDE_COLUMNS = 6
"""A table with more columns is set smaller, with column widths of its own (`_fit_columns`)."""
LONG_WORD, LONG_CELL = 16, 40
WIDE_ROOM = 189
"""Characters of a wide table's text (7 pt) across the text width of a landscape A4 page,
where a wide table is set (`_landscape`): 257 mm, against 170 mm for 125 characters upright."""


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
    report reads it from the docs folder (`fetch.py`)."""


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
    identity: Identity = field(default_factory=Identity)
    """Who made the review and under what licence, with the site's addresses filled in
    (`citation.published_identity`)."""


# ---------------------------------------------------------------------------------------------
# One page of the site → one section of the report


def classes(element: HtmlElement) -> set[str]:
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
        keep_printable(root, self.resource)
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
                _landscape(table)
        _svg_titles(root)
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
                if "ev-footnote-back" in classes(child):
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
        # Where it is read (`fetch.py`), a symlink that leaves the docs folder is refused,
        # with a warning.
        return DOCS_URL + quote(path)


def _svg_titles(root: HtmlElement) -> None:
    """A chart's or the map's accessible name (`aria-label`) as its SVG's own <title>, which
    the tagged PDF gives its figure as alternative text."""
    for svg in root.iter("svg"):
        label = svg.get("aria-label")
        first = svg[0] if len(svg) else None
        if label and (first is None or first.tag != "title"):
            title = lxml_html.Element("title")
            title.text = label
            svg.insert(0, title)
            title.tail, svg.text = svg.text, None


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
    table.set("class", " ".join(sorted(classes(table) | {"wide"})))


def _landscape(table: HtmlElement) -> None:
    """Set a wide table on a page of its own turned sideways (the CSS named page `landscape`),
    with the heading just before it and the notes just after it (`p.ev-table-note`), so that
    neither is left alone on the upright page."""
    block = table
    parent = block.getparent()
    if parent is not None and "ev-scroll" in classes(parent) and len(parent) == 1:
        block = parent
    holder = block.getparent()
    if holder is None:
        return
    wrapper = lxml_html.Element("div")
    wrapper.set("class", "landscape")
    before = block.getprevious()
    heading = before if before is not None and before.tag in HEADINGS else None
    notes = []
    after = block.getnext()
    while after is not None and after.tag == "p" and "ev-table-note" in classes(after):
        notes.append(after)
        after = after.getnext()
    block.addprevious(wrapper)
    if heading is not None:
        wrapper.append(heading)  # moves it, with its tail
    wrapper.append(block)
    for note in notes:
        wrapper.append(note)
    # What followed the last moved element in the text (its tail) stays where it was.
    last = wrapper[-1]
    wrapper.tail, last.tail = last.tail, None


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
# The whole document


def _short_notes(body: HtmlElement, entries: dict[str, str]) -> None:
    """A source's first footnote gives its whole reference; its later ones a short form, as
    footnote referencing does (Cite Them Right: "subsequent citations ... a shortened form"):
    the author, the year and the title as the reference gives them, then the locator. Every
    note still links to the full entry in the references."""
    seen: set[str] = set()
    for note in _with_class(body, "span", "footnote"):
        for ref in _with_class(note, "span", "ev-note-ref"):
            key = str(ref.get("data-key") or "")
            if key not in seen or key not in entries:
                seen.add(key)
                continue
            full = lxml_html.fragment_fromstring(entries[key], create_parent="span")
            written = " ".join(ref.text_content().split())
            entry = " ".join(full.text_content().split()).rstrip(".")
            if not written.startswith(entry):
                continue  # not the entry as the style wrote it: left whole
            locator = written[len(entry):].strip()  # ", sec. 3.2." or "."
            short = _shortened(full)
            if short is None:
                continue
            for child in list(ref):
                ref.remove(child)
            ref.text = short.text
            for child in short:
                ref.append(child)
            last = ref[-1] if len(ref) else None
            ending = locator if locator.startswith(",") else "."
            if last is not None:
                last.tail = (last.tail or "").rstrip(" .") + ending
            else:
                ref.text = (ref.text or "").rstrip(" .") + ending


def _shortened(entry: HtmlElement) -> HtmlElement | None:
    """A reference cut after its title: 'Author (Year) <em>Title</em>' (the first emphasis,
    which the style gives the title of a book or report), or after its first sentence past
    the year ('Author (Year) Title.'); None when neither is found."""
    short = copy.deepcopy(entry)
    title = next(iter(short.iter("em", "i")), None)
    if title is not None and title.getparent() is short:
        for after in list(title.itersiblings()):
            short.remove(after)
        title.tail = None
        return short
    text = short.text or ""
    year = re.search(r"\)\s", text)
    end = text.find(". ", year.end()) if year else -1
    if len(short) or end < 0:
        return None
    short.text = text[:end]
    return short


def report_html(report: Report, pages: list[ExportedPage], site: Site) -> str:
    """The print document: cover, about, contents, the pages, references."""
    exported = {urljoin("/", p.url): page_anchor(p.src) for p in pages}
    body = lxml_html.Element("main")
    keys: list[str] = []
    for page in pages:
        converter = _Section(page, report, site, exported)
        body.append(converter.convert())
        keys += [k for k in converter.keys if k not in keys]
    if report.mode == "footnotes":
        _short_notes(body, report.entries)
    references = _references(report, keys)
    if references is not None:
        body.append(references)
    contents = _contents(body, report.settings.contents_depth)
    settings = report.settings
    head = "".join([
        '<meta charset="utf-8">',
        f"<title>{escape(settings.title)}</title>",
        _meta("author", ", ".join(author_names(report.identity))),
        _meta("description", settings.subject or settings.subtitle),
        _meta("keywords", ", ".join(settings.keywords)),
        _meta("generator", GENERATOR),
        _meta("dcterms.created", report.edition_date),
        _meta("dcterms.modified", report.edition_date),
        # The stylesheet is the document's own (author origin), so that its `@page cover`
        # outranks the running header set after it.
        f"<style>{STYLESHEET.read_text(encoding='utf-8')}\n{_running_header(report)}</style>",
    ])
    parts = [_cover(report), _licence(report), _about(report), contents,
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
    s, who = report.settings, report.identity
    lines = []
    series = series_line(who)
    if series:
        lines.append(f'<p class="series">{escape(series)}</p>')
    lines.append(f'<p class="title">{escape(s.title)}</p>')
    if s.subtitle:
        lines.append(f'<p class="subtitle">{escape(s.subtitle)}</p>')
    lines.append(f'<p class="edition">{escape(report.edition_label)}</p>')
    names = [display_name(a) for a in who.authors]  # else the organisation's line says it
    if names:
        lines.append(f'<p class="authors">{escape(", ".join(names))}</p>')
    if who.organisation:
        where = f", {who.place}" if who.place else ""
        lines.append(f'<p class="organisation">{escape(who.organisation + where)}</p>')
    if who.funder:
        funder = _("Prepared for {funder}").format(funder=who.funder)
        lines.append(f'<p class="funder">{escape(funder)}</p>')
    if who.site:
        lines.append(f'<p class="address">{_link(who.site)}</p>')
    return f'<section class="cover">{"".join(lines)}</section>'


def series_line(identity: Identity) -> str:
    """The cover's series line: 'K4DD Helpdesk Report no. 7', or what of it is set."""
    if identity.series and identity.report_number:
        return _("{series} no. {number}").format(series=identity.series,
                                                   number=identity.report_number)
    if identity.report_number:
        return _("Report no. {number}").format(number=identity.report_number)
    return identity.series


def author_names(identity: Identity) -> list[str]:
    """The authors as the cover names them ('Ann Author'), else the organisation."""
    if identity.authors:
        return [display_name(a) for a in identity.authors]
    return [identity.organisation] if identity.organisation else []


def display_name(author: str) -> str:
    """'Family, Given' → 'Given Family'; a collective name starts with a capital."""
    family, comma, given = author.partition(",")
    return f"{given.strip()} {family.strip()}" if comma else sentence_start(author)


def _link(url: str) -> str:
    return f'<a href="{escape(url)}">{escape(url)}</a>'


def _licence(report: Report) -> str:
    """The page behind the cover: the licence and its notice, and where the review lives."""
    who = report.identity
    licence = _("This report is published under the {name} licence ({spdx}).").format(
        name=escape(who.licence_name), spdx=escape(who.licence))
    heading = _("Licence")
    parts = ['<section class="licence" id="licence">'
             f'<h1 class="unnumbered">{heading}</h1><p>{licence}</p>']
    if who.licence_notice:
        parts.append(f'<div class="licence-notice">{render_markdown(who.licence_notice)}</div>')
    places = [(_("Licence text"), _link(who.licence_url)),
              (_("Read online"), _link(who.site) if who.site else ""),
              (_("Repository"), _link(who.repository) if who.repository else ""),
              ("DOI", _link(f"https://doi.org/{who.doi}") if who.doi else "")]
    rows = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in places if value)
    if rows:
        parts.append(f'<dl class="addresses">{rows}</dl>')
    parts.append(f'<p class="edition">{escape(report.edition_label)}</p></section>')
    return "".join(parts)


def _about(report: Report) -> str:
    s = report.settings
    parts = ['<section class="about" id="about-this-review">'
             f'<h1 class="unnumbered">{_("About this review")}</h1>']
    for ident, title, text in (("method", _("Method"), s.method),
                               ("disclaimer", _("Disclaimer"), s.disclaimer)):
        if text:
            parts.append(f'<h2 class="unnumbered" id="about-{ident}">{title}</h2>'
                         f"{render_markdown(text)}")
    parts.append(f'<h2 class="unnumbered" id="suggested-citation">{_("Suggested citation")}</h2>'
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
    keep_printable(section, lambda _: None)  # entries come from bibliography.bib
    return section


def _contents(body: HtmlElement, depth: int) -> str:
    items = []
    for n, heading in enumerate(body.iter(*HEADINGS[:depth])):
        if not heading.get("id"):
            heading.set("id", f"heading-{n}")
        level = str(heading.tag)[1]
        numbered = "" if "unnumbered" in classes(heading) else " numbered"
        text = escape(re.sub(r"\s+", " ", heading.text_content()).strip())
        items.append(f'<li class="toc-l{level}{numbered}"><a href="#{escape(heading.get("id"))}">'
                     f"{text}</a></li>")
    return (f'<nav class="contents" id="contents"><h1 class="unnumbered">{_("Contents")}</h1>'
            f'<ul>{"".join(items)}</ul></nav>')
