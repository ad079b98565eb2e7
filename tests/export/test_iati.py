"""`activities.iati.xml`: IATI 2.03 activities, valid against the official schema, every code
from its codelist, and nothing the records do not hold (an activity IATI cannot take as recorded
is left out, with the reason)."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
import yaml
from helpers import FIXTURES, REPO, copy_mini, evidence_cli
from lxml import etree

from macros.config import Identity
from macros.evidence import load_evidence
from macros.export.iati import iati_export
from macros.model import Activity
from macros.model.records import IatiOrgType

IATI = REPO / "macros" / "data" / "iati"
PUBLISHER = {"organisation": "Fixture Review Group",
             "iati": {"identifier": "XX-TEST-0001", "type": "80"}}


def schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(IATI / "iati-activities-schema.xsd"), parser))


def codelist(name: str) -> set[str]:
    tree = etree.parse(str(IATI / "codelists" / f"{name}.xml"))
    return {str(c.text).strip() for c in tree.iterfind(".//codelist-item/code")}


def set_identity(project: Path, identity: dict[str, object]) -> None:
    path = project / "mkdocs.yml"
    text = path.read_text()
    block = yaml.safe_dump({"evidence": {"identity": identity}}, default_flow_style=True).strip()
    path.write_text(text.replace("  - evidence\n", f"  - {block}\n", 1))


def edit(path: Path, **fields: object) -> None:
    data = yaml.safe_load(path.read_text())
    data.update(fields)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The mini project with an IATI publisher, one complete activity and one without days."""
    root = copy_mini(tmp_path / "mini")
    set_identity(root, PUBLISHER)
    ev = root / "evidence"
    def src() -> list[dict[str, str]]:  # a new list each time: the dump writes no aliases
        return [{"key": "doc-a", "locator": "sec. 4"}]
    edit(ev / "activities" / "project-x.yaml",
         status_source={"key": "doc-a", "locator": "sec. 4, 'is implementing'"},
         dates=[{"type": "actual-start", "date": "2019-03-01", "sources": src()},
                {"type": "planned-end", "date": "2023-12-31", "sources": src()}],
         budget=[{"amount": 25000000, "currency": "USD", "funder": "donor-b", "sources": src(),
                  "period_start": "2019-01-01", "period_end": "2019-12-31",
                  "value_date": "2019-01-01", "type": "original"},
                 {"amount": 1000, "currency": "EUR", "sources": src()}])
    edit(ev / "organisations" / "donor-b.yaml", iati_identifier="XM-DAC-301", iati_type="10")
    (ev / "activities" / "project-y.yaml").write_text(
        "id: project-y\ntitle: Project Y\nkind: project\n"
        "participants: [{organisation: agency-a, role: partner}]\n"
        "period: {start: 2020, end: 2021}\ndescription: Years only.\n"
        "sources: [{key: doc-a, locator: sec. 5}]\nlast_reviewed: 2026-01-15\n")
    return root


