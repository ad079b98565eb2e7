"""The project's bibliography: `bibliography.bib`, parsed with bibtexparser 2."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import bibtexparser
from bibtexparser.model import DuplicateBlockKeyBlock, Entry

from .errors import Problem


@dataclass
class Bibliography:
    """Entries by citation key, with the line each starts on."""

    path: str
    entries: dict[str, Entry] = field(default_factory=dict)

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def line_of(self, key: str) -> int:
        return (self.entries[key].start_line or 0) + 1


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
            path.read_text(encoding="utf-8"))
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
