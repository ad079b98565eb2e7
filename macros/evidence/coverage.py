"""What was encoded from each source: records grouped by source document and by section.

Locators name places in a source ("sec. 3.2; fn. 9", "Table 1", "Mexico II (2016-ongoing)").
Each place is reduced to its section (`sec. 3.2`, `Table 1`, `Annex 2`, `fn. 9`, or a heading)
so a reader can see, section by section, which records a document gave rise to.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from ..model import Record
from . import Evidence

_PLACE = re.compile(
    r"^(?P<place>(?:sec\.|section)\s*[\d.]*\d|Table\s+\d+|Annex\s+\d+|fn\.\s*\d+|"
    r"footnote\s+\d+|p\.\s*\d+)", re.IGNORECASE)
_CITED_IN = re.compile(r"^cited in\b", re.IGNORECASE)


@dataclass
class SourceCoverage:
    """One bibliography entry and the records that cite it, by section."""

    key: str
    title: str
    sections: dict[str, list[Record]] = field(default_factory=dict)
    records: list[Record] = field(default_factory=list)
    cited_as_original: list[Record] = field(default_factory=list)


def places(locator: str) -> list[str]:
    """The sections a locator names: 'sec. 3.2, EUROFRONT; fn. 9' → ['sec. 3.2', 'fn. 9']."""
    out = []
    for part in (p.strip() for p in locator.split(";")):
        if not part:
            continue
        match = _PLACE.match(part)
        if match:
            out.append(re.sub(r"\s+", " ", match.group("place")))
        else:  # a heading: keep what comes before any ", detail"
            out.append(part.split(", ")[0] if not part.startswith("(") else part)
    return out


def _natural(text: str) -> list[object]:
    return [int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", text)]


def _section_order(place: str) -> tuple[int, list[object]]:
    rank = 0 if place.lower().startswith(("sec", "section")) else (
        1 if place.lower().startswith("table") else
        2 if place.lower().startswith("annex") else
        4 if place.lower().startswith(("fn", "footnote")) else 3)
    return rank, _natural(place)


def coverage(evidence: Evidence) -> list[SourceCoverage]:
    """Every bibliography entry with what cites it, most-used first, unused entries last."""
    result: dict[str, SourceCoverage] = {
        key: SourceCoverage(key, evidence.bibliography.field(key, "title"))
        for key in evidence.bibliography.entries}
    by_section: dict[str, dict[str, list[Record]]] = defaultdict(lambda: defaultdict(list))
    # Each list holds a record once. Looking it up in the list itself would compare it with
    # every record already there: quadratic in the records of one source.
    listed: set[tuple[int, str, str]] = set()

    def add(items: list[Record], record: Record) -> None:
        if (id(items), record.collection, record.id) not in listed:
            listed.add((id(items), record.collection, record.id))
            items.append(record)

    for record in evidence.all_records():
        for source in record.all_sources():
            entry = result[source.key]
            if _CITED_IN.match(source.locator):
                add(entry.cited_as_original, record)
                continue
            add(entry.records, record)
            for place in places(source.locator):
                add(by_section[source.key][place], record)
    for key, sections in by_section.items():
        result[key].sections = {p: sections[p] for p in sorted(sections, key=_section_order)}
    return sorted(result.values(),
                  key=lambda c: (-len(c.records), -len(c.cited_as_original), c.key))


def unused_keys(evidence: Evidence) -> list[str]:
    """Bibliography keys no record cites."""
    return [c.key for c in coverage(evidence) if not c.records and not c.cited_as_original]
