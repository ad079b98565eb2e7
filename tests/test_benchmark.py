"""The scale benchmark, small: the runner works end to end and its measurements are sane.

No timing is asserted here (benchmarks/results.md holds the measured values); this checks that
each measurement measures what it says, on 100 and 1,000 records.
"""

from __future__ import annotations

import gzip
import json
import subprocess
from itertools import pairwise
from pathlib import Path

import pytest
import yaml

from benchmarks import run
from benchmarks.synthetic import SHARES, _record, counts_for

pytestmark = pytest.mark.slow  # runs the benchmark, small

SMALL, LARGE = 100, 1000


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[run.Size]]:
    work = tmp_path_factory.mktemp("scale")
    small = run.measure(work, SMALL, 1, serve=True, search=True, log=lambda _: None)
    large = run.measure(work, LARGE, 1, serve=False, search=False, log=lambda _: None)
    return work, [small, large]


def fragments(site: Path) -> list[dict]:  # type: ignore[type-arg]
    """Pagefind's stored pages: gzip, a signature, then JSON."""
    out = []
    for path in (site / "pagefind").glob("**/fragment/*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        out.append(json.loads(data[len(b"pagefind_dcd"):]))
    return out


def test_every_record_has_a_page_in_both_projects(measured: tuple[Path, list[run.Size]]) -> None:
    work, _ = measured
    for n in (SMALL, LARGE):
        counts = counts_for(n)
        for name in (f"review-{n}", f"baseline-{n}"):
            site = work / name / "site"
            for collection in SHARES:
                assert len(list((site / collection).glob("*/index.html"))) == counts[collection]


def test_measurements_are_positive_and_consistent(measured: tuple[Path, list[run.Size]]) -> None:
    work, sizes = measured
    for size in sizes:
        assert size.build and size.baseline
        assert 0 < size.load_s < size.build.wall
        for result in (size.build, size.baseline):
            assert result.wall > 0 and result.cpu > 0 and result.peak_mb > 20
        pages = run.sample_pages(work / f"review-{size.records}" / "site")
        assert size.page_bytes == sum(p.stat().st_size for p in pages) / len(pages)
        assert size.search_bytes == run.folder_bytes(
            work / f"review-{size.records}" / "site" / "pagefind") > 0
        assert size.baseline_search_bytes > 0
    # The pages measured are the same records at both sizes: their sizes are close.
    assert 0.9 < sizes[1].page_bytes / sizes[0].page_bytes < 1.1


def test_search_index_holds_the_records(measured: tuple[Path, list[run.Size]]) -> None:
    work, _ = measured
    site = work / f"review-{SMALL}" / "site"
    counts = counts_for(SMALL)
    titles = {f["meta"]["title"] for f in fragments(site)}
    for collection in ("activities", "organisations", "strategies"):
        record = _record(collection, counts[collection] - 1, counts)
        assert str(record.get("title") or record.get("name")) in titles
    # Material's own index keeps its settings only: the pages are Pagefind's.
    lunr = json.loads((site / "search" / "search_index.json").read_text())
    assert lunr["docs"] == []


def test_search_in_the_browser_finds_each_record(measured: tuple[Path, list[run.Size]]) -> None:
    _, sizes = measured
    answers = sizes[0].search
    assert len(answers) == len(run.search_queries(SMALL))
    for answer in answers:
        assert answer["answer_ms"] > 0
        assert answer["rank"] == 1, answer


def test_serve_shows_the_edit_and_the_record_is_restored(
        measured: tuple[Path, list[run.Size]]) -> None:
    work, sizes = measured
    small = sizes[0]
    assert small.serve_s and small.serve_built_s and small.dirty_s and small.dirty_built_s
    path = work / f"review-{SMALL}" / "evidence" / "activities" / "activity-00000.yaml"
    assert yaml.safe_load(path.read_text())["title"].startswith("Activity 0:")


def test_report_states_every_target(measured: tuple[Path, list[run.Size]]) -> None:
    _, sizes = measured
    text = run.report(sizes, "python -m benchmarks.run --sizes 100 1000", "test machine")
    for target in ("≤ 1.15 × baseline", "≤ 11", "≤ 1.1 ×", "≤ 3 s", "≤ 1 GB", "PDF export",
                   "DOCX export", "`evidence pdf` at 1,000 ≤ 1.3 × at 100",
                   "`evidence docx` at 1,000 ≤ 1.3 × at 100"):
        assert target in text
    assert text.startswith(run.START) and text.endswith(run.END)
    for size in sizes:
        assert f"| {size.records:,} |" in text


def test_both_reports_are_timed_and_written(measured: tuple[Path, list[run.Size]]) -> None:
    work, sizes = measured
    for size in sizes:
        assert size.pdf_s and size.docx_s and size.report_load, size
        project = work / f"review-{size.records}"
        assert (project / "review.pdf").read_bytes().startswith(b"%PDF-")
        assert (project / "review.docx").read_bytes().startswith(b"PK")  # a ZIP package


def test_reports_only_times_both_reports_against_the_target(tmp_path: Path) -> None:
    size = run.measure_reports(tmp_path, SMALL, 1)
    assert size.pdf_s and size.docx_s and size.build is None  # no site build
    text = run.reports_table([size, size], "python -m benchmarks.run --reports-only")
    assert size.pdf_cpu and size.docx_cpu
    assert (f"| {SMALL:,} | {size.pdf_s:.1f} s | {size.pdf_cpu:.1f} s | {size.docx_s:.1f} s | "
            f"{size.docx_cpu:.1f} s |") in text


def test_history_of_record_edits_is_timed(tmp_path: Path) -> None:
    first, edited = (run.measure_history(tmp_path, SMALL, c, 1) for c in (0, 5))
    assert first.changes == SMALL  # the first commit adds every record, once
    # Five commits of one to three records each (a record picked twice in one commit is one).
    assert SMALL + 5 <= edited.changes <= SMALL + 15
    project = tmp_path / f"history-{SMALL}-5"
    log = subprocess.run(["git", "log", "--format=%at %s"], cwd=project, check=True,
                         capture_output=True, text=True).stdout.splitlines()
    assert len(log) == 6 and log[-1].endswith("Add the review's records")
    stamps = [int(line.split()[0]) for line in reversed(log)]
    assert all(b - a == 16 * 3600 for a, b in pairwise(stamps))
    status = subprocess.run(["git", "status", "--porcelain"], cwd=project, check=True,
                            capture_output=True, text=True).stdout
    assert status == ""  # the files on disk are the last commit's
    assert edited.page_bytes > first.page_bytes and edited.feed_bytes > first.feed_bytes
    text = run.history_table([first, edited], "python -m benchmarks.run --history 0 5")
    assert f"| {SMALL:,} | 5 | {edited.changes:,} |" in text
