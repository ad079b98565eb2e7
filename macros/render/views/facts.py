"""The table of facts on a record page: each field a row, each value linked or in words."""

from __future__ import annotations

from typing import Any

from ...model import (
    Budget,
    CountryCount,
    Figure,
    MemberCount,
    Participant,
    Period,
    Record,
    Site,
    StructureItem,
)
from ...model.geography import country_name
from ..context import ViewContext
from ..html import a, escape, format_number, join, table, ul, words
from ..markup import render_markdown, safe_href
from ..text import KIND_VOCABULARY, _, field_label, ngettext, qualifier, region_name, word
from .links import Links

LONG_TEXT = ("summary", "text", "description", "mandate", "context", "vision")
"""A record's long texts: the first opens its page, the others follow the facts, headed."""
TEXT_LISTS = ("objectives", "results", "services", "strengths", "gaps", "duplications",
              "opportunities", "challenges", "thematic_areas")
"""Lists of statements, each under its heading after the facts."""
NOT_FACTS = {"id", "sources", "last_reviewed", "notes", "structure", "title", "name",
             "institutional_development", "value", "unit", "qualifier", *LONG_TEXT,
             *TEXT_LISTS}
NAME_FIELDS = ("acronym", "other_names")
# A record's other names count as much as its title (an h1, weight 7) in the site's search.
SEARCH_WEIGHT = ' data-pagefind-weight="7"'
ORGANISATION_FIELDS = ("organisations", "partners", "leads", "members", "organisers")
COUNTRY_FIELDS = ("countries", "country", "participant_countries")


def figure_text(figure: Figure) -> str:
    """A figure's value as its source qualifies it: 'more than 200 people', '4.5%'."""
    number = format_number(figure.value)
    unit = figure.unit
    text = f"{number}%" if unit in ("per cent", "percent", "%") else f"{number} {unit}"
    return f"{qualifier(figure.qualifier)} {text}".strip()


def country_count_text(count: CountryCount) -> str:
    """'6 countries of Latin America and the Caribbean, not named by the source'."""
    n = count.value
    text = (ngettext("{n} country of {region}, not named by the source",
                     "{n} countries of {region}, not named by the source", n)
            if count.within else
            ngettext("{n} country, not named by the source",
                     "{n} countries, not named by the source", n))
    number = f"{qualifier(count.qualifier)} {n}".strip()
    return text.format(n=number, region=region_name(count.within or ""))


class Facts:
    """A record's fields as a table of facts, and its structure as nested lists."""

    def __init__(self, context: ViewContext, links: Links) -> None:
        self.context = context
        self.links = links

    def table(self, here: str, record: Record, values: dict[str, Any]) -> str:
        rows = []
        for name, value in values.items():
            if name in NOT_FACTS or value is None or value == [] or value is False:
                continue
            weight = SEARCH_WEIGHT if name in NAME_FIELDS else ""
            rows.append(f"<tr><th scope=\"row\">{escape(field_label(record.collection, name))}"
                        f"</th><td{weight}>{self.fact(here, record, name, value)}</td></tr>")
        if not rows:
            return ""
        return table("ev-facts", f'<tbody>{"".join(rows)}</tbody>')

    def fact(self, here: str, record: Record, name: str, value: Any) -> str:
        link = self.links.link
        if name in ("parent", "network") and isinstance(value, str):
            target = next(r.collection for r in record.references() if r.loc == (name,))
            return link(here, target, value)
        if name in ORGANISATION_FIELDS:
            return join(link(here, "organisations", v) for v in value)
        if name in ("strategies", "mechanisms"):
            return join(link(here, name, v) for v in value)
        if name == "mieux_actions":
            return join(link(here, "mieux-actions", v) for v in value)
        if name == "participants":
            return ul(f"{link(here, 'organisations', p.organisation)} <span class=\"ev-role\">"
                      f"{escape(word('role', p.role))}</span>"
                      for p in value if isinstance(p, Participant))
        if name in COUNTRY_FIELDS:
            codes = value if isinstance(value, list) else [value]
            return join(f'{escape(country_name(c))} <span class="ev-code">{escape(c)}</span>'
                        for c in codes)
        if name == "regions":
            return join(f'{escape(region_name(c))} <span class="ev-code">M49 {escape(c)}</span>'
                        for c in value)
        if name == "country_count" and isinstance(value, CountryCount):
            return escape(country_count_text(value))
        if name == "themes":
            return self.links.theme_names(value)
        if name == "mieux_areas":
            return join(escape(self.context.mieux_areas[a]) for a in value)
        if name == "sites":
            return ul(self.site(s) for s in value if isinstance(s, Site))
        if name == "budget":
            return ul(self.budget(here, b) for b in value if isinstance(b, Budget))
        if name == "member_count" and isinstance(value, MemberCount):
            note = f" {value.note}" if value.note else ""
            return escape(f"{qualifier(value.qualifier)} {value.value:,}{note}".strip())
        if name == "url":
            href = safe_href(value)
            return a(href, value, external=True) if href else escape(value)
        if name == "about":
            return join(link(here, *v.split("/", 1)) for v in value)
        if name == "other_names":
            return join(escape(v) for v in value)
        if isinstance(value, Period):
            return escape(str(value))
        if name == "kind":
            return escape(word(KIND_VOCABULARY[record.collection], value))
        if name in ("status", "level"):
            return escape(word(name, value))
        if name == "qualifier":
            return escape(words(value))
        return escape(value)

    def site(self, site: Site) -> str:
        where = join(escape(country_name(c)) for c in site.countries)
        return f"{escape(site.name)}" + (f" ({where})" if where else "")

    def budget(self, here: str, budget: Budget) -> str:
        text = f"{escape(budget.currency)} {escape(format_number(budget.amount))}"
        if budget.funder:
            text = _("{amount} from {funder}").format(
                amount=text, funder=self.links.link(here, "organisations", budget.funder))
        if budget.note:
            text += f" — {escape(budget.note)}"
        return text

    def structure(self, items: list[StructureItem]) -> str:
        """A strategy's pillars, areas and priorities, nested as in the source."""
        entries = []
        for item in items:
            label = f'<span class="ev-label">{escape(item.label)}</span> ' if item.label else ""
            kind = f'<span class="ev-kind">{escape(word("structure-kind", item.kind))}</span>'
            body = f"{kind} {label}<strong>{escape(item.title)}</strong>"
            if item.description:
                body += f"<div>{render_markdown(item.description)}</div>"
            if item.themes:
                body += " " + self.links.theme_names(item.themes)
            if item.items:
                body += self.structure(item.items)
            entries.append(body)
        return ul(entries, "ev-structure")
