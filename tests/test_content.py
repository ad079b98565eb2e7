"""The review's own records: every statement traceable to a cited source with a locator.

These read the YAML and BibTeX files directly, so they do not depend on the loader.
"""

from __future__ import annotations

import re

import yaml
from helpers import REPO, evidence_cli

EVIDENCE = REPO / "evidence"
RECORDS = sorted(EVIDENCE.glob("*/*.yaml"))
BIB_KEYS = re.findall(r"^@\w+\{([^,\s]+),", (REPO / "bibliography.bib").read_text(), re.M)


def all_sources(data: dict) -> list[dict]:  # type: ignore[type-arg]
    sources = list(data.get("sources") or [])
    for budget in data.get("budget") or []:
        sources += budget.get("sources") or []
    return sources


def test_there_is_content_in_every_collection() -> None:
    folders = {p.parent.name for p in RECORDS}
    assert folders == {"organisations", "strategies", "activities", "mieux-actions",
                       "mechanisms", "figures", "findings", "recommendations", "events"}
    assert len(RECORDS) >= 100


def test_every_record_cites_a_source_with_a_locator() -> None:
    for path in RECORDS:
        data = yaml.safe_load(path.read_text())
        sources = all_sources(data)
        assert sources, f"{path.relative_to(REPO)} has no sources"
        for source in sources:
            assert str(source.get("locator", "")).strip(), f"{path.relative_to(REPO)}: {source}"


def test_every_cited_key_is_in_the_bibliography() -> None:
    keys = set(BIB_KEYS)
    for path in RECORDS:
        for source in all_sources(yaml.safe_load(path.read_text())):
            assert source["key"] in keys, f"{path.relative_to(REPO)}: {source['key']}"


def test_every_bibliography_entry_is_cited() -> None:
    cited = {s["key"] for p in RECORDS for s in all_sources(yaml.safe_load(p.read_text()))}
    assert len(BIB_KEYS) == len(set(BIB_KEYS)), "duplicate bibliography keys"
    assert sorted(set(BIB_KEYS) - cited) == []


def test_the_five_source_documents_are_all_encoded() -> None:
    cited = {s["key"] for p in RECORDS for s in all_sources(yaml.safe_load(p.read_text()))}
    for key in ("k4dd-donor-mapping", "mieux-factsheet-lac", "mieux-roundtable-2018",
                "iom-strategy-cnac-2020", "coordination-study-2024"):
        assert key in cited


def test_strict_validation_passes() -> None:
    result = evidence_cli(REPO, "validate", "--strict")
    assert result.returncode == 0, result.stdout


def test_the_published_data_package_is_valid(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from frictionless import validate

    result = evidence_cli(REPO, "export", "-o", str(tmp_path))
    assert result.returncode == 0, result.stdout
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])[:10]
