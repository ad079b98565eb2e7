"""What `evidence` tells a person who asks it: the help of the command and of every subcommand
(a description, examples that really run, each option's default), `evidence` alone, the
version, and one PATH convention."""

from __future__ import annotations

import argparse
import re
import shlex
import tomllib
from pathlib import Path

import pytest
from helpers import REPO, evidence_cli

from macros.cli import commands as cli

# Written by hand from README's table of commands, not read from the parser.
COMMANDS = ["validate", "coverage", "new", "check-links", "export", "schemas", "pdf", "docx",
            "import"]


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = cli.build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def help_of(*args: str) -> str:
    result = evidence_cli(REPO, *args, "--help")
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_documented_commands_are_the_commands() -> None:
    assert sorted(subcommands()) == sorted(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_a_description_examples_and_defaults(command: str) -> None:
    text = help_of(command)
    usage, description = text.split("\n\n")[:2]
    assert usage.startswith(f"usage: evidence {command} ")
    assert len(description.split()) >= 15, description  # a description, not the usage again
    examples = text.split("\nexamples:\n", 1)[1]
    lines = [line.strip() for line in examples.splitlines() if line.startswith("  evidence ")]
    assert lines, text
    assert all(line.startswith(f"evidence {command}") for line in lines)
    # Each option with a default value says it in its help.
    for action in subcommands()[command]._actions:
        if action.default not in (None, False, argparse.SUPPRESS) and action.help:
            shown = " ".join(action.help.split())
            wrapped = " ".join(text.split())
            start = wrapped.index(shown)
            assert "(default: " in wrapped[start:start + len(shown) + 40], (command, action.dest)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_example_of_the_help_is_a_valid_command_line(command: str) -> None:
    examples = help_of(command).split("\nexamples:\n", 1)[1]
    for line in examples.splitlines():
        if line.startswith("  evidence "):
            args = cli.build_parser().parse_args(shlex.split(line)[1:])
            assert args.command == command


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_takes_the_project_root_as_an_optional_path(command: str) -> None:
    leaf = ("import", "iati") if command == "import" else (command,)  # `import STANDARD ...`
    usage = " ".join(help_of(*leaf).split("\n\n")[0].split())
    assert usage.endswith("[PATH]"), usage
    assert "PATH project root: the folder of mkdocs.yml and evidence/ (default: the current " \
           "folder)" in " ".join(help_of(*leaf).split())


def test_new_help_lists_every_collection_singular_and_plural() -> None:
    text = help_of("new")
    folders = sorted(p.name for p in (REPO / "evidence").iterdir() if p.is_dir())
    assert folders  # the collections are the folders of the repository's evidence/
    listed = dict(re.findall(r"^  ([a-z-]+) +\(or ([a-z-]+)\)$", text, re.MULTILINE))
    assert sorted(listed.values()) == folders
    assert listed["activity"] == "activities" and listed["strategy"] == "strategies"


def test_evidence_alone_prints_the_help_and_the_usage_status() -> None:
    result = evidence_cli(REPO)
    assert result.returncode == 2
    assert result.stdout == help_of()  # the same help as --help, on stdout
    assert result.stderr == ""
    for command in COMMANDS:
        assert re.search(rf"^    {re.escape(command)}\b", result.stdout, re.MULTILINE), command
    assert "exit status:" in result.stdout and "\n  3  check-links only" in result.stdout


def test_version_is_the_package_version() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    result = evidence_cli(REPO, "--version")
    assert result.returncode == 0
    assert result.stdout == f"evidence {pyproject['version']} ({pyproject['name']})\n"


def test_lang_writes_the_template_in_that_language_whatever_the_locale(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")  # evidence_cli passes the environment on
    result = evidence_cli(tmp_path, "new", "event", "reunion", "--lang", "es")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "evidence" / "events" / "reunion.yaml").read_text("utf-8")
    assert "# (obligatorio) La fecha en que cotejó el registro con sus fuentes." in text
