"""The project's bibliography: `bibliography.bib`, parsed with bibtexparser 2.

BibTeX is LaTeX, so every value is decoded here, once, into Unicode:

- accents and symbols (`{\\'e}`, `{\\'\\i}`, `\\&`, `--`) become characters;
- a brace group that protects case (`{IOM}` in a title) is kept as a *nocase* span, marked
  with `NOCASE_START` / `NOCASE_END`, so styles that change case leave it alone;
- `\\url{...}` is unwrapped wherever it appears, and its content is never read as LaTeX
  (a `%` in a URL is not a comment);
- names are split the BibTeX way (`and` between people, `First von Last`, `von Last, Jr,
  First`); a name wholly in braces is a corporate author kept whole; `and others` means that
  more authors exist (et al.).
"""

from __future__ import annotations

import html
import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import bibtexparser
from bibtexparser.middlewares.names import (
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import DuplicateBlockKeyBlock, Entry
from pylatexenc import latexwalker  # type: ignore[import-untyped]
from pylatexenc.latex2text import (  # type: ignore[import-untyped]
    LatexNodes2Text,
    MacroTextSpec,
    get_default_latex_context_db,
)
from pylatexenc.macrospec import MacroSpec  # type: ignore[import-untyped]

from ..errors import Problem
from ..render.markup import is_web_url

VERBATIM_FIELDS = frozenset({"url", "doi", "eprint", "file", "isbn", "issn"})
"""Fields that are not LaTeX: decoding would read the `%` of `%20` as a comment."""
NAME_FIELDS = ("author", "editor", "translator")
NOCASE_START, NOCASE_END = "\ue000", "\ue001"
"""Private-use characters around text whose case a style must not change."""
FORMATS = {"i": ("\ue004", "\ue005"), "b": ("\ue006", "\ue007"),
           "sc": ("\ue008", "\ue009"), "sub": ("\ue00a", "\ue00b"),
           "sup": ("\ue00c", "\ue00d")}
"""Private-use characters around formatted text (italic, bold, small capitals, subscript,
superscript): `\\emph{x}` and the like, kept so that 'CO\\textsubscript{2}' reads 'CO₂' and
not 'CO2' (CSL-JSON rich text gives them back as `<i>`, `<b>`, `<sub>`, ...)."""
FORMAT_MACROS = {"emph": "i", "textit": "i", "mkbibemph": "i", "textsl": "i", "mkbibitalic": "i",
                 "textbf": "b", "mkbibbold": "b", "textsc": "sc", "textsubscript": "sub",
                 "textsuperscript": "sup", "mkbibsuperscript": "sup"}
_MARKS = re.compile("[\ue000\ue001\ue004-\ue00d]")
NO_INHERITANCE = frozenset({"ids", "crossref", "xref", "entryset", "entrysubtype", "execute",
                            "label", "options", "presort", "related", "relatedoptions",
                            "relatedstring", "relatedtype", "shorthand", "shorthandintro",
                            "sortkey", "key"})
"""Fields a child entry never takes from its `crossref` parent (biblatex manual, sec. 4.11.4)."""
_BOOK_PARTS = frozenset({"inbook", "bookinbook", "suppbook", "incollection", "suppcollection",
                         "inproceedings", "inreference", "conference"})
_BOOKS = frozenset({"book", "mvbook", "collection", "mvcollection", "proceedings",
                    "mvproceedings", "reference", "mvreference"})
DOI = re.compile(r"10\.\d+(?:\.\d+)*/\S+")
"""A DOI: `10.<registrant>/<suffix>` (the suffix is any text without spaces)."""
_DOI_LINK = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|doi:)(.+)", re.IGNORECASE)
_SOURCE_ERROR = re.compile(r"\bSource error:\s*(.+?)(?:\.\s|\.?$)", re.DOTALL)
_URL_SLOT = "\ue002{}\ue003"
_URL_SLOT_RE = re.compile("\ue002(\\d+)\ue003")


@dataclass(frozen=True)
class Person:
    """One name of an author, editor or translator list."""

    family: str = ""
    given: str = ""
    particle: str = ""
    """The BibTeX 'von' part, e.g. 'de' in 'de la Fuente, Ana'."""
    suffix: str = ""
    """The BibTeX 'Jr' part."""
    literal: str = ""
    """A corporate author, written in braces in the .bib file and kept whole."""
    dropping: bool = False
    """The particle is left out when the name is sorted or cited by family name alone
    (biblatex's `useprefix=false`, written in the extended name format)."""


