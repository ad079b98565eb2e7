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
from dataclasses import dataclass

from .evidence import Evidence, stale_records
from .exports import SPREADSHEET_RULE
from .history import Change
from .markup import escape, plural
from .model import Record
from .pages import COLLECTION_TITLES, Layout, _a, _block, _front_matter, _table

WHATS_NEW_SRC = "whats-new.md"
NEEDS_REVIEW_SRC = "needs-review.md"
DATA_SRC = "data.md"
FEED = "feed.json"
DATA_DIR = "data"


@dataclass(frozen=True)
class Edition:
    """The edition of the review a build publishes."""

    number: str = "1"
    date: dt.date = dt.date(2026, 1, 1)
    stale_after_days: int = 365

    @property
    def label(self) -> str:
        return f"Edition {self.number}, {self.date:%-d %B %Y}"

    def age(self, record: Record) -> int:
        """Days from the record's last review to the edition date."""
        return (self.date - record.last_reviewed).days

    def is_stale(self, record: Record) -> bool:
        return self.age(record) > self.stale_after_days


def review_age(edition: Edition, record: Record) -> str:
    """'313 days before this edition', plus a badge when the record needs review."""
    days = edition.age(record)
    when = ("on the day of this edition" if days == 0 else
            f"{plural(days, 'day')} before this edition" if days > 0 else
            f"{-days} days after this edition")
    badge = ' <span class="ev-badge ev-stale">needs review</span>' if edition.is_stale(
        record) else ""
    return f"{when}{badge}"


class LivingPages:
    """The pages that say how current the review is."""

    def __init__(self, evidence: Evidence, edition: Edition, history: list[Change] | None,
                 layout: Layout | None = None, downloads: list[str] | None = None) -> None:
        self.evidence = evidence
        self.edition = edition
        self.history = history
        self.layout = layout or Layout()
        self.downloads = downloads or []

    def pages(self) -> dict[str, str]:
        return {WHATS_NEW_SRC: self.whats_new(), NEEDS_REVIEW_SRC: self.needs_review(),
                DATA_SRC: self.data_page()}

    def record_link(self, here: str, collection: str, ident: str) -> str:
        record = self.evidence.records.get(collection, {}).get(ident)
        if record is None:  # removed since: its page no longer exists
            return f"<code>{escape(collection)}/{escape(ident)}</code> (since removed)"
        return _a(self.layout.href(here, self.layout.record_src(collection, ident)), record.label)

    def whats_new(self) -> str:
        here = WHATS_NEW_SRC
        head = (_front_matter({"title": "What's new", "render_macros": False})
                + "\n# What's new\n"
                + _block(f'<p class="ev-edition">{escape(self.edition.label)}. Records added '
                         "and changed, newest first, from the review's history. Also as a "
                         f'<a href="{escape(self.layout.root(here))}{FEED}">JSON '
                         "feed</a>.</p>"))
        if self.history is None:
            return head + _block("<p>The history is not available in this build (it was not "
                                 "built from a git checkout).</p>")
        rows = "".join(
            f"<tr><td><time datetime=\"{c.date}\">{c.date:%-d %b %Y}</time></td>"
            f"<td>{escape(c.kind)}</td><td>{escape(COLLECTION_TITLES.get(c.collection, ''))}"
            f"</td><td>{self.record_link(here, c.collection, c.id)}</td>"
            f"<td>{escape(c.summary)}</td></tr>" for c in self.history)
        return head + _block(_table(
            "ev-whats-new", "<thead><tr><th>Date</th><th>Change</th><th>Collection</th>"
            f"<th>Record</th><th>Why</th></tr></thead><tbody>{rows}</tbody>"))

    def needs_review(self) -> str:
        here = NEEDS_REVIEW_SRC
        days = self.edition.stale_after_days
        stale = stale_records(self.evidence, self.edition.date, days)
        intro = (f"<p>Records last checked against their sources more than {days} days before "
                 f"{escape(self.edition.label)}, oldest first: "
                 f'<span class="ev-count">{len(stale)}</span> of '
                 f"{len(self.evidence.all_records())}.</p>")
        rows = "".join(
            f"<tr><td>{self.record_link(here, r.collection, r.id)}</td>"
            f"<td>{escape(COLLECTION_TITLES[r.collection])}</td>"
            f'<td><time datetime="{r.last_reviewed}">{r.last_reviewed:%-d %b %Y}</time></td>'
            f"<td>{self.edition.age(r)}</td></tr>" for r in stale)
        table = _table("ev-needs-review", "<thead><tr><th>Record</th><th>Collection</th>"
                       "<th>Last reviewed</th><th>Days before this edition</th></tr></thead>"
                       f"<tbody>{rows}</tbody>") if stale else "<p>Every record is current.</p>"
        return (_front_matter({"title": "Needs review", "render_macros": False})
                + "\n# Needs review\n" + _block(intro) + _block(table))

    def data_page(self) -> str:
        here = DATA_SRC
        links = "".join(
            f'<li><a href="{escape(self.layout.root(here))}{DATA_DIR}/{escape(n)}">'
            f"{escape(n)}</a></li>" for n in self.downloads)
        return (_front_matter({"title": "Data downloads", "render_macros": False})
                + "\n# Data downloads\n"
                + _block("<p>Every collection as CSV (one row per record, lists joined with "
                         "'; ') and JSON (the records as validated), a Frictionless "
                         "<code>datapackage.json</code> describing the CSV files and their "
                         "fields, and the activities mapped to IATI activity fields "
                         "(<code>activities-iati.json</code>: participating-org roles, "
                         "activity-status codes, recipient countries, DAC sector 15190 for "
                         f"migration). {escape(self.edition.label)}.</p>")
                + _block(f'<p class="ev-spreadsheet-rule">{escape(SPREADSHEET_RULE)}</p>')
                + _block(f'<ul class="ev-downloads">{links}</ul>'))

    def feed(self, site_url: str) -> str:
        """The history as a JSON Feed 1.1 document."""
        base = site_url.rstrip("/") + "/" if site_url else ""
        items = []
        for change in self.history or []:
            record = self.evidence.records.get(change.collection, {}).get(change.id)
            title = record.label if record else f"{change.collection}/{change.id}"
            url = self.layout.url(self.layout.record_src(change.collection, change.id))
            items.append({
                "id": f"{change.commit}/{change.collection}/{change.id}",
                "title": f"{change.kind.capitalize()}: {title}",
                "content_text": change.summary,
                "date_published": f"{change.date.isoformat()}T00:00:00Z",
                **({"url": base + url} if record else {}),
            })
        feed = {"version": "https://jsonfeed.org/version/1.1",
                "title": f"What's new in the review ({self.edition.label})", "items": items}
        if base:
            feed["home_page_url"] = base
            feed["feed_url"] = base + FEED
        return json.dumps(feed, indent=1, ensure_ascii=False) + "\n"
