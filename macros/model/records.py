"""The record model: one typed class per collection.

These classes are the single source of truth for what a record may contain. The validator uses
them, the site renders from them, and `evidence schemas` turns them into the JSON Schema files
that editors use for completion and hover help, so every field description here is user-facing.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal

import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

# N_ marks the relations (headings of "Referenced by") for the message catalogue.
from ..render.text import N_
from .geography import UnknownCountry, UnknownRegion, normalise_country, normalise_region

# ---------------------------------------------------------------------------------------------
# Value types


def _country(value: str) -> str:
    try:
        return normalise_country(value)
    except UnknownCountry as exc:
        raise PydanticCustomError(
            "iso_country", "expected an ISO 3166-1 code, got {got}",
            {"got": repr(value), "suggestion": exc.suggestion},
        ) from None


def _region(value: object) -> str:
    if not isinstance(value, str):  # YAML reads 419 as a number and 013 as the octal 11
        raise PydanticCustomError(
            "m49_region", "expected a UN M49 region code in quotes, got {got}",
            {"got": repr(value), "suggestion": None, "unquoted": True})
    try:
        return normalise_region(value)
    except UnknownRegion as exc:
        raise PydanticCustomError(
            "m49_region", "expected a UN M49 region code, got {got}",
            {"got": repr(value), "suggestion": exc.suggestion, "unquoted": False},
        ) from None


def _currency(value: str) -> str:
    code = value.strip().upper()
    if pycountry.currencies.get(alpha_3=code) is None:
        raise PydanticCustomError("iso_currency", "expected an ISO 4217 currency code, got {got}",
                                  {"got": repr(value)})
    return code


_SAFE_SCHEMES = ("http://", "https://", "mailto:")


def _url(value: str) -> str:
    url = value.strip()
    if not url.lower().startswith(_SAFE_SCHEMES) or any(c.isspace() for c in url):
        raise PydanticCustomError("url", "expected an http, https or mailto URL, got {got}",
                                  {"got": repr(value)})
    return url


Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80),
    Field(description="Lowercase letters, digits and single hyphens, e.g. `iom-strategy-cnac`."),
]
Country = Annotated[
    str,
    AfterValidator(_country),
    Field(description="ISO 3166-1 alpha-2 code (alpha-3 is accepted and converted), e.g. `CO`.",
          examples=["CO", "MX"]),
]
M49Region = Annotated[
    str,
    BeforeValidator(_region),
    Field(description="UN M49 code of a region or subregion, in quotes, e.g. `'419'` (Latin "
          "America and the Caribbean), `'013'` (Central America), `'029'` (Caribbean), "
          "`'005'` (South America).", examples=["419", "013"]),
]
Currency = Annotated[str, AfterValidator(_currency),
                     Field(description="ISO 4217 code, e.g. `USD`.", examples=["USD", "EUR"])]
Url = Annotated[str, AfterValidator(_url),
                Field(description="Web address starting with http://, https:// or mailto:.")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
RecordPath = Annotated[str, StringConstraints(
    pattern=r"^(organisations|strategies|activities|mieux-actions|mechanisms|events)/[a-z0-9-]+$"),
    Field(description="`collection/id`, e.g. `activities/eurofront`.")]
Year = Annotated[int, Field(ge=1800, le=2100, description="Four-digit year.")]


class Strict(BaseModel):
    """Base for every mapping in a record: unknown fields are errors, not silently dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceRef(Strict):
    """Where a statement comes from: a `bibliography.bib` key and a place in that document."""

    key: Slug = Field(description="Citation key in `bibliography.bib`.",
                      examples=["k4dd-donor-mapping"])
    locator: Text = Field(
        description="Where in the source: section, table, annex, footnote or paragraph heading.",
        examples=["sec. 3.2", "Table 1", "Annex 2", "fn. 9"],
    )