@dataclass(frozen=True)
class Names:
    people: tuple[Person, ...]
    others: bool = False
    """True when the list ends with `and others`: more people exist than are named."""


@dataclass(frozen=True)
class BibEntry:
    """One entry, decoded: what the citation formatter works from."""

    key: str
    type: str
    """Entry type in lower case: 'report', 'online', 'book', ..."""
    line: int
    """1-based line of the entry's `@type{` in the .bib file."""
    fields: dict[str, str]
    """Decoded text of every field but the name fields, by lower-case field name."""
    names: dict[str, Names]
    """The name fields (author, editor, translator) that are present."""

    def text(self, name: str) -> str:
        """A field as plain text, without case-protection marks."""
        return plain(self.fields.get(name, ""))

    def source_error(self) -> str:
        """What the entry's note records as an error of the source that cites it ('Source
        error: the footnote gives ...'), to be shown to readers; '' when none."""
        found = _SOURCE_ERROR.search(self.text("note"))
        return found.group(1).strip() if found else ""


@dataclass
class Bibliography:
    """Entries by citation key, raw (as bibtexparser read them) and decoded."""

    path: str
    entries: dict[str, Entry] = field(default_factory=dict)
    decoded: dict[str, BibEntry] = field(default_factory=dict)
    source: str = ""
    """The .bib file's text, as read: offered for download as it is."""
    warnings: list[Problem] = field(default_factory=list)
    """What is worth a look but not wrong: an organisation written two ways."""

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def line_of(self, key: str) -> int:
        return (self.entries[key].start_line or 0) + 1

    def field(self, key: str, name: str) -> str:
        """A field of an entry as plain Unicode text ('' when absent)."""
        entry = self.decoded[key]
        if name in entry.names:
            return "; ".join(_person_text(p) for p in entry.names[name].people)
        return entry.text(name).strip()


def load_bibliography(path: Path, shown: str) -> tuple[Bibliography, list[Problem]]:
    """Parse the file; broken and duplicate entries become problems, not log lines."""
    bib = Bibliography(shown)
    if not path.exists():
        return bib, [Problem(shown, 0, 0, "", "bibliography file not found",
                             "create it, or set `bibliography:` in mkdocs.yml")]
    bib.source = path.read_text(encoding="utf-8")
    # bibtexparser logs each broken block; they are reported below with their line instead.
    logger = logging.getLogger("bibtexparser")
    level, logger.level = logger.level, logging.CRITICAL
    try:
        library = bibtexparser.parse_string(bib.source)  # type: ignore[attr-defined]
    finally:
        logger.setLevel(level)
    problems = []
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            problems.append(Problem(shown, line, 1, "", f"duplicate citation key '{block.key}'",
                                    "give each entry its own key"))
        else:
            problems.append(Problem(shown, line, 1, "", "BibTeX syntax error in this entry",
                                    "check its braces, commas and quotes"))
    bib.entries = {entry.key: entry for entry in library.entries}
    bib.decoded = {key: decode_entry(entry) for key, entry in bib.entries.items()}
    lines = bib.source.splitlines()
    for entry in bib.entries.values():
        problems += _link_problems(entry, bib.decoded[entry.key], lines, shown)
    problems += _resolve_crossrefs(bib, lines)
    bib.warnings = author_form_warnings(bib, lines)
    return bib, problems


# ---------------------------------------------------------------------------------------------
# Cross-references


def _resolve_crossrefs(bib: Bibliography, lines: list[str]) -> list[Problem]:
    """Each entry with `crossref` takes the fields it lacks from its parent (and the parent's
    parent), as biblatex does: a parent book's `title` is the child's `booktitle`, a parent
    periodical's `title` the child's `journaltitle`. A missing parent or a loop is a problem
    located at the `crossref` field, and the entry is left as it is."""
    problems = []
    for key, entry in bib.decoded.items():
        target = entry.fields.get("crossref", "").strip()
        if not target:
            continue
        chain, parent = [key], target
        while parent and parent not in chain and parent in bib.decoded:
            chain.append(parent)
            parent = bib.decoded[parent].fields.get("crossref", "").strip()
        raw = next(f for f in bib.entries[key].fields if f.key.lower() == "crossref")
        line, column = _position(raw.start_line, raw.key, lines)
        if parent in chain:
            loop = " → ".join([*chain[chain.index(parent):], parent])
            problems.append(Problem(
                bib.path, line, column, f"{key}.crossref",
                f"expected the key of an entry that does not lead back here, got "
                f"{target!r} (a loop: {loop})",
                "remove the crossref of one entry of the loop"))
            continue
        if parent:
            problems.append(Problem(
                bib.path, line, column, f"{key}.crossref",
                f"expected the key of an entry of this file, got {parent!r}",
                "add the parent entry, or correct the key"))
            continue
        for ancestor in chain[1:]:
            _inherit(entry, bib.decoded[ancestor])
    return problems


