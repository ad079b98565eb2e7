"""`evidence import iati FILE.xml [--activity ID] --url URL --retrieved DATE [--root PATH]`.

Reads an IATI activity file published by someone else and writes draft records for a person to
review: one activity record per IATI activity, and an organisation record for each
participating organisation the project does not have yet (matched by IATI identifier). Every
statement keeps its provenance: a `@dataset` entry for the file in `bibliography.bib` (its URL
and the day it was retrieved, as given on the command line: neither is guessed), the activity's
IATI identifier as the locator, and `iati_identifier` on the records. The records are drafts
(`draft:` with where and when they were imported, no `last_reviewed`), so they show as "not yet
reviewed" on their pages and on Needs review until someone checks them.

The file is read with the network off, no DTD, no external or internal entities (a file with a
DOCTYPE is refused) and no entity expansion; it must be well-formed and valid against the IATI
2.03 schema, else every problem is reported with the file, line and column and nothing is
written. Registered by one line of commands.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from lxml import etree

from ..errors import EvidenceError, Problem, printable
from ..evidence import load_evidence
from ..export.iati import BUDGET_TYPE, DATE_TYPE, ROLE, STATUS, codes, schema
from ..model import Organisation
from ..model.geography import UnknownCountry, normalise_country
from . import commands
from .help import add_command, add_path

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FILE_MAX = 50_000_000
"""Bytes of the largest file read (IATI files of whole publishers run to tens of MB)."""
ORG_KIND = {"10": "government", "11": "government", "21": "ngo", "22": "ngo", "23": "ngo",
            "24": "ngo", "40": "intergovernmental-organisation", "70": "private-sector",
            "71": "private-sector", "72": "private-sector", "73": "private-sector",
            "80": "research-centre"}
"""The model's organisation kind for an IATI OrganisationType code, where one says the same;
any other code (or none) gives `other`, and the note says so."""
_BY_CODE = {name: {code: word for word, code in table.items()}
            for name, table in (("role", ROLE), ("status", STATUS), ("date", DATE_TYPE),
                                ("budget", BUDGET_TYPE))}


class IatiFileError(EvidenceError):
    """The file cannot be imported: every problem, located."""


@dataclass
class Imported:
    """What an import writes: file path (relative to the project) → text."""

    records: dict[str, str] = field(default_factory=dict)
    bib_key: str = ""
    bib_entry: str = ""
    notes: list[str] = field(default_factory=list)


def slug(text: str, limit: int = 80) -> str:
    """Lowercase letters, digits and single hyphens (a record id or a citation key)."""
    out = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return out[:limit].rstrip("-") or "x"


def read_iati(path: Path, shown: str) -> etree._ElementTree:
    """The file, parsed safely and valid against IATI 2.03; IatiFileError with every problem."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IatiFileError([Problem(shown, 0, 0, "",
                                     f"cannot read: {exc.strerror or exc}")]) from None
    if len(data) > FILE_MAX:
        raise IatiFileError([Problem(shown, 0, 0, "", f"expected at most {FILE_MAX:,} bytes, "
                                    f"got {len(data):,}")])
    doctype = data.find(b"<!DOCTYPE")
    if doctype >= 0:  # before parsing: no entity is declared, read or expanded at all
        line = data.count(b"\n", 0, doctype) + 1
        column = doctype - (data.rfind(b"\n", 0, doctype) + 1) + 1
        raise IatiFileError([Problem(shown, line, column, "", "expected an IATI file without "
                                     "a DOCTYPE, got one (entities are not accepted)",
                                     "IATI files have no DOCTYPE; this one may try to read "
                                     "other files or expand entities")])
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             dtd_validation=False, huge_tree=False, remove_comments=True,
                             remove_pis=True)
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser))
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (exc.lineno or 1, 1)
        raise IatiFileError([Problem(shown, line or 1, max(column, 1), "",
                                    f"expected well-formed XML, got {exc.msg}",
                                    "the file is not XML, or is cut short")]) from None
    checker = schema()
    if not checker.validate(tree):
        problems = [Problem(shown, e.line or 1, max(e.column, 1), e.path.rsplit("/", 1)[-1]
                            if e.path else "", f"expected IATI 2.03, got: {e.message}")
                    for e in checker.error_log]
        raise IatiFileError(problems or [Problem(shown, 1, 1, "", "expected IATI 2.03")])
    return tree


