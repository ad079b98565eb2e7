"""The tables of records the review pages call as macros (`{{ activities(theme=...) }}`), and
inline references to a record or a figure."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ...errors import ReviewError
from ...evidence import analysis
from ...evidence.analysis import record_themes
from ...model import COLLECTIONS, Record
from ..context import ViewContext
from ..html import a
from .checks import Checks
from .facts import figure_text
from .tables import RecordTables


def by_label(records: Any) -> list[Any]:
    return sorted(records, key=lambda r: r.label.casefold())


class RecordBlocks:
    """Tables of the records matching every filter given."""

    def __init__(self, context: ViewContext, tables: RecordTables, checks: Checks) -> None:
        self.context = context
        self.tables = tables
        self.check = checks

    def select(self, collection: str, keep: Callable[[Any], bool]) -> list[Record]:
        return by_label(r for r in self.context.evidence.records[collection].values() if keep(r))

    def activities(self, here: str, *, organisation: str | None = None,
                   role: str | None = None, theme: str | None = None,
                   country: str | None = None, kind: str | None = None,
                   source: str | None = None) -> str:
        self.check.id("organisations", organisation)
        self.check.theme(theme)
        self.check.key(source)
        records = analysis.select_activities(
            self.context.evidence, self.context.edition_year, organisation=organisation,
            role=role, theme=theme, country=self.check.country(country), kind=kind,
            source=source)
        return self.tables.records_table(here, "activities", by_label(records))

    def strategies(self, here: str, *, organisation: str | None = None,
                   theme: str | None = None, source: str | None = None) -> str:
        self.check.id("organisations", organisation)
        self.check.theme(theme)
        self.check.key(source)
        records = self.select("strategies", lambda s: (
            (organisation is None or organisation in s.organisations)
            and (theme is None or theme in record_themes(s))
            and (source is None or source in analysis.cited_keys_of(s))))
        return self.tables.records_table(here, "strategies", records)

    def mechanisms(self, here: str, *, organisation: str | None = None,
                   theme: str | None = None, country: str | None = None,
                   level: str | None = None, source: str | None = None,
                   locator: str | None = None) -> str:
        self.check.id("organisations", organisation)
        self.check.theme(theme)
        self.check.key(source)
        code = self.check.country(country)
        records = self.select("mechanisms", lambda m: (
            (organisation is None or organisation in (*m.leads, *m.members))
            and (theme is None or theme in m.themes)
            and (code is None or code in m.countries)
            and (level is None or m.level == level)
            and (source is None or (source in analysis.cited_keys_of(m) and (
                locator is None or any(place.strip().startswith(locator)
                                       for loc in analysis.locators_of(m, source)
                                       for place in loc.split(";")))))))
        return self.tables.records_table(here, "mechanisms", records)

    def figures(self, here: str, *, dataset: str | None = None, indicator: str | None = None,
                country: str | None = None, theme: str | None = None, about: str | None = None,
                source: str | None = None) -> str:
        self.check.theme(theme)
        self.check.key(source)
        code = self.check.country(country)
        records = self.select("figures", lambda f: (
            (dataset is None or f.dataset == dataset)
            and (indicator is None or f.indicator == indicator)
            and (code is None or code in f.countries)
            and (theme is None or theme in f.themes)
            and (about is None or about in f.about)
            and (source is None or source in analysis.cited_keys_of(f))))
        return self.tables.records_table(here, "figures", records)

    def events(self, here: str, *, organisation: str | None = None,
               source: str | None = None) -> str:
        self.check.id("organisations", organisation)
        self.check.key(source)
        records = self.select("events", lambda e: (
            (organisation is None or organisation in e.organisers)
            and (source is None or source in analysis.cited_keys_of(e))))
        return self.tables.records_table(here, "events", records)

    def organisations(self, here: str, *, kind: str | None = None,
                      ids: Sequence[str] | None = None) -> str:
        for ident in ids or ():
            self.check.id("organisations", ident)
        records = self.select("organisations", lambda o: (
            (kind is None or o.kind == kind) and (ids is None or o.id in ids)))
        return self.tables.records_table(here, "organisations", records)

    def record_link(self, here: str, path: str) -> str:
        """A link to a record (`collection/id`), named after it."""
        collection, _, ident = path.partition("/")
        if collection not in COLLECTIONS:
            raise ReviewError(f"{path!r}: expected collection/id, e.g. mechanisms/r4v")
        self.check.id(collection, ident)
        record = self.context.evidence.records[collection][ident]
        layout = self.context.layout
        return a(layout.href(here, layout.record_src(collection, ident)), record.label)

    def figure_inline(self, ident: str) -> tuple[str, list[tuple[str, str]]]:
        """A figure's value as the source qualifies it, and its (key, locator) sources."""
        self.check.id("figures", ident)
        figure = self.context.evidence.figures[ident]
        return figure_text(figure), [(s.key, s.locator) for s in figure.sources]
