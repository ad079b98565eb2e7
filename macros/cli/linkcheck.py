"""`evidence check-links`: check every URL in the records and the bibliography.

URLs are checked concurrently with a time-out, retried on server errors and failed
connections, and followed through redirects (reported, so a moved link can be updated). Results
are cached on disk, so a second run within the cache's lifetime is nearly instant.

URLs come from strangers: a link to a loopback, private or link-local address (the machine
itself, its network, a cloud's metadata service) is not requested unless `allow_private` is
set. Each host is resolved before each request, redirects included, and the address actually
connected to is checked again (a name may resolve to another address the second time).

A URL whose host name does not resolve, or that the machine has no network to reach, is not
reached rather than broken (`LinkResult.unreached`): offline, every link would otherwise read as
broken. A name that never resolves (a lapsed domain) is reported the same way, so a run with the
network up names it too, under its own heading.
"""

from __future__ import annotations

import errno
import ipaddress
import json
import logging
import socket
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from ..errors import PrivateAddress
from ..evidence import Evidence

log = logging.getLogger(__name__)

USER_AGENT = "lac-migration-evidence link checker (+https://github.com)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass
class LinkResult:
    """What happened when a URL was requested."""

    url: str
    status: int | None
    """Final HTTP status, or None when no response came (time-out, refused, DNS)."""
    final_url: str
    redirects: list[str] = field(default_factory=list)
    """Every URL the request was redirected through, in order, ending with `final_url`."""
    redirect_status: int | None = None
    """Status of the first redirect (301 and 308 are permanent: update the link)."""
    error: str = ""
    checked_at: float = 0.0
    unreached: bool = False
    """No answer because the host name did not resolve or the network is unreachable: nothing
    is known of the link itself (offline, every link is unreached)."""

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 400

    @property
    def broken(self) -> bool:
        """The link was reached and failed (an HTTP error, refused, no answer in time, ...)."""
        return not self.ok and not self.unreached

    @property
    def moved(self) -> bool:
        return self.ok and bool(self.redirects) and self.final_url != self.url


@dataclass(frozen=True)
class LinkUse:
    """Where a URL is used: the file (and the record field or bibliography key)."""

    path: str
    where: str


def urls_of(evidence: Evidence) -> dict[str, list[LinkUse]]:
    """Every URL of the records (`url` fields) and of the bibliography (`url`, `doi`)."""
    found: dict[str, list[LinkUse]] = {}
    for record in evidence.all_records():
        url = getattr(record, "url", None)
        if url:
            found.setdefault(url, []).append(LinkUse(evidence.source_path(record), "url"))
    bib = evidence.bibliography
    for key in bib.entries:
        for name in ("url", "doi"):
            value = bib.field(key, name)
            if not value:
                continue
            url = value if name == "url" else f"https://doi.org/{value}"
            found.setdefault(url, []).append(LinkUse(bib.path, f"{key}.{name}"))
    return found


class LinkCache:
    """Results by URL in a JSON file; entries older than `max_age` seconds are ignored."""

    def __init__(self, path: Path | None, max_age: float) -> None:
        self.path = path
        self.max_age = max_age
        self.results: dict[str, LinkResult] = {}
        if path and path.exists():
            try:
                raw = json.loads(path.read_text(encoding="utf-8"))
                self.results = {u: LinkResult(**r) for u, r in raw.items()}
            except (OSError, ValueError, TypeError, AttributeError):
                log.warning("ignoring unreadable link cache %s", path)

    def fresh(self, url: str, now: float) -> LinkResult | None:
        result = self.results.get(url)
        if result and result.ok and now - result.checked_at < self.max_age:
            return result  # failures are always checked again
        return None

    def save(self) -> None:
        if self.path is None:
            return
        data = {u: asdict(r) for u, r in sorted(self.results.items())}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(data, indent=1), encoding="utf-8")
        except OSError as exc:  # the results are still good: only the next run is slower
            log.warning("could not write the link cache %s: %s", self.path,
                        exc.strerror or exc)


# ---------------------------------------------------------------------------------------------
# Public addresses only


