"""`evidence import iati`: real IATI files become draft records that validate as they are, with
their provenance; files that are not IATI 2.03, or that try entity tricks, are refused with the
file and line, and nothing is written."""

from __future__ import annotations

import datetime as dt
import subprocess
import time
from pathlib import Path

import pytest
import yaml
from helpers import FIXTURES, evidence_cli
from lxml import etree

from macros.evidence import load_evidence, stale_records
from macros.render.site import generate_site

IATI = FIXTURES / "iati"
NL = IATI / "nl-mfa-activities-2.03.xml"
DFID = IATI / "dfid-activities-2.01.xml"
URL = ("https://raw.githubusercontent.com/zimmerman-team/IATI.cloud/"
       "d39cb3a5227785b5238998ad7d80a0c2fa609da1/OIPA/static/xml/example_203_file.xml")
GIVEN = ["--url", URL, "--retrieved", "2026-12-01"]


def run_import(project: Path, file: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return evidence_cli(project, "import", "iati", str(file), *GIVEN, *extra)


def snapshot(project: Path) -> dict[str, bytes]:
    return {str(p.relative_to(project)): p.read_bytes()
            for p in sorted(project.rglob("*")) if p.is_file()}


def file_activities(path: Path) -> list[etree._Element]:
    return etree.parse(str(path)).getroot().findall("iati-activity")


def test_a_real_iati_file_imports_into_records_that_validate(mini: Path) -> None:
    result = run_import(mini, NL)
    assert result.returncode == 0, result.stdout + result.stderr
    evidence = load_evidence(mini)  # validates the whole project as it is now
    expected = {a.findtext("iati-identifier"): a for a in file_activities(NL)}
    imported = {r.iati_identifier: r for r in evidence.records["activities"].values()
                if getattr(r, "iati_identifier", None)}
    assert set(imported) == set(expected) and len(expected) == 13
    for identifier, record in imported.items():
        xml = expected[identifier]
        assert record.title == " ".join(xml.findtext("title/narrative", "").split())
        assert record.last_reviewed is None and record.draft is not None
        assert identifier in record.draft.imported_from
        assert [(s.key, s.locator) for s in record.sources] == [
            ("iati-xm-dac-7-nl-mfa-activities-2-03", f"iati-activity {identifier}")]
        days = {d.get("type"): d.get("iso-date") for d in xml.iterfind("activity-date")}
        names = {"1": "planned-start", "2": "actual-start", "3": "planned-end",
                 "4": "actual-end"}
        assert {d.type: d.date.isoformat() for d in record.dates} == {
            names[k]: v for k, v in days.items()}
    first = imported["NL-1-PPR-24706"]  # read by hand from the file
    assert first.status == "closed" and first.status_source is not None
    assert [(p.organisation, p.role) for p in first.participants] == [
        ("xm-dac-7", "funding"), ("xm-dac-7", "accountable"), ("xm-dac-7", "extending"),
        ("ictj", "implementing")]
    (budget,) = first.budget
    assert (budget.amount, budget.currency, str(budget.period_start), str(budget.period_end),
            str(budget.value_date)) == (2000000, "EUR", "2014-01-01", "2016-07-25",
                                        "2018-01-01")
    ministry = evidence.records["organisations"]["xm-dac-7"]
    assert (ministry.name, ministry.iati_identifier, ministry.iati_type, ministry.kind) == (
        "Ministry of Foreign Affairs (DGIS)", "XM-DAC-7", "10", "government")
    entry = evidence.bibliography.decoded["iati-xm-dac-7-nl-mfa-activities-2-03"]
    raw = evidence.bibliography.entries["iati-xm-dac-7-nl-mfa-activities-2-03"]
    assert raw.entry_type == "dataset"
    assert evidence.bibliography.field(raw.key, "url") == URL
    assert evidence.bibliography.field(raw.key, "urldate") == "2026-12-01"
    assert entry is not None


def test_one_activity_by_its_identifier(mini: Path) -> None:
    result = run_import(mini, NL, "--activity", "NL-1-PPR-27787")
    assert result.returncode == 0, result.stdout + result.stderr
    activities = load_evidence(mini).records["activities"]
    assert sorted(activities) == ["nl-1-ppr-27787", "project-x"]
    unknown = run_import(mini, NL, "--activity", "NL-1-NO-SUCH")
    assert unknown.returncode == 1
    assert "expected an activity 'NL-1-NO-SUCH'" in unknown.stderr


def test_drafts_show_as_not_yet_reviewed_and_need_review(mini: Path) -> None:
    assert run_import(mini, NL, "--activity", "NL-1-PPR-24706").returncode == 0
    evidence = load_evidence(mini)
    assert "draft" in (mini / "evidence" / "activities" / "nl-1-ppr-24706.yaml").read_text()
    assert "last_reviewed" not in (mini / "evidence" / "activities" /
                                   "nl-1-ppr-24706.yaml").read_text()
    stale = {(r.collection, r.id) for r in stale_records(evidence, dt.date(2026, 1, 20), 365)}
    assert ("activities", "nl-1-ppr-24706") in stale and ("organisations", "ictj") in stale
    pages = generate_site(evidence).pages
    page = next(v for k, v in pages.items() if k.endswith("nl-1-ppr-24706.md"))
    assert "Not yet reviewed: a draft imported from IATI activity NL-1-PPR-24706" in page
    needs = next(v for k, v in pages.items() if k.endswith("needs-review.md"))
    row = next(r for r in needs.split("<tr>") if "nl-1-ppr-24706" in r)
    assert "not yet reviewed" in row


def test_a_real_file_invalid_against_2_03_is_refused_with_file_and_line(mini: Path) -> None:
    before = snapshot(mini)
    result = run_import(mini, DFID)
    assert result.returncode == 1
    assert ("dfid-activities-2.01.xml:99:0" in result.stderr or
            "dfid-activities-2.01.xml:99:1:" in result.stderr), result.stderr
    assert "capital-spend" in result.stderr and "'percentage' is required" in result.stderr
    assert result.stderr.count("dfid-activities-2.01.xml:") >= 3  # every problem, one pass
    assert snapshot(mini) == before


@pytest.mark.parametrize("path", [*sorted((IATI / "should-fail").glob("*.xml")),
                                  IATI / "worked-example.xml"], ids=lambda p: p.name)
def test_the_schema_repository_s_should_fail_files_are_refused(mini: Path, path: Path) -> None:
    before = snapshot(mini)
    result = run_import(mini, path)
    assert result.returncode == 1
    assert f"{path.name}:" in result.stderr and "expected IATI 2.03" in result.stderr
    line = next(x for x in result.stderr.splitlines() if x.startswith(f"{path.name}:"))
    assert int(line.split(":")[1]) >= 1
    assert snapshot(mini) == before


def test_malformed_xml_is_refused_with_its_line(mini: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text('<?xml version="1.0"?>\n<iati-activities version="2.03">\n'
                      "  <iati-activity>\n</iati-activities>\n")
    result = run_import(mini, broken)
    assert result.returncode == 1
    assert result.stderr.startswith("broken.xml:4:")
    assert "expected well-formed XML" in result.stderr


def test_external_entities_are_refused_and_nothing_is_read(mini: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    xxe = tmp_path / "xxe.xml"
    xxe.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY s SYSTEM "file://{secret}">'
                   '<!ENTITY n SYSTEM "http://127.0.0.1:9/x">]>\n'
                   '<iati-activities version="2.03"><iati-activity>'
                   "<iati-identifier>&s;&n;</iati-identifier></iati-activity>"
                   "</iati-activities>\n")
    before = snapshot(mini)
    result = run_import(mini, xxe)
    assert result.returncode == 1
    assert "xxe.xml:2:1: expected an IATI file without a DOCTYPE" in result.stderr
    assert "TOP-SECRET-VALUE" not in result.stdout + result.stderr
    assert snapshot(mini) == before


def test_entity_expansion_is_refused_at_once(mini: Path, tmp_path: Path) -> None:
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(10))
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE x [{lol}]>\n'
                    '<iati-activities version="2.03"><iati-activity>'
                    "<iati-identifier>&l9;</iati-identifier></iati-activity>"
                    "</iati-activities>\n")
    start = time.perf_counter()
    result = run_import(mini, bomb)
    assert time.perf_counter() - start < 30  # not 10^9 lols (a generous bound, not a timing)
    assert result.returncode == 1
    assert "without a DOCTYPE" in result.stderr
    assert "lollol" not in result.stdout + result.stderr


