"""The review as a PDF report, read back with pypdf and poppler's pdftotext and pdffonts.

The fixture project is tests/fixtures/mini with tests/fixtures/report laid over it: three
exported pages with headings at three levels, 32 citations in every Pandoc form (each after a
marker word N01..N32 and with its own locator, p. 101..p. 151), a wide and a long table,
Spanish text and links between pages. Expectations come from those Markdown files and the
`pdf:` block of its mkdocs.yml, read here directly.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pypdf
import pytest
import yaml
from helpers import (
    FIXTURES,
    REPO,
    drawn_images,
    evidence_cli,
    mkdocs_build,
    resolve,
    text_of,
    where,
)

pytestmark = [pytest.mark.slow, pytest.mark.weasyprint]  # PDF exports and site builds

REPORT = FIXTURES / "report"
CONFIG = yaml.safe_load((REPORT / "mkdocs.yml").read_text())
PDF = next(p["evidence"]["pdf"] for p in CONFIG["plugins"] if isinstance(p, dict)
           and "evidence" in p)
IDENTITY = next(p["evidence"]["identity"] for p in CONFIG["plugins"] if isinstance(p, dict)
                and "evidence" in p)
FRONT = [(1, "Licence"), (1, "About this review"), (2, "Method"), (2, "Disclaimer"),
         (2, "Suggested citation"), (1, "Contents")]


# ---------------------------------------------------------------------------------------------
# The fixture, and reading PDFs back


def report_project(root: Path, mode: str = "author-date") -> Path:
    shutil.copytree(FIXTURES / "mini", root)
    shutil.copytree(REPORT, root, dirs_exist_ok=True)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("citation_mode: author-date",
                                                 f"citation_mode: {mode}"))
    return root


def export(project: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return evidence_cli(project, "pdf", "-o", str(out))


@dataclass
class Read:
    path: Path
    pages: list[str]
    """Text of each page (`pdftotext -layout`), first page first."""
    reader: pypdf.PdfReader

    def flat(self, i: int) -> str:
        """Page i (0-based) with its white space run together."""
        return re.sub(r"\s+", " ", self.pages[i])

    def pages_with(self, text: str) -> list[int]:
        return [i for i in range(len(self.pages)) if text in self.flat(i)]


def read(pdf: Path) -> Read:
    reader = pypdf.PdfReader(pdf)
    pages = [subprocess.run(["pdftotext", "-layout", "-f", str(i), "-l", str(i), str(pdf), "-"],
                            capture_output=True, text=True, check=True).stdout
             for i in range(1, len(reader.pages) + 1)]
    return Read(pdf, pages, reader)


@pytest.fixture(scope="module")
def author_date(tmp_path_factory: pytest.TempPathFactory) -> Read:
    tmp = tmp_path_factory.mktemp("author-date")
    project = report_project(tmp / "project")
    result = export(project, tmp / "report.pdf")
    assert result.returncode == 0, result.stderr
    return read(tmp / "report.pdf")


@pytest.fixture(scope="module")
def footnotes(tmp_path_factory: pytest.TempPathFactory) -> Read:
    tmp = tmp_path_factory.mktemp("footnotes")
    project = report_project(tmp / "project", "footnotes")
    result = export(project, tmp / "report.pdf")
    assert result.returncode == 0, result.stderr
    return read(tmp / "report.pdf")


# -- what the fixture's Markdown says ---------------------------------------------------------


def markdown_of(src: str) -> str:
    return (REPORT / "docs" / src).read_text()


def expected_headings(max_level: int = 3) -> list[tuple[int, str, str]]:
    """(level, number, title) of every heading of the exported pages, numbered as a report
    numbers them: each page's title is a chapter."""
    out = []
    counters = [0, 0, 0]
    for src in PDF["pages"]:
        for hashes, title in re.findall(r"^(#{1,3}) (.+)$", markdown_of(src), re.MULTILINE):
            level = len(hashes)
            counters[level - 1] += 1
            counters[level:] = [0] * (3 - level)
            if level <= max_level:
                out.append((level, ".".join(map(str, counters[:level])), title))
    return out


CITATION = re.compile(r"(N\d\d)\s+(?:\[[^\]]*?|@[\w-]+ \[)p\. (\d+)\]")


