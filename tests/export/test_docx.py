"""The review as a Word document (`evidence docx`), read back with python-docx and as a zip.

The fixture is the PDF's (tests/fixtures/report over tests/fixtures/mini, see test_pdf.py);
expectations come from its Markdown, its mkdocs.yml and the PDF made from the same tree
(headings from the PDF's bookmarks), never from the DOCX code.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest
from docx.oxml.ns import qn
from helpers import evidence_cli, mkdocs_build
from test_pdf import (
    FIGURE,
    FIGURES_PAGE,
    IDENTITY,
    PDF,
    bib_titles,
    cited_keys,
    expected_citations,
    figures_project,
    report_project,
)

pytestmark = [pytest.mark.slow, pytest.mark.weasyprint, pytest.mark.pandoc]

REPORT_DOCS = Path(__file__).parents[1] / "fixtures" / "report" / "docs"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def export_docx(project: Path, out: Path) -> Path:
    result = evidence_cli(project, "docx", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert re.search(rf"^wrote \S+{out.name}: [\d,]+ KB, in [\d.]+ s$", result.stdout, re.M)
    return out


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def headings(document: docx.document.Document) -> list[tuple[int, str]]:
    return [(int(p.style.name.split()[-1]), p.text) for p in document.paragraphs
            if p.style is not None and p.style.name.startswith("Heading ")]


def footnotes(path: Path) -> list[str]:
    """Text of the document's footnotes (Word's separators, ids -1 and 0, left out)."""
    from lxml import etree

    root = etree.fromstring(parts(path)["word/footnotes.xml"])
    return ["".join(n.itertext()) for n in root.iter(f"{W}footnote")
            if int(n.get(f"{W}id")) > 0]


def bookmarks(pdf: Path) -> list[tuple[int, str]]:
    marks: list[tuple[int, str]] = []

    def walk(items: list[object], level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                marks.append((level, str(item.title)))  # type: ignore[attr-defined]

    walk(pypdf.PdfReader(pdf).outline, 1)
    return marks


@pytest.fixture(scope="module")
def footnote_mode(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The fixture in footnote mode: its DOCX and its PDF."""
    tmp = tmp_path_factory.mktemp("docx")
    project = report_project(tmp / "project", "footnotes")
    result = evidence_cli(project, "pdf", "-o", str(tmp / "report.pdf"))
    assert result.returncode == 0, result.stderr
    return export_docx(project, tmp / "report.docx"), tmp / "report.pdf"


def test_headings_are_the_pdfs_numbered_the_same(footnote_mode: tuple[Path, Path]) -> None:
    path, pdf = footnote_mode
    assert headings(docx.Document(str(path))) == bookmarks(pdf)


def test_citations_are_word_footnotes_as_many_as_the_pdfs(
        footnote_mode: tuple[Path, Path]) -> None:
    path, _ = footnote_mode
    notes = footnotes(path)
    citations = expected_citations()
    assert len(notes) == len(citations) == 32
    for note, (_, locator) in zip(notes, citations, strict=True):
        assert f"p. {locator}" in note  # each note is its citation, in order


def test_references_list_every_cited_key(footnote_mode: tuple[Path, Path]) -> None:
    document = docx.Document(str(footnote_mode[0]))
    entries = " ".join(p.text for p in document.paragraphs
                       if p.style is not None and p.style.name == "Bibliography")
    titles = bib_titles()
    assert all(titles[key] in entries for key in cited_keys())
    assert not [k for k in set(titles) - cited_keys() if titles[k] in entries]


def test_cover_licence_and_suggested_citation(footnote_mode: tuple[Path, Path]) -> None:
    document = docx.Document(str(footnote_mode[0]))
    styled = [(p.style.name if p.style is not None else "", p.text)
              for p in document.paragraphs]
    assert styled[:3] == [("Title", PDF["title"]), ("Subtitle", PDF["subtitle"]),
                          ("Author", "Ann Author, Ben Writer")]
    lines = [text for style, text in styled if style.startswith("Cover ")]
    assert lines[:3] == [f"{IDENTITY['series']} no. {IDENTITY['report_number']}",
                         f"{IDENTITY['organisation']}, {IDENTITY['place']}",
                         f"Prepared for {IDENTITY['funder']}"]
    licence = " ".join(text for style, text in styled if style == "Licence")
    assert "Creative Commons Attribution 4.0 International licence (CC-BY-4.0)" in licence
    [citation] = [text for style, text in styled if style == "Suggested Citation"]
    assert citation.startswith("Author, A. and Writer, B. (2026)")
    assert document.core_properties.title == PDF["title"]


def test_tables_are_word_tables(footnote_mode: tuple[Path, Path]) -> None:
    document = docx.Document(str(footnote_mode[0]))
    # tables.md: the record counts (a macro's table), the wide table and the long one.
    assert len(document.tables) == 3
    long_table = document.tables[2]
    assert [c.text for c in long_table.rows[0].cells] == ["Row", "Country code", "Indicator",
                                                          "Value"]
    assert len(long_table.rows) == 1 + 90


