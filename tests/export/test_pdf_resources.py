"""What the PDF report reads: the docs folder's files, never a file of the machine.

A page's HTML is a stranger's: it may name any file in any way HTML, SVG and CSS allow. Files
carrying a marker string made for this session sit *outside* the docs folder (a text file, an
SVG and a CSS file that would print the marker, a PNG of a size nothing else has); every way
of naming them is laid out as a report, and the PDF is read back (pypdf: attachments,
annotations, every decoded stream; pdftotext: the text). The same detector finds the marker
when the file is one the report may read (the positive control), so its silence means
something.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pypdf
import pytest
from helpers import image_sizes, text_of, where

from macros.config import PdfOptions as PdfSettings
from macros.export.pdf.assemble import (
    ASSETS_URL,
    DOCS_URL,
    PACKAGE_ASSETS,
    ExportedPage,
    Report,
    Site,
    report_html,
)
from macros.export.pdf.layout import render_pdf

pytestmark = [pytest.mark.slow, pytest.mark.weasyprint]  # PDFs laid out

MARKER = f"H2LEAK{uuid.uuid4().hex[:12].upper()}"
INSIDE = f"H2INSIDE{uuid.uuid4().hex[:12].upper()}"
SECRET_PNG = (37, 13)
"""Pixel size of the PNG outside the docs folder (`pdf_readback.MARKED_PNG`)."""


def svg_saying(text: str) -> str:
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="30">'
            f'<text x="0" y="20" font-size="16">{text}</text></svg>')


def png(path: Path, size: tuple[int, int], colour: tuple[int, int, int]) -> None:
    from PIL import Image

    Image.new("RGB", size, colour).save(path)


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tmp/docs (the docs folder) and tmp/outside (the machine's files), with symlinks."""
    root = tmp_path_factory.mktemp("resources")
    outside = root / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{MARKER}\n")
    (outside / "secret.svg").write_text(svg_saying(MARKER))
    (outside / "secret.css").write_text(f'body::before {{ content: "{MARKER}" }}\n')
    png(outside / "secret.png", SECRET_PNG, (10, 200, 10))
    assets = root / "docs" / "assets"
    assets.mkdir(parents=True)
    png(assets / "figure.png", (40, 20), (200, 30, 30))
    png(assets / "my figure é.png", (41, 21), (30, 30, 200))
    (assets / "inside.svg").write_text(svg_saying(INSIDE))
    (assets / "inside.txt").write_text(INSIDE)
    (assets / ".hidden.svg").write_text(svg_saying(INSIDE))
    (assets / "link.svg").symlink_to(outside / "secret.svg")
    (assets / "link.png").symlink_to(Path("../../outside/secret.png"))
    (assets / "alias.svg").symlink_to("inside.svg")
    (assets / "dir").symlink_to(outside, target_is_directory=True)
    (assets / "loop.svg").symlink_to("loop.svg")
    return root


def site_files(tree: Path) -> Site:
    """The files the site publishes as they are, by URL (what the plugin hands the report:
    MkDocs quotes the URLs)."""
    docs = tree / "docs"
    published = [p for p in docs.rglob("*") if not p.name.startswith(".")]
    published += [docs / "assets" / "dir" / "secret.svg"]  # rglob does not follow the symlink
    return Site(static_files={quote(p.relative_to(docs).as_posix()): p for p in published})


def render(tree: Path, html: str) -> bytes:
    settings = PdfSettings(pages=("review/index.md",), title="T", short_title="T")
    report = Report(settings, "Edition 1", "2026-05-01", "Cite me.", {}, "author-date")
    page = ExportedPage("review/index.md", "review/", "Review", f"<h1>Review</h1>{html}")
    document = report_html(report, [page], site_files(tree))
    return render_pdf(document, "resources", tree / "docs").data


# ---------------------------------------------------------------------------------------------
# Every way of naming a file outside the docs folder