def expected_citations() -> list[tuple[str, str]]:
    """(marker word, locator) of every citation of the exported pages, in reading order."""
    return [m.groups() for src in PDF["pages"] for m in CITATION.finditer(markdown_of(src))]


def bib_titles() -> dict[str, str]:
    text = (REPORT / "bibliography.bib").read_text()
    return dict(re.findall(r"@\w+\{([\w-]+),.*?title = \{(.+?)\},", text, re.DOTALL))


def cited_keys() -> set[str]:
    return {k for src in PDF["pages"] for k in re.findall(r"@(doc-\w)", markdown_of(src))}


def heading_pages(doc: Read, number: str, title: str) -> list[int]:
    """Pages (1-based) where a heading is, not counting the contents."""
    pattern = (re.compile(rf"(?<![\w.]){re.escape(number)} {re.escape(title)}(?![\w.])")
               if number else re.compile(rf"^\s*{re.escape(title)}\s*$", re.MULTILINE))
    return [i + 1 for i in range(len(doc.pages))
            if pattern.search(doc.flat(i) if number else doc.pages[i])
            and not re.search(r"^\s*Contents\s*$", doc.pages[i], re.MULTILINE)]


# ---------------------------------------------------------------------------------------------
# Structure: cover, about, contents, numbering, bookmarks


def contents_entries(doc: Read) -> list[tuple[str, str, int]]:
    """(number, title, page) of each line of the contents."""
    start = next(i for i, t in enumerate(doc.pages) if re.search(r"^\s*Contents\s*$", t, re.M))
    entries = []
    for line in doc.pages[start].splitlines():
        match = re.match(r"^\s*(?:(\d+(?:\.\d+)*)\s+)?(\S.*?)\s*\.{3,}\s*(\d+)\s*$", line)
        if match:
            entries.append((match.group(1) or "", match.group(2), int(match.group(3))))
    return entries


def test_contents_lists_the_numbered_headings_with_their_pages(author_date: Read) -> None:
    entries = contents_entries(author_date)
    expected = [(n, t) for level, n, t in expected_headings(2)] + [("", "References")]
    assert [(n, t) for n, t, _ in entries] == expected
    for number, title, page in entries:
        found = heading_pages(author_date, number, title)
        assert found == [page], f"{number} {title}: listed on page {page}, found on {found}"


