"""Problems found in evidence records, and the one exception that carries them all.

Every problem is reported in one grammar, the one compilers use, so that editors and CI can
turn it into a link:

    evidence/activities/eurofront.yaml:14:5: countries[2]: expected an ISO 3166-1 code, got 'XX'
      hint: use a two-letter code such as 'CO' (Colombia)

File names, fields and values come from strangers, and CI logs read some lines as commands:
every part of a message is shown on one line, with control, invisible and direction-changing
characters as escapes (`\\n`, `\\x1b`, `\\u202e`), so no message can start a line of its own,
move a terminal's cursor or reorder what it says; GitHub annotations are escaped by the rules
of workflow commands.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .render.markup import plural


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one value of one file."""

    path: str
    """File the problem is in, relative to the project root, with forward slashes."""
    line: int
    """1-based line of the offending value (0 when the file cannot be read at all)."""
    column: int
    """1-based column of the offending value."""
    field: str
    """Dotted path of the field, with list items as `key[i]`; empty for the whole file."""
    message: str
    """What is wrong: `expected X, got Y` where that reads naturally."""
    hint: str = ""
    """How to fix it, when there is something more useful to say than the message."""

    def __str__(self) -> str:
        # A problem with a folder or a whole unreadable file has no position to give.
        path = printable(self.path)
        if path.lstrip().startswith(":"):  # a line starting with '::' is a GitHub command
            path = "./" + path
        where = f"{path}:{self.line}:{self.column}:" if self.line else f"{path}:"
        head = f"{where} {self._text()}"
        return f"{head}\n  hint: {printable(self.hint)}" if self.hint else head

    def _text(self) -> str:
        message = printable(self.message)
        return f"{printable(self.field)}: {message}" if self.field else message

    def github_annotation(self) -> str:
        """The problem as a GitHub Actions workflow command, shown on the pull request diff:
        one line, its properties and message escaped as the runner unescapes them."""
        text = self._text() + (f" (hint: {printable(self.hint)})" if self.hint else "")
        properties = ",".join(f"{name}={_escape_property(str(value))}" for name, value in
                              (("file", self.path), ("line", self.line), ("col", self.column)))
        return f"::error {properties}::{_escape_data(text)}"


# Line breaks (GitHub's runner reads \r and \n as ends of lines; Python and terminals more),
# other control characters, and the invisible and bidirectional formatting characters.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064"
                          "\u2066-\u2069\ufeff]")


def printable(text: str) -> str:
    """Text as a message shows it: on one line, each character of `_UNPRINTABLE` as its Python
    escape, and `##[` broken (`##\\[`): GitHub still reads `##[command]` anywhere in a line."""
    return _UNPRINTABLE.sub(lambda m: ascii(m.group())[1:-1], text).replace("##[", "##\\[")


def _escape_data(text: str) -> str:
    """The message of a workflow command (actions/toolkit `escapeData`)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A property value of a workflow command (actions/toolkit `escapeProperty`): `:` and `,`
    too, or a file name could end the properties (`::`) or start another (`,line=1`)."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class EvidenceError(Exception):
    """The root of every error this project raises: the CLI and the MkDocs plugin catch it.

    Raised with every problem found (each with its file, line and column), or, by the
    subclasses below, with one message when the error has no place in a file.
    """

    def __init__(self, problems: Iterable[Problem] | str = ()) -> None:
        self.message = problems if isinstance(problems, str) else ""
        self.problems: list[Problem] = [] if isinstance(problems, str) else sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        if not self.problems:
            return self.message
        n = len(self.problems)
        lines = [str(p) for p in self.problems]
        lines.append(f"Aborted with {plural(n, 'evidence error')}.")
        return "\n".join(lines)


class ConfigError(EvidenceError):
    """The `evidence` plugin's options in mkdocs.yml cannot be used; carries every problem,
    with positions."""


class ConfigFileError(ConfigError):
    """mkdocs.yml cannot be read as YAML at all (its one problem says where and why)."""


class CitationStyleError(EvidenceError):
    """A style that cannot be used, or a CSL processor that failed."""

    def __init__(self, message: str, citations: list[str] | None = None) -> None:
        super().__init__(message)
        self.citations = citations or []
        """The citations (as written) that did not come back from the processor, if any."""


class ReviewError(EvidenceError, ValueError):
    """A macro was called with an id or value that does not exist."""


class ScaffoldError(EvidenceError, ValueError):
    """A template cannot be written for what was asked; the message says why and what to do."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


class RecordExists(ScaffoldError):
    """The record's file is already there: it is never overwritten."""


class LinkCheckError(EvidenceError):
    """A link the checker refuses to request."""


class PrivateAddress(LinkCheckError):
    """A request would go to a loopback, private, link-local or otherwise non-public address."""

    def __init__(self, host: str, address: str) -> None:
        shown = host if host == address else f"{host} ({address})"
        super().__init__(f"not checked: {shown} is not a public address "
                         "(--allow-private checks it)")


class PdfError(EvidenceError):
    """The report cannot be made (a missing system library, a page that is not there)."""


class RefusedResource(PdfError, ValueError):
    """A URL the report does not read; WeasyPrint reports it as a failed fetch."""


class SearchIndexError(EvidenceError):
    """Pagefind could not index the site."""


class UnknownCountry(EvidenceError, ValueError):
    """Raised with a suggestion (or none) when a code is not ISO 3166-1."""

    def __init__(self, value: str, suggestion: str | None) -> None:
        super().__init__(value)
        self.value = value
        self.suggestion = suggestion


class UnknownRegion(EvidenceError, ValueError):
    """Raised with a suggestion (or none) when a value is not a UN M49 region code."""

    def __init__(self, value: str, suggestion: str | None) -> None:
        super().__init__(value)
        self.value = value
        self.suggestion = suggestion


def display_path(path: Path, root: Path) -> str:
    """Path of a file as shown in messages: relative to the project root when inside it.

    Paths found by walking `root` are relative to it as they are; only others are resolved
    (resolving costs system calls, which add up over thousands of records).
    """
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