class Period(Strict):
    """Years a strategy, activity or action runs, as the source gives them."""

    start: Year | None = Field(None, description="First year.")
    end: Year | None = Field(None, description="Last year; leave out when open or unknown.")
    ongoing: bool = Field(False, description="The source says the work was still under way.")

    @model_validator(mode="after")
    def _end_after_start(self) -> Period:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise PydanticCustomError(
                "period_order", "end year {end} is before start year {start}",
                {"end": self.end, "start": self.start, "field": "end"},
            )
        return self

    def __str__(self) -> str:
        start = str(self.start) if self.start else "?"
        if self.end:
            return start if self.end == self.start else f"{start}–{self.end}"
        return f"{start}–ongoing" if self.ongoing else start


Qualifier = Literal["exact", "approximately", "more-than", "less-than", "almost", "up-to"]


class CountryCount(Strict):
    """How many countries a record covers where the source gives a number and no names."""

    value: int = Field(ge=1, description="Number of countries, e.g. 6 for 'six Latin American "
                       "countries'.")
    qualifier: Qualifier = "exact"
    within: M49Region | None = Field(None, description="M49 region the countries are in, where "
                                     "the source says, e.g. `'419'`.")
    sources: list[SourceRef] = Field(min_length=1, description="Where the source gives the "
                                     "count.")


# A record's geography: `countries` the source names, `regions` (UN M49 regions or subregions
# the source names, which the record covers as a whole; never written out as countries) and
# `country_count` (a number of countries the source does not name).


def _regions_field() -> Any:
    return Field(default_factory=list, description="UN M49 regions or subregions the source "
                 "says it covers as a whole, e.g. `['419']` for 'Latin America and the "
                 "Caribbean'. Do not list their countries in `countries`.")


def _country_count_field() -> Any:
    return Field(None, description="Number of countries where the source gives a number and "
                 "not their names, e.g. 'six Latin American countries'.")


# ---------------------------------------------------------------------------------------------
# Records


@dataclass(frozen=True)
class Reference:
    """A link from one record to another, for validation, links and "Referenced by"."""

    loc: tuple[str | int, ...]
    collection: str
    id: str
    relation: str
    """Heading under which the referring record is listed on the target's page ("" for none)."""


class Record(Strict):
    """Fields every record has."""

    collection: ClassVar[str]
    title_field: ClassVar[str] = "title"

    id: Slug = Field(description="Identifier; must equal the file name without `.yaml`.")
    sources: list[SourceRef] = Field(
        min_length=1, description="Every source the record's statements come from, with locators.")
    last_reviewed: dt.date = Field(description="Date a person last checked the record against "
                                   "its sources (YYYY-MM-DD).")
    notes: list[Text] = Field(
        default_factory=list,
        description="Caveats: where a source is ambiguous, looks wrong or disagrees with another.")

    @property
    def label(self) -> str:
        return str(getattr(self, self.title_field))

    @property
    def short_name(self) -> str:
        """What tables and charts call the record: its acronym where it has one."""
        return getattr(self, "acronym", None) or self.label

    @property
    def full_name(self) -> str:
        """Its label, with its acronym in brackets where it has another one."""
        acronym = getattr(self, "acronym", None)
        return f"{self.label} ({acronym})" if acronym and acronym != self.label else self.label

    def field_values(self) -> dict[str, Any]:
        """Every field's value by name, in the model's order (what a record page lists)."""
        return {name: getattr(self, name) for name in type(self).model_fields}

    def all_sources(self) -> list[SourceRef]:
        """The record's sources and those of its budget lines and country count, in order."""
        count = getattr(self, "country_count", None)
        return [*self.sources, *(s for b in getattr(self, "budget", ()) for s in b.sources),
                *(count.sources if count else ())]

    def references(self) -> Iterator[Reference]:
        """Every reference to another record or vocabulary term."""
        for i, theme in enumerate(getattr(self, "themes", ())):
            yield Reference(("themes", i), "themes", theme, "")


OrgKind = Literal[
    "un-entity", "development-bank", "bilateral-donor", "eu-body", "regional-body",
    "intergovernmental-organisation", "government", "ngo", "research-centre", "network",
    "private-sector", "other",
]


