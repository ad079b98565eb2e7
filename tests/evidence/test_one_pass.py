"""One pass: a record with several kinds of mistakes has all of them reported in one run.

The seven mistakes are the ones a newcomer made (issue 16): a wrong value of the model (the
date, the role, the country) must not hide the references, themes and citation keys of the
same record, and every id that names nothing comes with the record the contributor most likely
meant, found by its id, name, acronym or other names. The expected messages are written by
hand from the repository's records: `iom` has the acronym IOM, `european-union` the acronym
EU, themes.yaml has `trafficking-in-persons`, bibliography.bib the key `k4dd-donor-mapping`.

A mis-indented line says which line and what its indentation should be, and every report ends
with what was found ("7 problems in 1 file."), in English and in Spanish.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import REPO, evidence_cli, mkdocs_build

from macros import EvidenceError, load_evidence
from macros.errors import Problem, summary
from macros.evidence.suggest import Candidate, Suggestions
from macros.model import COLLECTIONS
from macros.render.text import writing_language
from macros.source.yaml import load_document

SEVEN_MISTAKES = """\
id: border-training
title: Border training programme
kind: programme
participants:
  - {organisation: OIM, role: implementing}
  - {organisation: eu, role: funder}
countries: [Colombia, EC]
themes: [trafficking]
sources:
  - {key: k4dd-donor-maping, locator: "sec. 3.2"}
last_reviewed: 24/11/2026
"""
RECORD = "evidence/activities/border-training.yaml"
SEVEN_MESSAGES = [
    f"{RECORD}:5:20: participants[0].organisation: expected an organisation id, got 'OIM'\n"
    "  hint: did you mean 'iom' (International Organization for Migration, IOM)?",
    f"{RECORD}:6:20: participants[1].organisation: expected an organisation id, got 'eu'\n"
    "  hint: did you mean 'european-union' (European Union, EU)?",
    f"{RECORD}:6:30: participants[1].role: expected one of 'funding', 'accountable', "
    "'extending', 'implementing' or 'partner', got 'funder'\n"
    "  hint: did you mean 'funding'?",
    f"{RECORD}:7:13: countries[0]: expected an ISO 3166-1 code, got 'Colombia'\n"
    "  hint: did you mean 'CO' (Colombia)?",
    f"{RECORD}:8:10: themes[0]: expected a theme id, got 'trafficking'\n"
    "  hint: did you mean 'trafficking-in-persons' (Trafficking in persons)?",
    f"{RECORD}:10:11: sources[0].key: expected a citation key from bibliography.bib, got "
    "'k4dd-donor-maping'\n  hint: did you mean 'k4dd-donor-mapping'?",
    f"{RECORD}:11:16: last_reviewed: expected a date as YYYY-MM-DD, got '24/11/2026'\n"
    "  hint: did you mean '2026-11-24'? (dates are written YYYY-MM-DD)",
]


def repository_copy(target: Path) -> Path:
    """The repository's project (records, bibliography, pages, mkdocs.yml), writable."""
    for name in ("evidence", "docs", "overrides"):
        shutil.copytree(REPO / name, target / name)
    for name in ("bibliography.bib", "mkdocs.yml"):
        shutil.copy(REPO / name, target / name)
    return target


@pytest.fixture
def seven(tmp_path: Path) -> Path:
    project = repository_copy(tmp_path / "project")
    (project / RECORD).write_text(SEVEN_MISTAKES, encoding="utf-8")
    return project


def report_of(project: Path) -> str:
    with pytest.raises(EvidenceError) as raised:
        load_evidence(project)
    return raised.value.report()


def test_the_seven_mistakes_are_reported_in_one_run(seven: Path) -> None:
    assert report_of(seven) == "\n".join([*SEVEN_MESSAGES, "7 problems in 1 file."])


def test_validate_reports_the_seven_and_exits_1(seven: Path) -> None:
    result = evidence_cli(seven, "validate")
    assert result.returncode == 1
    assert result.stdout == "\n".join([*SEVEN_MESSAGES, "7 problems in 1 file."]) + "\n"


def test_validate_exits_0_once_they_are_fixed(seven: Path) -> None:
    fixed = (SEVEN_MISTAKES.replace("OIM", "iom").replace("organisation: eu,",
                                                          "organisation: european-union,")
             .replace("funder", "funding").replace("Colombia", "CO")
             .replace("trafficking]", "trafficking-in-persons]")
             .replace("maping", "mapping").replace("24/11/2026", "2026-11-24"))
    (seven / RECORD).write_text(fixed, encoding="utf-8")
    result = evidence_cli(seven, "validate")
    assert result.returncode == 0, result.stdout


