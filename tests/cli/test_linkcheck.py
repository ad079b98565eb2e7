"""`evidence check-links` against a local HTTP server: nothing here reaches the internet.

The server is on a loopback address, which the checker refuses unless told otherwise
(`allow_private`, `--allow-private`): the tests of what it does with answers say so."""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from helpers import evidence_cli

from macros.cli import linkcheck
from macros.cli.linkcheck import LinkCache, check_links

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


@contextmanager
def serving(host: str, handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """An HTTP server on `host` while the block runs; its base URL."""
    httpd = ThreadingHTTPServer((host, 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serving("127.0.0.1", Handler) as url:
        yield url


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
                          retries=1, workers=4, allow_private=True)
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
    both = [f"{server}/ok", f"{server}/missing"]
    check_links(both, cache=LinkCache(path, 3600), timeout=2, allow_private=True)
    assert Counter({"/ok": 1, "/missing": 1}) == HITS
    check_links(both, cache=LinkCache(path, 3600), timeout=2, allow_private=True)
    # The working link came from the cache; the broken one is checked again.
    assert Counter({"/ok": 1, "/missing": 2}) == HITS
    check_links([f"{server}/ok"], cache=LinkCache(path, max_age=0), timeout=2,
                allow_private=True)
    assert HITS["/ok"] == 2  # an expired entry is checked again


def test_command_reports_broken_and_moved_links_with_their_files(mini: Path,
                                                                 server: str) -> None:
    org = mini / "evidence" / "organisations" / "agency-a.yaml"
    org.write_text(org.read_text() + f"url: {server}/old\n")
    bib = mini / "bibliography.bib"
    bib.write_text(bib.read_text().replace("https://example.org/a.pdf", f"{server}/missing")
                   .replace("https://example.org/b", f"{server}/ok"))
    result = evidence_cli(mini, "check-links", "--timeout", "2", "--allow-private")
    assert result.returncode == 1
    assert (f"  bibliography.bib: doc-a.url: {server}/missing: HTTP 404") in result.stdout
    assert (f"  evidence/organisations/agency-a.yaml: url: {server}/old moved permanently "
            f"(301) to {server}/ok") in result.stdout
    assert result.stdout.strip().endswith(
        "3 URLs checked: 2 working (1 redirected), 1 broken, 0 not reached")
    assert "[3/3]" in result.stderr  # progress while it works
    assert (mini / ".cache" / "links.json").is_file()


def test_command_succeeds_when_every_link_works(mini: Path, server: str) -> None:
    bib = mini / "bibliography.bib"
    bib.write_text(bib.read_text().replace("https://example.org/a.pdf", f"{server}/ok")
                   .replace("https://example.org/b", f"{server}/ok"))
    result = evidence_cli(mini, "check-links", "--no-cache", "--allow-private")
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1] == (
        "1 URL checked: 1 working (0 redirected), 0 broken, 0 not reached")


# ---------------------------------------------------------------------------------------------
# Not reached: a name that does not resolve, no network. `.invalid` never resolves (RFC 6761),
# so these run the same with or without a network.

UNRESOLVED = "http://nonexistent.invalid/"


def test_a_name_that_does_not_resolve_is_not_reached_rather_than_broken() -> None:
    result = check_links([UNRESOLVED], cache=LinkCache(None, 3600), timeout=2,
                         retries=0)[UNRESOLVED]
    assert (result.status, result.error, result.unreached) == (None, "name not resolved", True)
    assert not result.ok and not result.broken


def test_no_route_to_the_network_is_not_reached(monkeypatch: pytest.MonkeyPatch) -> None:
    """What an offline machine with a resolver cache says: the network is unreachable."""
    import errno

    from urllib3.util import connection

    def unreachable(*args: object, **kwargs: object) -> socket.socket:
        raise OSError(errno.ENETUNREACH, "Network is unreachable")

    monkeypatch.setattr(connection, "create_connection", unreachable)
    url = "http://198.51.100.7/"  # never connected to: the connection fails before
    result = check_links([url], cache=LinkCache(None, 3600), timeout=2, retries=0,
                         allow_private=True)[url]
    assert (result.error, result.unreached, result.broken) == ("network unreachable", True,
                                                              False)


def test_a_refused_connection_is_broken_not_unreached(closed_port: str) -> None:
    result = check_links([closed_port], cache=LinkCache(None, 3600), timeout=2, retries=0,
                         allow_private=True)[closed_port]
    assert (result.error, result.broken, result.unreached) == ("connection refused", True,
                                                              False)


def _links(mini: Path, first: str, second: str) -> None:
    bib = mini / "bibliography.bib"
    bib.write_text(bib.read_text().replace("https://example.org/a.pdf", first)
                   .replace("https://example.org/b", second))


def test_command_offline_says_not_reached_and_exits_3(mini: Path) -> None:
    _links(mini, UNRESOLVED, "http://also-nonexistent.invalid/b")
    result = evidence_cli(mini, "check-links", "--no-cache", "--retries", "0")
    assert result.returncode == 3, result.stdout
    assert "Broken links" not in result.stdout
    assert result.stdout.splitlines() == [
        "Not reached (no network, or the name does not resolve) (2):",
        "  bibliography.bib: doc-b.url: http://also-nonexistent.invalid/b: name not resolved",
        f"  bibliography.bib: doc-a.url: {UNRESOLVED}: name not resolved",
        "2 URLs checked: 0 working (0 redirected), 0 broken, 2 not reached",
        "  hint: no link could be reached: is this machine offline? Check the network (or the "
        "proxy) and run again"]


def test_command_with_one_broken_and_one_unresolved_link_exits_1(mini: Path,
                                                                server: str) -> None:
    _links(mini, f"{server}/missing", UNRESOLVED)
    result = evidence_cli(mini, "check-links", "--no-cache", "--retries", "0",
                          "--allow-private")
    assert result.returncode == 1, result.stdout
    assert result.stdout.splitlines() == [
        "Broken links (1):",
        f"  bibliography.bib: doc-a.url: {server}/missing: HTTP 404",
        "Not reached (no network, or the name does not resolve) (1):",
        f"  bibliography.bib: doc-b.url: {UNRESOLVED}: name not resolved",
        "2 URLs checked: 0 working (0 redirected), 1 broken, 1 not reached",
        "  hint: other links were reached, so a name that does not resolve is most likely "
        "gone: check the address in its source"]


def test_command_with_working_and_unresolved_links_exits_3(mini: Path, server: str) -> None:
    _links(mini, f"{server}/ok", UNRESOLVED)
    result = evidence_cli(mini, "check-links", "--no-cache", "--retries", "0",
                          "--allow-private")
    assert result.returncode == 3, result.stdout
    assert "2 URLs checked: 1 working (0 redirected), 0 broken, 1 not reached" in result.stdout


# ---------------------------------------------------------------------------------------------
# Loopback, private and link-local addresses are not requested (the URLs come from strangers).

REFUSED = "is not a public address (--allow-private checks it)"


@pytest.mark.parametrize("address, public", [
    ("8.8.8.8", True), ("93.184.216.34", True), ("2001:4860:4860::8888", True),
    ("172.15.255.255", True), ("172.32.0.0", True), ("192.169.0.0", True),
    ("2002:808:808::1", True),  # 6to4 of 8.8.8.8
    ("127.0.0.1", False), ("127.255.255.254", False), ("::1", False), ("0.0.0.0", False),
    ("::", False), ("10.0.0.1", False), ("10.255.255.255", False), ("172.16.0.0", False),
    ("172.31.255.255", False), ("192.168.0.1", False), ("192.168.255.255", False),
    ("169.254.169.254", False), ("fc00::1", False), ("fdff:ffff::1", False),
    ("fe80::1", False), ("fe80::1%eth0", False), ("100.64.0.1", False),
    ("::ffff:127.0.0.1", False), ("::ffff:10.0.0.1", False), ("2002:7f00:1::", False),
    ("224.0.0.1", False), ("ff02::1", False), ("192.0.2.1", False), ("240.0.0.1", False),
])
def test_which_addresses_are_public(address: str, public: bool) -> None:
    assert linkcheck.is_public_address(address) is public


def test_private_addresses_are_refused_before_any_request(server: str) -> None:
    HITS.clear()
    port = server.rsplit(":", 1)[1]
    local = [f"http://{h}:{port}/ok" for h in (
        "127.0.0.1", "localhost", "LocalHost", "[::1]", "127.1", "2130706433", "0x7f000001",
        "0.0.0.0", "0", "[::ffff:127.0.0.1]", "[::]")]
    elsewhere = ["http://10.0.0.1/", "http://172.16.0.1/", "http://172.31.255.255/",
                 "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/",
                 "http://[fc00::1]/", "http://[fd12:3456::1]/", "http://[fe80::1]/",
                 "http://100.64.0.1/", "https://127.0.0.1/", "https://user:pw@127.0.0.1/"]
    results = check_links([*local, *elsewhere], cache=LinkCache(None, 3600), timeout=0.5,
                          retries=2, workers=4)
    assert not HITS  # nothing reached the server
    for url, result in results.items():
        assert result.status is None and not result.ok, url
        assert result.error.startswith("not checked: ") and result.error.endswith(REFUSED), url


@pytest.fixture(scope="module")
def outside() -> Iterator[str]:
    """A server on 127.0.0.2, an address the tests below treat as public."""
    with serving("127.0.0.2", Handler) as url:
        yield url


@pytest.fixture
def outside_is_public(monkeypatch: pytest.MonkeyPatch) -> None:
    public = linkcheck.is_public_address
    monkeypatch.setattr(linkcheck, "is_public_address",
                        lambda address: address == "127.0.0.2" or public(address))


class Redirect(Handler):
    target = ""

    def do_GET(self) -> None:
        HITS[f"outside{self.path}"] += 1
        self.redirect(302, self.target + self.path)


@pytest.mark.usefixtures("outside_is_public")
@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::ffff:127.0.0.1]"])
def test_a_redirect_to_a_private_address_is_not_followed(server: str, host: str) -> None:
    port = server.rsplit(":", 1)[1]
    Redirect.target = f"http://{host}:{port}"
    with serving("127.0.0.2", Redirect) as outside:
        HITS.clear()
        url = f"{outside}/ok"
        result = check_links([url], cache=LinkCache(None, 3600), timeout=2)[url]
        assert Counter({"outside/ok": 1}) == HITS  # the public hop only, and no retry
        assert result.status is None and result.error.endswith(REFUSED)
        HITS.clear()
        allowed = check_links([url], cache=LinkCache(None, 3600), timeout=2,
                              allow_private=True)[url]
        assert allowed.ok and Counter({"outside/ok": 1, "/ok": 1}) == HITS