class Organisation(Record):
    """An agency, fund, bank, donor government, regional body, network or research centre."""

    collection: ClassVar[str] = "organisations"
    title_field: ClassVar[str] = "name"

    name: Text = Field(description="Full name as the source writes it.")
    acronym: Text | None = Field(None, description="Short name, e.g. `IOM`.")
    other_names: list[Text] = Field(default_factory=list,
                                    description="Other spellings or names used by the sources.")
    kind: OrgKind = Field(description="What sort of organisation this is.")
    country: Country | None = Field(None, description="Home country, for governments and "
                                    "national bodies.")
    parent: Slug | None = Field(None, description="Organisation this one belongs to (id).")
    url: Url | None = None
    description: Text | None = Field(None, description="What it does, in Markdown.")

    def references(self) -> Iterator[Reference]:
        yield from super().references()
        if self.parent:
            yield Reference(("parent",), "organisations", self.parent,
                            N_("Organisations that are part of it"))


StructureKind = Literal[
    "pillar", "thematic-area", "objective", "priority", "priority-axis", "strategic-priority",
    "outcome", "area", "activity",
]


class StructureItem(Strict):
    """One pillar, thematic area, objective or priority of a strategy, with its own items."""

    kind: StructureKind
    label: Text | None = Field(None, description="Numbering as in the source, e.g. `(a)`, `1.2`.")
    title: Text
    description: Text | None = None
    themes: list[Slug] = Field(default_factory=list)
    items: list[StructureItem] = Field(default_factory=list)


class Strategy(Record):
    """An organisation's strategy, work plan or framework, with its structure as data."""

    collection: ClassVar[str] = "strategies"

    title: Text
    organisations: list[Slug] = Field(min_length=1, description="Organisations that own it (ids).")
    period: Period | None = None
    scope: Text | None = Field(None, description="Geographic scope as the source states it.")
    countries: list[Country] = Field(default_factory=list)
    regions: list[M49Region] = _regions_field()
    country_count: CountryCount | None = _country_count_field()
    summary: Text | None = Field(None, description="What the strategy is for, in Markdown.")
    structure: list[StructureItem] = Field(default_factory=list,
                                           description="Pillars, areas, objectives, nested.")
    vision: Text | None = Field(None, description="Vision statement, where the strategy has one.")
    opportunities: list[Text] = Field(default_factory=list,
                                      description="Opportunities the strategy identifies.")
    challenges: list[Text] = Field(default_factory=list,
                                   description="Challenges the strategy identifies.")
    partners: list[Slug] = Field(default_factory=list,
                                 description="Key partners it names (organisation ids).")
    institutional_development: list[StructureItem] = Field(
        default_factory=list, description="Areas of institutional development, nested.")
    thematic_areas: list[Text] = Field(
        default_factory=list, description="Thematic areas its organisations cover in the "
        "region, where the strategy lists them (e.g. Annex 1 of IOM's strategy), one item each.")
    themes: list[Slug] = Field(default_factory=list, description="Theme ids from themes.yaml.")
    url: Url | None = None

    def references(self) -> Iterator[Reference]:
        yield from super().references()
        for i, org in enumerate(self.organisations):
            yield Reference(("organisations", i), "organisations", org, N_("Strategies it owns"))
        for i, org in enumerate(self.partners):
            yield Reference(("partners", i), "organisations", org,
                            N_("Strategies naming it a key partner"))
        yield from _structure_themes(self.structure, ("structure",))
        yield from _structure_themes(self.institutional_development,
                                     ("institutional_development",))


def _structure_themes(
    items: list[StructureItem], loc: tuple[str | int, ...]
) -> Iterator[Reference]:
    for i, item in enumerate(items):
        for j, theme in enumerate(item.themes):
            yield Reference((*loc, i, "themes", j), "themes", theme, "")
        yield from _structure_themes(item.items, (*loc, i, "items"))


