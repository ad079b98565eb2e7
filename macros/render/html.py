"""The HTML helpers every view uses: escaped text, links, lists, tables, raw blocks.

Generated pages are Markdown whose data parts are one-line raw HTML blocks (`block`), so no
record text is parsed as Markdown or Jinja; `md_escape` makes text safe in the few Markdown
headings they have.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from .locale import number
from .markup import escape

__all__ = ["a", "block", "escape", "format_number", "front_matter", "join", "md_escape",
           "table", "ul", "words"]


def a(href: str, text: str, *, external: bool = False) -> str:
    """A link; `text` is plain text (escaped here)."""
    rel = ' rel="nofollow noopener"' if external else ""
    return f'<a href="{escape(href)}"{rel}>{escape(text)}</a>'


def join(parts: Iterable[str]) -> str:
    return ", ".join(parts)


def ul(items: Iterable[str], css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    body = "".join(f"<li>{item}</li>" for item in items)
    return f"<ul{cls}>{body}</ul>"


def table(css: str, body: str, attrs: str = "") -> str:
    """A table styled like Material's own, scrolling sideways on narrow screens."""
    return f'<div class="ev-scroll"><table class="ev-table {css}"{attrs}>{body}</table></div>'


def block(html: str) -> str:
    """A raw HTML block MkDocs passes through untouched: one line, blank lines around it."""
    return "\n" + html.replace("\n", " ") + "\n"


def md_escape(text: str) -> str:
    """Plain text for a Markdown heading: HTML escaped, Markdown punctuation backslashed."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|])", r"\\\1", escape(text))


def front_matter(meta: dict[str, Any]) -> str:
    # As JSON, which is YAML (a flow mapping): written many times faster than by a YAML
    # emitter, and read by MkDocs' YAML loader as it is.
    return "---\n" + json.dumps(meta, ensure_ascii=False) + "\n---\n"


def words(value: str) -> str:
    """An id as words: 'gni-per-capita' → 'gni per capita'."""
    return value.replace("-", " ")


def format_number(value: float) -> str:
    """Every digit of a number, grouped as the language being written groups them."""
    return number(value)
