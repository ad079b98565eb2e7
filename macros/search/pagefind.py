"""The site's search index: Pagefind's chunked index of the built pages.

Material's built-in search sends the whole index to every reader and builds a Lunr index from
it in the browser before the first result: with 10,000 records that is a 23 MB download and
9–14 s in headless Chromium (benchmarks/results.md). Pagefind splits its index into chunks by
word, so a query loads only the chunks of its words and the excerpts of the results shown,
whatever the size of the site. Material's search box and result list are kept; the browser
asks Pagefind through a small web worker (`assets/pagefind-worker.js`) that answers in the
messages Material's search interface expects.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

from pagefind_bin import get_executable

from ..errors import SearchIndexError

WORKER = Path(__file__).parent / "assets" / "pagefind-worker.js"
"""The web worker Material's search box talks to, published as WORKER_DEST."""
WORKER_DEST = "assets/javascripts/pagefind-worker.js"
BUNDLE_DIR = "pagefind"
"""Folder of the site holding Pagefind's index, and the script that searches it."""
ROOT_SELECTOR = "article.md-content__inner"
"""What is indexed of a page: its content, not the navigation shown on every page."""
IGNORED = ".headerlink, table.ev-index, table.ev-needs-review"
"""Not indexed: the ¶ permalinks of headings, and the listings of every record (a search for a
record should find the record, not the long lists that name it)."""


BATCH = 5000
"""Pages indexed by one run of Pagefind. Pagefind holds its whole index in memory while it
works (about 90 KB a record page): in batches, memory stays bounded whatever the size of the
site; the browser merges the batches' indexes (`parts.json`)."""
PARTS = "parts.json"
STAGING = ".pagefind-staging"
"""Folders of the site (one per batch, removed after it) where a batch's pages are linked."""
NOT_FOUND_PAGE = "404.html"
"""The theme's "page not found": not a page to find by searching."""


def _index_command(staging: Path, output: Path) -> list[str]:
    return [str(get_executable()), "--site", str(staging), "--output-path", str(output),
            "--root-selector", ROOT_SELECTOR, "--exclude-selectors", IGNORED,
            "--force-language", "en", "--quiet"]


def build_search_index(site_dir: Path, batch: int = BATCH, bundle: Path | None = None) -> None:
    """Index every HTML page of a built site into `site_dir/pagefind/` (the first batch) and
    `site_dir/pagefind/<n>/` (the others, listed in `pagefind/parts.json`), or into `bundle`
    (serving.py builds the next index beside the one in use). Hidden folders are not pages."""
    def indexed(page: Path) -> bool:
        path = page.relative_to(site_dir)
        return not (path.parts[0] == BUNDLE_DIR or path.parts[0].startswith(".")
                    or path.as_posix() == NOT_FOUND_PAGE)

    pages = sorted(p for p in site_dir.rglob("*.html") if indexed(p))
    bundle = bundle or site_dir / BUNDLE_DIR
    shutil.rmtree(bundle, ignore_errors=True)
    indexer = IndexWhileBuilding(site_dir, batch, bundle)
    for page in pages:
        indexer.add(page)
    indexer.finish()


class IndexWhileBuilding:
    """Index the pages in batches while the build writes the next ones: MkDocs uses one core,
    Pagefind the other. A batch is staged (its pages linked into a folder of their own) and
    indexed in a thread, off the build's path. One Pagefind at a time, so memory stays
    bounded."""

    def __init__(self, site_dir: Path, batch: int = BATCH, bundle: Path | None = None) -> None:
        self.site_dir = site_dir
        self.batch = batch
        self.bundle = bundle or site_dir / BUNDLE_DIR
        """Where the index goes: `pagefind/` of the site unless told."""
        self.written: list[Path] = []
        """Pages written and not yet indexed, relative to the site."""
        self.thread: threading.Thread | None = None
        self.process: subprocess.Popen[str] | None = None
        self.error: str | None = None
        self.stopped = False
        self.batches = 0

    def add(self, page: Path) -> None:
        """A page about to be written (so the batch before it is complete on disk)."""
        if len(self.written) >= self.batch:
            self.start(self.written)
            self.written = []
        self.written.append(page.relative_to(self.site_dir))

    def start(self, pages: list[Path]) -> None:
        self.wait()
        n, self.batches = self.batches, self.batches + 1
        self.thread = threading.Thread(target=self._index, args=(pages, n), daemon=True)
        self.thread.start()

    def _index(self, pages: list[Path], n: int) -> None:
        staging = self.site_dir / f"{STAGING}-{n}"
        try:
            shutil.rmtree(staging, ignore_errors=True)
            for page in pages:  # Pagefind indexes a folder: the batch's pages, linked into one
                (staging / page).parent.mkdir(parents=True, exist_ok=True)
                os.link(self.site_dir / page, staging / page)
            staging.mkdir(exist_ok=True)
            if self.stopped:
                return
            output = self.bundle / (str(n) if n else "")
            self.process = subprocess.Popen(_index_command(staging, output),
                                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                            text=True)
            out, _ = self.process.communicate()
            if self.process.returncode != 0 and not self.stopped:
                self.error = f"pagefind failed ({self.process.returncode}):\n{out}".rstrip()
        except OSError as exc:
            self.error = f"could not stage pages for Pagefind: {exc}"
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def wait(self) -> None:
        if self.thread is not None:
            self.thread.join()
            self.thread = None
        if self.error is not None:
            raise SearchIndexError(self.error)

    def finish(self) -> None:
        """Index the last pages, wait for Pagefind, list the batches for the browser."""
        if self.written or not self.batches:
            self.start(self.written)
            self.written = []
        self.wait()
        parts = [f"{n}/" for n in range(1, self.batches)]
        (self.bundle / PARTS).write_text(json.dumps(parts) + "\n")

    def stop(self) -> None:
        """After a failed build: stop Pagefind, remove the staging folders."""
        self.stopped = True
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
        if self.thread is not None:
            self.thread.join()
            self.thread = None


def start_search_index(site_dir: Path) -> subprocess.Popen[str]:
    """Index the site in the background (while serving: beside the index in use, swapped in
    when complete, serving.py), in a process group of its own so that stopping it stops its
    Pagefind too."""
    return subprocess.Popen([sys.executable, "-m", "macros.search.serving", str(site_dir)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True,
                            start_new_session=True)


def stop_search_index(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    process.wait()


if __name__ == "__main__":
    build_search_index(Path(sys.argv[1]))