# Not an OSError (as requests' errors are): urllib3 would turn it into a connection error.
def is_public_address(address: str) -> bool:
    """A globally routable unicast address (so not 127.0.0.0/8, ::1, 10/8, 172.16/12,
    192.168/16, 169.254/16, fc00::/7, 0.0.0.0, 100.64/10, multicast, ...), also when it is an
    IPv4 address written inside an IPv6 one."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone ('fe80::1%eth0')
    if isinstance(ip, ipaddress.IPv6Address):
        inner = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if inner is not None and not is_public_address(str(inner)):
            return False
    return ip.is_global and not ip.is_multicast


def _refuse_private_host(host: str) -> None:
    try:
        found = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return  # the request fails on its own: name not resolved
    for *_, sockaddr in found:
        if not is_public_address(str(sockaddr[0])):
            raise PrivateAddress(host, str(sockaddr[0]))


class _PeerCheck:
    """A connection that refuses to talk to a non-public peer (the name may have resolved to
    another address than when it was checked)."""

    host: str

    def _new_conn(self) -> socket.socket:
        sock: socket.socket = super()._new_conn()  # type: ignore[misc]
        peer = str(sock.getpeername()[0])
        if not is_public_address(peer):
            sock.close()
            raise PrivateAddress(self.host, peer)
        return sock


class _PublicHTTPConnection(_PeerCheck, HTTPConnection):
    pass


class _PublicHTTPSConnection(_PeerCheck, HTTPSConnection):
    pass


class _PublicHTTPPool(HTTPConnectionPool):
    ConnectionCls = _PublicHTTPConnection


class _PublicHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _PublicHTTPSConnection


class PublicOnlyAdapter(HTTPAdapter):
    """Requests (every redirect too) only to public addresses. Through a proxy, only the
    host's own addresses are checked: the connection is to the proxy."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _PublicHTTPPool,
                                                   "https": _PublicHTTPSPool}

    def send(self, request: requests.PreparedRequest, *args: Any,
             **kwargs: Any) -> requests.Response:
        host = urlsplit(request.url or "").hostname
        if host:
            _refuse_private_host(host)
        return super().send(request, *args, **kwargs)


# ---------------------------------------------------------------------------------------------
# Checking


def check_url(session: requests.Session, url: str, *, timeout: float, retries: int,
              backoff: float = 0.2) -> LinkResult:
    """Request `url` (GET, streamed so bodies are not downloaded), retrying transient failures."""
    attempt = 0
    while True:
        refused = False
        try:
            with session.get(url, timeout=timeout, allow_redirects=True, stream=True) as reply:
                # history holds one response per redirect; each was for the URL before the hop.
                hops = [r.url for r in reply.history[1:]] + [reply.url] if reply.history else []
                first = reply.history[0].status_code if reply.history else None
                result = LinkResult(url, reply.status_code, reply.url, hops,
                                    redirect_status=first)
        except PrivateAddress as exc:
            result = LinkResult(url, None, url, error=str(exc))
            refused = True
        except requests.Timeout:
            result = LinkResult(url, None, url, error=f"no answer within {timeout:g} s")
        except requests.TooManyRedirects:
            result = LinkResult(url, None, url, error="too many redirects")
        except requests.ConnectionError as exc:
            result = LinkResult(url, None, url, error=_reason(exc), unreached=_unreached(exc))
        except requests.RequestException as exc:
            result = LinkResult(url, None, url, error=str(exc))
        transient = not refused and (result.status in RETRY_STATUSES or (
            result.status is None and "redirects" not in result.error))
        if not transient or attempt >= retries:
            result.checked_at = time.time()
            return result
        attempt += 1
        time.sleep(backoff * 2 ** (attempt - 1))


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception and what it wraps: requests' error holds urllib3's MaxRetryError, whose
    `reason` is the connection error raised from the socket's (a gaierror when the name did
    not resolve, in urllib3 1.26 and 2 alike)."""
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo += [e for e in (current.__cause__, current.__context__,
                             getattr(current, "reason", None), *current.args)
                 if isinstance(e, BaseException)]


def _unreached(exc: BaseException) -> bool:
    """The host name did not resolve, or there is no network to reach it."""
    return any(isinstance(e, socket.gaierror)
               or (isinstance(e, OSError) and e.errno == errno.ENETUNREACH)
               for e in _causes(exc))


def _reason(exc: Exception) -> str:
    causes = list(_causes(exc))
    if any(isinstance(e, socket.gaierror) for e in causes):
        return "name not resolved"
    if any(isinstance(e, OSError) and e.errno == errno.ENETUNREACH for e in causes):
        return "network unreachable"
    if "Connection refused" in str(exc):
        return "connection refused"
    return "connection failed"


def check_links(urls: Iterable[str], *, cache: LinkCache, timeout: float = 10.0,
                retries: int = 2, workers: int = 8,
                progress: Callable[[int, int, LinkResult], None] | None = None,
                allow_private: bool = False) -> dict[str, LinkResult]:
    """Check every URL (cached results first); return results by URL. Loopback, private and
    link-local addresses are not requested unless `allow_private`."""
    now = time.time()
    todo = sorted(set(urls))
    results = {u: r for u in todo if (r := cache.fresh(u, now)) is not None}
    pending = [u for u in todo if u not in results]
    with requests.Session() as session, ThreadPoolExecutor(max_workers=workers) as pool:
        session.headers["User-Agent"] = USER_AGENT
        if not allow_private:
            adapter = PublicOnlyAdapter()
            session.mount("http://", adapter)
            session.mount("https://", adapter)
        futures = {pool.submit(check_url, session, u, timeout=timeout, retries=retries): u
                   for u in pending}
        for done, future in enumerate(as_completed(futures), 1):
            result = future.result()
            results[result.url] = result
            cache.results[result.url] = result
            if progress:
                progress(done, len(pending), result)
    cache.save()
    return results
