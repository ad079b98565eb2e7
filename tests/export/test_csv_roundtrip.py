"""The CSV downloads split back exactly: every cell of every record gives its JSON value again
(the only change allowed is the documented single quote in front of formula-like text), the
links between records are long tables with foreign keys a validator checks, and a UTF-8 byte
order mark makes Excel read accented names."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from frictionless import validate
from helpers import REPO, copy_mini, evidence_cli

FORMULA_TEXT = ["=1+1", "+cmd", "-2", "@SUM(A1)", "'quoted", "Panamá; Perú, \"Bogotá\""]


def original_text(written: str) -> str:
    """The rule of the data dictionary: remove one leading single quote from a text cell."""
    return written[1:] if written.startswith("'") else written


def read_back(value: str, kind: str) -> Any:
    """A cell read by the format's documented rules: JSON for array and object, numbers,
    booleans, an empty cell for a field left out, and text with the quote rule undone."""
    if value == "":
        return None
    if kind in ("array", "object"):
        return json.loads(value)
    if kind in ("number", "integer"):
        return float(value)
    if kind == "boolean":
        return {"true": True, "false": False}[value]
    return original_text(value)


def same(read: Any, expected: Any) -> bool:
    if isinstance(expected, int | float) and not isinstance(expected, bool):
        return bool(read == float(expected))
    return bool(read == expected)


def export(project: Path, out: Path) -> Path:
    result = evidence_cli(project, "export", "-o", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="module")
def repo_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export(REPO, tmp_path_factory.mktemp("repo-data"))


def check_every_cell(out: Path) -> int:
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    checked = 0
    for resource in package["resources"]:
        json_file = out / resource["path"].replace(".csv", ".json")
        if not json_file.exists():  # a long table of links
            continue
        records = {r["id"]: r for r in json.loads(json_file.read_text(encoding="utf-8"))}
        kinds = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
        with (out / resource["path"]).open(newline="", encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f))
        assert [r["id"] for r in rows] == list(records)
        for row in rows:
            record = records[row["id"]]
            assert list(row) == list(record), resource["name"]
            for name, value in row.items():
                read, expected = read_back(value, kinds[name]), record[name]
                assert same(read, expected), (
                    resource["name"], row["id"], name, value, expected)
                checked += 1
    return checked


def test_every_cell_of_the_repository_splits_back_to_its_json_value(repo_data: Path) -> None:
    assert check_every_cell(repo_data) > 5000


def test_hostile_text_in_lists_and_cells_splits_back(tmp_path: Path) -> None:
    project = copy_mini(tmp_path / "mini")
    for i, text in enumerate(FORMULA_TEXT):
        (project / "evidence" / "organisations" / f"hostile-{i}.yaml").write_text(
            json.dumps({"id": f"hostile-{i}", "name": text, "kind": "other",
                        "other_names": [text, f"{text}; {text}"],
                        "notes": [f"a; b, {text}", "c"],
                        "sources": [{"key": "doc-a", "locator": text}],
                        "last_reviewed": "2026-01-15"}, ensure_ascii=False), "utf-8")
    out = export(project, tmp_path / "data")
    assert check_every_cell(out) > 100
    with (out / "organisations.csv").open(newline="", encoding="utf-8-sig") as f:
        names = {r["id"]: r["name"] for r in csv.DictReader(f)}
    assert names["hostile-0"] == "'=1+1" and names["hostile-4"] == "''quoted"
    assert names["hostile-5"] == 'Panamá; Perú, "Bogotá"'


def test_every_csv_starts_with_a_utf8_byte_order_mark(repo_data: Path) -> None:
    files = sorted(repo_data.glob("*.csv"))
    assert files
    for path in files:
        assert path.read_bytes().startswith(b"\xef\xbb\xbf\"id\","), path.name
    # Excel, told nothing else, reads the mark as UTF-8: "Panamá", not "PanamÃ¡". Every
    # accented name of the JSON is in the CSV as UTF-8 bytes.
    for collection in ("organisations", "mechanisms", "activities"):
        data = json.loads((repo_data / f"{collection}.json").read_text(encoding="utf-8"))
        raw = (repo_data / f"{collection}.csv").read_bytes()
        accented = {str(r[k]) for r in data for k in ("name", "title")
                    if isinstance(r.get(k), str) and not r[k].isascii()}
        for name in accented:
            assert name.replace('"', '""').encode("utf-8") in raw, name


def test_links_are_long_tables_with_foreign_keys(repo_data: Path) -> None:
    package = json.loads((repo_data / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    links = resources["activities-participants"]
    assert {json.dumps(k, sort_keys=True) for k in links["schema"]["foreignKeys"]} == {
        json.dumps({"fields": "id", "reference": {"resource": "activities", "fields": "id"}},
                   sort_keys=True),
        json.dumps({"fields": "ref", "reference": {"resource": "organisations", "fields": "id"}},
                   sort_keys=True)}
    # The table holds exactly the participants of activities.json.
    activities = json.loads((repo_data / "activities.json").read_text(encoding="utf-8"))
    expected = [(a["id"], f"participants/{i}/organisation", p["organisation"])
                for a in activities for i, p in enumerate(a["participants"])]
    with (repo_data / "activities-participants.csv").open(newline="",
                                                          encoding="utf-8-sig") as f:
        assert [(r["id"], r["path"], r["ref"]) for r in csv.DictReader(f)] == expected
    # A scalar link (an organisation's parent) is a foreign key of its own column.
    assert {"fields": "parent", "reference": {"resource": "organisations", "fields": "id"}} in \
        resources["organisations"]["schema"]["foreignKeys"]


def test_the_package_validates_and_a_broken_link_is_found(repo_data: Path,
                                                          tmp_path: Path) -> None:
    report = validate(str(repo_data / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])
    # Take one organisation out of a copy: the links to it are reported.
    copy = tmp_path / "copy"
    copy.mkdir()
    for path in repo_data.iterdir():
        (copy / path.name).write_bytes(path.read_bytes())
    text = (copy / "organisations.csv").read_text(encoding="utf-8-sig")
    lines = [x for x in text.splitlines(keepends=True) if not x.startswith('"iom",')]
    assert len(lines) < len(text.splitlines())
    (copy / "organisations.csv").write_text("\ufeff" + "".join(lines), encoding="utf-8")
    broken = validate(str(copy / "datapackage.json"))
    assert not broken.valid
    assert any(e[0] == "foreign-key" for e in broken.flatten(["type"]))


def test_the_data_dictionary_documents_json_cells_and_the_quote_rule(repo_data: Path) -> None:
    rule = json.loads((repo_data / "datapackage.json").read_text(encoding="utf-8"))[
        "description"]
    for words in ("as JSON", "splits back exactly", "byte order mark", "foreign keys",
                  "remove that one leading single quote"):
        assert words in rule, words
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    for words in ("remove that one leading single quote", "UTF-8 byte order mark",
                  "so it splits back exactly", "foreign keys"):
        assert words in readme, words
