"""Record text in another language, with its provenance.

A record may carry, under `translations:`, the text of some of its fields in Spanish:

```yaml
translations:
  es:
    name: Organización Internacional para las Migraciones
    acronym: OIM
    description: ...
    provenance:
      by: tool            # or person
      reviewed: false     # a person checked it against the English text
      date: 2026-12-02    # when it was made
      original: 3f2a9c0d1e4b   # fingerprint of the English text it translates
      source: {key: iom-strategy-cnac-2020, locator: Acronyms}   # where a source gives it
```

Field names stay English and are the record's own text fields (`TRANSLATABLE`). A
translation says what the English says: the validator checks that the numbers (years, counts,
amounts, the digits of ids such as 'Target 10.c') of each translated field are the English
field's, with each language's separators set aside ('35.600' and '35,600' are the same digits).
The fingerprint ties the translation to the English text it was made from: when that text
changes, the translation is *stale*, listed on "Needs review" and marked on the record's page,
until someone checks it and sets the new fingerprint, which `evidence validate` prints.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from .records import Record

LANGUAGES = ("es",)
"""The languages a record's text may be translated into (English is the records' own)."""
TRANSLATABLE = (
    "name", "title", "acronym", "other_names", "description", "summary", "text", "mandate",
    "context", "vision", "scope", "measure", "unit", "category", "iom_role", "addressed_to",
    "place", "participants", "objectives", "results", "services", "strengths", "gaps",
    "duplications", "opportunities", "challenges", "notes",
)
"""The fields a translation may give, where the record's collection has them: its text, not
its ids, codes, numbers, dates or links."""
FINGERPRINT_LENGTH = 12

Loc = tuple[str | int, ...]


class Provenance(BaseModel):
    """Who made a translation, whether a person checked it, when, and from which English
    text."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    by: Literal["person", "tool"] = Field(description="Translated by a person or by a tool.")
    reviewed: bool = Field(False, description="A person has checked it against the English "
                           "text (and the source).")
    date: dt.date = Field(description="When it was made or last checked (YYYY-MM-DD).")
    original: str | None = Field(
        None, pattern=r"^[0-9a-f]{12}$",
        description="Fingerprint of the English text it translates; `evidence validate` "
        "prints the current one.")
    source: SourceGiven | None = Field(
        None, description="Where a source itself gives the text in this language.")


class SourceGiven(BaseModel):
    """A source that gives the translated text (e.g. an acronym list with Spanish names)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
                     description="Citation key in `bibliography.bib`.")
    locator: str = Field(min_length=1, description="Where in the source (page, list).")


Provenance.model_rebuild()


class Translation(BaseModel):
    """A record's text in one language: translated fields (by their English names) and
    `provenance`."""

    model_config = ConfigDict(extra="allow", frozen=True,
                              json_schema_extra={"additionalProperties": {
                                  "anyOf": [{"type": "string", "minLength": 1},
                                            {"type": "array", "items": {"type": "string"}}]}})

    provenance: Provenance

    def texts(self) -> dict[str, Any]:
        """The translated fields by name (their values as written)."""
        return dict(self.__pydantic_extra__ or {})


def fingerprint(record: Record, fields: list[str]) -> str:
    """The fingerprint of a record's English text in these fields (12 hex digits of SHA-256
    over their values as JSON, by field name)."""
    english = {name: getattr(record, name, None) for name in sorted(fields)}
    data = json.dumps(english, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(data.encode()).hexdigest()[:FINGERPRINT_LENGTH]


def translation(record: Record, lang: str) -> Translation | None:
    found = record.translations.get(lang)  # type: ignore[call-overload]
    return found if isinstance(found, Translation) else None


def translated(record: Record, name: str, lang: str) -> Any:
    """A field's text in a language: the translation's, else None."""
    found = translation(record, lang)
    if found is None or lang == "en":
        return None
    value = found.texts().get(name)
    return value if isinstance(value, str | list) and value else None


def is_stale(record: Record, lang: str) -> bool:
    """Whether the English text changed after the translation was made (its fingerprint is
    not the English text's)."""
    found = translation(record, lang)
    if found is None or found.provenance.original is None:
        return False
    return found.provenance.original != fingerprint(record, list(found.texts()))


def stale_translations(records: Iterator[Record] | list[Record]) -> list[tuple[Record, str]]:
    """Every (record, language) whose translation is stale, in the records' order."""
    return [(r, lang) for r in records for lang in sorted(r.translations)
            if is_stale(r, lang)]


def other_names(record: Record) -> Iterator[str]:
    """Every name a reader may call a record by, besides its title: its acronym and other
    names, and their translations (Spanish names and acronyms such as 'OIM', 'ACNUR'), each
    once. For search and for "did you mean"."""
    seen = {record.label}
    names: list[Any] = [getattr(record, record.title_field), getattr(record, "acronym", None),
                        *getattr(record, "other_names", ())]
    for lang in sorted(record.translations):
        found = translation(record, lang)
        if found is None:
            continue
        texts = found.texts()
        names += [texts.get(record.title_field), texts.get("acronym"),
                  *(texts.get("other_names") or ())]
    for name in names:
        if isinstance(name, str) and name and name not in seen:
            seen.add(name)
            yield name


def translation_schema(schema: dict[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """A collection's JSON Schema with the fields its translations may give, so that editors
    complete them: each is the field's text in the language, described by the English field's
    description."""
    found = schema.get("$defs", {}).get("Translation")
    if found is None:
        return schema
    fields = model.model_fields
    properties: dict[str, Any] = {}
    for name in TRANSLATABLE:
        if name not in fields:
            continue
        english = fields[name].description or ""
        is_list = "list" in str(fields[name].annotation)
        properties[name] = {
            "description": f"In this language: {name}" + (f" ({english})" if english else ""),
            **({"type": "array", "items": {"type": "string", "minLength": 1}} if is_list
               else {"type": "string", "minLength": 1})}
    found = {**found, "properties": {**properties, **found.get("properties", {})},
             "additionalProperties": False}
    schema["$defs"] = {**schema["$defs"], "Translation": found}
    return schema


# ---------------------------------------------------------------------------------------------
# The checks of the validator


_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?![\d.,]\d)"
                     r"|\d+(?:[.,]\d+)*")
"""A number as either language writes it: '35,600', '35.600', '35 600', '2.5', '2,5',
'10.c' (its digits)."""


def numbers(text: str) -> Counter[str]:
    """The numbers of a text as their digits alone, however each locale separates them."""
    return Counter(re.sub(r"\D", "", m.group()) for m in _NUMBER.finditer(text))


def _strings(value: Any) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        yield (), value
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, str):
                yield (i,), item


