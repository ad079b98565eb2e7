"""Shared helpers: copy fixture projects, build them for real, read the built HTML."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType
from urllib.parse import unquote, urljoin, urlparse

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
BIN = Path(sys.executable).parent


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the small fixture project."""
    target = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", target)
    return target


def load_script(name: str) -> ModuleType:
    """A Python script of scripts/, as a module (its `main` does not run)."""
    spec = importlib.util.spec_from_file_location(name.removesuffix(".py").replace("-", "_"),
                                                  REPO / "scripts" / name)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def mkdocs_build(project: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of a project, as a user runs it."""
    return run([str(BIN / "mkdocs"), "build", "--strict", *extra], project)


@pytest.fixture(scope="session")
def repo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's site, built once for all the tests that only read it."""
    out = tmp_path_factory.mktemp("repo-site")
    result = mkdocs_build(REPO, "--site-dir", str(out))
    assert result.returncode == 0, result.stderr
    return out


def evidence_cli(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run([str(BIN / "evidence"), *args], project)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self._in_article = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "article":
            self._in_article += 1
        if tag == "a" and a.get("href") and self._in_article:
            self.hrefs.append(str(a["href"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._in_article -= 1


def article_links(page: Path) -> list[str]:
    """hrefs of links inside the page's main article (not the theme's navigation)."""
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.hrefs


def page_url(site: Path, page: Path) -> str:
    rel = page.relative_to(site).as_posix()
    return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def resolve(site: Path, page: Path, href: str) -> Path | None:
    """The file a relative link from `page` points to, or None for external links."""
    parsed = urlparse(href)
    if parsed.scheme or parsed.netloc or href.startswith("#"):
        return None
    target = urlparse(urljoin("http://x" + page_url(site, page), href)).path
    path = site / unquote(target).lstrip("/")
    return path / "index.html" if target.endswith("/") else path


def record_page(site: Path, collection: str, ident: str) -> Path:
    return site / collection / ident / "index.html"
