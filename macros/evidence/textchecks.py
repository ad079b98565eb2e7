"""Text that would render pathologically, or deceive a reader, found before it is published.

Record text and hand-written pages come from strangers. Python-Markdown's link parser reads
on from every '[' to its ']' (and from every '](' to its ')'), to the end of the paragraph
when there is none: 20,000 open brackets in one description took 48 s to render, and a
record file may hold 512 KiB. `link_scan_cost` counts the characters that parser will read
for the links of a text, in one pass; a text over its budget is refused, so the build stays
linear in the size of its input. Other inputs were measured to render in linear time (runs
of '*', '_', backticks, '<', nested emphasis, '](' without '[': tests/test_pathological.py),
and a record's text fields are capped in length besides.

Characters that change what a reader sees without showing themselves are found too:
bidirectional controls (refused: they reorder the text shown, the "Trojan Source" attack),
zero-width characters and direction marks (warned of: a copy from a PDF may hold them
harmlessly), and words that mix Latin with Cyrillic or Greek letters ('IОM' with a Cyrillic
'О', warned of: a look-alike hides a name from search and from readers).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

MAX_TEXT_CHARS = 10_000
"""Longest text field of a record (the longest in the review has 2,309 characters)."""
RECORD_LINK_BUDGET = 100_000
"""Characters Markdown's link parser may read for one record text field (a few ms)."""
PAGE_LINK_BUDGET = 2_000_000
"""The same for one hand-written page (about half a second of Python-Markdown)."""

_LINK_TOKENS = re.compile(r"\\.|\n[ \t]*(?:\n|\Z)|[\[\]()]", re.DOTALL)


@dataclass(frozen=True)
class LinkCost:
    chars: int
    """Characters the link parser reads, summed over every '[' and every '](' of the text."""
    unclosed: int
    """'[' (and '](' without ')') that run on to the end of their paragraph."""
    worst: int
    """Offset of the '[' that costs most (-1 when there is none)."""


def link_scan_cost(text: str, masked: bytearray | None = None) -> LinkCost:
    """What Python-Markdown's link parser will read for `text`, in one pass.

    A '[' costs the distance to its ']', or to the end of its paragraph; so does the '(' of
    a '](' to its ')'. Escaped brackets cost nothing (Markdown hides them from the parser);
    so do characters `masked` marks (code, which Markdown takes out before links).
    """
    squares: list[int] = []
    parens: list[tuple[int, bool]] = []
    chars = unclosed = 0
    worst, worst_cost = -1, -1

    def charge(start: int, end: int) -> None:
        nonlocal chars, worst, worst_cost
        chars += end - start
        if end - start > worst_cost:
            worst, worst_cost = start, end - start

    def paragraph_end(at: int) -> None:
        nonlocal unclosed
        for start in squares:
            charge(start, at)
        unclosed += len(squares) + sum(1 for _, link in parens if link)
        for start, link in parens:
            if link:
                charge(start, at)
        squares.clear()
        parens.clear()

    for token in _LINK_TOKENS.finditer(text):
        at = token.start()
        if masked is not None and masked[at]:
            continue
        char = text[at]
        if char == "\\":
            continue
        if char == "\n":
            paragraph_end(at)
        elif char == "[":
            squares.append(at)
        elif char == "]":
            if squares:
                charge(squares.pop(), at)
        elif char == "(":
            parens.append((at, at > 0 and text[at - 1] == "]"))
        elif parens:
            start, link = parens.pop()
            if link:
                charge(start, at)
    paragraph_end(len(text))
    return LinkCost(chars, unclosed, worst)


def link_cost_message(cost: LinkCost, budget: int) -> tuple[str, str]:
    """The message and hint for a text over its link budget."""
    what = (f"{cost.unclosed:,} '[' or '](' never closed in their paragraph" if cost.unclosed
            else "brackets nested too deeply")
    return (f"expected text whose links Markdown can read in linear time (at most {budget:,} "
            f"characters read), got {what} ({cost.chars:,} characters read)",
            "close each '[' with ']' (and each '](' with ')') in the same paragraph, or write "
            "a literal bracket as '\\[': Markdown reads on to the end of the paragraph for "
            "every open one")


# ---------------------------------------------------------------------------------------------
# Characters that deceive

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Embeddings, overrides and isolates: they reorder the characters shown (refused)."""
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u061c")
"""Zero-width space, non-joiner, joiner, word joiner, BOM; left-to-right, right-to-left and
Arabic letter marks. Marks are legitimate in right-to-left text, which this review has none
of, and they reorder nothing by themselves: warned of, as the zero-width ones."""
_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Finding:
    """Something wrong in a text: where (offset), what, how to mend it, and how bad."""

    offset: int
    message: str
    hint: str
    error: bool


def _char(c: str) -> str:
    return f"U+{ord(c):04X} ({unicodedata.name(c, 'unnamed')})"


def deceptive_characters(text: str) -> Iterator[Finding]:
    """Bidi controls (errors), invisible characters and mixed-script words (warnings)."""
    if text.isascii():
        return
    for offset, c in enumerate(text):
        if c in BIDI_CONTROLS:
            yield Finding(offset, f"expected text without bidirectional controls, got "
                          f"{_char(c)}", "it changes the order in which the text is shown: "
                          "delete it", True)
        elif c in INVISIBLE:
            yield Finding(offset, f"invisible character {_char(c)}",
                          "delete it unless the text needs it (copies from PDFs often hold "
                          "them)", False)
    for word in _WORD.finditer(text):
        if word.group().isascii():
            continue
        scripts: dict[str, str] = {}
        for c in word.group():
            if c.isalpha():
                script = unicodedata.name(c, "").split(" ", 1)[0]
                if script in _SCRIPTS:
                    scripts.setdefault(script, c)
        if len(scripts) > 1 and "LATIN" in scripts:
            others = [f"{s.capitalize()} '{c}' ({_char(c)})" for s, c in scripts.items()
                      if s != "LATIN"]
            yield Finding(word.start(), f"the word {word.group()!r} mixes Latin letters "
                          f"with {', '.join(others)}",
                          "retype the word in one alphabet: a look-alike letter hides a name "
                          "from search and from readers", False)
