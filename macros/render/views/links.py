"""Links to records and the names they go by."""

from __future__ import annotations

from collections.abc import Iterable

from ..context import ViewContext
from ..html import a, escape, join


class Links:
    """Links from a page to records, named as the record is."""

    def __init__(self, context: ViewContext) -> None:
        self.context = context
        self.records = context.evidence.records
        self.layout = context.layout

    def href(self, here: str, collection: str, ident: str) -> str:
        return self.layout.href(here, self.layout.record_src(collection, ident))

    def link(self, here: str, collection: str, ident: str) -> str:
        """A link named after the record, its acronym in brackets."""
        target = self.records[collection][ident]
        return a(self.href(here, collection, ident), target.full_name)

    def short_link(self, here: str, collection: str, ident: str) -> str:
        """A link named by the record's acronym where it has one."""
        target = self.records[collection][ident]
        return a(self.href(here, collection, ident), target.short_name)

    def theme_names(self, themes: Iterable[str]) -> str:
        labels = self.context.themes
        return join(f'<span class="ev-theme">{escape(labels[t])}</span>' for t in themes)
