"""Who does what, where: the questions the review pages answer, computed from the records.

Everything here is plain data (ids, codes, counts) with no HTML, so the tests can compare the
pages with an independent computation, and the PDF, the site and the CLI agree. Definitions:

- an activity's *organisations* are its participants (with their IATI roles) and the funders of
  its budget lines (role `funding`);
- a record *mentions* a country through its `countries`, its sites, an organisation's home
  `country` or an event's participant countries;
- an activity *runs in* a year from its period's start to its end (to the edition year while
  ongoing, to its start year when no end is given);
- a *duplication* is a theme × country that two or more coordination mechanisms cover; a *gap*
  is a Latin American or Caribbean state, or a theme, that no mechanism covers.

Geographic coverage (`coverage(record)`, the two layers of the gap map and the country pages):

- a record covers a country *by name* when it mentions it (above);
- it covers a country *as part of a region* when one of its `regions` (UN M49 codes, data in
  macros/data/m49.json) contains the country and the record does not name it: the region is
  kept as a region (`Coverage.regions`), and its countries are what M49 puts in it, never a
  list a record writes;
- `country_count` ("six Latin American countries") is a number with its source and covers no
  particular country;
- *work* (`WORK_COLLECTIONS`: activities, mechanisms, strategies) is what the country pages list
  under "Region-wide and subregional work that covers <country>".

    coverage(record) -> Coverage(named, via_region, regions, country_count)
    coverage(record).layer("VE") -> "named" | "region" | None
    region_work_by_country(evidence) -> {country: {collection: [records covering it by region]}}
    theme_country_region_matrix(evidence) -> {(theme, country): [activity ids, by region]}
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from ..model import (
    Activity,
    CountryCount,
    Event,
    Mechanism,
    Organisation,
    Record,
    Strategy,
    StructureItem,
)
from ..model.geography import (
    LAC_STATES,
    LAC_SUBREGIONS,
    SUBREGIONS,
    region_countries,
    subregion,
)
from . import Evidence

NO_SUBREGION = "Outside the Americas"


def activity_roles(activity: Activity) -> list[tuple[str, str]]:
    """(organisation id, role) pairs of an activity, participants first, without repeats."""
    pairs = [(p.organisation, p.role) for p in activity.participants]
    pairs += [(b.funder, "funding") for b in activity.budget if b.funder]
    return list(dict.fromkeys(pairs))


def activity_organisations(activity: Activity) -> list[str]:
    return list(dict.fromkeys(org for org, _ in activity_roles(activity)))


def mentioned_countries(record: Record) -> list[str]:
    """Every country code a record mentions, in the order it gives them."""
    codes: list[str] = list(getattr(record, "countries", []))
    if isinstance(record, Organisation) and record.country:
        codes.append(record.country)
    if isinstance(record, Activity):
        codes += [c for site in record.sites for c in site.countries]
    if isinstance(record, Event):
        codes += record.participant_countries
    return list(dict.fromkeys(codes))


# ---------------------------------------------------------------------------------------------
# Geographic coverage: named countries and M49 regions (see the module's definitions)


Layer = Literal["named", "region"]
WORK_COLLECTIONS = ("activities", "mechanisms", "strategies")


@dataclass(frozen=True)
class Coverage:
    """Where a record works: the countries it names, the M49 regions it names, the countries
    those regions add, and a count of unnamed countries."""

    named: frozenset[str]
    """Alpha-2 codes of the countries the record mentions."""
    regions: tuple[str, ...]
    """M49 codes of the regions it names, in its order."""
    via_region: frozenset[str]
    """Countries and areas inside those regions that the record does not name."""
    country_count: CountryCount | None = None

    def layer(self, country: str) -> Layer | None:
        """How the record covers a country: by name, as part of a region, or not at all."""
        if country in self.named:
            return "named"
        return "region" if country in self.via_region else None

    def regions_containing(self, country: str) -> list[str]:
        """The record's regions that contain the country, in the record's order."""
        return [r for r in self.regions if country in region_countries(r)]

    @property
    def countries(self) -> frozenset[str]:
        """Every country covered, by name or by region."""
        return self.named | self.via_region


def coverage(record: Record) -> Coverage:
    """The geographic coverage of any record (records without `regions` have none)."""
    named = frozenset(mentioned_countries(record))
    regions = tuple(dict.fromkeys(getattr(record, "regions", ())))
    inside = frozenset(c for r in regions for c in region_countries(r))
    return Coverage(named, regions, inside - named, getattr(record, "country_count", None))


def region_work_by_country(evidence: Evidence) -> dict[str, dict[str, list[Record]]]:
    """Country → collection → work (activities, mechanisms, strategies) that covers it as part
    of a region and does not name it; records in file order."""
    out: dict[str, dict[str, list[Record]]] = defaultdict(lambda: defaultdict(list))
    for collection in WORK_COLLECTIONS:
        for record in evidence.records[collection].values():
            for code in sorted(coverage(record).via_region):
                out[code][collection].append(record)
    return {code: dict(by) for code, by in sorted(out.items())}


def _structure_themes(items: Iterable[StructureItem]) -> Iterator[str]:
    for item in items:
        yield from item.themes
        yield from _structure_themes(item.items)


def record_themes(record: Record) -> list[str]:
    """A record's themes, with those of a strategy's pillars and priorities."""
    themes: list[str] = list(getattr(record, "themes", []))
    if isinstance(record, Strategy):
        themes += _structure_themes([*record.structure, *record.institutional_development])
    return list(dict.fromkeys(themes))


def active_years(activity: Activity, edition_year: int) -> list[int]:
    """Years an activity runs (see the module's definitions); none when it gives no start."""
    period = activity.period
    if period is None or period.start is None:
        return []
    end = period.end or (max(edition_year, period.start) if period.ongoing else period.start)
    return list(range(period.start, end + 1))


def cited_keys_of(record: Record) -> set[str]:
    return {s.key for s in record.all_sources()}


def locators_of(record: Record, key: str) -> list[str]:
    return [s.locator for s in record.all_sources() if s.key == key]


# ---------------------------------------------------------------------------------------------
# Filters, as the macros and the filter form apply them


@dataclass(frozen=True)
class ActivityFilter:
    organisation: str | None = None
    role: str | None = None
    theme: str | None = None
    country: str | None = None
    subregion: str | None = None
    kind: str | None = None
    status: str | None = None
    source: str | None = None
    year: int | None = None
    organisation_kind: str | None = None

    def matches(self, activity: Activity, evidence: Evidence, edition_year: int) -> bool:
        roles = activity_roles(activity)
        if (self.organisation or self.role) and not any(
                self.organisation in (None, org) and self.role in (None, role)
                for org, role in roles):
            return False
        if self.organisation_kind:
            orgs = evidence.records["organisations"]
            if not any(org in orgs and getattr(orgs[org], "kind", None) == self.organisation_kind
                       for org, _ in roles):
                return False
        countries = mentioned_countries(activity)
        return ((self.theme is None or self.theme in activity.themes)
                and (self.country is None or self.country in countries)
                and (self.subregion is None
                     or any(subregion(c) == self.subregion for c in countries))
                and (self.kind is None or activity.kind == self.kind)
                and (self.status is None or activity.status == self.status)
                and (self.source is None or self.source in cited_keys_of(activity))
                and (self.year is None or self.year in active_years(activity, edition_year)))


def select_activities(evidence: Evidence, edition_year: int, **criteria: str | int | None
                      ) -> list[Activity]:
    wanted = ActivityFilter(**criteria)  # type: ignore[arg-type]
    return [a for a in _activities(evidence) if wanted.matches(a, evidence, edition_year)]


def _activities(evidence: Evidence) -> list[Activity]:
    return [a for a in evidence.records["activities"].values() if isinstance(a, Activity)]


def _mechanisms(evidence: Evidence) -> list[Mechanism]:
    return [m for m in evidence.records["mechanisms"].values() if isinstance(m, Mechanism)]


# ---------------------------------------------------------------------------------------------
# Matrices


Matrix = dict[tuple[str, str], list[str]]
"""(row, column) → ids of the activities in the cell, sorted."""


def _matrix(pairs: Iterable[tuple[str, str, str]]) -> Matrix:
    cells: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row, column, ident in pairs:
        cells[(row, column)].add(ident)
    return {cell: sorted(ids) for cell, ids in cells.items()}


def organisation_theme_matrix(evidence: Evidence) -> Matrix:
    """(organisation, theme) → activities in which the organisation has any role."""
    return _matrix((org, theme, a.id) for a in _activities(evidence)
                   for org in activity_organisations(a) for theme in a.themes)


def country_organisation_matrix(evidence: Evidence) -> Matrix:
    """(country, organisation) → activities."""
    return _matrix((country, org, a.id) for a in _activities(evidence)
                   for country in mentioned_countries(a) for org in activity_organisations(a))


def theme_country_matrix(evidence: Evidence) -> Matrix:
    """(theme, country) → activities: the evidence gap map."""
    return _matrix((theme, country, a.id) for a in _activities(evidence)
                   for theme in a.themes for country in mentioned_countries(a))


def theme_country_region_matrix(evidence: Evidence) -> Matrix:
    """(theme, country) → activities that cover the country as part of a region without naming
    it: the gap map's second layer (the first is `theme_country_matrix`)."""
    return _matrix((theme, country, a.id) for a in _activities(evidence)
                   for theme in a.themes for country in coverage(a).via_region)


def country_organisation_region_matrix(evidence: Evidence) -> Matrix:
    """(country, organisation) → activities covering the country as part of a region only."""
    return _matrix((country, org, a.id) for a in _activities(evidence)
                   for country in coverage(a).via_region for org in activity_organisations(a))


def theme_subregion_matrix(evidence: Evidence) -> Matrix:
    """(theme, subregion) → activities; countries outside the Americas count once under
    NO_SUBREGION."""
    return _matrix((theme, subregion(country) or NO_SUBREGION, a.id)
                   for a in _activities(evidence)
                   for theme in a.themes for country in mentioned_countries(a))


def gap_map_countries(evidence: Evidence) -> list[str]:
    """Columns of the gap map: the Latin American and Caribbean states, and any other country
    or territory of the region a record mentions, grouped by subregion."""
    mentioned = {c for r in evidence.all_records() for c in mentioned_countries(r)}
    columns = []
    for name in LAC_SUBREGIONS:
        columns += [c for c in SUBREGIONS[name] if c in LAC_STATES or c in mentioned]
    return columns


# ---------------------------------------------------------------------------------------------
# Coordination mechanisms


def mechanism_cover(evidence: Evidence) -> Matrix:
    """(theme, country) → mechanisms whose themes and countries include both."""
    return _matrix((theme, country, m.id) for m in _mechanisms(evidence)
                   for theme in m.themes for country in m.countries)


def duplications(evidence: Evidence) -> Matrix:
    """Theme × country cells that two or more mechanisms cover."""
    return {cell: ids for cell, ids in mechanism_cover(evidence).items() if len(ids) >= 2}


@dataclass(frozen=True)
class Gaps:
    countries: list[str]
    """LAC states no mechanism lists among its countries."""
    themes: list[str]
    """Themes no mechanism lists."""


def mechanism_gaps(evidence: Evidence) -> Gaps:
    covered_countries = {c for m in _mechanisms(evidence) for c in m.countries}
    covered_themes = {t for m in _mechanisms(evidence) for t in m.themes}
    states = [c for name in LAC_SUBREGIONS for c in SUBREGIONS[name] if c in LAC_STATES]
    return Gaps(countries=[c for c in states if c not in covered_countries],
                themes=[t.id for t in evidence.vocabularies.themes if t.id not in covered_themes])


# ---------------------------------------------------------------------------------------------
# Country and theme pages


PAGE_COLLECTIONS = ("activities", "mechanisms", "strategies", "mieux-actions", "figures",
                    "events", "findings", "recommendations", "organisations")


def records_by_country(evidence: Evidence) -> dict[str, dict[str, list[Record]]]:
    """Country → collection → records mentioning it (countries any record mentions only)."""
    out: dict[str, dict[str, list[Record]]] = defaultdict(lambda: defaultdict(list))
    for collection in PAGE_COLLECTIONS:
        for record in evidence.records[collection].values():
            for code in mentioned_countries(record):
                out[code][collection].append(record)
    return {code: dict(by) for code, by in sorted(out.items())}


def records_by_theme(evidence: Evidence) -> dict[str, dict[str, list[Record]]]:
    """Theme → collection → records on it (every theme of the vocabulary has an entry)."""
    out: dict[str, dict[str, list[Record]]] = {t.id: defaultdict(list)
                                               for t in evidence.vocabularies.themes}
    for collection in PAGE_COLLECTIONS:
        for record in evidence.records[collection].values():
            for theme in record_themes(record):
                if theme in out:
                    out[theme][collection].append(record)
    return {theme: dict(by) for theme, by in out.items()}