def hostile_pages(tree: Path) -> dict[str, str]:
    out = tree / "outside"
    txt, svg, css = ((out / f"secret.{x}").as_uri() for x in ("txt", "svg", "css"))
    nested = quote(f'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="30">'
                   f'<image href="{svg}" width="300" height="30"/></svg>')
    box = "width: 300px; height: 30px"
    return {
        "link rel=attachment, file URL": f'<link rel="attachment" href="{txt}">',
        "link rel=attachment, relative to the docs folder":
            '<link rel="attachment" href="../outside/secret.txt">',
        "link rel=attachment, file://localhost":
            f'<link rel="attachment" href="file://localhost{out}/secret.txt">',
        "link rel=stylesheet": f'<link rel="stylesheet" href="{css}">',
        "a rel=attachment, file URL": f'<p><a rel="attachment" href="{txt}">file</a></p>',
        "a rel=attachment, escaping the page":
            '<p><a rel="attachment" href="../../outside/secret.txt">file</a></p>',
        "a rel=attachment, to a docs file": '<p><a rel="attachment" href="../assets/link.svg">'
                                            "file</a></p>",
        "span rel=attachment with a link property":
            f'<p><span rel="attachment" href="{txt}" style="link: attr(href)">x</span></p>',
        "object data": f'<object data="{svg}" type="image/svg+xml"></object>',
        "object data, relative": '<object data="../outside/secret.svg"></object>',
        "embed src": f'<embed src="{svg}" type="image/svg+xml">',
        "iframe src": f'<iframe src="{svg}"></iframe>',
        "img src, file URL": f'<img src="{svg}" alt="an image">',
        "img src, FILE: in capitals": f'<img src="FILE://{out}/secret.svg" alt="an image">',
        "img src, ../ out of the site": '<img src="../../../outside/secret.svg" alt="x">',
        "img src, %2e%2e out of the site": '<img src="../assets/%2e%2e/%2e%2e/outside/secret.svg"'
                                           ' alt="x">',
        "img src, a symlink in docs to an SVG outside": '<img src="../assets/link.svg" alt="x">',
        "img src, a symlink in docs to a PNG outside": '<img src="../assets/link.png" alt="x">',
        "img src, through a symlinked folder": '<img src="../assets/dir/secret.svg" alt="x">',
        "img srcset": f'<img srcset="{svg} 1x" alt="x">',
        "picture source": f'<picture><source srcset="{svg}"><img alt="x"></picture>',
        "video poster": f'<video poster="{svg}"></video>',
        "image outside an SVG (read as img)": f'<image src="{svg}">',
        "svg image href": f'<svg width="300" height="30"><image href="{svg}" {box}/></svg>',
        "svg image xlink:href": ('<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="300" '
                                 f'height="30"><image xlink:href="{svg}" width="300" '
                                 'height="30"/></svg>'),
        "svg image, xml:base": (f'<svg width="300" height="30"><image xml:base="{out.as_uri()}/"'
                                ' href="secret.svg" width="300" height="30"/></svg>'),
        "svg image, a symlink in docs": ('<svg width="300" height="30"><image '
                                         'href="../assets/link.svg" width="300" height="30"/>'
                                         "</svg>"),
        "svg use": f'<svg width="300" height="30"><use href="{svg}#t"/></svg>',
        "svg feImage": (f'<svg width="300" height="30"><filter id="f"><feImage href="{svg}"/>'
                        '</filter><rect width="300" height="30" filter="url(#f)"/></svg>'),
        "svg fill from another file": (f'<svg width="300" height="30"><rect width="300" '
                                       f'height="30" fill="url({svg}#p)"/></svg>'),
        "svg style @import": (f'<svg width="300" height="30"><style>@import url("{css}");'
                              "</style><text y='20'>y</text></svg>"),
        "style element @import": f'<style>@import url("{css}");</style><p>x</p>',
        "style attribute background": f'<div style="background: url({svg}); {box}">x</div>',
        "style attribute, escaped url": f'<div style="background-image: u\\72l({svg}); {box}">'
                                        "x</div>",
        "style attribute, url() with a string": (f"<div style=\"background-image: url('{svg}');"
                                                 f' {box}">x</div>'),
        "style attribute, image-set": (f'<div style="background-image: image-set("{svg}" 1x);'
                                       f' {box}">x</div>'),
        "style attribute, list-style-image":
            f'<ul style="list-style-image: url({svg})"><li>x</li></ul>',
        "style attribute, content": f'<p style="content: url({svg})">x</p>',
        "style attribute, relative to the docs folder":
            f'<div style="background: url(../outside/secret.svg); {box}">x</div>',
        "style attribute, a symlink in docs":
            f'<div style="background: url(../assets/link.svg); {box}">x</div>',
        "base element": (f'<base href="{out.as_uri()}/"><object data="secret.svg"></object>'
                         '<div style="background: url(secret.svg); width: 300px; '
                         'height: 30px">x</div>'),
        "a comment two parsers may end apart":
            f'<!-- --!><link rel="attachment" href="{txt}"> -->',
        "an SVG in a data: URL naming the file": f'<img src="data:image/svg+xml,{nested}">',
        "an SVG in the docs folder naming the file": '<img src="../assets/nested.svg" alt="x">',
    }


