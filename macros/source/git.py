"""The review's history from git: which records were added or changed, and when.

A build outside a git checkout (a downloaded archive) still works: there is simply no history.

Commit messages and file names come from strangers. The log is read NUL-separated (`-z`):
git cuts a subject at its first NUL and folds its lines into one, and a path holds no NUL, so
each commit is exactly `id NUL date NUL subject NUL` followed by `status NUL path NUL` pairs,
and nothing a subject or a file name contains can stand in for another commit's id, date,
status or files. Whatever does not have that shape is skipped, never a reason to fail a build.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..cli.scaffold import SLUG

SUMMARY_MAX = 200
"""Characters of a commit subject shown on What's new and in the feed (the rest is cut)."""

_GIT = ["git", "--literal-pathspecs", "-c", "i18n.logOutputEncoding=UTF-8", "log", "-z",
        "--no-renames", "--no-follow", "--no-show-signature", "--relative", "--name-status",
        "--date=short", "--format=%H%x00%ad%x00%s"]
_COMMIT_ID = re.compile(rb"[0-9a-f]{40}(?:[0-9a-f]{24})?")  # SHA-1 or SHA-256
_DATE = re.compile(rb"\d{4}-\d{2}-\d{2}")
_KINDS = {b"A": "added", b"M": "changed"}
_STATUS = re.compile(rb"[ACDMRTUXB]\d*")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


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
        log = subprocess.run([*_GIT, "--", evidence_dir], cwd=root, capture_output=True,
                             check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    changes: list[Change] = []
    for commit, date, subject, files in _commits(log.stdout.split(b"\0")):
        for status, path in files:
            change = _change(evidence_dir, commit, date, subject, status, path)
            if change is None:
                continue
            changes.append(change)
            if limit is not None and len(changes) >= limit:
                return changes
    return changes


def _commits(tokens: list[bytes]) -> list[tuple[bytes, bytes, bytes, list[tuple[bytes, bytes]]]]:
    """(id, date, subject, [(status, path)]) for each commit in the NUL-separated log."""
    commits = []
    i, n = 0, len(tokens)
    while i < n:
        head = tokens[i].strip(b"\n")
        if not _COMMIT_ID.fullmatch(head) or i + 2 >= n:
            i += 1  # not the start of a commit: skip until one
            continue
        date, subject = tokens[i + 1], tokens[i + 2]
        i += 3
        files = []
        while i + 1 < n and _STATUS.fullmatch(tokens[i].lstrip(b"\n")):
            files.append((tokens[i].lstrip(b"\n"), tokens[i + 1]))
            i += 2
        commits.append((head, date, subject, files))
    return commits


def _change(evidence_dir: str, commit: bytes, date: bytes, subject: bytes, status: bytes,
            path: bytes) -> Change | None:
    """The change a file of a commit makes to a record, if it is one (else None)."""
    kind = _KINDS.get(status)
    folder = PurePosixPath(evidence_dir).as_posix().strip("/") + "/"
    text = path.decode("utf-8", "replace")
    parts = text[len(folder):].split("/")
    if kind is None or not text.startswith(folder) or len(parts) != 2:
        return None
    collection, name = parts
    if not (name.endswith(".yaml") and SLUG.match(name[:-5]) and SLUG.match(collection)):
        return None  # not a record file: a record's file is named after its id
    if not _DATE.fullmatch(date):
        return None
    try:
        day = dt.date.fromisoformat(date.decode())
    except ValueError:
        return None
    return Change(day, collection, name[:-5], kind, commit.decode()[:10], summary(subject))


def summary(subject: bytes) -> str:
    """A commit subject as shown: UTF-8 (undecodable bytes replaced), tabs as spaces, other
    control characters as U+FFFD, at most `SUMMARY_MAX` characters."""
    text = subject.decode("utf-8", "replace").replace("\t", " ")
    text = _CONTROL.sub("\ufffd", text)
    if len(text) > SUMMARY_MAX:
        text = text[:SUMMARY_MAX - 1].rstrip() + "…"
    return text
