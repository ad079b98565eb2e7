"""The review's history from git: which records were added or changed, and when.

A build outside a git checkout (a downloaded archive) still works: there is simply no history.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

_RECORD_SEP, _FIELD_SEP = "\x1e", "\x1f"


@dataclass(frozen=True)
class Change:
    """One record added or changed by one commit."""

    date: dt.date
    collection: str
    id: str
    kind: str
    """'added' or 'changed'."""
    commit: str
    summary: str


def record_history(root: Path, evidence_dir: str = "evidence",
                   limit: int | None = None) -> list[Change] | None:
    """Changes to record files, newest first; None when `root` is not in a git checkout."""
    try:
        log = subprocess.run(
            ["git", "log", "--no-renames", "--name-status", "--date=short",
             f"--format={_RECORD_SEP}%H{_FIELD_SEP}%ad{_FIELD_SEP}%s", "--", evidence_dir],
            cwd=root, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    changes: list[Change] = []
    for block in log.stdout.split(_RECORD_SEP)[1:]:
        head, _, files = block.partition("\n")
        commit, date, summary = head.split(_FIELD_SEP, 2)
        for line in files.splitlines():
            status, _, path = line.partition("\t")
            parts = path.split("/")
            if status not in ("A", "M") or len(parts) != 3 or not parts[2].endswith(".yaml"):
                continue
            changes.append(Change(dt.date.fromisoformat(date), parts[1], parts[2][:-5],
                                  "added" if status == "A" else "changed", commit[:10],
                                  summary))
            if limit is not None and len(changes) >= limit:
                return changes
    return changes
