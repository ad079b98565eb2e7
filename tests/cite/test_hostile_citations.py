"""Hostile citations in hand-written pages: none changes what Pandoc reads, none slows a build.

A page's citations are formatted by Pandoc in one document for the whole site, a citation
per div. Text inside a citation (a locator, a prefix) is a stranger's: whatever it holds
(fences of any length, attribute lists, headings, lists, metadata blocks, raw HTML, HTML
comments, raw attributes, line breaks), it must come back as the text of its own citation and
leave every other citation alone. Expectations are written by hand from the fixture's
bibliography (Agency A, 2020).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES, mkdocs_build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from macros.cite.csl import csl_items
from macros.cite.style import _citations, load_style
from macros.errors import CitationStyleError
from macros.source.bibtex import load_bibliography

LEGIT = "[@doc-a, p. 12]"
LEGIT_TEXT = "(Agency A, 2020, p. 12)"
"""Cite Them Right (Harvard): (Author, Year, p. x)."""

SCRIPT = '<script>alert("forged")</script>'


def forgeries(index: int) -> list[str]:
    """Citations that try to end their own block and open one with the id of citation
    `index`, each another way."""
    return [
        f"[@doc-b, see\n:::\n::: {{ #evc-{index} }}\n{SCRIPT}\n]",
        f"[@doc-b, see\n::::\n::::{{#evc-{index}}}\n{SCRIPT}\n]",
        f"[@doc-b, see\n:::::\n:::::   {{  #evc-{index}  .x }}\n{SCRIPT}\n]",
        f"[@doc-b, see\n:::\n\n::: {{#evc-{index}}}\n{SCRIPT}\n]",  # a blank line too
        f"[@doc-b, see\r\n:::\r\n::: {{#evc-{index}}}\r\n{SCRIPT}\r\n]",
        f'[@doc-b, see <div id="evc-{index}">{SCRIPT}</div>]',
        f"[@doc-b, see `{SCRIPT}`{{=html}}]",
        f"[@doc-b, see\n```{{=html}}\n{SCRIPT}\n```\n]",
        f"[@doc-b, see <!-- -->{SCRIPT}<!-- -->]",
        f"[@doc-b, see\n# heading {{#evc-{index}}}\n- item\n1. item\n> quote\n]",
        f"[@doc-b, see\n---\nnocite: all\ntitle: x\n---\n{SCRIPT}\n]",
        f"[@doc-b, see \\\n{SCRIPT} \\\n]",
        f"[@doc-b, see [x]{{#evc-{index}}} `y`{{#evc-{index}}} ^[a note {SCRIPT}]]",
        f"[@doc-b, see\u2028:::\u2028::: {{#evc-{index}}}\u2028{SCRIPT}]",
    ]


@pytest.fixture(scope="module")
def harvard_items() -> list[dict]:  # type: ignore[type-arg]
    bib, problems = load_bibliography(FIXTURES / "mini" / "bibliography.bib", "bibliography.bib")
    assert not problems
    return csl_items(bib)


def plain(fragment: str) -> str:
    return re.sub(r"<[^>]+>", "", fragment)


TAGS = re.compile(r"<(/?)([a-zA-Z][\w-]*)")
ID_ATTRIBUTE = re.compile(r"<[^<>]*\sid=")
INLINE_TAGS = {"span", "a", "em", "strong", "code", "sup", "sub", "del", "br", "q"}


@pytest.mark.parametrize("index", [0, 1, 5])
def test_a_citation_cannot_replace_another(harvard_items: list[dict], index: int) -> None:  # type: ignore[type-arg]
    hostile = forgeries(index)
    citations = [*[f"[@doc-a, p. {n}]" for n in range(index)], LEGIT, *hostile]
    formatted = load_style("harvard-cite-them-right").format(harvard_items, citations)
    assert plain(formatted.citations[LEGIT]) == LEGIT_TEXT
    for n in range(index):
        assert plain(formatted.citations[f"[@doc-a, p. {n}]"]) == f"(Agency A, 2020, p. {n})"
    for text in hostile:
        form = formatted.citations[text]
        assert {tag for _, tag in TAGS.findall(form)} <= INLINE_TAGS, form
        assert "<script" not in form and not ID_ATTRIBUTE.search(form), form
        assert plain(form).startswith("(B Web Page, no date, see"), form


def test_every_reference_entry_is_still_there(harvard_items: list[dict]) -> None:  # type: ignore[type-arg]
    formatted = load_style("harvard-cite-them-right").format(harvard_items, forgeries(0))
    assert list(formatted.entries) == ["doc-a", "doc-b"]
    assert all("<script" not in entry for entry in formatted.entries.values())


def test_each_citation_must_come_back_exactly_once() -> None:
    def div(nonce: str, i: int) -> str:
        return f'<div id="evc-{nonce}-{i}">\n<p>form {i}</p>\n</div>\n'

    good = div("n", 0) + div("n", 1)
    assert _citations(good, ["[@a]", "[@b]"], "n") == {"[@a]": "form 0", "[@b]": "form 1"}
    for output, bad in [(div("n", 0), "[@b]"),                    # one missing
                        (div("n", 0) + div("n", 1) + div("n", 1), "[@b]"),  # one twice
                        (div("n", 0) + div("n", 1) + div("other", 0), ""),  # a stranger
                        (div("n", 0) + div("n", 1) + div("n", 2), "")]:     # one too many
        with pytest.raises(CitationStyleError) as caught:
            _citations(output, ["[@a]", "[@b]"], "n")
        assert "exactly once" in str(caught.value)
        assert caught.value.citations == ([bad] if bad else [])


fragments = st.sampled_from([
    "\n", "\r\n", "\n\n", ":::", "::::", ":::::", " ", "{#evc-0}", "{ #evc-1 }", "{#refs}",
    "#", "- ", "1. ", "> ", "---", "...", "<div id=\"evc-0\">", "</div>", "<!--", "-->",
    "`", "```", "{=html}", "\\", "[", "]", "@doc-a", "@doc-b", ";", ",", "p. 3", "*", "_",
    "^[", "<script>", "|", "+", "=", "$", "~", "\u2028", "\t", "    ",
])


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.lists(fragments, min_size=1, max_size=12))
def test_fuzzed_citations_leave_the_others_alone(harvard_items: list[dict],  # type: ignore[type-arg]
                                                 parts: list[str]) -> None:
    hostile = "[@doc-b, " + "".join(parts) + "]"
    try:
        formatted = load_style("harvard-cite-them-right").format(
            harvard_items, [LEGIT, hostile, "[-@doc-a]"])
    except CitationStyleError as exc:  # refused, naming the citation: fine
        assert exc.citations
        return
    assert plain(formatted.citations[LEGIT]) == LEGIT_TEXT
    assert plain(formatted.citations["[-@doc-a]"]) == "(2020)"
    form = formatted.citations[hostile]
    assert {tag for _, tag in TAGS.findall(form)} <= INLINE_TAGS, form
    assert not ID_ATTRIBUTE.search(form)


# ---------------------------------------------------------------------------------------------
# The exploit, on a site: a page's citation forges the div of another page's citation.


@pytest.fixture(scope="module")
def forged_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("forged") / "mini"
    shutil.copytree(FIXTURES / "mini", project)
    (project / "docs" / "review").mkdir()
    (project / "docs" / "review" / "index.md").write_text(
        f"# Review\n\nAgency A counts migrants {LEGIT}.\n")
    paragraphs = [text for index in range(4) for text in forgeries(index)]
    # {% raw %}: '{#' would start a Jinja comment for mkdocs-macros, before Pandoc sees it.
    (project / "docs" / "zz-notes.md").write_text(
        "# Notes\n\n{% raw %}\n" + "\n\nAnd ".join(paragraphs) + "\n{% endraw %}\n")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "  - Citing: citations.md\n",
        "  - Citing: citations.md\n  - Review: review/index.md\n  - Notes: zz-notes.md\n"))
    site = project / "site"
    result = mkdocs_build(project, "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    return site


@pytest.mark.parametrize("page", ["review", "citations"])
def test_no_forged_script_on_other_pages(forged_site: Path, page: str) -> None:
    # (On the notes page itself, a 'citation' with a blank line is two paragraphs of the
    # page's own raw HTML, which hand-written pages may hold.)
    html = (forged_site / page / "index.html").read_text()
    assert "alert(" not in re.sub(r"&lt;script&gt;alert\(", "", html)


def test_the_review_keeps_its_own_citation(forged_site: Path) -> None:
    html = (forged_site / "review" / "index.html").read_text()
    spans = re.findall(r'<span class="citation" data-cites="([^"]+)">(.*?)</span>', html)
    assert [(cites, plain(body)) for cites, body in spans] == [("doc-a", LEGIT_TEXT)]