def test_bookmarks_are_the_headings_with_their_pages(author_date: Read) -> None:
    reader = author_date.reader
    marks: list[tuple[int, str, int]] = []

    def walk(items: list[object], level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                assert isinstance(item, pypdf.generic.Destination)
                marks.append((level, str(item.title), reader.get_destination_page_number(item)))

    walk(reader.outline, 1)
    expected = FRONT + [(level, f"{n} {t}") for level, n, t in expected_headings()]
    expected.append((1, "References"))
    assert [(level, title) for level, title, _ in marks] == expected
    for _, title, page in marks[len(FRONT):]:
        number, text = title.split(" ", 1) if title[0].isdigit() else ("", title)
        assert heading_pages(author_date, number, text) == [page + 1], title


def test_cover_about_and_suggested_citation_come_from_the_configuration(
        author_date: Read) -> None:
    cover = author_date.flat(0)
    series = f"{IDENTITY['series']} no. {IDENTITY['report_number']}"
    for text in (series.upper(), PDF["title"], PDF["subtitle"],
                 "Edition 2, 24 November 2026", "Ann Author, Ben Writer",
                 f"{IDENTITY['organisation']}, {IDENTITY['place']}",
                 f"Prepared for {IDENTITY['funder']}", CONFIG["site_url"]):
        assert text in cover
    assert PDF["short_title"] not in cover and "Page 1 of" not in cover  # no running header
    licence = re.sub(r"(?<=/) ", "", author_date.flat(1))
    for text in ("This report is published under the Creative Commons Attribution 4.0 "
                 "International licence (CC-BY-4.0).",
                 "Licence text https://creativecommons.org/licenses/by/4.0/",
                 IDENTITY["licence_notice"].replace("**", "").strip(),
                 f"Read online {CONFIG['site_url']}", f"Repository {IDENTITY['repository']}"):
        assert text in licence
    assert "DOI" not in licence  # the fixture sets none
    about = author_date.flat(2)
    assert PDF["about"]["method"].replace("**", "").strip() in about
    assert PDF["about"]["disclaimer"].strip() in about
    # A URL may break after a slash at the end of a line.
    citation = re.sub(r"(?<=/) ", "", about.split("Suggested citation", 1)[1])
    # Harvard (Cite Them Right) for a report: family names and initials, the year of the
    # edition, the title and subtitle, the edition, the series and the report's number, the
    # publisher and its place, the site's URL.
    for text in ("Author, A. and Writer, B. (2026)", f"{PDF['title']}: {PDF['subtitle']}",
                 "2nd edn", f"{IDENTITY['series']} {IDENTITY['report_number']}",
                 f"{IDENTITY['place']}: {IDENTITY['organisation']}", CONFIG["site_url"]):
        assert text in citation


def test_every_page_but_the_cover_has_the_running_header_and_page_n_of_m(
        author_date: Read) -> None:
    total = len(author_date.pages)
    for i in range(1, total):
        text = author_date.flat(i)
        assert PDF["short_title"] in text and f"Page {i + 1} of {total}" in text


def test_metadata(author_date: Read) -> None:
    meta = author_date.reader.metadata
    assert meta is not None
    assert meta.title == PDF["title"]
    assert meta.author == "Ann Author, Ben Writer"
    assert meta.subject == PDF["subject"]
    assert meta["/Keywords"] == ", ".join(PDF["keywords"])
    edition_date = datetime(2026, 11, 24)
    assert meta.creation_date is not None and meta.modification_date is not None
    assert meta.creation_date.replace(tzinfo=None) == edition_date
    assert meta.modification_date.replace(tzinfo=None) == edition_date
    assert author_date.reader.trailer["/Root"]["/Lang"] == "en-GB"


def structure(reader: pypdf.PdfReader) -> list[pypdf.generic.DictionaryObject]:
    """The structure elements of a tagged PDF, in document order."""
    found: list[pypdf.generic.DictionaryObject] = []

    def walk(node: object) -> None:
        node = node.get_object()  # type: ignore[attr-defined]
        if not isinstance(node, pypdf.generic.DictionaryObject):
            return
        if "/S" in node:
            found.append(node)
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pypdf.generic.ArrayObject) else [kids]:
            if isinstance(kid, pypdf.generic.DictionaryObject | pypdf.generic.IndirectObject):
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def test_the_pdf_is_tagged_for_accessibility(author_date: Read) -> None:
    """PDF/UA-1: marked content, the language, the title shown, headings as in the outline,
    tables with header cells."""
    root = author_date.reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712  # a pypdf BooleanObject
    assert root["/Lang"] == "en-GB"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    metadata = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfuaid:part=\"1\"", metadata)  # XMP: the PDF/UA part it claims
    elements = structure(author_date.reader)
    levels = [int(str(e["/S"])[2]) for e in elements if re.fullmatch(r"/H\d", str(e["/S"]))]
    expected = [level for level, _ in FRONT] + [level for level, _, _ in expected_headings()]
    assert sorted(levels) == sorted([*expected, 1])  # and References
    tables = [e for e in elements if e["/S"] == "/Table"]
    # tables.md: the record counts, the wide table, and the long one once a page it is on
    # (WeasyPrint tags each page's part, with the header rows it repeats).
    long_pages = {i for r in range(1, 91) for i in author_date.pages_with(f"Row{r:03d}")}
    assert len(tables) == 2 + len(long_pages)
    for table in tables:
        head = [k.get_object() for k in table["/K"] if k.get_object()["/S"] == "/THead"]
        assert head and all(cell.get_object()["/S"] == "/TH"
                            for row in head[0]["/K"] for cell in row.get_object()["/K"])


# ---------------------------------------------------------------------------------------------
# Citations


def test_footnotes_sit_on_the_page_of_their_call_numbered_in_order(footnotes: Read) -> None:
    citations = expected_citations()
    assert len(citations) == 32
    for number, (marker, locator) in enumerate(citations, start=1):
        # The call sits against its word (after the authors' names when they are in the text).
        call = [i for i in range(len(footnotes.pages)) if re.search(
            rf"{marker}(?:[^\d]{{0,40}}?)?{number}(?!\d)", footnotes.flat(i))]
        assert len(call) == 1, f"call {number} ({marker}) found on pages {call}"
        page = footnotes.flat(call[0])
        note = re.search(rf"(?<![\w.]){number}\. [^•]{{0,400}}?p\. {locator}\.", page)
        assert note, f"note {number} (p. {locator}) not on page {call[0] + 1}, its call's"
    # The notes hold the references: no author-date citation is left in the text.
    assert not any("2020, p. 1" in footnotes.flat(i) for i in range(len(footnotes.pages)))