def test_an_existing_record_is_never_replaced(mini: Path) -> None:
    assert run_import(mini, NL, "--activity", "NL-1-PPR-24706").returncode == 0
    before = snapshot(mini)
    again = run_import(mini, NL, "--activity", "NL-1-PPR-24706")
    assert again.returncode == 1
    assert "evidence/activities/nl-1-ppr-24706.yaml:1:1: id: expected a new activity" in (
        again.stderr)
    assert snapshot(mini) == before


def test_the_url_and_retrieval_day_are_asked_for_never_guessed(mini: Path) -> None:
    result = evidence_cli(mini, "import", "iati", str(NL))
    assert result.returncode == 2
    assert "--url" in result.stderr and "--retrieved" in result.stderr
    bad = evidence_cli(mini, "import", "iati", str(NL), "--url", URL, "--retrieved", "today")
    assert bad.returncode == 2 and "expected a date YYYY-MM-DD" in bad.stderr
    data = yaml.safe_load((mini / "evidence" / "activities" / "project-x.yaml").read_text())
    assert data["id"] == "project-x"


def test_imported_activities_export_again_as_valid_iati(mini: Path, tmp_path: Path) -> None:
    config = mini / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "  - evidence\n", '  - evidence: {identity: {organisation: Fixture Review Group, '
        'iati: {identifier: XX-TEST-0001, type: "80"}}}\n', 1))
    assert run_import(mini, NL).returncode == 0
    result = evidence_cli(mini, "export", "-o", str(tmp_path / "data"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "activities.iati.xml: 13 activities exported, 1 left out" in result.stdout
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    tree = etree.parse(str(tmp_path / "data" / "activities.iati.xml"), parser)
    checker = etree.XMLSchema(etree.parse(str(Path(__file__).parents[2] / "macros" / "data" /
                                              "iati" / "iati-activities-schema.xsd"), parser))
    assert checker.validate(tree), checker.error_log
    out = {a.findtext("iati-identifier"): a for a in tree.getroot().iterfind("iati-activity")}
    again = out["XX-TEST-0001-nl-1-ppr-24706"]
    original = next(a for a in file_activities(NL)
                    if a.findtext("iati-identifier") == "NL-1-PPR-24706")
    for path in ("activity-status/@code", "activity-date/@iso-date", "budget/value/text()",
                 "participating-org/@role"):
        assert sorted(map(str, again.xpath(path))) == sorted(
            str(v) if path != "budget/value/text()" else f"{float(v):.2f}"
            for v in original.xpath(path)), path
