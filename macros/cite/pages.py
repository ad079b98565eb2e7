"""Citations rendered on a page: each replaced by its in-text form (or a footnote call), and
the page's reference list (and notes) appended; HTML that survives Markdown and Jinja."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..render.text import _
from .scan import Citation, CiteItem, find_citations_masked

# ---------------------------------------------------------------------------------------------
# Rendering a page


@dataclass(frozen=True)
class PageContext:
    """What a page needs to render its citations, besides its own text."""

    entries: dict[str, str]
    """Reference-list entry of every key, in the style's order (HTML)."""
    bibliography_href: Callable[[str], str]
    """Link from this page to a key's entry in the global bibliography."""
    mode: str = "author-date"
    references_heading: str = field(default_factory=lambda: _("References"))
    short_names: dict[str, str] = field(default_factory=dict)
    """Corporate authors known by an abbreviation, as the in-text forms write them (HTML):
    'Knowledge for Development and Diplomacy (K4DD)' → 'K4DD'. After its first citation on a
    page an organisation is cited by its abbreviation (Cite Them Right, corporate authors)."""
    notes_heading: str = field(default_factory=lambda: _("Notes"))


@dataclass(frozen=True)
class Slot:
    """A place in a rendered page that waits for the in-text form of a citation."""

    kind: str
    """'citation': the whole citation; 'author': the author of an author-in-text citation."""
    citation: Citation


@dataclass(frozen=True)
class RenderedPage:
    """A page's Markdown with its citations rendered, but for their in-text forms.

    In-text forms come from the CSL processor, which runs beside the build: the Markdown holds
    a token for each (Unicode private-use characters, which Markdown and Jinja leave alone),
    and `fill` puts them in the page's HTML once they are there.
    """

    markdown: str
    slots: tuple[Slot, ...]
    context: PageContext

    def fill(self, html_text: str, forms: dict[str, str]) -> str:
        """The page's HTML (or any text of it) with every token replaced."""
        if not self.slots:
            return html_text
        seen: set[str] = set()
        return _SLOT.sub(lambda m: self._shortened(
            self._form(self.slots[int(m.group(1))], forms), seen), html_text)

    def _shortened(self, form: str, seen: set[str]) -> str:
        """An in-text form with each organisation cited before on the page (in `seen`) by its
        abbreviation; the organisations it names for the first time are added to `seen`."""
        for full, short in self.context.short_names.items():
            written = markdown_safe(full)
            if written in form:
                if written in seen:
                    form = form.replace(written, markdown_safe(short))
                else:
                    seen.add(written)
        return form

    def fill_plain(self, text: str, forms: dict[str, str]) -> str:
        """Text with every token replaced by the plain text of its form (for a TOC title)."""
        return plain_text(self.fill(text, forms)) if _SLOT.search(text) else text

    def _form(self, slot: Slot, forms: dict[str, str]) -> str:
        rendered = forms[slot.citation.text]
        if slot.kind == "author":
            return markdown_safe(_author_of(rendered))
        return _author_date(rendered, self.context)


_SLOT_START, _SLOT_END = "\ue100", "\ue101"
_SLOT = re.compile(f"{_SLOT_START}(\\d+){_SLOT_END}")


def render_citations(text: str, context: PageContext,
                     found: tuple[list[Citation], bytearray] | None = None) -> RenderedPage:
    """A page's Markdown with its citations rendered and its reference list appended.

    `found` is what `find_citations_masked` returned for the same text, if it was called.
    """
    citations, masked = found if found is not None else find_citations_masked(text)
    out: list[str] = []
    notes: list[Citation] = []
    slots: list[Slot] = []
    last = 0
    for citation in citations:
        out.append(_unescape_at(text[last:citation.start], masked, last))
        if context.mode == "footnotes":
            notes.append(citation)
            if citation.author_in_text:
                out.append(_slot(slots, Slot("author", citation)))
            out.append(_footnote_mark(citation, len(notes), context))
        else:
            out.append(_slot(slots, Slot("citation", citation)))
        last = citation.end
    out.append(_unescape_at(text[last:], masked, last))
    keys = list(dict.fromkeys(k for c in citations for k in c.keys))
    if notes:
        out.append(f"\n\n## {context.notes_heading}\n\n"
                   + _block(_notes(notes, context)) + "\n")
    if keys:
        out.append(f"\n\n## {context.references_heading}\n\n"
                   + _block(reference_list(keys, context)) + "\n")
    return RenderedPage("".join(out), tuple(slots), context)


