"""Bar charts as inline SVG: no JavaScript, nothing fetched, readable in print and both themes.

The chart is laid out in CSS pixels with bar lengths in percent of the width, so it fills its
column at any screen size while its text keeps its size (a scaled viewBox would shrink the text
to nothing on a phone). Each bar's label sits above the bar and its value after it, as text;
a bar with a link is one focusable link whose accessible name says both
("Legal Migration: 3 actions"). Every piece of text is escaped; the result is one line of
well-formed XML, so it can go into a Markdown page as a raw HTML block.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from .locale import number
from .markup import escape
from .text import RECORDS, _, ngettext

FONT = 13            # px, labels and values
LABEL_LINE = 16      # px between label lines
BAR = 16             # px, bar thickness
GAP = 12             # px between one bar and the next label
BAR_SPACE = 82.0     # percent of the width the longest bar takes; its value follows it
WRAP = 48            # characters per label line (fits a 320 px phone at 13 px)
MAX_LINES = 2        # lines of label before the rest is cut with "…" (full text in <title>)


@dataclass(frozen=True)
class Bar:
    """One bar: a label, a count, and where the bar and its label link to (if anywhere)."""

    label: str
    value: int
    href: str | None = None


def count_text(value: int, unit: tuple[str, str]) -> str:
    """'1 action', '12 actions', '1,234 actions' (`unit`: the singular and plural messages)."""
    return f"{number(value)} {ngettext(*unit, value)}"


def label_lines(label: str) -> list[str]:
    """A label wrapped on word boundaries, cut after MAX_LINES lines with an ellipsis."""
    lines = textwrap.wrap(" ".join(label.split()), WRAP) or [""]
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1][: WRAP - 1].rstrip() + "…"
    return lines


def _bar_row(bar: Bar, top: int, longest: int, unit: tuple[str, str]) -> tuple[str, int]:
    """One bar's SVG and the height it takes."""
    lines = label_lines(bar.label)
    name = escape(f"{bar.label}: {count_text(bar.value, unit)}")
    # One <text> with a line per <tspan>; the space ending each line keeps words apart for
    # assistive technology, which reads the lines as one string.
    spans = "".join(f'<tspan x="0" y="{top + FONT + i * LABEL_LINE}">{escape(line)}'
                    f'{" " if i < len(lines) - 1 else ""}</tspan>' for i, line in enumerate(lines))
    text = f'<text class="ev-chart-label">{spans}</text>'

    bar_top = top + FONT + (len(lines) - 1) * LABEL_LINE + 6
    share = BAR_SPACE * bar.value / longest if longest else 0.0
    length = f"{share:.2f}".rstrip("0").rstrip(".")
    rect = (f'<rect class="ev-chart-bar" x="0" y="{bar_top}" width="{length}%" height="{BAR}" '
            'fill="#3f51b5"/>' if bar.value else "")
    hidden = "" if bar.href is None else ' aria-hidden="true"'
    value = (f'<text class="ev-chart-value" x="{length}%" dx="{6 if bar.value else 0}" '
             f'y="{bar_top + BAR - 4}"{hidden}>{number(bar.value)}</text>')
    body = f"{text}{rect}"
    if bar.href is not None:
        # The link holds the label and the bar; its name adds the count, which the number
        # after the bar shows to the eye (hidden from screen readers, which have it already).
        # The tooltip sits outside the link: text inside it would count as its visible label.
        body = f'<a href="{escape(bar.href)}" aria-label="{name}">{body}</a>'
    return (f'<g role="listitem"><title>{name}</title>{body}{value}</g>',
            bar_top + BAR + GAP - top)


def bar_chart(bars: Sequence[Bar], *, title: str, unit: tuple[str, str] = RECORDS,
              max_bars: int | None = None) -> str:
    """A horizontal bar chart in a <figure class="ev-chart"> captioned with the title.

    Bars are drawn longest first (equal values keep the order given). With max_bars, only the
    longest max_bars are drawn and a note under the chart says how many more there are and what
    they add up to. Values must be whole numbers, zero or more.
    """
    for bar in bars:
        if bar.value < 0:
            raise ValueError(f"bar_chart({title!r}): {bar.label!r} has a negative value "
                             f"({bar.value}); a bar counts records, so it is 0 or more")
    if max_bars is not None and max_bars < 1:
        raise ValueError(f"bar_chart({title!r}): max_bars must be 1 or more, got {max_bars}")
    ordered = sorted(bars, key=lambda b: -b.value)
    shown = ordered[:max_bars] if max_bars is not None else ordered
    rest = ordered[len(shown):]
    caption = f"<figcaption>{escape(title)}</figcaption>"
    if not shown:
        empty = _("No {things} to show.").format(things=escape(ngettext(*unit, 2)))
        return f'<figure class="ev-chart">{caption}<p class="ev-chart-note">{empty}</p></figure>'
    longest = max(b.value for b in shown)
    rows, top = [], 0
    for bar in shown:
        row, height = _bar_row(bar, top, longest, unit)
        rows.append(row)
        top += height
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" role="list" aria-label="{escape(title)}" '
           f'width="100%" height="{top - GAP + 2}" font-size="{FONT}" fill="currentColor">'
           f'{"".join(rows)}</svg>')
    note = ""
    if rest:
        more = len(rest)
        note = ('<p class="ev-chart-note">' + ngettext(
            "Not shown: {n} more bar ({total} in all).",
            "Not shown: {n} more bars ({total} in all).", more).format(
                n=more, total=escape(count_text(sum(b.value for b in rest), unit))) + "</p>")
    return f'<figure class="ev-chart">{caption}{svg}{note}</figure>'
