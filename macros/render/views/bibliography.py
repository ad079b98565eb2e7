"""The bibliography page: every entry in the citation style, with what cites it."""

from __future__ import annotations

from collections import defaultdict

from ...cite.scan import PageCitations, cited_keys
from ...model import Record
from ..context import References, ViewContext
from ..html import a, block, escape, front_matter, join
from ..layout import BIBLIOGRAPHY_SRC, DOWNLOADS
from ..text import _, ngettext


class BibliographyPage:
    def __init__(self, context: ViewContext) -> None:
        self.context = context

    def records_citing(self) -> dict[str, list[Record]]:
        """Records by the keys they cite (their own sources and their budgets' sources)."""
        citing: dict[str, list[Record]] = defaultdict(list)
        for record in self.context.evidence.all_records():
            for key in dict.fromkeys(s.key for s in record.all_sources()):
                citing[key].append(record)
        return citing

    def page(self, references: References) -> str:
        here = BIBLIOGRAPHY_SRC
        layout = self.context.layout
        records = self.records_citing()
        pages: dict[str, list[PageCitations]] = defaultdict(list)
        for page in sorted(references.pages.values(), key=lambda p: p.title.casefold()):
            for key in cited_keys([page]):
                pages[key].append(page)
        rows = []
        for key, entry in references.entries.items():
            citing = [a(layout.href(here, page.src) + f"#ref-{key}", page.title)
                      for page in pages.get(key, [])]
            citing += [a(layout.href(here, layout.record_src(r.collection, r.id)) + f"#ref-{key}",
                         r.label) for r in records.get(key, [])]
            cited = (f'<p class="ev-cited-by"><span>{_("Cited by")}</span> {join(citing)}</p>'
                     if citing else
                     f'<p class="ev-cited-by ev-uncited">{_("Not cited yet.")}</p>')
            decoded = self.context.evidence.bibliography.decoded.get(key)
            error = decoded.source_error() if decoded is not None else ""
            label = _("Source error")  # outside the f-string, where Babel finds it
            noted = (f'<p class="ev-source-error"><span>{label}</span> {escape(error)}</p>'
                     if error else "")
            rows.append(f'<div id="ref-{escape(key)}" class="csl-entry ev-bib-entry" '
                        f'role="listitem">{entry}{noted}{cited}</div>')
        downloads = join(
            f'<a href="{escape(layout.static_href(here, src))}" download>{label}</a>'
            for src, label in zip(DOWNLOADS, ("BibTeX", "CSL-JSON"), strict=True))
        entries = ('<span class="ev-count">'
                   + ngettext("{n} entry", "{n} entries", len(references.entries)).format(
                       n=len(references.entries)) + "</span>")
        intro = (_("Every source of the review in the style {style}, {entries}, each with the "
                   "pages and records that cite it. Download it as {downloads}.") if
                 references.style_title else
                 _("Every source of the review, {entries}, each with the pages and records that "
                   "cite it. Download it as {downloads}."))
        intro = intro.format(style=escape(references.style_title), entries=entries,
                             downloads=downloads)
        title = _("Bibliography")
        return (front_matter({"title": title, "render_macros": False})
                + f"\n# {title}\n" + block(f"<p>{intro}</p>")
                + block(f'<div class="ev-bibliography csl-bib-body" role="list">'
                        f'{"".join(rows)}</div>'))
