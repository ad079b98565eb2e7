"""The report's print document (before layout): links, headings, notes; the file.

These call the core directly with small pages written here, so each expectation is visible
in the page it comes from.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lxml import html as lxml_html

from macros.config import Identity, PdfOptions
from macros.export.pdf.assemble import DOCS_URL, ExportedPage, Report, Site, report_html
from macros.export.pdf.layout import write_atomically

pytestmark = pytest.mark.weasyprint

ENTRIES = {"a": "Alpha (2020) <em>A</em>.", "b": "Beta (2021) <em>B</em>.",
           "c": "Gamma (2022) <em>C</em>."}


def settings(**changes: object) -> PdfOptions:
    base = {"pages": ("one.md", "two/index.md"), "title": "T", "short_title": "T"}
    return PdfOptions(**{**base, **changes})  # type: ignore[arg-type]


def document(exported: list[ExportedPage], site: Site | None = None,
             mode: str = "author-date", identity: Identity | None = None,
             **changes: object) -> lxml_html.HtmlElement:
    report = Report(settings(**changes), "Edition 1, 1 May 2026", "2026-05-01", "Cite me.",
                    ENTRIES, mode, identity=identity or Identity())
    return lxml_html.document_fromstring(report_html(report, exported, site or Site()))


ONE = ExportedPage("one.md", "one/", "One", (
    '<h1 id="one">One</h1><p>See <a href="../two/#part">part two</a>, '
    '<a href="../two/">two</a>, <a href="#later">later</a>, '
    '<a href="../records/x/">record X</a> and <a href="https://example.org/">the web</a>. '
    'As <a class="ev-cite" href="#ref-a" title="tip">(Alpha, 2020)</a> says.</p>'
    '<h2 id="later">Later<a class="headerlink" href="#later">¶</a></h2>'
    '<h2 id="references">References</h2><div class="ev-references">'
    '<div id="ref-a" class="csl-entry">Alpha</div></div>'))
TWO = ExportedPage("two/index.md", "two/", "Two", (
    '<h2 id="part">Part</h2><p>Back to <a href="../one/#later">one</a>; '
    'from the bibliography: <a href="../bibliography/#ref-c">Gamma</a>.</p>'))


def links(doc: lxml_html.HtmlElement) -> dict[str, str]:
    return {a.text_content(): a.get("href") for a in doc.iter("a")}


def test_links_between_exported_pages_stay_inside_the_report() -> None:
    doc = document([ONE, TWO])
    found = links(doc)
    assert found["part two"] == "#two-index--part"
    assert doc.get_element_by_id("two-index--part").tag == "h2"
    assert found["two"] == "#two-index" and doc.get_element_by_id("two-index").tag == "section"
    assert found["later"] == "#one--later" and doc.get_element_by_id("one--later").tag == "h2"
    assert found["one"] == "#one--later"
    assert found["the web"] == "https://example.org/"


def test_links_to_other_pages_of_the_site_are_absolute_or_plain_text() -> None:
    with_url = links(document([ONE, TWO], Site("https://example.org/review/")))
    assert with_url["record X"] == "https://example.org/review/records/x/"
    without = document([ONE, TWO])
    assert "record X" not in links(without)
    text = " ".join(without.xpath("//main")[0].text_content().split())
    assert "two, later, record X and the web" in text


def test_one_reference_list_for_every_key_cited_in_the_style_order() -> None:
    doc = document([ONE, TWO])
    assert links(doc)["(Alpha, 2020)"] == "#ref-a"
    assert links(doc)["Gamma"] == "#ref-c"  # a link to the site's bibliography
    entries = doc.xpath('//section[@id="references"]//div[@class="csl-entry"]')
    assert [e.get("id") for e in entries] == ["ref-a", "ref-c"]  # b is not cited
    assert [h.text_content() for h in doc.iter("h2")].count("References") == 0
    assert not doc.xpath('//*[contains(@class, "headerlink")]')


def test_footnote_calls_become_notes_at_their_place() -> None:
    page = ExportedPage("one.md", "one/", "One", (
        '<h1>One</h1><p>Said here <sup class="ev-footnote-ref" id="cite-1">'
        '<a href="#note-1">1</a></sup>, and there<sup class="ev-footnote-ref" id="cite-2">'
        '<a href="#note-2">2</a></sup>.</p><h2 id="notes">Notes</h2><ol class="ev-notes">'
        '<li id="note-1"><span class="ev-note-ref" data-key="b">Beta, p. 3.</span> '
        '<a class="ev-footnote-back" href="#cite-1">↩</a></li>'
        '<li id="note-2">see <span class="ev-note-ref" data-key="a">Alpha.</span></li></ol>'))
    doc = document([page], mode="footnotes")
    notes = doc.xpath('//span[@class="footnote"]')
    assert [n.text_content() for n in notes] == ["Beta, p. 3.", "see Alpha."]
    paragraph = notes[0].getparent()
    assert paragraph.text == "Said here"  # the call sits against its word
    assert not doc.xpath('//ol[contains(@class, "ev-notes")]')
    entries = doc.xpath('//section[@id="references"]//div[@class="csl-entry"]/@id')
    assert entries == ["ref-a", "ref-b"]


def test_contents_lists_headings_to_the_chosen_depth() -> None:
    doc = document([ONE, TWO], contents_depth=1)
    items = doc.xpath('//nav[@id="contents"]//a')
    assert [a.text_content() for a in items] == ["One", "Two", "References"]
    # A page without a title heading gets one: the page's title, as the site shows it.
    assert items[1].get("href") == "#" + doc.xpath('//section[@id="two-index"]/h1')[0].get("id")


def test_one_page_review_makes_its_second_level_headings_the_sections() -> None:
    page = ExportedPage("review.md", "review/", "Review", (
        '<h1 id="review">Review</h1><h2 id="summary">Summary</h2><h3 id="s1">Detail</h3>'))
    doc = document([page], page_titles=False, pages=("review.md",))
    headings = [(h.tag, h.text_content()) for h in doc.xpath("//main//*[self::h1 or self::h2]")]
    assert headings == [("h1", "Summary"), ("h2", "Detail")]


def test_wide_tables_get_column_widths_that_add_up_to_the_page() -> None:
    cells = "".join(f"<td>Column{i} text</td>" for i in range(9))
    page = ExportedPage("one.md", "one/", "One", f"<table><tr>{cells}</tr></table>")
    doc = document([page])
    table = doc.xpath("//table")[0]
    assert "wide" in table.get("class")
    widths = [float(c.get("style").split(":")[1].strip(" %")) for c in table.iter("col")]
    assert len(widths) == 9 and abs(sum(widths) - 100) < 0.5


def test_what_prints_stays_when_what_a_page_must_not_read_goes() -> None:
    """The keep side of the clean-up (the refuse side: test_pdf_resources.py): styles without
    URLs, references inside an SVG, the site's own images and data: URLs stay as written."""
    figure = DOCS_URL + "assets/figure.png"  # where the report reads the site's own files
    data = "data:image/png;base64,iVBORw0KGgo="
    page = ExportedPage("one.md", "one/", "One", (
        '<table><tr><td style="text-align: right">1</td></tr></table>'
        '<svg><defs><pattern id="p"></pattern></defs><rect fill="url(#p)"/><use href="#p"/>'
        '</svg><p style="color: red; background: url(file:///etc/hostname)">red</p>'
        f'<p style="background: url(../assets/figure.png) no-repeat">bg</p>'
        f'<img src="../assets/figure.png" alt="figure"><img src="{data}" alt="data">'
        '<img src="https://example.org/x.png" alt="from the web">'
        '<p><a rel="noopener attachment" href="https://example.org/">web</a></p>'))
    doc = document([page], Site(static_files={"assets/figure.png": Path("docs/assets/x.png")}))
    main = doc.xpath("//main")[0]
    assert main.xpath(".//td")[0].get("style") == "text-align: right"
    assert main.xpath(".//rect")[0].get("fill") == "url(#p)"
    assert main.xpath(".//use")[0].get("href") == "#p"
    styles = [p.get("style") for p in main.iter("p") if p.get("style")]
    assert styles == ["color: red", f"background: url({figure}) no-repeat"]
    assert [i.get("src") for i in main.iter("img")] == [figure, data]
    assert "from the web" in main.text_content()  # an image the report does not fetch
    assert links(doc)["web"] == "https://example.org/"
    assert all(a.get("rel") is None for a in main.iter("a"))