def _slot(slots: list[Slot], slot: Slot) -> str:
    slots.append(slot)
    return f"{_SLOT_START}{len(slots) - 1}{_SLOT_END}"


def _unescape_at(chunk: str, masked: bytearray, offset: int) -> str:
    """`\\@` → '@' outside code (Pandoc's escape; Python-Markdown does not know it)."""
    return re.sub(r"\\@", lambda m: "@" if not masked[offset + m.start()] else m.group(0), chunk)


_BIBLIOREF = re.compile(r'<a href="#ref-([^"]+)" role="doc-biblioref">')


def _author_date(rendered: str, context: PageContext) -> str:
    def link(match: re.Match[str]) -> str:
        key = html.unescape(match.group(1))
        return (f'<a class="ev-cite" href="#ref-{_attr(key)}" role="doc-biblioref" '
                f'title="{_attr(plain_text(context.entries.get(key, "")))}">')

    return markdown_safe(_BIBLIOREF.sub(link, rendered))


def _footnote_mark(citation: Citation, number: int, context: PageContext) -> str:
    title = "; ".join(plain_text(context.entries.get(k, "")) for k in citation.keys)
    return markdown_safe(
        f'<sup class="ev-footnote-ref" id="cite-{number}"><a href="#note-{number}" '
        f'role="doc-noteref" title="{_attr(title)}">{number}</a></sup>')


def _author_of(rendered: str) -> str:
    """The author part of an author-in-text citation: 'IOM (<a ...>2019</a>)' → 'IOM'."""
    inner = re.sub(r'^<span class="citation"[^>]*>|</span>$', "", rendered)
    head = inner.split("(<a ", 1)[0]
    return head.rstrip()


def _notes(citations: list[Citation], context: PageContext) -> str:
    items = []
    back = _("Back to citation {n}")
    for number, citation in enumerate(citations, start=1):
        text = "; ".join(_note_item(item, context) for item in citation.items)
        items.append(f'<li id="note-{number}">{text} <a class="ev-footnote-back" '
                     f'href="#cite-{number}" role="doc-backlink" '
                     f'aria-label="{_attr(back.format(n=number))}">↩</a></li>')
    return f'<ol class="ev-notes" role="doc-endnotes">{"".join(items)}</ol>'


def _note_item(item: CiteItem, context: PageContext) -> str:
    entry = context.entries.get(item.key, html.escape(item.key)).rstrip()
    locator = item.suffix.strip().lstrip(",").strip()
    if locator:
        entry = f"{entry.rstrip('.')}, {html.escape(locator)}."
    prefix = f"{html.escape(item.prefix)} " if item.prefix else ""
    return f'{prefix}<span class="ev-note-ref" data-key="{_attr(item.key)}">{entry}</span>'


def reference_list(keys: Iterable[str], context: PageContext) -> str:
    """The entries of some keys, in the style's order, each linking to the bibliography."""
    wanted = set(keys)
    rows = []
    for key, entry in context.entries.items():
        if key not in wanted:
            continue
        rows.append(f'<div id="ref-{_attr(key)}" class="csl-entry" role="listitem">{entry} '
                    f'<a class="ev-bib-link" href="{_attr(context.bibliography_href(key))}" '
                    f'title="{_("This source in the bibliography, with every page citing it")}">'
                    f'{_("↗ bibliography")}</a></div>')
    return f'<div class="ev-references csl-bib-body" role="list">{"".join(rows)}</div>'


# ---------------------------------------------------------------------------------------------
# HTML that survives Markdown and Jinja


_MARKDOWN_SPECIAL = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_[]{}|"})


def markdown_safe(fragment: str) -> str:
    """HTML whose characters Markdown or Jinja would act on are written as entities.

    The fragment goes into a hand-written page before Markdown (and mkdocs-macros' Jinja)
    see it: a '*' or '_' in an author's name must not start emphasis, a '{{' in a title must
    not be evaluated. Entities mean the same in text and in attribute values.
    """
    return fragment.translate(_MARKDOWN_SPECIAL)


def _block(fragment: str) -> str:
    return "\n" + markdown_safe(fragment).replace("\n", " ") + "\n"


def plain_text(fragment: str) -> str:
    """HTML → its text, for a tooltip."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


def _attr(text: str) -> str:
    return html.escape(text, quote=True)
