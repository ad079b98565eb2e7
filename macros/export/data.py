"""Data downloads: every collection as CSV and JSON, a Frictionless data package, IATI-style.

`export_data(evidence, directory)` writes:

- `<collection>.json`: the records as the model holds them (ids, nested lists and all);
- `<collection>.csv`: one row per record, lists and nested fields as JSON in their cell (they
  split back to the JSON file's value), every text cell written by the one rule of
  `SPREADSHEET_RULE` (no cell is read as a formula), with a UTF-8 byte order mark for Excel;
- `<collection>-<field>.csv`: every link between records held in a list or nested field, one
  row per link, declared as foreign keys (`CSV_FORMAT`);
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
from ..model import COLLECTIONS, Activity, Record, field_choices
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
                dumped = record.model_dump(mode="json")
                kept = (record, _json_item(dumped),
                        _csv_row([cell(dumped[n]) for n in names], numeric))
                if cache is not None:
                    rows[key] = kept
            texts.append(kept)
        # The same text as json.dumps(list, indent=2), made of one piece per record.
        items = ",\n".join(t[1] for t in texts)
        files[f"{collection}.json"] = f"[\n{items}\n]\n" if items else "[]\n"
        files[f"{collection}.csv"] = (BOM + _csv_row(names, [False] * len(names))
                                      + "".join(t[2] for t in texts))
        resources.append(_resource(collection, model, f"{collection}.csv",
                                   _scalar_keys(collection, records)))
    for name, (source, target, links) in _link_tables(evidence).items():
        files[f"{name}.csv"] = BOM + _csv_row(["id", "path", "ref"], [False] * 3) + "".join(
            _csv_row(list(link), [False] * 3) for link in links)
        resources.append(_link_resource(name, source, target))
    if cache is not None:  # forget deleted records
        for key in [k for k in rows if k[1] not in evidence.records[k[0]]]:
            del rows[key]
    files["datapackage.json"] = _json({
        "name": "lac-migration-evidence",
        "title": "Migration governance in Latin America and the Caribbean: evidence records",
        "description": f"{SPREADSHEET_RULE} {CSV_FORMAT}",
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
    """Write every download into `directory`, and the XLSX edition in English and Spanish
    (`evidence.xlsx`, `evidence.es.xlsx`); return the files written, in order."""
    from ..render.text import writing_language
    from .xlsx import workbook

    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in export_files(evidence, identity=identity, iati=iati).items():
        path = directory / name
        path.write_text(content, encoding="utf-8")
        written.append(path)
    for lang, name in (("en", "evidence.xlsx"), ("es", "evidence.es.xlsx")):
        with writing_language(lang):
            (directory / name).write_bytes(workbook(evidence))
        written.append(directory / name)
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
BOM = "\ufeff"
"""Each CSV file starts with it, so that Excel reads the file as UTF-8 ("Panamá")."""
CSV_FORMAT = N_(
    "A list or a nested field (type array or object in datapackage.json) is written in its "
    "cell as JSON, the same value as in the JSON file, so that it splits back exactly; an empty "
    "cell is a field left out. Every CSV file starts with a UTF-8 byte order mark, so that "
    "Excel shows accented letters right. Each link from a record to another in a list or a "
    "nested field is also a row of a long table named after the collection and the field (for "
    "example activities-participants.csv: the record's id, where the link is in the record, "
    "and the id it links to), and datapackage.json declares these links as foreign keys.")
"""How the CSV files hold lists and links, said beside the spreadsheet rule."""
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
    return [frictionless_type(info.annotation) in ("number", "integer")
            for info in model.model_fields.values()]


def cell(value: Any) -> str:
    """One JSON value (as `model_dump(mode="json")` gives it) as the text of its cell: a list
    or a mapping as its JSON, so that it splits back to exactly that value; null as an empty
    cell; true and false; a whole number without '.0'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _scalar_keys(collection: str, records: list[Record]) -> list[dict[str, Any]]:
    """Foreign keys of the columns that hold one other record's id (e.g. `parent`)."""
    targets: dict[str, str] = {}
    for record in records:
        for ref in record.references():
            if len(ref.loc) == 1 and ref.collection in COLLECTIONS:
                targets.setdefault(str(ref.loc[0]), ref.collection)
    return [{"fields": field, "reference": {"resource": target, "fields": "id"}}
            for field, target in sorted(targets.items())]


def _link_tables(evidence: Evidence) -> dict[str, tuple[str, str, list[tuple[str, str, str]]]]:
    """Every link from a record to another held in a list or a nested field, as long tables
    by (collection, field): the record's id, where the link is in it, the id it links to. A
    field linking to records of several collections (a figure's `about`) has one table per
    collection it links to, named with that collection at the end."""
    found: dict[tuple[str, str, str], list[tuple[str, str, str]]] = {}
    for collection in COLLECTIONS:
        for record in sorted(evidence.records[collection].values(), key=lambda r: r.id):
            for ref in record.references():
                if len(ref.loc) == 1 or ref.collection not in COLLECTIONS:
                    continue
                found.setdefault((collection, str(ref.loc[0]), ref.collection), []).append(
                    (record.id, "/".join(map(str, ref.loc)), ref.id))
    targets: dict[tuple[str, str], int] = {}
    for collection, name, _target in found:
        targets[collection, name] = targets.get((collection, name), 0) + 1
    tables = {}
    for (collection, name, target), links in found.items():
        table = f"{collection}-{name}".replace("_", "-")
        if targets[collection, name] > 1:
            table += f"-{target}"
        tables[table] = (collection, target, links)
    return dict(sorted(tables.items()))


def _link_resource(name: str, source: str, target: str) -> dict[str, Any]:
    required = {"required": True}
    return {"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "description": f"Links from {source} to {target}, one row per link.",
            "schema": {"fields": [
                {"name": "id", "type": "string", "constraints": required,
                 "description": f"Id of the record in {source}."},
                {"name": "path", "type": "string", "constraints": required,
                 "description": "Where the link is in the record, e.g. participants/0/"
                 "organisation (a JSON Pointer without its leading /)."},
                {"name": "ref", "type": "string", "constraints": required,
                 "description": f"Id of the record it links to, in {target}."}],
                "primaryKey": ["id", "path"],
                "foreignKeys": [
                    {"fields": "id", "reference": {"resource": source, "fields": "id"}},
                    {"fields": "ref", "reference": {"resource": target, "fields": "id"}}]}}


def _resource(collection: str, model: type[Record], path: str,
              foreign_keys: list[dict[str, Any]]) -> dict[str, Any]:
    fields = []
    for name, info in model.model_fields.items():
        field: dict[str, Any] = {"name": name, "type": frictionless_type(info.annotation)}
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
            "schema": {"fields": fields, "primaryKey": "id",
                       **({"foreignKeys": foreign_keys} if foreign_keys else {})}}


def frictionless_type(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return frictionless_type(args[0]) if len(args) == 1 else "string"
    if origin is typing.Annotated:
        return frictionless_type(typing.get_args(annotation)[0])
    if origin is list:
        return "array"
    if origin is dict or (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
        return "object"
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
