"""Records shown in full in the review pages: an organisation's card, findings and
recommendations as statements, MIEUX actions with their context, objectives and results."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from ...errors import ReviewError
from ...evidence import analysis
from ...model import Finding, Recommendation
from ...model.geography import country_name
from ..context import ViewContext
from ..html import a, escape, join, ul
from ..markup import render_markdown
from ..text import _, count, word
from .blocks import by_label
from .checks import Checks
from .links import Links

RELATED = ("strategies", "activities", "mechanisms", "mieux-actions")
"""What an organisation's card counts of the records that refer to it."""


class Cards:
    def __init__(self, context: ViewContext, links: Links, checks: Checks) -> None:
        self.context = context
        self.links = links
        self.check = checks

    def organisation(self, here: str, ident: str) -> str:
        self.check.id("organisations", ident)
        evidence = self.context.evidence
        org = evidence.organisations[ident]
        seen = dict.fromkeys((b.collection, b.id) for b in evidence.backlinks_of(org))
        counts = Counter(collection for collection, _ in seen)
        related = join(count(n, c) for c, n in sorted(counts.items()) if c in RELATED)
        text = render_markdown(org.description) if org.description else ""
        in_review = ('<p class="ev-card-related">'
                     + _("In this review: {related}.").format(related=related) + "</p>"
                     if related else "")
        return (f'<div class="ev-card"><p class="ev-card-title">'
                f'{a(self.links.href(here, "organisations", ident), org.label)}'
                + (f" ({escape(org.acronym)})" if org.acronym and org.acronym != org.label
                   else "")
                + f' <span class="ev-badge">{escape(word("organisation-kind", org.kind))}'
                  f"</span></p>{text}{in_review}</div>")

    def statements(self, here: str, records: Sequence[Finding | Recommendation]) -> str:
        if not records:  # nothing to show: the page's prose says what there is
            return ""
        items = []
        for r in records:
            to = ('<p class="ev-addressed">' + _("Addressed to: {whom}").format(
                whom=escape(r.addressed_to)) + "</p>"
                  if isinstance(r, Recommendation) and r.addressed_to else "")
            items.append(f'<div class="ev-statement"><p class="ev-card-title">'
                         f"{a(self.links.href(here, r.collection, r.id), r.title)}</p>"
                         f"{render_markdown(r.text)}{to}</div>")
        return "".join(items)

    def ordered(self, records: dict[str, Any], keep: Callable[[Any], bool]) -> list[Any]:
        """Records in the order of their files (ids), which editors control."""
        return [r for _, r in sorted(records.items()) if keep(r)]

    def findings(self, here: str, *, source: str | None = None, mechanism: str | None = None,
                 theme: str | None = None) -> str:
        self.check.key(source)
        self.check.id("mechanisms", mechanism)
        self.check.theme(theme)
        return self.statements(here, self.ordered(self.context.evidence.findings, lambda f: (
            (source is None or source in analysis.cited_keys_of(f))
            and (mechanism is None or mechanism in f.mechanisms)
            and (theme is None or theme in f.themes))))

    def recommendations(self, here: str, *, source: str | None = None,
                        organisation: str | None = None, mechanism: str | None = None,
                        theme: str | None = None) -> str:
        self.check.key(source)
        self.check.id("organisations", organisation)
        self.check.id("mechanisms", mechanism)
        self.check.theme(theme)
        return self.statements(here, self.ordered(
            self.context.evidence.recommendations, lambda r: (
                (source is None or source in analysis.cited_keys_of(r))
                and (organisation is None or organisation in r.organisations)
                and (mechanism is None or mechanism in r.mechanisms)
                and (theme is None or theme in r.themes))))

    def mieux_actions(self, here: str, *, area: str | None = None) -> str:
        if area is not None and area not in self.context.mieux_areas:
            raise ReviewError(f"no MIEUX area {area!r} in evidence/themes.yaml")
        actions = by_label(a for a in self.context.evidence.mieux_actions.values()
                           if area is None or area in a.mieux_areas)
        if not actions:
            return f'<p class="ev-none">{_("No MIEUX actions match.")}</p>'
        out = []
        for action in actions:
            where = join(escape(country_name(c)) for c in action.countries)
            if action.network:
                where = join([*([where] if where else []),
                              self.links.link(here, "organisations", action.network)])
            meta = join(x for x in (where, escape(str(action.period)) if action.period else "")
                        if x)
            body = [f'<p class="ev-card-title">'
                    f'{a(self.links.href(here, "mieux-actions", action.id), action.title)}</p>',
                    f'<p class="ev-meta">{meta}</p>' if meta else ""]
            if action.context:
                body.append(f"<p><strong>{_('Context.')}</strong></p>"
                            f"{render_markdown(action.context)}")
            for heading, items in ((_("Objectives."), action.objectives),
                                   (_("Results."), action.results)):
                if items:
                    body.append(f"<p><strong>{heading}</strong></p>"
                                + ul(render_markdown.inline(t) for t in items))
            out.append(f'<div class="ev-card">{"".join(body)}</div>')
        return "".join(out)
