"""The charts and the map the pages and macros show: activities by country or theme, MIEUX
actions by area, and the map of activities by country."""

from __future__ import annotations

from collections import Counter

from ...errors import ReviewError
from ...evidence.analysis import coverage, mentioned_countries
from ...model.geography import country_name
from ..charts import Bar, bar_chart
from ..context import ViewContext
from ..lacmap import lac_map
from ..layout import country_src
from ..text import NN_, _
from .filters import Filters

ACTIVITIES = NN_("activity", "activities")
ACTIONS = NN_("action", "actions")


class Charts:
    def __init__(self, context: ViewContext, filters: Filters) -> None:
        self.context = context
        self.filters = filters

    def activity_counts(self, by: str) -> list[tuple[str, str, int]]:
        """(value, label, activities) for by='country' or 'theme', most first."""
        counts: Counter[str] = Counter()
        for activity in self.context.evidence.activities.values():
            counts.update(mentioned_countries(activity) if by == "country"
                          else activity.themes)
        themes = self.context.themes
        label = country_name if by == "country" else (lambda t: themes[t])
        return [(v, label(v), n) for v, n in sorted(counts.items(),
                                                     key=lambda kv: (-kv[1], label(kv[0])))]

    def activity_chart(self, here: str, by: str = "country") -> str:
        titles = {"country": _("Activities by country"), "theme": _("Activities by theme")}
        if by not in titles:
            raise ReviewError(f"activity_chart(by={by!r}): use by='country' or by='theme'")
        bars = [Bar(label, n, self.filters.href(here, "activities", **{by: value}))
                for value, label, n in self.activity_counts(by)]
        return bar_chart(bars, title=titles[by], unit=ACTIVITIES)

    def mieux_area_chart(self, here: str) -> str:
        counts: Counter[str] = Counter()
        for action in self.context.evidence.mieux_actions.values():
            counts.update(action.mieux_areas)
        areas = self.context.mieux_areas
        groups = {a.id: a.group for a in self.context.evidence.vocabularies.mieux_areas}
        layout = self.context.layout
        href = layout.href(here, layout.index_src("mieux-actions"))
        charts = []
        for group, title in (("thematic-area", _("MIEUX actions by thematic area")),
                             ("horizontal-intervention",
                              _("MIEUX actions by area within horizontal interventions"))):
            bars = [Bar(areas[area], counts[area], href)
                    for area in areas if groups[area] == group]
            if bars:
                charts.append(bar_chart(bars, title=title, unit=ACTIONS))
        return "".join(charts)

    def lac_map(self, here: str) -> str:
        counts: Counter[str] = Counter()
        regional: Counter[str] = Counter()
        for activity in self.context.evidence.activities.values():
            counts.update(mentioned_countries(activity))
            regional.update(coverage(activity).via_region)
        pages = self.context.countries_with_pages()
        layout = self.context.layout
        return lac_map(dict(counts),
                       href=lambda c: layout.href(here, country_src(c)) if c in pages else None,
                       title=_("Activities by country"), unit=ACTIVITIES,
                       regional=dict(regional))

