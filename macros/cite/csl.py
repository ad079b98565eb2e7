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
from ..render.text import N_, _
from ..source.bibtex import (
    FORMATS,
    NOCASE_END,
    NOCASE_START,
    BibEntry,
    Bibliography,
    Names,
    Person,
    doi_of,
)

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
    "legislation": "legislation", "legal": "legislation", "jurisdiction": "legal_case",
    "standard": "standard",
}
THESIS_GENRES = {"phdthesis": N_("PhD thesis"), "mastersthesis": N_("Master's thesis"),
                 "mathesis": N_("Master's thesis"), "candthesis": N_("Candidate thesis")}
"""biblatex's type keys for theses (`@phdthesis`, or `@thesis` with `type = {phdthesis}`),
shown as the thesis' genre in the reader's language."""
ARTICLE_SUBTYPES = {"newspaper": "article-newspaper", "magazine": "article-magazine"}
LANGUAGES = {
    "english": "en", "american": "en-US", "british": "en-GB", "spanish": "es",
    "french": "fr", "portuguese": "pt", "brazilian": "pt-BR", "german": "de", "italian": "it",
    "dutch": "nl", "brazil": "pt-BR", "mexican": "es-MX", "ngerman": "de", "austrian": "de-AT",
    "swissgerman": "de-CH", "canadien": "fr-CA", "francais": "fr", "français": "fr",
    "anglais": "en", "espagnol": "es", "portugais": "pt", "allemand": "de", "italien": "it",
    "catalan": "ca", "galician": "gl", "basque": "eu",
}
"""biblatex/babel language names (and the French ones Zotero writes, 'anglais') → BCP 47."""
EDITIONS = {word: n for n, words in enumerate((
    ("first", "primera", "primeira"), ("second", "segunda"), ("third", "tercera", "terceira"),
    ("fourth", "cuarta", "quarta"), ("fifth", "quinta"), ("sixth", "sexta"),
    ("seventh", "séptima", "sétima"), ("eighth", "octava", "oitava"),
    ("ninth", "novena", "nona"), ("tenth", "décima")), start=1) for word in words}
_EDITION_NUMBER = re.compile(
    r"(\d+)\s*(?:st|nd|rd|th|ª|a|º|o|\.)?(?:\s*(?:ed(?:ition|n)?|ed\.)\.?)?", re.IGNORECASE)
MONTHS = {name: i for i, names in enumerate(
    (("jan", "january", "enero"), ("feb", "february", "febrero"), ("mar", "march", "marzo"),
     ("apr", "april", "abril"), ("may", "mayo"), ("jun", "june", "junio"),
     ("jul", "july", "julio"), ("aug", "august", "agosto"),
     ("sep", "sept", "september", "septiembre"), ("oct", "october", "octubre"),
     ("nov", "november", "noviembre"), ("dec", "december", "diciembre")), start=1)
    for name in names}
MONTHS.update({name: i for i, names in enumerate(
    (("ene", "janeiro"), ("fev", "fevereiro"), ("março", "marco"), ("abr",), ("mai", "maio"),
     ("junho",), ("julho",), ("ago",), ("set", "setembro", "setiembre"),
     ("out", "outubro"), ("novembro",), ("dic", "dez", "dezembro")), start=1)
    for name in names})
"""English, Spanish and Portuguese month names and their abbreviations."""
_DATA_SET_NOTE = re.compile(r"^\s*(data\s*set|database)\b", re.IGNORECASE)
_MONTH = r"[^\W\d_]+\.?"
_ACCESSED = re.compile(
    r"\(?(?<!\w)(?:(?:last\s+)?(?:accessed|retrieved|consulted)(?:\s+on)?"
    r"|(?:[úu]ltimo\s+)?acceso|accedido(?:\s+el)?|consultad[oa](?:\s+el)?|recuperado(?:\s+el)?"
    r"|acesso\s+em|acessado\s+em)\s*:?\s*"
    rf"(?P<date>\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}(?:\s+de)?\s+{_MONTH}(?:\s+de)?\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|{_MONTH}(?:\s+de)?\s+\d{{4}})\)?[.;,]?",
    re.IGNORECASE)
