"""The evidence of a project, validated and cross-indexed: every record by collection (typed
accessors for each), its file, what refers to it, and the warnings worth a look."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from ..errors import Problem
from ..model import (
    COLLECTIONS,
    Activity,
    Event,
    Figure,
    Finding,
    Mechanism,
    MieuxAction,
    Organisation,
    Recommendation,
    Record,
    Strategy,
    Vocabularies,
)
from ..source.bibtex import Bibliography
from ..source.yaml import Document


@dataclass(frozen=True)
class Backlink:
    """A record that refers to this one, and how."""

    collection: str
    id: str
    relation: str


@dataclass
class Evidence:
    """All records of a project, validated and cross-indexed."""

    root: Path
    records: dict[str, dict[str, Record]]
    documents: dict[tuple[str, str], Document]
    vocabularies: Vocabularies
    bibliography: Bibliography
    backlinks: dict[tuple[str, str], list[Backlink]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    """What deserves a look but need not fail (invisible characters, mixed-script words)."""

    def all_records(self) -> list[Record]:
        return [r for c in COLLECTIONS for r in self.records[c].values()]

    def source_path(self, record: Record) -> str:
        return self.documents[(record.collection, record.id)].path

    def counts(self) -> dict[str, int]:
        return {c: len(self.records[c]) for c in COLLECTIONS}

    def backlinks_of(self, record: Record) -> list[Backlink]:
        return self.backlinks.get((record.collection, record.id), [])

    # -- the collections, typed ------------------------------------------------------------------

    @property
    def organisations(self) -> dict[str, Organisation]:
        return cast(dict[str, Organisation], self.records["organisations"])

    @property
    def strategies(self) -> dict[str, Strategy]:
        return cast(dict[str, Strategy], self.records["strategies"])

    @property
    def activities(self) -> dict[str, Activity]:
        return cast(dict[str, Activity], self.records["activities"])

    @property
    def mieux_actions(self) -> dict[str, MieuxAction]:
        return cast(dict[str, MieuxAction], self.records["mieux-actions"])

    @property
    def mechanisms(self) -> dict[str, Mechanism]:
        return cast(dict[str, Mechanism], self.records["mechanisms"])

    @property
    def figures(self) -> dict[str, Figure]:
        return cast(dict[str, Figure], self.records["figures"])

    @property
    def findings(self) -> dict[str, Finding]:
        return cast(dict[str, Finding], self.records["findings"])

    @property
    def recommendations(self) -> dict[str, Recommendation]:
        return cast(dict[str, Recommendation], self.records["recommendations"])

    @property
    def events(self) -> dict[str, Event]:
        return cast(dict[str, Event], self.records["events"])


def stale_records(evidence: Evidence, today: dt.date, days: int) -> list[Record]:
    """Records last reviewed more than `days` days before `today`, oldest first; drafts
    (imported, not yet reviewed) first of all."""
    cutoff = today - dt.timedelta(days=days)
    stale = [r for r in evidence.all_records()
             if r.last_reviewed is None or r.last_reviewed < cutoff]
    return sorted(stale, key=lambda r: (r.last_reviewed or dt.date.min, r.collection, r.id))


def summary_line(evidence: Evidence) -> str:
    counts = evidence.counts()
    parts = ", ".join(f"{n} {c}" for c, n in counts.items())
    return f"{sum(counts.values())} records valid ({parts})"