def test_the_build_reports_the_seven_and_writes_nothing(seven: Path) -> None:
    site = seven / "site"
    result = mkdocs_build(seven, "--site-dir", str(site))
    assert result.returncode == 1
    for message in SEVEN_MESSAGES:
        assert message in result.stderr
    # The plugin's report ends with the finding; MkDocs then adds its own last word.
    assert "7 problems in 1 file; nothing was built.\n" in result.stderr
    assert "Aborted with" not in result.stderr.replace("Aborted with a BuildError!", "")
    assert not site.exists()


# -- one pass, whatever the model refuses -------------------------------------------------------


def write(project: Path, rel: str, text: str) -> None:
    (project / "evidence" / rel).write_text(text, encoding="utf-8")


def problems_of(project: Path) -> list[str]:
    with pytest.raises(EvidenceError) as raised:
        load_evidence(project)
    return [str(p) for p in raised.value.problems]


def test_a_record_missing_a_required_field_still_has_its_references_checked(mini: Path) -> None:
    write(mini, "activities/project-y.yaml", """\
id: project-y
kind: project
participants:
  - {organisation: agency-b, role: implementing}
themes: [border]
sources:
  - {key: doc-aa, locator: "sec. 1"}
last_reviewed: 2026-01-15
""")
    assert problems_of(mini) == [
        "evidence/activities/project-y.yaml:1:1: title: required field is missing\n"
        "  hint: add 'title:'",
        "evidence/activities/project-y.yaml:4:20: participants[0].organisation: expected an "
        "organisation id, got 'agency-b'\n  hint: did you mean 'agency-a' (Agency A, AA)?",
        "evidence/activities/project-y.yaml:5:10: themes[0]: expected a theme id, got 'border'\n"
        "  hint: did you mean 'border-management' (Border management)?",
        "evidence/activities/project-y.yaml:7:11: sources[0].key: expected a citation key from "
        "bibliography.bib, got 'doc-aa'\n  hint: did you mean 'doc-a'?",
    ]


def test_a_record_with_a_mistake_is_still_there_for_the_records_that_name_it(mini: Path) -> None:
    # agency-a is named by project-x and office-c: its bad date is its only problem.
    path = mini / "evidence" / "organisations" / "agency-a.yaml"
    path.write_text(path.read_text().replace("2026-01-15", "15.01.2026"))
    assert problems_of(mini) == [
        "evidence/organisations/agency-a.yaml:7:16: last_reviewed: expected a date as "
        "YYYY-MM-DD, got '15.01.2026'\n"
        "  hint: did you mean '2026-01-15'? (dates are written YYYY-MM-DD)"]


def test_suggestions_come_from_other_names_and_acronyms_whatever_the_case(mini: Path) -> None:
    path = mini / "evidence" / "organisations" / "agency-a.yaml"
    path.write_text(path.read_text().replace(
        "acronym: AA\n", "acronym: AA\nother_names: [Agencia Interamericana A]\n"))
    write(mini, "recommendations/recommendation-s.yaml", """\
id: recommendation-s
title: Recommendation S
text: Do it.
organisations: [aa, Agencia Interamericana A, Zzz_Q]
sources:
  - {key: doc-a, locator: "sec. 5"}
last_reviewed: 2026-01-15
""")
    assert problems_of(mini) == [
        "evidence/recommendations/recommendation-s.yaml:4:17: organisations[0]: expected an "
        "organisation id, got 'aa'\n  hint: did you mean 'agency-a' (Agency A, AA)?",
        "evidence/recommendations/recommendation-s.yaml:4:21: organisations[1]: expected an "
        "organisation id, got 'Agencia Interamericana A'\n"
        "  hint: did you mean 'agency-a' (Agency A, AA)?",
        # Nothing comes close: the hint says how an id is written.
        "evidence/recommendations/recommendation-s.yaml:4:47: organisations[2]: expected an "
        "organisation id, got 'Zzz_Q'\n  hint: for example 'zzz-q'",
    ]


