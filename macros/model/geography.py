"""Countries by ISO 3166-1 (through pycountry) and the subregions a reader filters by.

Subregions follow the UN M49 standard; Northern America is kept because the IOM regional office
for Central America, North America and the Caribbean covers it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import pycountry

from ..errors import UnknownCountry as UnknownCountry
from ..errors import UnknownRegion as UnknownRegion

SUBREGIONS: dict[str, tuple[str, ...]] = {
    "Caribbean": (
        "AG", "AI", "AW", "BB", "BL", "BQ", "BS", "CU", "CW", "DM", "DO", "GD", "GP", "HT", "JM",
        "KN", "KY", "LC", "MF", "MQ", "MS", "PR", "SX", "TC", "TT", "VC", "VG", "VI",
    ),
    "Central America": ("BZ", "CR", "GT", "HN", "MX", "NI", "PA", "SV"),
    "South America": (
        "AR", "BO", "BR", "BV", "CL", "CO", "EC", "FK", "GF", "GS", "GY", "PE", "PY", "SR", "UY",
        "VE",
    ),
    "Northern America": ("BM", "CA", "GL", "PM", "US"),
}
LAC_SUBREGIONS = ("Caribbean", "Central America", "South America")
LAC_STATES = frozenset((
    "AG", "AR", "BB", "BO", "BR", "BS", "BZ", "CL", "CO", "CR", "CU", "DM", "DO", "EC", "GD",
    "GT", "GY", "HN", "HT", "JM", "KN", "LC", "MX", "NI", "PA", "PE", "PY", "SR", "SV", "TT",
    "UY", "VC", "VE",
))
"""The 33 sovereign states of Latin America and the Caribbean (UN member states of the M49
region): the columns every gap map shows, whether or not a record mentions them."""
_SUBREGION_OF = {code: name for name, codes in SUBREGIONS.items() for code in codes}


@cache
def normalise_country(value: str) -> str:
    """Return the alpha-2 code for an alpha-2 or alpha-3 code in any case; raise otherwise."""
    code = value.strip().upper()
    country = None
    if len(code) == 2:
        country = pycountry.countries.get(alpha_2=code)
    elif len(code) == 3:
        country = pycountry.countries.get(alpha_3=code)
    if country is None:
        raise UnknownCountry(value, _suggest(value))
    return str(country.alpha_2)


def _suggest(value: str) -> str | None:
    try:
        match = pycountry.countries.lookup(value.strip())
    except LookupError:
        return None
    return f"{match.alpha_2}"


def country_name(code: str) -> str:
    """Common English name of an alpha-2 code ('VE' → 'Venezuela')."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or _SHORT_NAMES.get(code) or country.name)


def subregion(code: str) -> str | None:
    """UN M49 subregion of an alpha-2 code in the Americas, None elsewhere."""
    return _SUBREGION_OF.get(code)


# ISO's official names are long ("Venezuela, Bolivarian Republic of"); readers expect these.
_SHORT_NAMES = {
    "BO": "Bolivia", "VE": "Venezuela", "US": "United States", "GB": "United Kingdom",
    "VG": "British Virgin Islands", "VI": "US Virgin Islands", "FK": "Falkland Islands",
}


# ---------------------------------------------------------------------------------------------
# UN M49 regions (macros/data/m49.json, made by scripts/make-m49.py; see macros/data/README.md)


@dataclass(frozen=True)
class Region:
    """A UN M49 area that is not a country: world, region, subregion or intermediate region."""

    code: str
    """Three-digit M49 code, e.g. `419`."""
    name: str
    """English name as M49 gives it, e.g. 'Latin America and the Caribbean'."""
    level: str
    """`world`, `region`, `subregion` or `intermediate-region`."""
    parent: str | None
    countries: frozenset[str]
    """Alpha-2 codes of every country or area M49 puts under it, at any depth."""


@cache
def m49_regions() -> dict[str, Region]:
    """Every M49 region by its code."""
    text = files("macros").joinpath("data", "m49.json").read_text(encoding="utf-8")
    data = json.loads(text)
    return {code: Region(code, r["name"], r["level"], r["parent"], frozenset(r["countries"]))
            for code, r in data["regions"].items()}


def region_name(code: str) -> str:
    """English name of an M49 region code ('013' → 'Central America'), the code if unknown."""
    region = m49_regions().get(code)
    return region.name if region else code


def region_countries(code: str) -> frozenset[str]:
    """The countries and areas (alpha-2) an M49 region contains; empty for an unknown code."""
    region = m49_regions().get(code)
    return region.countries if region else frozenset()


def normalise_region(value: str) -> str:
    """Return the M49 code of a region given by its code; raise UnknownRegion otherwise, with
    the code of a region whose name matches the value as a suggestion."""
    code = value.strip()
    if code in m49_regions():
        return code
    if code.isdigit() and len(code) < 3 and code.zfill(3) in m49_regions():
        raise UnknownRegion(value, code.zfill(3))
    wanted = code.casefold().removeprefix("the ")
    for region in m49_regions().values():
        if region.name.casefold() == wanted:
            raise UnknownRegion(value, region.code)
    raise UnknownRegion(value, None)
