"""Countries by ISO 3166-1 and the subregions readers filter by."""

from __future__ import annotations

import pytest

from macros.model.geography import (
    LAC_SUBREGIONS,
    SUBREGIONS,
    UnknownCountry,
    country_name,
    normalise_country,
    subregion,
)


@pytest.mark.parametrize(("given", "code"), [("co", "CO"), ("VEN", "VE"), (" mx ", "MX")])
def test_codes_are_normalised_to_alpha_2(given: str, code: str) -> None:
    assert normalise_country(given) == code


def test_unknown_code_suggests_the_country_a_name_means() -> None:
    with pytest.raises(UnknownCountry) as exc:
        normalise_country("Colombia")
    assert exc.value.suggestion == "CO"
    with pytest.raises(UnknownCountry) as nothing:
        normalise_country("XX")
    assert nothing.value.suggestion is None


def test_readable_names() -> None:
    assert country_name("VE") == "Venezuela"
    assert country_name("BO") == "Bolivia"
    assert country_name("TT") == "Trinidad and Tobago"


def test_subregions_follow_un_m49() -> None:
    assert subregion("MX") == "Central America"  # M49 puts Mexico in Central America
    assert subregion("HT") == "Caribbean" and subregion("GY") == "South America"
    assert subregion("CA") == "Northern America" and subregion("ES") is None
    codes = [c for name in LAC_SUBREGIONS for c in SUBREGIONS[name]]
    assert len(codes) == len(set(codes)) == 52