Role = Literal["funding", "accountable", "extending", "implementing", "partner"]
ROLE_RELATION = {
    "funding": N_("Activities it funds"),
    "accountable": N_("Activities it is accountable for"),
    "extending": N_("Activities it manages for funders"),
    "implementing": N_("Activities it implements"),
    "partner": N_("Activities it is a partner in"),
}


class Participant(Strict):
    """An organisation taking part in an activity, with its IATI participating-org role."""

    organisation: Slug = Field(description="Organisation id.")
    role: Role = Field(description="IATI role: funding, accountable, extending, implementing "
                       "(or partner where the source says no more).")


class Site(Strict):
    """A border crossing, city or area where an activity works."""

    name: Text
    countries: list[Country] = Field(default_factory=list)


class Budget(Strict):
    """An amount committed to an activity, and who pays it."""

    amount: float = Field(gt=0)
    currency: Currency
    funder: Slug | None = Field(None, description="Organisation id of who pays.")
    note: Text | None = None
    sources: list[SourceRef] = Field(min_length=1)


ActivityKind = Literal[
    "programme", "project", "initiative", "data-portal", "fund", "research-programme",
    "monitoring", "platform", "other",
]
Status = Literal["pipeline", "implementation", "finalisation", "closed", "cancelled", "suspended"]


class Activity(Record):
    """A programme, project, initiative, data portal, fund or research programme."""

    collection: ClassVar[str] = "activities"

    title: Text
    acronym: Text | None = None
    kind: ActivityKind
    participants: list[Participant] = Field(default_factory=list,
                                            description="Funders, implementers and partners.")
    countries: list[Country] = Field(default_factory=list)
    regions: list[M49Region] = _regions_field()
    country_count: CountryCount | None = _country_count_field()
    scope: Text | None = Field(None, description="Geography in the source's words, where it "
                               "names no countries (e.g. 'six Latin American countries').")
    sites: list[Site] = Field(default_factory=list, description="Borders or sites, where given.")
    period: Period | None = None
    status: Status | None = Field(None, description="IATI activity status, where a source says.")
    budget: list[Budget] = Field(default_factory=list)
    themes: list[Slug] = Field(default_factory=list)
    description: Text | None = Field(None, description="What it does, in Markdown.")
    results: list[Text] = Field(default_factory=list)
    strategies: list[Slug] = Field(default_factory=list, description="Related strategy ids.")
    mechanisms: list[Slug] = Field(default_factory=list, description="Related mechanism ids.")
    url: Url | None = None

    def references(self) -> Iterator[Reference]:
        yield from super().references()
        for i, p in enumerate(self.participants):
            yield Reference(("participants", i, "organisation"), "organisations", p.organisation,
                            ROLE_RELATION[p.role])
        for i, b in enumerate(self.budget):
            if b.funder:
                yield Reference(("budget", i, "funder"), "organisations", b.funder,
                                N_("Activities it funds"))
        for i, s in enumerate(self.strategies):
            yield Reference(("strategies", i), "strategies", s, N_("Related activities"))
        for i, m in enumerate(self.mechanisms):
            yield Reference(("mechanisms", i), "mechanisms", m, N_("Related activities"))


class MieuxAction(Record):
    """An action of the EU-ICMPD MIEUX initiative (peer-to-peer migration expertise)."""

    collection: ClassVar[str] = "mieux-actions"

    title: Text = Field(description="As MIEUX names it, e.g. `Mexico II`.")
    countries: list[Country] = Field(default_factory=list)
    network: Slug | None = Field(None, description="Organisation id when the action supports a "
                                 "network rather than one country (e.g. IberRed).")
    partners: list[Slug] = Field(default_factory=list,
                                 description="Partner institutions (organisation ids).")
    period: Period | None = None
    context: Text | None = None
    objectives: list[Text] = Field(default_factory=list)
    results: list[Text] = Field(default_factory=list)
    mieux_areas: list[Slug] = Field(default_factory=list,
                                    description="MIEUX thematic areas (ids from themes.yaml).")
    themes: list[Slug] = Field(default_factory=list)

    def references(self) -> Iterator[Reference]:
        yield from super().references()
        if self.network:
            yield Reference(("network",), "organisations", self.network,
                            N_("MIEUX actions supporting it"))
        for i, org in enumerate(self.partners):
            yield Reference(("partners", i), "organisations", org,
                            N_("MIEUX actions it is a partner in"))
        for i, area in enumerate(self.mieux_areas):
            yield Reference(("mieux_areas", i), "mieux_areas", area, "")


