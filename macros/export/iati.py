"""The activities as an IATI 2.03 activity file (`activities.iati.xml`).

The review reports on other organisations' activities, so it is a secondary reporter: the
reporting organisation is the review's publisher (`identity.iati` and `identity.organisation` in
mkdocs.yml), each activity's identifier is that organisation's identifier, '-', the record's id.
Only what the records hold goes into the file. IATI requires, for every activity, a
description, a participating organisation with a role, a status and at least one activity date
(a day, not a year): an activity whose records lack one is left out, with the reason, never
filled with a guess. Parts IATI cannot take as recorded (a participant with no IATI role, a
budget without its period and value date) are dropped from the activity, with the reason.

The schema and the codelists the file uses are vendored in `macros/data/iati/` (README there).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from lxml import etree

from ..config import Identity
from ..evidence import Evidence
from ..model import Activity, Organisation

IATI_DIR = Path(__file__).resolve().parent.parent / "data" / "iati"
SCHEMA = IATI_DIR / "iati-activities-schema.xsd"
CODELISTS = IATI_DIR / "codelists"
IATI_FILE = "activities.iati.xml"
VERSION = "2.03"

# Codes of the codelists in CODELISTS, by the model's words.
ROLE = {"funding": "1", "accountable": "2", "extending": "3", "implementing": "4"}
STATUS = {"pipeline": "1", "implementation": "2", "finalisation": "3", "closed": "4",
          "cancelled": "5", "suspended": "6"}
DATE_TYPE = {"planned-start": "1", "actual-start": "2", "planned-end": "3", "actual-end": "4"}
BUDGET_TYPE = {"original": "1", "revised": "2"}
DAC_5_DIGIT = "1"  # SectorVocabulary: OECD DAC CRS purpose codes (5 digit)
DAC_MIGRATION = "15190"
# Themes whose activities fall under DAC 15190 (facilitation of orderly, safe, regular and
# responsible migration and mobility). Activities only on, say, health keep no sector.
MIGRATION_THEMES = frozenset({
    "migration-governance", "labour-migration", "trafficking-in-persons", "migrant-smuggling",
    "border-management", "international-protection", "integration", "return-and-reintegration",
    "humanitarian-response", "migration-data", "regional-cooperation", "human-rights",
    "remittances-and-diaspora", "xenophobia-and-perceptions", "consular-affairs",
})


@dataclass
class IatiExport:
    """The file (None when it cannot be written) and what was left out, and why."""

    xml: str | None
    exported: list[str] = field(default_factory=list)
    left_out: dict[str, list[str]] = field(default_factory=dict)
    """Activity id → why it is not in the file."""
    dropped: dict[str, list[str]] = field(default_factory=dict)
    """Activity id → parts of an exported activity that are not in the file, and why."""
    not_written: str = ""
    """Why no file is written at all ("" when it is)."""

    def report(self) -> list[str]:
        """Lines for the command line: the counts, then each activity left out and why."""
        lines = [f"{IATI_FILE}: {len(self.exported)} activities exported, "
                 f"{len(self.left_out)} left out"] if self.xml is not None else [
                 f"{IATI_FILE} not written: {self.not_written}"]
        lines += [f"  left out {a}: {'; '.join(why)}" for a, why in self.left_out.items()]
        lines += [f"  in {a}, not exported: {'; '.join(why)}" for a, why in self.dropped.items()]
        return lines


def iati_export(evidence: Evidence, identity: Identity) -> IatiExport:
    """The activity file of `evidence`, reported by the review's publisher in `identity`."""
    publisher = identity.iati
    missing = [name for name, value in (("identity.iati.identifier", publisher.identifier),
                                        ("identity.iati.type", publisher.type),
                                        ("identity.organisation", identity.organisation))
               if not value]
    if missing:
        return IatiExport(None, not_written=f"{', '.join(missing)} not set in mkdocs.yml (IATI "
                          "needs the reporting organisation's identifier, type and name)")
    if publisher.type not in codes("OrganisationType"):
        return IatiExport(None, not_written=f"identity.iati.type {publisher.type!r} is not an "
                          "IATI OrganisationType code")
    result = IatiExport(None)
    root = etree.Element("iati-activities", version=VERSION)
    root.append(etree.Comment(
        " The activities recorded by a living evidence review, from its sources; the review "
        "is a secondary reporter. "))
    orgs = evidence.records["organisations"]
    for activity in sorted(evidence.records["activities"].values(), key=lambda r: r.id):
        assert isinstance(activity, Activity)
        element, why, dropped = _activity(activity, orgs, identity)
        if element is None:
            result.left_out[activity.id] = why
            continue
        root.append(element)
        result.exported.append(activity.id)
        if dropped:
            result.dropped[activity.id] = dropped
    if not result.exported:  # IATI has no empty activity file
        result.not_written = (f"none of the {len(result.left_out)} activities has what IATI "
                              "requires")
        return result
    result.xml = etree.tostring(root, pretty_print=True, xml_declaration=True,
                                encoding="UTF-8").decode("utf-8")
    return result


