"""The print document laid out by WeasyPrint (imported only here, lazily: it needs Pango),
every footnote on the page of its call; the PDF written whole or not at all."""

from __future__ import annotations

import hashlib
import html
import logging
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import html as lxml_html

from ...errors import PdfError
from ...render.markup import plural
from .assemble import ASSETS_URL, DOCS_URL, PACKAGE_ASSETS, classes

MAX_PASSES = 8
"""Layouts tried at most to put every footnote on the page of its call."""
Progress = Callable[[str], None]
PDF_VARIANT = "pdf/ua-1"
"""The accessible PDF WeasyPrint writes: tagged, as PDF/UA-1 asks."""


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int
    warnings: list[str]


def render_pdf(document: str, identifier: str, docs_dir: str | Path = ".",
               progress: Progress | None = None) -> RenderedPdf:
    """Lay the document out with WeasyPrint and return the PDF.

    The document names the docs folder DOCS_URL; only its files, the package's assets
    (ASSETS_URL) and `data:` URLs are read (`fetch.py`)."""
    say = progress or (lambda _: None)
    try:
        import weasyprint

        from .fetch import LocalFetcher
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
            # A paragraph already moved is not moved again (it would lay out the same pages
            # again): the next late note's is, and when every one has been, the notes stay.
            calls = re.findall(r'id="([^"]*--fncall-\d+)"', document)
            for call in late:
                moved = _push_to_next_page(document, call)
                if moved is not None:
                    break
            else:
                warnings.append(f"{plural(len(late), 'footnote')} not on the page of its call "
                                f"(moving its paragraph to the next page did not help): "
                                f"{', '.join(late)}")
                break
            say(f"  footnote {calls.index(call) + 1} would fall on a later page than its "
                "call: its paragraph moves to the next page")
            document = moved
        # PDF/UA-1: tagged (headings, paragraphs, lists, tables with their header cells,
        # figures with their alternative text), with the document's language and title.
        data = rendered.write_pdf(
            pdf_identifier=hashlib.sha256(identifier.encode()).hexdigest()[:32].encode(),
            pdf_variant=PDF_VARIANT)
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


def _push_to_next_page(document: str, call: str) -> str | None:
    """The document with the paragraph of a footnote's call starting a page; None when it
    already does (or the call is not in a paragraph)."""
    tree = lxml_html.document_fromstring(document)
    found = tree.get_element_by_id(call, None)
    if found is None:
        return None
    block = next((e for e in found.iterancestors() if e.tag in ("p", "li", "tr", "dd", "dt",
                                                                 "blockquote", "div")), None)
    if block is None or "next-page" in classes(block):
        return None
    block.set("class", " ".join(sorted(classes(block) | {"next-page"})))
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