def test_the_wide_table_has_landscape_pages_as_in_the_pdf(footnote_mode: tuple[Path, Path]
                                                          ) -> None:
    """tables.md's table of eleven columns is set on landscape pages in the PDF; in Word it
    is a section of landscape pages between two upright ones, each with the page-number footer,
    and footnotes numbered on across the sections."""
    from docx.enum.section import WD_ORIENT

    document = docx.Document(str(footnote_mode[0]))
    sections = list(document.sections)
    assert [s.orientation for s in sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE,
                                                  WD_ORIENT.PORTRAIT]
    upright, wide, _ = sections
    assert (wide.page_width, wide.page_height) == (upright.page_height, upright.page_width)
    assert all(not s.footer.is_linked_to_previous and "PAGE" in s.footer._element.xml
               for s in sections)
    body = document.element.body
    order = list(body.iterchildren())
    breaks = [i for i, child in enumerate(order)
              if child.find(".//" + qn("w:sectPr")) is not None]
    tables = [i for i, child in enumerate(order) if child.tag == qn("w:tbl")]
    wide_table = next(i for i in tables if len(document.tables[tables.index(i)].columns) == 11)
    assert breaks[0] < wide_table < breaks[1]
    assert [t for t in tables if breaks[0] < t < breaks[1]] == [wide_table]
    restarts = {r.get(qn("w:val")) for r in body.iter(qn("w:numRestart"))}
    assert restarts <= {"continuous"}


def test_images_and_charts_become_pictures_with_their_names(tmp_path: Path) -> None:
    project = figures_project(tmp_path / "project")
    path = export_docx(project, tmp_path / "figures.docx")
    document = docx.Document(str(path))
    shapes = list(document.inline_shapes)
    # The page's image (120 × 60 px) and the chart of activities by country.
    assert len(shapes) == 2
    descriptions = [s._inline.docPr.get("descr") for s in shapes]
    assert descriptions[0] == "A figure"
    assert descriptions[1]  # the chart's accessible name
    media = [name for name in parts(path) if name.startswith("word/media/")]
    assert len(media) == 2
    from io import BytesIO

    from PIL import Image

    sizes = {Image.open(BytesIO(parts(path)[m])).size for m in media}
    assert FIGURE in sizes


def test_the_map_is_a_picture_with_its_legend_after_it_not_a_table(tmp_path: Path) -> None:
    """The map's figure holds its legend too: it must not become a one-cell table (LibreOffice
    and Word cut the map to the cell), its legend's swatches are pictures, and its caption is
    Word's Image Caption under the map and the legend."""
    project = figures_project(tmp_path / "project", "# Figures\n\n{{ lac_map() }}\n")
    path = export_docx(project, tmp_path / "map.docx")
    document = docx.Document(str(path))
    assert len(document.tables) == 3  # tables.md's three, as without the map
    shapes = list(document.inline_shapes)
    widths = sorted(s.width for s in shapes)
    big = [s for s in shapes if s.width == widths[-1]]
    assert len(big) == 1 and big[0]._inline.docPr.get("descr") == "Activities by country"
    from io import BytesIO

    from PIL import Image

    media = [parts(path)[m] for m in parts(path) if m.startswith("word/media/")]
    assert max(Image.open(BytesIO(m)).size[0] for m in media) <= 2 * 643
    styled = [(p.style.name if p.style is not None else "", p.text) for p in document.paragraphs]
    captions = [i for i, (style, _) in enumerate(styled) if style == "Image Caption"]
    legend = [i for i, (_, text) in enumerate(styled) if text.strip().endswith("activity")]
    assert captions and legend and legend[0] < captions[-1]
    assert len(shapes) >= 1 + 2  # the map and a swatch per legend entry (at least two)


def test_same_input_same_parts(footnote_mode: tuple[Path, Path], tmp_path: Path) -> None:
    project = report_project(tmp_path / "elsewhere" / "copy", "footnotes")
    again = export_docx(project, tmp_path / "again.docx")
    assert parts(again) == parts(footnote_mode[0])


def test_a_hostile_page_reads_nothing_outside_the_docs_folder(tmp_path: Path) -> None:
    marker = "OUTSIDE-" + tmp_path.name.upper()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(b"\x89PNG" + marker.encode())
    svg = outside / "secret.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="30">'
                   f'<text x="0" y="20">{marker}</text></svg>')
    hostile = FIGURES_PAGE + f"""
<img src="{svg.as_uri()}" alt="img file URL">
<img src="../../../outside/secret.svg" alt="img escape">
<img src="https://example.org/remote.png" alt="remote">
<svg width="300" height="30"><image href="{svg.as_uri()}" width="300" height="30"/>
<image href="https://example.org/remote.svg" width="10" height="10"/></svg>

Still there.
"""
    project = figures_project(tmp_path / "project", hostile)
    path = export_docx(project, tmp_path / "hostile.docx")
    for name, data in parts(path).items():
        assert marker.encode() not in data, name
    text = " ".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "Still there." in text


def test_the_site_build_writes_it_when_asked_and_the_review_links_to_it(tmp_path: Path) -> None:
    project = report_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "      pdf:\n", "      docx: {build: true, file: fixture-review.docx}\n      pdf:\n"))
    site = tmp_path / "site"
    built = mkdocs_build(project, "--site-dir", str(site))
    assert built.returncode == 0, built.stderr
    written = site / "fixture-review.docx"
    assert parts(written) == parts(export_docx(project, tmp_path / "cli.docx"))
    html = (site / "review" / "index.html").read_text()
    assert 'href="../fixture-review.docx"' in html
    shutil.rmtree(site)


def test_the_key_findings_box_is_styled_as_one(footnote_mode: tuple[Path, Path]) -> None:
    document = docx.Document(str(footnote_mode[0]))
    styled = [(p.style.name if p.style is not None else "", p.text)
              for p in document.paragraphs]
    start = styled.index(("Key Findings Title", "Key findings"))
    findings = re.findall(r"^    - (KF\d .+)$", (REPORT_DOCS / "review.md").read_text(), re.M)
    assert len(findings) == 2
    assert styled[start + 1:start + 3] == [("Key Findings", f) for f in findings]
