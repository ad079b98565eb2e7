"""Pandoc citations in Markdown pages: find them and check their keys.

The syntax is Pandoc's (https://pandoc.org/MANUAL.html#citation-syntax):

    [@key]                 (IOM, 2019a)
    [@key, p. 12]          (IOM, 2019a, p. 12)
    [see @a, sec. 3; @b]   (see A, 2020, sec. 3; B, 2021)
    @key                   IOM (2019a)               author in text
    @key [p. 12]           IOM (2019a, p. 12)
    [-@key]                (2019a)                    author suppressed
    @{key}                 a key with unusual characters

Code (fenced, indented and inline), raw HTML, URLs, link destinations, Jinja expressions and
e-mail addresses are not citations; `\\@` is a literal '@'. Finding is done here, without
MkDocs, so the CLI can report unknown keys and unused entries from the same code; formatting
is the style's job (`cite/style.py`), and `cite/pages.py` puts the two together on a page.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import Problem
from ..evidence.textchecks import PAGE_LINK_BUDGET, link_cost_message, link_scan_cost

KEY = r"[\w](?:[\w]|[:.#$%&\-+?<>~/](?=[\w]))*"
_AT_KEY = rf"@(?:\{{(?P<braced>[^{{}}]+)\}}|(?P<key>{KEY}))"
_ITEM = re.compile(rf"(?P<prefix>(?:.*?(?<=\s))?)(?P<dash>-?){_AT_KEY}(?P<suffix>.*)", re.DOTALL)
_IN_TEXT = re.compile(_AT_KEY)
_CANDIDATE = re.compile(r"[\\\[@]")
_LINKING = ("(", "[", "{")
"""What follows the ']' of a link's text, a reference link's or an attribute list's."""
_LOCATOR = re.compile(r" ?\[(?P<locator>[^\[\]@]*)\](?![(\[{])")
# Characters before '@' that make it part of a word, an address or a path, not a citation.
_NOT_BEFORE_AT = re.compile(r"[\w.+\-/\\:@&=%~]")
MODES = ("author-date", "footnotes")
MAX_CITATION_CHARS = 1_000
"""Brackets holding more are not read as a citation (so that brackets nested 20,000 deep,
each looked into, cost no more than these): the longest in the review has 124."""


@dataclass(frozen=True)
class CiteItem:
    key: str
    prefix: str = ""
    suffix: str = ""
    """What follows the key, locator included, as written: ', p. 12'."""
    suppress_author: bool = False
    line: int = 0
    """1-based line and column of the item's '@' in the text it was found in."""
    column: int = 0


@dataclass(frozen=True)
class Citation:
    """One citation as written in a page: a bracketed list of items, or an author in text."""

    text: str
    items: tuple[CiteItem, ...]
    author_in_text: bool
    start: int
    end: int
    line: int
    column: int

    @property
    def keys(self) -> list[str]:
        return [item.key for item in self.items]


# ---------------------------------------------------------------------------------------------
# Finding citations


def find_citations(text: str) -> list[Citation]:
    """Every citation of a Markdown text, in order."""
    return find_citations_masked(text)[0]


def find_citations_masked(text: str) -> tuple[list[Citation], bytearray]:
    """Every citation, and which characters are code or markup (1) and which prose (0).

    Linear in the length of the text (one pass for the mask, one for the brackets), so that
    no page can slow the build: a page of 20,000 '[@' took 76 s when each '[' looked for its
    ']' anew.
    """
    masked = _mask(text)
    closing = _closing_brackets(text, masked)
    lines = [0] + [m.end() for m in re.finditer("\n", text)]
    found: list[Citation] = []
    resume = 0
    for candidate in _CANDIDATE.finditer(text):
        i = candidate.start()
        if i < resume or masked[i]:
            continue
        char = text[i]
        if char == "\\":
            resume = i + 2
            continue
        if char == "[":
            citation = _bracketed(text, i, closing.get(i, -1), lines)
            resume = citation.end if citation else _past_link_text(text, i, closing.get(i, -1))
        else:
            citation = _author_in_text(text, i, masked, lines)
            resume = citation.end if citation else i + 1
        if citation:
            found.append(citation)
    return found, masked


