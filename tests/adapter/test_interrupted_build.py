"""A build killed at any moment leaves the previous site, or none, never half of one.

`mkdocs build` is killed (SIGKILL to its whole process group, Pandoc and Pagefind included)
at several moments of its run; the site folder must then be the previous complete site, the
new complete one, or absent. The next build succeeds and leaves no temporary folder behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from helpers import BIN, mkdocs_build

from macros.cite.style import process_alive

pytestmark = pytest.mark.slow  # full site builds, killed and failed


def snapshot(site: Path) -> dict[str, str] | None:
    """Every file of a site and a digest of its bytes (None when there is no site)."""
    if not site.exists():
        return None
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site."))


def stale_citeproc_folders() -> list[str]:
    parent = Path(tempfile.gettempdir()) / f"evidence-citeproc-{os.getuid()}"
    return [p.name for p in parent.iterdir()
            if not process_alive(p.name.split("-", 1)[0])] if parent.is_dir() else []


def test_killed_builds_leave_a_complete_site_or_none(mini: Path) -> None:
    site = mini / "site"
    started = time.monotonic()
    first = mkdocs_build(mini)
    duration = time.monotonic() - started
    assert first.returncode == 0, first.stderr
    previous = snapshot(site)
    assert previous and "index.html" in previous
    index = mini / "docs" / "index.md"
    index.write_text(index.read_text() + "\nA new paragraph.\n")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    states = []
    for fraction in (0.1, 0.25, 0.4, 0.55, 0.7, 0.85, 0.95):
        build = subprocess.Popen([str(BIN / "mkdocs"), "build", "--strict"], cwd=mini, env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 start_new_session=True)
        time.sleep(duration * fraction)
        with contextlib.suppress(ProcessLookupError):  # it had finished
            os.killpg(build.pid, signal.SIGKILL)
        build.wait()
        states.append((fraction, snapshot(site)))
    last = mkdocs_build(mini)
    assert last.returncode == 0, last.stderr
    final = snapshot(site)
    assert final and final != previous
    for fraction, state in states:
        assert state is None or state in (previous, final), (
            f"killed at {fraction:.0%} of a build: a partial site of "
            f"{len(state)} files (complete: {len(previous)})")
    assert leftovers(mini) == []
    assert stale_citeproc_folders() == []


def test_a_failed_build_leaves_the_previous_site(mini: Path) -> None:
    assert mkdocs_build(mini).returncode == 0
    previous = snapshot(mini / "site")
    (mini / "docs" / "index.md").write_text("# Broken\n\n[@no-such-key]\n")
    failed = mkdocs_build(mini)
    assert failed.returncode == 1
    assert snapshot(mini / "site") == previous
    assert leftovers(mini) == []


def test_a_strict_warning_leaves_the_previous_site(mini: Path) -> None:
    assert mkdocs_build(mini).returncode == 0
    previous = snapshot(mini / "site")
    # A broken link is a warning; strict mode aborts after the whole site is written.
    (mini / "docs" / "index.md").write_text("# Home\n\n[gone](missing.md)\n")
    failed = mkdocs_build(mini)
    assert failed.returncode == 1 and "missing.md" in failed.stderr
    assert snapshot(mini / "site") == previous
    assert leftovers(mini) == []


def test_folders_of_killed_builds_are_removed_and_a_moved_site_restored(mini: Path) -> None:
    assert mkdocs_build(mini).returncode == 0
    previous = snapshot(mini / "site")
    dead = 2 ** 22 + 12345  # above the kernel's default pid_max: no such process
    (mini / f".site.building-{dead}-abcd").mkdir()
    (mini / f".site.building-{dead}-abcd" / "half.html").write_text("half")
    (mini / "site").rename(mini / f".site.old-{dead}-ef01")  # killed between the two renames
    (mini / "docs" / "index.md").write_text("# Broken\n\n[@no-such-key]\n")
    assert mkdocs_build(mini).returncode == 1  # fails after the clean-up
    assert leftovers(mini) == []
    assert snapshot(mini / "site") == previous
