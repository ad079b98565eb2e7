"""The evidence gap map: themes × countries and themes × subregions, gaps marked."""

from __future__ import annotations

from collections import defaultdict

from ...evidence import analysis
from ...evidence.analysis import NO_SUBREGION
from ...model.geography import LAC_SUBREGIONS, country_name, subregion
from ..context import ViewContext
from ..html import a, block, escape, front_matter
from ..layout import GAP_MAP_SRC, country_src, theme_src
from ..text import _, count, subregion_name, word
from .filters import slug
from .matrices import SEGMENTS, MatrixTable


class GapMapPage:
    def __init__(self, context: ViewContext, matrices: MatrixTable) -> None:
        self.context = context
        self.matrices = matrices

    def page(self) -> str:
        here = GAP_MAP_SRC
        context = self.context
        evidence, layout, theme_labels = context.evidence, context.layout, context.themes
        by_country = analysis.theme_country_matrix(evidence)
        by_subregion = analysis.theme_subregion_matrix(evidence)
        themes = [(t, a(layout.href(here, theme_src(t)), label))
                  for t, label in theme_labels.items()]
        countries = analysis.gap_map_countries(evidence)
        with_pages = context.countries_with_pages()
        columns = [(c, f'<a href="{escape(layout.href(here, country_src(c)))}" '
                    f'title="{escape(country_name(c))}">{escape(c)}</a>'
                    if c in with_pages else
                    f'<abbr title="{escape(country_name(c))}">{escape(c)}</abbr>')
                   for c in countries]
        regions = [*LAC_SUBREGIONS, *(s for s in ("Northern America", NO_SUBREGION)
                                      if any(k[1] == s for k in by_subregion))]

        def describe(theme: str, where: str, n: int) -> str:
            what = count(n, "activities") if n else _("no activity: a gap")
            return _("{theme} in {place}: {count}").format(theme=theme_labels[theme],
                                                            place=where, count=what)

        region_table = self.matrices.table(
            here, {(t, slug(r)): ids for (t, r), ids in by_subregion.items()},
            themes, [(slug(r), escape(subregion_name(r))) for r in regions], row_name="theme",
            column_name="subregion", row_header=_("Theme"),
            caption=_("Activities by theme and subregion"),
            describe=lambda t, r, n: describe(
                t, subregion_name(next(x for x in regions if slug(x) == r)), n),
            css="ev-matrix ev-gap-map", empty="–")
        header = "".join(
            f'<th scope="colgroup" colspan="{len(members)}">{escape(subregion_name(name))}</th>'
            for name in LAC_SUBREGIONS
            if (members := [c for c in countries if subregion(c) == name]))
        country_table = self.matrices.table(
            here, by_country, themes, columns, row_name="theme", column_name="country",
            row_header=_("Theme"), caption=_("Activities by theme and country"),
            describe=lambda t, c, n: describe(t, country_name(c), n),
            css="ev-matrix ev-gap-map ev-matrix-rotated", empty="–")
        country_table = country_table.replace(
            "<thead><tr>", f'<thead><tr><td></td>{header}</tr><tr>', 1)
        n_gaps = sum(1 for t in theme_labels for c in countries if (t, c) not in by_country)
        cells = ('<span class="ev-count">' + _("{n} of {total}").format(
            n=n_gaps, total=len(theme_labels) * len(countries)) + "</span>")
        intro = _(
            "An evidence gap map of the review's activities: each row a theme, each column a "
            "country (or a subregion), each number the activities on that theme that mention "
            "that country, darker for more. A dash marks a gap: no activity recorded. Click a "
            "number to see its activities. Gaps show where this review has found no activity, "
            "not that none exists: the review covers what its sources report. {gaps} theme × "
            "country cells are gaps.").format(gaps=cells)
        legend = ('<p class="ev-legend">' + _(
            '{one} fewer {many} more activities {gap} gap (none recorded)').format(
                one='<span class="ev-cell ev-shade-1">1</span>',
                many='<span class="ev-cell ev-shade-4">n</span>',
                gap='<span class="ev-gap">–</span>') + "</p>")
        title = _("Evidence gap map")
        return (front_matter({"title": title, "render_macros": False,
                              "hide": ["navigation", "toc"]})
                + f"\n# {title}\n" + block(f"<p>{intro}</p>") + block(self.segment_form())
                + block(legend)
                + f"\n## {_('By subregion')}\n" + block(region_table)
                + f"\n## {_('By country')}\n" + block(country_table))

    def segment_form(self) -> str:
        options: dict[str, set[str]] = defaultdict(set)
        values = self.matrices.filters.values
        for activity in self.context.evidence.activities.values():
            for name in SEGMENTS:
                options[name].update(values(activity).get(name, []))
        labels = {"organisation-kind": _("Kind of organisation"), "status": _("Status")}
        groups = "".join(
            f'<optgroup label="{escape(labels[name])}">' + "".join(
                f'<option value="{escape(name)}:{escape(v)}">{escape(word(name, v))}</option>'
                for v in sorted(options[name])) + "</optgroup>"
            for name in SEGMENTS if options[name])
        return (f'<form class="ev-segments" hidden aria-label="{_("Show one segment")}">'
                f'<label class="ev-filter">{_("Show only")}<select name="segment">'
                f'<option value="">{_("All activities")}</option>{groups}</select></label>'
                '<p class="ev-filter-status" role="status" aria-live="polite"></p></form>')