def _position(lines: list[int], offset: int) -> tuple[int, int]:
    line = bisect.bisect_right(lines, offset)
    return line, offset - lines[line - 1] + 1


def _bracketed(text: str, start: int, end: int, lines: list[int]) -> Citation | None:
    if end < 0 or end - start > MAX_CITATION_CHARS or (start > 0 and text[start - 1] in "!]") \
            or text[end + 1:end + 2] in _LINKING:
        return None
    content = text[start + 1:end]
    if "@" not in content:
        return None
    items = []
    offset = start + 1
    for part in _split_items(content):
        match = _ITEM.fullmatch(part)
        if match is None:
            return None
        line, column = _position(lines, offset + match.end("dash"))
        items.append(CiteItem(match.group("braced") or match.group("key"),
                              match.group("prefix").strip(), match.group("suffix").rstrip(),
                              bool(match.group("dash")), line, column))
        offset += len(part) + 1
    line, column = _position(lines, start)
    return Citation(text[start:end + 1], tuple(items), False, start, end + 1, line, column)


def _past_link_text(text: str, start: int, end: int) -> int:
    """Where to go on after a '[' that is no citation: past it, or past a link's text."""
    if end >= 0 and text[end + 1:end + 2] in ("(", "["):
        return end + 1
    return start + 1


_BRACKET_TOKENS = re.compile(r"\\.|\n\n|[\[\]]", re.DOTALL)


def _closing_brackets(text: str, masked: bytearray) -> dict[int, int]:
    """The ']' that closes each '[' of prose, by offset, in one pass: brackets nest, a
    backslash escapes the next character, and a citation does not span paragraphs."""
    closing: dict[int, int] = {}
    open_at: list[int] = []
    for token in _BRACKET_TOKENS.finditer(text):
        i = token.start()
        char = text[i]
        if char == "\n":
            open_at.clear()
        elif char == "\\" or masked[i]:
            continue
        elif char == "[":
            open_at.append(i)
        elif open_at:
            closing[open_at.pop()] = i
    return closing


