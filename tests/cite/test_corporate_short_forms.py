"""Corporate authors cited in full at first use on a page, by their abbreviation after that.

Cite Them Right (Pears and Shields, Harvard), "Corporate authors": an organisation known by an
abbreviation is cited with its full name and the abbreviation in brackets the first time, and
by the abbreviation alone in later citations, e.g. (World Health Organization (WHO), 2020) then
(WHO, 2020); the reference list gives the full name. Works without a date are cited "no date"
(Cite Them Right's own wording, which the CSL style writes). The expectations below are written
by hand from those rules.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from macros.cite.csl import csl_items
from macros.cite.pages import PageContext, render_citations
from macros.cite.style import load_style
from macros.source.bibtex import corporate_short_forms, load_bibliography

pytestmark = pytest.mark.pandoc

BIB = r"""@report{k4dd,
  author = {{Knowledge for Development and Diplomacy (K4DD)}},
  title = {Rapid evidence review},
}
@report{iom,
  author = {{International Organization for Migration (IOM)}},
  title = {Regional strategy},
  year = {2020},
}
@book{person,
  author = {Woeger, Alfred},
  title = {Guidelines},
  year = {2019},
}
"""

PAGE = ("First [@k4dd, sec. 3.1]. Then [@iom, p. 4]. Again [@k4dd, sec. 3.1] and "
        "[@k4dd, sec. 2]; IOM again [@iom, p. 5]; a person [@person].")


def rendered_text(tmp_path: Path, page: str) -> tuple[str, dict[str, str]]:
    path = tmp_path / "b.bib"
    path.write_text(BIB, encoding="utf-8")
    bib, problems = load_bibliography(path, "b.bib")
    assert problems == []
    items = csl_items(bib)
    context = PageContext({}, lambda key: f"#ref-{key}", "author-date",
                          short_names=corporate_short_forms(bib))
    rendered = render_citations(page, context)
    citations = [slot.citation.text for slot in rendered.slots]
    formatted = load_style("harvard-cite-them-right").format(items, citations)
    html = rendered.fill(rendered.markdown, formatted.citations)
    text = re.sub(r"<[^>]+>", "", html)
    text = re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))), text)
    return text, formatted.entries


def test_first_citation_in_full_then_the_abbreviation(tmp_path: Path) -> None:
    text, _ = rendered_text(tmp_path, PAGE)
    assert text.startswith(
        "First (Knowledge for Development and Diplomacy (K4DD), no date, sec. 3.1). "
        "Then (International Organization for Migration (IOM), 2020, p. 4). "
        "Again (K4DD, no date, sec. 3.1) and (K4DD, no date, sec. 2); "
        "IOM again (IOM, 2020, p. 5); a person (Woeger, 2019).")


def test_each_page_starts_again_in_full(tmp_path: Path) -> None:
    text, _ = rendered_text(tmp_path, "Only [@iom].")
    assert text.startswith("Only (International Organization for Migration (IOM), 2020).")


def test_the_reference_list_keeps_the_full_name(tmp_path: Path) -> None:
    _, entries = rendered_text(tmp_path, PAGE)
    assert re.sub(r"<[^>]+>", "", entries["k4dd"]).startswith(
        "Knowledge for Development and Diplomacy (K4DD) (no date)")