def exported(project: Path, tmp_path: Path) -> tuple[etree._ElementTree, str]:
    out = tmp_path / "data"
    result = evidence_cli(project, "export", "-o", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.parse(str(out / "activities.iati.xml"), parser), result.stdout


def test_the_file_is_valid_iati_2_03(project: Path, tmp_path: Path) -> None:
    tree, _ = exported(project, tmp_path)
    checker = schema()
    assert checker.validate(tree), checker.error_log
    assert tree.getroot().get("version") == "2.03"


def test_the_activity_holds_what_its_record_says(project: Path, tmp_path: Path) -> None:
    tree, _ = exported(project, tmp_path)
    (activity,) = tree.getroot().iterfind("iati-activity")
    assert activity.findtext("iati-identifier") == "XX-TEST-0001-project-x"
    org = activity.find("reporting-org")
    assert org is not None
    assert (org.get("ref"), org.get("type"), org.get("secondary-reporter")) == (
        "XX-TEST-0001", "80", "1")
    assert org.findtext("narrative") == "Fixture Review Group"
    assert activity.findtext("title/narrative") == "Project X"
    assert [(p.get("role"), p.get("ref"), p.get("type"), p.findtext("narrative"))
            for p in activity.iterfind("participating-org")] == [
        ("1", "XM-DAC-301", "10", "Donor B"), ("4", None, None, "Agency A")]
    status = activity.find("activity-status")
    assert status is not None and status.get("code") == "2"  # Implementation
    assert [(d.get("type"), d.get("iso-date")) for d in activity.iterfind("activity-date")] == [
        ("2", "2019-03-01"), ("3", "2023-12-31")]
    assert [c.get("code") for c in activity.iterfind("recipient-country")] == ["CO", "EC"]
    # The second budget line has no period: it is not in the file (and not made up).
    (budget,) = activity.iterfind("budget")
    assert budget.get("type") == "1"
    assert [budget.find(t).get("iso-date") for t in ("period-start", "period-end")] == [  # type: ignore[union-attr]
        "2019-01-01", "2019-12-31"]
    value = budget.find("value")
    assert value is not None
    assert (value.text, value.get("currency"), value.get("value-date")) == (
        "25000000.00", "USD", "2019-01-01")


def test_an_activity_lacking_a_required_element_is_left_out_with_the_reason(
        project: Path, tmp_path: Path) -> None:
    tree, stdout = exported(project, tmp_path)
    ids = [a.findtext("iati-identifier") for a in tree.getroot().iterfind("iati-activity")]
    assert ids == ["XX-TEST-0001-project-x"]
    assert "activities.iati.xml: 1 activities exported, 1 left out" in stdout
    line = next(x for x in stdout.splitlines() if "left out project-y" in x)
    assert "no participating organisation with an IATI role" in line
    assert "no activity status" in line
    assert "period 2020–2021 gives years only" in line
    assert "budget 2 (no period_start, period_end, value_date in its sources)" in stdout


def test_every_code_is_in_its_codelist(project: Path, tmp_path: Path) -> None:
    tree, _ = exported(project, tmp_path)
    uses = {"reporting-org/@type": "OrganisationType", "participating-org/@type":
            "OrganisationType", "participating-org/@role": "OrganisationRole",
            "activity-status/@code": "ActivityStatus", "activity-date/@type":
            "ActivityDateType", "recipient-country/@code": "Country", "sector/@vocabulary":
            "SectorVocabulary", "sector/@code": "Sector", "budget/@type": "BudgetType",
            "budget/value/@currency": "Currency"}
    checked = 0
    for path, name in uses.items():
        allowed = codelist(name)
        for code in tree.xpath(f"//iati-activity/{path}"):
            assert code in allowed, (path, code, name)
            checked += 1
    langs = tree.xpath("//@xml:lang")
    assert langs and set(langs) <= codelist("Language")
    assert checked >= 10


def test_the_model_offers_exactly_the_organisation_type_codes() -> None:
    assert set(typing.get_args(IatiOrgType)) == codelist("OrganisationType")


def test_without_a_reporting_organisation_no_file_is_written_and_the_build_says_why(
        tmp_path: Path) -> None:
    project = copy_mini(tmp_path / "mini")
    out = tmp_path / "data"
    result = evidence_cli(project, "export", "-o", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (out / "activities.iati.xml").exists()
    assert ("activities.iati.xml not written: identity.iati.identifier, identity.iati.type, "
            "identity.organisation not set in mkdocs.yml") in result.stdout


def test_the_repository_activities_are_exported_or_left_out_with_reasons() -> None:
    evidence = load_evidence(REPO)
    result = iati_export(evidence, Identity.model_validate(PUBLISHER))
    activities = evidence.records["activities"]
    assert sorted([*result.exported, *result.left_out]) == sorted(activities)
    for name, why in result.left_out.items():
        assert why, name
        record = activities[name]
        assert isinstance(record, Activity)
        # Left out for a reason the record shows: no day, no status or no IATI role.
        if not record.dates:
            assert any("no activity date" in w for w in why)
    if result.exported:
        assert result.xml is not None
        tree = etree.fromstring(result.xml.encode())
        checker = schema()
        assert checker.validate(tree), checker.error_log
    else:  # IATI has no empty file: none is written, and the report says why
        assert result.xml is None
        assert result.report()[0] == (f"activities.iati.xml not written: none of the "
                                      f"{len(activities)} activities has what IATI requires")


@pytest.mark.parametrize("path", sorted((FIXTURES / "iati" / "should-fail").glob("*.xml")),
                         ids=lambda p: p.name)
def test_the_schema_refuses_the_standard_s_should_fail_examples(path: Path) -> None:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    assert not schema().validate(etree.parse(str(path), parser))