class MemberCount(Strict):
    """A count of members where the source gives only a number."""

    value: int = Field(ge=0)
    qualifier: Qualifier = "exact"
    note: Text | None = Field(None, description="What is counted, e.g. 'organizations'.")


MechanismKind = Literal[
    "coordination-platform", "network", "regional-consultative-process", "framework",
    "initiative", "coalition", "working-group", "agreement", "forum", "other",
]
Level = Literal["global", "bi-regional", "regional", "subregional", "national", "local"]


class Mechanism(Record):
    """A coordination mechanism, regional consultative process, network or framework."""

    collection: ClassVar[str] = "mechanisms"
    title_field: ClassVar[str] = "name"

    name: Text
    acronym: Text | None = None
    kind: MechanismKind
    level: Level
    leads: list[Slug] = Field(default_factory=list, description="Lead or co-lead organisations.")
    members: list[Slug] = Field(default_factory=list, description="Member organisations (ids).")
    member_count: MemberCount | None = None
    countries: list[Country] = Field(default_factory=list)
    regions: list[M49Region] = _regions_field()
    country_count: CountryCount | None = _country_count_field()
    scope: Text | None = None
    parent: Slug | None = Field(None, description="Mechanism this one is part of (id).")
    mandate: Text | None = Field(None, description="What it is for, in Markdown.")
    themes: list[Slug] = Field(default_factory=list)
    iom_role: Text | None = Field(None, description="IOM's role, where a source states it.")
    services: list[Text] = Field(
        default_factory=list, description="Services and support its partners provide, as the "
        "source lists them, one item each.")
    strengths: list[Text] = Field(default_factory=list)
    gaps: list[Text] = Field(default_factory=list)
    duplications: list[Text] = Field(default_factory=list)
    url: Url | None = None

    def references(self) -> Iterator[Reference]:
        yield from super().references()
        for i, org in enumerate(self.leads):
            yield Reference(("leads", i), "organisations", org, N_("Mechanisms it leads"))
        for i, org in enumerate(self.members):
            yield Reference(("members", i), "organisations", org,
                            N_("Mechanisms it is a member of"))
        if self.parent:
            yield Reference(("parent",), "mechanisms", self.parent,
                            N_("Mechanisms that are part of it"))


class Figure(Record):
    """A number stated by a source, as data: value, unit, year, place and what it measures."""

    collection: ClassVar[str] = "figures"

    title: Text = Field(description="Short label, e.g. 'Venezuelans in Panama'.")
    value: float
    unit: Text = Field(description="What the value counts, e.g. 'people', 'per cent', 'USD'.")
    qualifier: Qualifier = Field("exact", description="How the source qualifies the number "
                                 "('over 200' is more-than).")
    year: Year | None = None
    period: Period | None = None
    countries: list[Country] = Field(default_factory=list)
    regions: list[M49Region] = _regions_field()
    country_count: CountryCount | None = _country_count_field()
    scope: Text | None = Field(None, description="Geography in words where no country fits.")
    measure: Text = Field(description="What the number measures, in a sentence.")
    category: Text | None = Field(None, description="Class the source puts the value in, "
                                  "e.g. 'Upper-middle' income or 'High' human development.")
    indicator: Slug | None = Field(None, description="Indicator id shared by the figures of "
                                   "one table column, e.g. `gni-per-capita`.")
    dataset: Slug | None = Field(None, description="Id shared by the figures of one source "
                                 "table, e.g. `iom-cnac-table-1`.")
    about: list[RecordPath] = Field(default_factory=list,
                                    description="Records it is about, as `collection/id`.")
    themes: list[Slug] = Field(default_factory=list)

    def references(self) -> Iterator[Reference]:
        yield from super().references()
        for i, target in enumerate(self.about):
            collection, _, ident = target.partition("/")
            yield Reference(("about", i), collection, ident, N_("Figures about it"))


