"""While serving: the search index answers during re-indexing.

After each rebuild `mkdocs serve` empties its site folder and the index is made again in the
background, which takes seconds: a search in that time found no `pagefind/pagefind.js`. Here
each index is built into a folder of its own under `.pagefind-serve/` (hidden: MkDocs' clean
keeps hidden files), and `pagefind/` of the site is a symbolic link to the newest complete one,
replaced in one step (a link renamed over the link) once the next is complete. After a rebuild
the link is put back at once (`restore_search_index`), so the previous index answers until
the new one takes its place. The index before the current one is kept too, so a browser that
loaded it just before the swap can still read its chunks. `mkdocs build` does none of this: it
writes `pagefind/` as a folder (pagefind.py).
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

from .pagefind import BUNDLE_DIR, PARTS, build_search_index

SERVE_DIR = ".pagefind-serve"
"""Hidden folder of the site holding the indexes made while serving, one folder each."""


def complete_indexes(site_dir: Path) -> list[Path]:
    """The indexes made while serving that were finished (parts.json is written last),
    oldest first."""
    folder = site_dir / SERVE_DIR
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if (p / PARTS).is_file()),
                  key=lambda p: int(p.name) if p.name.isdigit() else -1)


def _point(site_dir: Path, index: Path) -> None:
    """Make `site_dir/pagefind` the index `index`, in one step where the system allows."""
    link = site_dir / BUNDLE_DIR
    if link.is_dir() and not link.is_symlink():
        shutil.rmtree(link)  # a folder a build wrote: replaced by the link from now on
    staged = site_dir / f".pagefind-link-{os.getpid()}"
    try:
        staged.unlink(missing_ok=True)
        staged.symlink_to(os.path.relpath(index, site_dir), target_is_directory=True)
        os.replace(staged, link)
    except OSError:  # no symbolic links here (Windows without the right): a copy, not atomic
        staged.unlink(missing_ok=True)
        if link.is_symlink():
            link.unlink()
        shutil.rmtree(link, ignore_errors=True)
        shutil.copytree(index, link)


def restore_search_index(site_dir: Path) -> bool:
    """After a rebuild emptied the site: `pagefind/` is the newest complete index again (until
    the next replaces it). False when there is none yet."""
    indexes = complete_indexes(site_dir)
    if not indexes:
        return False
    _point(site_dir, indexes[-1])
    return True


def index_and_swap(site_dir: Path) -> Path:
    """Index the site beside the index in use, then swap it in; remove all but the new index
    and the one before it (unfinished ones left by a stopped run included)."""
    index = site_dir / SERVE_DIR / str(time.time_ns())
    index.parent.mkdir(exist_ok=True)
    build_search_index(site_dir, bundle=index)
    previous = complete_indexes(site_dir)[-2:-1]
    _point(site_dir, index)
    for folder in (site_dir / SERVE_DIR).iterdir():
        if folder != index and folder not in previous:
            shutil.rmtree(folder, ignore_errors=True)
    return index


if __name__ == "__main__":
    index_and_swap(Path(sys.argv[1]))