def _activity(activity: Activity, orgs: Mapping[str, object], identity: Identity
              ) -> tuple[etree._Element | None, list[str], list[str]]:
    why: list[str] = []
    dropped: list[str] = []
    if not activity.description:
        why.append("no description")
    participants = []
    for p in activity.participants:
        org = orgs.get(p.organisation)
        if p.role not in ROLE:
            dropped.append(f"participant {p.organisation} (role '{p.role}' has no IATI "
                           "OrganisationRole code)")
        elif isinstance(org, Organisation):
            participants.append((org, ROLE[p.role]))
    if not participants:
        why.append("no participating organisation with an IATI role (funding, accountable, "
                   "extending or implementing)")
    if activity.status is None:
        why.append("no activity status stated by a source")
    elif activity.status_source is None:
        why.append("status has no source locator (status_source)")
    if not activity.dates:
        why.append("no activity date given as a day by a source" +
                   (f" (period {activity.period} gives years only)" if activity.period else ""))
    if why:
        return None, why, dropped

    publisher = identity.iati
    el = etree.Element("iati-activity", {"{http://www.w3.org/XML/1998/namespace}lang": "en"})
    _sub(el, "iati-identifier").text = f"{publisher.identifier}-{activity.id}"
    reporting = _sub(el, "reporting-org", ref=publisher.identifier, type=publisher.type,
                     **{"secondary-reporter": "1"})
    _narrative(reporting, identity.organisation)
    _narrative(_sub(el, "title"), activity.title)
    assert activity.description is not None
    _narrative(_sub(el, "description"), activity.description)
    for org, role in participants:
        attrs = {"role": role}
        if org.iati_identifier:
            attrs["ref"] = org.iati_identifier
        if org.iati_type:
            attrs["type"] = org.iati_type
        _narrative(_sub(el, "participating-org", **attrs), org.name)
    assert activity.status is not None
    _sub(el, "activity-status", code=STATUS[activity.status])
    for d in sorted(activity.dates, key=lambda d: DATE_TYPE[d.type]):
        _sub(el, "activity-date", type=DATE_TYPE[d.type], **{"iso-date": d.date.isoformat()})
    for country in activity.countries:
        _sub(el, "recipient-country", code=country)
    if MIGRATION_THEMES & set(activity.themes):
        _sub(el, "sector", vocabulary=DAC_5_DIGIT, code=DAC_MIGRATION)
    for i, b in enumerate(activity.budget, 1):
        lacking = [name for name in ("period_start", "period_end", "value_date")
                   if getattr(b, name) is None]
        if lacking:
            dropped.append(f"budget {i} (no {', '.join(lacking)} in its sources)")
            continue
        assert b.period_start and b.period_end and b.value_date
        budget = _sub(el, "budget", **({"type": BUDGET_TYPE[b.type]} if b.type else {}))
        _sub(budget, "period-start", **{"iso-date": b.period_start.isoformat()})
        _sub(budget, "period-end", **{"iso-date": b.period_end.isoformat()})
        value = _sub(budget, "value", currency=b.currency,
                     **{"value-date": b.value_date.isoformat()})
        value.text = f"{b.amount:.2f}"
    return el, [], dropped


def _sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, tag, attrs)


def _narrative(parent: etree._Element, text: str) -> None:
    etree.SubElement(parent, "narrative").text = text


@cache
def schema() -> etree.XMLSchema:
    """The IATI 2.03 activity schema (no network: its imports are the vendored files)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.XMLSchema(etree.parse(str(SCHEMA), parser))


@cache
def codes(codelist: str) -> frozenset[str]:
    """The codes of one vendored IATI codelist, e.g. codes("Currency")."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    tree = etree.parse(str(CODELISTS / f"{codelist}.xml"), parser)
    return frozenset(c.text.strip() for c in tree.iterfind(".//codelist-item/code") if c.text)
