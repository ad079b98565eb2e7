"""The record model: one typed class per collection, the controlled vocabularies, and the
countries and subregions of the review (`geography`).

The classes are the single source of truth for what a record may contain: the validator uses
them, the site renders from them, and `evidence schemas` writes the JSON Schemas from them.
"""

from .records import (
    COLLECTIONS,
    ROLE_RELATION,
    Activity,
    Budget,
    CountryCount,
    Event,
    Figure,
    Finding,
    Mechanism,
    MemberCount,
    MieuxAction,
    Organisation,
    Participant,
    Period,
    Recommendation,
    Record,
    Reference,
    Site,
    SourceRef,
    Strategy,
    StructureItem,
    field_choices,
    nested_model,
)
from .vocabularies import Concept, MieuxArea, Theme, Vocabularies

__all__ = [
    "COLLECTIONS",
    "ROLE_RELATION",
    "Activity",
    "Budget",
    "Concept",
    "CountryCount",
    "Event",
    "Figure",
    "Finding",
    "Mechanism",
    "MemberCount",
    "MieuxAction",
    "MieuxArea",
    "Organisation",
    "Participant",
    "Period",
    "Recommendation",
    "Record",
    "Reference",
    "Site",
    "SourceRef",
    "Strategy",
    "StructureItem",
    "Theme",
    "Vocabularies",
    "field_choices",
    "nested_model",
]
