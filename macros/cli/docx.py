"""`evidence docx [PATH] [-o FILE]`: the review as a Word document.

The same pages as `evidence pdf` (the `pdf:` block's pages, cover, licence page and about
page), converted by Pandoc with the project's reference document; registered by one line of
commands.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..errors import EvidenceError
from . import commands


def cmd_docx(args: argparse.Namespace) -> int:
    from ..adapter.report import export_docx

    root = commands._project_root(Path(args.path))
    config = root / "mkdocs.yml"
    if not config.is_file():
        raise commands.Stop(config, "no such file" if not config.exists() else "not a file",
                            commands.PROJECT_HINT, commands.USAGE)
    output = commands._output_file(Path(args.output)) if args.output else None

    def progress(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    try:
        done = export_docx(config, output, progress)
    except EvidenceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("nothing written", file=sys.stderr)
        return commands.FAILED
    except OSError as exc:
        raise commands.Stop(exc.filename or output or config,
                            f"cannot write the Word document: {commands._reason(exc)}; nothing "
                            "written", "give -o a file in a folder you can write to",
                            commands.FAILED) from exc
    print(f"wrote {done.path}: {done.size / 1024:,.0f} KB, in {done.seconds:.1f} s")
    return 0


def register(sub: Any) -> None:
    """The `docx` subcommand, added to the CLI's subparsers."""
    docx = sub.add_parser(
        "docx", help="write the review as a Word document",
        description="Write the pages of `pdf: pages:` as one Word document (DOCX) through "
                    "Pandoc: cover, licence, about this review, suggested citation, contents, "
                    "numbered sections, Word footnotes in footnote mode, tables, charts as "
                    "images, references.")
    docx.add_argument("path", nargs="?", default=".", help="project root (default: .)")
    docx.add_argument("-o", "--output",
                      help="DOCX to write (default: the `docx: file` option, review.docx, in "
                           "the current folder)")
    docx.set_defaults(func=cmd_docx)
