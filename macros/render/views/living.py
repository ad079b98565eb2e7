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

import json

from ...evidence import stale_records
from ...export.data import SPREADSHEET_RULE
from ...source.git import Change
from ..context import Edition, ViewContext
from ..html import a, block, escape, front_matter, table
from ..layout import DATA_DIR, DATA_SRC, FEED, NEEDS_REVIEW_SRC, WHATS_NEW_SRC
from ..text import _, collection_title


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
        feed = f'<a href="{escape(self.layout.root(here))}{FEED}">' + _("JSON feed") + "</a>"
        head = (front_matter({"title": title, "render_macros": False})
                + f"\n# {title}\n"
                + block('<p class="ev-edition">' + _(
                    "{edition}. Records added and changed, newest first, from the review's "
                    "history. Also as a {feed}.").format(edition=escape(self.edition.label),
                                                         feed=feed) + "</p>"))
        if self.history is None:
            return head + block("<p>" + _("The history is not available in this build (it was "
                                          "not built from a git checkout).") + "</p>")
        kinds = {"added": _("added"), "changed": _("changed")}
        rows = "".join(
            f"<tr><td><time datetime=\"{c.date}\">{c.date:%-d %b %Y}</time></td>"
            f"<td>{escape(kinds.get(c.kind, c.kind))}</td><td>{self.collection(c.collection)}"
            f"</td><td>{self.record_link(here, c.collection, c.id)}</td>"
            f"<td>{escape(c.summary)}</td></tr>" for c in self.history)
        head_row = "".join(f"<th>{h}</th>" for h in (
            _("Date"), _("Change"), _("Collection"), _("Record"), _("Why")))
        return head + block(table(
            "ev-whats-new", f"<thead><tr>{head_row}</tr></thead><tbody>{rows}</tbody>"))

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
            f'<td><time datetime="{r.last_reviewed}">{r.last_reviewed:%-d %b %Y}</time></td>'
            f"<td>{self.edition.age(r)}</td></tr>" for r in stale)
        head = "".join(f"<th>{h}</th>" for h in (
            _("Record"), _("Collection"), _("Last reviewed"), _("Days before this edition")))
        listing = table("ev-needs-review", f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody>"
                        ) if stale else "<p>" + _("Every record is current.") + "</p>"
        title = _("Needs review")
        return (front_matter({"title": title, "render_macros": False})
                + f"\n# {title}\n" + block(f"<p>{intro}</p>") + block(listing))

    def data_page(self) -> str:
        here = DATA_SRC
        links = "".join(
            f'<li><a href="{escape(self.layout.root(here))}{DATA_DIR}/{escape(n)}">'
            f"{escape(n)}</a></li>" for n in self.downloads)
        title = _("Data downloads")
        return (front_matter({"title": title, "render_macros": False})
                + f"\n# {title}\n"
                + block("<p>" + _("Every collection as CSV (one row per record, lists joined "
                                  "with '; ') and JSON (the records as validated), a "
                                  "Frictionless <code>datapackage.json</code> describing the "
                                  "CSV files and their fields, and the activities mapped to "
                                  "IATI activity fields (<code>activities-iati.json</code>: "
                                  "participating-org roles, activity-status codes, recipient "
                                  "countries, DAC sector 15190 for migration).")
                        + f" {escape(self.edition.label)}.</p>")
                + block(f'<p class="ev-spreadsheet-rule">{escape(_(SPREADSHEET_RULE))}</p>')
                + block(f'<ul class="ev-downloads">{links}</ul>'))

    def feed(self, site_url: str) -> str:
        """The history as a JSON Feed 1.1 document."""
        base = site_url.rstrip("/") + "/" if site_url else ""
        items = []
        for change in self.history or []:
            record = self.evidence.records.get(change.collection, {}).get(change.id)
            title = record.label if record else f"{change.collection}/{change.id}"
            url = self.layout.url(self.layout.record_src(change.collection, change.id))
            kind = {"added": _("Added"), "changed": _("Changed")}.get(change.kind,
                                                                     change.kind.capitalize())
            items.append({
                "id": f"{change.commit}/{change.collection}/{change.id}",
                "title": _("{change}: {record}").format(change=kind, record=title),
                "content_text": change.summary,
                "date_published": f"{change.date.isoformat()}T00:00:00Z",
                **({"url": base + url} if record else {}),
            })
        feed = {"version": "https://jsonfeed.org/version/1.1",
                "title": _("What's new in the review ({edition})").format(
                    edition=self.edition.label), "items": items}
        if base:
            feed["home_page_url"] = base
            feed["feed_url"] = base + FEED
        return json.dumps(feed, indent=1, ensure_ascii=False) + "\n"
