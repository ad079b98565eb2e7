"""The review as a Word document: the PDF's print document, converted by Pandoc.

The same pages as the PDF, assembled the same way (`pdf.assemble.report_html`: the cover,
the licence page, "About this review" with the suggested citation, contents, the numbered
sections, one References section), then made into what Pandoc's DOCX writer understands:

- headings carry the PDF's numbers in their text ("2.1 Title"), counted as pdf.css counts
  them (unnumbered headings are not counted);
- in footnote mode each note (`span.footnote`) becomes a real Word footnote (`docx.lua`);
- page breaks where the PDF breaks pages; the contents a Word contents field;
- tables stay tables; charts and the map (inline SVG) become PNG images rasterised by
  CairoSVG, with their accessible names as the images' descriptions;
- styles come from `reference.docx` (scripts/make-reference-docx.py).

What it reads, as the PDF: every image is resolved by the PDF's `LocalFetcher` (the docs
folder and the package's assets; `data:` URLs) and given to Pandoc as a `data:` URL; CairoSVG
fetches through the same fetcher; Pandoc runs with `--sandbox`, so it reads nothing but its
input, the reference document and the filter, and nothing from the network. The same input
makes the same file (SOURCE_DATE_EPOCH is the edition's date).

No MkDocs import: `adapter/report.py` gathers the pages.
"""

from __future__ import annotations

import base64
import calendar
import copy
import datetime as dt
import os
import re
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement

from ..cite.style import pandoc_path
from ..config import Identity, PdfOptions
from ..errors import PdfError, RefusedResource
from ..render.context import Edition
from .pdf.assemble import (
    ASSETS_URL,
    DOCS_URL,
    HEADINGS,
    PACKAGE_ASSETS,
    ExportedPage,
    Report,
    Site,
    classes,
    report_html,
)
from .pdf.layout import Progress

HERE = Path(__file__).parent
REFERENCE_DOC = HERE / "reference.docx"
FILTER = HERE / "docx.lua"
SCALE = 2
"""Device pixels per CSS pixel of a rasterised chart: sharp on screen and in print."""
MOST_PIXELS = 2 * 643
"""The widest a chart's image is made, in device pixels: twice the text's width in CSS pixels
(about 190 dpi across the page). The map's SVG is 4,080 units wide: at SCALE it made an image
of 8,160 × 9,208 pixels (1.6 MB) that LibreOffice showed cut off."""
BREAK_BEFORE = ("licence", "about", "contents", "chapter", "references")
"""Sections that start a new page, as in pdf.css."""
TEXT_WIDTH = 643
"""Width of the PDF's text in CSS pixels (A4 less 2 × 20 mm), for a chart as wide as the
page: the bar charts give no size of their own but a percentage."""
CHART_WIDTH = {"ev-map": "80%"}
"""Width of a chart's image on the page (the text width unless listed)."""


def docx_from_report(document: str, *, docs_dir: Path, title: str, lang: str,
                     date: dt.date, contents_depth: int = 2,
                     warn: Callable[[str], None] = lambda _: None) -> bytes:
    """The Word document of a print document made by `report_html`."""
    fetcher = _fetcher(docs_dir)
    tree = lxml_html.document_fromstring(document)
    for style in tree.iter("style"):
        style.drop_tree()
    body = tree.body
    if body is None:
        raise PdfError("the report document has no body")
    for main in body.iter("main"):  # Pandoc would read that element alone
        main.tag = "div"
    metadata = _cover(body)
    _page_breaks(body)
    _contents(body, contents_depth)
    _number_headings(body)
    for call in _with_class(body, "span", "fn-call"):
        call.drop_tag()
    for paragraph in _with_class(body, "p", "suggested-citation"):
        _styled(paragraph, "Suggested Citation")
    for section in _with_class(body, "section", "licence"):
        for paragraph in list(section.iter("p")):
            _styled(paragraph, "Licence")
    for entry in _with_class(body, "div", "csl-entry"):
        entry.set("data-custom-style", "Bibliography")
    for box in _with_class(body, "div", "key-findings"):
        _key_findings(box)
    _images(body, fetcher, warn)
    for figure in list(body.iter("figure")):
        _unwrap_figure(figure)
    for wide in _with_class(body, "div", "landscape"):
        _mark_landscape(wide)
    html = "<!DOCTYPE html>" + lxml_html.tostring(tree, encoding="unicode")
    return _sections(_pandoc(html, title=title, lang=lang, date=date, metadata=metadata))


# ---------------------------------------------------------------------------------------------
# The document made Pandoc's


def _with_class(root: HtmlElement, tag: str, name: str) -> list[HtmlElement]:
    return [e for e in root.iter(tag) if name in classes(e)]