def test_a_page_cannot_change_the_report_head_or_its_base_url() -> None:
    """WeasyPrint reads <meta> and <link> anywhere in a document, and <base> moves every
    relative URL: in a page, none of them reaches the report."""
    page = ExportedPage("one.md", "one/", "One", (
        '<meta name="author" content="Forged"><meta name="dcterms.created" content="1999-01-01">'
        '<base href="file:///etc/"><link rel="attachment" href="hostname"><p>Text.</p>'))
    doc = document([page], identity=Identity(authors=("Author, Ann",)))
    assert doc.xpath("//meta[@name='author']/@content") == ["Ann Author"]
    assert doc.xpath("//meta[@name='dcterms.created']/@content") == ["2026-05-01"]
    assert not doc.xpath("//base | //link")
    assert "Text." in doc.xpath("//main")[0].text_content()


# ---------------------------------------------------------------------------------------------
# Cover and licence page: what the identity block sets, and nothing it leaves unset

FULL = Identity(authors=("Author, Ann", "the contributors"), organisation="Institute <I>",
                place="City", funder="Fund & Co", series="Helpdesk report", report_number="7",
                licence="CC-BY-NC-4.0", licence_notice="Quotes keep *their* licences.",
                repository="https://example.org/code", site="https://example.org/site/",
                doi="10.5281/zenodo.1234567")


