"""A record's own page: what it says, its facts, its sources and what refers to it."""

from __future__ import annotations

from collections import defaultdict

from ...model import Figure, Record, Strategy
from ...model.translation import Provenance, is_stale, translation
from ..context import ViewContext
from ..html import a, block, escape, front_matter, ul
from ..layout import BIBLIOGRAPHY_SRC
from ..locale import date
from ..markup import render_markdown
from ..text import (
    KIND_VOCABULARY,
    LONG_TEXT_HEADINGS,
    NN_,
    TEXT_LIST_HEADINGS,
    _,
    collection_title,
    language,
    plural,
    word,
)
from .facts import LONG_TEXT, TEXT_LISTS, Facts, figure_text, written_by_locale
from .links import Links

# Search ranks a record above the many figures and findings that mention it.
SEARCH_BOOST = {"organisations": 4, "activities": 4, "mechanisms": 4, "strategies": 4,
                "mieux-actions": 4, "events": 2}
SOURCES = NN_("source", "sources")


class RecordPageCache:
    """While serving: each record page's Markdown with what it was made from, so that the
    rebuild after an edit renders only the record pages the edit can change. A record page
    shows its record (and its file's path), the label of every record it links to and of every
    record linking to it, and the context: vocabularies, the bibliography's formatted entries,
    the URL layout and the edition. A page is reused while its record and those records are
    the same objects or equal ones (`RecordCache` keeps the records of unchanged files), and
    every page is rendered again when the context changes."""

    def __init__(self) -> None:
        self.context: object = None
        self.pages: dict[tuple[str, str], tuple[tuple[object, ...], str]] = {}
        self.rendered = 0
        """Record pages rendered (not reused) by the last build."""

    def start(self, context: object) -> None:
        """Begin a build; `context` is everything besides the records that pages show."""
        if context != self.context:
            self.pages.clear()
        self.context = context
        self.rendered = 0


def lang_attr(record: Record, name: str) -> str:
    """' lang="en"' on a field's text shown untranslated on a page in another language."""
    return "" if language() == "en" or record.is_translated(name) else ' lang="en"'


def provenance_text(provenance: Provenance) -> str:
    """Who translated a record's text, whether a person reviewed it, and when."""
    day = date(provenance.date)
    if provenance.source is not None:
        return _("As the source gives it ({key}, {locator}); recorded {date}").format(
            key=provenance.source.key, locator=provenance.source.locator, date=day)
    if provenance.by == "tool":
        return (_("Translated by a tool and reviewed by a person, {date}") if provenance.reviewed
                else _("Translated by a tool, not reviewed by a person, {date}")).format(date=day)
    return (_("Translated by a person and reviewed, {date}") if provenance.reviewed
            else _("Translated by a person, not reviewed, {date}")).format(date=day)


def translation_marks(record: Record) -> str:
    """The discreet 'Translation' mark of a page showing a record's translated text, and a
    badge when the English text changed after the translation was made."""
    marks = ""
    found = translation(record, language()) if language() != "en" else None
    if found is not None and found.texts():
        marks += (f' <span class="ev-badge ev-translation" title="'
                  f'{escape(provenance_text(found.provenance))}">' + _("Translation")
                  + "</span>")
    if any(is_stale(record, lang) for lang in record.translations):
        marks += (' <span class="ev-badge ev-stale" title="'
                  + escape(_("The English text changed after the translation was made"))
                  + '">' + _("translation needs review") + "</span>")
    return marks


def reference_text(context: ViewContext, key: str) -> str:
    """A plain reference, for pages rendered without a formatted bibliography."""
    bib = context.evidence.bibliography
    author = bib.field(key, "author") or bib.field(key, "institution")
    year = bib.field(key, "year") or bib.field(key, "date")[:4] or "n.d."
    title = f"<cite>{escape(bib.field(key, 'title'))}</cite>"
    return f"{escape(author)} ({escape(year)}) {title}." if author else f"{title} ({year})."


