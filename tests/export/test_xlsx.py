"""The XLSX edition: a sheet per collection holding every record's values (text as string
cells, never formulas, with nothing put in front), a data-dictionary sheet, and Spanish sheet
and column names in the Spanish workbook."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import yaml
from helpers import copy_mini, evidence_cli
from openpyxl import load_workbook

from macros.model import COLLECTIONS

FORMULAS = ['=HYPERLINK("http://x?","y")', "+1+1", "-2+3", "@SUM(A1)", "'quoted", "=1"]


def export(tmp_path: Path) -> Path:
    project = copy_mini(tmp_path / "mini")
    for i, text in enumerate(FORMULAS):
        data = {"id": f"hostile-{i}", "name": text, "kind": "other", "other_names": [text],
                "sources": [{"key": "doc-a", "locator": text}], "last_reviewed": "2026-01-15"}
        (project / "evidence" / "organisations" / f"hostile-{i}.yaml").write_text(
            yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "data"
    result = evidence_cli(project, "export", "-o", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_every_value_is_in_its_sheet_and_no_text_is_a_formula(tmp_path: Path) -> None:
    out = export(tmp_path)
    book = load_workbook(out / "evidence.xlsx")
    assert book.sheetnames[0] == "Data dictionary"
    checked = 0
    for sheet_name, collection in zip(book.sheetnames[1:], COLLECTIONS, strict=True):
        sheet = book[sheet_name]
        records = json.loads((out / f"{collection}.json").read_text(encoding="utf-8"))
        names = list(COLLECTIONS[collection].model_fields)
        rows = list(sheet.iter_rows(min_row=2))
        assert len(rows) == len(records)
        for row, record in zip(rows, records, strict=True):
            for c, name in zip(row, names, strict=True):
                expected = record[name]
                if expected is None:
                    assert c.value is None
                elif isinstance(expected, list | dict):
                    assert c.data_type == "s" and json.loads(str(c.value)) == expected
                elif isinstance(expected, str):
                    assert c.data_type == "s" and c.value == expected  # nothing added
                else:
                    assert c.value == expected
                checked += 1
    assert checked > 100
    sheet = book["Organisations"]
    name = list(COLLECTIONS["organisations"].model_fields).index("name")  # the columns' order
    hostile = {r[0].value: r[name].value for r in sheet.iter_rows(min_row=2)}
    assert [hostile[f"hostile-{i}"] for i in range(len(FORMULAS))] == FORMULAS
    # In the file itself: no formula anywhere (a formula is an <f> element of a sheet).
    with zipfile.ZipFile(out / "evidence.xlsx") as xlsx:
        sheets = [n for n in xlsx.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in xlsx.read(n) or b"<f " in xlsx.read(n)
                                  for n in sheets)


def test_the_data_dictionary_lists_every_column(tmp_path: Path) -> None:
    out = export(tmp_path)
    book = load_workbook(out / "evidence.xlsx")
    rows = [[c.value for c in r] for r in book["Data dictionary"].iter_rows(min_row=3)]
    listed = {(r[0], r[2]) for r in rows}
    for sheet_name, (collection, model) in zip(book.sheetnames[1:], COLLECTIONS.items(),
                                               strict=True):
        for name in model.model_fields:
            assert (sheet_name, name) in listed, (collection, name)
        headings = [c.value for c in book[sheet_name][1]]
        assert headings == [r[1] for r in rows if r[0] == sheet_name]
    types = {(r[0], r[2]): r[3] for r in rows}
    assert types[("Activities", "participants")] == "array"
    assert types[("Figures", "value")] == "number"
    assert "as JSON" in str(book["Data dictionary"]["A2"].value)


def test_the_spanish_workbook_has_spanish_sheets_and_headings(tmp_path: Path) -> None:
    out = export(tmp_path)
    book = load_workbook(out / "evidence.es.xlsx")
    # Written by hand from the Spanish catalogue's glossary.
    assert book.sheetnames[:4] == ["Diccionario de datos", "Organizaciones", "Estrategias",
                                   "Actividades"]
    headings = [c.value for c in book["Actividades"][1]]
    assert headings[:4] == ["Id", "Fuentes", "Última revisión", "Notas"]
    assert book["Diccionario de datos"]["A1"].value == "Hoja"
