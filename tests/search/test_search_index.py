"""The Pagefind index is complete however the site is built: in batches while the pages are
written, and after a `--dirty` build that writes only the changed pages."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from helpers import copy_mini, mkdocs_build

from macros.search.pagefind import BUNDLE_DIR, PARTS, IndexWhileBuilding

pytestmark = pytest.mark.slow  # full site builds

pytestmark = pytest.mark.pagefind


def indexed_urls(site: Path) -> list[str]:
    """URLs of the pages in every batch of a site's index (fragments: gzip, signature, JSON)."""
    urls = []
    for path in (site / BUNDLE_DIR).glob("**/fragment/*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        urls.append(json.loads(data[len(b"pagefind_dcd"):])["url"])
    return sorted(urls)


def page(word: str) -> str:
    return (f'<html lang="en"><body><article class="md-content__inner"><h1>{word}</h1>'
            f"<p>Text about {word}.</p></article></body></html>")


def test_pages_indexed_in_batches_while_written(tmp_path: Path) -> None:
    site = tmp_path / "site"
    indexer = IndexWhileBuilding(site, batch=2)
    names = [f"records/r{i}/index.html" for i in range(5)]
    for i, name in enumerate(names):
        # As MkDocs does: the plugin hears of a page just before it is written.
        indexer.add(site / name)
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(page(f"word{i}"))
    indexer.finish()
    assert indexed_urls(site) == sorted(f"/records/r{i}/" for i in range(5))
    # Five pages in batches of two: the first batch in pagefind/, two more listed for the browser.
    assert json.loads((site / BUNDLE_DIR / PARTS).read_text()) == ["1/", "2/"]
    assert sorted(p.name for p in site.iterdir()) == [BUNDLE_DIR, "records"]  # no staging left


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("search-index") / "mini"
    copy_mini(target)
    config = target / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - search\n",
                                                 "  - search\n  - evidence-search\n"))
    return target


def built_pages(site: Path) -> list[str]:
    urls = []
    for path in site.rglob("index.html"):
        if BUNDLE_DIR in path.parts or "md-content__inner" not in path.read_text():
            continue
        folder = path.parent.relative_to(site).as_posix()
        urls.append("/" if folder == "." else f"/{folder}/")
    return sorted(urls)


def test_build_and_dirty_build_index_every_page(project: Path) -> None:
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    pages = built_pages(site)
    assert len(pages) > 10
    assert indexed_urls(site) == pages

    # A dirty build writes only what changed; the index must still hold every page.
    note = project / "docs" / "index.md"
    note.write_text(note.read_text() + "\nA new paragraph about quolls.\n")
    result = mkdocs_build(project, "--dirty", "--no-strict")
    assert result.returncode == 0, result.stderr
    assert indexed_urls(site) == pages
    assert not list(site.glob(".pagefind-staging*"))
