"""Load every record, validate everything, collect all problems, then fail once.

`load_evidence(root)` is the whole core pipeline: it knows nothing of MkDocs, so the CLI, the
site and the tests all see the same records and the same messages.
"""

from __future__ import annotations

import gc
import logging
import os
import re
import typing
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..cite.scan import find_citations
from ..errors import EvidenceError, Problem, display_path
from ..model import (
    COLLECTIONS,
    Record,
    SourceRef,
    Vocabularies,
    translation,
)
from ..source.bibtex import Bibliography, load_bibliography
from ..source.yaml import (
    Document,
    Loc,
    file_kind,
    format_loc,
    kind_problem,
    load_document,
    not_regular_problem,
)
from .index import Backlink, Evidence
from .problems import did_you_mean, partial, slugify, translate, unknown_reference
from .suggest import Candidate, Suggestions
from .textchecks import (
    MAX_TEXT_CHARS,
    RECORD_LINK_BUDGET,
    deceptive_characters,
    link_cost_message,
    link_scan_cost,
)

log = logging.getLogger(__name__)

VOCABULARY_FILE = "themes.yaml"


class RecordCache:
    """Records read by an earlier load, reused while their file is unchanged (same size and
    modification time): `mkdocs serve` loads the whole tree again after every edit. Only
    records read without any problem are kept; the checks across records run every time."""

    def __init__(self) -> None:
        self.entries: dict[Path, tuple[tuple[int, int], Document, Record]] = {}


