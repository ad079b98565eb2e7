"""The whole built review: every internal link and anchor resolves; builds are reproducible."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from helpers import REPO, mkdocs_build, page_url

pytestmark = pytest.mark.slow  # full site builds

# What MkDocs itself stamps with the build date: the only files two builds may differ in.
STAMPED = {"sitemap.xml", "sitemap.xml.gz"}


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name in ("href", "src") and value and tag in ("a", "link", "script", "img"):
                self.refs.append(value)


def parse(page: Path) -> _Refs:
    parser = _Refs()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def site(repo_site: Path) -> Path:
    return repo_site


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    parsed = {p: parse(p) for p in pages}
    checked = anchors = 0
    broken = []
    for page, refs in parsed.items():
        for ref in refs.refs:
            parts = urlparse(ref)
            if parts.scheme or parts.netloc or ref.startswith(("mailto:", "javascript:")):
                continue
            target_url = urlparse(urljoin("http://x" + page_url(site, page), ref))
            target = site / unquote(target_url.path).lstrip("/")
            if target.is_dir() or target_url.path.endswith("/"):
                target = target / "index.html"
            checked += 1
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {ref}")
                continue
            if parts.fragment and target.suffix == ".html":
                anchors += 1
                ids = parsed[target].ids if target in parsed else parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{page.relative_to(site)}: {ref} (no such anchor)")
    assert broken == []
    assert len(pages) > 400 and checked > 10_000 and anchors > 1_000


def test_two_builds_are_identical(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert mkdocs_build(REPO, "--site-dir", str(again)).returncode == 0
    first = {p.relative_to(site) for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again) for p in again.rglob("*") if p.is_file()}
    assert first == second
    differ = [str(p) for p in sorted(first)
              if p.name not in STAMPED and (site / p).read_bytes() != (again / p).read_bytes()]
    assert differ == []
