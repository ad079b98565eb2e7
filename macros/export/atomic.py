"""The site written whole or not at all: built in a folder beside it and swapped in when
complete (what a full `mkdocs build` does through the plugin)."""

from __future__ import annotations

import glob
import os
import secrets
import shutil
from pathlib import Path

from ..cite.style import process_alive


class AtomicSite:
    """A site built beside its folder and swapped in when complete, so that an interrupted
    or failed build leaves the previous site as it was (or no site), never half of one.

    Folders left by killed builds (`.site.building-PID-…`, `.site.old-PID-…`) are removed by
    the next build; a previous site moved aside by a build killed while swapping is put
    back first.
    """

    def __init__(self) -> None:
        self.target: Path | None = None
        self.building: Path | None = None

    def start(self, target: Path) -> Path:
        self.target = target = target.absolute()
        self.clear_stale(target)
        tag = f"{os.getpid()}-{secrets.token_hex(4)}"
        self.building = target.with_name(f".{target.name}.building-{tag}")
        return self.building

    def finish(self) -> None:
        assert self.target is not None and self.building is not None
        target, building = self.target, self.building
        building.mkdir(parents=True, exist_ok=True)
        old = target.with_name(f".{target.name}.old-{building.name.rsplit('-', 2)[-2]}-"
                               f"{secrets.token_hex(4)}")
        moved = False
        if target.exists() or target.is_symlink():
            os.rename(target, old)
            moved = True
        os.rename(building, target)
        if moved:
            _remove(old)
        self.building = None

    def abandon(self) -> None:
        if self.building is not None:
            _remove(self.building)
            self.building = None

    @staticmethod
    def clear_stale(target: Path) -> None:
        stale = [p for kind in ("building", "old")
                 for p in target.parent.glob(f".{glob.escape(target.name)}.{kind}-*")
                 if not process_alive(p.name.split(f".{kind}-", 1)[1].split("-", 1)[0])]
        for path in sorted(stale, key=lambda p: ".old-" not in p.name):
            if ".old-" in path.name and not (target.exists() or target.is_symlink()):
                os.rename(path, target)  # the previous site, moved aside by a killed swap
            else:
                _remove(path)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
