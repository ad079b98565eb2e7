"""The data as one Excel workbook (`evidence.xlsx`, `evidence.es.xlsx`): a sheet per collection
and a data dictionary.

Each sheet holds the CSV's rows, with the same cells: lists and nested fields as the JSON of
the JSON file, numbers as numbers, and every text as a string cell, never as a formula (openpyxl
would take text starting with '=' for one: its type is set back to string), so no quote is put
in front of anything. Sheet names, column headings and the dictionary are in the language being
written (`writing_language`), through the message catalogue; the dictionary gives each heading's
field id, type and description.
"""

from __future__ import annotations

import io
import re
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Font

from ..evidence import Evidence
from ..model import COLLECTIONS
from ..render.text import N_, _, collection_title
from ..render.views.living import field_heading
from .data import CSV_FORMAT, cell, frictionless_type

DICTIONARY = N_("Data dictionary")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(title: str, taken: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique."""
    name = _SHEET_FORBIDDEN.sub(" ", title)[:31].strip() or "Sheet"
    base, n = name, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _text(target: Cell | MergedCell, value: str) -> None:
    target.value = value
    target.data_type = "s"  # a string, even when it starts with '=': never a formula


def workbook(evidence: Evidence) -> bytes:
    """The workbook's bytes, in the language being written."""
    book = Workbook()
    dictionary = book.active
    assert dictionary is not None
    taken: set[str] = set()
    dictionary.title = sheet_name(_(DICTIONARY), taken)
    bold = Font(bold=True)
    heads = (_("Sheet"), _("Column"), _("Field"), _("Type"), _("Description"))
    for col, head in enumerate(heads, 1):
        _text(dictionary.cell(1, col), head)
        dictionary.cell(1, col).font = bold
    _text(dictionary.cell(2, 1), _(CSV_FORMAT))
    row_at = 3
    for collection, model in COLLECTIONS.items():
        sheet = book.create_sheet(sheet_name(collection_title(collection), taken))
        names = list(model.model_fields)
        for col, name in enumerate(names, 1):
            info = model.model_fields[name]
            label = field_heading(collection, name)
            _text(sheet.cell(1, col), label)
            sheet.cell(1, col).font = bold
            for c, value in enumerate((sheet.title, label, name,
                                       frictionless_type(info.annotation),
                                       info.description or ""), 1):
                _text(dictionary.cell(row_at, c), value)
            row_at += 1
        sheet.freeze_panes = "A2"
        records = sorted(evidence.records[collection].values(), key=lambda r: r.id)
        for r, record in enumerate(records, 2):
            dumped = record.model_dump(mode="json")
            for col, name in enumerate(names, 1):
                _put(sheet.cell(r, col), dumped[name])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _put(target: Cell | MergedCell, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool | int | float):
        target.value = value
    else:
        _text(target, cell(value))