def test_later_notes_of_a_source_are_short(footnotes: Read) -> None:
    """Footnote referencing (Cite Them Right, 'Referencing with footnotes'): the first note
    of a source gives its full reference, the later ones a shortened form (here the author,
    year and title as the full reference has them) with their own page."""
    text = " ".join(footnotes.flat(i) for i in range(len(footnotes.pages)))
    first_a = ("Agency A (2020) A Report on Migration. Available at: https://example.org/a.pdf, "
               "p. 101.")
    assert first_a in text
    for page in (103, 106, 108, 111, 113, 116):
        assert f"Agency A (2020) A Report on Migration, p. {page}." in text, page
    assert text.count("Available at: https://example.org/a.pdf") == 1 + 1  # note 1, references
    assert re.search(r"Gobernanza migratoria: ¿quién coordina qué\?\.? Instituto de "
                     r"Pruebas.{0,20}p\. 102\.", text)
    assert "Gobernanza migratoria: ¿quién coordina qué?, p. 107." in text


def test_author_date_citations_stay_in_the_text(author_date: Read) -> None:
    text = " ".join(author_date.flat(i) for i in range(len(author_date.pages)))
    for marker, locator in expected_citations():
        match = re.search(rf"{marker} (.{{0,60}}?){locator}\)", text)
        assert match, f"{marker}: no in-text citation with p. {locator}"
    assert "(Agency A, 2020, p. 101)" in text


@pytest.mark.parametrize("mode", ["author-date", "footnotes"])
def test_references_list_every_cited_key_and_no_other(mode: str, author_date: Read,
                                                      footnotes: Read) -> None:
    doc = author_date if mode == "author-date" else footnotes
    references = doc.flat(len(doc.pages) - 1).split("References", 1)[1]
    titles = bib_titles()
    for key in cited_keys():
        assert titles[key] in references, key
    for key in set(titles) - cited_keys():
        assert titles[key] not in references, key


# ---------------------------------------------------------------------------------------------
# Tables, text, fonts, links


def test_long_table_splits_with_its_header_on_every_page(author_date: Read) -> None:
    rows = [f"Row{r:03d}" for r in range(1, 91)]
    pages = sorted({i for row in rows for i in author_date.pages_with(row)})
    assert len(pages) > 1
    for i in pages:
        assert re.search(r"Row\s+Country code\s+Indicator\s+Value", author_date.pages[i])
    text = " ".join(author_date.flat(i) for i in pages)
    assert [r for r in rows if text.count(r) != 1] == []


def test_wide_table_fits_the_page_and_loses_nothing(author_date: Read, tmp_path: Path) -> None:
    page = author_date.pages_with("A wide table")[-1] + 1
    html = tmp_path / "bbox.html"
    subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page),
                    str(author_date.path), str(html)], check=True)
    box = html.read_text()
    width = float(re.search(r'<page width="([\d.]+)"', box).group(1))  # type: ignore[union-attr]
    right = max(float(x) for x in re.findall(r'xMax="([\d.]+)"', box))
    assert right < width - 40  # inside the right margin (20 mm = 57 pt)
    # Words may be hyphenated or, in a narrow column, broken anywhere, but every one is there.
    # (-raw: in the order they are drawn, cell after cell.)
    raw = subprocess.run(["pdftotext", "-raw", "-f", str(page), "-l", str(page),
                          str(author_date.path), "-"], capture_output=True, text=True,
                         check=True).stdout
    # WeasyPrint hyphenates with U+2010 HYPHEN; the text's own hyphens are U+002D.
    joined = re.sub(r"\s+", "", raw.replace("\u2010\n", ""))
    for r in range(1, 5):
        for cell in (f"OrganisationW{r}", f"InterinstitutionalpartnerW{r}", f"{r * 1250000:,}",
                     f"example.org/documents/very-long-path/report-W{r}.pdf",
                     f"implementingpartnerW{r}"):
            assert cell in joined, cell