def _styled(element: HtmlElement, style: str) -> None:
    """Wrap a paragraph in a div whose paragraphs get a style of reference.docx."""
    wrapper = lxml_html.Element("div")
    wrapper.set("data-custom-style", style)
    element.addprevious(wrapper)
    wrapper.append(element)  # (moves it, with its tail)
    wrapper.tail, element.tail = element.tail, None


def _cover(body: HtmlElement) -> dict[str, list[str]]:
    """The cover's title, subtitle, authors and edition, as Pandoc's title block (Word's
    Title, Subtitle, Author and Date paragraphs, and the file's properties); its other lines
    in the cover's styles."""
    metadata: dict[str, list[str]] = {}
    for section in _with_class(body, "section", "cover"):
        for paragraph in list(section.iter("p")):
            kind = (paragraph.get("class") or "").split()
            text = re.sub(r"\s+", " ", paragraph.text_content()).strip()
            if kind and kind[0] in ("title", "subtitle", "authors", "edition"):
                key = {"authors": "author", "edition": "date"}.get(kind[0], kind[0])
                metadata[key] = [text]
                paragraph.drop_tree()
            else:
                _styled(paragraph, "Cover Series" if kind == ["series"] else "Cover Line")
    return metadata


def _page_breaks(body: HtmlElement) -> None:
    for element in body.iter("section", "nav"):
        if classes(element) & set(BREAK_BEFORE):
            mark = lxml_html.Element("div")
            mark.set("class", "page-break")
            element.addprevious(mark)


def _contents(body: HtmlElement, depth: int) -> None:
    """The PDF's list of contents (its page numbers are the PDF's) → Word's contents field."""
    for nav in _with_class(body, "nav", "contents"):
        for listing in nav.iter("ul"):
            field = lxml_html.Element("div")
            field.set("class", "word-contents")
            field.set("data-depth", str(depth))
            listing.getparent().replace(listing, field)  # type: ignore[union-attr]
            break


def _number_headings(body: HtmlElement) -> None:
    """Each numbered heading's number in its text, counted as pdf.css counts them."""
    counters = [0, 0, 0]
    for heading in body.iter(*HEADINGS[:3]):
        if "unnumbered" in classes(heading):
            heading.set("class", " ".join(sorted(classes(heading))))
            continue
        level = int(str(heading.tag)[1])
        counters[level - 1] += 1
        counters[level:] = [0] * (3 - level)
        number = ".".join(str(n) for n in counters[:level])
        heading.text = f"{number} {heading.text or ''}"


def _key_findings(box: HtmlElement) -> None:
    """The key-findings box: its title and paragraphs (and list items) in its styles."""
    title = next((e for e in box.iter() if "admonition-title" in classes(e)), None)
    for element in list(box.iter("p", "li")):
        if element is title:
            _styled(element, "Key Findings Title")
        elif element.tag == "p" and element.getparent() is not None and \
                element.getparent().tag != "li":  # type: ignore[union-attr]
            _styled(element, "Key Findings")
    box.set("data-custom-style", "Key Findings")


# ---------------------------------------------------------------------------------------------
# Images: every one a data URL, charts rasterised


def _fetcher(docs_dir: Path) -> Any:
    from .pdf.fetch import LocalFetcher

    return LocalFetcher({DOCS_URL: docs_dir, ASSETS_URL: PACKAGE_ASSETS})


def _images(body: HtmlElement, fetcher: Any, warn: Callable[[str], None]) -> None:
    for svg in [e for e in body.iter() if _local(e) == "svg"]:
        if any(_local(a) == "svg" for a in svg.iterancestors()):
            continue
        _replace_svg(svg, fetcher, warn)
    for image in list(body.iter("img")):
        src = image.get("src") or ""
        try:
            data, kind = _read(fetcher, src)
        except RefusedResource as exc:
            warn(f"image left out of the Word document: {exc}")
            _text_instead(image)
            continue
        if kind == "image/svg+xml":
            data, kind = _rasterise(data, fetcher), "image/png"
        image.set("src", _data_url(data, kind))


def _unwrap_figure(figure: HtmlElement) -> None:
    """A figure of more than its image (the map: its legend, the places it does not draw) →
    its image, then the rest, then its caption in Word's Image Caption style. Pandoc makes
    such a figure a table of one cell, which LibreOffice and Word cut to the cell's width."""
    caption = next((c for c in figure if c.tag == "figcaption"), None)
    parts = [c for c in figure if c.tag != "figcaption"]
    if len(parts) <= 1:
        return  # an image and its caption: Word's own figure
    images = [c for c in parts if c.tag == "p" and c.find("img") is not None]
    wrapper = lxml_html.Element("div")
    for child in images + [c for c in parts if c not in images]:
        wrapper.append(child)
    if caption is not None:
        paragraph = lxml_html.Element("p")
        paragraph.text = caption.text
        for child in caption:
            paragraph.append(child)
        styled = lxml_html.Element("div")
        styled.set("data-custom-style", "Image Caption")
        styled.append(paragraph)
        wrapper.append(styled)
    wrapper.tail = figure.tail
    figure.getparent().replace(figure, wrapper)  # type: ignore[union-attr]