def part(doc: lxml_html.HtmlElement, css_class: str) -> dict[str, str]:
    """Text of each classed paragraph (and definition) of the cover or the licence page."""
    [section] = doc.xpath(f"//section[@class='{css_class}']")
    found = {str(p.get("class")): p.text_content() for p in section.iter("p") if p.get("class")}
    found.update({dt.text_content(): dt.getnext().text_content() for dt in section.iter("dt")})
    return found


def test_cover_and_licence_page_show_the_identity_block() -> None:
    doc = document([ONE], identity=FULL)
    cover = part(doc, "cover")
    assert cover == {"series": "Helpdesk report no. 7", "title": "T",
                     "edition": "Edition 1, 1 May 2026",
                     "authors": "Ann Author, The contributors",
                     "organisation": "Institute <I>, City", "funder": "Prepared for Fund & Co",
                     "address": "https://example.org/site/"}
    licence = part(doc, "licence")
    assert licence == {"edition": "Edition 1, 1 May 2026",
                       "Licence text": "https://creativecommons.org/licenses/by-nc/4.0/",
                       "Read online": "https://example.org/site/",
                       "Repository": "https://example.org/code",
                       "DOI": "https://doi.org/10.5281/zenodo.1234567"}
    [section] = doc.xpath("//section[@class='licence']")
    text = " ".join(section.text_content().split())
    assert ("This report is published under the Creative Commons Attribution-NonCommercial 4.0 "
            "International licence (CC-BY-NC-4.0).") in text
    assert section.xpath(".//div[@class='licence-notice']//em")[0].text == "their"
    assert doc.xpath("//meta[@name='author']/@content") == ["Ann Author, The contributors"]


def test_what_the_identity_block_leaves_unset_is_not_shown() -> None:
    doc = document([ONE], identity=Identity(licence="CC0-1.0"))
    assert set(part(doc, "cover")) == {"title", "edition"}
    assert set(part(doc, "licence")) == {"edition", "Licence text"}
    [section] = doc.xpath("//section[@class='licence']")
    assert "Creative Commons Zero v1.0 Universal licence (CC0-1.0)" in section.text_content()
    assert not doc.xpath("//meta[@name='author']")
    alone = Identity(report_number="3", organisation="Institute")
    doc = document([ONE], identity=alone)
    assert part(doc, "cover")["series"] == "Report no. 3"
    assert part(doc, "cover")["organisation"] == "Institute" and "authors" not in part(doc, "cover")
    assert doc.xpath("//meta[@name='author']/@content") == ["Institute"]


# ---------------------------------------------------------------------------------------------
# The file


def test_a_failed_write_leaves_the_previous_file_and_no_temporary_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "review.pdf"
    target.write_bytes(b"old")
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new" and os.listdir(tmp_path) == ["review.pdf"]

    def fail(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, b"newer")
    assert target.read_bytes() == b"new" and os.listdir(tmp_path) == ["review.pdf"]
