"""The controlled vocabularies of `evidence/themes.yaml`: the review's themes and the MIEUX
areas they map to."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from .records import Slug, SourceRef, Strict, Text


class Concept(Strict):
    """A term of a controlled vocabulary."""

    id: Slug
    label: Text
    description: Text | None = None


class MieuxArea(Concept):
    """A MIEUX thematic area, or an area within MIEUX's horizontal interventions."""

    group: Literal["thematic-area", "horizontal-intervention"]


class Theme(Concept):
    """A theme of this review, mapped to the taxonomies the sources use."""

    mieux_areas: list[Slug] = Field(default_factory=list,
                                    description="Matching MIEUX areas (ids in this file).")


class Vocabularies(Strict):
    """`evidence/themes.yaml`: the review's themes and the MIEUX areas they map to."""

    themes: list[Theme] = Field(min_length=1)
    mieux_areas: list[MieuxArea] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list,
                                     description="Where the MIEUX areas come from.")
    last_reviewed: dt.date | None = None
