"""Record text → HTML, safely.

Record text is data written by people we may not know. It is never given to Jinja, and its
Markdown is rendered with raw HTML switched off and links limited to http, https and mailto, so
`<script>`, `{{ 7*7 }}` and `[x](javascript:...)` all come out as inert text. Autolinks work:
`<https://example.org>`, and `<someone@example.org>` for a valid e-mail address only.
"""

from __future__ import annotations

import html
import re
import unicodedata
import xml.etree.ElementTree as etree

import markdown
from markdown.inlinepatterns import AUTOMAIL_RE, InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

SAFE_SCHEMES = ("http://", "https://", "mailto:")
EMAIL = re.compile(
    r"[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
    r"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*")
"""A valid e-mail address, as the HTML standard defines it (the one `<input type=email>`
accepts): no spaces, quotes, angle brackets or query."""


def plural(n: int, word: str) -> str:
    """'1 record', '2 records'."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def escape(text: object) -> str:
    """Plain text → HTML text, quotes included so the result is safe in attributes too."""
    return html.escape(str(text), quote=True)


def is_web_url(url: str) -> bool:
    """An absolute http, https or mailto URL with no space or control character in it: the
    only addresses the site links to (records' `url:`, the bibliography's `url` fields)."""
    return url.lower().startswith(SAFE_SCHEMES) and not any(
        c.isspace() or unicodedata.category(c) == "Cc" for c in url)


def safe_href(url: str) -> str | None:
    """The URL if its scheme is allowed (or it is a fragment), else None."""
    cleaned = "".join(url.split()).lower()
    if any(unicodedata.category(c) == "Cc" for c in cleaned):
        return None
    if cleaned.startswith(SAFE_SCHEMES) or url.startswith("#"):
        return url
    return None


class _MailLink(InlineProcessor):
    """`<someone@example.org>` or `<mailto:someone@example.org>` → a mail link, when the
    address is valid; anything else stays text (Python-Markdown would link any `<x@y>`)."""

    def handleMatch(  # type: ignore[override]
            self, m: re.Match[str], data: str) -> tuple[etree.Element | None, int, int]:
        address = m.group(1)
        if address.lower().startswith("mailto:"):
            address = address[len("mailto:"):]
        if not EMAIL.fullmatch(address):
            return None, m.start(0), m.end(0)
        link = etree.Element("a", {"href": f"mailto:{address}"})
        link.text = AtomicString(address)
        return link, m.start(0), m.end(0)


class _InertLinksAndImages(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag == "a":
                href = safe_href(element.get("href", ""))
                element.attrib.clear()
                if href is None:
                    element.tag = "span"
                else:
                    element.set("href", href)
                    element.set("rel", "nofollow noopener")
            elif element.tag == "img":
                # Images in record text would load third-party content: keep the alt text only.
                alt = element.get("alt", "")
                element.attrib.clear()
                element.tag = "span"
                element.text = alt


class RecordMarkdown:
    """A reusable Markdown renderer for record text."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
        self._md.preprocessors.deregister("html_block")
        self._md.inlinePatterns.deregister("html")
        self._md.inlinePatterns.register(_MailLink(AUTOMAIL_RE, self._md), "automail", 110)
        # Indented code blocks keep blank lines, which would end the raw HTML block they go in.
        self._md.parser.blockprocessors.deregister("code")
        self._md.treeprocessors.register(_InertLinksAndImages(self._md), "inert_links", 0)

    def __call__(self, text: str) -> str:
        out = self._md.reset().convert(text)
        return re.sub(r"\n\s*\n", "\n", out)

    def inline(self, text: str) -> str:
        """Render one line of text without the surrounding paragraph."""
        out = self(text)
        if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
            return out[3:-4]
        return out


render_markdown = RecordMarkdown()