def _split_items(content: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in content:
        depth += {"[": 1, "]": -1}.get(char, 0)
        if char == ";" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _author_in_text(text: str, at: int, masked: bytearray,
                    lines: list[int]) -> Citation | None:
    if at > 0 and _NOT_BEFORE_AT.match(text[at - 1]):
        return None
    match = _IN_TEXT.match(text, at)
    if match is None:
        return None
    end = match.end()
    suffix = ""
    locator = _LOCATOR.match(text, end)
    if locator and not any(masked[end:locator.end()]):
        suffix = locator.group("locator").strip()
        end = locator.end()
    key = match.group("braced") or match.group("key")
    line, column = _position(lines, at)
    item = CiteItem(key, "", suffix, False, line, column)
    return Citation(text[at:end], (item,), True, at, end, line, column)


# -- what is not prose ---------------------------------------------------------------------------

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")
_ADMONITION = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s")
"""An admonition (`!!! note "Title"`, `??? note`, `???+ note`): its body is indented like a list
item's, as prose, not as code."""
_INLINE_START = re.compile(r"<|\{[{%#]|(?<=\])\(|(?:https?|ftp)://|www\.")
_TAG = re.compile(r"<[A-Za-z/!][^<>\n]*>")                    # raw HTML tags and autolinks
_URL = re.compile(r"(?:(?:https?|ftp)://|www\.)[^\s<>\]]+")   # bare URLs
_DESTINATION_RUN = re.compile(r"[^)\s]*")
_TITLE = re.compile(r"\s+\"[^\"]*\"\)")
_CLOSERS = {"<!--": "-->", "{{": "}}", "{%": "%}", "{#": "#}"}
"""HTML comments and Jinja (mkdocs-macros), which may span lines."""


def _inline_spans(text: str) -> Iterator[tuple[int, int]]:
    """Raw HTML, Jinja, link destinations and bare URLs, left to right, in linear time.

    Each span starts at the first place where one of them matches, as a regular expression
    alternation would find them; but an opener with no closer after it, or a link
    destination with no ')', is not looked for again further on (the expression did, from
    every opener: quadratic on 20,000 unclosed '<!--' or '](').
    """
    unclosed: set[str] = set()
    failed_run = (-1, -1)  # a destination run known to end without ')'
    pos = 0
    while (start := _INLINE_START.search(text, pos)) is not None:
        at = start.start()
        end = -1
        opener = text[at:at + 4] if text.startswith("<!--", at) else text[at:at + 2]
        if opener in _CLOSERS and opener not in unclosed:
            close = text.find(_CLOSERS[opener], at + len(opener))
            if close < 0:
                unclosed.add(opener)
            else:
                end = close + len(_CLOSERS[opener])
        if end < 0 and text[at] == "<":
            tag = _TAG.match(text, at)
            end = tag.end() if tag else -1
        elif end < 0 and text[at] == "(" and not failed_run[0] <= at < failed_run[1]:
            # Every '(' inside a run that ended without ')' ends the same way: not again.
            run_end = _DESTINATION_RUN.match(text, at + 1).end()  # type: ignore[union-attr]
            if text[run_end:run_end + 1] == ")":
                end = run_end + 1
            elif (title := _TITLE.match(text, run_end)) is not None:
                end = title.end()
            else:
                failed_run = (at, run_end)
        elif end < 0 and text[at] not in "<({":
            url = _URL.match(text, at)
            end = url.end() if url else -1
        if end > at:
            yield at, end
            pos = end
        else:
            pos = at + 1


def _mask(text: str) -> bytearray:
    """1 for each character that is code, markup or a URL, where no citation can be."""
    masked = bytearray(len(text))
    _mask_blocks(text, masked)
    _mask_code_spans(text, masked)
    for start, end in _inline_spans(text):
        if not masked[start]:
            masked[start:end] = b"\x01" * (end - start)
    return masked


def _mask_blocks(text: str, masked: bytearray) -> None:
    """Fenced and indented code blocks (in an admonition's body, indented once more)."""
    offset, fence, blank_before, in_list = 0, "", True, False
    box = 0  # the indentation of the admonition body the line is in (0: none)
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        opening = _FENCE.match(line)
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
        if stripped and box and indent < box:
            box = 0  # a line less indented than the body ends the admonition
        if fence:
            masked[offset:offset + len(line)] = b"\x01" * len(line)
            if stripped.startswith(fence) and set(stripped) == {fence[0]}:
                fence = ""
        elif opening:
            fence = opening.group(1)
            masked[offset:offset + len(line)] = b"\x01" * len(line)
        elif stripped and indent >= box + 4 and blank_before and not in_list:
            masked[offset:offset + len(line)] = b"\x01" * len(line)
            blank_before = True  # the next indented line goes on with the code block
            offset += len(line)
            continue
        if stripped:
            if _ADMONITION.match(line):
                box, in_list = indent + 4, False
            else:
                in_list = bool(_LIST_ITEM.match(line)) or (in_list and line[:1] in " \t")
        blank_before = not stripped
        offset += len(line)


_TICKS = re.compile("`+")


def _run_of_ticks(text: str, at: int) -> int:
    return _TICKS.match(text, at).end() - at  # type: ignore[union-attr]


def _mask_code_spans(text: str, masked: bytearray) -> None:
    i = 0
    while (start := text.find("`", i)) >= 0:
        run = _run_of_ticks(text, start)
        ticks = "`" * run
        close = start + run
        while True:
            close = text.find(ticks, close)
            if close < 0 or text[close + run:close + run + 1] != "`":
                break
            close += _run_of_ticks(text, close)
        if close < 0:
            i = start + run
            continue
        if not masked[start]:
            masked[start:close + run] = b"\x01" * (close + run - start)
        i = close + run


# ---------------------------------------------------------------------------------------------
# Checking keys


def check_keys(citations: Iterable[Citation], known: Iterable[str], path: str,
               bib_path: str) -> list[Problem]:
    """One problem per unknown key, at the line and column of its '@'."""
    keys = set(known)
    problems = []
    for citation in citations:
        for item in citation.items:
            key = item.key
            if key in keys:
                continue
            close = difflib.get_close_matches(key, sorted(keys), n=1, cutoff=0.6)
            hint = (f"did you mean '{close[0]}'?" if close else
                    f"add an entry '@report{{{key}, ...}}' to {bib_path}, or write \\@ for a "
                    "literal '@'")
            problems.append(Problem(path, item.line, item.column, "",
                                    f"expected a citation key from {bib_path}, got '{key}'",
                                    hint))
    return problems


def page_problems(text: str, path: str) -> list[Problem]:
    """A page whose links Markdown would read in more than linear time, at its worst '['
    (code, which Markdown takes out before reading links, does not count)."""
    if text.count("[") < 2:
        return []
    code = bytearray(len(text))
    _mask_blocks(text, code)
    _mask_code_spans(text, code)
    cost = link_scan_cost(text, code)
    if cost.chars <= PAGE_LINK_BUDGET:
        return []
    line = text.count("\n", 0, cost.worst) + 1
    column = cost.worst - (text.rfind("\n", 0, cost.worst) + 1) + 1
    return [Problem(path, line, column, "", *link_cost_message(cost, PAGE_LINK_BUDGET))]


def front_matter_lines(text: str) -> int:
    """Number of lines of the YAML front matter MkDocs strips before a page's Markdown."""
    match = re.match(r"^---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|$)", text, re.DOTALL)
    return match.group(0).count("\n") if match else 0


@dataclass(frozen=True)
class PageCitations:
    """The citations of one hand-written page."""

    src: str
    """Path of the page inside the docs folder, e.g. 'about.md'."""
    title: str
    citations: list[Citation]


def scan_page(src: str, text: str) -> PageCitations:
    """Citations of a page's file text (front matter included, so lines are the file's)."""
    skip = front_matter_lines(text)
    body = text.split("\n", skip)[-1] if skip else text
    found = [_shifted(c, skip) for c in find_citations(body)]
    return PageCitations(src, page_title(text, src), found)


def _shifted(citation: Citation, lines: int) -> Citation:
    items = tuple(replace(item, line=item.line + lines) for item in citation.items)
    return replace(citation, items=items, line=citation.line + lines)


def page_title(text: str, src: str) -> str:
    """A page's title as MkDocs finds it: front matter `title:`, else the first '# ' heading."""
    front = "\n".join(text.splitlines()[:front_matter_lines(text)])
    match = re.search(r"^title:\s*[\"']?(.+?)[\"']?\s*$", front, re.MULTILINE)
    if match:
        return match.group(1)
    heading = re.search(r"^#\s+(.+?)\s*#*\s*$", text, re.MULTILINE)
    if heading:
        return re.sub(r"\s*\{[^}]*\}\s*$", "", heading.group(1))
    return Path(src).stem.replace("-", " ").replace("_", " ").capitalize()


def scan_docs(docs_dir: Path) -> list[PageCitations]:
    """Citations of every Markdown page under a docs folder."""
    return [scan_page(path.relative_to(docs_dir).as_posix(), path.read_text(encoding="utf-8"))
            for path in sorted(docs_dir.rglob("*.md"))]


def cited_keys(pages: Iterable[PageCitations]) -> set[str]:
    return {key for page in pages for citation in page.citations for key in citation.keys}