class Finding(Record):
    """A finding a source states (e.g. of the 2024 coordination study)."""

    collection: ClassVar[str] = "findings"

    title: Text = Field(description="Short label for the finding.")
    text: Text = Field(description="The finding, close to the source's words, in Markdown.")
    mechanisms: list[Slug] = Field(default_factory=list, description="Mechanisms it concerns.")
    themes: list[Slug] = Field(default_factory=list)

    def references(self) -> Iterator[Reference]:
        yield from super().references()
        for i, m in enumerate(self.mechanisms):
            yield Reference(("mechanisms", i), "mechanisms", m, N_("Findings about it"))


class Recommendation(Record):
    """A recommendation or guideline a source makes, and whom it addresses."""

    collection: ClassVar[str] = "recommendations"

    title: Text = Field(description="Short label, e.g. the guideline's heading.")
    text: Text = Field(description="The recommendation, close to the source's words.")
    addressed_to: Text | None = Field(None, description="Who should act, in the source's words.")
    organisations: list[Slug] = Field(default_factory=list,
                                      description="Organisations it addresses or names (ids).")
    mechanisms: list[Slug] = Field(default_factory=list, description="Mechanisms it concerns.")
    themes: list[Slug] = Field(default_factory=list)

    def references(self) -> Iterator[Reference]:
        yield from super().references()
        for i, org in enumerate(self.organisations):
            yield Reference(("organisations", i), "organisations", org,
                            N_("Recommendations addressing it"))
        for i, m in enumerate(self.mechanisms):
            yield Reference(("mechanisms", i), "mechanisms", m, N_("Recommendations about it"))


class Event(Record):
    """A meeting, workshop or round-table a source reports."""

    collection: ClassVar[str] = "events"

    title: Text
    date: Text | None = Field(None, description="When, as precisely as the source says: "
                              "`2018-07`, `2018-07-10` or `2018`.",
                              pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    place: Text | None = Field(None, description="City or venue.")
    countries: list[Country] = Field(default_factory=list,
                                     description="Country where it took place.")
    organisers: list[Slug] = Field(default_factory=list, description="Organisation ids.")
    participant_countries: list[Country] = Field(
        default_factory=list, description="Countries whose representatives took part.")
    participants: Text | None = Field(None, description="Who took part, in the source's words.")
    description: Text | None = None
    results: list[Text] = Field(default_factory=list)
    mieux_actions: list[Slug] = Field(default_factory=list,
                                      description="MIEUX actions discussed (ids).")
    themes: list[Slug] = Field(default_factory=list)

    def references(self) -> Iterator[Reference]:
        yield from super().references()
        for i, org in enumerate(self.organisers):
            yield Reference(("organisers", i), "organisations", org, N_("Events it organised"))
        for i, a in enumerate(self.mieux_actions):
            yield Reference(("mieux_actions", i), "mieux-actions", a, N_("Events discussing it"))


COLLECTIONS: dict[str, type[Record]] = {
    cls.collection: cls
    for cls in (Organisation, Strategy, Activity, MieuxAction, Mechanism, Figure, Finding,
                Recommendation, Event)
}


# ---------------------------------------------------------------------------------------------
# Reading field annotations (for messages, templates and exports)


def field_choices(annotation: Any) -> list[str]:
    """Allowed values of a Literal field, looking inside Optional, list and Annotated."""
    if typing.get_origin(annotation) is Literal:
        return [str(a) for a in typing.get_args(annotation)]
    for arg in typing.get_args(annotation):
        found = field_choices(arg)
        if found:
            return found
    return []


def nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model class a field holds (directly, in a list, or optionally), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = nested_model(arg)
        if found is not None:
            return found
    return None
