"""How long the review's two reports take: the tagged PDF and the Word edition, footnote mode.

    .venv/bin/python -m benchmarks.reports [--runs 5] [--fixture]

The repository's review (its mkdocs.yml, docs, evidence and bibliography, copied into a
temporary folder with `citation_mode: footnotes`, as a K4DD-style report is made) is exported
as the tagged PDF (`export_pdf`, PDF/UA-1) and as the DOCX (`export_docx`), each in this
process, after one warm-up run of each. Prints the medians of the runs against the targets of
the reports issue (#19): DOCX at most 10 s, tagged PDF at most 12 s, on a quiet machine.
`--fixture` times the test fixture instead (tests/fixtures/mini with tests/fixtures/report).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from macros.adapter.report import Exported, export_docx, export_pdf

from .pdf import fixture

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"tagged PDF": 12.0, "DOCX": 10.0}
"""Seconds, median of 5 runs (issue #19, Done when)."""
PROJECT_FILES = ("mkdocs.yml", "docs", "evidence", "bibliography.bib", "overrides")


def review_in_footnote_mode(root: Path) -> Path:
    """A copy of the repository's review that cites in numbered footnotes."""
    root.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, symlinks=True)
        elif source.is_file():
            shutil.copy2(source, root / name)
    config = root / "mkdocs.yml"
    text = config.read_text()
    if "citation_mode:" in text:
        text = text.replace("citation_mode: author-date", "citation_mode: footnotes")
    else:
        text = text.replace("  - evidence:\n", "  - evidence:\n      citation_mode: footnotes\n", 1)
    config.write_text(text)
    return root


def timed(export: Callable[[Path, Path | None, Callable[[str], None]], Exported],
          project: Path, out: Path) -> float:
    start = time.perf_counter()
    export(project / "mkdocs.yml", out, lambda _: None)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--fixture", action="store_true", help="time the test fixture instead")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    exports = {"tagged PDF": (export_pdf, "review.pdf"), "DOCX": (export_docx, "review.docx")}
    with tempfile.TemporaryDirectory() as tmp:
        project = (fixture(Path(tmp) / "project") if args.fixture
                   else review_in_footnote_mode(Path(tmp) / "project"))
        os.chdir(project)  # relative paths (evidence/, docs/) as the commands see them
        medians, sizes = {}, {}
        for name, (export, file) in exports.items():
            out = Path(tmp) / file
            timed(export, project, out)  # warm-up
            runs = [timed(export, project, out) for _ in range(args.runs)]
            medians[name] = (statistics.median(runs), runs)
            sizes[name] = out.stat().st_size
    what = "the test fixture" if args.fixture else "the repository's review"
    print(f"reports of {what}, footnote mode; median of {args.runs} runs:")
    for name, (median, runs) in medians.items():
        verdict = "within" if median <= TARGETS[name] else "OVER"
        print(f"  {name:<11} {median:6.2f} s  ({verdict} the {TARGETS[name]:.0f} s target; "
              f"{sizes[name] / 1024:,.0f} KB; runs {', '.join(f'{r:.2f}' for r in runs)} s)")


if __name__ == "__main__":
    main()