def test_an_ambiguous_date_is_offered_both_ways(mini: Path) -> None:
    path = mini / "evidence" / "organisations" / "donor-b.yaml"
    path.write_text(path.read_text().replace("2026-01-15", "05/06/2026"))
    assert problems_of(mini) == [
        "evidence/organisations/donor-b.yaml:7:16: last_reviewed: expected a date as "
        "YYYY-MM-DD, got '05/06/2026'\n  hint: dates are written YYYY-MM-DD: '2026-06-05' if "
        "the day comes first, '2026-05-06' if the month does"]


WRONG_SHAPES = [{"x": 1}, [[1]], 5, None, [{"x": [1]}], "text", [None]]


@pytest.mark.parametrize("collection", list(COLLECTIONS))
def test_values_of_any_shape_in_any_field_give_problems_never_a_crash(
        mini: Path, collection: str) -> None:
    model = COLLECTIONS[collection]
    for n, value in enumerate(WRONG_SHAPES):
        fields = "".join(f"{name}: {value!r}\n".replace("'", '"') if value is not None
                         else f"{name}:\n" for name in model.model_fields if name != "id")
        write(mini, f"{collection}/odd-{n}.yaml", f"id: odd-{n}\n{fields}")
    with pytest.raises(EvidenceError) as raised:
        load_evidence(mini)
    assert {p.path for p in raised.value.problems} == {
        f"evidence/{collection}/odd-{n}.yaml" for n in range(len(WRONG_SHAPES))}


# -- indentation --------------------------------------------------------------------------------

INDENTATION = {
    "an item indented less than the one above": (
        "id: x\nsources:\n  - {key: a, locator: b}\n - {key: c, locator: d}\n",
        "r.yaml:4:2: sources[1]: expected an indentation of 2 spaces, like the item on line 3, "
        "got 1 space\n  hint: items of one list start in the same column: move the '-' to "
        "column 3, under the '-' of line 3"),
    "an item indented more than the one above": (
        "id: x\nsources:\n  - key: a\n    locator: b\n    - key: c\n      locator: d\n",
        "r.yaml:5:5: sources[1]: expected an indentation of 2 spaces, like the item on line 3, "
        "got 4 spaces\n  hint: items of one list start in the same column: move the '-' to "
        "column 3, under the '-' of line 3"),
    "a field under a field that has its value": (
        "id: x\ntitle: T\n  kind: project\n",
        "r.yaml:3:3: kind: expected no indentation, like 'title:' on line 2, got 2 spaces\n"
        "  hint: 'title:' on line 2 already has its value, so nothing can be nested under it: "
        "move 'kind:' to column 1, under 'title:' (or, if the text goes on, put it in quotes)"),
    "a field between two levels": (
        "id: x\nperiod:\n  start: 2020\n end: 2021\n",
        "r.yaml:4:2: period.end: expected an indentation of 2 spaces, like 'start:' on line 3, "
        "got 1 space\n  hint: fields of one mapping start in the same column: move 'end:' to "
        "column 3, under 'start:', or to column 1, under 'period:' (line 2), if it belongs "
        "there"),
    "a field of an item indented less than the item's first": (
        "id: x\nsources:\n  - key: a\n   locator: b\n",
        "r.yaml:4:4: sources[0].locator: expected an indentation of 4 spaces, like 'key:' on "
        "line 3, got 3 spaces\n  hint: fields of one mapping start in the same column: move "
        "'locator:' to column 5, under 'key:', or to column 1, under 'sources:' (line 2), if it "
        "belongs there"),
    "a field indented as the list above it": (
        "id: x\nthemes:\n  - a\n  - b\n  kind: project\n",
        "r.yaml:5:3: kind: expected no indentation, like 'themes:' on line 2, got 2 spaces\n"
        "  hint: fields of one mapping start in the same column: move 'kind:' to column 1, "
        "under 'themes:'"),
    "a tab": (
        "id: x\nperiod:\n\tstart: 2020\n",
        "r.yaml:3:1: period.start: expected an indentation of 2 spaces, got a tab\n"
        "  hint: YAML indents with spaces only: replace the tab with 2 spaces (editors can be "
        "set to insert spaces for the Tab key)"),
}


@pytest.mark.parametrize("case", list(INDENTATION))
def test_a_misindented_line_says_what_its_indentation_should_be(tmp_path: Path,
                                                                case: str) -> None:
    text, expected = INDENTATION[case]
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    doc, problems = load_document(path, "r.yaml")
    assert doc is None
    assert [str(p) for p in problems] == [expected]


