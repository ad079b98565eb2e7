"""A strategy's structure and partners, and a source table rebuilt from its figures."""

from __future__ import annotations

from collections import defaultdict

from ...errors import ReviewError
from ...model import Figure, Strategy, StructureItem
from ...model.geography import country_name
from ..context import ViewContext
from ..html import a, escape, table, ul, words
from ..text import _, word
from .checks import Checks
from .facts import figure_text
from .links import Links


class StrategyBlocks:
    def __init__(self, context: ViewContext, links: Links, checks: Checks) -> None:
        self.context = context
        self.links = links
        self.check = checks

    def strategy(self, ident: str) -> Strategy:
        self.check.id("strategies", ident)
        return self.context.evidence.strategies[ident]

    def structure(self, here: str, ident: str) -> str:
        """A strategy's pillars (or areas) and the priorities under each, as a table."""
        strategy = self.strategy(ident)
        if not strategy.structure:
            return f'<p class="ev-none">{_("This strategy records no structure.")}</p>'
        rows = []
        for top in strategy.structure:
            label = f"{top.label} " if top.label else ""
            children = top.items or []
            inner = ul(self.item(c) for c in children) if children else ""
            rows.append(f'<tr><th scope="row">{escape(label)}{escape(top.title)}</th>'
                        f"<td>{inner}</td></tr>")
        kinds = {word("structure-kind", c.kind) for t in strategy.structure for c in t.items}
        second = ", ".join(sorted(kinds)).capitalize() or _("Items")
        first = ", ".join(sorted({word("structure-kind", t.kind)
                                  for t in strategy.structure})).capitalize()
        return table("ev-structure-table",
                     f'<thead><tr><th scope="col">{escape(first)}</th>'
                     f'<th scope="col">{escape(second)}</th></tr></thead>'
                     f"<tbody>{''.join(rows)}</tbody>")

    def item(self, item: StructureItem) -> str:
        label = f'<span class="ev-label">{escape(item.label)}</span> ' if item.label else ""
        themes = (f'<br><span class="ev-themes">{self.links.theme_names(item.themes)}</span>'
                  if item.themes else "")
        inner = ul(self.item(c) for c in item.items) if item.items else ""
        return f"{label}{escape(item.title)}{themes}{inner}"

    def partners(self, here: str, ident: str) -> str:
        """The key partners a strategy names."""
        strategy = self.strategy(ident)
        if not strategy.partners:
            return f'<p class="ev-none">{_("This strategy names no partners.")}</p>'
        return ul((self.links.link(here, "organisations", p) for p in strategy.partners),
                  "ev-partners")


def dataset_table(context: ViewContext, here: str, dataset: str) -> str:
    """The figures of one source table, pivoted back into places × indicators."""
    figures = [f for f in context.evidence.figures.values() if f.dataset == dataset]
    if not figures:
        raise ReviewError(f"no figures with dataset {dataset!r}")
    indicators = list(dict.fromkeys(f.indicator or f.title for f in sorted(
        figures, key=lambda f: f.id)))
    labels = {f.indicator or f.title: f.measure for f in figures}
    rows: dict[str, dict[str, Figure]] = defaultdict(dict)
    for f in figures:
        place = ", ".join(f.countries) or (f.scope or "")
        rows[place][f.indicator or f.title] = f
    head = "".join(f'<th scope="col" title="{escape(labels[i])}">'
                   f"{escape(words(i).capitalize())}</th>" for i in indicators)
    layout = context.layout
    body = []
    for place in sorted(rows, key=lambda p: country_name(p) if len(p) == 2 else p):
        cells = []
        for i in indicators:
            found = rows[place].get(i)
            if found is None:
                cells.append("<td></td>")
                continue
            href = layout.href(here, layout.record_src("figures", found.id))
            value = figure_text(found) + (f" ({found.category})" if found.category else "")
            # the number itself, for sorting the column (tables.js): not its formatted text
            cells.append(f'<td data-sort="{found.value:g}">{a(href, value)}</td>')
        name = country_name(place) if len(place) == 2 else place
        body.append(f'<tr><th scope="row">{escape(name)}</th>{"".join(cells)}</tr>')
    return table("ev-index ev-dataset", f'<thead><tr><th scope="col">{_("Country")}</th>{head}'
                 f"</tr></thead><tbody>{''.join(body)}</tbody>")