def test_wide_table_is_set_on_landscape_pages_with_its_heading(author_date: Read) -> None:
    """A table of more than six columns (tables.md's eleven) turns its pages sideways; the
    heading before it goes with it, and the text after it is upright again."""
    def landscape(i: int) -> bool:
        box = author_date.reader.pages[i].mediabox
        return float(box.width) > float(box.height)

    first = author_date.pages_with("A wide table")[-1]  # the contents page lists it too
    assert "Interinstitutional" in author_date.flat(first)  # its heading is with the table
    assert landscape(first)
    assert not landscape(first - 1) and not landscape(first + 1)
    assert "A long table" not in author_date.flat(first)  # the next section is upright
    assert sum(map(landscape, range(len(author_date.pages)))) == 1
    # The running header and the page number are still there.
    assert re.search(r"Page \d+ of \d+", author_date.pages[first])


def test_spanish_text_and_embedded_fonts(author_date: Read) -> None:
    text = " ".join(author_date.flat(i) for i in range(len(author_date.pages)))
    assert "¿Quién coordina qué? ¡Una pregunta difícil!" in text
    assert "á é í ó ú ñ ü Á É Í Ó Ú Ñ Ü ¿ ¡ — año, señal, güero" in text
    assert "Pingüinos y cigüeñas" in text
    fonts = subprocess.run(["pdffonts", str(author_date.path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # emb column


def link_targets(doc: Read) -> tuple[list[str], list[int]]:
    """URLs of the PDF's links, and the pages its internal links go to (0-based)."""
    uris, pages = [], []
    names = doc.reader.named_destinations
    for page in doc.reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if "/A" in annot and annot["/A"].get("/S") == "/URI":
                uris.append(str(annot["/A"]["/URI"]))
            elif "/Dest" in annot:
                pages.append(doc.reader.get_destination_page_number(names[str(annot["/Dest"])]))
    return uris, pages


def test_links_inside_the_report_and_out_to_the_site(author_date: Read) -> None:
    uris, internal = link_targets(author_date)
    site = CONFIG["site_url"]
    assert f"{site}organisations/agency-a/" in uris  # a record page: not exported
    assert "https://example.org/elsewhere" in uris
    assert "https://example.org/a.pdf" in uris  # from a reference
    assert all(u.startswith(("https://", "http://", "mailto:")) for u in uris), uris
    # "long table" on the summary page leads to that section of the tables page.
    long_table = author_date.pages_with("2.3 A long table")[-1]
    spanish = author_date.pages_with("3 Gobernanza migratoria en América Latina")[-1]
    assert long_table in internal and spanish in internal


# ---------------------------------------------------------------------------------------------
# Reproducible, atomic, and the same from the site build


def test_same_input_same_pdf_from_another_folder(author_date: Read, tmp_path: Path) -> None:
    project = report_project(tmp_path / "elsewhere" / "copy")
    result = export(project, tmp_path / "again.pdf")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "again.pdf").read_bytes() == author_date.path.read_bytes()


def test_progress_lines_and_summary(tmp_path: Path) -> None:
    project = report_project(tmp_path / "project")
    result = export(project, tmp_path / "r.pdf")
    assert result.returncode == 0, result.stderr
    pages = len(pypdf.PdfReader(tmp_path / "r.pdf").pages)
    assert re.search(rf"^wrote \S+r\.pdf: {pages} pages, [\d,]+ KB, in [\d.]+ s$",
                     result.stdout, re.MULTILINE)
    for line in ("rendering 3 pages with MkDocs: review.md, tables.md, es.md",
                 "laying out the pages with WeasyPrint", "layout: Step 6 - Creating PDF"):
        assert line in result.stderr


def test_site_build_writes_the_same_pdf_and_the_review_links_to_it(author_date: Read,
                                                                   tmp_path: Path) -> None:
    project = report_project(tmp_path / "project")
    site = tmp_path / "site"
    result = mkdocs_build(project, "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    pdf = site / PDF["file"]
    assert pdf.read_bytes() == author_date.path.read_bytes()
    page = site / "review" / "index.html"
    html = page.read_text()
    # The key-findings box: an admonition of its own on the site, and in the PDF.
    box = re.search(r'<div class="admonition key-findings">\s*<p class="admonition-title">'
                    r'Key findings</p>(.*?)</div>', html, re.DOTALL)
    assert box
    findings = re.findall(r"^    - (KF\d .+)$", markdown_of("review.md"), re.MULTILINE)
    assert len(findings) == 2 and all(f in box.group(1) for f in findings)
    [summary] = author_date.pages_with(findings[0])
    assert f"Key findings {findings[0]} {findings[1]}" in author_date.flat(summary).replace(
        "• ", "")
    href = re.search(r'<a class="ev-pdf-link" href="([^"]+)"', html)
    assert href and resolve(site, page, href.group(1)) == pdf
    citation = re.search(r"Suggested citation:</strong> (.+?)</p>", html)
    assert citation
    plain = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", citation.group(1)))
    # The same words on the site and in the PDF (where a URL may break after a slash).
    assert plain in re.sub(r"(?<=/) ", "", author_date.flat(2))


# ---------------------------------------------------------------------------------------------
# Images, charts, stylesheets and files of the machine

FIGURE, FIGURE_RGB = (120, 60), (200, 30, 30)
SWATCH, SWATCH_RGB = (50, 20), (30, 150, 60)
FIGURES_PAGE = """# Figures

![A figure](assets/figure.png)

{{ activity_chart(by="country") }}

<link rel="stylesheet" href="../assets/extra.css">

<div class="swatch" style="background-image: url(../assets/swatch.png); width: 5cm;
 height: 2cm">Swatch</div>

The end of the figures.
"""


def figures_project(root: Path, page: str = FIGURES_PAGE) -> Path:
    """The report fixture with a fourth exported page: an image (Markdown), a chart (a macro),
    a stylesheet <link> and a background image in a style attribute."""
    from PIL import Image

    project = report_project(root)
    assets = project / "docs" / "assets"
    assets.mkdir()
    Image.new("RGB", FIGURE, FIGURE_RGB).save(assets / "figure.png")
    Image.new("RGB", SWATCH, SWATCH_RGB).save(assets / "swatch.png")
    (assets / "extra.css").write_text('.swatch::after { content: "SITE-CSS-IN-THE-PDF" }\n')
    (project / "docs" / "figures.md").write_text(page)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("pages: [review.md, tables.md, es.md]",
                                                 "pages: [review.md, tables.md, es.md, "
                                                 "figures.md]"))
    return project


def pixels_near(png: Path, rgb: tuple[int, int, int]) -> int:
    from PIL import Image

    with Image.open(png) as image:
        data = image.convert("RGB").tobytes()
    return sum(1 for pixel in zip(data[0::3], data[1::3], data[2::3], strict=True)
               if all(abs(a - b) <= 12 for a, b in zip(pixel, rgb, strict=True)))


def page_png(pdf: Path, index: int, out: Path) -> Path:
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(index + 1), "-l", str(index + 1),
                    "-singlefile", str(pdf), str(out)], check=True)
    return out.with_suffix(".png")