def narrative(element: etree._Element | None, lang: str = "en") -> str:
    """The element's narrative in `lang`, else its first one ("" when none)."""
    if element is None:
        return ""
    texts = [(n.get(XML_LANG), " ".join((n.text or "").split()))
             for n in element.iterfind("narrative")]
    texts = [(lg, t) for lg, t in texts if t]
    for lg, text in texts:
        if lg == lang:
            return text
    return texts[0][1] if texts else ""


def _iso_date(text: str | None) -> str | None:
    try:
        return dt.date.fromisoformat(text or "").isoformat()
    except ValueError:
        return None


def import_activities(root: Path, tree: etree._ElementTree, source_name: str, url: str,
                      retrieved: dt.date, wanted: str | None, today: dt.date) -> Imported:
    """The draft records and the bibliography entry for the activities of `tree`."""
    evidence = load_evidence(root)
    activities = tree.getroot().findall("iati-activity")
    if wanted is not None:
        activities = [a for a in activities if (a.findtext("iati-identifier") or "").strip()
                      == wanted]
        if not activities:
            raise IatiFileError([Problem(source_name, 1, 1, "", f"expected an activity "
                                        f"{wanted!r}, got none with that iati-identifier")])
    first = activities[0]
    reporter = first.find("reporting-org")
    reporter_ref = reporter.get("ref", "") if reporter is not None else ""
    reporter_name = narrative(reporter) or reporter_ref
    generated = (tree.getroot().get("generated-datetime") or "")[:10]
    out = Imported()
    out.bib_key = slug(f"iati-{reporter_ref}-{Path(source_name).stem}")
    out.bib_entry = "" if out.bib_key in evidence.bibliography else _bib_entry(
        out.bib_key, reporter_name, source_name, url, retrieved, generated)
    by_iati = {o.iati_identifier: o.id for o in evidence.records["organisations"].values()
               if isinstance(o, Organisation) and o.iati_identifier}
    taken = {f"{c}/{i}" for c, records in evidence.records.items() for i in records}
    new_orgs: dict[str, dict[str, Any]] = {}
    for activity in activities:
        identifier = (activity.findtext("iati-identifier") or "").strip()
        ident = slug(identifier)
        if f"activities/{ident}" in taken:
            raise IatiFileError([Problem(f"evidence/activities/{ident}.yaml", 1, 1, "id",
                                        f"expected a new activity, got {ident!r}, which the "
                                        "project has", "remove or rename the record first")])
        source = {"key": out.bib_key, "locator": f"iati-activity {identifier}"}
        record, orgs = _activity(activity, identifier, ident, source, source_name, by_iati,
                                 new_orgs, today, out.notes)
        new_orgs.update(orgs)
        out.records[f"evidence/activities/{ident}.yaml"] = _yaml("activities", record)
    for org_id, org in new_orgs.items():
        if f"organisations/{org_id}" not in taken:
            out.records[f"evidence/organisations/{org_id}.yaml"] = _yaml("organisations", org)
    return out


