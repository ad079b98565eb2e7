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
from ..render.text import N_, language
from .geography import UnknownCountry, UnknownRegion, normalise_country, normalise_region
from .translation import Translation, translated

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
IatiOrgId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2}(-[A-Za-z0-9._]+)+$"), Field(
    description="IATI organisation identifier: the registration agency's prefix (org-id.guide), "
    "'-', the organisation's number there, e.g. `XM-DAC-47066`.", examples=["XM-DAC-47066"])]
IatiOrgType = Literal["10", "11", "15", "21", "22", "23", "24", "30", "40", "60", "70", "71",
                      "72", "73", "80", "90"]
"""The codes of IATI's OrganisationType codelist (macros/data/iati/codelists/)."""


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
        """'2019–2022', '2019–ongoing' (in the language being written)."""
        from ..render.locale import year_range

        return year_range(self.start, self.end, self.ongoing)


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


class Draft(Strict):
    """Where an imported record came from, until a person has reviewed it."""

    imported_from: Text = Field(description="What it was made from, e.g. `IATI activity "
                                "NL-1-PPR-24706 (file activities.xml)`.")
    imported_on: dt.date = Field(description="Day it was imported (YYYY-MM-DD).")


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

    # A record is reviewed (last_reviewed) or a draft nobody has reviewed yet, never both.
    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra={"oneOf": [
        {"required": ["last_reviewed"]}, {"required": ["draft"]}]})

    collection: ClassVar[str]
    title_field: ClassVar[str] = "title"

    id: Slug = Field(description="Identifier; must equal the file name without `.yaml`.")
    sources: list[SourceRef] = Field(
        min_length=1, description="Every source the record's statements come from, with locators.")
    last_reviewed: dt.date | None = Field(
        None, description="Date a person last checked the record against its sources "
        "(YYYY-MM-DD); required unless the record is a draft.")
    notes: list[Text] = Field(
        default_factory=list,
        description="Caveats: where a source is ambiguous, looks wrong or disagrees with another.")
    draft: Draft | None = Field(
        None, description="Set by `evidence import` on a record no person has reviewed yet; "
        "remove it and set last_reviewed once someone has.")

    @model_validator(mode="after")
    def _reviewed_or_draft(self) -> Record:
        if self.last_reviewed is None and self.draft is None:
            raise PydanticCustomError(
                "missing", "required field is missing (a record nobody has reviewed yet is a "
                "draft: see `evidence import`)", {"field": "last_reviewed"})
        if self.last_reviewed is not None and self.draft is not None:
            raise PydanticCustomError(
                "draft_reviewed", "a reviewed record is no draft: remove `draft`",
                {"field": "draft"})
        return self

    translations: dict[Literal["es"], Translation] = Field(
        default_factory=dict,
        description="The record's text in Spanish (`es`): any of its text fields by their "
        "English names, and `provenance` (by: person or tool, reviewed, date, original: the "
        "fingerprint of the English text, which `evidence validate` prints; source: where a "
        "source gives the text). Same numbers as the English text; adds nothing.")

    def localised(self, name: str) -> Any:
        """A field's value in the language being written: its translation where the record
        has one, else the English."""
        lang = language()
        if lang != "en":
            found = translated(self, name, lang)
            if found is not None:
                return found
        return getattr(self, name, None)

    def is_translated(self, name: str) -> bool:
        """Whether `localised(name)` is a translation (in the language being written)."""
        lang = language()
        return lang != "en" and translated(self, name, lang) is not None

    @property
    def label(self) -> str:
        return str(self.localised(self.title_field))

    @property
    def short_name(self) -> str:
        """What tables and charts call the record: its acronym where it has one."""
        return self.localised("acronym") or self.label

    @property
    def full_name(self) -> str:
        """Its label, with its acronym in brackets where it has another one."""
        acronym = self.localised("acronym")
        return f"{self.label} ({acronym})" if acronym and acronym != self.label else self.label

    def names(self) -> list[str]:
        """Every name a reader may know the record by, for suggestions when an id is wrong:
        its name or title, acronym and other names (a field that holds more names, such as
        translated ones, adds them here). Also called on a record as written, before
        validation, so values that are not text are left out."""
        names = [getattr(self, self.title_field, None), getattr(self, "acronym", None),
                 *(getattr(self, "other_names", None) or ())]
        translations = getattr(self, "translations", None)
        for given in (translations.values() if isinstance(translations, dict) else ()):
            texts = given.texts() if isinstance(given, Translation) else given
            if isinstance(texts, dict):  # its Spanish names and acronym ('OIM', 'ACNUR')
                others = texts.get("other_names")
                names += [texts.get(self.title_field), texts.get("acronym"),
                          *(others if isinstance(others, list) else ())]
        return [n for n in names if isinstance(n, str)]

    def field_values(self) -> dict[str, Any]:
        """Every field's value by name, in the model's order (what a record page lists)."""
        return {name: getattr(self, name) for name in type(self).model_fields}

    def all_sources(self) -> list[SourceRef]:
        """The record's sources and those of its budget lines and country count, in order."""
        count = getattr(self, "country_count", None)
        return [*self.sources, *(s for b in getattr(self, "budget", ()) for s in b.sources),
                *(count.sources if count else ())]

    def references(self) -> Iterator[Reference]:
        """Every reference to another record or vocabulary term.

        Also called on a record as written when it is not valid (`evidence.problems.partial`),
        so that its references are checked in the same run: there any value may be of the
        wrong kind (the loader skips ids that are not text), so look values up with care."""
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
    iati_identifier: IatiOrgId | None = Field(
        None, description="Its IATI organisation identifier, where a source or the IATI "
        "registry gives it, e.g. `XM-DAC-47066`.")
    iati_type: IatiOrgType | None = Field(
        None, description="Its IATI OrganisationType code where known, e.g. `40` "
        "(multilateral), `10` (government), `21` (international NGO).")

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
    period_start: dt.date | None = Field(None, description="First day of the period the "
                                         "amount covers (YYYY-MM-DD), where a source gives it.")
    period_end: dt.date | None = Field(None, description="Last day of that period "
                                       "(YYYY-MM-DD), where a source gives it.")
    value_date: dt.date | None = Field(None, description="Date the amount is valued at, for "
                                       "currency conversion (YYYY-MM-DD), where a source gives "
                                       "it.")
    type: Literal["original", "revised"] | None = Field(
        None, description="IATI budget type: the original budget, or a revised one.")

    @model_validator(mode="after")
    def _period_order(self) -> Budget:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise PydanticCustomError(
                "period_order", "period_end {end} is before period_start {start}",
                {"end": str(self.period_end), "start": str(self.period_start),
                 "field": "period_end"})
        return self


DateType = Literal["planned-start", "actual-start", "planned-end", "actual-end"]


class ActivityDate(Strict):
    """A day an activity started or ends, as a source gives it (IATI activity-date)."""

    type: DateType = Field(description="planned-start, actual-start, planned-end or actual-end "
                           "(IATI ActivityDateType).")
    date: dt.date = Field(description="The day (YYYY-MM-DD); a year alone goes in `period`.")
    sources: list[SourceRef] = Field(min_length=1, description="Where a source gives the day.")


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
    dates: list[ActivityDate] = Field(default_factory=list, description="Start and end days, "
                                      "where sources give the day (IATI activity dates).")
    status: Status | None = Field(None, description="IATI activity status, where a source says.")
    status_source: SourceRef | None = Field(
        None, description="Where a source states the status, e.g. the programme \"is "
        "implementing\" (the IATI file exports a status only with one).")
    iati_identifier: Text | None = Field(None, description="The activity's IATI identifier, "
                                         "where it is published in IATI.")
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
                            ROLE_RELATION.get(p.role, "") if isinstance(p.role, str) else "")
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
            if not isinstance(target, str):
                continue
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
    if typing.get_origin(annotation) is dict:  # a mapping's keys are not its values' choices
        return []
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
