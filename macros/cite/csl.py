"""Bibliography entries → CSL-JSON, the input of every CSL processor.

The mapping follows biblatex's field semantics (which plain BibTeX files mostly share) and
what Pandoc and Zotero do, plus this project's conventions:

- `institution` (reports, theses) and `organization` (web pages, manuals) are publishers;
- `urldate`, or "Accessed: <date>" in `note` or `howpublished`, is the access date;
- `\\url{...}` in `howpublished` is the URL when there is no `url` field;
- an `@online` entry whose `note` starts with "data set" or "database" is a web page that
  serves data (the project writes data sets that way, see the contributors' brief): it keeps
  the web-page form and gets the medium "Data set", which Harvard and APA print as
  "*Title* [Data set]" and Chicago as "“Title.” Data set."; `@dataset` is a CSL data set;
- `note` is editorial provenance here, so it goes to `annote`, which styles do not print;
- braces that protect case become `<span class="nocase">`, as CSL-JSON rich text has it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ..render.markup import is_web_url
from ..source.bibtex import NOCASE_END, NOCASE_START, BibEntry, Bibliography, Names, Person, doi_of

CSL_TYPES = {
    "article": "article-journal", "book": "book", "mvbook": "book", "booklet": "pamphlet",
    "collection": "book", "mvcollection": "book", "proceedings": "book",
    "inbook": "chapter", "incollection": "chapter", "inreference": "entry-encyclopedia",
    "inproceedings": "paper-conference", "conference": "paper-conference",
    "report": "report", "techreport": "report", "manual": "report",
    "thesis": "thesis", "phdthesis": "thesis", "mastersthesis": "thesis",
    "online": "webpage", "electronic": "webpage", "www": "webpage",
    "dataset": "dataset", "software": "software", "unpublished": "manuscript",
    "misc": "document", "periodical": "periodical", "patent": "patent",
}
ARTICLE_SUBTYPES = {"newspaper": "article-newspaper", "magazine": "article-magazine"}
LANGUAGES = {
    "english": "en", "american": "en-US", "british": "en-GB", "spanish": "es",
    "french": "fr", "portuguese": "pt", "brazilian": "pt-BR", "german": "de", "italian": "it",
    "dutch": "nl",
}
MONTHS = {name: i for i, names in enumerate(
    (("jan", "january", "enero"), ("feb", "february", "febrero"), ("mar", "march", "marzo"),
     ("apr", "april", "abril"), ("may", "mayo"), ("jun", "june", "junio"),
     ("jul", "july", "julio"), ("aug", "august", "agosto"),
     ("sep", "sept", "september", "septiembre"), ("oct", "october", "octubre"),
     ("nov", "november", "noviembre"), ("dec", "december", "diciembre")), start=1)
    for name in names}
_DATA_SET_NOTE = re.compile(r"^\s*(data\s*set|database)\b", re.IGNORECASE)
_ACCESSED = re.compile(
    r"\(?\b(?:last\s+)?(?:accessed|retrieved|consulted)(?:\s+on)?\s*:?\s*"
    r"(?P<date>\d{4}-\d{2}-\d{2}|\d{1,2}\s+[A-Za-z]+\.?\s+\d{4}|[A-Za-z]+\.?\s+\d{1,2},?\s+\d{4}"
    r"|[A-Za-z]+\.?\s+\d{4})\)?[.;,]?",
    re.IGNORECASE)


def csl_items(bib: Bibliography) -> list[dict[str, Any]]:
    """Every entry of the bibliography as a CSL-JSON item, in the file's order."""
    return [csl_item(entry) for entry in bib.decoded.values()]


