"""What's new for readers: changes grouped by edition (with the editor's summary) and by day,
each day summarised by what changed in the evidence, never by commit subjects."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from helpers import FIXTURES

from macros.evidence import load_evidence
from macros.render.context import Edition, ViewContext
from macros.render.site import generate_site
from macros.render.views.living import LivingPages
from macros.source.git import Change


def change(day: str, collection: str, ident: str, kind: str, **fields: tuple[str, ...]
           ) -> Change:
    return Change(dt.date.fromisoformat(day), collection, ident, kind, "0123456789",
                  "Developer subject: refactor loader", None, **fields)


HISTORY = [
    change("2026-12-01", "figures", "figure-f", "changed", changed=("value",)),
    change("2026-11-20", "activities", "project-x", "changed", added=("dates",),
           changed=("status",)),
    change("2026-11-20", "organisations", "donor-b", "added"),
    change("2026-11-20", "organisations", "agency-a", "added"),
    change("2026-02-01", "figures", "figure-f", "added"),
]
EDITIONS = (("1", dt.date(2026, 3, 1), "First edition: the records of the five sources."),
            ("2", dt.date(2026, 11, 24), "Donor B and Agency A added; Project X dated."))


def page() -> str:
    evidence = load_evidence(FIXTURES / "mini")
    edition = Edition("2", dt.date(2026, 11, 24), 365, EDITIONS)
    return LivingPages(ViewContext(evidence, edition=edition), HISTORY).whats_new()


def test_changes_are_grouped_by_edition_newest_first_with_the_editor_s_summary() -> None:
    text = page()
    headings = [line for line in text.splitlines() if line.startswith(("## ", "### "))]
    assert headings == [
        "## Since edition 2 (24 November 2026)", "### 1 December 2026",
        "## Edition 2, 24 November 2026", "### 20 November 2026",
        "## Edition 1, 1 March 2026", "### 1 February 2026"]
    assert "Donor B and Agency A added; Project X dated." in text
    assert text.index("Donor B and Agency A added") < text.index("### 20 November 2026")


def test_each_day_says_what_changed_in_the_evidence() -> None:
    text = page()
    assert "Records added: 2 organisations. Records changed: 1 activity." in text
    assert "Records changed: 1 figure." in text
    assert "Changed: Status. Added: Activity dates." in text
    assert "Developer subject" not in text and "refactor loader" not in text


def test_an_edition_with_no_change_says_so() -> None:
    evidence = load_evidence(FIXTURES / "mini")
    edition = Edition("3", dt.date(2026, 12, 30), 365, EDITIONS)
    text = LivingPages(ViewContext(evidence, edition=edition), HISTORY[1:]).whats_new()
    part = text[text.index("## Edition 3"):text.index("## Edition 2")]
    assert "No record changed." in part


def test_the_edition_s_data_has_an_address_of_its_own() -> None:
    evidence = load_evidence(FIXTURES / "mini")
    edition = Edition("2", dt.date(2026, 11, 24), 365, EDITIONS)
    site = generate_site(evidence, edition=edition, history=HISTORY)
    for name in ("datapackage.json", "activities.csv", "figures.json"):
        assert site.files[f"editions/2/data/{name}"] == site.files[f"data/{name}"]
    text = site.pages["whats-new.md"]
    part = text[text.index("## Edition 2"):text.index("## Edition 1")]
    assert 'href="../editions/2/data/datapackage.json"' in part or \
        'href="editions/2/data/datapackage.json"' in part
    assert "editions/2/data" not in text[text.index("## Edition 1"):]


@pytest.mark.slow
def test_the_repository_s_what_s_new_cites_this_edition_and_links_its_data(
        repo_site: Path) -> None:
    html = (repo_site / "whats-new" / "index.html").read_text(encoding="utf-8")
    cite = html[html.index('<div class="ev-cite-edition">'):]
    cite = cite[:cite.index("</div>")]
    # The review as mkdocs.yml names it (pdf: title), in the year of its edition_date.
    assert "Cite this edition" in cite
    assert "Migration governance in Latin America and the Caribbean" in cite
    assert "(2026)" in cite
    links = re.findall(r'href="\.\./(editions/[^"]+)"', html)
    assert links and all((repo_site / link).is_file() for link in links)