def _inherit(child: BibEntry, parent: BibEntry) -> None:
    renames: dict[str, str] = {}
    if child.type in _BOOK_PARTS and parent.type in _BOOKS:
        prefix = "main" if parent.type.startswith("mv") else "book"
        renames = {"title": f"{prefix}title", "subtitle": f"{prefix}subtitle",
                   "titleaddon": f"{prefix}titleaddon"}
        if child.type in ("inbook", "bookinbook", "suppbook"):
            renames["author"] = "bookauthor"
    elif child.type == "article" and parent.type == "periodical":
        renames = {"title": "journaltitle", "subtitle": "journalsubtitle"}
    for name, value in parent.fields.items():
        if name in NO_INHERITANCE or name in ("shorttitle", "sorttitle", "indextitle"):
            continue
        child.fields.setdefault(renames.get(name, name), value)
    for name, names in parent.names.items():
        if renames.get(name, name) in NAME_FIELDS:
            child.names.setdefault(renames.get(name, name), names)


# ---------------------------------------------------------------------------------------------
# One organisation, one form


_ACRONYM = re.compile(r"^(?P<name>.+?)\s*\((?P<acronym>[^()]+)\)$")


def corporate_short_forms(bib: Bibliography) -> dict[str, str]:
    """Every corporate author written with its abbreviation in parentheses ('International
    Organization for Migration (IOM)'), as HTML text, with the abbreviation ('IOM')."""
    forms: dict[str, str] = {}
    for entry in bib.decoded.values():
        for names in entry.names.values():
            for person in names.people:
                found = _ACRONYM.match(person.literal) if person.literal else None
                if found:
                    forms[html.escape(person.literal, quote=False)] = html.escape(
                        found.group("acronym"), quote=False)
    return forms


def author_form_warnings(bib: Bibliography, lines: list[str]) -> list[Problem]:
    """A warning for each corporate author written in two forms ('IOM' in one entry,
    'International Organization for Migration (IOM)' in another): each form sorts in its own
    place in the reference list and is cited its own way. An acronym in parentheses ties the
    forms together."""
    forms: dict[str, dict[str, list[str]]] = {}
    for key, entry in bib.decoded.items():
        for names in entry.names.values():
            for person in names.people:
                if person.literal:
                    acronym = _ACRONYM.match(person.literal)
                    short = acronym.group("acronym") if acronym else person.literal
                    forms.setdefault(short, {}).setdefault(person.literal, []).append(key)
    warnings = []
    for written in forms.values():
        if len(written) < 2:
            continue
        usual = max(written, key=lambda form: (len(written[form]), len(form)))
        for form, keys in written.items():
            if form == usual:
                continue
            for key in dict.fromkeys(keys):
                raw = next((f for f in bib.entries[key].fields
                            if f.key.lower() in NAME_FIELDS and form in plain(
                                decode_latex(str(f.value)))), None)
                line, column = _position(raw.start_line if raw else None,
                                         raw.key if raw else "", lines)
                warnings.append(Problem(
                    bib.path, line, column, f"{key}.author",
                    f"expected one form per organisation, got {form!r} here and {usual!r} in "
                    f"{len(written[usual])} other entries",
                    f"write {{{usual}}} in every entry, so the organisation sorts in one place "
                    "and is cited one way"))
    return warnings


def doi_of(value: str) -> str | None:
    """The DOI of a `doi` field (bare, `doi:…` or a doi.org link), None when it is none."""
    match = _DOI_LINK.fullmatch(value)
    doi = match.group(1) if match else value
    return doi if DOI.fullmatch(doi) and not any(
        unicodedata.category(c) == "Cc" for c in doi) else None