"""An access date in a note: 'Accessed: 4 November 2019', 'Accedido: 16 noviembre 2024',
'Último acceso: 26 de diciembre de 2016', 'Consultado el 28 de octubre de 2020', 'Acesso em:
maio de 2026', 'Acesso em: 10 jan. 2024'."""


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
    original = _date_parts(entry.text("origdate"))
    if original:
        item["original-date"] = original
    if entry.text("keywords"):
        item["keyword"] = entry.text("keywords")
    visited = _date_parts(entry.text("urldate")) or accessed or accessed_too
    if visited:
        item["accessed"] = visited
    language = _language(entry.text("langid") or entry.text("language"))
    if language:
        item["language"] = language
    if notes:
        item["annote"] = notes
    return item


_RICH = {NOCASE_START: '<span class="nocase">', NOCASE_END: "</span>",
         **{marks[0]: f"<{tag}>" for tag, marks in FORMATS.items() if tag != "sc"},
         **{marks[1]: f"</{tag}>" for tag, marks in FORMATS.items() if tag != "sc"},
         FORMATS["sc"][0]: '<span style="font-variant:small-caps;">', FORMATS["sc"][1]: "</span>"}


def rich_text(text: str) -> str:
    """Decoded text → CSL-JSON rich text: case-protected parts in nocase spans, formatting
    (`\\emph`, `\\textbf`, `\\textsc`, `\\textsubscript`, ...) as the tags CSL processors
    read (`<i>`, `<b>`, small-caps span, `<sub>`, `<sup>`)."""
    return "".join(_RICH.get(char, char) for char in text)


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
    particle = "dropping-particle" if person.dropping else "non-dropping-particle"
    parts = {"family": person.family, "given": person.given,
             particle: person.particle, "suffix": person.suffix}
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
    short = entry.fields.get("shortjournal") or entry.fields.get("journalabbreviation")
    if short:
        out["container-title-short"] = rich_text(short)
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
    thesis = THESIS_GENRES.get(genre.lower() or entry.type)
    if thesis and _csl_type(entry) == "thesis":
        out["genre"] = _(thesis)
    elif genre and genre.lower() != entry.type:
        out["genre"] = genre
    return out


def _numbers(entry: BibEntry) -> dict[str, str]:
    out: dict[str, str] = {}
    edition = _edition(entry.text("edition"))
    if edition:
        out["edition"] = edition
    for field, variable in (("volume", "volume"), ("pages", "page"), ("issue", "issue"),
                            ("chapter", "chapter-number"),
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


def _edition(text: str) -> str:
    """'third', '3rd', '3rd edn', '3' → '3' (CSL styles print a numeric edition as '3rd
    edn.'); any other text stays as it is ('Revised')."""
    text = text.strip()
    number = _EDITION_NUMBER.fullmatch(text)
    if number:
        return number.group(1)
    word = re.fullmatch(r"([^\W\d_]+)(?:\s+(?:edition|ed\.?|edn\.?|edición|edição))?", text,
                        re.IGNORECASE)
    if word and word.group(1).lower() in EDITIONS:
        return str(EDITIONS[word.group(1).lower()])
    return text


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
    # A time of day is dropped (`2020-10-28T10:00:00`, `2020-10-28 10:00`): CSL dates are days.
    text = re.sub(r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
                  r"(?:Z|[+-]\d{2}:?\d{2})?$", r"\1", text)
    iso = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    if iso:
        parts = [int(p) for p in iso.groups() if p]
        try:  # a day that does not exist is no date
            date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
        except ValueError:
            return None
        return parts
    month = r"(?P<m>[^\W\d_]+)\.?"
    written = (re.fullmatch(rf"(?P<d>\d{{1,2}})(?:\s+de)?\s+{month}(?:\s+de)?\s+(?P<y>\d{{4}})",
                            text, re.IGNORECASE)
               or re.fullmatch(rf"{month}\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})", text)
               or re.fullmatch(rf"{month}(?:\s+de)?\s+(?P<y>\d{{4}})", text, re.IGNORECASE))
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
