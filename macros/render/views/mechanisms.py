"""Coordination mechanisms compared: who leads them, where they work, on which themes, where
they overlap and what none of them covers."""

from __future__ import annotations

from collections import defaultdict

from ...evidence import analysis
from ...model.geography import country_name
from ..context import ViewContext
from ..html import a, escape, join, shared_sentences, table
from ..layout import country_src, theme_src
from ..text import _, word
from .blocks import by_label
from .facts import Facts
from .links import Links


def _note_mark(index: int) -> str:
    return "abcdefghijklmnopqrstuvwxyz"[index % 26] * (1 + index // 26)


def _note_id(index: int) -> str:
    return f"ev-comparison-note-{_note_mark(index)}"


def _role_cell(parts: list[str | int]) -> str:
    """A cell of IOM's role: its own sentences, and a mark linking to each shared one."""
    return " ".join(
        escape(part) if isinstance(part, str)
        else f'<sup class="ev-note-mark"><a href="#{_note_id(part)}">{_note_mark(part)}</a></sup>'
        for part in parts)


class MechanismBlocks:
    def __init__(self, context: ViewContext, links: Links, facts: Facts) -> None:
        self.context = context
        self.links = links
        self.facts = facts

    def comparison(self, here: str) -> str:
        """Every mechanism's lead, members, countries, level, themes and IOM role."""
        links = self.links
        mechanisms = by_label(self.context.evidence.mechanisms.values())
        # A sentence of IOM's role that many rows repeat (Annex 2's "IOM will prioritize
        # engagement with it: ...") is given once, under the table, and marked in its rows.
        roles, shared = shared_sentences([m.iom_role or "" for m in mechanisms])
        rows = []
        for m, role in zip(mechanisms, roles, strict=True):
            members = (str(len(m.members)) if m.members else "")
            if m.member_count:
                members = self.facts.fact(here, m, "member_count", m.member_count)
            where = join(f'<abbr title="{escape(country_name(c))}">{escape(c)}</abbr>'
                         for c in m.countries) or escape(m.scope or "")
            rows.append(
                f"<tr><td>{links.link(here, 'mechanisms', m.id)}</td>"
                f"<td>{join(links.short_link(here, 'organisations', o) for o in m.leads)}</td>"
                f"<td>{members}</td><td>{where}</td><td>{escape(word('level', m.level))}</td>"
                f"<td>{links.theme_names(m.themes)}</td><td>{_role_cell(role)}</td></tr>")
        head = "".join(f'<th scope="col">{h}</th>' for h in (
            _("Mechanism"), _("Lead"), _("Members"), _("Countries"), _("Level"), _("Themes"),
            _("Role of IOM")))
        notes = "".join(
            f'<p class="ev-table-note" id="{_note_id(i)}">'
            + _("Rows marked {mark}: {text}").format(mark=f"<sup>{_note_mark(i)}</sup>",
                                                    text=escape(text)) + "</p>"
            for i, text in enumerate(shared))
        return table("ev-index ev-comparison",
                     f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>") + notes

    def duplications(self, here: str) -> str:
        """One row per set of mechanisms and theme, with the countries they share: each
        theme × country pair of `analysis.duplications` appears exactly once."""
        found = analysis.duplications(self.context.evidence)
        if not found:
            return ('<p class="ev-none">'
                    + _("No theme and country is covered by two mechanisms.") + "</p>")
        themes, layout = self.context.themes, self.context.layout
        groups: dict[tuple[tuple[str, ...], str], list[str]] = defaultdict(list)
        for (theme, country), ids in found.items():
            groups[(tuple(ids), theme)].append(country)
        rows = []
        for (mechanisms, theme), countries in sorted(
                groups.items(), key=lambda kv: (themes[kv[0][1]], kv[0][0])):
            theme_link = a(layout.href(here, theme_src(theme)), themes[theme])
            where = join(
                f'<a href="{escape(layout.href(here, country_src(c)))}" '
                f'data-country="{escape(c)}">{escape(country_name(c))}</a>'
                for c in sorted(countries, key=country_name))
            attrs = (f'data-theme="{escape(theme)}" '
                     f'data-mechanisms="{escape(" ".join(mechanisms))}"')
            names = join(self.links.short_link(here, "mechanisms", m) for m in mechanisms)
            rows.append(f"<tr {attrs}><td>{names}</td><td>{theme_link}</td><td>{where}</td></tr>")
        head = "".join(f'<th scope="col">{h}</th>' for h in (
            _("Mechanisms"), _("Theme"), _("Countries they all cover")))
        return table("ev-index ev-duplications",
                     f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>")

    def gaps(self, here: str) -> str:
        """Latin American and Caribbean states and themes no mechanism covers."""
        gaps = analysis.mechanism_gaps(self.context.evidence)
        themes, layout = self.context.themes, self.context.layout
        with_pages = self.context.countries_with_pages()
        countries = join(a(layout.href(here, country_src(c)), country_name(c))
                         if c in with_pages else escape(country_name(c))
                         for c in gaps.countries)
        theme_links = join(a(layout.href(here, theme_src(t)), themes[t]) for t in gaps.themes)
        none = _("none")

        def count(n: int) -> str:
            return f'<span class="ev-count">{n}</span>'

        states = _("States no mechanism lists ({n}):").format(n=count(len(gaps.countries)))
        uncovered = _("Themes no mechanism covers ({n}):").format(n=count(len(gaps.themes)))
        return ('<div class="ev-gaps">'
                f"<p><strong>{states}</strong> {countries or none}.</p>"
                f"<p><strong>{uncovered}</strong> {theme_links or none}.</p></div>")
