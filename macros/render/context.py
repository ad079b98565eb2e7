"""What every view gets: the evidence, the URL layout, the formatted references, the edition,
and a memo of what several views ask for during one build."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..cite.scan import PageCitations
from ..evidence import Evidence, analysis
from ..model import Record
from ..model.geography import LAC_STATES
from .layout import Layout
from .text import _, ngettext


@dataclass(frozen=True)
class Edition:
    """The edition of the review a build publishes."""

    number: str = "1"
    date: dt.date = dt.date(2026, 1, 1)
    stale_after_days: int = 365

    @property
    def label(self) -> str:
        return _("Edition {number}, {date}").format(number=self.number,
                                                     date=f"{self.date:%-d %B %Y}")

    def age(self, record: Record) -> int:
        """Days from the record's last review to the edition date."""
        return (self.date - record.last_reviewed).days

    def is_stale(self, record: Record) -> bool:
        return self.age(record) > self.stale_after_days

    def review_note(self, record: Record) -> str:
        """'313 days before this edition', plus a badge when the record needs review."""
        days = self.age(record)
        when = (_("on the day of this edition") if days == 0 else
                ngettext("{n} day before this edition", "{n} days before this edition",
                         days).format(n=days) if days > 0 else
                ngettext("{n} day after this edition", "{n} days after this edition",
                         -days).format(n=-days))
        badge = (' <span class="ev-badge ev-stale">' + _("needs review") + "</span>"
                 if self.is_stale(record) else "")
        return f"{when}{badge}"


@dataclass(frozen=True)
class References:
    """The bibliography as the citation style formats it, and the pages that cite it."""

    entries: dict[str, str]
    """Reference-list entry (HTML) of every bibliography key, in the style's order."""
    pages: dict[str, PageCitations] = field(default_factory=dict)
    """Citations of every hand-written page, by the page's path in the docs folder."""
    style_title: str = ""


class BuildMemo:
    """What several views ask for during one build, computed once."""

    def __init__(self) -> None:
        self.filter_values: dict[tuple[str, str], dict[str, list[str]]] = {}
        """Each record's filter values (its table rows' data attributes, matrix segments)."""
        self.rows: dict[tuple[str, str, str, bool], str] = {}
        """Table rows shared by the pages at the same depth outside the collections' folders."""
        self.countries_with_pages: set[str] | None = None


@dataclass
class ViewContext:
    """Everything a view renders from, besides its own arguments."""

    evidence: Evidence
    layout: Layout = field(default_factory=Layout)
    references: References | None = None
    edition: Edition | None = None
    """The edition published: record pages say how long before it a record was reviewed."""
    memo: BuildMemo = field(default_factory=BuildMemo)

    def __post_init__(self) -> None:
        vocabularies = self.evidence.vocabularies
        self.themes = {t.id: t.label for t in vocabularies.themes}
        """Theme id → label, in the vocabulary's order."""
        self.mieux_areas = {a.id: a.label for a in vocabularies.mieux_areas}
        self.edition_year = self.edition.date.year if self.edition else 2026
        """The year an ongoing activity runs to."""

    def countries_with_pages(self) -> set[str]:
        """Countries any record mentions, and the Latin American and Caribbean states that
        region-wide work covers: each has a page."""
        if self.memo.countries_with_pages is None:
            self.memo.countries_with_pages = set(analysis.records_by_country(self.evidence)) | (
                set(analysis.region_work_by_country(self.evidence)) & LAC_STATES)
        return self.memo.countries_with_pages