def csl_item(entry: BibEntry) -> dict[str, Any]:
    item: dict[str, Any] = {"id": entry.key, "type": _csl_type(entry)}
    medium = _data_medium(entry)
    if medium:
        item["medium"] = medium
    for role, names in entry.names.items():
        item[role] = _csl_names(names)
    notes = entry.text("note")
    accessed, notes = _take_access_date(notes)
    howpublished = entry.text("howpublished")
    accessed_too, howpublished = _take_access_date(howpublished)
    item.update(_titles(entry))
    item.update(_container(entry))
    item.update(_publisher(entry, howpublished))
    item.update(_numbers(entry))
    item.update(_identifiers(entry, howpublished))
    issued = _issued(entry)
    if issued:
        item["issued"] = issued
    visited = _date_parts(entry.text("urldate")) or accessed or accessed_too
    if visited:
        item["accessed"] = visited
    language = _language(entry.text("langid") or entry.text("language"))
    if language:
        item["language"] = language
    if notes:
        item["annote"] = notes
    return item


def rich_text(text: str) -> str:
    """Decoded text → CSL-JSON rich text: case-protected parts in nocase spans."""
    return text.replace(NOCASE_START, '<span class="nocase">').replace(NOCASE_END, "</span>")


def _csl_type(entry: BibEntry) -> str:
    if entry.type == "misc" and _data_medium(entry):
        return "dataset"
    if entry.type == "article":
        return ARTICLE_SUBTYPES.get(entry.text("entrysubtype").lower(), "article-journal")
    return CSL_TYPES.get(entry.type, "document")


def _data_medium(entry: BibEntry) -> str:
    """'Data set' or 'Database' for an online or misc entry whose note says it is one."""
    match = _DATA_SET_NOTE.match(entry.text("note"))
    if entry.type not in ("online", "misc", "electronic", "www") or not match:
        return ""
    return "Database" if match.group(1).lower() == "database" else "Data set"


def _csl_names(names: Names) -> list[dict[str, str]]:
    out = [_csl_name(p) for p in names.people]
    if names.others:
        out.append({"literal": "others"})  # CSL processors (Pandoc's) render it as et al.
    return out


def _csl_name(person: Person) -> dict[str, str]:
    if person.literal:
        return {"literal": person.literal}
    parts = {"family": person.family, "given": person.given,
             "non-dropping-particle": person.particle, "suffix": person.suffix}
    return {k: v for k, v in parts.items() if v}


def _titles(entry: BibEntry) -> dict[str, str]:
    title = entry.fields.get("title", "")
    if entry.fields.get("subtitle"):
        title = f"{title}: {entry.fields['subtitle']}" if title else entry.fields["subtitle"]
    if entry.fields.get("titleaddon"):
        title = f"{title} {entry.fields['titleaddon']}".strip()
    out = {"title": rich_text(title)} if title else {}
    if entry.fields.get("shorttitle"):
        out["title-short"] = rich_text(entry.fields["shorttitle"])
    return out


def _container(entry: BibEntry) -> dict[str, str]:
    container = (entry.fields.get("journaltitle") or entry.fields.get("journal")
                 or entry.fields.get("booktitle") or "")
    out = {"container-title": rich_text(container)} if container else {}
    if entry.fields.get("series"):
        out["collection-title"] = rich_text(entry.fields["series"])
    if entry.fields.get("eventtitle"):
        out["event-title"] = rich_text(entry.fields["eventtitle"])
    return out


def _publisher(entry: BibEntry, howpublished: str) -> dict[str, str]:
    publisher = (entry.text("publisher") or entry.text("institution")
                 or entry.text("organization") or entry.text("school"))
    if not publisher and howpublished and not _is_url(howpublished):
        publisher = howpublished
    place = entry.text("location") or entry.text("address")
    out = {"publisher": publisher} if publisher else {}
    if place:
        out["publisher-place"] = place
    genre = entry.text("type")
    if genre and genre.lower() != entry.type:
        out["genre"] = genre
    return out


