"""Scale benchmark: the review at 100, 1,000 and 10,000 records, against the issue's targets.

    .venv/bin/python -m benchmarks.run --sizes 100 1000 10000 --repeat 3 \\
        --update benchmarks/results.md

For each size, in one run, with fresh child processes (medians of `--repeat` runs):

- *load + validate*: `load_evidence()` of the synthetic tree (`benchmarks.synthetic`), timed
  inside a fresh Python process (imports excluded);
- *build*: `mkdocs build --strict` of the synthetic project, wall-clock and CPU time of the
  command (its child processes, Pandoc and Pagefind, included), and its peak memory: the
  resident memory of the process and all its children together, sampled every 20 ms;
- *baseline*: the same for as many plain Markdown pages built with the same theme and plugins
  but none of ours (`benchmarks.baseline`, which says exactly what they are);
- *record page size*: the mean HTML size of record 0 of each collection (the same record at
  every size), and the search index (Pagefind's folder; Material's, for the baseline);
- *reports*: `evidence pdf` and `evidence docx` of the synthetic project's review page
  (`docs/review.md`, about 7 pages at every size): the whole command, start-up included;
- *serve rebuild*: a real `mkdocs serve` on 127.0.0.1 (and `mkdocs serve --dirty --no-strict`:
  MkDocs warns that a dirty build is approximate, which strict mode turns into an error); one
  record file is edited and the time is taken until the server returns that record's page with the
  change in it, and until the server logs the end of the rebuild;
- *search* (largest size only): `benchmarks.search` in headless Chromium.

Writes the results as JSON (`--json`) and as Markdown (stdout, or between the markers of the
file given to `--update`).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.baseline import generate_baseline
from benchmarks.synthetic import SHARES, _singular, add_history, counts_for, generate

BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
START, END = "<!-- scale benchmark: start -->", "<!-- scale benchmark: end -->"

TARGETS = {
    "build_ratio": 1.15, "linear_ratio": 11.0, "page_ratio": 1.10, "load_s": 3.0,
    "peak_mb": 1024.0, "search_ms": 1000.0, "report_ratio": 1.3,
}

_LOAD = """
import gc, sys, time
from pathlib import Path
from macros.evidence import load_evidence
root = Path(sys.argv[1])
start = time.perf_counter()
evidence = load_evidence(root)
print(time.perf_counter() - start, sum(evidence.counts().values()))
"""

_HISTORY = """
import json, statistics, sys, time
from pathlib import Path
from macros.evidence import load_evidence
from macros.render.context import Edition, ViewContext
from macros.render.site import HISTORY_LIMIT
from macros.render.views.living import LivingPages
from macros.source.git import record_history
root, repeat = Path(sys.argv[1]), int(sys.argv[2])
context = ViewContext(load_evidence(root), edition=Edition())
times = {"history": [], "whats_new": [], "feed": []}
for _ in range(repeat):
    start = time.perf_counter()
    history = record_history(root, "evidence", limit=HISTORY_LIMIT)
    times["history"].append(time.perf_counter() - start)
    living = LivingPages(context, history)
    start = time.perf_counter()
    page = living.whats_new()
    times["whats_new"].append(time.perf_counter() - start)
    start = time.perf_counter()
    feed = living.feed("https://example.org/")
    times["feed"].append(time.perf_counter() - start)
out = {k: statistics.median(v) for k, v in times.items()}
out["changes"] = len(history or [])
out["page_bytes"], out["feed_bytes"] = len(page.encode()), len(feed.encode())
print(json.dumps(out))
"""


@dataclass
class History:
    """What's new and its feed at one length of the git history (`--history`)."""

    commits: int
    records: int
    changes: int
    history_s: float
    whats_new_s: float
    feed_s: float
    page_bytes: int
    feed_bytes: int


@dataclass
class Run:
    """One command: wall-clock seconds, CPU seconds and peak memory (MB, all processes)."""

    wall: float
    cpu: float
    peak_mb: float