class RecordPage:
    """The page of one record."""

    def __init__(self, context: ViewContext, links: Links,
                 cache: RecordPageCache | None = None) -> None:
        self.context = context
        self.links = links
        self.facts = Facts(context, links)
        self.cache = cache
        """While serving, record pages kept from the previous build."""

    def cached(self, record: Record) -> str:
        """The page, from the serve cache when nothing it shows has changed."""
        cache = self.cache
        if cache is None:
            return self.page(record)
        key = (record.collection, record.id)
        inputs = self.inputs(record)
        kept = cache.pages.get(key)
        if kept is not None and kept[0] == inputs:  # tuples compare by identity first
            return kept[1]
        markdown = self.page(record)
        cache.pages[key] = (inputs, markdown)
        cache.rendered += 1
        return markdown

    def inputs(self, record: Record) -> tuple[object, ...]:
        """The records (and the file path) a record page shows, besides the context."""
        evidence = self.context.evidence
        records = evidence.records
        inputs: list[object] = [record, evidence.source_path(record)]
        for ref in record.references():  # every link on the page is a validated reference
            if ref.collection in records:
                inputs.append(records[ref.collection].get(ref.id))
        for backlink in evidence.backlinks_of(record):
            inputs += (backlink, records[backlink.collection][backlink.id])
        return tuple(inputs)

    def header(self, here: str, record: Record, kind: str | None) -> str:
        layout = self.context.layout
        collection = record.collection
        crumbs = a(layout.href(here, layout.index_src(collection)), collection_title(collection))
        path = self.context.evidence.source_path(record)
        badge = (f' <span class="ev-badge">{escape(word(KIND_VOCABULARY[collection], kind))}'
                 "</span>" if kind else "")
        edition = self.context.edition
        if record.draft is not None or record.last_reviewed is None:
            draft = record.draft
            provenance = _("Not yet reviewed: a draft imported from {origin} on {date} · from "
                           "{sources} · record file {file}").format(
                origin=escape(draft.imported_from) if draft else "?",
                date=(f'<time datetime="{draft.imported_on}">{date(draft.imported_on)}'
                      "</time>") if draft else "?",
                sources=plural(len(record.sources), SOURCES),
                file=f"<code>{escape(path)}</code>")
            provenance += ' <span class="ev-badge ev-stale">' + _("not yet reviewed") + "</span>"
        else:
            reviewed = (f'<time datetime="{record.last_reviewed}">'
                        f"{date(record.last_reviewed)}</time>")
            provenance = _("Last reviewed {date}{age} · from {sources} · record file "
                           "{file}").format(
                date=reviewed, age=f", {edition.review_note(record)}" if edition else "",
                sources=plural(len(record.sources), SOURCES),
                file=f"<code>{escape(path)}</code>")
        return (f'<p class="ev-breadcrumb">{crumbs} › <code>{escape(record.id)}</code>{badge}'
                f"{translation_marks(record)}</p>"
                f"<h1{lang_attr(record, record.title_field)}>{escape(record.label)}</h1>"
                f'<p class="ev-provenance">{provenance}</p>')

    def page(self, record: Record) -> str:
        here = self.context.layout.record_src(record.collection, record.id)
        values = record.field_values()
        parts = [front_matter({"title": escape(record.label), "render_macros": False,
                               "evidence_record": f"{record.collection}/{record.id}",
                               "search": {"boost": SEARCH_BOOST.get(record.collection, 1)}})]
        parts.append(block(self.header(here, record, values.get("kind"))))
        if isinstance(record, Figure):
            year = f" ({record.year})" if record.year else ""
            unit_lang = "" if written_by_locale(record.unit) else lang_attr(record, "unit")
            parts.append(block(f'<p class="ev-figure-value"{unit_lang}>'
                               f"{escape(figure_text(record))}{escape(year)}</p>"
                               f'<p{lang_attr(record, "measure")}>'
                               f'{escape(record.localised("measure"))}</p>'))
        values.update({name: record.localised(name) for name in (*LONG_TEXT, *TEXT_LISTS)
                       if values.get(name)})
        long_texts = [n for n in LONG_TEXT if values.get(n)]
        if long_texts:
            first = long_texts[0]
            parts.append(block(f'<div class="ev-text"{lang_attr(record, first)}>'
                               f"{render_markdown(values[first])}</div>"))
        facts = self.facts.table(here, record, values)
        if facts:
            parts.append(block(facts))
        for name in long_texts[1:]:
            parts.append(f"\n## {_(LONG_TEXT_HEADINGS[name])}\n")
            parts.append(block(f'<div class="ev-text"{lang_attr(record, name)}>'
                               f"{render_markdown(values[name])}</div>"))
        if isinstance(record, Strategy) and record.structure:
            parts.append(f"\n## {_('Structure')}\n")
            parts.append(block(self.facts.structure(record.structure)))
        if isinstance(record, Strategy) and record.institutional_development:
            parts.append(f"\n## {_('Institutional development')}\n")
            parts.append(block(self.facts.structure(record.institutional_development)))
        for name in TEXT_LISTS:
            items = values.get(name)
            if items:
                parts.append(f"\n## {_(TEXT_LIST_HEADINGS[name])}\n")
                parts.append(block(_lang_list(ul(render_markdown.inline(t) for t in items),
                                              lang_attr(record, name))))
        if record.notes:
            parts.append(f"\n## {_('Notes')}\n")
            notes = ul((render_markdown.inline(n) for n in record.localised("notes")), "ev-notes")
            parts.append(block(_lang_list(notes, lang_attr(record, "notes"))))
        parts.append(f"\n## {_('Sources')}\n")
        parts.append(block(self.sources(here, record)))
        parts.append(self.referenced_by(here, record))
        return "".join(parts)

    def sources(self, here: str, record: Record) -> str:
        """Each source of a record once, formatted by the citation style, with its locators
        and a link to its entry in the bibliography."""
        locators: dict[str, list[str]] = defaultdict(list)
        for source in record.sources:
            locators[source.key].append(source.locator)
        for budget in record.field_values().get("budget", ()):
            for source in budget.sources:
                locators[source.key].append(_("budget: {locator}").format(
                    locator=source.locator))
        references = self.context.references
        items = []
        for key, places in locators.items():
            locator = f' <span class="ev-locator">— {escape("; ".join(places))}</span>'
            link = ""
            if references is not None:
                href = self.context.layout.href(here, BIBLIOGRAPHY_SRC) + f"#ref-{key}"
                link = (f' <a class="ev-bib-link" href="{escape(href)}" title="'
                        + _("This source in the bibliography, with every page citing it")
                        + '">' + _("↗ bibliography") + "</a>")
            entry = (references.entries[key] if references is not None
                     and key in references.entries else reference_text(self.context, key))
            items.append(f'<li id="ref-{escape(key)}"><span class="csl-entry">'
                         f"{entry}</span>{locator}{link}</li>")
        return f'<ul class="ev-sources">{"".join(items)}</ul>'

    def referenced_by(self, here: str, record: Record) -> str:
        backlinks = self.context.evidence.backlinks_of(record)
        if not backlinks:
            return ""
        groups: dict[str, list[str]] = defaultdict(list)
        for b in backlinks:
            groups[b.relation].append(self.links.link(here, b.collection, b.id))
        out = [f"\n## {_('Referenced by')}\n"]
        for relation in sorted(groups):
            out.append(f"\n### {_(relation)}\n")
            out.append(block(ul(dict.fromkeys(groups[relation]), "ev-backlinks")))
        return "".join(out)


def _lang_list(html: str, attr: str) -> str:
    """A list (`<ul>…`) marked with the language of its items."""
    return html.replace("<ul", "<ul" + attr, 1) if attr else html
