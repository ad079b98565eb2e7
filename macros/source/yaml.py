"""Read one YAML record file into plain Python values, keeping the position of every value.

PyYAML's safe loader loses positions and silently keeps the last of two duplicate keys, so the
file is *composed* (with libyaml when present) and the node tree is converted here: that is
where duplicate keys, aliases and non-standard tags become problems with a line and column.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml

from ..errors import Problem

try:  # libyaml is an optional speed-up; the pure-Python composer gives the same nodes
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


_YAML = "tag:yaml.org,2002:"
_FIRST: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    k: tuple(v) for k, v in _BaseLoader.yaml_implicit_resolvers.items() if k is not None}


def _resolve(kind: type[yaml.Node], value: Any, implicit: Any) -> str:
    """PyYAML's tag resolution, cut to what the safe loader uses: no path resolvers, and
    resolvers by first character only."""
    if kind is yaml.ScalarNode:
        if implicit[0]:
            for tag, regexp in _FIRST.get(value[:1], ()):
                if regexp.match(value):
                    return tag
        return _YAML + "str"
    return _YAML + ("seq" if kind is yaml.SequenceNode else "map")


class _Loader(_BaseLoader):
    """The safe loader, resolving tags with `_resolve`: the composer calls these for every
    value (half a million times for 10,000 records); the tags are the same."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        return _resolve(kind, value, implicit)

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


assert None not in _BaseLoader.yaml_implicit_resolvers and not _BaseLoader.yaml_path_resolvers

Loc = tuple[str | int, ...]

MAX_FILE_BYTES = 512 * 1024
"""Records are short; a larger file is a mistake (or an attack) rather than a record."""
MAX_DEPTH = 32

