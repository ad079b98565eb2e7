"""The index page of each collection; the activities and figures indexes can be filtered."""

from __future__ import annotations

from ..context import ViewContext
from ..html import block, escape, front_matter, table
from ..text import RECORDS, _, collection_intro, collection_title, count, plural
from .filters import Filters
from .tables import RecordTables

FILTERED = ("activities", "figures")


class CollectionIndex:
    """A collection's index: every record, in a table."""

    def __init__(self, context: ViewContext, tables: RecordTables, filters: Filters) -> None:
        self.context = context
        self.tables = tables
        self.filters = filters

    def page(self, collection: str) -> str:
        here = self.context.layout.index_src(collection)
        records = sorted(self.context.evidence.records[collection].values(),
                         key=lambda r: r.label.casefold())
        title = collection_title(collection)
        head = front_matter({"title": title, "render_macros": False}) + f"\n# {title}\n\n"
        intro = escape(collection_intro(collection))
        if collection in FILTERED:
            return (head + block(
                        f'<p>{intro} <span class="ev-count">{count(len(records), collection)}'
                        "</span>. " + _("Filter them below: the address bar keeps the filter, "
                                        "so a view can be shared.") + "</p>")
                    + block(self.filters.form(collection, records))
                    + block(self.tables.records_table(here, collection, records,
                                                      filterable=True)))
        columns = self.tables.index_columns(collection)
        header = "".join(f'<th scope="col">{escape(name)}</th>' for name, _ in columns)
        rows = "".join(
            "<tr>" + "".join(f"<td>{cell(here, r)}</td>" for _, cell in columns) + "</tr>"
            for r in records)
        body = table("ev-index", f"<thead><tr>{header}</tr></thead><tbody>{rows}</tbody>",
                     f' data-collection="{escape(collection)}"')
        return (head + block(f'<p>{intro} <span class="ev-count">'
                             f"{plural(len(records), RECORDS)}</span>.</p>") + block(body))
