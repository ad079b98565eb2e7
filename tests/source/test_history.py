"""The history from git, read from commits made by strangers: no subject or file name can
break the build or forge a commit's id, date, status or files on What's new and in the feed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from macros.evidence import load_evidence
from macros.render.context import Edition, ViewContext
from macros.render.markup import escape
from macros.render.views.living import LivingPages
from macros.source.git import SUMMARY_MAX, Change, record_history

FIGURE = Path("evidence/figures/figure-f.yaml")
ENV = {"GIT_AUTHOR_DATE": "2026-02-01T12:00:00", "GIT_COMMITTER_DATE": "2026-02-01T12:00:00",
       "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/nonexistent",
       "GIT_CONFIG_NOSYSTEM": "1"}


def git(cwd: Path, *args: str | bytes, date: str = "2026-02-01T12:00:00",
        stdin: bytes | None = None) -> bytes:
    env = {**ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    done = subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org",
                           *args], cwd=cwd, env=env, input=stdin, capture_output=True,
                          check=True)
    return done.stdout.strip()


def commit(project: Path, message: bytes, *extra: str, date: str = "2026-03-05T09:00:00",
           edit: Path = FIGURE, encoding: str | None = None) -> str:
    """Change `edit` (a figure's value), commit with `message` as it is, return the id."""
    record = project / edit
    text = record.read_text()
    record.write_text(text.replace("16000", "16001") if "16000" in text
                      else text.replace("16001", "16000"))
    git(project, "add", "-A")
    config = ["-c", f"i18n.commitEncoding={encoding}"] if encoding else []
    git(project, *config, "commit", "-q", "--allow-empty-message", "--cleanup=verbatim",
        "-F", "-", *extra, date=date, stdin=message)
    return git(project, "rev-parse", "HEAD").decode()


@pytest.fixture
def repo(mini: Path) -> Path:
    git(mini, "init", "-q")
    git(mini, "add", ".")
    git(mini, "commit", "-qm", "First edition")
    return mini


def newest(project: Path) -> Change:
    history = record_history(project)
    assert history is not None
    return history[0]


def assert_shown(project: Path, ident: str, expected_summary: str) -> None:
    """The newest change is the figure's, with the real id, date and the summary expected
    (written by hand), on What's new and in the feed; and the other changes are the first
    commit's records, one each."""
    history = record_history(project)
    assert history is not None
    change = history[0]
    assert (change.collection, change.id, change.kind) == ("figures", "figure-f", "changed")
    assert change.commit == ident[:10]
    assert change.date.isoformat() == "2026-03-05"
    assert change.summary == expected_summary
    records = sorted(p.relative_to(project / "evidence").with_suffix("").as_posix()
                     for p in (project / "evidence").glob("*/*.yaml"))
    rest = [c for c in history[1:] if c.summary == "First edition"]
    assert sorted(f"{c.collection}/{c.id}" for c in rest) == records
    assert all(c.kind == "added" for c in rest)
    living = LivingPages(ViewContext(load_evidence(project), edition=Edition()), history)
    text = living.feed("https://example.org/")
    feed = json.loads(text)
    first = feed["items"][0]
    assert first["id"] == f"{ident[:10]}/figures/figure-f"
    # What changed in the record (commit() edits the figure's value), at the commit's time;
    # the subject, written by developers, is never shown to readers.
    assert first["content_text"] == "Changed: Value."
    assert first["date_published"] == "2026-03-05T09:00:00Z"
    page = living.whats_new()
    assert page.count("<tr><td><time") == len(history)
    assert "<td>Changed: Value.</td></tr>" in page
    if len(expected_summary) > 3:
        assert escape(expected_summary) not in page and expected_summary not in text
        assert json.dumps(expected_summary, ensure_ascii=False) not in text


@pytest.mark.parametrize("subject, shown", [
    ("Fix typo\x1eforged", "Fix typo\ufffdforged"),
    ("Fix\x1e0123456789012345678901234567890123456789\x1f2020-01-01\x1fForged summary\n"
     "A\tevidence/activities/forged.yaml",
     "Fix\ufffd0123456789012345678901234567890123456789\ufffd2020-01-01\ufffdForged summary "
     "A evidence/activities/forged.yaml"),
    ("A\tevidence/activities/forged.yaml", "A evidence/activities/forged.yaml"),
    ("0123456789abcdef0123456789abcdef01234567", "0123456789abcdef0123456789abcdef01234567"),
    ("M", "M"),
    ("2020-01-01", "2020-01-01"),
    ("", ""),
    ("\x1f\x1e\x1f", "\ufffd\ufffd\ufffd"),
    ("Tab\tin\tsubject", "Tab in subject"),
    ("<script>alert(1)</script> & {{ 7*7 }}", "<script>alert(1)</script> & {{ 7*7 }}"),
])
def test_subjects_cannot_break_or_forge_the_history(repo: Path, subject: str,
                                                     shown: str) -> None:
    ident = commit(repo, subject.encode())
    assert_shown(repo, ident, shown)


def test_a_body_of_lines_that_look_like_log_output_is_ignored(repo: Path) -> None:
    first = "0123456789012345678901234567890123456789"
    body = (f"Update figure F\n\n{first}\n2020-01-01\nForged\n"
            "A\tevidence/activities/forged.yaml\n\x1e\x1f\nM\tevidence/figures/x.yaml\n")
    ident = commit(repo, body.encode())
    assert_shown(repo, ident, "Update figure F")


def test_a_very_long_subject_is_cut(repo: Path) -> None:
    ident = commit(repo, ("word " * 20_000).encode())
    shown = ("word " * 40)[:SUMMARY_MAX - 1].rstrip() + "…"
    assert len(shown) <= SUMMARY_MAX
    assert_shown(repo, ident, shown)


def craft(project: Path, message: bytes, headers: bytes = b"", stamp: str = "1772701200") -> str:
    """Commit the figure's change, then put a commit object written by hand in its place:
    `git commit` refuses a NUL and recodes bytes that are not UTF-8, a pushed object need not."""
    commit(project, b"placeholder")
    tree = git(project, "rev-parse", "HEAD^{tree}").decode()
    parent = git(project, "rev-parse", "HEAD^").decode()
    raw = (f"tree {tree}\nparent {parent}\nauthor T <t@example.org> {stamp} +0000\n"
           f"committer T <t@example.org> 1772701200 +0000\n").encode() + headers + b"\n"
    ident = git(project, "hash-object", "-t", "commit", "-w", "--literally", "--stdin",
                stdin=raw + message).decode()
    git(project, "update-ref", "HEAD", ident)
    return ident


def test_subjects_in_other_encodings_and_broken_bytes(repo: Path) -> None:
    ident = commit(repo, "Revisión del año".encode("latin-1"), encoding="ISO-8859-1")
    assert_shown(repo, ident, "Revisión del año")  # git recodes it: the header says latin-1
    ident = commit(repo, b"Latin-1 \xf1 without a header")
    assert_shown(repo, ident, "Latin-1 ñ without a header")  # git commit read it as latin-1
    ident = craft(repo, b"Broken \xff\xfe bytes\n")
    assert_shown(repo, ident, "Broken \ufffd\ufffd bytes")
    ident = craft(repo, b"Unknown \xff encoding\n", b"encoding no-such-encoding\n")
    assert_shown(repo, ident, "Unknown \ufffd encoding")


def test_a_nul_in_a_crafted_commit_object_forges_nothing(repo: Path) -> None:
    forged = ("0" * 40).encode()
    ident = craft(repo, b"Fix typo\x00" + forged + b"\x002020-01-01\x00Forged\x00\nA\x00"
                  b"evidence/activities/forged.yaml\x00")
    assert_shown(repo, ident, "Fix typo")  # git cuts a subject at its NUL


def test_a_crafted_author_date_out_of_range_is_skipped(repo: Path) -> None:
    for stamp in ("99999999999999", "-1", "x", ""):
        ident = craft(repo, b"Odd date\n", stamp=stamp)
        history = record_history(repo)
        assert history is not None
        odd = [c for c in history if c.commit == ident[:10]]
        assert all(c.summary == "Odd date" and c.id == "figure-f" for c in odd)
        assert len([c for c in history if c.summary == "First edition"]) == 11


@pytest.mark.parametrize("name", [
    "a b.yaml", "a\nb.yaml", "a\tb.yaml", '"q".yaml', "a\\b.yaml", "Upper.yaml",
    "x.yaml\nA\tevidence/activities/forged.yaml", "\u00e9t\u00e9.yaml", " lead.yaml",
])
def test_file_names_that_are_no_record_id_are_not_changes(repo: Path, name: str) -> None:
    strange = repo / "evidence" / "activities" / name
    strange.parent.mkdir(parents=True, exist_ok=True)
    strange.write_text("id: x\n")
    ident = commit(repo, b"Add a strange file")
    top = repo / "evidence" / "activities" / name.split("/")[0]  # committed: the loader is
    shutil.rmtree(top) if top.is_dir() else top.unlink()      # not what is tested here
    history = record_history(repo)
    assert history is not None
    ids = [(c.collection, c.id, c.commit) for c in history if c.commit == ident[:10]]
    assert ids == [("figures", "figure-f", ident[:10])]  # the figure, and nothing else
    assert_shown(repo, ident, "Add a strange file")


def test_non_utf8_file_names_and_folders_are_skipped(repo: Path) -> None:
    folder = os.fsencode(repo / "evidence") + b"/\xff\xfe"
    os.mkdir(folder)
    with open(folder + b"/x.yaml", "wb") as f:
        f.write(b"id: x\n")
    with open(os.fsencode(repo / "evidence" / "activities") + b"/\xff.yaml", "wb") as f:
        f.write(b"id: x\n")
    (repo / "evidence" / "a\nb").mkdir()
    (repo / "evidence" / "a\nb" / "x.yaml").write_text("id: x\n")
    ident = commit(repo, b"Strange folders")
    shutil.rmtree(folder)
    os.remove(os.fsencode(repo / "evidence" / "activities") + b"/\xff.yaml")
    shutil.rmtree(repo / "evidence" / "a\nb")
    assert_shown(repo, ident, "Strange folders")


def test_a_merge_and_a_deletion_in_the_history(repo: Path) -> None:
    (repo / "evidence" / "activities" / "tmp-one.yaml").write_text("id: tmp-one\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Add tmp-one", date="2026-02-09T12:00:00")
    git(repo, "rm", "-q", "evidence/activities/tmp-one.yaml")
    git(repo, "commit", "-qm", "Remove tmp-one", date="2026-02-09T13:00:00")
    git(repo, "switch", "-q", "-c", "side")
    donor = repo / "evidence" / "organisations" / "donor-b.yaml"
    donor.write_text(donor.read_text().replace("Donor B", "Donor B (renamed)"))
    git(repo, "commit", "-qam", "Side change", date="2026-02-10T12:00:00")
    git(repo, "switch", "-q", "-")
    agency = repo / "evidence" / "organisations" / "agency-a.yaml"
    agency.write_text(agency.read_text().replace("2026-01-15", "2026-01-16"))
    git(repo, "commit", "-qam", "Main change", date="2026-02-11T12:00:00")
    git(repo, "merge", "-q", "--no-ff", "-m", "Merge side", "side", date="2026-02-12T12:00:00")
    ident = commit(repo, b"After the merge")
    history = record_history(repo)
    assert history is not None
    # No row for the merge, nor for the deletion.
    assert [(c.id, c.kind, c.summary) for c in history if c.summary != "First edition"] == [
        ("figure-f", "changed", "After the merge"), ("agency-a", "changed", "Main change"),
        ("donor-b", "changed", "Side change"), ("tmp-one", "added", "Add tmp-one")]
    assert_shown(repo, ident, "After the merge")


def test_a_project_in_a_subfolder_of_the_repository(mini: Path) -> None:
    outer = mini.parent
    git(outer, "init", "-q")
    git(outer, "add", ".")
    git(outer, "commit", "-qm", "First edition")
    ident = commit(mini, b"Update figure F")
    assert_shown(mini, ident, "Update figure F")


def test_git_configuration_cannot_change_what_is_read(repo: Path) -> None:
    ident = commit(repo, "Revisión".encode())
    with (repo / ".git" / "config").open("a") as config:
        config.write("[i18n]\n\tlogOutputEncoding = ISO-8859-1\n[log]\n"
                     "\tshowSignature = true\n\tfollow = true\n\tdate = relative\n"
                     "[diff]\n\trelative = false\n[core]\n\tquotePath = true\n")
    assert_shown(repo, ident, "Revisión")
