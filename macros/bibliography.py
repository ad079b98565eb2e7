"""The project's bibliography: `bibliography.bib`, parsed with bibtexparser 2."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.middlewares import LatexDecodingMiddleware
from bibtexparser.model import Block, DuplicateBlockKeyBlock, Entry

from .errors import Problem

VERBATIM_FIELDS = frozenset({"url", "doi", "eprint", "file", "isbn", "issn"})
"""Fields that are not LaTeX: decoding would read the `%` of `%20` as a comment."""


class _DecodeLatexExceptVerbatim(LatexDecodingMiddleware):
    def transform_entry(self, entry: Entry, library: Library) -> Block:
        verbatim = [(f, f.value) for f in entry.fields if f.key.lower() in VERBATIM_FIELDS]
        block: Block = super().transform_entry(entry, library)
        for f, value in verbatim:
            f.value = value
        return block


@dataclass
class Bibliography:
    """Entries by citation key, with LaTeX decoded to Unicode."""

    path: str
    entries: dict[str, Entry] = field(default_factory=dict)

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def line_of(self, key: str) -> int:
        return (self.entries[key].start_line or 0) + 1

    def field(self, key: str, name: str) -> str:
        entry = self.entries[key]
        value = entry.fields_dict[name].value if name in entry.fields_dict else ""
        return str(value).strip()


def load_bibliography(path: Path, shown: str) -> tuple[Bibliography, list[Problem]]:
    """Parse the file; broken and duplicate entries become problems, not log lines."""
    bib = Bibliography(shown)
    if not path.exists():
        return bib, [Problem(shown, 0, 0, "", "bibliography file not found",
                             "create it, or set `bibliography:` in mkdocs.yml")]
    # bibtexparser logs each broken block; they are reported below with their line instead.
    logger = logging.getLogger("bibtexparser")
    level, logger.level = logger.level, logging.CRITICAL
    try:
        library = bibtexparser.parse_string(  # type: ignore[attr-defined]
            path.read_text(encoding="utf-8"), append_middleware=[_DecodeLatexExceptVerbatim()])
    finally:
        logger.setLevel(level)
    problems = []
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            problems.append(Problem(shown, line, 1, "", f"duplicate citation key '{block.key}'",
                                    "give each entry its own key"))
        else:
            problems.append(Problem(shown, line, 1, "", "BibTeX syntax error in this entry",
                                    "check its braces, commas and quotes"))
    bib.entries = {entry.key: entry for entry in library.entries}
    return bib, problems