def test_a_page_with_an_image_a_chart_and_a_stylesheet_link_exports(tmp_path: Path) -> None:
    project = figures_project(tmp_path / "project")
    site = tmp_path / "site"
    built = mkdocs_build(project, "--site-dir", str(site))
    assert built.returncode == 0, built.stderr
    exported = export(project, tmp_path / "report.pdf")
    assert exported.returncode == 0, exported.stderr
    assert "warning" not in exported.stderr.lower()
    assert (site / PDF["file"]).read_bytes() == (tmp_path / "report.pdf").read_bytes()
    elsewhere = shutil.copytree(project, tmp_path / "somewhere" / "else")
    assert export(elsewhere, tmp_path / "again.pdf").returncode == 0
    assert (tmp_path / "again.pdf").read_bytes() == (tmp_path / "report.pdf").read_bytes()
    doc = read(tmp_path / "report.pdf")
    [page] = doc.pages_with("The end of the figures.")
    assert drawn_images(doc.reader, page) == {FIGURE}
    # The tagged PDF's figures say what they show: the image's alt, the chart's name.
    alts = [str(e.get("/Alt")) for e in structure(doc.reader) if e["/S"] == "/Figure"]
    assert "A figure" in alts and "Activities by country" in alts
    assert re.search(r"Colombia.*Ecuador|Ecuador.*Colombia", doc.flat(page))  # the chart's bars
    assert "Swatch" in doc.flat(page)
    assert "SITE-CSS-IN-THE-PDF" not in "".join(doc.pages)  # a page's CSS is the site's
    png = page_png(doc.path, page, tmp_path / "page")
    # At 60 dpi a CSS pixel is 60/96 of a device pixel: the figure and the 5 × 2 cm swatch
    # (a repeated background) show in their colours, at least nine tenths of them.
    assert pixels_near(png, FIGURE_RGB) >= 0.9 * FIGURE[0] * FIGURE[1] * (60 / 96) ** 2
    assert pixels_near(png, SWATCH_RGB) >= 0.9 * (5 * 60 / 2.54) * (2 * 60 / 2.54)