def check(record: Record) -> Iterator[tuple[Loc, str, str]]:
    """Every problem of a record's translations: (where, message, hint)."""
    fields = type(record).model_fields
    for lang, found in record.translations.items():
        if not isinstance(found, Translation):
            continue
        base: Loc = ("translations", lang)
        texts = found.texts()
        allowed = [n for n in TRANSLATABLE if n in fields]
        for name, value in texts.items():
            loc = (*base, name)
            if name not in allowed:
                yield (loc, f"expected a text field of the record, got '{name}'",
                       f"translatable fields here: {', '.join(allowed)}")
                continue
            english = getattr(record, name, None)
            if not ((isinstance(value, str) and value.strip())
                    or (isinstance(value, list) and all(isinstance(v, str) for v in value))):
                yield loc, f"expected text, got {value!r}", "write the field's text in quotes"
                continue
            if english in (None, "", []):
                yield (loc, f"expected a translation of the record's '{name}', got a field "
                       "the English record leaves empty",
                       "a translation adds nothing: write the English field first")
                continue
            if isinstance(value, list) != isinstance(english, list) or (
                    isinstance(value, list) and len(value) != len(english)):
                n = len(english) if isinstance(english, list) else 1
                yield (loc, f"expected {n} item(s) as in the English '{name}', got "
                       f"{len(value) if isinstance(value, list) else 1}",
                       "translate each item of the English list, in its order")
                continue
            pairs = (zip(value, english, strict=True) if isinstance(value, list)
                     else [(value, english)])
            for i, (text, original) in enumerate(pairs):
                where = (*loc, i) if isinstance(value, list) else loc
                yield from _check_numbers(where, str(text), str(original))
        current = fingerprint(record, list(texts))
        if found.provenance.original is None and texts:
            yield ((*base, "provenance", "original"),
                   "expected the fingerprint of the English text it translates, got nothing",
                   f"after checking the translation against the English text, add "
                   f"'original: {current}'")


def _check_numbers(loc: Loc, text: str, original: str) -> Iterator[tuple[Loc, str, str]]:
    have, want = numbers(text), numbers(original)
    if have == want:
        return
    added = sorted((have - want).elements())
    dropped = sorted((want - have).elements())
    parts = ([f"added {', '.join(added)}"] if added else []) + (
        [f"dropped {', '.join(dropped)}"] if dropped else [])
    yield (loc, "expected the numbers of the English text "
           f"({', '.join(sorted(want.elements())) or 'none'}), got a translation that "
           + " and ".join(parts),
           "a translation states the same numbers, years and ids as the English text "
           "(digits are compared without separators: write 35.600 or 35 600 for 35,600)")
