"""Files that are not what they seem: links, folders, pipes, sockets, devices, odd names.

A pull request can add a symbolic link as easily as a file. Only regular files inside the
project are read; anything else is refused with a message naming it, never showing what it
points to (CI logs are public), never hanging on it, never publishing it.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
from pathlib import Path

import pytest
import yaml
from helpers import BIN, FIXTURES, evidence_cli, mkdocs_build

from macros import EvidenceError, load_evidence

SYSTEM_FILE = Path("/etc/passwd")
"""A file every Linux machine has, whose first line ('root:...') must never be printed."""
LINK = "expected a regular file inside the project, got a symbolic link"
ORGS = "evidence/organisations"


def report(project: Path) -> str:
    try:
        load_evidence(project)
    except EvidenceError as exc:
        return exc.report()
    raise AssertionError("accepted")


def valid_org(ident: str) -> str:
    data = yaml.safe_load((FIXTURES / "mini/evidence/organisations/agency-a.yaml").read_text())
    data["id"] = ident
    return yaml.safe_dump(data)


def test_a_link_to_a_system_file_is_refused_unread(mini: Path) -> None:
    (mini / ORGS / "passwd.yaml").symlink_to(SYSTEM_FILE)
    text = report(mini)
    assert f"{ORGS}/passwd.yaml: {LINK}\n  hint: replace the link with the file itself" in text
    assert "root:" not in text


@pytest.mark.slow
def test_a_link_to_a_valid_record_outside_is_refused_and_not_published(mini: Path,
                                                                        tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "smuggled.yaml"
    outside.parent.mkdir()
    outside.write_text(valid_org("smuggled"))
    (mini / ORGS / "smuggled.yaml").symlink_to(outside)
    assert f"{ORGS}/smuggled.yaml: {LINK}" in report(mini)
    result = mkdocs_build(mini)
    assert result.returncode == 1 and f"{ORGS}/smuggled.yaml: {LINK}" in result.stderr
    assert not (mini / "site" / "organisations" / "smuggled").exists()


@pytest.mark.parametrize("target", ["missing.yaml", "../../missing/x.yaml"])
def test_a_dangling_link_is_a_message_not_a_traceback(mini: Path, target: str) -> None:
    (mini / ORGS / "dangling.yaml").symlink_to(target)
    result = evidence_cli(mini, "validate")
    assert result.returncode == 1
    assert f"{ORGS}/dangling.yaml: {LINK}" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_a_folder_named_like_a_record_is_refused(mini: Path) -> None:
    (mini / ORGS / "folder.yaml").mkdir()
    (mini / ORGS / "folder.yaml" / "inner.yaml").write_text(valid_org("inner"))
    result = evidence_cli(mini, "validate")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (f"{ORGS}/folder.yaml: expected a regular file inside the project, got a folder\n"
            "  hint: the project reads regular files only") in result.stdout


def test_a_named_pipe_is_refused_without_waiting_on_it(mini: Path) -> None:
    os.mkfifo(mini / ORGS / "pipe.yaml")
    # Opened for reading the usual way, a pipe with no writer blocks for ever.
    result = subprocess.run([str(BIN / "evidence"), "validate"], cwd=mini, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 1
    assert f"{ORGS}/pipe.yaml: expected a regular file inside the project, got a named pipe" \
        in result.stdout


def test_a_socket_is_refused(mini: Path) -> None:
    path = mini / ORGS / "sock.yaml"
    if len(str(path)) > 100:
        pytest.skip("the path is too long for a Unix socket")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        assert f"{ORGS}/sock.yaml: expected a regular file inside the project, got a socket" \
            in report(mini)
    finally:
        server.close()


def test_a_device_file_is_refused(mini: Path) -> None:
    path = mini / ORGS / "null.yaml"
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device file needs root")
    assert f"{ORGS}/null.yaml: expected a regular file inside the project, got a device file" \
        in report(mini)


@pytest.mark.parametrize("name", ["bibliography.bib", "evidence/themes.yaml"])
def test_linked_bibliography_and_vocabulary_are_refused_unread(mini: Path, name: str) -> None:
    (mini / name).unlink()
    (mini / name).symlink_to(SYSTEM_FILE)
    text = report(mini)
    assert f"{name}: {LINK}" in text
    assert "root:" not in text


def test_a_linked_collection_folder_is_refused(mini: Path, tmp_path: Path) -> None:
    outside = tmp_path / "events"
    (mini / "evidence" / "events").rename(outside)
    (mini / "evidence" / "events").symlink_to(outside)
    assert ("evidence/events: expected a collection folder inside the project, got a symbolic "
            "link") in report(mini)


def test_a_linked_evidence_folder_is_refused(mini: Path, tmp_path: Path) -> None:
    (mini / "evidence").rename(tmp_path / "evidence")
    (mini / "evidence").symlink_to(tmp_path / "evidence")
    assert "evidence: expected the evidence folder inside the project, got a symbolic link" \
        in report(mini)


@pytest.mark.slow
def test_a_linked_mkdocs_yml_is_refused(mini: Path, tmp_path: Path) -> None:
    (mini / "mkdocs.yml").rename(tmp_path / "mkdocs.yml")
    (mini / "mkdocs.yml").symlink_to(tmp_path / "mkdocs.yml")
    result = mkdocs_build(mini)
    assert result.returncode == 1
    assert f"mkdocs.yml: {LINK}" in result.stderr


# -- the docs folder ---------------------------------------------------------------------------


@pytest.mark.parametrize(("make", "what"), [
    (lambda docs, tmp: (docs / "passwd.txt").symlink_to(SYSTEM_FILE),
     "passwd.txt: expected a file of the docs folder, got a symbolic link to a file outside "
     "the project's published files"),
    (lambda docs, tmp: (docs / "config.txt").symlink_to(docs.parent / ".git-like" / "config"),
     "config.txt: expected a file of the docs folder, got a symbolic link to a file outside "
     "the project's published files"),
    (lambda docs, tmp: (docs / "gone.md").symlink_to(tmp / "gone.md"),
     "gone.md: expected a file of the docs folder, got a symbolic link to nothing"),
    (lambda docs, tmp: (docs / "etc").symlink_to("/etc"),
     "etc: expected a file of the docs folder, got a symbolic link to a folder"),
    (lambda docs, tmp: (docs / "self").symlink_to(docs),
     "self: expected a file of the docs folder, got a symbolic link to a folder"),
])
@pytest.mark.slow
def test_links_out_of_the_docs_folder_fail_the_build(mini: Path, tmp_path: Path, make,  # type: ignore[no-untyped-def]
                                                     what: str) -> None:
    (mini / ".git-like").mkdir()
    (mini / ".git-like" / "config").write_text("[http] extraheader = AUTHORIZATION: secret\n")
    make(mini / "docs", tmp_path)
    result = mkdocs_build(mini)
    assert result.returncode == 1, result.stderr
    assert f"docs/{what}" in result.stderr
    assert "root:" not in result.stderr and "secret" not in result.stderr
    assert not (mini / "site").exists()


@pytest.mark.slow
def test_a_link_to_a_file_of_the_project_is_published(mini: Path) -> None:
    (mini / "docs" / "records.bib").symlink_to(mini / "bibliography.bib")
    result = mkdocs_build(mini)
    assert result.returncode == 0, result.stderr
    assert (mini / "site" / "records.bib").read_text() == (mini / "bibliography.bib").read_text()


# -- file names --------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "shown", "suggested"), [
    ("x\n::warning file=README.md,line=1::Approved by maintainers.yaml",
     "'x\\n::warning file=README.md,line=1::Approved by maintainers.yaml'",
     "x-warning-file-readme-md-line-1-approved-by-maintainers.yaml"),
    ("a::b.yaml", "'a::b.yaml'", "a-b.yaml"),
    ("with space.yaml", "'with space.yaml'", "with-space.yaml"),
    ("Upper.yaml", "'Upper.yaml'", "upper.yaml"),
    ("café.yaml", "'café.yaml'", "cafe.yaml"),
    ("bidi\u202eevil.yaml", "'bidi\\u202eevil.yaml'", "bidievil.yaml"),
    ("double--hyphen.yaml", "'double--hyphen.yaml'", "double-hyphen.yaml"),
    ("record.yml", "'record.yml'", "record.yaml"),
    ("notes.txt", "'notes.txt'", "notes.yaml"),
])
def test_names_outside_the_id_pattern_are_refused_unread(mini: Path, name: str, shown: str,
                                                         suggested: str) -> None:
    (mini / ORGS / name).symlink_to(SYSTEM_FILE)  # not even looked at: the name comes first
    result = evidence_cli(mini, "validate", "--format", "github")
    assert result.returncode == 1
    assert (f"{ORGS}: expected a record file named by its id (lowercase letters, digits and "
            f"single hyphens, then '.yaml'), got {shown}\n  hint: rename it to '{suggested}': "
            "the id is the file name") in result.stderr
    output = result.stdout + result.stderr
    assert "root:" not in output and LINK not in output
    assert not any(line.startswith("::warning") for line in output.splitlines())