def _link_problems(entry: Entry, decoded: BibEntry, lines: list[str],
                   shown: str) -> list[Problem]:
    """The fields that become links: `url`, `doi` and every `\\url{}`, by the record rule
    (http, https or mailto; a DOI for `doi`), located at the field's value."""
    problems = []
    for f in entry.fields:
        name = f.key.lower()
        urls = ([decoded.fields.get(name, "")] if name == "url"
                else _url_arguments(str(f.value)) if name != "doi" else [])
        bad = [u for u in urls if not is_web_url(u)]
        where = f"{entry.key}.{name}"
        line, column = _position(f.start_line, f.key, lines)
        if bad:
            problems.append(Problem(
                shown, line, column, where,
                f"expected an http, https or mailto URL, got {bad[0]!r}",
                "write the full address of the document, starting with https://"))
        elif name == "doi" and doi_of(decoded.fields.get("doi", "")) is None:
            problems.append(Problem(
                shown, line, column, where,
                f"expected a DOI such as '10.1787/g2g9ff18-en', got "
                f"{decoded.fields.get('doi', '')!r}",
                "give the DOI alone (10.<registrant>/<suffix>), or move a web address to url"))
    return problems


def _url_arguments(value: str) -> list[str]:
    found: list[str] = []

    def keep(argument: str) -> str:
        found.append(_unwrap_url(argument))
        return argument

    _replace_macro_arguments(value, "url", keep)
    return found


def _position(start_line: int | None, key: str, lines: list[str]) -> tuple[int, int]:
    """1-based line and column of a field's value (its `{` or `"`) in the .bib file."""
    index = start_line or 0
    text = lines[index] if index < len(lines) else ""
    match = re.search(rf"{re.escape(key)}\s*=\s*", text, re.IGNORECASE)
    return index + 1, (match.end() + 1 if match else 1)


# ---------------------------------------------------------------------------------------------
# Decoding


def decode_entry(entry: Entry) -> BibEntry:
    fields: dict[str, str] = {}
    names: dict[str, Names] = {}
    for f in entry.fields:
        name, raw = f.key.lower(), str(f.value)
        if name in NAME_FIELDS:
            names[name] = parse_names(raw)
        elif name in VERBATIM_FIELDS:
            fields[name] = _unwrap_url(raw.strip())
        else:
            fields[name] = decode_latex(raw)
    return BibEntry(entry.key, entry.entry_type.lower(), (entry.start_line or 0) + 1,
                    fields, names)


def _latex_decoder() -> LatexNodes2Text:
    context = get_default_latex_context_db()
    # `\url{x}` is unwrapped before decoding; these keep any leftover from turning into '<x>'.
    context.add_context_category("bibliography", prepend=True, macros=[
        MacroTextSpec("url", simplify_repl="%s"), MacroTextSpec("path", simplify_repl="%s"),
        *(MacroTextSpec(name, simplify_repl=FORMATS[kind][0] + "%s" + FORMATS[kind][1])
          for name, kind in FORMAT_MACROS.items())])
    return LatexNodes2Text(latex_context=context, math_mode="verbatim",
                           keep_braced_groups=False)


def _walker_context() -> object:
    """The parser's macros, with the formatting macros it does not know (`\\textsubscript`,
    `\\mkbibemph`, ...) taking one argument."""
    context = latexwalker.get_default_latex_context_db()
    context.add_context_category("bibliography", prepend=True, macros=[
        MacroSpec(name, "{") for name in FORMAT_MACROS])
    return context


_DECODER = _latex_decoder()
_WALKER_CONTEXT = _walker_context()


def decode_latex(value: str) -> str:
    """LaTeX → Unicode, with case-protecting brace groups marked and URLs kept verbatim."""
    urls: list[str] = []

    def keep_url(content: str) -> str:
        urls.append(content.strip())
        return _URL_SLOT.format(len(urls) - 1)

    text = _replace_macro_arguments(value, "url", keep_url)
    text = _mark_case_protection(text)
    text = _DECODER.latex_to_text(text, latex_context=_WALKER_CONTEXT)
    text = re.sub(r"\s+", " ", text).strip()
    return _URL_SLOT_RE.sub(lambda m: urls[int(m.group(1))], text)


def plain(text: str) -> str:
    """Decoded text without its case-protection marks."""
    return _MARKS.sub("", text)