HOSTILE = list(hostile_pages(Path("/x")))


@pytest.mark.parametrize("name", HOSTILE)
def test_no_file_outside_the_docs_folder_enters_the_pdf(tree: Path, tmp_path: Path,
                                                       name: str) -> None:
    nested = tree / "docs" / "assets" / "nested.svg"
    nested.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="30">'
                      '<image href="../../outside/secret.svg" width="300" height="30"/></svg>')
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render(tree, f"<p>Before.</p>{hostile_pages(tree)[name]}<p>After.</p>"))
    assert where(pdf, MARKER, SECRET_PNG) == []
    text = text_of(pdf)
    assert "Before." in text and "After." in text  # the page itself is there


def test_the_detector_finds_a_file_the_report_may_read(tree: Path, tmp_path: Path) -> None:
    """The positive control: the same kinds of reference to files inside the docs folder
    reach the PDF, so the hostile tests' silence is not the detector's."""
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render(tree, '<p><img src="../assets/inside.svg" alt="x"></p>'
                                 '<p><img src="../assets/figure.png" alt="a figure"></p>'
                                 '<p><img src="../assets/my%20figure%20%C3%A9.png" alt="b"></p>'))
    assert "text" in where(pdf, INSIDE, SECRET_PNG)
    assert {(40, 20), (41, 21)} <= image_sizes(pypdf.PdfReader(pdf))


def test_the_same_page_from_another_folder_makes_the_same_pdf(tree: Path,
                                                              tmp_path: Path) -> None:
    """WeasyPrint names an image in the PDF after its URL: the URL must not be the folder's."""
    import shutil

    page = '<p><img src="../assets/figure.png" alt="a figure"></p>'
    elsewhere = tmp_path / "somewhere" / "else"
    shutil.copytree(tree, elsewhere, symlinks=True)
    assert render(tree, page) == render(elsewhere, page)


# ---------------------------------------------------------------------------------------------
# The fetcher: what WeasyPrint may read, URL by URL


def fetcher(tree: Path) -> Any:  # a LocalFetcher (imported here: it loads WeasyPrint)
    from macros.export.pdf.fetch import LocalFetcher

    return LocalFetcher({DOCS_URL: tree / "docs", ASSETS_URL: PACKAGE_ASSETS})


def read_url(tree: Path, url: str) -> bytes:
    response = fetcher(tree).fetch(url)
    try:
        return bytes(response.read())
    finally:
        response.close()


