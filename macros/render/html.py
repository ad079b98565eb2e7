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
           "shared_sentences", "table", "ul", "words"]

SENTENCE_END = re.compile(r"""(?<=[.!?])["\u201d\u2019']?\s+(?=["\u201c(]?[A-Z0-9])""")
"""Where one sentence of a record's text ends and the next begins."""
SHARED_AT_LEAST, SHARED_LENGTH = 3, 40
"""A sentence is shared when it is in this many cells of a column and at least this long."""


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


def shared_sentences(texts: list[str]) -> tuple[list[list[str | int]], list[str]]:
    """The sentences of a column's cells, with those that several cells repeat word for word
    taken out: each cell as its sentences, a shared one replaced by its index in the second
    list, which the table gives once, as a note under it.

    A sentence is shared when SHARED_AT_LEAST cells hold it and it has SHARED_LENGTH
    characters or more; shorter ones ("IOM is an observer.") read better in place."""
    split = [_sentences(text) for text in texts]
    counts: dict[str, int] = {}
    for parts in split:
        for part in dict.fromkeys(parts):
            counts[part] = counts.get(part, 0) + 1
    shared = [part for part, n in counts.items()
              if n >= SHARED_AT_LEAST and len(part) >= SHARED_LENGTH]
    cells: list[list[str | int]] = [
        [shared.index(part) if part in shared else part for part in parts] for parts in split]
    return cells, shared


def _sentences(text: str) -> list[str]:
    return [part.strip() for part in SENTENCE_END.split(" ".join(text.split())) if part.strip()]


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