@dataclass
class Size:
    records: int
    load_s: float = 0.0
    build: Run | None = None
    baseline: Run | None = None
    page_bytes: float = 0.0
    baseline_page_bytes: float = 0.0
    search_bytes: int = 0
    baseline_search_bytes: int = 0
    pdf_s: float | None = None
    pdf_note: str = ""
    docx_s: float | None = None
    docx_note: str = ""
    pdf_cpu: float | None = None
    docx_cpu: float | None = None
    """CPU seconds of the reports (their child processes, Pandoc's, included)."""
    report_load: tuple[float, float] | None = None
    """The 1-minute load average before and after the reports were timed."""
    serve_s: float | None = None
    serve_built_s: float | None = None
    dirty_s: float | None = None
    dirty_built_s: float | None = None
    search: list[dict[str, Any]] = field(default_factory=list)
    builtin_search: list[dict[str, Any]] = field(default_factory=list)
    builtin_search_bytes: int = 0


# -- running commands --------------------------------------------------------------------------


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc (Linux)."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
            for task in Path(f"/proc/{p}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError):
            continue
    return total


def timed(args: list[str], cwd: Path) -> Run:
    """Run a command; its wall-clock and CPU time and peak memory. Fails loudly."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, env=ENV, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kb(proc.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed in {cwd}:\n{out}\n{err}")
    # RUSAGE_CHILDREN sums every finished child (and theirs): the difference is this command's.
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return Run(wall, cpu, peak / 1024)


def median_run(runs: list[Run]) -> Run:
    return Run(*(statistics.median(getattr(r, f) for r in runs)
                 for f in ("wall", "cpu", "peak_mb")))


def mkdocs_build(project: Path) -> Run:
    site = project / "site"
    shutil.rmtree(site, ignore_errors=True)
    return timed([str(BIN / "mkdocs"), "build", "--strict", "--quiet"], project)


def load_time(project: Path) -> float:
    out = subprocess.run([sys.executable, "-c", _LOAD, str(project)], env=ENV, check=True,
                         capture_output=True, text=True).stdout.split()
    return float(out[0])


# -- sizes ----------------------------------------------------------------------------------


def sample_pages(site: Path) -> list[Path]:
    """Record 0 of each collection: the same record at every size."""
    return [site / c / f"{_singular(c)}-00000" / "index.html" for c in SHARES]


def folder_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def search_bytes(site: Path) -> int:
    pagefind = site / "pagefind"
    return folder_bytes(pagefind) if pagefind.is_dir() else 0


# -- PDF export --------------------------------------------------------------------------------


def report_export(project: Path, repeat: int, kind: str = "pdf") -> tuple[Run | None, str]:
    """`evidence pdf` (or `evidence docx`) of the project: the median run."""
    evidence = str(BIN / "evidence")
    probe = subprocess.run([evidence, kind, "--help"], env=ENV, capture_output=True,
                           text=True, check=False)
    if probe.returncode != 0:
        return None, f"not available (no `evidence {kind}` command in this tree)"
    out = project / f"review.{kind}"
    try:
        runs = [timed([evidence, kind, str(project), "-o", str(out)], project)
                for _ in range(repeat)]
    except RuntimeError as exc:
        return None, f"failed: {str(exc).strip().splitlines()[-1]}"
    return median_run(runs), ""


def _reports(project: Path, repeat: int, size: Size) -> None:
    before = os.getloadavg()[0]
    pdf, size.pdf_note = report_export(project, repeat, "pdf")
    docx, size.docx_note = report_export(project, repeat, "docx")
    size.report_load = (before, os.getloadavg()[0])
    size.pdf_s, size.pdf_cpu = (pdf.wall, pdf.cpu) if pdf else (None, None)
    size.docx_s, size.docx_cpu = (docx.wall, docx.cpu) if docx else (None, None)


# -- mkdocs serve ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError):
        return None


def serve_rebuild(project: Path, *, dirty: bool, timeout: float = 600) -> tuple[float, float]:
    """Edit one record under a running `mkdocs serve`; seconds until its page shows the edit,
    and until the server logs that the rebuild is done."""
    port = _free_port()
    args = [str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}",
            ] + (["--dirty", "--no-strict"] if dirty else [])
    proc = subprocess.Popen(args, cwd=project, env=ENV, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    built: list[float] = []
    lines: list[str] = []

    def watch_log() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line)
            if "Documentation built in" in line:
                built.append(time.perf_counter())

    def failed(what: str) -> RuntimeError:
        return RuntimeError(f"{what} ({project}); the server's last messages:\n"
                            + "".join(lines[-30:]))

    threading.Thread(target=watch_log, daemon=True).start()
    record = project / "evidence" / "activities" / "activity-00000.yaml"
    url = f"http://127.0.0.1:{port}/activities/activity-00000/"
    original = record.read_text()
    try:
        deadline = time.perf_counter() + timeout
        while not built or _get(url) is None:
            if proc.poll() is not None or time.perf_counter() > deadline:
                raise failed("mkdocs serve did not start")
            time.sleep(0.2)
        time.sleep(1.0)  # let the watcher settle after the first build
        token = f"Edited {time.time_ns()}"
        first_built = len(built)
        start = time.perf_counter()
        edited = project / ".edited.tmp"  # saved as editors do: the file is replaced whole
        edited.write_text(original.replace("title: 'Activity 0:", f"title: '{token}:", 1))
        os.replace(edited, record)
        page_at = None
        while page_at is None or len(built) == first_built:
            if proc.poll() is not None or time.perf_counter() > deadline:
                raise failed("mkdocs serve did not rebuild")
            if page_at is None and token in (_get(url) or ""):
                page_at = time.perf_counter()
            time.sleep(0.05)
        return page_at - start, built[first_built] - start
    finally:
        record.write_text(original)
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()


# -- search --------------------------------------------------------------------------------


def search_queries(n: int) -> dict[str, str]:
    """Queries with one right answer each, known by construction of the synthetic tree."""
    counts = counts_for(n)
    org, mech, act = (counts["organisations"] * 4 // 5, counts["mechanisms"] // 3,
                      counts["activities"] * 2 // 3)
    return {
        f"ORG{org}": f"organisations/organisation-{org:05d}/",
        f"M{mech}": f"mechanisms/mechanism-{mech:05d}/",
        f"Activity {act}": f"activities/activity-{act:05d}/",
        f"Mechanism {mech}": f"mechanisms/mechanism-{mech:05d}/",
    }


# -- the whole run -------------------------------------------------------------------------


def measure(work: Path, n: int, repeat: int, *, serve: bool, search: bool,
            builtin: bool = False, log: Any = print) -> Size:
    project, base = work / f"review-{n}", work / f"baseline-{n}"
    for folder in (project, base):
        shutil.rmtree(folder, ignore_errors=True)
    generate(project, n)
    generate_baseline(base, n)
    size = Size(n)
    size.load_s = statistics.median(load_time(project) for _ in range(repeat))
    log(f"  {n}: load + validate {size.load_s:.2f} s")
    builds, baselines = [], []
    for _ in range(repeat):  # alternated, so that a busy moment of the machine hits both
        builds.append(mkdocs_build(project))
        baselines.append(mkdocs_build(base))
    size.build, size.baseline = median_run(builds), median_run(baselines)
    log(f"  {n}: build {size.build.wall:.1f} s, baseline {size.baseline.wall:.1f} s")
    size.page_bytes = statistics.mean(p.stat().st_size for p in sample_pages(project / "site"))
    size.baseline_page_bytes = statistics.mean(
        p.stat().st_size for p in sample_pages(base / "site"))
    size.search_bytes = search_bytes(project / "site")
    size.baseline_search_bytes = (base / "site" / "search" / "search_index.json").stat().st_size
    _reports(project, repeat, size)
    if serve:
        timeout = 120 + n / 20  # the first build and the rebuild, with a wide margin
        size.serve_s, size.serve_built_s = serve_rebuild(project, dirty=False, timeout=timeout)
        size.dirty_s, size.dirty_built_s = serve_rebuild(project, dirty=True, timeout=timeout)
        log(f"  {n}: serve rebuild {size.serve_s:.1f} s, --dirty {size.dirty_s:.1f} s")
    if search:
        from benchmarks.search import measure as measure_search

        answers = measure_search(project / "site", search_queries(n), repeat)
        size.search = [asdict(a) for a in answers]
        log(f"  {n}: search {[round(a.answer_ms) for a in answers]} ms")
    if builtin:
        size.builtin_search, size.builtin_search_bytes = builtin_search(project, n, repeat)
        log(f"  {n}: built-in search {[round(a['answer_ms']) for a in size.builtin_search]} ms")
    return size


def builtin_search(project: Path, n: int, repeat: int) -> tuple[list[dict[str, Any]], int]:
    """The same site with Material's built-in search (Lunr), for comparison."""
    from benchmarks.search import measure as measure_search

    config = project / "mkdocs.yml"
    original = config.read_text()
    try:
        config.write_text(original.replace("  - evidence-search\n", ""))
        mkdocs_build(project)
    finally:
        config.write_text(original)
    answers = measure_search(project / "site", search_queries(n), repeat)
    index = (project / "site" / "search" / "search_index.json").stat().st_size
    return [asdict(a) for a in answers], index


def machine() -> str:
    from importlib.metadata import version

    import mkdocs

    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
                 .group(1))  # type: ignore[union-attr]
    cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
    chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True,
                              text=True, check=False).stdout.strip() or "not installed"
    load = os.getloadavg()
    return (f"{os.cpu_count()} cores ({cpu.group(1) if cpu else platform.machine()}), "
            f"{mem_kb / 1024 / 1024:.0f} GiB RAM, Linux {platform.release()}, "
            f"Python {platform.python_version()}, MkDocs {mkdocs.__version__}, Material "
            f"{version('mkdocs-material')}, Pagefind {version('pagefind')}, "
            f"PyYAML {version('pyyaml')} (libyaml), pydantic {version('pydantic')}, {chromium}; "
            f"load average at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}")