def test_a_file_outside_the_docs_folder_never_reaches_the_pdf(tmp_path: Path) -> None:
    """Through MkDocs and `evidence pdf`, as a pull request would try it (the variants, one by
    one, are in test_pdf_resources.py)."""
    marker = "OUTSIDE-" + tmp_path.name.upper()
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_text(marker)
    (outside / "secret.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="30">'
        f'<text x="0" y="20">{marker}</text></svg>')
    svg = (outside / "secret.svg").as_uri()
    hostile = FIGURES_PAGE + f"""
<link rel="attachment" href="{secret.as_uri()}" title="hostname">
<link rel="attachment" href="../../outside/secret.txt">
<p><a rel="attachment" href="{secret.as_uri()}">attached</a></p>
<object data="{svg}"></object>
<embed src="{svg}">
<iframe src="{svg}"></iframe>
<img src="{svg}" alt="img file URL">
<img src="../../../outside/secret.svg" alt="img escape">
<svg width="300" height="30"><image href="{svg}" width="300" height="30"/></svg>
<div style="background: url({svg}); width: 300px; height: 30px">styled</div>
<div style="background: url(../../outside/secret.svg); width: 300px; height: 30px">up</div>

Still there.
"""
    project = figures_project(tmp_path / "project", hostile)
    result = export(project, tmp_path / "report.pdf")
    assert result.returncode == 0, result.stderr
    assert where(tmp_path / "report.pdf", marker) == []
    doc = read(tmp_path / "report.pdf")
    [page] = doc.pages_with("Still there.")
    assert drawn_images(doc.reader, page) == {FIGURE}  # the page's own image still shows
    built = mkdocs_build(project, "--site-dir", str(tmp_path / "site"))
    assert built.returncode == 0, built.stderr
    for file in (tmp_path / "site").rglob("*"):
        assert not file.is_file() or marker.encode() not in file.read_bytes(), file


def test_a_link_out_of_the_docs_folder_fails_the_strict_build(tmp_path: Path) -> None:
    marker = "LINKED-" + tmp_path.name.upper()
    outside = tmp_path / "outside.svg"
    outside.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="30">'
                       f'<text x="0" y="20">{marker}</text></svg>')
    project = figures_project(tmp_path / "project",
                              FIGURES_PAGE + "\n![Linked](assets/linked.svg)\n")
    (project / "docs" / "assets" / "linked.svg").symlink_to(outside)
    site = tmp_path / "site"
    built = mkdocs_build(project, "--site-dir", str(site))
    assert built.returncode != 0
    assert "Traceback" not in built.stderr
    assert "assets/linked.svg" in built.stderr  # a message that names the file
    result = export(project, tmp_path / "report.pdf")
    if result.returncode == 0:  # `evidence pdf` warns, and leaves the image out
        assert "assets/linked.svg: a symlink to a file outside the docs folder" in result.stderr
        assert marker not in "".join(read(tmp_path / "report.pdf").pages)
    for file in site.rglob("*.pdf"):  # what a failed build may have left
        assert marker not in text_of(file)


# ---------------------------------------------------------------------------------------------
# Bad configuration: a clear message, and nothing written


def line_of(config: Path, text: str) -> int:
    return next(i for i, line in enumerate(config.read_text().splitlines(), 1) if text in line)


