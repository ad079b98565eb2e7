"""UN M49 regions written out by hand from the UN Statistics Division's table ("Standard
country or area codes for statistical use"), as ISO 3166-1 alpha-2 codes, so that tests can
check the project's data and pages against an independent list."""

from __future__ import annotations

CENTRAL_AMERICA = frozenset({"BZ", "CR", "SV", "GT", "HN", "MX", "NI", "PA"})
SOUTH_AMERICA = frozenset({"AR", "BO", "BV", "BR", "CL", "CO", "EC", "FK", "GF", "GY", "PY",
                           "PE", "GS", "SR", "UY", "VE"})
CARIBBEAN = frozenset({"AI", "AG", "AW", "BS", "BB", "BQ", "VG", "KY", "CU", "CW", "DM", "DO",
                       "GD", "GP", "HT", "JM", "MQ", "MS", "PR", "BL", "KN", "LC", "MF", "VC",
                       "SX", "TT", "TC", "VI"})
NORTHERN_AMERICA = frozenset({"BM", "CA", "GL", "PM", "US"})
LATIN_AMERICA_AND_THE_CARIBBEAN = CENTRAL_AMERICA | SOUTH_AMERICA | CARIBBEAN

REGIONS = {
    "419": LATIN_AMERICA_AND_THE_CARIBBEAN, "013": CENTRAL_AMERICA, "005": SOUTH_AMERICA,
    "029": CARIBBEAN, "021": NORTHERN_AMERICA,
    "019": LATIN_AMERICA_AND_THE_CARIBBEAN | NORTHERN_AMERICA,
}
"""The regions the records use, by M49 code (a test meeting another code fails: add it)."""