def test_lines_after_block_text_and_open_brackets_are_followed_too(tmp_path: Path) -> None:
    text = ("id: x\ndescription: >-\n  Text: with a colon\n    and deeper lines\n"
            "themes: [a,\n  b]\nsources:\n  - key: a\n    locator: |\n      x: y\n"
            "   - key: b\n")
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    _, problems = load_document(path, "r.yaml")
    assert [str(p).split("\n")[0] for p in problems] == [
        "r.yaml:11:4: sources[1]: expected an indentation of 2 spaces, like the item on line 8, "
        "got 3 spaces"]


def test_a_syntax_error_that_is_not_indentation_keeps_the_readers_message(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("id: x\ntitle: Note: read this\n", encoding="utf-8")
    _, problems = load_document(path, "r.yaml")
    assert [str(p) for p in problems] == [
        "r.yaml:2:12: YAML syntax error: mapping values are not allowed in this context\n"
        "  hint: put text containing ': ' in quotes"]


def test_the_mis_indented_record_through_validate(mini: Path) -> None:
    write(mini, "organisations/bad-indent.yaml",
          "id: bad-indent\nname: Org\nkind: ngo\nsources:\n  - key: doc-a\n"
          "   locator: sec. 1\nlast_reviewed: 2026-01-15\n")
    result = evidence_cli(mini, "validate")
    assert result.returncode == 1
    assert result.stdout.startswith(
        "evidence/organisations/bad-indent.yaml:6:4: sources[0].locator: expected an "
        "indentation of 4 spaces, like 'key:' on line 5, got 3 spaces\n")
    assert result.stdout.endswith("\n1 problem in 1 file.\n")


# -- the last line ------------------------------------------------------------------------------


def problems(*paths: str) -> list[Problem]:
    return [Problem(path, i + 1, 1, "id", "wrong") for i, path in enumerate(paths)]


@pytest.mark.parametrize(("found", "built", "english", "spanish"), [
    (problems("a.yaml"), False, "1 problem in 1 file.", "1 problema en 1 archivo."),
    (problems("a.yaml", "a.yaml"), False, "2 problems in 1 file.",
     "2 problemas en 1 archivo."),
    (problems("a.yaml", "b.yaml", "b.yaml"), True, "3 problems in 2 files; nothing was built.",
     "3 problemas en 2 archivos; no se compiló nada."),
    (problems("a.yaml"), True, "1 problem in 1 file; nothing was built.",
     "1 problema en 1 archivo; no se compiló nada."),
])
def test_the_last_line_is_the_finding_in_english_and_spanish(
        found: list[Problem], built: bool, english: str, spanish: str) -> None:
    assert summary(found, nothing_built=built) == english
    assert EvidenceError(found).report(nothing_built=built).splitlines()[-1] == english
    with writing_language("es"):
        assert summary(found, nothing_built=built) == spanish


def test_a_vocabulary_with_a_mistake_still_knows_its_themes(mini: Path) -> None:
    # border-management has no label: the records using it are not reported as well.
    path = mini / "evidence" / "themes.yaml"
    path.write_text(path.read_text().replace(", label: Border management", ""))
    assert problems_of(mini) == [
        "evidence/themes.yaml:5:5: themes[1].label: required field is missing\n"
        "  hint: add 'label:'"]


def test_a_citation_key_in_capitals_is_offered_as_written_in_the_bibliography(
        mini: Path) -> None:
    path = mini / "evidence" / "organisations" / "donor-b.yaml"
    path.write_text(path.read_text().replace("{key: doc-a,", "{key: DOC-A,"))
    assert problems_of(mini) == [
        "evidence/organisations/donor-b.yaml:6:11: sources[0].key: expected a citation key "
        "from bibliography.bib, got 'DOC-A'\n  hint: did you mean 'doc-a'?"]


def test_names_match_without_case_accents_or_punctuation() -> None:
    index = Suggestions([
        Candidate("iom", ("International Organization for Migration", "IOM",
                          "Organización Internacional para las Migraciones"),
                  ("International Organization for Migration", "IOM")),
        Candidate("ilo", ("International Labour Organization", "ILO"))])
    assert index.hint("organizacion internacional para las migraciones") == (
        "did you mean 'iom' (International Organization for Migration, IOM)?")
    assert index.hint("I.L.O.") == "did you mean 'ilo'?"
    assert index.hint("zzzz") == ""
