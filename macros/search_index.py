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

import subprocess
from pathlib import Path

from pagefind_bin import get_executable

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


class SearchIndexError(Exception):
    """Pagefind could not index the site."""


def index_command(site_dir: Path) -> list[str]:
    return [str(get_executable()), "--site", str(site_dir), "--output-subdir", BUNDLE_DIR,
            "--root-selector", ROOT_SELECTOR, "--exclude-selectors", IGNORED,
            "--force-language", "en", "--quiet"]


def build_search_index(site_dir: Path) -> None:
    """Index every HTML page of a built site into `site_dir/pagefind/`."""
    done = subprocess.run(index_command(site_dir), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SearchIndexError(f"pagefind failed ({done.returncode}):\n"
                               f"{done.stdout}{done.stderr}".rstrip())


def start_search_index(site_dir: Path) -> subprocess.Popen[str]:
    """Index the site in the background (while serving); the caller waits or stops it."""
    return subprocess.Popen(index_command(site_dir), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, text=True)
