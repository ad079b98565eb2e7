"""`evidence check-links`: check every URL in the records and the bibliography.

URLs are checked concurrently with a time-out, retried on server errors and failed
connections, and followed through redirects (reported, so a moved link can be updated). Results
are cached on disk, so a second run within the cache's lifetime is nearly instant.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

import requests

from .evidence import Evidence

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

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 400

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
            except (ValueError, TypeError):
                log.warning("ignoring unreadable link cache %s", path)

    def fresh(self, url: str, now: float) -> LinkResult | None:
        result = self.results.get(url)
        if result and result.ok and now - result.checked_at < self.max_age:
            return result  # failures are always checked again
        return None

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {u: asdict(r) for u, r in sorted(self.results.items())}
        self.path.write_text(json.dumps(data, indent=1), encoding="utf-8")


def check_url(session: requests.Session, url: str, *, timeout: float, retries: int,
              backoff: float = 0.2) -> LinkResult:
    """Request `url` (GET, streamed so bodies are not downloaded), retrying transient failures."""
    attempt = 0
    while True:
        try:
            with session.get(url, timeout=timeout, allow_redirects=True, stream=True) as reply:
                # history holds one response per redirect; each was for the URL before the hop.
                hops = [r.url for r in reply.history[1:]] + [reply.url] if reply.history else []
                first = reply.history[0].status_code if reply.history else None
                result = LinkResult(url, reply.status_code, reply.url, hops,
                                    redirect_status=first)
        except requests.Timeout:
            result = LinkResult(url, None, url, error=f"no answer within {timeout:g} s")
        except requests.TooManyRedirects:
            result = LinkResult(url, None, url, error="too many redirects")
        except requests.ConnectionError as exc:
            result = LinkResult(url, None, url, error=_reason(exc))
        except requests.RequestException as exc:
            result = LinkResult(url, None, url, error=str(exc))
        transient = result.status in RETRY_STATUSES or (result.status is None
                                                        and "redirects" not in result.error)
        if not transient or attempt >= retries:
            result.checked_at = time.time()
            return result
        attempt += 1
        time.sleep(backoff * 2 ** (attempt - 1))


def _reason(exc: Exception) -> str:
    text = str(exc)
    if "Connection refused" in text:
        return "connection refused"
    if "Name or service not known" in text or "NameResolution" in text:
        return "host not found"
    return "connection failed"


def check_links(urls: Iterable[str], *, cache: LinkCache, timeout: float = 10.0,
                retries: int = 2, workers: int = 8,
                progress: Callable[[int, int, LinkResult], None] | None = None,
                ) -> dict[str, LinkResult]:
    """Check every URL (cached results first); return results by URL."""
    now = time.time()
    todo = sorted(set(urls))
    results = {u: r for u in todo if (r := cache.fresh(u, now)) is not None}
    pending = [u for u in todo if u not in results]
    with requests.Session() as session, ThreadPoolExecutor(max_workers=workers) as pool:
        session.headers["User-Agent"] = USER_AGENT
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
