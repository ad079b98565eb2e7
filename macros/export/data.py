"""Data downloads: every collection as CSV and JSON, a Frictionless data package, IATI-style.

`export_data(evidence, directory)` writes:

- `<collection>.json`: the records as the model holds them (ids, nested lists and all);
- `<collection>.csv`: one row per record, lists joined with "; ", for spreadsheets, every
  text cell written by the one rule of `SPREADSHEET_RULE` (no cell is read as a formula);
- `datapackage.json`: a Frictionless Data Package describing every CSV and its fields;
- `activities-iati.json`: activities mapped to IATI activity fields (participating-org roles,
  activity-status codes, years, recipient countries, DAC sector 15190 where it applies);
- `activities.iati.xml`: the activities IATI 2.03 can take as recorded, when the identity block
  names the reporting organisation (`macros/export/iati.py`).
"""

from __future__ import annotations

import json
import types
import typing
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..config import Identity
from ..evidence import Evidence
from ..model import COLLECTIONS, Activity, Record, SourceRef, field_choices
from ..render.text import N_
from .iati import IATI_FILE, IatiExport, iati_export

# IATI code lists: OrganisationRole and ActivityStatus.
IATI_ROLE = {"funding": "1", "accountable": "2", "extending": "3", "implementing": "4"}
IATI_STATUS = {"pipeline": "1", "implementation": "2", "finalisation": "3", "closed": "4",
               "cancelled": "5", "suspended": "6"}
DAC_MIGRATION = {"code": "15190", "vocabulary": "1",
                 "name": "Facilitation of orderly, safe, regular and responsible migration and "
                         "mobility"}
# Themes whose activities fall under DAC 15190 (migration governance and mobility). Activities
# only on, say, health or education keep no sector rather than a guessed one.
MIGRATION_THEMES = frozenset({
    "migration-governance", "labour-migration", "trafficking-in-persons", "migrant-smuggling",
    "border-management", "international-protection", "integration", "return-and-reintegration",
    "humanitarian-response", "migration-data", "regional-cooperation", "human-rights",
    "remittances-and-diaspora", "xenophobia-and-perceptions", "consular-affairs",
})


class ExportCache:
    """While serving: each record's JSON and CSV text, reused while the record is the same
    object or an equal one (`RecordCache` keeps the records of unchanged files)."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], tuple[Record, str, str]] = {}


def export_files(evidence: Evidence, cache: ExportCache | None = None, *,
                 identity: Identity | None = None,
                 iati: list[IatiExport] | None = None) -> dict[str, str]:
    """Every download by file name, in order: JSON and CSV per collection, the package, IATI.

    `identity`: who publishes the review; the IATI XML file is written when it names the
    reporting organisation. `iati`: a list that receives what the IATI export left out.
    """
    files: dict[str, str] = {}
    resources = []
    rows = cache.rows if cache is not None else {}
    for collection, model in COLLECTIONS.items():
        records = sorted(evidence.records[collection].values(), key=lambda r: r.id)
        names = list(model.model_fields)
        numeric = _numeric_columns(model)
        texts = []
        for record in records:
            key = (collection, record.id)
            kept = rows.get(key)
            if kept is None or kept[0] != record:
                kept = (record, _json_item(record.model_dump(mode="json")),
                        _csv_row([cell(getattr(record, n)) for n in names], numeric))
                if cache is not None:
                    rows[key] = kept
            texts.append(kept)
        # The same text as json.dumps(list, indent=2), made of one piece per record.
        items = ",\n".join(t[1] for t in texts)
        files[f"{collection}.json"] = f"[\n{items}\n]\n" if items else "[]\n"
        files[f"{collection}.csv"] = (_csv_row(names, [False] * len(names))
                                      + "".join(t[2] for t in texts))
        resources.append(_resource(collection, model, f"{collection}.csv"))
    if cache is not None:  # forget deleted records
        for key in [k for k in rows if k[1] not in evidence.records[k[0]]]:
            del rows[key]
    files["datapackage.json"] = _json({
        "name": "lac-migration-evidence",
        "title": "Migration governance in Latin America and the Caribbean: evidence records",
        "description": SPREADSHEET_RULE,
        "profile": "tabular-data-package",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                      "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "resources": resources})
    files["activities-iati.json"] = _json(iati_activities(evidence))
    result = iati_export(evidence, identity or Identity())
    if result.xml is not None:
        files[IATI_FILE] = result.xml
    if iati is not None:
        iati.append(result)
    return files


def export_data(evidence: Evidence, directory: Path, *, identity: Identity | None = None,
                iati: list[IatiExport] | None = None) -> list[Path]:
    """Write every download into `directory`; return the files written, in order."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in export_files(evidence, identity=identity, iati=iati).items():
        path = directory / name
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written