def allowed_urls(tree: Path) -> dict[str, tuple[str, Path | bytes]]:
    """URL → the file (or the bytes) it must read. The document names the docs folder
    DOCS_URL and the package's assets ASSETS_URL."""
    docs = tree / "docs"
    inside = docs / "assets" / "inside.txt"
    script = sorted(PACKAGE_ASSETS.glob("*.js"))[0]
    return {
        "a file of the docs folder": (f"{DOCS_URL}assets/inside.txt", inside),
        "file://localhost": (f"file://localhost/{DOCS_URL[8:]}assets/inside.txt", inside),
        "a quoted name": (f"{DOCS_URL}assets/my%20figure%20%C3%A9.png",
                          docs / "assets" / "my figure é.png"),
        "a symlink inside the docs folder": (f"{DOCS_URL}assets/alias.svg",
                                             docs / "assets" / "inside.svg"),
        "in and out again with ..": (f"{DOCS_URL}assets/../assets/inside.txt", inside),
        "a query is ignored": (f"{DOCS_URL}assets/inside.txt?v=2", inside),
        "a package asset": (ASSETS_URL + script.name, script),
        "a data: URL": ("data:text/plain;base64,aGVsbG8=", b"hello"),
    }


def refused_urls(tree: Path) -> dict[str, tuple[str, str]]:
    docs, out = tree / "docs", tree / "outside"
    outside, symlink = "outside the docs folder", "a symlink to a file outside the docs folder"
    return {
        "a system file": ("file:///etc/hostname", outside),
        "a file beside the docs folder": ((out / "secret.txt").as_uri(), outside),
        "the docs folder by its path on this machine": ((docs / "assets" / "inside.txt")
                                                        .as_uri(), outside),
        "FILE: in capitals": (f"FILE://{out}/secret.txt", outside),
        "../ out of the docs folder": (f"{DOCS_URL}../outside/secret.txt", outside),
        "%2e%2e out of the docs folder": (f"{DOCS_URL}assets/%2e%2e/%2e%2e/%2e%2e/etc/hostname",
                                          outside),
        "a symlink to a file outside": (f"{DOCS_URL}assets/link.svg", symlink),
        "a relative symlink to a file outside": (f"{DOCS_URL}assets/link.png", symlink),
        "a symlinked folder": (f"{DOCS_URL}assets/dir/secret.txt", symlink),
        "a symlink loop": (f"{DOCS_URL}assets/loop.svg", "no such file"),
        "a missing file": (f"{DOCS_URL}assets/missing.png", "no such file"),
        "a NUL byte": (f"{DOCS_URL}assets/inside.txt%00.png", "no such file"),
        "a hidden file": (f"{DOCS_URL}assets/.hidden.svg", "a hidden file"),
        "a folder": (f"{DOCS_URL}assets/", "not a file"),
        "the docs folder itself": (DOCS_URL, outside),
        "a file of another host": (f"file://example.org/{DOCS_URL[8:]}assets/inside.txt",
                                   "another host"),
        "http": ("http://127.0.0.1:9/x.png", "local files only"),
        "https": ("https://example.org/x.png", "local files only"),
        "ftp": ("ftp://example.org/x.png", "local files only"),
        "a relative URL": ("assets/inside.txt", "local files only"),
    }


@pytest.mark.parametrize("name", list(allowed_urls(Path("/x"))))
def test_the_fetcher_reads_the_docs_folder_and_the_package_assets(tree: Path,
                                                                  name: str) -> None:
    url, content = allowed_urls(tree)[name]
    assert read_url(tree, url) == (content.read_bytes() if isinstance(content, Path)
                                   else content)


@pytest.mark.parametrize("name", list(refused_urls(Path("/x"))))
def test_the_fetcher_refuses_everything_else(tree: Path, name: str) -> None:
    from macros.errors import RefusedResource

    url, reason = refused_urls(tree)[name]
    with pytest.raises(RefusedResource, match=reason):
        read_url(tree, url)
