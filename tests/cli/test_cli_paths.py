"""The command line given a path it cannot use: one line naming the path and a hint, exit 2
(the command line is wrong) or 1 (the work cannot be done), never a traceback, nothing written.
"""

from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path

import pytest
from helpers import evidence_cli

from macros.cli import commands as cli


def assert_refused(result: subprocess.CompletedProcess[str], status: int, line: str,
                   hint: str) -> None:
    """stderr ends with exactly `error: <line>` and `  hint: <hint>`."""
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-2:] == [f"error: {line}", f"  hint: {hint}"]


def tree(folder: Path) -> list[tuple[str, bytes | None]]:
    return sorted((p.relative_to(folder).as_posix(), p.read_bytes() if p.is_file() else None)
                  for p in folder.rglob("*"))


DOWNLOADS_HINT = "give a folder to write the downloads into, e.g. -o data"
PROJECT_HINT = "give the project root (the folder of mkdocs.yml), or run the command there"


@pytest.mark.parametrize(("make", "line"), [
    (lambda d: (d / "taken.txt").write_text("keep"), "{d}/taken.txt: is a file, not a folder"),
    (lambda d: os.mkfifo(d / "taken.txt"), "{d}/taken.txt: is a pipe, not a folder"),
])
def test_export_onto_a_file_is_refused(mini: Path, tmp_path: Path, make: object,
                                       line: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    make(out)  # type: ignore[operator]
    before = [(p.name, p.stat().st_mode) for p in out.iterdir()]
    result = evidence_cli(mini, "export", "-o", str(out / "taken.txt"))
    assert_refused(result, 2, line.format(d=out), DOWNLOADS_HINT)
    assert [(p.name, p.stat().st_mode) for p in out.iterdir()] == before
    if (out / "taken.txt").is_file():
        assert (out / "taken.txt").read_text() == "keep"


def test_export_onto_a_device_is_refused(mini: Path) -> None:
    result = evidence_cli(mini, "export", "-o", "/dev/null")
    assert_refused(result, 2, "/dev/null: is a device, not a folder", DOWNLOADS_HINT)
    assert Path("/dev/null").is_char_device()


def test_export_inside_a_file_is_refused(mini: Path) -> None:
    result = evidence_cli(mini, "export", "-o", "mkdocs.yml/data")
    assert_refused(result, 2, "mkdocs.yml/data: mkdocs.yml is a file, not a folder",
                   "give a path inside a folder")


def test_export_that_cannot_write_a_file_fails_with_its_name(mini: Path, tmp_path: Path) -> None:
    (tmp_path / "out" / "figures.csv").mkdir(parents=True)
    result = evidence_cli(mini, "export", "-o", str(tmp_path / "out"))
    assert_refused(result, 1, f"{tmp_path}/out/figures.csv: cannot write: is a directory",
                   "give a folder you can write to (its files are replaced)")


@pytest.mark.parametrize("make", [lambda p: p.mkdir(), lambda p: os.mkfifo(p)])
def test_pdf_onto_a_folder_or_a_pipe_is_refused(mini: Path, tmp_path: Path,
                                                make: object) -> None:
    target = tmp_path / "report.pdf"
    make(target)  # type: ignore[operator]
    result = evidence_cli(mini, "pdf", "-o", str(target))
    kind = "a folder" if target.is_dir() else "a pipe"
    example = target / "review.pdf" if target.is_dir() else "review.pdf"
    assert_refused(result, 2, f"{target}: is {kind}, not a file",
                   f"give the PDF's file name, e.g. -o {example}")
    assert target.is_dir() or target.is_fifo()


def test_pdf_into_a_missing_folder_is_refused(mini: Path, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "report.pdf"
    result = evidence_cli(mini, "pdf", "-o", str(target))
    assert_refused(result, 2, f"{target}: {target.parent}: no such folder",
                   "create the folder first, or give a path in an existing one")
    assert not target.parent.exists()


def test_pdf_onto_a_device_is_refused_before_anything_is_written() -> None:
    """Checked without running the export: a PDF written atomically would replace /dev/null."""
    with pytest.raises(cli.Stop) as refused:
        cli._output_file(Path("/dev/null"))
    assert (str(refused.value), refused.value.status) == (
        "/dev/null: is a device, not a file", 2)


def test_pdf_into_an_unwritable_folder_fails(mini: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(os, "access", lambda path, mode: False)  # (the tests run as root)
    assert cli.main(["pdf", str(mini), "-o", str(tmp_path / "report.pdf")]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"error: {tmp_path}/report.pdf: cannot write in {tmp_path}: permission denied",
        "  hint: choose a folder you can write to"]


def test_pdf_that_fails_to_write_names_the_file(mini: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    import macros.adapter.report

    target = tmp_path / "report.pdf"

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))

    monkeypatch.setattr(macros.adapter.report, "export_pdf", full)
    assert cli.main(["pdf", str(mini), "-o", str(target)]) == 1
    assert capsys.readouterr().err.splitlines()[-2:] == [
        f"error: {target}: cannot write the PDF: no space left on device; nothing written",
        "  hint: give -o a file in a folder you can write to"]


COMMANDS = [["validate"], ["coverage"], ["check-links"], ["export", "-o", "out"], ["schemas"],
            ["schemas", "--check"], ["pdf"]]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_path_that_is_missing_or_a_file_is_refused(tmp_path: Path,
                                                     command: list[str]) -> None:
    (tmp_path / "file.txt").write_text("x")
    before = tree(tmp_path)
    for path, why in (("nowhere", "no such folder"), ("file.txt", "not a folder")):
        result = evidence_cli(tmp_path, command[0], path, *command[1:])
        assert_refused(result, 2, f"{path}: {why}", PROJECT_HINT)
    assert tree(tmp_path) == before  # no folder made, nothing written


def test_new_in_a_missing_or_file_root_is_refused(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("x")
    before = tree(tmp_path)
    for path, why in (("nowhere", "no such folder"), ("file.txt", "not a folder")):
        result = evidence_cli(tmp_path, "new", "activity", "x", path)
        assert_refused(result, 2, f"{path}: {why}", PROJECT_HINT)
    assert tree(tmp_path) == before


def test_new_takes_the_root_as_path_like_the_other_commands(mini: Path, tmp_path: Path) -> None:
    result = evidence_cli(tmp_path, "new", "activity", "my-programme", str(mini))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert (mini / "evidence" / "activities" / "my-programme.yaml").is_file()
    assert not (tmp_path / "evidence").exists()


def test_the_deprecated_root_option_still_works_and_says_what_to_use(mini: Path,
                                                                      tmp_path: Path) -> None:
    result = evidence_cli(tmp_path, "new", "--root", str(mini), "activity", "my-programme")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "warning: --root is deprecated: give the project root as PATH, as the other commands "
        f"take it: evidence new activity my-programme {mini}"]
    assert (mini / "evidence" / "activities" / "my-programme.yaml").is_file()
    refused = evidence_cli(tmp_path, "new", "--root", "nowhere", "activity", "x")
    assert_refused(refused, 2, "nowhere: no such folder", PROJECT_HINT)


def test_root_and_another_path_together_are_refused(mini: Path, tmp_path: Path) -> None:
    result = evidence_cli(tmp_path, "new", "--root", str(mini), "activity", "x", "elsewhere")
    assert_refused(result, 2, f"--root {mini}: names another project root than PATH elsewhere",
                   "give the project root once, as PATH")
    assert not (mini / "evidence" / "activities" / "x.yaml").exists()


def test_new_where_a_collection_folder_is_a_file(mini: Path) -> None:
    (mini / "evidence" / "events").rename(mini / "events-moved")
    (mini / "evidence" / "events").write_text("not a folder")
    result = evidence_cli(mini, "new", "event", "x")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: evidence/events")
    assert "cannot write the record" in result.stderr


HINT = "MkDocs reads the same file: `mkdocs build` shows what it makes of it"


@pytest.mark.parametrize(("content", "line"), [
    (b"site_name: x\nplugins: [\n", "mkdocs.yml:3:1: not valid YAML: expected the node "
                                   "content, but found '<stream end>'"),
    (b"\xff\xfe\x00x", "mkdocs.yml: cannot be read: 'utf-8' codec can't decode byte 0xff in "
                       "position 0: invalid start byte"),
])
def test_an_unreadable_mkdocs_yml_is_named(mini: Path, content: bytes, line: str) -> None:
    (mini / "mkdocs.yml").write_bytes(content)
    assert_refused(evidence_cli(mini, "validate"), 1, line, HINT)


@pytest.mark.parametrize(("content", "problem"), [
    (b"plugins: 3\n", "mkdocs.yml:1:10: plugins: expected a list of plugins, got 3"),
    (b"plugins:\n  - evidence:\n      edition_date: soon\n",
     "mkdocs.yml:3:21: evidence.edition_date: expected a date as YYYY-MM-DD, got 'soon'\n"
     "  hint: write dates as 2026-11-24"),
    (b"plugins:\n  - evidence: [1]\n",
     "mkdocs.yml:2:15: evidence: expected a mapping of options, got a list"),
])
def test_a_mistake_in_the_plugins_options_is_named_with_its_place(
        mini: Path, content: bytes, problem: str) -> None:
    # YAML, but options the plugin cannot use: located like a record's problem (the one
    # configuration model, macros/config), never a traceback.
    (mini / "mkdocs.yml").write_bytes(content)
    result = evidence_cli(mini, "validate")
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    assert result.stdout == f"{problem}\n1 problem in 1 file.\n"


def test_mkdocs_yml_that_is_a_folder(mini: Path) -> None:
    (mini / "mkdocs.yml").unlink()
    (mini / "mkdocs.yml").mkdir()
    assert_refused(evidence_cli(mini, "validate"), 1, "mkdocs.yml: cannot be read: is a "
                   "directory", HINT)
    assert_refused(evidence_cli(mini, "pdf"), 2, "mkdocs.yml: not a file", PROJECT_HINT)


def test_a_link_cache_that_is_a_folder_is_ignored(mini: Path) -> None:
    bib = mini / "bibliography.bib"
    bib.write_text(bib.read_text().replace("https://example.org/a.pdf", "mailto:a@example.org")
                   .replace("https://example.org/b", "mailto:b@example.org"))
    (mini / "cache").mkdir()
    result = evidence_cli(mini, "check-links", "--cache", "cache")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "ignoring unreadable link cache" in result.stderr
    assert "could not write the link cache" in result.stderr
    assert "2 URLs checked: 0 working" in result.stdout


def test_output_a_terminal_cannot_show_is_escaped(mini: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    org = mini / "evidence" / "organisations" / "agency-a.yaml"
    org.write_text(org.read_text().replace("id: agency-a", "id: agency-a-\u00e9\u2014\u6f22"))
    monkeypatch.setenv("PYTHONIOENCODING", "ascii")
    result = evidence_cli(mini, "validate")
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert "agency-a-\\xe9\\u2014\\u6f22" in result.stdout