def _json(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def _json_item(data: object) -> str:
    """`data` as an item of a JSON list written with indent=2 (strings hold no newline)."""
    return "  " + json.dumps(data, indent=2, ensure_ascii=False).replace("\n", "\n  ")


# ---------------------------------------------------------------------------------------------
# CSV


# Cells a spreadsheet reads as a formula (OWASP, "CSV Injection": = + - @ tab, carriage return,
# line feed); OWASP does not list the full-width signs, but spreadsheets that convert full-width
# input (East Asian locales) may read them as the signs, and one more quote costs nothing.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
TEXT_MARK = "'"
SPREADSHEET_RULE = N_(
    "In the CSV files, every text cell is in double quotes, and a text cell that starts with "
    "=, +, -, @, a tab, a carriage return or a line feed (or the full-width ＝, ＋, －, ＠), or "
    "with a single quote, has one single quote (') put in front of it, so that a spreadsheet "
    "shows it as text instead of running it as a formula. To read the original text, remove "
    "that one leading single quote from a text cell that starts with one. Numbers (the fields "
    "of type number or integer in datapackage.json, such as a figure's value, which may be "
    "negative) are written as they are, without quotes.")
"""The one rule every CSV download follows, said on the Data downloads page and in the
data package."""


def spreadsheet_text(text: str) -> str:
    """A text cell as written: one single quote in front when it could start a formula (or
    starts with a quote already, so that removing one quote always gives the original)."""
    return TEXT_MARK + text if text.startswith((*FORMULA_STARTS, TEXT_MARK)) else text


def _csv_row(values: list[str], numeric: list[bool]) -> str:
    """One CSV line: numbers bare, text quoted (RFC 4180) so that no separator inside it, a
    comma or the semicolon some spreadsheets split on, can start a new cell."""
    cells = (v if is_number else '"' + spreadsheet_text(v).replace('"', '""') + '"'
             for v, is_number in zip(values, numeric, strict=True))
    return ",".join(cells) + "\n"


def _numeric_columns(model: type[Record]) -> list[bool]:
    """Which columns hold numbers, by the field's type (never by what its text looks like)."""
    return [_frictionless_type(info.annotation) in ("number", "integer")
            for info in model.model_fields.values()]


def cell(value: Any) -> str:
    """One value as spreadsheet text: lists joined with '; ', mappings as 'k: v' pairs."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, SourceRef):
        return f"{value.key} ({value.locator})"
    if isinstance(value, BaseModel):
        parts = value.model_dump(mode="json", exclude_defaults=True)
        if set(parts) == {"organisation", "role"}:
            return f"{parts['organisation']} ({parts['role']})"
        return ", ".join(f"{k}: {cell(v)}" for k, v in parts.items())
    if isinstance(value, list):
        return "; ".join(cell(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {cell(v)}" for k, v in value.items())
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _resource(collection: str, model: type[Record], path: str) -> dict[str, Any]:
    fields = []
    for name, info in model.model_fields.items():
        field: dict[str, Any] = {"name": name, "type": _frictionless_type(info.annotation)}
        if info.description:
            field["description"] = info.description
        choices = field_choices(info.annotation)
        if choices and field["type"] == "string":
            field["constraints"] = {"enum": choices, **({"required": True}
                                                          if info.is_required() else {})}
        elif info.is_required():
            field["constraints"] = {"required": True}
        fields.append(field)
    return {"name": collection, "path": path, "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "description": (model.__doc__ or "").strip().splitlines()[0],
            "schema": {"fields": fields, "primaryKey": "id"}}


def _frictionless_type(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _frictionless_type(args[0]) if len(args) == 1 else "string"
    if origin is typing.Annotated:
        return _frictionless_type(typing.get_args(annotation)[0])
    if annotation is bool:
        return "boolean"
    if annotation is int:
        return "integer"
    if annotation is float:
        return "number"
    if annotation is date:
        return "date"
    return "string"




# ---------------------------------------------------------------------------------------------
# IATI-style activities


def iati_activities(evidence: Evidence) -> list[dict[str, Any]]:
    """Activities as IATI activity fields (a mapping for reuse, not an IATI XML publication)."""
    out = []
    for activity in sorted(evidence.records["activities"].values(), key=lambda r: r.id):
        assert isinstance(activity, Activity)
        out.append(_iati(evidence, activity))
    return out


def _iati(evidence: Evidence, activity: Activity) -> dict[str, Any]:
    orgs = evidence.records["organisations"]
    item: dict[str, Any] = {
        "identifier": activity.id,
        "title": activity.title,
        "description": activity.description or "",
        "participating-org": [
            {"ref": p.organisation, "narrative": orgs[p.organisation].label,
             **({"role": IATI_ROLE[p.role]} if p.role in IATI_ROLE else {"role": None,
                                                                         "note": "partner"})}
            for p in activity.participants],
        "activity-status": IATI_STATUS.get(activity.status or ""),
        "activity-date": [d for d in (
            {"type": "start", "year": activity.period.start} if activity.period and
            activity.period.start else None,
            {"type": "end", "year": activity.period.end} if activity.period and
            activity.period.end else None) if d],
        "recipient-country": [{"code": c} for c in activity.countries],
        "sector": [DAC_MIGRATION] if MIGRATION_THEMES & set(activity.themes) else [],
        "budget": [{"value": b.amount, "currency": b.currency, "provider-org": b.funder}
                   for b in activity.budget],
        "sources": [s.model_dump() for s in activity.sources],
    }
    return item