UPRIGHT_ENDS, LANDSCAPE_ENDS = "Evidence Upright Section End", "Evidence Landscape Section End"
"""Styles of the paragraphs where a section of upright pages and one of landscape pages end
(`_mark_landscape`); `_sections` turns them into Word's section breaks."""
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _mark_landscape(wide: HtmlElement) -> None:
    """A wide table set on landscape pages in the PDF (assemble._landscape) gets a section of
    landscape pages in Word too: a marked paragraph before it and one after it."""
    for style, where in ((UPRIGHT_ENDS, wide.addprevious), (LANDSCAPE_ENDS, wide.addnext)):
        marker = lxml_html.Element("div")
        marker.set("data-custom-style", style)
        paragraph = lxml_html.Element("p")
        paragraph.text = "\u00a0"  # Pandoc drops an empty paragraph
        marker.append(paragraph)
        if where == wide.addnext:
            marker.tail, wide.tail = wide.tail, None
        where(marker)


def _sections(docx: bytes) -> bytes:
    """The marked paragraphs of `_mark_landscape` → section breaks: each ends its section with
    a copy of the document's own section properties (so the footer, page size and margins are
    the same), turned sideways for a landscape section. Footnotes are numbered on across
    sections. The parts are written back in their order, with their dates."""
    import zipfile
    from io import BytesIO

    with zipfile.ZipFile(BytesIO(docx)) as source:
        infos = source.infolist()
        data = {info.filename: source.read(info) for info in infos}
    root = etree.fromstring(data["word/document.xml"],
                            etree.XMLParser(resolve_entities=False, no_network=True))
    body = root.find(f"{{{W}}}body")
    final = body.find(f"{{{W}}}sectPr") if body is not None else None
    if body is None or final is None:
        return docx
    ids = {_style_id(data, name): name for name in (UPRIGHT_ENDS, LANDSCAPE_ENDS)}
    breaks = 0
    for paragraph in body.iter(f"{{{W}}}p"):
        style = paragraph.find(f"{{{W}}}pPr/{{{W}}}pStyle")
        name = ids.get(style.get(f"{{{W}}}val", "")) if style is not None else None
        if name is None:
            continue
        for child in list(paragraph):
            paragraph.remove(child)
        properties = etree.SubElement(paragraph, f"{{{W}}}pPr")
        section = copy.deepcopy(final)
        if name == LANDSCAPE_ENDS:
            size = section.find(f"{{{W}}}pgSz")
            if size is not None:
                width, height = size.get(f"{{{W}}}w"), size.get(f"{{{W}}}h")
                size.set(f"{{{W}}}w", height or "16838")
                size.set(f"{{{W}}}h", width or "11906")
                size.set(f"{{{W}}}orient", "landscape")
        properties.append(section)
        breaks += 1
    if not breaks:
        return docx
    for section in root.iter(f"{{{W}}}sectPr"):
        restart = section.find(f"{{{W}}}footnotePr/{{{W}}}numRestart")
        if restart is not None:
            restart.set(f"{{{W}}}val", "continuous")
    data["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                               standalone=True)
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in infos:
            target.writestr(info, data[info.filename])
    return out.getvalue()


def _style_id(data: dict[str, bytes], name: str) -> str:
    """The id Pandoc gave a custom paragraph style (its name without spaces)."""
    found = re.search(rb'<w:style [^>]*w:styleId="([^"]+)"[^>]*>\s*<w:name w:val="'
                      + re.escape(name.encode()) + rb'"', data.get("word/styles.xml", b""))
    return found.group(1).decode() if found else name.replace(" ", "")


def _local(element: Any) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.rsplit("}", 1)[-1].lower()


def _read(fetcher: Any, url: str) -> tuple[bytes, str]:
    response = fetcher.fetch(url)
    try:
        return bytes(response.read()), str(response.content_type or "application/octet-stream")
    finally:
        response.close()


def _replace_svg(svg: HtmlElement, fetcher: Any, warn: Callable[[str], None]) -> None:
    """An inline SVG (a chart, the map, a legend's swatch) → a PNG image described by the
    SVG's accessible name."""
    figure = next((a for a in svg.iterancestors() if a.tag == "figure"), None)
    alt = svg.get("aria-label") or ""
    if not alt:
        title = next((e for e in svg if _local(e) == "title"), None)
        alt = title.text_content() if title is not None else ""
    box = (svg.get("viewBox") or svg.get("viewbox") or "").replace(",", " ").split()
    for name, size in (("width", box[2:3]), ("height", box[3:4])):
        given = svg.get(name) or ""
        if size and not re.fullmatch(r"[\d.]+(px)?", given):  # '100%', or none: the box's
            svg.set(name, size[0])
        elif not size and given.endswith("%"):  # as wide as the PDF's text
            svg.set(name, f"{TEXT_WIDTH * float(given[:-1] or 100) / 100:.0f}")
    source = etree.tostring(svg, encoding="unicode", with_tail=False)
    if "xmlns=" not in source.split(">", 1)[0]:
        source = source.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
    try:
        png = _rasterise(source.encode(), fetcher)
    except Exception as exc:  # a chart that does not rasterise: its name
        warn(f"a chart could not be made an image ({exc}): its name stands in its place")
        _text_instead(svg, alt)
        return
    image = lxml_html.Element("img")
    image.set("src", _data_url(png, "image/png"))
    image.set("alt", alt)
    swatch = "ev-swatch" in classes(svg) or any(
        "ev-legend" in classes(a) for a in svg.iterancestors())
    if swatch:
        image.set("style", "width: 0.4cm")
    else:
        width = next((w for c, w in CHART_WIDTH.items()
                      if figure is not None and c in classes(figure)), "100%")
        image.set("style", f"width: {width}")
    image.tail = svg.tail
    svg.getparent().replace(svg, image)  # type: ignore[union-attr]
    if not swatch:  # a block image: a paragraph of its own
        paragraph = lxml_html.Element("p")
        image.addprevious(paragraph)
        paragraph.append(image)
        paragraph.tail, image.tail = image.tail, None


def _rasterise(svg: bytes, fetcher: Any) -> bytes:
    from cairosvg.surface import PNGSurface  # type: ignore[import-untyped]

    def fetch(url: str, resource_type: str | None = None) -> bytes:
        return _read(fetcher, url)[0]  # RefusedResource for anything but the docs' files

    tree = etree.fromstring(svg, etree.XMLParser(resolve_entities=False, no_network=True))
    given = re.fullmatch(r"(\d+(?:\.\d+)?)(?:px)?", tree.get("width") or "")
    width = float(given.group(1)) if given else 0.0
    if width * SCALE > MOST_PIXELS:
        png: bytes = PNGSurface.convert(bytestring=svg, output_width=MOST_PIXELS,
                                        url_fetcher=fetch, unsafe=False)
    else:
        png = PNGSurface.convert(bytestring=svg, scale=SCALE, url_fetcher=fetch, unsafe=False)
    return png


def _text_instead(element: HtmlElement, text: str | None = None) -> None:
    span = lxml_html.Element("span")
    span.text = text if text is not None else element.get("alt") or ""
    span.tail = element.tail
    element.getparent().replace(element, span)  # type: ignore[union-attr]


def _data_url(data: bytes, kind: str) -> str:
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


# ---------------------------------------------------------------------------------------------
# Pandoc


def _pandoc(html: str, *, title: str, lang: str, date: dt.date,
            metadata: dict[str, list[str]]) -> bytes:
    meta = {"title": [title], **metadata, "lang": [lang]}
    args = [f"--metadata={key}:{value}" for key, values in meta.items() for value in values]
    epoch = calendar.timegm(date.timetuple())
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    with tempfile.TemporaryDirectory(prefix="evidence-docx-") as folder:
        source, target = Path(folder) / "report.html", Path(folder) / "report.docx"
        source.write_text(html, encoding="utf-8")
        result = subprocess.run(
            [pandoc_path(), "--sandbox", "--from", "html", "--to", "docx",
             "--reference-doc", str(REFERENCE_DOC), "--lua-filter", str(FILTER), *args,
             "--output", str(target), str(source)],
            stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env, cwd=folder,
            check=False)
        if result.returncode != 0:
            raise PdfError(f"Pandoc could not write the Word document:\n{result.stderr}")
        return target.read_bytes()


def make_docx(pages: list[ExportedPage], *, settings: PdfOptions, edition: Edition,
              citation: str, entries: dict[str, str], mode: str, references_heading: str,
              locale: str, site: Site, base_url: str, progress: Progress,
              warn: Callable[[str], None], identity: Identity) -> bytes:
    """The Word document of the exported pages: the arguments of `pdf.report.make_report`."""
    report = Report(settings, edition.label, edition.date.isoformat(), citation, entries, mode,
                    references_heading, locale, identity)
    progress(f"assembling the report: {', '.join(settings.pages)}")
    document = report_html(report, pages, site)
    progress("converting it with Pandoc")
    return docx_from_report(document, docs_dir=Path(base_url), title=settings.title,
                            lang=locale, date=edition.date,
                            contents_depth=settings.contents_depth, warn=warn)
