"""Suggestions for an id that names no record ("did you mean ...?"): the records a contributor
may have meant, found by their ids and by every name they are known by (name or title,
acronym, other names, and whatever names a record adds through `Record.names()`).

A contributor writes what they know: `OIM` (the Spanish acronym), `eu` for the European Union,
`trafficking` for a theme. The suggestions are tried in order, each only when the one before
finds nothing: the same id or name ignoring case, accents and punctuation; an id or name that
contains the word written; then the closest spellings (difflib). Nothing is suggested that the
records do not hold.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

MAX_SUGGESTIONS = 3
CLOSE_ENOUGH = 0.1
"""How much less alike than the closest spelling another may be and still be suggested."""


@dataclass(frozen=True)
class Candidate:
    """A record (or vocabulary term) that can be suggested, with the names it is known by."""

    id: str
    names: tuple[str, ...] = ()
    """Every name it is known by (compared with what was written)."""
    shown_names: tuple[str, ...] = ()
    """The names the suggestion shows beside the id: its name or title, and acronym."""

    def shown(self) -> str:
        """`'iom' (International Organization for Migration, IOM)`: the id to write, with the
        names a reader recognises."""
        names = list(dict.fromkeys(self.shown_names))
        return f"'{self.id}' ({', '.join(names)})" if names else f"'{self.id}'"


def fold(text: str) -> str:
    """A name as it is compared: lowercase, without accents, words joined by hyphens
    (`Organización Internacional` → `organizacion-internacional`)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", plain))


class Suggestions:
    """The ids of one collection with their names, to suggest from."""

    def __init__(self, candidates: Iterable[Candidate]) -> None:
        self.candidates = sorted({c.id: c for c in candidates}.values(), key=lambda c: c.id)
        self.forms: dict[str, list[Candidate]] = {}
        """Each folded id and name → the candidates known by it."""
        for candidate in self.candidates:
            for form in dict.fromkeys(fold(n) for n in (candidate.id, *candidate.names)):
                if form:
                    self.forms.setdefault(form, []).append(candidate)

    def suggest(self, word: str) -> list[Candidate]:
        """The candidates `word` most likely means (at most MAX_SUGGESTIONS), best first."""
        key = fold(word)
        if not key:
            return []
        if key in self.forms:
            return self.forms[key][:MAX_SUGGESTIONS]
        pattern = re.compile(rf"(?:^|-){re.escape(key)}(?:-|$)")
        found = _unique(c for form, cs in self.forms.items() if pattern.search(form) for c in cs)
        if found:
            return found[:MAX_SUGGESTIONS]
        close = difflib.get_close_matches(key, list(self.forms), n=MAX_SUGGESTIONS, cutoff=0.6)
        if not close:
            return []
        # Only those about as close as the closest: 'doc-aa' is 'doc-a', not also 'doc-b'.
        best = difflib.SequenceMatcher(None, key, close[0]).ratio()
        close = [f for f in close
                 if difflib.SequenceMatcher(None, key, f).ratio() >= best - CLOSE_ENOUGH]
        return _unique(c for form in close for c in self.forms[form])[:MAX_SUGGESTIONS]

    def hint(self, word: str) -> str:
        """`did you mean 'a' (A) or 'b' (B)?`, or "" when nothing comes close."""
        found = self.suggest(word)
        if not found:
            return ""
        shown = [c.shown() for c in found]
        listed = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"
        return f"did you mean {listed}?"


def _unique(candidates: Iterable[Candidate]) -> list[Candidate]:
    return list({c.id: c for c in candidates}.values())
