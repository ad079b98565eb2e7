"""Data downloads: CSV and JSON per collection, a valid Frictionless package, IATI mapping."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from frictionless import Package, validate
from helpers import FIXTURES, evidence_cli


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
        with (exported / f"{folder.name}.csv").open() as f:
            rows = list(csv.DictReader(f))
        assert [r["id"] for r in rows] == ids
        data = json.loads((exported / f"{folder.name}.json").read_text())
        assert [d["id"] for d in data] == ids


def test_csv_cells_flatten_lists_and_sources(exported: Path) -> None:
    with (exported / "activities.csv").open() as f:
        row = next(csv.DictReader(f))
    assert row["participants"] == "donor-b (funding); agency-a (implementing)"
    assert row["countries"] == "CO; EC"
    assert row["sources"] == "doc-a (sec. 4)"
    assert row["period"] == "start: 2019, end: 2023"


def test_datapackage_is_valid_frictionless(exported: Path) -> None:
    report = validate(str(exported / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])
    package = Package(str(exported / "datapackage.json"))
    assert {r.name for r in package.resources} == {
        p.name for p in (FIXTURES / "mini" / "evidence").iterdir() if p.is_dir()}


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