def _ok(value: float | None, target: float) -> str:
    return "—" if value is None else ("met" if value <= target else "**not met**")


def report(sizes: list[Size], command: str, about: str) -> str:
    """The results as Markdown: every target with its measured value and the verdict."""
    by_n = {s.records: s for s in sizes}
    big = sizes[-1]
    lines = [START, "", "```sh", command, "```", "", f"Machine: {about}.", ""]
    lines += ["| records | load + validate | build (wall) | build (CPU) | baseline (wall) | "
              "baseline (CPU) | build / baseline (wall) | peak memory (build) | "
              "peak memory (baseline) | record page | baseline page | search index | "
              "baseline search index | PDF export | DOCX export | serve rebuild | "
              "serve --dirty rebuild |",
              "|" + "---|" * 17]
    for s in sizes:
        assert s.build and s.baseline
        serve = (f"{s.serve_s:.1f} s (built {s.serve_built_s:.1f} s)"
                 if s.serve_s is not None else "—")
        dirty = (f"{s.dirty_s:.1f} s (built {s.dirty_built_s:.1f} s)"
                 if s.dirty_s is not None else "—")
        pdf = f"{s.pdf_s:.1f} s" if s.pdf_s is not None else s.pdf_note
        docx = f"{s.docx_s:.1f} s" if s.docx_s is not None else s.docx_note
        lines.append(
            f"| {s.records:,} | {s.load_s:.2f} s | {s.build.wall:.1f} s | {s.build.cpu:.1f} s | "
            f"{s.baseline.wall:.1f} s | {s.baseline.cpu:.1f} s | "
            f"{s.build.wall / s.baseline.wall:.2f} | {s.build.peak_mb:.0f} MB | "
            f"{s.baseline.peak_mb:.0f} MB | {s.page_bytes / 1024:.1f} KB | "
            f"{s.baseline_page_bytes / 1024:.1f} KB | {s.search_bytes / 1e6:.1f} MB | "
            f"{s.baseline_search_bytes / 1e6:.1f} MB | {pdf} | {docx} | {serve} | {dirty} |")
    lines += ["", "| target | measured | verdict |", "|---|---|---|"]
    assert big.build and big.baseline
    ratio = big.build.wall / big.baseline.wall
    cpu_ratio = big.build.cpu / big.baseline.cpu
    lines.append(f"| build at {big.records:,} ≤ 1.15 × baseline | {ratio:.2f} × wall-clock "
                 f"({cpu_ratio:.2f} × CPU) | {_ok(ratio, TARGETS['build_ratio'])} |")
    if big.records // 10 in by_n:
        small = by_n[big.records // 10]
        assert small.build
        linear = big.build.wall / small.build.wall
        lines.append(f"| time({big.records:,}) / time({small.records:,}) ≤ 11 | {linear:.2f} "
                     f"(CPU {big.build.cpu / small.build.cpu:.2f}) | "
                     f"{_ok(linear, TARGETS['linear_ratio'])} |")
    first = sizes[0]
    page = big.page_bytes / first.page_bytes
    lines.append(f"| record page at {big.records:,} ≤ 1.1 × at {first.records:,} | {page:.3f} | "
                 f"{_ok(page, TARGETS['page_ratio'])} |")
    lines += _report_targets(first, big)
    lines.append(f"| load + validate {big.records:,} records ≤ 3 s | {big.load_s:.2f} s | "
                 f"{_ok(big.load_s, TARGETS['load_s'])} |")
    lines.append(f"| peak memory of the build ≤ 1 GB | {big.build.peak_mb:.0f} MB "
                 f"(all processes together) | {_ok(big.build.peak_mb, TARGETS['peak_mb'])} |")
    if big.search:
        worst = max(a["answer_ms"] for a in big.search)
        found = sum(a["found"] for a in big.search)
        lines.append(f"| search at {big.records:,}: first results ≤ 1 s after typing | "
                     f"{worst:.0f} ms (slowest of {len(big.search)} queries, medians); "
                     f"right page in the top 5 for {found} of {len(big.search)} | "
                     f"{_ok(worst, TARGETS['search_ms'])} |")
    if big.builtin_search:
        worst = max(a["answer_ms"] for a in big.builtin_search)
        found = sum(a["found"] for a in big.builtin_search)
        lines.append(f"| (for comparison) Material's built-in search at {big.records:,} | "
                     f"{worst:.0f} ms, index {big.builtin_search_bytes / 1e6:.1f} MB; right page "
                     f"in the top 5 for {found} of {len(big.builtin_search)} | — |")
    if big.serve_s is not None and big.dirty_s is not None:
        lines.append(f"| serve rebuild after editing one record well under the full build "
                     f"({big.build.wall:.1f} s), read as: at most a quarter of it | "
                     f"`mkdocs serve --dirty`: page updated after {big.dirty_s:.1f} s "
                     f"({big.dirty_s / big.build.wall:.0%} of the build); plain "
                     f"`mkdocs serve`, which rewrites every page: {big.serve_s:.1f} s "
                     f"({big.serve_s / big.build.wall:.0%}) | "
                     f"{_ok(big.dirty_s, big.build.wall / 4)} with `--dirty` |")
    if big.search:
        lines += ["", "| query | expected page | Pagefind: first results after | rank |"
                  + (" built-in: first results after | rank |" if big.builtin_search else ""),
                  "|---|---|---|---|" + ("---|---|" if big.builtin_search else "")]
        builtin = {a["query"]: a for a in big.builtin_search}
        lines += [f"| `{a['query']}` | `{a['expected']}` | {a['answer_ms']:.0f} ms | "
                  f"{a['rank'] or 'not in the first 10'} |"
                  + (f" {builtin[a['query']]['answer_ms']:.0f} ms | "
                     f"{builtin[a['query']]['rank'] or 'not in the first 10'} |"
                     if a["query"] in builtin else "")
                  for a in big.search]
    lines += ["", END]
    return "\n".join(lines)


def _report_targets(first: Size, big: Size) -> list[str]:
    """The reports' target: each at the largest size at most 1.3 × its time at the smallest."""
    lines = []
    for kind, small_s, big_s, small_cpu, big_cpu in (
            ("pdf", first.pdf_s, big.pdf_s, first.pdf_cpu, big.pdf_cpu),
            ("docx", first.docx_s, big.docx_s, first.docx_cpu, big.docx_cpu)):
        if small_s is None or big_s is None or big.records == first.records:
            continue
        ratio = big_s / small_s
        cpu = (f"; CPU {big_cpu / small_cpu:.2f} × ({big_cpu:.1f} s against {small_cpu:.1f} s)"
               if small_cpu and big_cpu else "")
        loads = " / ".join(f"load {a:.1f}–{b:.1f}" for a, b in
                           (first.report_load or (0, 0), big.report_load or (0, 0)))
        lines.append(f"| `evidence {kind}` at {big.records:,} ≤ 1.3 × at {first.records:,} | "
                     f"{ratio:.2f} × wall-clock ({big_s:.1f} s against {small_s:.1f} s){cpu}; "
                     f"{loads} | {_ok(ratio, TARGETS['report_ratio'])} |")
    return lines


def measure_reports(work: Path, n: int, repeat: int) -> Size:
    """The reports alone (`--reports-only`): a project of `n` records, `evidence pdf` and
    `evidence docx` of its review page, no builds."""
    project = work / f"review-{n}"
    shutil.rmtree(project, ignore_errors=True)
    generate(project, n)
    size = Size(n)
    _reports(project, repeat, size)
    return size


def reports_table(sizes: list[Size], command: str) -> str:
    """`--reports-only` as Markdown: each report's time per size, and the target."""
    lines = ["```sh", command, "```", "",
             "| records | `evidence pdf` (wall) | (CPU) | `evidence docx` (wall) | (CPU) | "
             "load average (1 min) before–after |", "|---|---|---|---|---|---|"]
    for s in sizes:
        load = s.report_load or (0.0, 0.0)
        lines.append(f"| {s.records:,} | {s.pdf_s or 0:.1f} s | {s.pdf_cpu or 0:.1f} s | "
                     f"{s.docx_s or 0:.1f} s | {s.docx_cpu or 0:.1f} s | "
                     f"{load[0]:.1f}–{load[1]:.1f} |")
    lines += ["", "| target | measured | verdict |", "|---|---|---|",
              *_report_targets(sizes[0], sizes[-1])]
    return "\n".join(lines)


def measure_history(work: Path, n: int, commits: int, repeat: int) -> History:
    """A project of `n` records with `commits` commits of record edits (0: a checkout holding
    the first commit only): the history read from git, the What's new page and the feed, each
    timed in a fresh process (median of `repeat`)."""
    project = work / f"history-{n}-{commits}"
    shutil.rmtree(project, ignore_errors=True)
    add_history(project, commits, generate(project, n))
    out = json.loads(subprocess.run([sys.executable, "-c", _HISTORY, str(project), str(repeat)],
                                    env=ENV, check=True, capture_output=True, text=True).stdout)
    return History(commits, n, out["changes"], out["history"], out["whats_new"], out["feed"],
                   out["page_bytes"], out["feed_bytes"])


def history_table(rows: list[History], command: str) -> str:
    load = os.getloadavg()
    lines = ["```sh", command, "```", "",
             f"Load average at the end: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}.", "",
             "| records | commits | changes listed | read the history (git log) | "
             "What's new page | feed | What's new size | feed size |",
             "|---|---|---|---|---|---|---|---|"]
    lines += [f"| {h.records:,} | {h.commits:,} | {h.changes:,} | {h.history_s * 1000:.0f} ms | "
              f"{h.whats_new_s * 1000:.0f} ms | {h.feed_s * 1000:.0f} ms | "
              f"{h.page_bytes / 1024:.0f} KB | {h.feed_bytes / 1024:.0f} KB |" for h in rows]
    return "\n".join(lines)


def update(path: Path, block: str) -> None:
    text = path.read_text() if path.exists() else ""
    if START in text and END in text:
        text = text[: text.index(START)] + block + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, help="keep the projects here (default: a temp dir)")
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve rebuild")
    parser.add_argument("--no-search", action="store_true", help="skip the browser search")
    parser.add_argument("--builtin-search", action="store_true",
                        help="also time Material's built-in search at the largest size")
    parser.add_argument("--reports-only", action="store_true",
                        help="time only `evidence pdf` and `evidence docx` at each size")
    parser.add_argument("--history", type=int, nargs="+", metavar="COMMITS",
                        help="time only What's new and its feed at these history lengths, at "
                             "the first of --sizes")
    parser.add_argument("--json", type=Path, help="write the measurements as JSON")
    parser.add_argument("--update", type=Path, help="replace the results block of this file")
    args = parser.parse_args(argv)
    command = "python -m benchmarks.run " + " ".join(sys.argv[1:] if argv is None else argv)
    with tempfile.TemporaryDirectory(prefix="scale-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        if args.history:
            rows = [measure_history(work, args.sizes[0], c, args.repeat) for c in args.history]
            print(history_table(rows, command))
            return
        if args.reports_only:
            reports = [measure_reports(work, n, args.repeat) for n in sorted(args.sizes)]
            print(reports_table(reports, command))
            return
        sizes = []
        for i, n in enumerate(sorted(args.sizes)):
            last = i == len(args.sizes) - 1
            print(f"{n:,} records", flush=True)
            sizes.append(measure(work, n, args.repeat, serve=not args.no_serve,
                                 search=last and not args.no_search,
                                 builtin=last and args.builtin_search,
                                 log=lambda m: print(m, flush=True)))
    block = report(sizes, command, machine())
    if args.json:
        args.json.write_text(json.dumps([asdict(s) for s in sizes], indent=1) + "\n")
    if args.update:
        update(args.update, block)
    print(block)


if __name__ == "__main__":
    main()