def _activity(activity: etree._Element, identifier: str, ident: str, source: dict[str, str],
              source_name: str, by_iati: dict[str, str], new_orgs: dict[str, dict[str, Any]],
              today: dt.date, notes_out: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    lang = activity.get(XML_LANG) or "en"
    draft = {"imported_from": f"IATI activity {identifier} ({source_name})",
             "imported_on": today.isoformat()}
    notes = ["Imported from IATI: the kind of activity is not an IATI field, so it is "
             "recorded as 'other'; themes are left for the reviewer."]
    participants, orgs = [], {}
    for org in activity.iterfind("participating-org"):
        role = _BY_CODE["role"].get(org.get("role", ""))
        name = narrative(org, lang)
        ref = (org.get("ref") or "").strip()
        if not name:
            notes.append(f"A participating organisation without a name (ref {ref!r}) is not "
                         "recorded." if ref else "A participating organisation without a name "
                         "or identifier is not recorded.")
            continue
        org_id = by_iati.get(ref) or slug(ref if _IATI_ORG.fullmatch(ref) else name)
        if org_id not in by_iati.values() and org_id not in new_orgs:
            orgs[org_id] = _organisation(org, org_id, name, ref, source, draft)
        if role and {"organisation": org_id, "role": role} not in participants:
            participants.append({"organisation": org_id, "role": role})
    record: dict[str, Any] = {"id": ident, "title": narrative(activity.find("title"), lang)
                              or identifier, "kind": "other"}
    if participants:
        record["participants"] = participants
    countries = []
    for country in activity.iterfind("recipient-country"):
        code = country.get("code", "")
        try:
            countries.append(normalise_country(code))
        except UnknownCountry:
            notes.append(f"Recipient country code {code!r} is not an ISO 3166-1 code.")
    if countries:
        record["countries"] = list(dict.fromkeys(countries))
    dates = [{"type": _BY_CODE["date"][d.get("type", "")], "date": day, "sources": [source]}
             for d in activity.iterfind("activity-date")
             if d.get("type") in _BY_CODE["date"] and (day := _iso_date(d.get("iso-date")))]
    if dates:
        record["dates"] = dates
    status = activity.find("activity-status")
    if status is not None and status.get("code") in _BY_CODE["status"]:
        record["status"] = _BY_CODE["status"][status.get("code", "")]
        record["status_source"] = source
    record["iati_identifier"] = identifier
    budgets = []
    currency = activity.get("default-currency")
    for b in activity.iterfind("budget"):
        value = b.find("value")
        try:
            amount = float((value.text or "") if value is not None else "")
        except ValueError:
            continue
        unit = (value.get("currency") if value is not None else None) or currency
        if amount <= 0 or unit not in codes("Currency"):
            notes.append(f"A budget of {amount:g} {unit or '(no currency)'} is not recorded "
                         "(the model takes positive amounts in an ISO 4217 currency).")
            continue
        line: dict[str, Any] = {"amount": amount, "currency": unit, "sources": [source]}
        for key, tag in (("period_start", "period-start"), ("period_end", "period-end")):
            period = b.find(tag)
            if period is not None and (day := _iso_date(period.get("iso-date"))):
                line[key] = day
        if value is not None and (day := _iso_date(value.get("value-date"))):
            line["value_date"] = day
        if b.get("type") in _BY_CODE["budget"]:
            line["type"] = _BY_CODE["budget"][b.get("type", "")]
        budgets.append(line)
    if budgets:
        record["budget"] = budgets
    description = narrative(activity.find("description"), lang)
    if description:
        record["description"] = description
    record["notes"] = notes
    record["sources"] = [source]
    record["draft"] = draft
    notes_out += [f"{ident}: {n}" for n in notes[1:]]
    return record, orgs


_IATI_ORG = re.compile(r"[A-Za-z]{2}(-[A-Za-z0-9._]+)+")


def _organisation(org: etree._Element, org_id: str, name: str, ref: str,
                  source: dict[str, str], draft: dict[str, str]) -> dict[str, Any]:
    kind_code = org.get("type", "")
    record: dict[str, Any] = {"id": org_id, "name": name,
                              "kind": ORG_KIND.get(kind_code, "other")}
    if _IATI_ORG.fullmatch(ref):
        record["iati_identifier"] = ref
    if kind_code in codes("OrganisationType"):
        record["iati_type"] = kind_code
    record["notes"] = [f"Imported from IATI (participating-org{f' {ref}' if ref else ''}, "
                       f"type {kind_code or 'not given'}): kind "
                       f"'{record['kind']}' is read from the IATI organisation type."]
    record["sources"] = [source]
    record["draft"] = draft
    return record


def _bib_entry(key: str, author: str, name: str, url: str, retrieved: dt.date,
               generated: str) -> str:
    def value(text: str) -> str:  # braces and backslashes of a stranger's text would be BibTeX
        return re.sub(r"[{}\\%]", "", " ".join(text.split()))

    fields = [("author", "{" + value(author) + "}"),
              ("title", f"IATI activity file {value(name)}"),
              ("url", value(url)), ("urldate", retrieved.isoformat()),
              ("note", "IATI Standard activity file" + (f", generated {generated}"
                                                       if _iso_date(generated) else ""))]
    if _iso_date(generated):
        fields.append(("year", generated[:4]))
    body = ",\n".join(f"  {k:<8} = {{{v}}}" for k, v in fields)
    return f"\n@dataset{{{key},\n{body}\n}}\n"


class _Dumper(yaml.SafeDumper):
    """Every value written out: records take no anchors and aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _yaml(collection: str, record: dict[str, Any]) -> str:
    head = f"# yaml-language-server: $schema=../../schemas/{collection}.schema.json\n"
    return head + yaml.dump(record, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                            width=96)


def write(root: Path, imported: Imported, bibliography: str = "bibliography.bib") -> None:
    """Write the records and the entry, check the project, and undo everything on an error."""
    bib = root / bibliography
    before = bib.read_text(encoding="utf-8") if bib.exists() else ""
    written: list[Path] = []
    try:
        for rel, text in imported.records.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8") as f:  # never replace a record
                written.append(path)
                f.write(text)
        if imported.bib_entry:
            bib.write_text(before + imported.bib_entry, encoding="utf-8")
        load_evidence(root)
    except (EvidenceError, OSError):
        for path in written:
            path.unlink(missing_ok=True)
        if imported.bib_entry:
            bib.write_text(before, encoding="utf-8")
        raise


def cmd_import_iati(args: argparse.Namespace) -> int:
    root = commands._project_root(Path(args.path))
    try:
        retrieved = dt.date.fromisoformat(args.retrieved)
    except ValueError:
        raise commands.Stop(args.retrieved, "--retrieved: expected a date YYYY-MM-DD",
                            "the day the file was downloaded from --url",
                            commands.USAGE) from None
    if not re.fullmatch(r"https?://\S+", args.url):
        raise commands.Stop(args.url, "--url: expected an http or https address",
                            "where the file was downloaded from", commands.USAGE)
    path = Path(args.file)
    tree = read_iati(path, printable(path.name))
    imported = import_activities(root, tree, path.name, args.url, retrieved, args.activity,
                                 dt.date.today())
    write(root, imported)
    activities = sum(1 for p in imported.records if p.startswith("evidence/activities/"))
    print(f"wrote {activities} draft activity record(s) and "
          f"{len(imported.records) - activities} draft organisation record(s)"
          + (f", and the bibliography entry {imported.bib_key}" if imported.bib_entry else
             f"; bibliography entry {imported.bib_key} kept"))
    for rel in imported.records:
        print(f"  {rel}")
    for note in imported.notes:
        print(printable(f"  note: {note}"))
    print("They are drafts: review each against the file, then replace `draft:` with "
          "`last_reviewed:`.")
    return 0


def register(sub: Any) -> None:
    """The `import` subcommand (`import iati`), added to the CLI's subparsers."""
    importer = add_command(
        sub, "import", "write draft records from another standard's file",
        "Write draft records from a file of another standard, for a person to review: "
        "`import iati` reads an IATI 2.03 activity file. The records it writes carry `draft:` "
        "instead of `last_reviewed:` and are listed on Needs review.",
        [("evidence import iati activities.xml --url https://example.org/activities.xml "
          "--retrieved 2026-12-01", "draft records for every activity of an IATI file")])
    kinds = importer.add_subparsers(dest="standard", required=True, metavar="STANDARD")
    iati = add_command(
        kinds, "iati", "draft activity and organisation records from an IATI activity file",
        "Read an IATI 2.03 activity file (validated against the schema, no network, no "
        "entities) and write draft records with provenance: the IATI identifiers, a @dataset "
        "bibliography entry for the file, the activity identifier as locator. Existing records "
        "are never replaced.",
        [("evidence import iati activities.xml --url https://example.org/activities.xml "
          "--retrieved 2026-12-01", "draft records for every activity of the file"),
         ("evidence import iati activities.xml --url URL --retrieved 2026-12-01 "
          "--activity XM-DAC-7-PPR-4000003680 ../review",
          "one activity, into the project in ../review")])
    iati.add_argument("file", help="the IATI activity file (XML)")
    iati.add_argument("--activity", help="import only this iati-identifier")
    iati.add_argument("--url", required=True, help="where the file was downloaded from")
    iati.add_argument("--retrieved", required=True,
                      help="day it was downloaded (YYYY-MM-DD), for the bibliography entry")
    add_path(iati)
    iati.set_defaults(func=cmd_import_iati)
