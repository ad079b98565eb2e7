"""How every `evidence` command describes itself: one parser class for the command and its
subcommands (so a subcommand registered by another module, as `docx` is, gets the same help),
a formatter that keeps the examples as written and adds each option's default, and
`add_command`, which gives a subcommand its summary, description and examples.

The help is in English, as the command names, the options and the field names it talks about
are: argparse's own words ("usage:", "options:") have no Spanish translation in Python, so a
translated description would sit in half-English help. CONTRIBUTING.es.md explains every
command in Spanish; the record templates `evidence new` writes follow the user's locale.
"""

from __future__ import annotations

import argparse
import textwrap
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Any

DISTRIBUTION = "lac-migration-evidence"
"""The name the project is installed under (pyproject.toml's [project] name)."""

PATH_HELP = "project root: the folder of mkdocs.yml and evidence/"


def package_version() -> str:
    """The installed version, from the package metadata (pyproject.toml's version)."""
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown (not installed)"


class HelpFormatter(argparse.HelpFormatter):
    """Paragraphs of a description or epilog wrapped to the terminal, and blocks whose lines
    are indented (the examples, a table) kept as written; every option or optional positional
    that has a default says it, unless its help already does."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        blocks = []
        for block in text.split("\n\n"):
            lines = block.splitlines()
            if len(lines) > 1 and all(line[:1].isspace() for line in lines[1:]):
                blocks.append("\n".join(indent + line for line in lines))
            else:
                blocks.append(textwrap.fill(" ".join(block.split()), width,
                                            initial_indent=indent, subsequent_indent=indent))
        return "\n\n".join(blocks)

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        default = action.default
        if ("default" in text or default in (None, False, argparse.SUPPRESS)
                or (not action.option_strings and action.nargs not in ("?", "*"))):
            return text
        shown = "the current folder" if default == "." else "%(default)s"
        return f"{text} (default: {shown})"


class Parser(argparse.ArgumentParser):
    """An ArgumentParser with the project's help formatter; its subparsers are Parsers too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)


def examples(rows: Sequence[tuple[str, str]]) -> str:
    """An 'examples:' block: each command line, then what it does, indented below it."""
    lines = ["examples:"]
    for command, what in rows:
        lines += [f"  {command}", f"      {what}"]
    return "\n".join(lines)


def add_command(sub: Any, name: str, summary: str, description: str,
                rows: Sequence[tuple[str, str]], **kwargs: Any) -> Parser:
    """A subcommand with its one-line `summary` (in `evidence --help`), its `description`
    (in `evidence NAME --help`) and its examples as the epilog."""
    parser: Parser = sub.add_parser(name, help=summary, description=description,
                                    epilog=examples(rows), **kwargs)
    return parser


def add_path(parser: argparse.ArgumentParser) -> None:
    """The optional positional PATH every command that reads the project takes."""
    parser.add_argument("path", nargs="?", default=".", metavar="PATH", help=PATH_HELP)
