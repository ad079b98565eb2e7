"""The message catalogue: every piece of editorial text the site writes goes through here.

Text is looked up with gettext, through Babel: `_()` for a message, `ngettext()` for one that
counts, `pgettext()` where one English word has two meanings. The catalogue is extracted from
the code (`make messages`: `macros/locale/messages.pot`) and each language's is read from
`macros/locale/<lang>/LC_MESSAGES/messages.po` and compiled in memory when first used (no
`.mo` file is committed). The English catalogue translates nothing: English is the messages
themselves, so the English site says exactly what the code says.

Messages are written with named placeholders (`{n}`, `{name}`), filled with `str.format` after
the lookup, so a translation can put them in another order.

Tables of words (collection titles, field labels, the words of each vocabulary) mark their
entries with `N_`, `NN_` (a singular and a plural) and `NP_` (a context and a word) for the
extractor, and are looked up when the text is written.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib.resources import files
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

DOMAIN = "messages"
_WRITING: ContextVar[NullTranslations | None] = ContextVar("catalogue", default=None)
"""The catalogue of the language being written (None: English)."""
_LANGUAGE: ContextVar[str] = ContextVar("language", default="en")
"""The language being written, as a BCP 47 tag ("en", "es"): for Babel's names, numbers and
dates, and for `lang` attributes."""


@cache
def catalogue(locale: str, directory: Path | None = None) -> NullTranslations:
    """The compiled catalogue of a language, from `directory/<locale>/LC_MESSAGES/` (the
    package's `locale/` folder by default); the messages themselves when it has none."""
    po = (directory / locale if directory else files("macros").joinpath("locale", locale)
          ).joinpath("LC_MESSAGES", f"{DOMAIN}.po")
    if not po.is_file():
        return NullTranslations()
    with po.open("rb") as source:
        messages = read_po(source, locale=locale, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, messages)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


@contextmanager
def writing_in(translations: NullTranslations) -> Iterator[None]:
    """Write the text of the views called inside the block with this catalogue."""
    token = _WRITING.set(translations)
    try:
        yield
    finally:
        _WRITING.reset(token)


@contextmanager
def writing_language(language: str) -> Iterator[None]:
    """Write the views called inside the block in this language: its catalogue for the words,
    its locale for names, numbers and dates (`language()`)."""
    token = _LANGUAGE.set(language)
    try:
        with writing_in(catalogue(language)):
            yield
    finally:
        _LANGUAGE.reset(token)


def language() -> str:
    """The language being written ("en" outside any `writing_language` block)."""
    return _LANGUAGE.get()


def _translations() -> NullTranslations:
    return _WRITING.get() or catalogue("en")


def _(message: str) -> str:
    """A message in the language being written."""
    return _translations().gettext(message)


gettext = _


def ngettext(singular: str, plural: str, n: int) -> str:
    """A message that counts: the singular or a plural form, as the language has them."""
    return _translations().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """A message whose English words mean more than one thing, told apart by a context."""
    return str(_translations().pgettext(context, message))


def N_(message: str) -> str:
    """Marks a message for the extractor; looked up later with `_()`."""
    return message


def NN_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a singular and its plural for the extractor; looked up later with `ngettext`."""
    return singular, plural


def NP_(context: str, message: str) -> tuple[str, str]:
    """Marks a message with its context for the extractor; looked up later with `pgettext`."""
    return context, message


def plural(n: int, forms: tuple[str, str]) -> str:
    """'1 record', '2 records': the number and the word as the language counts it."""
    return f"{n} {ngettext(*forms, n)}"


# ---------------------------------------------------------------------------------------------
# Collections


COLLECTION_TITLES = {
    "organisations": N_("Organisations"), "strategies": N_("Strategies"),
    "activities": N_("Activities"), "mieux-actions": N_("MIEUX actions"),
    "mechanisms": N_("Coordination mechanisms"), "figures": N_("Figures"),
    "findings": N_("Findings"), "recommendations": N_("Recommendations"),
    "events": N_("Events"),
}
COLLECTION_INTROS = {
    "organisations": N_("Agencies, funds, banks, donor governments, regional bodies, networks "
                        "and research centres named in the sources."),
    "strategies": N_("Strategies, work plans and frameworks, with their pillars, areas and "
                     "priorities as data."),
    "activities": N_("Programmes, projects, initiatives, data portals and funds: who funds and "
                     "implements them, where, and when."),
    "mieux-actions": N_("Actions of the EU-ICMPD Migration EU eXpertise (MIEUX) initiative in "
                        "the region."),
    "mechanisms": N_("Coordination mechanisms, networks and regional consultative processes."),
    "figures": N_("Numbers stated by the sources, each with what it measures and where it "
                  "comes from."),
    "findings": N_("Findings of the sources, such as the 2024 study of coordination "
                   "mechanisms."),
    "recommendations": N_("Recommendations and guidelines the sources make, and whom they "
                          "address."),
    "events": N_("Meetings and round-tables the sources report."),
}
# The singular and plural of a collection's records.
COLLECTION_NOUNS = {
    "organisations": NN_("organisation", "organisations"),
    "strategies": NN_("strategy", "strategies"),
    "activities": NN_("activity", "activities"),
    "mieux-actions": NN_("MIEUX action", "MIEUX actions"),
    "mechanisms": NN_("mechanism", "mechanisms"),
    "figures": NN_("figure", "figures"), "findings": NN_("finding", "findings"),
    "recommendations": NN_("recommendation", "recommendations"),
    "events": NN_("event", "events"),
}
RECORDS = NN_("record", "records")


def collection_title(collection: str) -> str:
    return _(COLLECTION_TITLES[collection])


def collection_intro(collection: str) -> str:
    return _(COLLECTION_INTROS[collection])


def noun(collection: str, n: int) -> str:
    """'activity' or 'activities' (n is how many)."""
    return ngettext(*COLLECTION_NOUNS[collection], n)


def count(n: int, collection: str) -> str:
    """'1 activity', '12 activities'."""
    return f"{n} {noun(collection, n)}"


# ---------------------------------------------------------------------------------------------
# Fields of the records


FIELD_LABELS = {
    "kind": N_("Kind"), "acronym": N_("Acronym"), "other_names": N_("Also called"),
    "country": N_("Country"), "parent": N_("Part of"), "url": N_("Website"),
    "organisations": N_("Organisations"), "period": N_("Period"),
    "scope": N_("Geographic scope"), "countries": N_("Countries"), "themes": N_("Themes"),
    "participants": N_("Organisations"), "sites": N_("Borders and sites"),
    "status": N_("Status"), "budget": N_("Budget"), "strategies": N_("Related strategies"),
    "mechanisms": N_("Related mechanisms"), "network": N_("Network supported"),
    "partners": N_("Partners"), "mieux_areas": N_("MIEUX areas"), "level": N_("Level"),
    "leads": N_("Lead"), "members": N_("Members"), "member_count": N_("Number of members"),
    "iom_role": N_("Role of IOM"), "value": N_("Value"), "unit": N_("Unit"),
    "qualifier": N_("Qualifier"), "year": N_("Year"), "measure": N_("What it measures"),
    "about": N_("About"), "category": N_("Category"), "indicator": N_("Indicator"),
    "dataset": N_("Table"), "date": N_("Date"), "place": N_("Place"),
    "organisers": N_("Organisers"), "participant_countries": N_("Countries taking part"),
    "mieux_actions": N_("MIEUX actions discussed"), "addressed_to": N_("Addressed to"),
    "regions": N_("Regions covered"), "country_count": N_("Number of countries"),
}
FIELD_LABELS_BY_COLLECTION = {
    ("strategies", "partners"): N_("Key partners"), ("events", "participants"): N_("Participants"),
}
LONG_TEXT_HEADINGS = {
    "summary": N_("Summary"), "text": N_("Text"), "description": N_("Description"),
    "mandate": N_("Mandate"), "context": N_("Context"), "vision": N_("Vision"),
}
"""Headings of a record's long texts after the first, which opens its page unheaded."""
TEXT_LIST_HEADINGS = {
    "objectives": N_("Objectives"), "results": N_("Results"), "services": N_("Services"),
    "strengths": N_("Strengths"),
    "gaps": N_("Gaps"), "duplications": N_("Duplications"),
    "opportunities": N_("Opportunities"), "challenges": N_("Challenges"),
    "thematic_areas": N_("Thematic areas in the region"),
}


def field_label(collection: str, name: str) -> str:
    label = FIELD_LABELS_BY_COLLECTION.get((collection, name)) or FIELD_LABELS.get(name)
    return _(label) if label else name.replace("_", " ").capitalize()


# ---------------------------------------------------------------------------------------------
# The words of the vocabularies


QUALIFIERS = {
    "approximately": NP_("qualifier", "about"),
    "more-than": NP_("qualifier", "more than"), "less-than": NP_("qualifier", "less than"),
    "almost": NP_("qualifier", "almost"), "up-to": NP_("qualifier", "up to"),
}
"""How a number is qualified, as words before it ('more than 200'); an exact one has none."""
VOCABULARIES = {
    "organisation-kind": {
        "un-entity": NP_("organisation kind", "UN entity"),
        "development-bank": NP_("organisation kind", "development bank"),
        "bilateral-donor": NP_("organisation kind", "bilateral donor"),
        "eu-body": NP_("organisation kind", "EU body"),
        "regional-body": NP_("organisation kind", "regional body"),
        "intergovernmental-organisation": NP_("organisation kind",
                                              "intergovernmental organisation"),
        "government": NP_("organisation kind", "government"),
        "ngo": NP_("organisation kind", "NGO"),
        "research-centre": NP_("organisation kind", "research centre"),
        "network": NP_("organisation kind", "network"),
        "private-sector": NP_("organisation kind", "private sector"),
        "other": NP_("organisation kind", "other"),
    },
    "activity-kind": {
        "programme": NP_("activity kind", "programme"),
        "project": NP_("activity kind", "project"),
        "initiative": NP_("activity kind", "initiative"),
        "data-portal": NP_("activity kind", "data portal"),
        "fund": NP_("activity kind", "fund"),
        "research-programme": NP_("activity kind", "research programme"),
        "monitoring": NP_("activity kind", "monitoring"),
        "platform": NP_("activity kind", "platform"),
        "other": NP_("activity kind", "other"),
    },
    "mechanism-kind": {
        "coordination-platform": NP_("mechanism kind", "coordination platform"),
        "network": NP_("mechanism kind", "network"),
        "regional-consultative-process": NP_("mechanism kind", "regional consultative process"),
        "framework": NP_("mechanism kind", "framework"),
        "initiative": NP_("mechanism kind", "initiative"),
        "coalition": NP_("mechanism kind", "coalition"),
        "working-group": NP_("mechanism kind", "working group"),
        "agreement": NP_("mechanism kind", "agreement"),
        "forum": NP_("mechanism kind", "forum"),
        "other": NP_("mechanism kind", "other"),
    },
    "structure-kind": {
        "pillar": NP_("structure kind", "pillar"),
        "thematic-area": NP_("structure kind", "thematic area"),
        "objective": NP_("structure kind", "objective"),
        "priority": NP_("structure kind", "priority"),
        "priority-axis": NP_("structure kind", "priority axis"),
        "strategic-priority": NP_("structure kind", "strategic priority"),
        "outcome": NP_("structure kind", "outcome"),
        "area": NP_("structure kind", "area"),
        "activity": NP_("structure kind", "activity"),
    },
    "role": {
        "funding": NP_("role", "funding"), "accountable": NP_("role", "accountable"),
        "extending": NP_("role", "extending"), "implementing": NP_("role", "implementing"),
        "partner": NP_("role", "partner"),
    },
    "status": {
        "pipeline": NP_("status", "pipeline"), "implementation": NP_("status", "implementation"),
        "finalisation": NP_("status", "finalisation"), "closed": NP_("status", "closed"),
        "cancelled": NP_("status", "cancelled"), "suspended": NP_("status", "suspended"),
    },
    "level": {
        "global": NP_("level", "global"), "bi-regional": NP_("level", "bi-regional"),
        "regional": NP_("level", "regional"), "subregional": NP_("level", "subregional"),
        "national": NP_("level", "national"), "local": NP_("level", "local"),
    },
}
"""The words of each controlled vocabulary of the records, by value, as a reader writes them
('UN entity', 'data portal')."""
KIND_VOCABULARY = {"organisations": "organisation-kind", "activities": "activity-kind",
                   "mechanisms": "mechanism-kind"}
"""Which vocabulary a collection's `kind` field takes its words from."""


def word(vocabulary: str, value: str) -> str:
    """A vocabulary's value as words ('data-portal' → 'data portal')."""
    found = VOCABULARIES[vocabulary].get(value)
    return pgettext(*found) if found else value.replace("-", " ")


def qualifier(value: str) -> str:
    found = QUALIFIERS.get(value)
    return pgettext(*found) if found else ""


# ---------------------------------------------------------------------------------------------
# Places


SUBREGIONS = {
    "Caribbean": NP_("subregion", "Caribbean"),
    "Central America": NP_("subregion", "Central America"),
    "South America": NP_("subregion", "South America"),
    "Northern America": NP_("subregion", "Northern America"),
    "Outside the Americas": NP_("subregion", "Outside the Americas"),
}
SUBREGION_FILTER_LABELS = {
    "caribbean": NP_("subregion filter", "Caribbean"),
    "central-america": NP_("subregion filter", "Central America"),
    "south-america": NP_("subregion filter", "South America"),
    "northern-america": NP_("subregion filter", "Northern America"),
    "outside-the-americas": NP_("subregion filter", "Outside the Americas"),
}
"""A subregion as the filters of the indexes name it."""


def subregion_name(name: str) -> str:
    found = SUBREGIONS.get(name)
    return pgettext(*found) if found else name


def subregion_filter_label(value: str) -> str:
    found = SUBREGION_FILTER_LABELS.get(value)
    return pgettext(*found) if found else value.replace("-", " ").capitalize()


REGION_NAMES = {
    "001": NP_("M49 region", "World"),
    "002": NP_("M49 region", "Africa"),
    "005": NP_("M49 region", "South America"),
    "009": NP_("M49 region", "Oceania"),
    "011": NP_("M49 region", "Western Africa"),
    "013": NP_("M49 region", "Central America"),
    "014": NP_("M49 region", "Eastern Africa"),
    "015": NP_("M49 region", "Northern Africa"),
    "017": NP_("M49 region", "Middle Africa"),
    "018": NP_("M49 region", "Southern Africa"),
    "019": NP_("M49 region", "Americas"),
    "021": NP_("M49 region", "Northern America"),
    "029": NP_("M49 region", "Caribbean"),
    "030": NP_("M49 region", "Eastern Asia"),
    "034": NP_("M49 region", "Southern Asia"),
    "035": NP_("M49 region", "South-eastern Asia"),
    "039": NP_("M49 region", "Southern Europe"),
    "053": NP_("M49 region", "Australia and New Zealand"),
    "054": NP_("M49 region", "Melanesia"),
    "057": NP_("M49 region", "Micronesia"),
    "061": NP_("M49 region", "Polynesia"),
    "142": NP_("M49 region", "Asia"),
    "143": NP_("M49 region", "Central Asia"),
    "145": NP_("M49 region", "Western Asia"),
    "150": NP_("M49 region", "Europe"),
    "151": NP_("M49 region", "Eastern Europe"),
    "154": NP_("M49 region", "Northern Europe"),
    "155": NP_("M49 region", "Western Europe"),
    "202": NP_("M49 region", "Sub-Saharan Africa"),
    "419": NP_("M49 region", "Latin America and the Caribbean")
,
}
"""The UN M49 regions (macros/data/m49.json) by code, as the site names them."""


def region_name(code: str) -> str:
    """An M49 region's name in the language being written ('419' → 'Latin America and the
    Caribbean'); the code itself when it is not an M49 region."""
    found = REGION_NAMES.get(code)
    return pgettext(*found) if found else code
