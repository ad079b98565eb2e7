"""A PDF read back for what it holds: text, decoded streams, attachments, drawn images."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pypdf


def text_of(pdf: Path) -> str:
    """The whole text (poppler's pdftotext)."""
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def decoded_streams(reader: pypdf.PdfReader) -> list[bytes]:
    """Every stream of the file (content, fonts, images, embedded files), decoded."""
    out = []
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(number)
        except Exception:  # a free entry of the cross-reference table
            continue
        if isinstance(obj, pypdf.generic.StreamObject):
            out.append(obj.get_data())
    return out


def attached_files(reader: pypdf.PdfReader) -> list[str]:
    """Files the PDF carries: embedded files of its catalog, file annotations of its pages."""
    found = [f"attachment {name}" for name in reader.attachments]
    names = reader.trailer["/Root"].get("/Names")
    if names is not None and "/EmbeddedFiles" in names.get_object():
        found.append("/EmbeddedFiles")
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/FileAttachment":
                found.append("a file attachment annotation")
            if "/FS" in annot or "/EF" in annot:
                found.append("an annotation with a file specification")
    return found


def image_sizes(reader: pypdf.PdfReader) -> set[tuple[int, int]]:
    """Pixel sizes of the images the file holds."""
    return {img.image.size for page in reader.pages for img in page.images if img.image}


def drawn_images(reader: pypdf.PdfReader, index: int) -> set[tuple[int, int]]:
    """Pixel sizes of the images page `index` draws (`/Name Do` in its content stream: the
    image resources themselves are shared by every page)."""
    page = reader.pages[index]
    content = page.get_contents()
    drawn = content.get_data() if content is not None else b""
    return {image.image.size for image in page.images if image.image
            and f"{image.name.rsplit('.', 1)[0]} Do".encode() in drawn}


def where(pdf: Path, marker: str, marked_png: tuple[int, int] | None = None) -> list[str]:
    """Every place of the PDF where a marker string (or a PNG of a size nothing else has)
    shows up; [] when none."""
    reader = pypdf.PdfReader(pdf)
    places = attached_files(reader)
    if marker in text_of(pdf):
        places.append("text")
    if marker.encode() in pdf.read_bytes():
        places.append("file bytes")
    if any(marker.encode() in stream for stream in decoded_streams(reader)):
        places.append("a decoded stream")
    if marked_png in image_sizes(reader):
        places.append("the marked PNG")
    return places
