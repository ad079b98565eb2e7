"""What is wrong with the indentation of a YAML file that cannot be read, in words a
contributor can act on.

libyaml says where it stopped ("did not find expected '-' indicator", "mapping values are not
allowed in this context"), not what the line should look like. When a file cannot be read,
its lines up to the one where reading stopped are followed here as YAML nests them (block
mappings and lists, with their columns; text that continues on the next lines, block scalars
and brackets left open are passed over), and the first line that fits no column of what is
open is named with the column it should have: that of its sibling items or fields.

    evidence/activities/x.yaml:4:2: sources[1]: expected an indentation of 2 spaces, like the
    item on line 3, got 1 space

Only what is sure is said: a line that fits, or a file this reading cannot follow, gives
None, and the reader's own message stands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from ..errors import Problem
from .yaml import Loc, format_loc

_KEY = re.compile(r"""(?P<key>"[^"]*"|'[^']*'|[^\s"'#\-\[\]{},&*!|>%@`?:][^#]*?|-[^\s#][^#]*?)"""
                  r"""\s*:(?:\s+(?P<value>.*))?$""")
_BLOCK_SCALAR = re.compile(r"[|>][-+0-9]*\s*(?:#.*)?")
_ITEM = re.compile(r"-(?:\s+|$)")


@dataclass
class _Block:
    """A block mapping or list that is open at some line, and where its entries start."""

    kind: Literal["map", "seq"]
    indent: int
    loc: Loc
    line: int
    """Line of its last entry."""
    key: str = ""
    """Its last key (a mapping)."""
    count: int = 0
    """How many items it has (a list)."""
    open_children: bool = False
    """Its last entry has no value on its line: lines indented more are that value."""
    open_text: bool = False
    """Its last entry has text on its line: lines indented more continue that text."""

    def entry_loc(self) -> Loc:
        """Where a value nested under its last entry is."""
        return (*self.loc, self.key) if self.kind == "map" else (*self.loc, self.count - 1)


@dataclass
class _State:
    stack: list[_Block] = field(default_factory=list)
    block_scalar: int | None = None
    """While inside a `|` or `>` text: the indentation of the line that opened it."""
    brackets: int = 0
    """Brackets of a flow list or mapping opened and not yet closed."""


def indentation_problem(text: str, stop_line: int, path: str) -> Problem | None:
    """The first line up to `stop_line` (1-based, where the reader stopped) whose indentation
    fits nothing open before it, as a problem saying what it should be; None if none."""
    state = _State()
    for number, raw in enumerate(text.splitlines()[:stop_line], start=1):
        stripped = raw.lstrip(" \t")
        lead = raw[: len(raw) - len(stripped)]
        if state.block_scalar is not None:
            if not stripped or len(lead.expandtabs(1)) > state.block_scalar:
                continue
            state.block_scalar = None
        content = _without_comment(stripped)
        if not content or content in ("---", "..."):
            continue
        if state.brackets > 0:
            state.brackets = max(0, state.brackets + _bracket_balance(content))
            continue
        if "\t" in lead:
            return _tab_problem(state, number, lead, content, path)
        problem = _follow(state, number, len(lead), content, path)
        if problem is not None:
            return problem
    return None


def _follow(state: _State, number: int, indent: int, content: str,
            path: str) -> Problem | None:
    """Take one line into `state`, or say why its indentation fits nothing open."""
    kind = _kind(content)
    stack = state.stack
    top = stack[-1] if stack else None
    if top is None:
        if indent == 0 or kind == "other":
            _open(state, number, indent, content, kind, ())
            return None
        return None  # a first line indented: the reader's own message is clearer
    if top.open_children and (indent > top.indent or (indent == top.indent and kind == "item"
                                                      and top.kind == "map")):
        top.open_children = False
        _open(state, number, indent, content, kind, top.entry_loc())
        return None
    if top.open_text and indent > top.indent:
        if kind == "other":
            return None  # the text of the entry above goes on
        return _misplaced(stack, number, indent, content, kind, path, under=top)
    for block in reversed(stack):
        if block.indent < indent:
            break
        if block.indent == indent and _fits(block, kind):
            del stack[stack.index(block) + 1:]
            _enter(state, block, number, content, kind)
            return None
    return _misplaced(stack, number, indent, content, kind, path)


def _kind(content: str) -> Literal["item", "key", "other"]:
    if _ITEM.match(content):
        return "item"
    return "key" if _KEY.match(content) else "other"


def _fits(block: _Block, kind: str) -> bool:
    return (block.kind, kind) in (("map", "key"), ("seq", "item"))


def _open(state: _State, number: int, indent: int, content: str, kind: str, loc: Loc) -> None:
    """A line that starts a new mapping or list (or is a value of its own)."""
    if kind == "other":
        _value(state, None, content, indent)
        return
    block = _Block("map" if kind == "key" else "seq", indent, loc, number)
    state.stack.append(block)
    _enter(state, block, number, content, kind)


