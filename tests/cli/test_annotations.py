"""Messages and GitHub annotations cannot be forged by a file name, a field or a value.

GitHub's runner reads each line of a step's output (stdout and stderr) as a workflow command
when it starts with `::` (after spaces) or holds `##[command]` anywhere. The parser below is
written from the runner's `ActionCommand.TryParseV2` / `TryParse` (actions/runner,
src/Runner.Common/ActionCommand.cs) and the escaping rules of workflow commands: a message
unescapes %0D, %0A and %25; a property value also %3A and %2C.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import evidence_cli

from macros.errors import EvidenceError, Problem

HOSTILE_PATHS = [
    "evidence/organisations/x\n::warning file=README.md,line=1::Approved by maintainers.yaml",
    "evidence/organisations/a,line=9,col=9,title=Forged.yaml",
    "evidence/organisations/a::warning::b.yaml",
    "evidence/organisations/%0A::warning::x%3A%2C%25.yaml",
    "evidence/organisations/a\r::warning::x.yaml",
    "evidence/organisations/a\r\n::warning::x.yaml",
    "evidence/organisations/##[warning]Approved.yaml",
    "evidence/organisations/##[stop-commands]token.yaml",
    "evidence/organisations/a\u2028::warning::x.yaml",
    "evidence/organisations/a\x85::warning::x.yaml",
    "evidence/organisations/a\x0b::warning::x.yaml",
    "evidence/organisations/\x1b[2J\x1b[Hclear.yaml",
    "evidence/organisations/abc\u202egpj.yaml",
    " ::warning::leading space.yaml",
]


def runner_lines(output: str) -> list[str]:
    """Lines as the runner reads them (.NET ReadLine: \\r\\n, \\r or \\n end a line)."""
    return re.split(r"\r\n|\r|\n", output)


def unescape_property(value: str) -> str:
    for escaped, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","),
                          ("%25", "%")):
        value = value.replace(escaped, char)
    return value


def unescape_data(value: str) -> str:
    for escaped, char in (("%0D", "\r"), ("%0A", "\n"), ("%25", "%")):
        value = value.replace(escaped, char)
    return value


def command(line: str) -> tuple[str, dict[str, str], str] | None:
    """(name, properties, message) of a `::name k=v,...::message` line, else None."""
    message = line.lstrip()
    if not message.startswith("::"):
        return None
    end = message.find("::", 2)
    if end < 0:
        return None
    name, _, rest = message[2:end].partition(" ")
    properties = {}
    for item in (p for p in rest.strip().split(",") if p):
        pair = [p for p in item.split("=", 1) if p]
        if len(pair) == 2:
            properties[pair[0]] = unescape_property(pair[1])
    return name, properties, unescape_data(message[end + 2:])


def assert_no_forged_command(output: str, problems: list[Problem]) -> None:
    """Every line the runner would read as a command is one of our annotations, exactly."""
    wanted = {(p.path, str(p.line), str(p.column)) for p in problems}
    for line in runner_lines(output):
        parsed = command(line)
        if parsed is None:
            assert "##[" not in line, line  # the legacy syntax, read anywhere in a line
            continue
        name, properties, _ = parsed
        assert name == "error", line
        assert set(properties) == {"file", "line", "col"}, line
        assert (properties["file"], properties["line"], properties["col"]) in wanted, line


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_an_annotation_is_one_line_whose_properties_parse_back(path: str) -> None:
    problem = Problem(path, 3, 7, "a\n::warning::f,g:h", "got '%0A'\r\n::notice::x ##[error]y",
                      "fix it\n::warning::now")
    annotation = problem.github_annotation()
    assert runner_lines(annotation) == [annotation]
    assert annotation.startswith("::error ")
    parsed = command(annotation)
    assert parsed is not None
    name, properties, message = parsed
    assert name == "error"
    assert properties == {"file": path, "line": "3", "col": "7"}
    # The message reads as the human report does: one line, line breaks shown as \n.
    assert message == ("a\\n::warning::f,g:h: got '%0A'\\r\\n::notice::x ##\\[error]y "
                       "(hint: fix it\\n::warning::now)")
    assert_no_forged_command(annotation, [problem])


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_the_human_report_keeps_each_problem_on_its_lines(path: str) -> None:
    problem = Problem(path, 3, 7, "field\n::warning::x", "bad\u2029value\x1b[31m", "hint\rhere")
    text = str(problem)
    lines = text.splitlines()  # Python's line breaks: more than the runner's
    assert len(lines) == 2 and lines[1].startswith("  hint: ")
    assert not any(c in text for c in "\r\x0b\x0c\x1b\x1c\x1d\x1e\x85\u2028\u2029\u202e")
    assert "##[" not in text
    assert_no_forged_command(EvidenceError([problem]).report(), [problem])


def test_escapes_are_shown_as_python_writes_them() -> None:
    problem = Problem("evidence/a\nb\x1b\u202e.yaml", 1, 2, "f\tg", "m ##[warning]x")
    assert str(problem) == "evidence/a\\nb\\x1b\\u202e.yaml:1:2: f\\tg: m ##\\[warning]x"


def test_a_path_cannot_start_a_line_with_a_command() -> None:
    assert str(Problem(" ::warning::x.yaml", 1, 1, "", "m")) == "./ ::warning::x.yaml:1:1: m"


def test_plain_problems_are_unchanged() -> None:
    problem = Problem("evidence/activities/x.yaml", 14, 5, "countries[2]",
                      "expected an ISO 3166-1 code, got 'XX'", "use 'CO' (Colombia): 100%")
    assert str(problem) == ("evidence/activities/x.yaml:14:5: countries[2]: expected an ISO "
                            "3166-1 code, got 'XX'\n  hint: use 'CO' (Colombia): 100%")
    assert problem.github_annotation() == (
        "::error file=evidence/activities/x.yaml,line=14,col=5::countries[2]: expected an ISO "
        "3166-1 code, got 'XX' (hint: use 'CO' (Colombia): 100%25)")


def test_validate_in_github_format_prints_no_forged_command(mini: Path) -> None:
    """Record files whose names hold line breaks, `::`, `,` and `##[`: every line of the
    output the runner reads as a command is an error annotation of a real problem."""
    donor = (mini / "evidence" / "organisations" / "donor-b.yaml").read_text()
    names = [Path(p).name for p in HOSTILE_PATHS if p.startswith("evidence/")]
    for name in names:
        (mini / "evidence" / "organisations" / name).write_text(donor)
    activity = mini / "evidence" / "activities" / "project-x.yaml"
    activity.write_text(activity.read_text().replace(
        "kind: project", 'kind: "x\\n::warning::forged ##[warning]forged"'))
    result = evidence_cli(mini, "validate", "--format", "github")
    assert result.returncode == 1
    annotations = [command(line) for line in runner_lines(result.stdout)]
    files = {a[1]["file"] for a in annotations if a}
    # The loader refuses each of these names before reading it, at its folder, by name.
    refused = [a for a in annotations
               if a and "expected a record file named by its id" in a[2]]
    assert len(refused) == len(names)
    assert {a[1]["file"] for a in refused} == {"evidence/organisations"}
    assert "evidence/activities/project-x.yaml" in files
    for output in (result.stdout, result.stderr):
        for line in runner_lines(output):
            parsed = command(line)
            if parsed is None:
                assert "##[" not in line, line
            else:
                assert parsed[0] == "error" and parsed[1]["file"] in files, line
    report = [line for line in result.stderr.splitlines()
              if not line.startswith("  hint: ")
              and not re.fullmatch(r"\d+ problems? in \d+ files?\.", line)]
    assert len(report) == len(runner_lines(result.stdout.rstrip("\n")))  # one line each