def load_evidence(root: Path, evidence_dir: str = "evidence",
                  bibliography: str = "bibliography.bib",
                  cache: RecordCache | None = None) -> Evidence:
    """Load and validate the project at `root`; raise EvidenceError listing every problem."""
    root = root.resolve()
    loader = _Loader(root, root / evidence_dir, cache)
    with _no_cyclic_gc():
        evidence = loader.load(root / bibliography)
    if loader.problems:
        raise EvidenceError(loader.problems)
    evidence.warnings = sorted(set(loader.warnings))
    return evidence


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Loading makes millions of small objects that all live on: Python's cyclic garbage
    collector would scan them again and again as they pile up (40% of the time of loading
    10,000 records). They form no cycles to collect, so it waits until loading is done."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Loader:
    def __init__(self, root: Path, evidence_dir: Path, cache: RecordCache | None = None) -> None:
        self.root = root
        self.evidence_dir = evidence_dir
        self.cache = cache
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.bibliography: Bibliography | None = None
        self.bib_suggestions: Suggestions | None = None
        self.invalid: list[tuple[str, Document, Record]] = []
        """Records with problems, as written (`partial`): their references are checked too."""
        self.unchecked_ids: dict[Document, dict[Loc, Problem]] = defaultdict(dict)
        """Ids that do not even look like ids (`OIM`), by file and place: a reference check
        there replaces the problem with its own, which can say which record was meant."""

    def shown(self, path: Path) -> str:
        return display_path(path, self.root)

    def load(self, bib_path: Path) -> Evidence:
        refused = kind_problem(bib_path, self.shown(bib_path))
        if refused is not None:  # never read: a link could show a system file's lines
            self.problems.append(refused)
            bib = Bibliography(self.shown(bib_path))
        else:
            bib, problems = load_bibliography(bib_path, self.shown(bib_path))
            self.problems += problems
            self.warnings += bib.warnings
        self.bibliography = bib
        outside = self.outside(self.evidence_dir)
        if outside is not None:
            self.problems.append(outside)
            return Evidence(self.root, {c: {} for c in COLLECTIONS}, {}, _EMPTY_VOCAB, bib)
        if not self.evidence_dir.is_dir():
            self.problems.append(Problem(self.shown(self.evidence_dir), 0, 0, "",
                                         "evidence folder not found",
                                         "run the command from the project root, or pass its path"))
            return Evidence(self.root, {c: {} for c in COLLECTIONS}, {}, _EMPTY_VOCAB, bib)
        vocab, vocab_doc = self.load_vocabularies()
        records, documents = self.load_records()
        evidence = Evidence(self.root, records, documents, vocab, bib)
        if vocab_doc is not None:
            self.check_vocabulary(vocab, vocab_doc, bib)
        self.check_references(evidence)
        return evidence

    # -- reading ---------------------------------------------------------------------------

    def load_vocabularies(self) -> tuple[Vocabularies, Document | None]:
        path = self.evidence_dir / VOCABULARY_FILE
        if not path.exists():
            self.problems.append(Problem(self.shown(path), 0, 0, "", "vocabulary file not found",
                                         "every project needs evidence/themes.yaml"))
            return _EMPTY_VOCAB, None
        doc, problems = load_document(path, self.shown(path))
        self.problems += problems
        if doc is None:
            return _EMPTY_VOCAB, None
        self.check_text(doc)
        vocab = self.validate(doc, Vocabularies)
        # As written when not valid: its ids are still known, so that the records using them
        # are not reported too.
        return (vocab if isinstance(vocab, Vocabularies) else
                typing.cast(Vocabularies, partial(Vocabularies, doc.data))), doc

    def load_records(self) -> tuple[dict[str, dict[str, Record]], dict[tuple[str, str], Document]]:
        records: dict[str, dict[str, Record]] = {c: {} for c in COLLECTIONS}
        documents: dict[tuple[str, str], Document] = {}
        shown_dir = self.shown(self.evidence_dir)
        first: dict[tuple[str, str], str] = {}  # each id's first file, valid or not
        for entry in _entries(self.evidence_dir):
            folder = Path(entry.path)
            if entry.name.startswith(".") or not entry.is_dir():
                continue  # themes.yaml and READMEs (a link to a folder is a folder here)
            if entry.name not in COLLECTIONS:
                plain = _RECORD_NAME.fullmatch(entry.name + ".yaml") is not None
                self.problems.append(Problem(
                    self.shown(folder) if plain else shown_dir, 0, 0, "",
                    f"unknown collection folder {entry.name!r}",
                    did_you_mean(entry.name, COLLECTIONS) or
                    f"collections are: {', '.join(COLLECTIONS)}"))
                continue
            if entry.is_symlink():
                self.problems.append(Problem(
                    self.shown(folder), 0, 0, "", "expected a collection folder inside the "
                    "project, got a symbolic link", "move the folder into the project instead "
                    "of linking to it"))
                continue
            model = COLLECTIONS[entry.name]
            shown_folder = self.shown(folder)  # once, not once per record: it adds up
            for item in _entries(folder):
                name = item.name
                if name.startswith(".") or name.lower() == "readme.md":
                    continue
                # The name first, before anything else is read or shown: it is printed in
                # messages and CI annotations, so only names of the id pattern pass.
                if _RECORD_NAME.fullmatch(name) is None:
                    self.problems.append(_name_problem(shown_folder, name))
                    continue
                kind = "" if item.is_file(follow_symlinks=False) else \
                    file_kind(item.stat(follow_symlinks=False).st_mode)
                if kind:
                    self.problems.append(not_regular_problem(f"{shown_folder}/{name}", kind))
                    continue
                path = Path(item.path)
                doc, record = self.read_record(path, f"{shown_folder}/{name}", model)
                if doc is None:
                    continue
                if not isinstance(record, Record):  # checked as written, then left out
                    written = typing.cast(Record, partial(model, doc.data))
                    self.invalid.append((folder.name, doc, written))
                    if isinstance(written.id, str) and _SLUG.fullmatch(written.id):
                        self.check_id(doc, written, path, first)
                    continue
                self.check_id(doc, record, path, first)
                for loc, message, hint in translation.check(record):
                    self.located(doc, loc, message, hint)
                records[folder.name][record.id] = record
                documents[(folder.name, record.id)] = doc
        return records, documents

    def outside(self, folder: Path) -> Problem | None:
        """A problem when the evidence folder is a link or lies outside the project."""
        if folder.is_symlink():
            return Problem(self.shown(folder), 0, 0, "", "expected the evidence folder inside "
                           "the project, got a symbolic link", "move the folder into the "
                           "project instead of linking to it")
        if not folder.resolve().is_relative_to(self.root):
            return Problem(self.shown(folder), 0, 0, "", "expected the evidence folder inside "
                           "the project, got a folder outside it", "set `evidence_dir:` to a "
                           "folder of the project")
        return None

    def read_record(self, path: Path, shown: str,
                    model: type[BaseModel]) -> tuple[Document | None, BaseModel | None]:
        """Read and validate one record file, or take it from the cache while unchanged."""
        stamp = (0, 0)
        if self.cache is not None:
            stat = path.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
            cached = self.cache.entries.get(path)
            if cached is not None and cached[0] == stamp:
                return cached[1], cached[2]
        found, warned = len(self.problems), len(self.warnings)
        doc, problems = load_document(path, shown)
        self.problems += problems
        if doc is not None:
            self.check_text(doc)
        record = self.validate(doc, model) if doc is not None else None
        if self.cache is not None and doc and isinstance(record, Record) \
                and len(self.problems) == found and len(self.warnings) == warned:
            self.cache.entries[path] = (stamp, doc, record)
        return doc, record

    def validate(self, doc: Document, model: type[BaseModel]) -> BaseModel | None:
        """The record, or None when it has problems (each reported)."""
        if not isinstance(doc.data, dict):
            got = "a list" if isinstance(doc.data, list) else repr(doc.data)
            self.problems.append(Problem(doc.path, 1, 1, "", f"expected a mapping of fields, "
                                         f"got {got}", "a record is a set of `field: value` lines"))
            return None
        try:
            return model.model_validate(doc.data)
        except ValidationError as exc:
            for error in exc.errors():
                if not _under(tuple(error["loc"]), doc.refused):
                    problem = translate(doc, model, error)
                    self.problems.append(problem)
                    if error["type"] == "string_pattern_mismatch":
                        self.unchecked_ids[doc][tuple(error["loc"])] = problem
            return None

    def check_text(self, doc: Document) -> None:
        """Every text of a file: length, links Markdown would read slowly, citations that would
        be published as text, characters that deceive."""
        for loc, text in _texts(doc.data, ()):
            if len(text) > MAX_TEXT_CHARS:
                self.located(doc, loc, f"expected at most {MAX_TEXT_CHARS:,} characters, got "
                             f"{len(text):,}", "records summarise their sources: split the "
                             "text, or leave the detail to the source and its locator")
                continue
            if "[" in text:
                cost = link_scan_cost(text)
                if cost.chars > RECORD_LINK_BUDGET:
                    self.located(doc, loc, *link_cost_message(cost, RECORD_LINK_BUDGET))
                    continue
            if "@" in text:
                self.check_citations(doc, loc, text)
            for finding in deceptive_characters(text):
                line, col = doc.position(loc)
                problem = Problem(doc.path, line, col, format_loc(loc), finding.message,
                                  finding.hint)
                (self.problems if finding.error else self.warnings).append(problem)

    def check_citations(self, doc: Document, loc: Loc, text: str) -> None:
        """Record text is not scanned for citations, so '[@key]' would be published as it is:
        refused, pointing to `sources:` (an author-in-text '@key' only for a known key, as
        '@handle' may be an account name)."""
        keys = self.bibliography.entries if self.bibliography is not None else {}
        for citation in find_citations(text):
            if citation.author_in_text and citation.keys[0] not in keys:
                continue
            key = citation.keys[0]
            self.located(doc, loc, f"expected text without citations, got {citation.text!r}",
                         f"record text is published as written, not as a citation: cite "
                         f"the source under 'sources:' (- key: {key}, locator: ...)")

    # -- checks across records ---------------------------------------------------------------

    def check_id(self, doc: Document, record: Record, path: Path,
                 first: dict[tuple[str, str], str]) -> None:
        """The id is the file name, and no other file of the collection has it (`first`: the
        file each id was first read from)."""
        if record.id != path.stem:
            self.located(doc, ("id",), f"expected the file name '{path.stem}', got '{record.id}'",
                         f"rename the file to '{record.id}.yaml' or change the id")
        other = first.setdefault((record.collection, record.id), doc.path)
        if other != doc.path:
            self.located(doc, ("id",), f"duplicate id '{record.id}', also used by {other}",
                         "ids must be unique within a collection")

    def check_vocabulary(self, vocab: Vocabularies, doc: Document, bib: Bibliography) -> None:
        areas = {a.id for a in vocab.mieux_areas}
        for kind, items in (("themes", vocab.themes), ("mieux_areas", vocab.mieux_areas)):
            seen: set[str] = set()
            for i, item in enumerate(items):
                if not isinstance(item.id, str):
                    continue  # (a vocabulary with problems, as written)
                if item.id in seen:
                    self.located(doc, (kind, i, "id"), f"duplicate id '{item.id}'")
                seen.add(item.id)
        for i, theme in enumerate(vocab.themes):
            for j, area in enumerate(theme.mieux_areas):
                if isinstance(area, str) and area not in areas:
                    self.located(doc, ("themes", i, "mieux_areas", j),
                                 f"expected a MIEUX area id, got '{area}'",
                                 did_you_mean(area, areas))
        self.check_sources(doc, vocab.sources, ("sources",), bib)

    def check_references(self, evidence: Evidence) -> None:
        known: dict[str, set[str]] = {c: set(r) for c, r in evidence.records.items()}
        for collection, doc, record in self.invalid:  # their ids exist, even if they are wrong
            known[collection].add(Path(doc.path).stem)
            if isinstance(record.id, str):
                known[collection].add(record.id)
        known["themes"] = {t.id for t in evidence.vocabularies.themes if isinstance(t.id, str)}
        known["mieux_areas"] = {a.id for a in evidence.vocabularies.mieux_areas
                                if isinstance(a.id, str)}
        suggestions = _SuggestionIndex(evidence, self.invalid)
        backlinks: dict[tuple[str, str], list[Backlink]] = defaultdict(list)
        checked = [(c, evidence.documents[(c, r.id)], r, True)
                   for c, records in evidence.records.items() for r in records.values()]
        checked += [(c, doc, r, False) for c, doc, r in self.invalid]
        for collection, doc, record, valid in checked:
            for ref in record.references():
                if not isinstance(ref.id, str) or ref.collection not in known:
                    continue  # not an id at all: the model's problem says so
                if ref.id not in known[ref.collection]:
                    self.checked(doc, ref.loc, *unknown_reference(
                        ref, suggestions.of(ref.collection).hint(ref.id)))
                elif ref.relation and valid:
                    backlinks[(ref.collection, ref.id)].append(
                        Backlink(collection, record.id, ref.relation))
            self.check_sources(doc, record.sources or [], ("sources",), evidence.bibliography)
            for i, budget in enumerate(getattr(record, "budget", None) or ()):
                self.check_sources(doc, budget.sources or [], ("budget", i, "sources"),
                                   evidence.bibliography)
        for collection, records in evidence.records.items():
            for record in records.values():
                doc = evidence.documents[(collection, record.id)]
                for lang, text in record.translations.items():
                    given = text.provenance.source
                    if given is not None and given.key not in evidence.bibliography:
                        self.located(doc, ("translations", lang, "provenance", "source", "key"),
                                     f"expected a citation key from "
                                     f"{evidence.bibliography.path}, got '{given.key}'",
                                     did_you_mean(given.key, evidence.bibliography.entries))
        evidence.backlinks = {k: sorted(set(v), key=lambda b: (b.relation, b.collection, b.id))
                              for k, v in backlinks.items()}

    def check_sources(self, doc: Document, sources: list[SourceRef], loc: Loc,
                      bib: Bibliography) -> None:
        for i, source in enumerate(sources):
            if not isinstance(source.key, str):
                continue  # a key missing or not text: the model's problem says so
            if source.key not in bib:
                if self.bib_suggestions is None:  # the first time a key is not found
                    self.bib_suggestions = Suggestions(Candidate(key) for key in bib.entries)
                self.checked(doc, (*loc, i, "key"),
                             f"expected a citation key from {bib.path}, got '{source.key}'",
                             self.bib_suggestions.hint(source.key) or
                             f"add an entry '@report{{{source.key}, ...}}' to {bib.path}")

    def checked(self, doc: Document, loc: Loc, message: str, hint: str) -> None:
        """A problem a check across records found: where the model already refused the value
        as not even an id (`OIM`), this one replaces it, as it can say what was meant."""
        refused = self.unchecked_ids.get(doc, {}).pop(loc, None)
        if refused is not None:
            self.problems.remove(refused)
            hint = hint if hint.startswith("did you mean") else refused.hint
        self.located(doc, loc, message, hint)

    def located(self, doc: Document, loc: Loc, message: str, hint: str = "") -> None:
        line, col = doc.position(loc)
        self.problems.append(Problem(doc.path, line, col, format_loc(loc), message, hint))


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_RECORD_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.yaml")
"""A record file's name: its id (`model.Slug`), then '.yaml'."""


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    """A folder's entries by name, each knowing (without another system call) whether it is
    a link, a folder or a file."""
    with os.scandir(folder) as entries:
        return sorted(entries, key=lambda entry: entry.name)


