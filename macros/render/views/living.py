"""How current the review is: its edition, what changed, what needs review, its data.

Generated pages (no MkDocs import here):

- `whats-new.md`: records added and changed, newest first, from the git history, like the
  "What's new" table of a Cochrane living review; `feed.json` carries the same as a JSON Feed.
- `needs-review.md`: records not reviewed within `stale_after_days` of the edition date,
  oldest first.
- `data.md`: the data downloads (written under `data/` by the site build).

Ages are counted to the edition date, not to the day of the build, so the same tree gives
the same site whenever it is built.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid

from lxml import etree

from ...evidence import stale_records
from ...export.data import CSV_FORMAT, SPREADSHEET_RULE
from ...model.translation import stale_translations, translation
from ...source.git import Change
from ..context import Edition, ViewContext
from ..html import a, block, escape, front_matter, table
from ..layout import (
    ATOM_FEED,
    DATA_DIR,
    DATA_SRC,
    EDITIONS_DIR,
    FEED,
    NEEDS_REVIEW_SRC,
    WHATS_NEW_SRC,
)
from ..locale import date as long_date
from ..locale import short_date
from ..text import (
    LONG_TEXT_HEADINGS,
    N_,
    TEXT_LIST_HEADINGS,
    _,
    collection_title,
    count,
    field_label,
    language,
)
from .dictionary import data_dictionary


class LivingPages:
    """The pages that say how current the review is."""

    def __init__(self, context: ViewContext, history: list[Change] | None,
                 downloads: list[str] | None = None) -> None:
        self.evidence = context.evidence
        self.edition = context.edition or Edition()
        self.history = history
        self.layout = context.layout
        self.downloads = downloads or []

    SOURCES = (WHATS_NEW_SRC, NEEDS_REVIEW_SRC, DATA_SRC)
    """The source paths of `pages`, in its order."""

    def pages(self) -> dict[str, str]:
        return dict(zip(self.SOURCES, (self.whats_new(), self.needs_review(), self.data_page()),
                        strict=True))

    def record_link(self, here: str, collection: str, ident: str) -> str:
        record = self.evidence.records.get(collection, {}).get(ident)
        if record is None:  # removed since: its page no longer exists
            return _("{record} (since removed)").format(
                record=f"<code>{escape(collection)}/{escape(ident)}</code>")
        return a(self.layout.href(here, self.layout.record_src(collection, ident)), record.label)

    def collection(self, collection: str) -> str:
        """A collection's title; nothing for a folder that is not a collection."""
        return escape(collection_title(collection)) if collection in self.evidence.records else ""

    def whats_new(self) -> str:
        here = WHATS_NEW_SRC
        title = _("What's new")
        root = escape(self.layout.root(here))
        feed = _("{json} or {atom}").format(
            json=f'<a href="{root}{FEED}">' + _("JSON feed") + "</a>",
            atom=f'<a href="{root}{ATOM_FEED}">' + _("Atom feed") + "</a>")
        head = (front_matter({"title": title, "render_macros": False})
                + f"\n# {title}\n"
                + block('<p class="ev-edition">' + _(
                    "{edition}. Records added and changed, newest first, from the review's "
                    "history. Also as a {feed}.").format(edition=escape(self.edition.label),
                                                         feed=feed) + "</p>"))
        if self.history is None:
            return head + block("<p>" + _("The history is not available in this build (it was "
                                          "not built from a git checkout).") + "</p>")
        parts = []
        for label, summary, changes in self.by_edition():
            parts.append(f"\n## {escape(label)}\n")
            if summary:
                parts.append(block(f'<p class="ev-edition-summary">{escape(summary)}</p>'))
            if label == self.edition.label:
                if self.downloads:
                    parts.append(block(self.edition_downloads(here)))
                # The site build puts this edition's suggested citation here (the plugin's
                # citation style formats it once the build has it).
                parts.append(block(CITE_EDITION))
            if not changes:
                parts.append(block("<p>" + _("No record changed.") + "</p>"))
            days: dict[dt.date, list[Change]] = {}
            for change in changes:
                days.setdefault(change.date, []).append(change)
            for day, listed in days.items():
                parts.append(f"\n### {long_date(day)}\n")
                parts.append(block(f'<p class="ev-day-summary">{escape(self.day_summary(listed))}'
                                   "</p>"))
                parts.append(block(self.change_table(here, listed)))
        return head + "".join(parts)

    def edition_data_dir(self) -> str:
        """Where this edition's data downloads stay: editions/<edition>/data."""
        name = re.sub(r"[^A-Za-z0-9._-]+", "-", self.edition.number).strip("-.") or "edition"
        return f"{EDITIONS_DIR}/{name}/{DATA_DIR}"

    def edition_downloads(self, here: str) -> str:
        links = ", ".join(
            f'<a href="{escape(self.layout.root(here))}{self.edition_data_dir()}/{escape(n)}">'
            f"<code>{escape(n)}</code></a>" for n in self.downloads)
        return ('<p class="ev-edition-data">' + _(
            "The data of this edition, at an address later editions leave as it is: "
            "{files}.").format(files=links) + "</p>") if links else ""

    def by_edition(self) -> list[tuple[str, str, list[Change]]]:
        """The changes by edition, newest first: (heading, the editor's summary, changes).
        A change belongs to the first edition dated on or after its day; changes after the
        newest edition come first, under "Since ..."."""
        notes = {number: (day, summary) for number, day, summary in self.edition.notes}
        notes.setdefault(self.edition.number, (self.edition.date, ""))
        editions = sorted(notes.items(), key=lambda n: n[1][0])
        groups: dict[str, list[Change]] = {number: [] for number, _note in editions}
        after: list[Change] = []
        for change in self.history or []:
            number = next((n for n, (day, _s) in editions if change.date <= day), None)
            (groups[number] if number is not None else after).append(change)
        out = []
        newest = editions[-1]
        if after:
            out.append((_("Since edition {number} ({date})").format(
                number=newest[0], date=long_date(newest[1][0])), "", after))
        for number, (day, summary) in reversed(editions):
            out.append((_("Edition {number}, {date}").format(number=number,
                                                              date=long_date(day)),
                        summary, groups[number]))
        return out

    def day_summary(self, changes: list[Change]) -> str:
        """'Records added: 2 activities, 1 figure. Records changed: 1 figure.'"""
        parts = []
        for kind, message in (("added", _("Records added: {records}.")),
                              ("changed", _("Records changed: {records}."))):
            by_collection: dict[str, set[str]] = {}
            for c in changes:
                if c.kind == kind and c.collection in self.evidence.records:
                    by_collection.setdefault(c.collection, set()).add(c.id)
            if by_collection:
                parts.append(message.format(records=", ".join(
                    count(len(ids), collection) for collection, ids in by_collection.items())))
        return " ".join(parts)

    def change_table(self, here: str, changes: list[Change]) -> str:
        kinds = {"added": _("added"), "changed": _("changed")}
        rows = "".join(
            f"<tr><td><time datetime=\"{c.date}\">{short_date(c.date)}</time></td>"
            f"<td>{escape(kinds.get(c.kind, c.kind))}</td><td>{self.collection(c.collection)}"
            f"</td><td>{self.record_link(here, c.collection, c.id)}</td>"
            f"<td>{escape(self.change_text(c))}</td></tr>" for c in changes)
        head_row = "".join(f"<th>{h}</th>" for h in (
            _("Date"), _("Change"), _("Collection"), _("Record"), _("What changed")))
        return table("ev-whats-new",
                     f"<thead><tr>{head_row}</tr></thead><tbody>{rows}</tbody>")

    def needs_review(self) -> str:
        here = NEEDS_REVIEW_SRC
        days = self.edition.stale_after_days
        stale = stale_records(self.evidence, self.edition.date, days)
        intro = _("Records last checked against their sources more than {days} days before "
                  "{edition}, oldest first: {stale} of {records}.").format(
            days=days, edition=escape(self.edition.label),
            stale=f'<span class="ev-count">{len(stale)}</span>',
            records=len(self.evidence.all_records()))
        rows = "".join(
            f"<tr><td>{self.record_link(here, r.collection, r.id)}</td>"
            f"<td>{escape(collection_title(r.collection))}</td>"
            + (f'<td><time datetime="{r.last_reviewed}">{short_date(r.last_reviewed)}</time></td>'
               f"<td>{self.edition.age(r)}</td></tr>" if r.last_reviewed is not None else
               f'<td class="ev-draft">{escape(_("not yet reviewed"))}</td><td>—</td></tr>')
            for r in stale)
        head = "".join(f"<th>{h}</th>" for h in (
            _("Record"), _("Collection"), _("Last reviewed"), _("Days before this edition")))
        listing = table("ev-needs-review", f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody>"
                        ) if stale else "<p>" + _("Every record is current.") + "</p>"
        title = _("Needs review")
        return (front_matter({"title": title, "render_macros": False})
                + f"\n# {title}\n" + block(f"<p>{intro}</p>") + block(listing)
                + self.stale_translations(here))

    def stale_translations(self, here: str) -> str:
        """The translations made from an English text that has changed since."""
        stale = stale_translations(self.evidence.all_records())
        heading = _("Translations to check")
        intro = _("Records whose English text changed after their translation was made: "
                  "{n}. Check the translation against the English text, then set its "
                  "fingerprint as evidence validate prints it.").format(
            n=f'<span class="ev-count">{len(stale)}</span>')
        if not stale:
            return f"\n## {heading}\n" + block("<p>" + _("Every translation is current.")
                                                + "</p>")
        rows = "".join(
            f"<tr><td>{self.record_link(here, r.collection, r.id)}</td>"
            f"<td>{escape(collection_title(r.collection))}</td><td>{escape(lang)}</td>"
            f"<td>{escape(', '.join(found.texts()))}</td></tr>"
            for r, lang in stale if (found := translation(r, lang)) is not None)
        head = "".join(f"<th>{h}</th>" for h in (
            _("Record"), _("Collection"), _("Language"), _("Fields translated")))
        return (f"\n## {heading}\n" + block(f"<p>{intro}</p>") + block(table(
            "ev-stale-translations", f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody>")))

    def data_page(self) -> str:
        here = DATA_SRC
        links = "".join(
            f'<li><a href="{escape(self.layout.root(here))}{DATA_DIR}/{escape(n)}">'
            f"{escape(n)}</a></li>" for n in self.downloads)
        title = _("Data downloads")
        return (front_matter({"title": title, "render_macros": False})
                + f"\n# {title}\n"
                + block("<p>" + _("Every collection as CSV (one row per record, lists and "
                                  "nested fields as JSON in their cell) and JSON (the records "
                                  "as validated), the links between records as long tables, a "
                                  "Frictionless <code>datapackage.json</code> describing the "
                                  "CSV files, their fields and foreign keys, the activities "
                                  "as an IATI 2.03 file where they have what IATI requires "
                                  "(<code>activities.iati.xml</code>), and the activities "
                                  "mapped to IATI activity fields "
                                  "(<code>activities-iati.json</code>: "
                                  "participating-org roles, activity-status codes, recipient "
                                  "countries, DAC sector 15190 for migration).")
                        + f" {escape(self.edition.label)}.</p>")
                + block(f'<p class="ev-spreadsheet-rule">{escape(_(SPREADSHEET_RULE))} '
                        f"{escape(_(CSV_FORMAT))}</p>")
                + block(f'<ul class="ev-downloads">{links}</ul>') + data_dictionary())

    def change_text(self, change: Change) -> str:
        """What a change did to the record, for readers: the fields it added, changed or
        removed (from the record's diff), never the commit's subject."""
        if change.kind == "added":
            return _("Added to {collection}.").format(
                collection=collection_title(change.collection)
                if change.collection in self.evidence.records else change.collection)
        parts = [message.format(fields=", ".join(self.field_name(change.collection, f)
                                                 for f in fields))
                 for message, fields in ((_("Changed: {fields}."), change.changed),
                                         (_("Added: {fields}."), change.added),
                                         (_("Removed: {fields}."), change.removed)) if fields]
        return " ".join(parts) or _("Its file changed, but no field's value did.")

    @staticmethod
    def field_name(collection: str, name: str) -> str:
        return field_heading(collection, name)

    def feed_items(self, base: str) -> list[dict[str, str]]:
        """One item per record change, newest first, with its id as it has always been."""
        items = []
        for change in self.history or []:
            record = self.evidence.records.get(change.collection, {}).get(change.id)
            title = record.label if record else f"{change.collection}/{change.id}"
            url = self.layout.url(self.layout.record_src(change.collection, change.id))
            kind = {"added": _("Added"), "changed": _("Changed")}.get(change.kind,
                                                                     change.kind.capitalize())
            time = change.time or dt.datetime.combine(change.date, dt.time(), dt.UTC)
            items.append({
                "id": f"{change.commit}/{change.collection}/{change.id}",
                "title": _("{change}: {record}").format(change=kind, record=title),
                "content_text": self.change_text(change),
                "date_published": _utc(time),
                **({"url": base + url} if record and base else {}),
            })
        return items

    def feed_title(self) -> str:
        return _("What's new in the review ({edition})").format(edition=self.edition.label)

    def feed(self, site_url: str) -> str:
        """The history as a JSON Feed 1.1 document. Links only with the site's address
        (`site_url`): without it the feed has none rather than relative ones."""
        base = site_url.rstrip("/") + "/" if site_url else ""
        feed: dict[str, object] = {"version": "https://jsonfeed.org/version/1.1",
                                   "title": self.feed_title(), "language": language()}
        if base:
            feed["home_page_url"] = base + self.layout.url(WHATS_NEW_SRC)
            feed["feed_url"] = base + FEED
        feed["items"] = self.feed_items(base)
        return json.dumps(feed, indent=1, ensure_ascii=False) + "\n"

    def atom(self, site_url: str, author: str) -> str:
        """The same history as an Atom 1.0 feed (RFC 4287), for readers that take no JSON
        Feed. Entry ids are URNs made from the JSON Feed's item ids, so they never change."""
        base = site_url.rstrip("/") + "/" if site_url else ""
        items = self.feed_items(base)
        root = etree.Element(f"{{{ATOM_NS}}}feed", nsmap={None: ATOM_NS})
        root.set("{http://www.w3.org/XML/1998/namespace}lang", language())
        _atom(root, "id", _urn("feed"))
        _atom(root, "title", self.feed_title())
        newest = items[0]["date_published"] if items else _utc(
            dt.datetime.combine(self.edition.date, dt.time(), dt.UTC))
        _atom(root, "updated", newest)
        _atom(_atom(root, "author"), "name", author)
        if base:
            _atom(root, "link", rel="self", type="application/atom+xml", href=base + ATOM_FEED)
            _atom(root, "link", rel="alternate", type="text/html",
                  href=base + self.layout.url(WHATS_NEW_SRC))
        for item in items:
            entry = _atom(root, "entry")
            _atom(entry, "id", _urn(item["id"]))
            _atom(entry, "title", item["title"])
            _atom(entry, "updated", item["date_published"])
            _atom(entry, "published", item["date_published"])
            if "url" in item:
                _atom(entry, "link", rel="alternate", type="text/html", href=item["url"])
            _atom(entry, "content", item["content_text"], type="text")
        return etree.tostring(root, pretty_print=True, xml_declaration=True,
                              encoding="UTF-8").decode("utf-8")


ATOM_NS = "http://www.w3.org/2005/Atom"
CITE_EDITION = '<div class="ev-cite-edition"></div>'
CITE_HEADING = N_("Cite this edition")
"""Where What's new gets "Cite this edition" (`EvidencePlugin.on_page_content`)."""
CHANGE_LABELS = {
    "sources": N_("Sources"), "notes": N_("Notes"), "last_reviewed": N_("Last reviewed"),
    "title": N_("Title"), "name": N_("Name"), "dates": N_("Activity dates"),
    "status_source": N_("Source of the status"), "id": N_("Id"),
    "iati_identifier": N_("IATI identifier"), "iati_type": N_("IATI organisation type"),
    "draft": N_("Draft"),
}
"""Names of the fields a change lists that have no label on the record pages."""


def field_heading(collection: str, name: str) -> str:
    """A field's name for readers, in the language being written (What's new, the XLSX)."""
    label = CHANGE_LABELS.get(name) or LONG_TEXT_HEADINGS.get(name) \
        or TEXT_LIST_HEADINGS.get(name)
    return _(label) if label else field_label(collection, name)


def _utc(time: dt.datetime) -> str:
    return time.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _urn(name: str) -> str:
    """A stable URN for a feed or entry id (Atom ids are IRIs): UUID 5 of the JSON Feed id."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{FEED}#{name}").urn


def _atom(parent: etree._Element, tag: str, text: str | None = None,
          **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element
