"""`evidence docx [PATH] [-o FILE]`: the review as a Word document.

The same pages as `evidence pdf` (the `pdf:` block's pages, cover, licence page and about
page), converted by Pandoc with the project's reference document; registered by one line of
commands.py.
"""

from __future__ import annotations

import argparse
from typing import Any

from . import commands
from .help import add_command, add_path


def cmd_docx(args: argparse.Namespace) -> int:
    from ..adapter.report import export_docx

    done = commands.run_report(args, export_docx, "the Word document")
    if isinstance(done, int):
        return done
    print(f"wrote {done.path}: {done.size / 1024:,.0f} KB, in {done.seconds:.1f} s")
    return 0


def register(sub: Any) -> None:
    """The `docx` subcommand, added to the CLI's subparsers."""
    docx = add_command(
        sub, "docx", "write the review as a Word document",
        "Write the pages of `pdf: pages:` as one Word document (DOCX) through Pandoc: cover, "
        "licence, about this review, suggested citation, contents, numbered sections, Word "
        "footnotes in footnote mode, tables, charts as images, references.", [
            ("evidence docx", "write review.docx (the docx block's `file`) here"),
            ("evidence docx -o /tmp/review.docx", "write it elsewhere"),
        ])
    add_path(docx)
    docx.add_argument("-o", "--output", metavar="FILE",
                      help="DOCX to write (default: the `docx: file` option, review.docx, in "
                           "the current folder)")
    docx.set_defaults(func=cmd_docx)
