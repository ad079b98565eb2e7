"""The coverage page: what was encoded from each source, section by section."""

from __future__ import annotations

from ...evidence.coverage import coverage
from ...model import Record
from ..context import ViewContext
from ..html import a, block, escape, front_matter, join, md_escape, table
from ..layout import COVERAGE_SRC
from ..text import _


class CoveragePage:
    def __init__(self, context: ViewContext) -> None:
        self.context = context

    def record_link(self, here: str, record: Record) -> str:
        layout = self.context.layout
        return a(layout.href(here, layout.record_src(record.collection, record.id)), record.id)

    def page(self) -> str:
        here = COVERAGE_SRC
        entries = coverage(self.context.evidence)
        rows = []
        for c in entries:
            anchor = f'<a href="#{escape(c.key)}">{escape(c.title)}</a>' if c.records else escape(
                c.title)
            rows.append(f"<tr><td>{anchor} <code>{escape(c.key)}</code></td>"
                        f"<td>{len(c.records)}</td><td>{len(c.sections)}</td>"
                        f"<td>{len(c.cited_as_original)}</td></tr>")
        summary = table("ev-coverage", "<thead><tr>" + "".join(
            f"<th>{h}</th>" for h in (_("Source"), _("Records from it"), _("Sections"),
                                      _("Cited as the original by")))
            + f"</tr></thead><tbody>{''.join(rows)}</tbody>")
        title = _("Coverage of the sources")
        parts = [front_matter({"title": title, "render_macros": False}),
                 f"\n# {title}\n",
                 block("<p>" + _("For each source, which records were encoded from it, section "
                                 "by section (from the locators the records give), so you can "
                                 "see what was taken from each part of a document. <em>Cited as "
                                 "the original</em> counts records that cite a document through "
                                 "the source that cites it.") + "</p>"),
                 block(summary)]
        head = "<thead><tr>" + "".join(
            f"<th>{h}</th>" for h in (_("Section"), _("Records"), _("Which"))) + "</tr></thead>"
        for c in entries:
            if not c.records:
                continue
            parts.append(f"\n## {md_escape(c.title)} {{#{c.key}}}\n")
            body = "".join(
                f"<tr><td>{escape(place)}</td><td>{len(records)}</td><td>"
                + join(self.record_link(here, r) for r in records) + "</td></tr>"
                for place, records in c.sections.items())
            parts.append(block(table("ev-coverage-sections", f"{head}<tbody>{body}</tbody>")))
        return "".join(parts)
