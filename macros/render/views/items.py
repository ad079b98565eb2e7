"""A list a record holds, written out on a hand-written page: a strategy's pillars or axes, an
activity's border crossings, a mechanism's services (`{{ items("mechanisms/r4v", "services") }}`),
so the review says what its source lists without copying the list into the prose."""

from __future__ import annotations

from typing import Any

from ...errors import ReviewError
from ...model import COLLECTIONS, Site, StructureItem
from ...model.geography import country_name
from ..context import ViewContext
from ..html import escape, ul
from .checks import Checks

LISTS = ("structure", "institutional_development", "sites", "services", "objectives",
         "results", "strengths", "gaps", "duplications", "opportunities", "challenges",
         "thematic_areas")
"""The fields whose items the macro writes out."""


class Items:
    def __init__(self, context: ViewContext, checks: Checks) -> None:
        self.context = context
        self.check = checks

    def values(self, path: str, field: str, kind: str | None = None) -> list[str]:
        """The items' texts, in the record's order (a structure's top level; `kind` keeps the
        items of one kind, e.g. `priority-axis`)."""
        collection, _, ident = path.partition("/")
        if collection not in COLLECTIONS:
            raise ReviewError(f"items({path!r}, ...): expected collection/id, e.g. "
                              "strategies/unesco-human-mobility-strategy-2022-2025")
        self.check.id(collection, ident)
        record = self.context.evidence.records[collection][ident]
        if field not in LISTS or field not in type(record).model_fields:
            fields = [f for f in LISTS if f in type(record).model_fields]
            raise ReviewError(f"items({path!r}, {field!r}): a {collection} record has no list "
                              f"{field!r}; use one of {', '.join(fields) or 'none'}")
        values: list[Any] = list(getattr(record, field))
        if kind is not None:
            values = [v for v in values if isinstance(v, StructureItem) and v.kind == kind]
        out = []
        for value in values:
            if isinstance(value, StructureItem):
                out.append(value.title)
            elif isinstance(value, Site):
                where = ", ".join(country_name(c) for c in value.countries)
                out.append(f"{value.name} ({where})" if where else value.name)
            else:
                out.append(str(value))
        return out

    def html(self, path: str, field: str, kind: str | None = None) -> str:
        """The items as a bulleted list; nothing when the record has none."""
        values = self.values(path, field, kind)
        if not values:
            return ""
        return ul((escape(v) for v in values), "ev-items")

    def mieux_areas(self, group: str) -> str:
        """The MIEUX areas of one group of evidence/themes.yaml (`thematic-area`,
        `horizontal-intervention`), as the factsheet lists them, in its order."""
        areas = self.context.evidence.vocabularies.mieux_areas
        groups = sorted({a.group for a in areas})
        if group not in groups:
            raise ReviewError(f"mieux_area_list({group!r}): use one of {', '.join(groups)}")
        labels = self.context.mieux_areas
        return ul((escape(labels[a.id]) for a in areas if a.group == group), "ev-items")
