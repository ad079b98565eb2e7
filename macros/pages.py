"""Pages generated from records: one page per record and one index page per collection.

Pages are Markdown documents whose data parts are pre-rendered, escaped HTML blocks; only
fixed headings are Markdown, so the table of contents works and no record text is parsed as
Markdown or Jinja by the site generator. Links are computed here, relative to each page, so a
page's size does not depend on how many records exist.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .bibliography import Bibliography
from .citations import PageCitations, cited_keys
from .coverage import coverage
from .evidence import Evidence
from .geography import country_name
from .markup import escape, plural, render_markdown, safe_href
from .model import (
    COLLECTIONS,
    Activity,
    Budget,
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
    Site,
    Strategy,
    StructureItem,
)

COLLECTION_TITLES = {
    "organisations": "Organisations", "strategies": "Strategies", "activities": "Activities",
    "mieux-actions": "MIEUX actions", "mechanisms": "Coordination mechanisms",
    "figures": "Figures", "findings": "Findings", "recommendations": "Recommendations",
    "events": "Events",
}
COLLECTION_INTROS = {
    "organisations": "Agencies, funds, banks, donor governments, regional bodies, networks and "
                     "research centres named in the sources.",
    "strategies": "Strategies, work plans and frameworks, with their pillars, areas and "
                  "priorities as data.",
    "activities": "Programmes, projects, initiatives, data portals and funds: who funds and "
                  "implements them, where, and when.",
    "mieux-actions": "Actions of the EU-ICMPD Migration EU eXpertise (MIEUX) initiative in "
                     "the region.",
    "mechanisms": "Coordination mechanisms, networks and regional consultative processes.",
    "figures": "Numbers stated by the sources, each with what it measures and where it "
               "comes from.",
    "findings": "Findings of the sources, such as the 2024 study of coordination mechanisms.",
    "recommendations": "Recommendations and guidelines the sources make, and whom they address.",
    "events": "Meetings and round-tables the sources report.",
}
FIELD_LABELS = {
    "kind": "Kind", "acronym": "Acronym", "other_names": "Also called", "country": "Country",
    "parent": "Part of", "url": "Website", "organisations": "Organisations",
    "period": "Period", "scope": "Geographic scope", "countries": "Countries",
    "themes": "Themes", "participants": "Organisations", "sites": "Borders and sites",
    "status": "Status", "budget": "Budget", "strategies": "Related strategies",
    "mechanisms": "Related mechanisms", "network": "Network supported", "partners": "Partners",
    "mieux_areas": "MIEUX areas", "level": "Level", "leads": "Lead", "members": "Members",
    "member_count": "Number of members", "iom_role": "Role of IOM", "value": "Value",
    "unit": "Unit", "qualifier": "Qualifier", "year": "Year", "measure": "What it measures",
    "about": "About", "category": "Category",
    "indicator": "Indicator", "dataset": "Table", "date": "Date", "place": "Place",
    "organisers": "Organisers", "participant_countries": "Countries taking part",
    "mieux_actions": "MIEUX actions discussed",
    "addressed_to": "Addressed to",
}
FIELD_LABELS_BY_COLLECTION = {
    ("strategies", "partners"): "Key partners", ("events", "participants"): "Participants",
}
COVERAGE_SRC = "coverage.md"
# Search ranks a record above the many figures and findings that mention it.
SEARCH_BOOST = {"organisations": 4, "activities": 4, "mechanisms": 4, "strategies": 4,
                "mieux-actions": 4, "events": 2}
# A record's other names count as much as its title (an h1, weight 7) in the site's search.
NAME_FIELDS = ("acronym", "other_names")
SEARCH_WEIGHT = ' data-pagefind-weight="7"'
BIBLIOGRAPHY_SRC = "bibliography.md"
DOWNLOADS = ("bibliography/bibliography.bib", "bibliography/bibliography.json")
"""The bibliography as BibTeX (the file as written) and as CSL-JSON."""
LONG_TEXT = ("summary", "text", "description", "mandate", "context", "vision")
TEXT_LISTS = {
    "objectives": "Objectives", "results": "Results", "strengths": "Strengths",
    "gaps": "Gaps", "duplications": "Duplications", "opportunities": "Opportunities",
    "challenges": "Challenges",
}
NOT_FACTS = {"id", "sources", "last_reviewed", "notes", "structure", "title", "name",
             "institutional_development",
             "value", "unit", "qualifier", *LONG_TEXT, *TEXT_LISTS}
QUALIFIER_WORDS = {"exact": "", "approximately": "about", "more-than": "more than",
                   "less-than": "less than", "almost": "almost", "up-to": "up to"}


@dataclass(frozen=True)
class Layout:
    """Where generated pages live, and how to link between them."""

    use_directory_urls: bool = True

    @staticmethod
    def record_src(collection: str, ident: str) -> str:
        return f"{collection}/{ident}.md"

    @staticmethod
    def index_src(collection: str) -> str:
        return f"{collection}/index.md"

    def url(self, src: str) -> str:
        """Site-relative URL of the page built from `src`, as MkDocs computes it."""
        stem = src[: -len(".md")]
        if stem == "index" or stem.endswith("/index"):
            stem = stem[: -len("index")]
            return stem if self.use_directory_urls else stem + "index.html"
        return stem + "/" if self.use_directory_urls else stem + ".html"

    def root(self, here: str) -> str:
        """Relative path from a page to the site's root folder: '', '../', '../../', ..."""
        url = self.url(here)
        folder = url if url.endswith("/") else posixpath.dirname(url)
        return "../" * len([part for part in folder.split("/") if part])

    def href(self, from_src: str, to_src: str) -> str:
        """Relative link from one page to another."""
        here, there = self.url(from_src), self.url(to_src)
        base = here if here.endswith("/") or not here else posixpath.dirname(here)
        rel = _relpath(there, base)
        if there.endswith("/") or not there:
            rel = rel.rstrip("/") + "/"
        return "./" if rel == "./" or rel == "" else rel


