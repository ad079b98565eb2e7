"""Every kind of mistake a contributor can make is reported with file, line, column and a fix.

A copy of the fixture project gets one planted mistake of each kind; `evidence validate` and
`mkdocs build` must both report all of them, in the same words, and publish nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import evidence_cli, mkdocs_build

from macros import EvidenceError, load_evidence
from macros.cli import main


def write(project: Path, rel: str, text: str) -> None:
    path = project / "evidence" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


ORG = """id: {id}
name: Org
kind: un-entity
sources:
  - {{key: doc-a, locator: "sec. 1"}}
last_reviewed: 2026-01-15
"""

ACTIVITY = """id: bad-activity
title: Bad activity
kind: project
countries: [CO, EC, XX]
contries: [PE]
participants:
  - {organisation: unknown-org, role: funding}
period: {start: 2020, end: 2019}
themes: [integration, borders]
sources:
  - {key: doc-a, locator: "sec. 1"}
  - {key: no-such-key, locator: "p. 2"}
last_reviewed: 2026-01-15
"""

# (relative file, text) of each planted mistake
PLANTED = {
    "activities/bad-activity.yaml": ACTIVITY,
    "activities/broken.yaml": "id: broken\ntitle: [unclosed\nkind: project\n",
    "organisations/no-kind.yaml": "id: no-kind\nname: Org\nsources:\n"
                                  "  - {key: doc-a, locator: x}\nlast_reviewed: 2026-01-15\n",
    "organisations/wrong-name.yaml": ORG.format(id="other-name"),
    "organisations/dupe-a.yaml": ORG.format(id="agency-a"),
    "organisations/bad-date.yaml": ORG.format(id="bad-date").replace("2026-01-15", "2026-13-45"),
    "organisations/dup-key.yaml": ORG.format(id="dup-key") + "kind: ngo\n",
    "mechanisms/bad-type.yaml": """id: bad-type
name: Mechanism
kind: network
level: regional
leads: agency-a
sources:
  - {key: doc-a, locator: "sec. 1"}
