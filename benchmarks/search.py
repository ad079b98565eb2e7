"""How fast the site's search answers in a real browser: Playwright driving Debian's Chromium.

    .venv/bin/python -m benchmarks.search SITE_DIR QUERY=EXPECTED_PATH [...] [--repeat 3]

Serves a built site on 127.0.0.1 and, for each query, opens the home page in a fresh browser
context (empty cache), waits for the page's `load` event, then at once focuses the search box
and types the query as fast as keys can be pressed. Measured in the page, with the browser's
own clock:

- *answer*: from the last key pressed to the results of the whole query shown (the last change
  of the result list, once it has stayed unchanged for half a second): what a reader waits for
  after typing. The search index is loaded while the page loads and the reader types; a
  search that is not ready yet makes the reader wait here.
- *ready*: from the start of navigation to the search saying it is ready ("Type to start
  searching"), for information.

A query counts as found when EXPECTED_PATH (a site-relative URL such as
`activities/activity-00042/`) is among the first five results.
"""

from __future__ import annotations

import argparse
import functools
import json
import statistics
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
TOP = 5
TIMEOUT_MS = 60_000

# Installed before any script of the page runs: notes when keys are pressed and when the page
# changes (the result list and its count), on the page's clock (performance.now()).
PROBE = """
window.__search = {keys: [], changes: [], ready: null};
document.addEventListener('keydown', () => window.__search.keys.push(performance.now()), true);
new MutationObserver(() => {
  const s = window.__search;
  const meta = document.querySelector('.md-search-result__meta');
  if (s.ready === null && meta && !/Initializing/i.test(meta.textContent)) {
    s.ready = performance.now();
  }
  if (s.keys.length) s.changes.push(performance.now());
}).observe(document, {childList: true, subtree: true, characterData: true});
"""
_CHANGED = ("(() => { const s = window.__search; const last = s.keys[s.keys.length - 1];"
            " return s.changes.some(t => t > last) })()")
_SETTLED = ("(() => { const s = window.__search;"
            " return performance.now() - s.changes[s.changes.length - 1] > %d })()")
SETTLE_MS = 500


def settle(page: Any) -> float:
    """Wait until the page has shown results for the last key pressed and stayed unchanged for
    SETTLE_MS; return when it last changed, in ms after that key (the answer's time)."""
    page.wait_for_function(_CHANGED, timeout=TIMEOUT_MS)
    page.wait_for_function(_SETTLED % SETTLE_MS, timeout=TIMEOUT_MS, polling=50)
    probe = page.evaluate("window.__search")
    return float(probe["changes"][-1] - probe["keys"][-1])


@dataclass
class Answer:
    query: str
    expected: str
    answer_ms: float
    ready_ms: float | None
    found: bool
    rank: int | None
    results: list[str]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def served(root: Path) -> Iterator[str]:
    """The folder served over HTTP on 127.0.0.1, on a free port."""
    handler = functools.partial(_Quiet, directory=str(root))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _path_of(href: str, base: str) -> str:
    """A result's link as a site-relative path, without its query (highlighted words) and
    anchor."""
    path = href.split("#", 1)[0].split("?", 1)[0]
    return path[len(base):] if path.startswith(base) else path.lstrip("./")


def ask(browser: Any, base: str, query: str, expected: str) -> Answer:
    """Load the home page, type `query` at once, and time the first results."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script(PROBE)
        page.goto(base, wait_until="load")
        field = page.locator("input.md-search__input")
        field.click()
        field.press_sequentially(query)
        answer_ms = settle(page)
        ready_ms = page.evaluate("window.__search.ready")
        items = page.locator(".md-search-result__item > a")
        hrefs = [items.nth(i).evaluate("a => a.href") for i in range(min(items.count(), 20))]
    finally:
        context.close()
    paths = list(dict.fromkeys(_path_of(h, base) for h in hrefs))
    rank = paths.index(expected) + 1 if expected in paths else None
    return Answer(query, expected, answer_ms, ready_ms, rank is not None and rank <= TOP, rank,
                  paths[:TOP])


def measure(site: Path, queries: dict[str, str], repeat: int = 3) -> list[Answer]:
    """Ask every query `repeat` times; return the answer of median time for each."""
    from playwright.sync_api import sync_playwright

    out = []
    with served(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            ask(browser, base, next(iter(queries)), "")  # warm the disk cache and Chromium
            for query, expected in queries.items():
                answers = sorted((ask(browser, base, query, expected) for _ in range(repeat)),
                                 key=lambda a: a.answer_ms)
                out.append(answers[len(answers) // 2])
        finally:
            browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    parser.add_argument("queries", nargs="+", help="QUERY=EXPECTED_PATH")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    queries = dict(q.split("=", 1) for q in args.queries)
    answers = measure(args.site, queries, args.repeat)
    for a in answers:
        print(json.dumps(asdict(a)))
    print(f"median answer {statistics.median(a.answer_ms for a in answers):.0f} ms, "
          f"found {sum(a.found for a in answers)} of {len(answers)}")


if __name__ == "__main__":
    main()
