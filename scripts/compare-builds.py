#!/usr/bin/env python3
"""Build the site and the PDF report at two commits and compare every file, byte for byte.

For refactors that must not change what readers get:

    .venv/bin/python scripts/compare-builds.py OLD NEW [--keep DIR] [--project PATH]

Each commit is checked out into a temporary git worktree and built with this virtual
environment's MkDocs, with the worktree first on PYTHONPATH so that its own `macros` package is
the one loaded (the venv must hold the dependencies of both commits). What is compared: every
file of `mkdocs build --strict` (the sitemap aside: MkDocs stamps it with the build date) and
the PDF of `evidence pdf`. Exit status 0 when they are identical, 1 when any file differs,
2 when a build fails.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STAMPED = {"sitemap.xml", "sitemap.xml.gz"}
BIN = Path(sys.executable).parent


def run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def build(repo: Path, commit: str, work: Path, project: str) -> dict[str, str]:
    """Digest of every file the commit's site build and PDF export write."""
    tree = work / f"tree-{commit}"
    subprocess.run(["git", "-C", str(repo), "worktree", "add", "--detach", str(tree), commit],
                   check=True, capture_output=True)
    try:
        root = tree / project
        env = {**os.environ, "PYTHONPATH": str(tree), "NO_MKDOCS_2_WARNING": "1"}
        site, pdf = work / f"site-{commit}", work / f"report-{commit}.pdf"
        for args in ([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(site)],
                     [str(BIN / "evidence"), "pdf", "-o", str(pdf)]):
            start = time.perf_counter()
            done = run(args, root, env)
            if done.returncode != 0:
                sys.stderr.write(done.stdout + done.stderr)
                raise SystemExit(f"{commit}: {Path(args[0]).name} {args[1]} failed "
                                 f"(exit {done.returncode})")
            print(f"{commit}: {Path(args[0]).name} {args[1]} in "
                  f"{time.perf_counter() - start:.1f} s")
        digests = {p.relative_to(site).as_posix(): _digest(p)
                   for p in sorted(site.rglob("*")) if p.is_file()
                   and p.relative_to(site).as_posix() not in STAMPED}
        digests["<evidence pdf>"] = _digest(pdf)
        return digests
    finally:
        subprocess.run(["git", "-C", str(repo), "worktree", "remove", "--force", str(tree)],
                       check=False, capture_output=True)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", help="commit (or branch) built first")
    parser.add_argument("new", help="commit (or branch) compared with it")
    parser.add_argument("--project", default=".",
                        help="project folder inside the repository (default: its root)")
    parser.add_argument("--keep", type=Path,
                        help="keep the builds in this folder instead of a temporary one")
    args = parser.parse_args()
    repo = Path(subprocess.run(["git", "rev-parse", "--show-toplevel"], check=True,
                               capture_output=True, text=True).stdout.strip())
    resolved = [subprocess.run(["git", "-C", str(repo), "rev-parse", "--short", c], check=True,
                               capture_output=True, text=True).stdout.strip()
                for c in (args.old, args.new)]
    work = args.keep or Path(tempfile.mkdtemp(prefix="compare-builds-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        old, new = (build(repo, c, work, args.project) for c in resolved)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    only_old = sorted(set(old) - set(new))
    only_new = sorted(set(new) - set(old))
    changed = sorted(p for p in set(old) & set(new) if old[p] != new[p])
    same = len(set(old) & set(new)) - len(changed)
    print(f"{resolved[0]} → {resolved[1]}: {same} files identical, {len(changed)} differ, "
          f"{len(only_old)} only in {resolved[0]}, {len(only_new)} only in {resolved[1]} "
          f"({', '.join(sorted(STAMPED))} not compared)")
    for label, paths in (("differs", changed), (f"only in {resolved[0]}", only_old),
                         (f"only in {resolved[1]}", only_new)):
        for path in paths[:50]:
            print(f"  {label}: {path}")
        if len(paths) > 50:
            print(f"  ... and {len(paths) - 50} more")
    return 1 if changed or only_old or only_new else 0


if __name__ == "__main__":
    raise SystemExit(main())
