"""The review's history from git: which records were added or changed, and when.

A build outside a git checkout (a downloaded archive) still works: there is simply no history.

Each change says when it was committed (to the second, with its offset) and which of the
record's top-level fields it added, changed or removed: the file before and after the commit
are read in one `git cat-file --batch` and compared as YAML (without aliases, size-limited, so a
stranger's file cannot make the comparison blow up); a file that does not read as a mapping
gives no field list, never a failure.

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
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

import yaml

from ..cli.scaffold import SLUG

SUMMARY_MAX = 200
"""Characters of a commit subject shown on What's new and in the feed (the rest is cut)."""

_GIT = ["git", "--literal-pathspecs", "-c", "i18n.logOutputEncoding=UTF-8", "log", "-z",
        "--no-renames", "--no-follow", "--no-show-signature", "--relative", "--raw",
        "--no-abbrev", "--format=%H%x00%cI%x00%s"]
_COMMIT_ID = re.compile(rb"[0-9a-f]{40}(?:[0-9a-f]{24})?")  # SHA-1 or SHA-256
_TIME = re.compile(rb"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})")
_KINDS = {b"A": "added", b"M": "changed"}
_OBJECT = rb"[0-9a-f]{40}(?:[0-9a-f]{24})?"
_STATUS = re.compile(rb":[0-7]{6} [0-7]{6} (" + _OBJECT + rb") (" + _OBJECT
                     + rb") ([ACDMRTUXB])\d*")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_FIELD = re.compile(r"[a-z][a-z0-9_]{0,63}")
BLOB_MAX = 1_000_000
"""Bytes of a record file compared for its fields (a larger one gives no field list)."""


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
    """The commit's subject, read safely; written by developers, so never shown to readers."""
    time: dt.datetime | None = None
    """When the commit was made, to the second and with its offset."""
    added: tuple[str, ...] = ()
    """Top-level fields the commit added to the record (all of them for a new record)."""
    changed: tuple[str, ...] = ()
    """Top-level fields whose value it changed."""
    removed: tuple[str, ...] = ()
    """Top-level fields it removed."""


def record_history(root: Path, evidence_dir: str = "evidence",
                   limit: int | None = None) -> list[Change] | None:
    """Changes to record files, newest first; None when `root` is not in a git checkout."""
    try:
        log = subprocess.run([*_GIT, "--", evidence_dir], cwd=root, capture_output=True,
                             check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    found: list[tuple[Change, bytes, bytes]] = []
    for commit, date, subject, files in _commits(log.stdout.split(b"\0")):
        for (old, new, status), path in files:
            change = _change(evidence_dir, commit, date, subject, status, path)
            if change is None:
                continue
            found.append((change, old, new))
            if limit is not None and len(found) >= limit:
                break
        if limit is not None and len(found) >= limit:
            break
    blobs = _blobs(root, {b for _c, old, new in found for b in (old, new)})
    return [_with_fields(c, blobs.get(old), blobs.get(new)) for c, old, new in found]


def _blobs(root: Path, ids: set[bytes]) -> dict[bytes, bytes]:
    """The content of each git object id (that is a blob of at most BLOB_MAX bytes)."""
    wanted = sorted(i for i in ids if i.strip(b"0"))  # all zeros: no file on that side
    if not wanted:
        return {}
    try:
        out = subprocess.run(["git", "cat-file", "--batch"], cwd=root, capture_output=True,
                             input=b"".join(i + b"\n" for i in wanted), check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    blobs, at = {}, 0
    for ident in wanted:
        end = out.find(b"\n", at)
        if end < 0:
            break
        head = out[at:end].split(b" ")
        at = end + 1
        if len(head) != 3 or head[0] != ident or not head[2].isdigit():
            continue  # "<id> missing", or not what was asked: nothing to skip over
        size = int(head[2])
        if head[1] == b"blob" and size <= BLOB_MAX:
            blobs[ident] = out[at:at + size]
        at += size + 1
    return blobs


class _NoAliases(yaml.SafeLoader):
    """YAML without anchors and aliases (a stranger's aliases could make a comparison of
    the expanded values exponential)."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            raise yaml.YAMLError("alias")
        return super().compose_node(parent, index)


def _fields(content: bytes | None) -> dict[str, object] | None:
    if content is None:
        return None
    try:
        data = yaml.load(content.decode("utf-8"), Loader=_NoAliases)
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    return {k: v for k, v in data.items() if isinstance(k, str) and _FIELD.fullmatch(k)}


def _with_fields(change: Change, old: bytes | None, new: bytes | None) -> Change:
    after = _fields(new)
    if after is None:
        return change
    before = _fields(old) if change.kind == "changed" else {}
    if before is None:
        return change
    try:
        changed = tuple(k for k in after if k in before and before[k] != after[k])
    except RecursionError:
        changed = ()
    return replace(change, added=tuple(k for k in after if k not in before), changed=changed,
                   removed=tuple(k for k in before if k not in after))


def _commits(tokens: list[bytes]
             ) -> list[tuple[bytes, bytes, bytes, list[tuple[tuple[bytes, bytes, bytes], bytes]]]]:
    """(id, time, subject, [((old, new, status), path)]) for each commit in the NUL-separated
    log: `old` and `new` are the file's object ids before and after."""
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
        while i + 1 < n and (raw := _STATUS.fullmatch(tokens[i].lstrip(b"\n"))):
            files.append(((raw[1], raw[2], raw[3]), tokens[i + 1]))
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
    if not _TIME.fullmatch(date):
        return None
    try:
        time = dt.datetime.fromisoformat(date.decode())
    except ValueError:
        return None
    return Change(time.date(), collection, name[:-5], kind, commit.decode()[:10],
                  summary(subject), time)


def summary(subject: bytes) -> str:
    """A commit subject as shown: UTF-8 (undecodable bytes replaced), tabs as spaces, other
    control characters as U+FFFD, at most `SUMMARY_MAX` characters."""
    text = subject.decode("utf-8", "replace").replace("\t", " ")
    text = _CONTROL.sub("\ufffd", text)
    if len(text) > SUMMARY_MAX:
        text = text[:SUMMARY_MAX - 1].rstrip() + "…"
    return text