def _unwrap_url(value: str) -> str:
    """`\\url{https://x}` → `https://x`, in verbatim fields written either way."""
    text = _replace_macro_arguments(value, "url", str.strip)
    return "".join(text.split())


def _replace_macro_arguments(text: str, macro: str, replace: Callable[[str], str]) -> str:
    """Replace every `\\macro{argument}` (braces balanced) with `replace(argument)`."""
    out, i, token = [], 0, "\\" + macro + "{"
    while (start := text.find(token, i)) >= 0:
        end = _closing_brace(text, start + len(token) - 1)
        if end < 0:
            break
        out.append(text[i:start])
        out.append(replace(text[start + len(token):end]))
        i = end + 1
    out.append(text[i:])
    return "".join(out)


def _closing_brace(text: str, opening: int) -> int:
    """Index of the brace that closes the one at `opening`, or -1."""
    depth = 0
    i = opening
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


_MACRO_WITH_ARGUMENT = re.compile(r"\\[A-Za-z]+\s*\{")


def _mark_case_protection(text: str) -> str:
    """`{IOM} report` → marks around 'IOM'; `{\\'e}` is an accent, not a protected group."""
    out, i = [], 0
    while i < len(text):
        char = text[i]
        macro = _MACRO_WITH_ARGUMENT.match(text, i) if char == "\\" else None
        if macro:  # a macro's argument is no case protection (`\\emph{The Concept}`)
            out.append(macro.group(0))
            i = macro.end()
            continue
        if char == "\\":
            out.append(text[i:i + 2])
            i += 2
            continue
        if char == "{":
            end = _closing_brace(text, i)
            if end < 0:
                out.append(text[i:])
                break
            inner = text[i + 1:end]
            if inner.startswith("\\"):
                out.append(text[i:end + 1])
            else:
                out.append("{" + NOCASE_START + inner + NOCASE_END + "}")
            i = end + 1
            continue
        out.append(char)
        i += 1
    return "".join(out)


def parse_names(raw: str) -> Names:
    """A BibTeX name list → people; corporate names (in braces) stay whole."""
    people: list[Person] = []
    others = False
    for name in split_multiple_persons_names(raw):
        name = name.strip()
        if name == "others":
            others = True
        elif _wholly_braced(name):
            people.append(Person(literal=plain(decode_latex(name[1:-1]))))
        elif _EXTENDED_NAME.match(name):
            people.append(_extended_person(name))
        else:
            people.append(_person(name))
    return Names(tuple(people), others)


_EXTENDED_NAME = re.compile(
    r"^\s*(?:family|given|prefix|suffix|useprefix|sortingnamekeytemplate|givens?i)\s*=",
    re.IGNORECASE)
"""biblatex's extended name format: `family=Oord, given=Aaron, prefix=van den,
useprefix=true` (biblatex manual, sec. 3.4)."""


def _extended_person(name: str) -> Person:
    parts: dict[str, str] = {}
    for part in _top_level_split(name, ","):
        key, sep, value = part.partition("=")
        if sep:
            value = value.strip()
            if _wholly_braced(value):
                value = value[1:-1]
            parts[key.strip().lower()] = value

    def words(key: str) -> str:
        return plain(decode_latex(parts.get(key, "")))

    family = words("family")
    if not family and not words("given"):
        return Person(literal=plain(decode_latex(name)))
    return Person(family=family, given=words("given"), particle=words("prefix"),
                  suffix=words("suffix"),
                  dropping=parts.get("useprefix", "").strip().lower() == "false")


def _top_level_split(text: str, separator: str) -> list[str]:
    """`text` split at each separator outside braces."""
    out, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif char == separator and depth == 0:
            out.append(text[start:i])
            start = i + 1
    out.append(text[start:])
    return out


def _wholly_braced(name: str) -> bool:
    return name.startswith("{") and _closing_brace(name, 0) == len(name) - 1


def _person(name: str) -> Person:
    parts = parse_single_name_into_parts(name, strict=False)

    def words(part: list[str]) -> str:
        return plain(decode_latex(" ".join(part)))

    if not parts.last and not parts.first:
        return Person(literal=words([name]))
    return Person(family=words(parts.last), given=words(parts.first),
                  particle=words(parts.von), suffix=words(parts.jr))


def _person_text(person: Person) -> str:
    if person.literal:
        return person.literal
    family = " ".join(p for p in (person.particle, person.family) if p)
    return ", ".join(p for p in (family, person.suffix, person.given) if p)
