"""While serving, the search index is built beside the one in use and swapped in: `pagefind/`
of the site is always a complete index, the one before is kept for a browser that loaded it,
and one emptied by a rebuild is put back at once."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest
from mkdocs.utils import clean_directory

from macros.search.pagefind import BUNDLE_DIR, PARTS
from macros.search.serving import SERVE_DIR, index_and_swap, restore_search_index

pytestmark = pytest.mark.pagefind


def page(word: str) -> str:
    return (f'<html lang="en"><body><article class="md-content__inner"><h1>{word}</h1>'
            f"<p>Text about {word}.</p></article></body></html>")


def titles(bundle: Path) -> set[str]:
    """The titles of the pages an index holds (fragments: gzip, a signature, then JSON)."""
    found = set()
    for path in bundle.glob("fragment/*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        found.add(json.loads(data[len(b"pagefind_dcd"):])["meta"]["title"])
    return found


def test_each_index_is_swapped_in_whole_and_the_one_before_is_kept(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text(page("alpha"))
    first = index_and_swap(site)
    link = site / BUNDLE_DIR
    assert link.is_symlink() and link.resolve() == first.resolve()
    assert (link / "pagefind.js").is_file() and titles(link) == {"alpha"}

    (site / "a" / "index.html").write_text(page("beta"))
    (site / SERVE_DIR / "1").mkdir()  # what a stopped run leaves: an index never finished
    second = index_and_swap(site)
    assert link.resolve() == second.resolve() and titles(link) == {"beta"}
    assert titles(first) == {"alpha"}  # kept: a browser may still read its chunks
    assert sorted(p.name for p in (site / SERVE_DIR).iterdir()) == sorted([first.name,
                                                                         second.name])
    third = index_and_swap(site)
    assert sorted(p.name for p in (site / SERVE_DIR).iterdir()) == sorted([second.name,
                                                                         third.name])
    assert (third / PARTS).is_file()
    # The hidden folder is not a page of the site: not indexed.
    assert titles(link) == {"beta"}


def test_an_index_emptied_by_a_rebuild_is_put_back_at_once(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    assert restore_search_index(site) is False  # nothing to put back yet
    (site / "index.html").write_text(page("gamma"))
    index = index_and_swap(site)
    # What MkDocs does at the start of each rebuild (its clean leaves a link, which rmtree
    # refuses, in place: the link goes too here, as another clean would remove it).
    os.unlink(site / BUNDLE_DIR)
    clean_directory(str(site))
    assert not (site / BUNDLE_DIR).exists() and (site / SERVE_DIR).is_dir()
    assert restore_search_index(site) is True
    assert (site / BUNDLE_DIR).resolve() == index.resolve()
    assert titles(site / BUNDLE_DIR) == {"gamma"}


def test_a_folder_a_build_wrote_is_replaced_by_the_link(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / BUNDLE_DIR).mkdir(parents=True)
    (site / BUNDLE_DIR / "pagefind.js").write_text("// the build's index")
    (site / "index.html").write_text(page("delta"))
    index_and_swap(site)
    assert (site / BUNDLE_DIR).is_symlink() and titles(site / BUNDLE_DIR) == {"delta"}