def _name_problem(shown_folder: str, name: str) -> Problem:
    stem = name[: -len(".yaml")] if name.endswith(".yaml") else name.rsplit(".", 1)[0]
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    slug = slugify(ascii_stem)
    example = f"rename it to '{slug}.yaml'" if slug else "rename it, e.g. 'my-programme.yaml'"
    return Problem(shown_folder, 0, 0, "",
                   f"expected a record file named by its id (lowercase letters, digits and "
                   f"single hyphens, then '.yaml'), got {name!r}",
                   f"{example}: the id is the file name")


def _texts(data: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    """Every text value of a record, with where it is."""
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _texts(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _texts(value, (*loc, i))


def _under(loc: Loc, refused: set[Loc]) -> bool:
    return any(loc[: len(r)] == r for r in refused)


_EMPTY_VOCAB = Vocabularies.model_construct(themes=[], mieux_areas=[], sources=[])


class _SuggestionIndex:
    """The suggestions for each collection, made the first time an id of it is not found
    (most builds find every id): from the valid records and those with problems alike."""

    def __init__(self, evidence: Evidence, invalid: list[tuple[str, Document, Record]]) -> None:
        self.evidence = evidence
        self.invalid = invalid
        self.made: dict[str, Suggestions] = {}

    def of(self, collection: str) -> Suggestions:
        if collection not in self.made:
            self.made[collection] = Suggestions(self.candidates(collection))
        return self.made[collection]

    def candidates(self, collection: str) -> list[Candidate]:
        vocab = self.evidence.vocabularies
        if collection in ("themes", "mieux_areas"):
            terms = vocab.themes if collection == "themes" else vocab.mieux_areas
            labelled = [(t.id, (t.label,) if isinstance(t.label, str) else ()) for t in terms]
            return [Candidate(i, label, label) for i, label in labelled if isinstance(i, str)]
        records: list[Record] = list(self.evidence.records.get(collection, {}).values())
        records += [r for c, _, r in self.invalid if c == collection]
        return [Candidate(r.id, tuple(r.names()), tuple(
                    n for n in (getattr(r, r.title_field, None), getattr(r, "acronym", None))
                    if isinstance(n, str)))
                for r in records if isinstance(r.id, str)]
