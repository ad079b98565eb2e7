"""`evidence check-links` against a local HTTP server: nothing here reaches the internet."""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from helpers import evidence_cli

from macros.linkcheck import LinkCache, check_links

HITS: Counter[str] = Counter()


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        HITS[self.path] += 1
        if self.path == "/ok":
            self.reply(200)
        elif self.path == "/old":
            self.redirect(301, "/older")
        elif self.path == "/older":
            self.redirect(302, "/ok")
        elif self.path == "/missing":
            self.reply(404)
        elif self.path == "/error":
            self.reply(500)
        elif self.path == "/flaky":
            self.reply(503 if HITS[self.path] == 1 else 200)
        elif self.path == "/slow":
            time.sleep(1.5)
            self.reply(200)

    def reply(self, status: int) -> None:
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def redirect(self, status: int, to: str) -> None:
        self.send_response(status)
        self.send_header("Location", to)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture
def closed_port() -> str:
    with socket.socket() as s:  # a port that was free a moment ago: nothing listens on it
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def test_each_kind_of_link_is_classified(server: str, closed_port: str) -> None:
    HITS.clear()
    urls = [f"{server}/{p}" for p in ("ok", "old", "missing", "error", "flaky", "slow")]
    results = check_links([*urls, closed_port], cache=LinkCache(None, 3600), timeout=0.5,
                          retries=1, workers=4)
    ok, old, missing, error, flaky, slow = (results[u] for u in urls)
    assert ok.ok and ok.status == 200 and not ok.moved
    assert old.moved and old.status == 200 and old.redirect_status == 301
    assert old.redirects == [f"{server}/older", f"{server}/ok"]
    assert old.final_url == f"{server}/ok"
    assert missing.status == 404 and not missing.ok
    assert error.status == 500 and HITS["/error"] == 2  # tried, then retried once
    assert flaky.ok and HITS["/flaky"] == 2  # the retry succeeded
    assert slow.status is None and slow.error == "no answer within 0.5 s"
    refused = results[closed_port]
    assert refused.status is None and refused.error == "connection refused"


def test_second_run_uses_the_cache(server: str, tmp_path: Path) -> None:
    HITS.clear()
    path = tmp_path / "links.json"
    check_links([f"{server}/ok", f"{server}/missing"], cache=LinkCache(path, 3600), timeout=2)
    assert Counter({"/ok": 1, "/missing": 1}) == HITS
    check_links([f"{server}/ok", f"{server}/missing"], cache=LinkCache(path, 3600), timeout=2)
    # The working link came from the cache; the broken one is checked again.
    assert Counter({"/ok": 1, "/missing": 2}) == HITS
    check_links([f"{server}/ok"], cache=LinkCache(path, max_age=0), timeout=2)
    assert HITS["/ok"] == 2  # an expired entry is checked again


def test_command_reports_broken_and_moved_links_with_their_files(mini: Path,
                                                                 server: str) -> None:
    org = mini / "evidence" / "organisations" / "agency-a.yaml"
    org.write_text(org.read_text() + f"url: {server}/old\n")
    bib = mini / "bibliography.bib"
    bib.write_text(bib.read_text().replace("https://example.org/a.pdf", f"{server}/missing")
                   .replace("https://example.org/b", f"{server}/ok"))
    result = evidence_cli(mini, "check-links", "--timeout", "2")
    assert result.returncode == 1
    assert (f"  bibliography.bib: doc-a.url: {server}/missing: HTTP 404") in result.stdout
    assert (f"  evidence/organisations/agency-a.yaml: url: {server}/old moved permanently "
            f"(301) to {server}/ok") in result.stdout
    assert result.stdout.strip().endswith("3 URLs checked: 2 working (1 redirected), 1 broken")
    assert "[3/3]" in result.stderr  # progress while it works
    assert (mini / ".cache" / "links.json").is_file()


def test_command_succeeds_when_every_link_works(mini: Path, server: str) -> None:
    bib = mini / "bibliography.bib"
    bib.write_text(bib.read_text().replace("https://example.org/a.pdf", f"{server}/ok")
                   .replace("https://example.org/b", f"{server}/ok"))
    result = evidence_cli(mini, "check-links", "--no-cache")
    assert result.returncode == 0, result.stdout
    assert "1 URL checked: 1 working (0 redirected), 0 broken" in result.stdout