def _enter(state: _State, block: _Block, number: int, content: str, kind: str) -> None:
    """A line that is the next entry of `block`."""
    block.line = number
    block.open_children = block.open_text = False
    if kind == "key":
        match = _KEY.match(content)
        assert match is not None
        block.key = match.group("key").strip("'\"")
        _value(state, block, match.group("value") or "", block.indent)
        return
    block.count += 1
    rest = content[_ITEM.match(content).end():]  # type: ignore[union-attr]
    if _kind(rest) == "key":  # `- key: value` starts a mapping inside the item
        column = block.indent + len(content) - len(rest)
        inner = _Block("map", column, block.entry_loc(), number)
        state.stack.append(inner)
        _enter(state, inner, number, rest, "key")
    else:
        _value(state, block, rest, block.indent)


def _value(state: _State, block: _Block | None, value: str, indent: int) -> None:
    """What the value written on an entry's line leaves open for the next lines."""
    value = _without_comment(value)
    if block is not None and not value:
        block.open_children = True
    elif _BLOCK_SCALAR.fullmatch(value):
        state.block_scalar = indent
    elif value[:1] in "[{":
        state.brackets = max(0, _bracket_balance(value))
        if block is not None:
            block.open_text = True
    elif block is not None:
        block.open_text = True


def _misplaced(stack: list[_Block], number: int, indent: int, content: str, kind: str,
               path: str, under: _Block | None = None) -> Problem | None:
    """The problem with a line that fits no open mapping or list: it should be where its
    nearest sibling is (the innermost of two as near)."""
    siblings = [b for b in stack if _fits(b, kind)]
    if not siblings:
        return None
    best = min(reversed(siblings), key=lambda b: abs(b.indent - indent))
    if kind == "key":
        match = _KEY.match(content)
        assert match is not None
        key = match.group("key").strip("'\"")
        loc: Loc = (*best.loc, key)
        like = f"'{best.key}:'"
        what = f"'{key}:'"
    else:
        loc = (*best.loc, best.count)
        like, what = "the item", "the '-'"
    message = (f"expected {_indentation(best.indent)}, like {like} on line {best.line}, got "
               f"{_spaces(indent)}")
    if under is not None and kind == "key":
        hint = (f"'{under.key + ':' if under.kind == 'map' else '-'}' on line {under.line} already "
                f"has its value, so nothing can be nested under it: move {what} to column "
                f"{best.indent + 1}, under {like} (or, if the text goes on, put it in quotes)")
    else:
        plural = "fields of one mapping" if kind == "key" else "items of one list"
        hint = f"{plural} start in the same column: move {what} to column {best.indent + 1}"
        others = [b for b in siblings if b is not best]
        if kind == "key" and others:
            other = min(reversed(others), key=lambda b: abs(b.indent - indent))
            hint += (f", under {like}, or to column {other.indent + 1}, under '{other.key}:' "
                     f"(line {other.line}), if it belongs there")
        else:
            hint += f", under {like}" if kind == "key" else f", under the '-' of line {best.line}"
    return Problem(path, number, indent + 1, format_loc(loc), message, hint)


def _tab_problem(state: _State, number: int, lead: str, content: str,
                 path: str) -> Problem:
    """A tab in the indentation: YAML indents with spaces only."""
    top = state.stack[-1] if state.stack else None
    expected = 0 if top is None else top.indent + 2 if top.open_children else top.indent
    loc: Loc = ()
    kind = _kind(content)
    if top is not None and top.open_children:
        loc = top.entry_loc()
        if kind == "item":
            loc = (*loc, 0)
    elif top is not None and _fits(top, kind):
        loc = top.loc if kind == "key" else (*top.loc, top.count)
    if kind == "key":
        match = _KEY.match(content)
        assert match is not None
        loc = (*loc, match.group("key").strip("'\""))
    return Problem(path, number, 1, format_loc(loc),
                   f"expected {_indentation(expected)}, got a tab",
                   f"YAML indents with spaces only: replace the tab with {_spaces(expected)} "
                   "(editors can be set to insert spaces for the Tab key)"
                   if expected else "YAML indents with spaces only: remove the tab")


def _indentation(n: int) -> str:
    return "no indentation" if n == 0 else f"an indentation of {_spaces(n)}"


def _spaces(n: int) -> str:
    return "no spaces" if n == 0 else "1 space" if n == 1 else f"{n} spaces"


def _without_comment(text: str) -> str:
    """The line without a trailing comment (a '#' after a space, outside quotes)."""
    quote = ""
    for i, char in enumerate(text):
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"" and (i == 0 or text[i - 1] in " [{,:"):
            quote = char
        elif char == "#" and (i == 0 or text[i - 1] in " \t"):
            return text[:i].rstrip()
    return text.rstrip()


def _bracket_balance(text: str) -> int:
    """Brackets opened minus closed on a line, outside quotes."""
    balance, quote = 0, ""
    for char in text:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "[{":
            balance += 1
        elif char in "]}":
            balance -= 1
    return balance