@pytest.mark.parametrize(("old", "new", "at", "field", "message", "hint"), [
    ("pages: [review.md, tables.md, es.md]", "pages: [review.md, tabels.md]", "tabels.md",
     "evidence.pdf.pages[1]", "expected a page of the docs folder, got 'tabels.md'",
     "did you mean 'tables.md'?"),
    ("short_title: Fixture rapid review", "shorttitle: Fixture rapid review", "shorttitle",
     "evidence.pdf.shorttitle", "unknown option 'shorttitle'", "did you mean 'short_title'?"),
    ("file: fixture-review.pdf", "file: ../outside.pdf", "../outside.pdf", "evidence.pdf.file",
     "expected a file name ending in .pdf inside the site, got '../outside.pdf'",
     "e.g. 'file: review.pdf'"),
    ("build: true", "build: sometimes", "sometimes", "evidence.pdf.build",
     "expected true or false, got 'sometimes'", ""),
])
def test_bad_configuration_names_file_line_option_and_fix(
        tmp_path: Path, old: str, new: str, at: str, field: str, message: str,
        hint: str) -> None:
    project = report_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace(old, new))
    lines = config.read_text().splitlines()
    line = next(i for i, text in enumerate(lines, 1) if new in text)
    column = lines[line - 1].index(at) + 1
    target = tmp_path / "out" / "report.pdf"
    target.parent.mkdir()
    target.write_bytes(b"the previous report")
    result = export(project, target)
    assert result.returncode == 1
    assert f"mkdocs.yml:{line}:{column}: {field}: {message}" in result.stderr
    if hint:
        assert f"hint: {hint}" in result.stderr
    assert "nothing written" in result.stderr
    assert target.read_bytes() == b"the previous report"
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.pdf"]
    built = mkdocs_build(project, "--site-dir", str(tmp_path / "site"))
    assert built.returncode != 0
    assert f"mkdocs.yml:{line}:{column}: {field}: {message}" in built.stderr


def test_a_project_without_a_pdf_block_is_told_how_to_add_one(mini: Path) -> None:
    result = evidence_cli(mini, "pdf", "-o", str(mini / "r.pdf"))
    assert result.returncode == 1
    assert "no 'pdf' block" in result.stderr and "pages" in result.stderr
    assert not (mini / "r.pdf").exists()


# ---------------------------------------------------------------------------------------------
# The real review


def test_the_real_configured_pages_export(tmp_path: Path) -> None:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text().replace("!ENV", ""))
    real = next(p["evidence"]["pdf"] for p in config["plugins"] if isinstance(p, dict)
                and "evidence" in p)
    result = export(REPO, tmp_path / "review.pdf")
    assert result.returncode == 0, result.stderr
    doc = read(tmp_path / "review.pdf")
    assert real["title"] in doc.flat(0)
    identity = next(p["evidence"]["identity"] for p in config["plugins"]
                    if isinstance(p, dict) and "evidence" in p)
    # The maintainers' choices: collective authors, CC BY 4.0 with its notice; what they
    # leave unset (organisation, funder, series, number, DOI) is not on the cover.
    author = identity["authors"][0]
    assert author[0].upper() + author[1:] in doc.flat(0)
    assert not re.search(r"Prepared for|no\. \d", doc.flat(0))
    assert "Creative Commons Attribution 4.0 International licence (CC-BY-4.0)" in doc.flat(1)
    assert " ".join(identity["licence_notice"].split()) in doc.flat(1)
    assert "DOI" not in doc.flat(1)
    for number, title, page in contents_entries(doc):
        assert heading_pages(doc, number, title) == [page], (number, title)
    titles = [re.sub(r"^# ", "", next(line for line in (REPO / "docs" / src).read_text()
                                      .splitlines() if line.startswith("# ")))
              for src in real["pages"]]
    assert [t for n, t, _ in contents_entries(doc) if n.isdigit()] == titles
    uris, _ = link_targets(doc)
    assert all(u.startswith(("https://", "http://", "mailto:")) for u in uris), uris


def test_pull_request_check_builds_the_pdf_and_uploads_it() -> None:
    steps = yaml.safe_load((REPO / ".github/workflows/check.yml").read_text())["jobs"]["check"][
        "steps"]
    runs = [str(s.get("run", "")) for s in steps]
    build = next(i for i, run in enumerate(runs) if run.startswith("evidence pdf -o "))
    output = runs[build].split("-o ", 1)[1].strip()
    assert any(run.startswith("scripts/install-system-deps") for run in runs[:build])
    assert any(str(s.get("uses", "")).startswith("actions/upload-artifact")
               and s["with"]["path"] == output for s in steps[build:])