last_reviewed: 2026-01-15
""",
    "organisations/bad-id.yaml": ORG.format(id="Bad_Id"),
    "organisations/Bad_Id.yaml": ORG.format(id="bad-id"),  # refused by name, never read
    "activites/typo-folder.yaml": ORG.format(id="typo-folder"),
}

EXPECTED = [
    "evidence/activites: unknown collection folder 'activites'\n"
    "  hint: did you mean 'activities'?",
    "evidence/activities/bad-activity.yaml:4:21: countries[2]: expected an ISO 3166-1 code, "
    "got 'XX'\n  hint: use a two-letter ISO 3166-1 code, e.g. 'CO' for Colombia",
    "evidence/activities/bad-activity.yaml:5:1: contries: unknown field 'contries'\n"
    "  hint: did you mean 'countries'?",
    "evidence/activities/bad-activity.yaml:8:28: period.end: end year 2019 is before start "
    "year 2020",
    "evidence/activities/broken.yaml:3:5: YAML syntax error: did not find expected ',' or ']'\n"
    "  hint: check the indentation and quoting around this position",
    "evidence/mechanisms/bad-type.yaml:5:8: leads: expected a list, got 'agency-a'\n"
    "  hint: write each item on its own line starting with '- '",
    "evidence/organisations/bad-id.yaml:1:5: id: expected a lowercase id (letters, digits, "
    "hyphens), got 'Bad_Id'\n  hint: for example 'bad-id'",
    "evidence/organisations: expected a record file named by its id (lowercase letters, digits "
    "and single hyphens, then '.yaml'), got 'Bad_Id.yaml'\n  hint: rename it to 'bad-id.yaml': "
    "the id is the file name",
    "evidence/organisations/bad-date.yaml:6:16: last_reviewed: expected a date as YYYY-MM-DD, "
    "got '2026-13-45'\n  hint: write dates as 2024-05-31",
    "evidence/organisations/dup-key.yaml:7:1: kind: duplicate key 'kind' (first defined on "
    "line 3)\n  hint: YAML would silently keep only the last one: merge or remove one",
    "evidence/organisations/dupe-a.yaml:1:5: id: expected the file name 'dupe-a', got "
    "'agency-a'\n  hint: rename the file to 'agency-a.yaml' or change the id",
    "evidence/organisations/no-kind.yaml:1:1: kind: required field is missing\n"
    "  hint: add 'kind:' (What sort of organisation this is.)",
    "evidence/organisations/wrong-name.yaml:1:5: id: expected the file name 'wrong-name', got "
    "'other-name'\n  hint: rename the file to 'other-name.yaml' or change the id",
    "evidence/activities/bad-activity.yaml:7:20: participants[0].organisation: expected an "
    "organisation id, got 'unknown-org'\n"
    "  hint: no such id in evidence/organisations/: add it there or fix the id",
    "evidence/activities/bad-activity.yaml:9:23: themes[1]: expected a theme id, got 'borders'\n"
    "  hint: no such id in evidence/themes.yaml: add it there or fix the id",
    "evidence/activities/bad-activity.yaml:12:11: sources[1].key: expected a citation key from "
    "bibliography.bib, got 'no-such-key'\n"
    "  hint: add an entry '@report{no-such-key, ...}' to bibliography.bib",
]
# The duplicate id is reported on whichever file is read second (files are read in name order).
DUPLICATE = ("evidence/organisations/dupe-a.yaml:1:5: id: duplicate id 'agency-a', also used by "
             "evidence/organisations/agency-a.yaml\n  hint: ids must be unique within a collection")


def plant(project: Path) -> None:
    for rel, text in PLANTED.items():
        write(project, rel, text)


def test_every_planted_mistake_is_reported_exactly(mini: Path) -> None:
    plant(mini)
    try:
        load_evidence(mini)
    except EvidenceError as exc:
        report = exc.report()
    else:
        raise AssertionError("invalid evidence was accepted")
    for message in EXPECTED:
        assert message in report, f"missing:\n{message}\n--- in ---\n{report}"
    assert DUPLICATE in report
    # The duplicate of an id that exists keeps the first record and flags the copy only.
    n = len(EXPECTED) + 1
    files = len({path for path, *_ in (message.split(":", 1) for message in EXPECTED)})
    assert report.rstrip().endswith(f"{n} problems in {files} files."), report


def test_validate_command_lists_every_error_and_exits_1(mini: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    plant(mini)
    assert main(["validate", str(mini)]) == 1
    out = capsys.readouterr().out
    for message in [*EXPECTED, DUPLICATE]:
        assert message in out


@pytest.mark.slow
def test_build_fails_with_the_same_messages_and_publishes_nothing(mini: Path) -> None:
    site = mini / "site"
    site.mkdir()
    (site / "previous.html").write_text("the last good build")
    plant(mini)
    result = mkdocs_build(mini)
    assert result.returncode == 1
    for message in [*EXPECTED, DUPLICATE]:
        assert message in result.stderr
    assert "17 problems in 11 files; nothing was built." in result.stderr
    # The previous site is untouched: nothing half-built was written over it.
    assert sorted(p.name for p in site.iterdir()) == ["previous.html"]


def test_valid_project_summary_counts_each_collection(mini: Path) -> None:
    result = evidence_cli(mini, "validate")
    assert result.returncode == 0, result.stdout
    folders = sorted(p for p in (mini / "evidence").iterdir() if p.is_dir())
    counts = {p.name: len(list(p.glob("*.yaml"))) for p in folders}
    total = sum(counts.values())
    assert result.stdout.startswith(f"{total} records valid (")
    for name, n in counts.items():
        assert f"{n} {name}" in result.stdout


def test_github_format_prints_annotations(mini: Path) -> None:
    write(mini, "organisations/wrong-name.yaml", ORG.format(id="other-name"))
    result = evidence_cli(mini, "validate", "--format", "github")
    assert result.returncode == 1
    assert ("::error file=evidence/organisations/wrong-name.yaml,line=1,col=5::id: expected the "
            "file name 'wrong-name', got 'other-name'") in result.stdout


def test_validate_accepts_the_evidence_folder_as_path(mini: Path) -> None:
    result = evidence_cli(mini.parent, "validate", str(mini / "evidence"))
    assert result.returncode == 0, result.stdout + result.stderr
