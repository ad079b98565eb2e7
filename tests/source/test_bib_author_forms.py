"""One organisation, one author form: `evidence validate` warns when a corporate author is
written two ways ('IOM' and 'International Organization for Migration (IOM)'), and the
review's bibliography writes each organisation one way."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import REPO

from macros.source.bibtex import load_bibliography

BIB = """@report{a,
  author = {{International Organization for Migration (IOM)}},
  title = {A},
}
@report{b,
  author = {{International Organization for Migration (IOM)}},
  title = {B},
}
@report{c,
  title = {C},
  author = {{IOM}},
}
@report{d,
  author = {{Central American Integration System (SICA)} and {UNHCR}},
  title = {D},
}
"""


def test_a_second_form_of_an_organisation_is_a_located_warning(tmp_path: Path) -> None:
    path = tmp_path / "b.bib"
    path.write_text(BIB, encoding="utf-8")
    bib, problems = load_bibliography(path, "b.bib")
    assert problems == []  # a warning, not an error
    assert [(w.line, w.column, w.field) for w in bib.warnings] == [(11, 12, "c.author")]
    assert "'IOM'" in bib.warnings[0].message
    assert "'International Organization for Migration (IOM)'" in bib.warnings[0].message


def test_the_reviews_bibliography_writes_each_organisation_one_way() -> None:
    bib, problems = load_bibliography(REPO / "bibliography.bib", "bibliography.bib")
    assert problems == []
    assert bib.warnings == []
    # Independent of the code: every braced corporate name of the file, by its acronym.
    text = (REPO / "bibliography.bib").read_text(encoding="utf-8")
    forms: dict[str, set[str]] = {}
    for line in re.findall(r"^\s*author\s*=\s*\{(.*)\},$", text, re.MULTILINE):
        for name in re.findall(r"\{([^{}]+)\}", line):
            acronym = re.search(r"\(([^()]+)\)$", name)
            forms.setdefault(acronym.group(1) if acronym else name, set()).add(name)
    for acronym in ("IOM", "ILO", "IPCC", "UNDP", "IDMC", "ECLAC", "UNHCR"):
        assert len(forms[acronym]) == 1, (acronym, forms[acronym])
    assert forms["IOM"] == {"International Organization for Migration (IOM)"}


def test_no_entry_carries_a_pinpoint_page_of_a_footnote() -> None:
    """A page a footnote cites ('p. 21') is the citing record's locator, not the work's pages."""
    text = (REPO / "bibliography.bib").read_text(encoding="utf-8")
    entry = text[text.index("@report{ilo-labour-migration-lac-2017"):]
    entry = entry[:entry.index("\n}\n")]
    assert "pages" not in entry
    records = list((REPO / "evidence").rglob("*.yaml"))
    citing = [r for r in records if "ilo-labour-migration-lac-2017" in r.read_text("utf-8")]
    assert citing
    for record in citing:
        line = next(x for x in record.read_text("utf-8").splitlines()
                    if "key: ilo-labour-migration-lac-2017" in x)
        assert "p. 21" in line


def test_a_source_error_recorded_in_a_note_is_shown_on_the_bibliography_page() -> None:
    from macros.evidence import load_evidence
    from macros.render.context import Edition, References, ViewContext
    from macros.render.views.bibliography import BibliographyPage

    evidence = load_evidence(REPO)
    entry = evidence.bibliography.decoded["ohchr-core-instruments"]
    assert entry.names["author"].people[0].literal == (
        "Office of the United Nations High Commissioner for Human Rights (OHCHR)")
    page = BibliographyPage(ViewContext(evidence, edition=Edition())).page(
        References({"ohchr-core-instruments": "OHCHR entry", "iom-wmr-2017": "WMR entry",
                    "mieux-factsheet-lac": "Factsheet entry"}))
    shown = re.findall(r'<p class="ev-source-error"><span>Source error</span> ([^<]*)</p>', page)
    assert len(shown) == 2  # OHCHR and the World Migration Report; the factsheet has none
    assert "the footnote gives the acronym `(UNHCR)&#x27; for the Office" in shown[0]