@pytest.mark.usefixtures("outside_is_public")
def test_the_public_address_itself_is_checked(outside: str) -> None:
    HITS.clear()
    result = check_links([f"{outside}/ok"], cache=LinkCache(None, 3600), timeout=2)
    assert result[f"{outside}/ok"].ok and Counter({"/ok": 1}) == HITS


def test_a_name_that_resolves_elsewhere_the_second_time_is_refused(
        server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """DNS rebinding: public when checked, the loopback when connected."""
    port = int(server.rsplit(":", 1)[1])
    real = socket.getaddrinfo
    answers = iter(["93.184.216.34"])

    def getaddrinfo(host: str, *args: object, **kwargs: object) -> list:  # type: ignore[type-arg]
        if host != "rebind.example":
            return real(host, *args, **kwargs)  # type: ignore[arg-type]
        address = next(answers, "127.0.0.1")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    HITS.clear()
    url = f"http://rebind.example:{port}/ok"
    result = check_links([url], cache=LinkCache(None, 3600), timeout=2)[url]
    assert not HITS
    assert result.error == f"not checked: rebind.example (127.0.0.1) {REFUSED}"


def test_command_refuses_private_links_unless_allowed(mini: Path, server: str) -> None:
    HITS.clear()
    org = mini / "evidence" / "organisations" / "agency-a.yaml"
    org.write_text(org.read_text() + f"url: {server}/ok\n")
    bib = mini / "bibliography.bib"
    bib.write_text(bib.read_text().replace("https://example.org/a.pdf", f"{server}/ok")
                   .replace("https://example.org/b", "http://169.254.169.254/latest/"))
    result = evidence_cli(mini, "check-links", "--no-cache")
    assert result.returncode == 1
    assert (f"  evidence/organisations/agency-a.yaml: url: {server}/ok: not checked: "
            f"127.0.0.1 {REFUSED}") in result.stdout
    assert ("  bibliography.bib: doc-b.url: http://169.254.169.254/latest/: not checked: "
            f"169.254.169.254 {REFUSED}") in result.stdout
    assert not HITS
    bib.write_text(bib.read_text().replace("http://169.254.169.254/latest/", f"{server}/ok"))
    allowed = evidence_cli(mini, "check-links", "--no-cache", "--allow-private")
    assert allowed.returncode == 0, allowed.stdout
    assert HITS["/ok"] >= 1