_SCALAR_TAGS = {_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


class Document:
    """A parsed record file: its data and where each value and key sits in the file.

    Positions are only needed to report a problem, so a file read without any is kept as text
    and located again, with the same reader, the first time a position is asked for.
    """

    def __init__(self, path: str, data: Any, text: str | None = None) -> None:
        self.path = path
        self.data = data
        self.refused: set[Loc] = set()
        """Values the reader refused (aliases, tags): the model need not complain about them."""
        self._text = text
        self._positions: dict[Loc, tuple[int, int]] = {}
        self._key_positions: dict[Loc, tuple[int, int]] = {}

    @property
    def positions(self) -> dict[Loc, tuple[int, int]]:
        self._locate()
        return self._positions

    @property
    def key_positions(self) -> dict[Loc, tuple[int, int]]:
        self._locate()
        return self._key_positions

    def _locate(self) -> None:
        if self._text is not None:
            text, self._text = self._text, None
            node = yaml.compose(text, Loader=_Loader)
            if node is not None:  # it was read once already: it is there
                _Converter(self, []).convert(node, ())

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value (or key) at `loc`, else of its nearest ancestor."""
        if key and loc in self.key_positions:
            return self.key_positions[loc]
        while loc not in self.positions and loc:
            loc = loc[:-1]
        return self.positions.get(loc, (1, 1))


def format_loc(loc: Loc) -> str:
    """`('structure', 0, 'items', 3)` → `structure[0].items[3]`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


_KINDS = ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISDIR, "a folder"),
          (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a device file"), (stat.S_ISBLK, "a device file"))


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words ('' for a regular file)."""
    return next((kind for test, kind in _KINDS if test(mode)), "" if stat.S_ISREG(mode)
                else "a special file")


def not_regular_problem(shown: str, kind: str) -> Problem:
    """The problem with a project file that is a link, a folder or a special file."""
    hint = ("replace the link with the file itself: a link may point outside the project"
            if kind == "a symbolic link" else "the project reads regular files only")
    return Problem(shown, 0, 0, "", f"expected a regular file inside the project, got {kind}",
                   hint)


def kind_problem(path: Path, shown: str) -> Problem | None:
    """None when `path` is a regular file or absent, else what it is (the link not followed,
    nothing opened)."""
    try:
        kind = file_kind(os.lstat(path).st_mode)
    except FileNotFoundError:
        return None
    return not_regular_problem(shown, kind) if kind else None


class NotRegular(OSError):
    """A project file that is not a regular file (its kind is the message)."""


def read_regular(path: Path, limit: int) -> tuple[bytes, int]:
    """The bytes of a regular file (none when it has more than `limit`), and its size. A
    symbolic link is not followed, a named pipe not waited on (it is opened without blocking,
    then refused)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        info = os.fstat(fd)
        kind = file_kind(info.st_mode)
        if kind:
            raise NotRegular(kind)
        if info.st_size > limit:
            return b"", info.st_size
        with os.fdopen(fd, "rb", closefd=False) as file:
            data = file.read(limit + 1)
        return data, len(data)
    finally:
        os.close(fd)


def load_document(path: Path, shown: str) -> tuple[Document | None, list[Problem]]:
    """Parse `path` (shown in messages as `shown`); return the document or the problems.

    Only a regular file is read: a symbolic link (to a system file, or outside the project)
    or a special file is refused without being opened, and nothing of it is shown."""
    try:
        raw, size = read_regular(path, MAX_FILE_BYTES)
    except NotRegular as exc:
        return None, [not_regular_problem(shown, str(exc))]
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # O_NOFOLLOW on a link
            return None, [not_regular_problem(shown, "a symbolic link")]
        return None, [Problem(shown, 0, 0, "", f"cannot read the file: {exc.strerror}",
                              "check that it exists and is readable")]
    if size > MAX_FILE_BYTES:
        return None, [
            Problem(shown, 1, 1, "", f"file is {size:,} bytes, over the limit of "
                    f"{MAX_FILE_BYTES:,}", "split the record or move long text to a source")
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            Problem(shown, line, col, "", f"expected UTF-8 text, got byte 0x{raw[exc.start]:02x}",
                    "save the file as UTF-8")
        ]
    try:  # the common case, a file the reader has nothing to say about: no positions kept
        return Document(shown, _read_plain(text), text), []
    except (_Refused, yaml.YAMLError):
        pass
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = f"YAML syntax error: {exc.problem or exc.context}"
        at = text.splitlines()[line - 1][col - 1:col] if mark and line <= len(
            text.splitlines()) else ""
        hint = "indent with spaces, not tabs" if at == "\t" else _syntax_hint(exc)
        from .indentation import indentation_problem  # only for a file that cannot be read

        return None, [indentation_problem(text, line, shown) or
                      Problem(shown, line, col, "", message, hint)]
    except yaml.YAMLError as exc:  # reader errors (control characters) carry no mark
        return None, [Problem(shown, 1, 1, "", f"YAML syntax error: {exc}")]
    if node is None:
        return None, [Problem(shown, 1, 1, "", "file is empty", "copy an existing record")]
    doc = Document(shown, None)
    problems: list[Problem] = []
    doc.data = _Converter(doc, problems).convert(node, ())
    return doc, problems


class _Refused(Exception):
    """The file uses something the position-keeping reader reports as a problem."""


_SCALARS = {_YAML + "int": _CONSTRUCTOR.construct_yaml_int,
            _YAML + "float": _CONSTRUCTOR.construct_yaml_float,
            _YAML + "bool": _CONSTRUCTOR.construct_yaml_bool,
            _YAML + "null": _CONSTRUCTOR.construct_yaml_null}


def _read_plain(text: str) -> Any:
    """The values `_Converter` makes of the file, read straight from the parser's events (no
    node tree, no positions). Raises _Refused wherever `_Converter` would report a problem or
    the file is not one plain document, so that it is read again the careful way: messages
    come from one reader only."""
    loader = _Loader(text)
    try:
        events = iter(loader.get_event, None)
        if (type(next(events)) is not yaml.StreamStartEvent
                or type(next(events)) is not yaml.DocumentStartEvent):
            raise _Refused
        data = _event_value(events, next(events), 0)
        if (type(next(events)) is not yaml.DocumentEndEvent
                or type(next(events)) is not yaml.StreamEndEvent):
            raise _Refused
        return data
    finally:
        loader.dispose()


_STR, _SEQ, _MAP = _YAML + "str", _YAML + "seq", _YAML + "map"
_TEXT = {_STR, _YAML + "timestamp"}


def _scalar_tag(event: Any) -> str:
    """The scalar's tag, resolved as the composer resolves it (inline: it runs for every
    value)."""
    tag = event.tag
    if tag is not None and tag != "!":
        return str(tag)
    if event.implicit[0]:
        value = event.value
        for tag, regexp in _FIRST.get(value[:1], ()):
            if regexp.match(value):
                return tag
    return _STR


def _event_value(events: Any, event: Any, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise _Refused
    kind = type(event)
    if kind is yaml.ScalarEvent:
        tag = _scalar_tag(event)
        if tag in _TEXT:
            return event.value  # dates stay text, as in _Converter.scalar
        if tag in _SCALARS:
            return _SCALARS[tag](yaml.ScalarNode(tag, event.value))
        raise _Refused
    if kind is yaml.SequenceStartEvent:
        if event.tag not in (None, "!", _SEQ):
            raise _Refused
        items = []
        item = next(events)
        while type(item) is not yaml.SequenceEndEvent:
            items.append(_event_value(events, item, depth + 1))
            item = next(events)
        return items
    if kind is yaml.MappingStartEvent:
        if event.tag not in (None, "!", _MAP):
            raise _Refused
        out: dict[str, Any] = {}
        key = next(events)
        while type(key) is not yaml.MappingEndEvent:
            if type(key) is not yaml.ScalarEvent or _scalar_tag(key) != _STR or key.value in out:
                raise _Refused
            out[key.value] = _event_value(events, next(events), depth + 1)
            key = next(events)
        return out
    raise _Refused  # an alias


def _syntax_hint(exc: yaml.MarkedYAMLError) -> str:
    problem = str(exc.problem or "")
    if "\t" in problem or "tab" in problem:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return "put text containing ': ' in quotes"
    if "nesting depth" in problem:
        return "records nest a few levels deep at most: check the brackets"
    if "expected a single document" in str(exc.context or ""):
        return "a record file holds one record: remove the '---' separator"
    return "check the indentation and quoting around this position"


class _Converter:
    """Turn a composed node tree into dicts, lists and scalars, recording positions."""

    def __init__(self, doc: Document, problems: list[Problem]) -> None:
        self.doc = doc
        self.problems = problems
        self.seen: set[int] = set()

    def problem(self, node: yaml.Node, loc: Loc, message: str, hint: str = "") -> None:
        self.doc.refused.add(loc)
        mark = node.start_mark
        self.problems.append(
            Problem(self.doc.path, mark.line + 1, mark.column + 1, format_loc(loc), message, hint)
        )

    def convert(self, node: yaml.Node, loc: Loc) -> Any:
        self.doc.positions[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        # An alias yields the very same node object twice; refusing it also defuses alias bombs.
        if id(node) in self.seen:
            self.problem(node, loc, "YAML aliases are not allowed in records",
                         "write the value out instead of using &anchor / *alias")
            return None
        self.seen.add(id(node))
        if len(loc) > MAX_DEPTH:
            self.problem(node, loc, f"nesting deeper than {MAX_DEPTH} levels")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _YAML + "seq":
                self.bad_tag(node, loc)
                return None
            return [self.convert(item, (*loc, i)) for i, item in enumerate(node.value)]
        return self.scalar(node, loc)

    def mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any] | None:
        if node.tag != _YAML + "map":
            self.bad_tag(node, loc)
            return None
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _YAML + "str":
                self.problem(key_node, loc, f"expected a field name, got {key_node.value!r}"
                             if isinstance(key_node, yaml.ScalarNode) else
                             "expected a field name, got a list or mapping",
                             "field names are plain words such as 'title'")
                continue
            key = key_node.value
            key_line = key_node.start_mark.line + 1
            if key in first_line:
                self.problem(key_node, (*loc, key),
                             f"duplicate key '{key}' (first defined on line {first_line[key]})",
                             "YAML would silently keep only the last one: merge or remove one")
                continue
            first_line[key] = key_line
            self.doc.key_positions[(*loc, key)] = (key_line, key_node.start_mark.column + 1)
            out[key] = self.convert(value_node, (*loc, key))
        return out

    def scalar(self, node: yaml.Node, loc: Loc) -> Any:
        if node.tag not in _SCALAR_TAGS:
            self.bad_tag(node, loc)
            return None
        if node.tag in (_YAML + "str", _YAML + "timestamp"):
            # Dates stay text: the model parses them, so '2024-13-01' gets a clear message.
            return node.value
        return _CONSTRUCTOR.construct_object(node, deep=True)

    def bad_tag(self, node: yaml.Node, loc: Loc) -> None:
        tag = node.tag.replace(_YAML, "!!")
        self.problem(node, loc, f"YAML tag '{tag}' is not allowed",
                     "records hold plain text, numbers, lists and mappings only")