def _relpath(path: str, start: str) -> str:
    """`posixpath.relpath` for site-relative paths (no '..' in them), without asking the
    system for the current folder as relpath does: it runs for every link of every page."""
    to = [p for p in path.split("/") if p and p != "."]
    frm = [p for p in start.split("/") if p and p != "."]
    common = 0
    while common < min(len(to), len(frm)) and to[common] == frm[common]:
        common += 1
    return "/".join([".."] * (len(frm) - common) + to[common:]) or "."


# ---------------------------------------------------------------------------------------------
# Small HTML builders


def _a(href: str, text: str, *, external: bool = False) -> str:
    rel = ' rel="nofollow noopener"' if external else ""
    return f'<a href="{escape(href)}"{rel}>{escape(text)}</a>'


def _join(parts: Iterable[str]) -> str:
    return ", ".join(parts)


def _ul(items: Iterable[str], css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    body = "".join(f"<li>{item}</li>" for item in items)
    return f"<ul{cls}>{body}</ul>"


def _table(css: str, body: str, attrs: str = "") -> str:
    """A table styled like Material's own, scrolling sideways on narrow screens."""
    return (f'<div class="ev-scroll"><table class="ev-table {css}"{attrs}>{body}</table></div>')


def words(value: str) -> str:
    """An enumerated value as words: 'data-portal' → 'data portal'."""
    return value.replace("-", " ")


def _block(html: str) -> str:
    """A raw HTML block MkDocs passes through untouched: one line, blank lines around it."""
    return "\n" + html.replace("\n", " ") + "\n"


def md_escape(text: str) -> str:
    """Plain text for a Markdown heading: HTML escaped, Markdown punctuation backslashed."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|])", r"\\\1", escape(text))


def _front_matter(meta: dict[str, Any]) -> str:
    # As JSON, which is YAML (a flow mapping): written many times faster than by a YAML
    # emitter, and read by MkDocs' YAML loader as it is.
    return "---\n" + json.dumps(meta, ensure_ascii=False) + "\n---\n"


def format_number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


def figure_text(figure: Figure) -> str:
    qualifier = QUALIFIER_WORDS[figure.qualifier]
    number = format_number(figure.value)
    unit = figure.unit
    text = f"{number}%" if unit in ("per cent", "percent", "%") else f"{number} {unit}"
    return f"{qualifier} {text}".strip()


def reference_text(bib: Bibliography, key: str) -> str:
    """A plain reference, for a renderer given no formatted bibliography (HTML)."""
    author = bib.field(key, "author") or bib.field(key, "institution")
    year = bib.field(key, "year") or bib.field(key, "date")[:4] or "n.d."
    title = f"<cite>{escape(bib.field(key, 'title'))}</cite>"
    return f"{escape(author)} ({escape(year)}) {title}." if author else f"{title} ({year})."


@dataclass(frozen=True)
class References:
    """The bibliography as the citation style formats it, and the pages that cite it."""

    entries: dict[str, str]
    """Reference-list entry (HTML) of every bibliography key, in the style's order."""
    pages: dict[str, PageCitations] = field(default_factory=dict)
    """Citations of every hand-written page, by the page's path in the docs folder."""
    style_title: str = ""


# ---------------------------------------------------------------------------------------------
# Record pages


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


class PageRenderer:
    """Renders the generated pages of one evidence tree."""

    page_cache: RecordPageCache | None = None
    """While serving, record pages kept from the previous build (`RecordPageCache`)."""

    def __init__(self, evidence: Evidence, layout: Layout | None = None,
                 references: References | None = None,
                 review_note: Callable[[Record], str] | None = None) -> None:
        self.evidence = evidence
        self.layout = layout or Layout()
        self.references = references
        self.review_note = review_note
        """HTML saying how long before the edition a record was reviewed."""
        self.themes = {t.id: t.label for t in evidence.vocabularies.themes}
        self.mieux_areas = {a.id: a.label for a in evidence.vocabularies.mieux_areas}

    def pages(self) -> dict[str, str]:
        """Source path → Markdown, for every generated page."""
        out: dict[str, str] = {COVERAGE_SRC: self.coverage_page()}
        if self.references is not None:
            out[BIBLIOGRAPHY_SRC] = self.bibliography_page(self.references)
        for collection in COLLECTIONS:
            out[self.layout.index_src(collection)] = self.index_page(collection)
            for record in self.evidence.records[collection].values():
                out[self.layout.record_src(collection, record.id)] = self.cached_record_page(
                    record)
        return out

    def cached_record_page(self, record: Record) -> str:
        """A record page, from `page_cache` when nothing it shows has changed."""
        cache = self.page_cache
        if cache is None:
            return self.record_page(record)
        key = (record.collection, record.id)
        inputs = self.record_page_inputs(record)
        kept = cache.pages.get(key)
        if kept is not None and kept[0] == inputs:  # tuples compare by identity first
            return kept[1]
        markdown = self.record_page(record)
        cache.pages[key] = (inputs, markdown)
        cache.rendered += 1
        return markdown

    def record_page_inputs(self, record: Record) -> tuple[object, ...]:
        """The records (and the file path) a record page shows, besides the context."""
        records = self.evidence.records
        inputs: list[object] = [record, self.evidence.source_path(record)]
        for ref in record.references():  # every link on the page is a validated reference
            if ref.collection in records:
                inputs.append(records[ref.collection].get(ref.id))
        for backlink in self.evidence.backlinks_of(record):
            inputs += (backlink, records[backlink.collection][backlink.id])
        return tuple(inputs)

    # -- links -------------------------------------------------------------------------------

    def link(self, here: str, collection: str, ident: str) -> str:
        target = self.evidence.records[collection][ident]
        label = target.label
        acronym = getattr(target, "acronym", None)
        if acronym and acronym != label:
            label = f"{label} ({acronym})"
        return _a(self.layout.href(here, self.layout.record_src(collection, ident)), label)

    def short_link(self, here: str, collection: str, ident: str) -> str:
        target = self.evidence.records[collection][ident]
        label = getattr(target, "acronym", None) or target.label
        return _a(self.layout.href(here, self.layout.record_src(collection, ident)), label)

    # -- values --------------------------------------------------------------------------------

    def fact(self, here: str, record: Record, name: str, value: Any) -> str:
        refs = {ref.loc: ref for ref in record.references()}
        org = "organisations"
        if name in ("parent", "network") and isinstance(value, str):
            target = refs[(name,)].collection
            return self.link(here, target, value)
        if name in ("organisations", "partners", "leads", "members", "organisers"):
            return _join(self.link(here, org, v) for v in value)
        if name in ("strategies", "mechanisms"):
            return _join(self.link(here, name, v) for v in value)
        if name == "mieux_actions":
            return _join(self.link(here, "mieux-actions", v) for v in value)
        if name == "participants":
            return _ul(f"{self.link(here, org, p.organisation)} <span class=\"ev-role\">"
                       f"{escape(p.role)}</span>" for p in value if isinstance(p, Participant))
        if name in ("countries", "country", "participant_countries"):
            codes = value if isinstance(value, list) else [value]
            return _join(f'{escape(country_name(c))} <span class="ev-code">{escape(c)}</span>'
                         for c in codes)
        if name == "themes":
            return _join(f'<span class="ev-theme">{escape(self.themes[t])}</span>' for t in value)
        if name == "mieux_areas":
            return _join(escape(self.mieux_areas[a]) for a in value)
        if name == "sites":
            return _ul(self.site(s) for s in value if isinstance(s, Site))
        if name == "budget":
            return _ul(self.budget(here, b) for b in value if isinstance(b, Budget))
        if name == "member_count" and isinstance(value, MemberCount):
            qualifier = QUALIFIER_WORDS[value.qualifier]
            note = f" {value.note}" if value.note else ""
            return escape(f"{qualifier} {value.value:,}{note}".strip())
        if name == "url":
            href = safe_href(value)
            return _a(href, value, external=True) if href else escape(value)
        if name == "about":
            return _join(self.link(here, *v.split("/", 1)) for v in value)
        if name in ("other_names",):
            return _join(escape(v) for v in value)
        if isinstance(value, Period):
            return escape(str(value))
        if name in ("kind", "status", "level", "qualifier"):
            return escape(words(value))
        return escape(value)

    def site(self, site: Site) -> str:
        where = _join(escape(country_name(c)) for c in site.countries)
        return f"{escape(site.name)}" + (f" ({where})" if where else "")

    def budget(self, here: str, budget: Budget) -> str:
        text = f"{escape(budget.currency)} {escape(format_number(budget.amount))}"
        if budget.funder:
            text += f" from {self.link(here, 'organisations', budget.funder)}"
        if budget.note:
            text += f" — {escape(budget.note)}"
        return text

    def facts(self, here: str, record: Record) -> str:
        rows = []
        for name in type(record).model_fields:
            if name in NOT_FACTS:
                continue
            value = getattr(record, name)
            if value is None or value == [] or value is False:
                continue
            label = FIELD_LABELS_BY_COLLECTION.get((record.collection, name)) or FIELD_LABELS.get(
                name, name.replace("_", " ").capitalize())
            weight = SEARCH_WEIGHT if name in NAME_FIELDS else ""
            rows.append(f"<tr><th scope=\"row\">{escape(label)}</th>"
                        f"<td{weight}>{self.fact(here, record, name, value)}</td></tr>")
        if not rows:
            return ""
        return _table("ev-facts", f'<tbody>{"".join(rows)}</tbody>')

    def structure(self, items: list[StructureItem]) -> str:
        entries = []
        for item in items:
            label = f'<span class="ev-label">{escape(item.label)}</span> ' if item.label else ""
            kind = f'<span class="ev-kind">{escape(item.kind.replace("-", " "))}</span>'
            body = f"{kind} {label}<strong>{escape(item.title)}</strong>"
            if item.description:
                body += f"<div>{render_markdown(item.description)}</div>"
            if item.themes:
                body += " " + _join(f'<span class="ev-theme">{escape(self.themes[t])}</span>'
                                    for t in item.themes)
            if item.items:
                body += self.structure(item.items)
            entries.append(body)
        return _ul(entries, "ev-structure")

    # -- pages ---------------------------------------------------------------------------------

    def header(self, here: str, record: Record) -> str:
        collection = record.collection
        crumbs = _a(self.layout.href(here, self.layout.index_src(collection)),
                    COLLECTION_TITLES[collection])
        path = self.evidence.source_path(record)
        kind = getattr(record, "kind", None)
        badge = f' <span class="ev-badge">{escape(kind.replace("-", " "))}</span>' if kind else ""
        age = f", {self.review_note(record)}" if self.review_note else ""
        return (f'<p class="ev-breadcrumb">{crumbs} › <code>{escape(record.id)}</code>{badge}</p>'
                f"<h1>{escape(record.label)}</h1>"
                f'<p class="ev-provenance">Last reviewed <time datetime="{record.last_reviewed}">'
                f"{record.last_reviewed:%-d %B %Y}</time>{age} · from "
                f"{plural(len(record.sources), 'source')} · record file "
                f"<code>{escape(path)}</code></p>")

    def record_page(self, record: Record) -> str:
        here = self.layout.record_src(record.collection, record.id)
        parts = [_front_matter({"title": escape(record.label), "render_macros": False,
                                "evidence_record": f"{record.collection}/{record.id}",
                                "search": {"boost": SEARCH_BOOST.get(record.collection, 1)}})]
        parts.append(_block(self.header(here, record)))
        if isinstance(record, Figure):
            year = f" ({record.year})" if record.year else ""
            parts.append(_block(f'<p class="ev-figure-value">{escape(figure_text(record))}'
                                f"{escape(year)}</p><p>{escape(record.measure)}</p>"))
        for name in LONG_TEXT:
            text = getattr(record, name, None)
            if text:
                parts.append(_block(f'<div class="ev-text">{render_markdown(text)}</div>'))
                break
        facts = self.facts(here, record)
        if facts:
            parts.append(_block(facts))
        long_texts = [n for n in LONG_TEXT if getattr(record, n, None)]
        for name in long_texts[1:]:
            parts.append(f"\n## {name.capitalize()}\n")
            parts.append(_block(f'<div class="ev-text">{render_markdown(getattr(record, name))}'
                                "</div>"))
        if isinstance(record, Strategy) and record.structure:
            parts.append("\n## Structure\n")
            parts.append(_block(self.structure(record.structure)))
        if isinstance(record, Strategy) and record.institutional_development:
            parts.append("\n## Institutional development\n")
            parts.append(_block(self.structure(record.institutional_development)))
        for name, heading in TEXT_LISTS.items():
            items = getattr(record, name, None)
            if items:
                parts.append(f"\n## {heading}\n")
                parts.append(_block(_ul(render_markdown.inline(t) for t in items)))
        if record.notes:
            parts.append("\n## Notes\n")
            parts.append(_block(_ul((render_markdown.inline(n) for n in record.notes),
                                    "ev-notes")))
        parts.append("\n## Sources\n")
        parts.append(_block(self.sources(here, record)))
        parts.append(self.referenced_by(here, record))
        return "".join(parts)

    def sources(self, here: str, record: Record) -> str:
        """Each source of a record once, formatted by the citation style, with its locators
        and a link to its entry in the bibliography."""
        locators: dict[str, list[str]] = defaultdict(list)
        for source in record.sources:
            locators[source.key].append(source.locator)
        for budget in getattr(record, "budget", ()):
            for source in budget.sources:
                locators[source.key].append(f"budget: {source.locator}")
        items = []
        for key, places in locators.items():
            locator = f' <span class="ev-locator">— {escape("; ".join(places))}</span>'
            link = ""
            if self.references is not None:
                href = self.layout.href(here, BIBLIOGRAPHY_SRC) + f"#ref-{key}"
                link = (f' <a class="ev-bib-link" href="{escape(href)}" title="This source in '
                        'the bibliography, with every page citing it">↗ bibliography</a>')
            items.append(f'<li id="ref-{escape(key)}"><span class="csl-entry">'
                         f"{self.entry(key)}</span>{locator}{link}</li>")
        return f'<ul class="ev-sources">{"".join(items)}</ul>'

    def entry(self, key: str) -> str:
        if self.references is not None and key in self.references.entries:
            return self.references.entries[key]
        return reference_text(self.evidence.bibliography, key)

    def referenced_by(self, here: str, record: Record) -> str:
        backlinks = self.evidence.backlinks_of(record)
        if not backlinks:
            return ""
        groups: dict[str, list[str]] = defaultdict(list)
        for b in backlinks:
            groups[b.relation].append(self.link(here, b.collection, b.id))
        out = ["\n## Referenced by\n"]
        for relation in sorted(groups):
            out.append(f"\n### {relation}\n")
            out.append(_block(_ul(dict.fromkeys(groups[relation]), "ev-backlinks")))
        return "".join(out)

    # -- bibliography ------------------------------------------------------------------------

    def bibliography_page(self, references: References) -> str:
        here = BIBLIOGRAPHY_SRC
        records = self.records_citing()
        pages: dict[str, list[PageCitations]] = defaultdict(list)
        for page in sorted(references.pages.values(), key=lambda p: p.title.casefold()):
            for key in cited_keys([page]):
                pages[key].append(page)
        rows = []
        for key, entry in references.entries.items():
            citing = [self.page_link(here, page, key) for page in pages.get(key, [])]
            citing += [self.cited_by_link(here, r, key) for r in records.get(key, [])]
            cited = (f'<p class="ev-cited-by"><span>Cited by</span> {_join(citing)}</p>'
                     if citing else '<p class="ev-cited-by ev-uncited">Not cited yet.</p>')
            rows.append(f'<div id="ref-{escape(key)}" class="csl-entry ev-bib-entry" '
                        f'role="listitem">{entry}{cited}</div>')
        downloads = _join(
            f'<a href="{escape(self.static_href(here, src))}" download>{label}</a>'
            for src, label in zip(DOWNLOADS, ("BibTeX", "CSL-JSON"), strict=True))
        style = f" in the style {escape(references.style_title)}" if references.style_title else ""
        intro = (f"<p>Every source of the review{style}, "
                 f'<span class="ev-count">{len(references.entries)} entries</span>, each with '
                 f"the pages and records that cite it. Download it as {downloads}.</p>")
        return (_front_matter({"title": "Bibliography", "render_macros": False})
                + "\n# Bibliography\n" + _block(intro)
                + _block(f'<div class="ev-bibliography csl-bib-body" role="list">'
                         f'{"".join(rows)}</div>'))

    def records_citing(self) -> dict[str, list[Record]]:
        """Records by the keys they cite (their own sources and their budgets' sources)."""
        citing: dict[str, list[Record]] = defaultdict(list)
        for record in self.evidence.all_records():
            for key in dict.fromkeys(s.key for s in record.all_sources()):
                citing[key].append(record)
        return citing

    def cited_by_link(self, here: str, record: Record, key: str) -> str:
        src = self.layout.record_src(record.collection, record.id)
        return _a(self.layout.href(here, src) + f"#ref-{key}", record.label)

    def page_link(self, here: str, page: PageCitations, key: str) -> str:
        return _a(self.layout.href(here, page.src) + f"#ref-{key}", page.title)

    def static_href(self, here: str, src: str) -> str:
        """Relative link from a page to a file copied as it is (a download)."""
        base = self.layout.url(here)
        folder = base if base.endswith("/") or not base else posixpath.dirname(base) + "/"
        return posixpath.relpath(src, folder.rstrip("/") or ".")

    # -- coverage of the sources ------------------------------------------------------------

    def coverage_page(self) -> str:
        here = COVERAGE_SRC
        entries = coverage(self.evidence)
        rows = []
        for c in entries:
            anchor = f'<a href="#{escape(c.key)}">{escape(c.title)}</a>' if c.records else escape(
                c.title)
            rows.append(f"<tr><td>{anchor} <code>{escape(c.key)}</code></td>"
                        f"<td>{len(c.records)}</td><td>{len(c.sections)}</td>"
                        f"<td>{len(c.cited_as_original)}</td></tr>")
        summary = _table("ev-coverage", "<thead><tr><th>Source</th><th>Records from it</th>"
                         "<th>Sections</th><th>Cited as the original by</th></tr></thead>"
                         f"<tbody>{''.join(rows)}</tbody>")
        parts = [_front_matter({"title": "Coverage of the sources", "render_macros": False}),
                 "\n# Coverage of the sources\n",
                 _block("<p>For each source, which records were encoded from it, section by "
                        "section (from the locators the records give), so you can see what was "
                        "taken from each part of a document. <em>Cited as the original</em> "
                        "counts records that cite a document through the source that cites "
                        "it.</p>"),
                 _block(summary)]
        for c in entries:
            if not c.records:
                continue
            parts.append(f"\n## {md_escape(c.title)} {{#{c.key}}}\n")
            body = "".join(
                f"<tr><td>{escape(place)}</td><td>{len(records)}</td><td>"
                + _join(self.short_record_link(here, r) for r in records) + "</td></tr>"
                for place, records in c.sections.items())
            parts.append(_block(_table("ev-coverage-sections",
                                       "<thead><tr><th>Section</th><th>Records</th>"
                                       f"<th>Which</th></tr></thead><tbody>{body}</tbody>")))
        return "".join(parts)

    def short_record_link(self, here: str, record: Record) -> str:
        return _a(self.layout.href(here, self.layout.record_src(record.collection, record.id)),
                  record.id)

    # -- index pages ----------------------------------------------------------------------------

    def index_page(self, collection: str) -> str:
        here = self.layout.index_src(collection)
        records = sorted(self.evidence.records[collection].values(),
                         key=lambda r: r.label.casefold())
        columns = self.columns(collection)
        head = "".join(f'<th scope="col">{escape(name)}</th>' for name, _ in columns)
        rows = "".join(
            "<tr>" + "".join(f"<td>{cell(here, r)}</td>" for _, cell in columns) + "</tr>"
            for r in records)
        table = _table("ev-index", f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody>",
                       f' data-collection="{escape(collection)}"')
        title = COLLECTION_TITLES[collection]
        count = plural(len(records), "record")
        return (_front_matter({"title": title, "render_macros": False})
                + f"\n# {title}\n\n"
                + _block(f"<p>{escape(COLLECTION_INTROS[collection])} "
                         f'<span class="ev-count">{count}</span>.</p>')
                + _block(table))

    def columns(self, collection: str) -> list[tuple[str, Callable[[str, Any], str]]]:
        def title(here: str, r: Record) -> str:
            return self.link(here, r.collection, r.id)

        def period(_: str, r: Any) -> str:
            return escape(str(r.period)) if r.period else ""

        def countries(_: str, r: Any) -> str:
            codes = r.countries
            return _join(escape(c) for c in codes) if codes else escape(r.scope or "")

        def orgs(ids_of: Callable[[Any], list[str]]) -> Callable[[str, Any], str]:
            return lambda here, r: _join(self.short_link(here, "organisations", i)
                                         for i in ids_of(r))

        def plain(name: str) -> Callable[[str, Any], str]:
            return lambda _, r: escape(getattr(r, name) or "")

        def enum(name: str) -> Callable[[str, Any], str]:
            return lambda _, r: escape(words(getattr(r, name) or ""))

        table: dict[type[Record], list[tuple[str, Callable[[str, Any], str]]]] = {
            Organisation: [("Name", title), ("Acronym", plain("acronym")), ("Kind", enum("kind")),
                           ("Referenced by",
                            lambda _, r: str(len(self.evidence.backlinks_of(r))))],
            Strategy: [("Title", title), ("Organisations", orgs(lambda r: r.organisations)),
                       ("Period", period), ("Scope", plain("scope"))],
            Activity: [("Title", title), ("Kind", enum("kind")),
                       ("Organisations",
                        orgs(lambda r: list(dict.fromkeys(
                            p.organisation for p in r.participants)))),
                       ("Countries", countries), ("Period", period), ("Status", enum("status"))],
            MieuxAction: [("Title", title), ("Countries", lambda h, r: _join(
                              [escape(c) for c in r.countries]
                              + ([self.short_link(h, "organisations", r.network)]
                                 if r.network else []))),
                          ("Period", period)],
            Mechanism: [("Name", title), ("Acronym", plain("acronym")), ("Kind", enum("kind")),
                        ("Level", enum("level")), ("Lead", orgs(lambda r: r.leads))],
            Finding: [("Finding", title), ("Mechanisms", lambda h, r: _join(
                self.short_link(h, "mechanisms", m) for m in r.mechanisms))],
            Recommendation: [("Recommendation", title),
                             ("Addressed to", plain("addressed_to")),
                             ("Mechanisms", lambda h, r: _join(
                                 self.short_link(h, "mechanisms", m) for m in r.mechanisms))],
            Event: [("Event", title), ("Date", plain("date")), ("Place", plain("place"))],
            Figure: [("Figure", title),
                     ("Value", lambda _, r: escape(figure_text(r))),
                     ("Year", lambda _, r: escape(r.year or "")),
                     ("Where", countries)],
        }
        return table[COLLECTIONS[collection]]
