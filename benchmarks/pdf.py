"""How long `evidence pdf` takes on the real project: the pages configured in mkdocs.yml.

    .venv/bin/python -m benchmarks.pdf [--runs 3] [--fixture]

Each run exports the PDF in this process (`macros.adapter.report.export_pdf`, what the command
calls) into a temporary folder, after one warm-up run (imports, fonts, disk). Prints the median
of the runs, split at the progress lines into the MkDocs part (configuration, records, the
exported pages and their citations) and the report part (assembly and WeasyPrint's layout),
and the page count. The command's own start-up (Python and its imports, about a second) is
not included. `--fixture` times the test fixture instead (tests/fixtures/mini with
tests/fixtures/report over it, in footnote mode: 32 footnotes, a wide and a 90-row table).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from macros.adapter.report import export_pdf

ROOT = Path(__file__).resolve().parent.parent


def fixture(root: Path) -> Path:
    fixtures = ROOT / "tests" / "fixtures"
    shutil.copytree(fixtures / "mini", root)
    shutil.copytree(fixtures / "report", root, dirs_exist_ok=True)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("citation_mode: author-date",
                                                 "citation_mode: footnotes"))
    return root


def run_once(project: Path, out: Path) -> tuple[float, float, int]:
    """Seconds in all, seconds until the report's assembly starts, pages."""
    marks: dict[str, float] = {}
    start = time.perf_counter()

    def progress(line: str) -> None:
        if line.startswith("assembling"):
            marks["assembly"] = time.perf_counter() - start

    done = export_pdf(project / "mkdocs.yml", out, progress)
    return time.perf_counter() - start, marks["assembly"], done.pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--fixture", action="store_true", help="time the test fixture instead")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        project = fixture(Path(tmp) / "project") if args.fixture else ROOT
        os.chdir(project)  # relative paths (evidence/, docs/) as the command sees them
        out = Path(tmp) / "review.pdf"
        run_once(project, out)
        runs = [run_once(project, out) for _ in range(args.runs)]
        size = out.stat().st_size
    total = statistics.median(r[0] for r in runs)
    mkdocs = statistics.median(r[1] for r in runs)
    pages = runs[-1][2]
    what = "the test fixture, footnote mode" if args.fixture else "real configured pages"
    print(f"evidence pdf, {what}: {pages} pages, {size / 1024:,.0f} KB; "
          f"median of {args.runs} runs:")
    print(f"  total                               {total:6.2f} s")
    print(f"  MkDocs: configuration, records, pages {mkdocs:6.2f} s")
    print(f"  report: assembly and layout         {total - mkdocs:6.2f} s")
    print(f"  runs: {', '.join(f'{r[0]:.2f}' for r in runs)} s")


if __name__ == "__main__":
    main()