def _numbers(entry: BibEntry) -> dict[str, str]:
    out: dict[str, str] = {}
    for field, variable in (("volume", "volume"), ("edition", "edition"),
                            ("pages", "page"), ("issue", "issue"), ("chapter", "chapter-number"),
                            ("pagetotal", "number-of-pages")):
        if entry.text(field):
            out[variable] = entry.text(field)
    number = entry.text("number")
    if number:
        # A number in a series is the series' number; in a journal it is the issue.
        if entry.type == "article":
            out.setdefault("issue", number)
        elif entry.text("series"):
            out["collection-number"] = number
        else:
            out["number"] = number
    return out


def _identifiers(entry: BibEntry, howpublished: str) -> dict[str, str]:
    url = entry.text("url") or (howpublished if _is_url(howpublished) else "")
    if not is_web_url(url):  # the loader reports it: never a link to another scheme
        url = ""
    doi = doi_of(entry.text("doi")) if entry.text("doi") else doi_of(url)
    out: dict[str, str] = {}
    if doi:
        out["DOI"] = doi
    if url:
        out["URL"] = url
    for field, variable in (("isbn", "ISBN"), ("issn", "ISSN")):
        if entry.text(field):
            out[variable] = entry.text(field)
    return out


def _is_url(text: str) -> bool:
    return bool(re.match(r"^https?://\S+$", text.strip()))


def _issued(entry: BibEntry) -> dict[str, Any] | None:
    if entry.text("date"):
        return _date_parts(entry.text("date")) or {"literal": entry.text("date")}
    year = entry.text("year")
    if not year:
        return None
    found = re.fullmatch(r"\s*(\d{4})\s*", year)
    if not found:
        return {"literal": year}
    parts = [int(found.group(1))]
    month = _month(entry.text("month"))
    if month:
        parts.append(month)
        day = entry.text("day")
        if day.isdigit():
            parts.append(int(day))
    return {"date-parts": [parts]}


def _month(text: str) -> int | None:
    text = text.strip().lower().rstrip(".")
    if text.isdigit() and 1 <= int(text) <= 12:
        return int(text)
    return MONTHS.get(text)


def _date_parts(text: str) -> dict[str, Any] | None:
    """ISO 8601 dates and ranges (`2019-07-01`, `2019-07`, `2019/2020`) and written dates
    ('4 November 2019', 'November 4, 2019') → CSL date-parts; None when it is no date."""
    text = text.strip()
    if not text:
        return None
    if "/" in text:
        ends = [_one_date(t) for t in text.split("/", 1)]
        if all(ends):
            return {"date-parts": ends}
        return None
    parts = _one_date(text)
    return {"date-parts": [parts]} if parts else None


def _one_date(text: str) -> list[int] | None:
    text = text.strip().rstrip(".")
    iso = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    if iso:
        parts = [int(p) for p in iso.groups() if p]
        try:  # a day that does not exist is no date
            date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
        except ValueError:
            return None
        return parts
    written = (re.fullmatch(r"(?P<d>\d{1,2})\s+(?P<m>[A-Za-z]+)\.?\s+(?P<y>\d{4})", text)
               or re.fullmatch(r"(?P<m>[A-Za-z]+)\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})", text)
               or re.fullmatch(r"(?P<m>[A-Za-z]+)\.?\s+(?P<y>\d{4})", text))
    if not written or _month(written.group("m")) is None:
        return None
    parts = [int(written.group("y")), _month(written.group("m")) or 0]
    if "d" in written.groupdict() and written.group("d"):
        parts.append(int(written.group("d")))
    return parts


def _take_access_date(text: str) -> tuple[dict[str, Any] | None, str]:
    """'… Accessed: 2020-10-28' → (the date, the text without it)."""
    match = _ACCESSED.search(text)
    if not match:
        return None, text
    parsed = _date_parts(match.group("date"))
    if parsed is None:
        return None, text
    rest = (text[:match.start()] + text[match.end():]).strip()
    return parsed, re.sub(r"\s{2,}", " ", rest).strip(" .;,")


def _language(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    return LANGUAGES.get(text.lower(), text if re.fullmatch(r"[a-z]{2}(-[A-Z]{2})?", text)
                         else "")
