"""Pandoc's citation syntax in Markdown pages: what is a citation, what is not, and where."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.cite.pages import PageContext, markdown_safe, render_citations
from macros.cite.scan import CiteItem, check_keys, cited_keys, find_citations, scan_docs, scan_page


def items(text: str) -> list[tuple[str, ...]]:
    return [(c.text, *(f"{i.prefix}|{i.key}|{i.suffix}|{'-' if i.suppress_author else ''}"
                       for i in c.items)) for c in find_citations(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("As shown [@iom-wmr-2020].", [("[@iom-wmr-2020]", "|iom-wmr-2020||")]),
    ("[@key, p. 12]", [("[@key, p. 12]", "|key|, p. 12|")]),
    ("[see @a, sec. 3; @b]", [("[see @a, sec. 3; @b]", "see|a|, sec. 3|", "|b||")]),
    ("@key says", [("@key", "|key||")]),
    ("@key [p. 33] says", [("@key [p. 33]", "|key|p. 33|")]),
    ("[-@key]", [("[-@key]", "|key||-")]),
    ("[see -@key, p. 2]", [("[see -@key, p. 2]", "see|key|, p. 2|-")]),
    ("@iom-wmr-2020.", [("@iom-wmr-2020", "|iom-wmr-2020||")]),  # final '.' is not the key's
    ("[@{odd key!}]", [("[@{odd key!}]", "|odd key!||")]),
    ("(@a; @b)", [("@a", "|a||"), ("@b", "|b||")]),
])
def test_pandoc_forms(text: str, expected: list[tuple[str, ...]]) -> None:
    assert items(text) == expected


@pytest.mark.parametrize("text", [
    "write to agency@example.org",
    "`[@a]` in code",
    "`` code with ` and [@a] ``",
    "```\n[@a]\n```",
    "~~~~python\n@a\n~~~~",
    "para\n\n    [@a] indented code\n",
    '<span title="[@a]">x</span>',
    "<!-- [@a] -->",
    "https://example.org/@a and www.example.org/@b",
    "[link](https://example.org/@a)",
    "[@a](https://example.org) is a link",
    "{{ macro('@a') }} and {% if '@b' %}",
    r"a literal \@a",
    "[Data set] and [^1] and [ ]",
])
def test_not_citations(text: str) -> None:
    assert find_citations(text) == []


def test_indented_text_in_a_list_is_prose() -> None:
    assert items("- item\n\n    more of the item [@a]\n") == [("[@a]", "|a||")]


@pytest.mark.parametrize("opening", ['!!! key-findings "Key findings"', "!!! note", "??? tip",
                                     '???+ warning "Open"'])
def test_the_body_of_an_admonition_is_prose(opening: str) -> None:
    """Python-Markdown's admonitions indent their body by four spaces, as a list item's;
    a citation there is cited (the key-findings box's were printed as '[@key, sec. 1]')."""
    text = f"Intro.\n\n{opening}\n\n    - A finding [@a, sec. 1].\n\n    Said @b.\n\nAfter [@c].\n"
    assert items(text) == [("[@a, sec. 1]", "|a|, sec. 1|"), ("@b", "|b||"), ("[@c]", "|c||")]
    # Code inside the box (indented once more) is still code; after it, code again.
    code = f"{opening}\n\n    Text.\n\n        [@a] in code\n\nPara.\n\n    [@b] code\n"
    assert find_citations(code) == []


def test_positions_are_lines_and_columns_of_each_key() -> None:
    citations = find_citations("Intro.\n\nText [see @a, p. 3;\n @b] and @c.\n")
    assert [(c.line, c.column) for c in citations] == [(3, 6), (4, 10)]
    assert [(i.line, i.column) for i in citations[0].items] == [(3, 11), (4, 2)]


def test_unknown_key_is_reported_at_its_file_line_and_column() -> None:
    page = scan_page("about.md", "---\ntitle: About\n---\n\n# About\n\nSee [@doc-a; @doc-z].\n")
    problems = check_keys(page.citations, {"doc-a", "doc-b"}, "docs/about.md", "bibliography.bib")
    assert [str(p) for p in problems] == [
        "docs/about.md:7:14: expected a citation key from bibliography.bib, got 'doc-z'\n"
        "  hint: did you mean 'doc-b'?"]


def test_unknown_key_without_a_close_match_says_how_to_fix() -> None:
    problems = check_keys(find_citations("@zzz"), {"doc-a"}, "docs/x.md", "bibliography.bib")
    assert problems[0].hint == ("add an entry '@report{zzz, ...}' to bibliography.bib, or write "
                                "\\@ for a literal '@'")


def test_pages_are_scanned_without_mkdocs(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "index.md").write_text("# Home\n\n[@a; @b]\n")
    (tmp_path / "sub" / "page.md").write_text("---\ntitle: A page\n---\n@c and `@d`\n")
    pages = scan_docs(tmp_path)
    assert [(p.src, p.title) for p in pages] == [("index.md", "Home"), ("sub/page.md", "A page")]
    assert cited_keys(pages) == {"a", "b", "c"}


ENTRIES = {"a": "Author A (2020) <em>Title A</em>.", "b": "B (2019) <em>B *b*</em>."}
CITES = {
    "[@a, p. 3]": '<span class="citation" data-cites="a">(<a href="#ref-a" '
                  'role="doc-biblioref">Author A, 2020, p. 3</a>)</span>',
    "@b": '<span class="citation" data-cites="b">B (<a href="#ref-b" '
          'role="doc-biblioref">2019</a>)</span>',
}


def context(mode: str) -> PageContext:
    return PageContext(ENTRIES, lambda key: f"../bibliography/#ref-{key}", mode)


def render(text: str, mode: str) -> str:
    """A page as the site shows it, once the in-text forms are in (here, given by hand)."""
    rendered = render_citations(text, context(mode))
    return rendered.fill(rendered.markdown, CITES)


def test_author_date_page_links_citations_to_its_reference_list() -> None:
    out = render("Text [@a, p. 3] and @b.\n", "author-date")
    assert out.startswith(
        'Text <span class="citation" data-cites="a">(<a class="ev-cite" href="#ref-a" '
        'role="doc-biblioref" title="Author A (2020) Title A.">Author A, 2020, p. 3</a>)</span> '
        'and <span class="citation" data-cites="b">B (<a class="ev-cite" href="#ref-b" '
        'role="doc-biblioref" title="B (2019) B &#42;b&#42;.">2019</a>)</span>.\n')
    tail = out[out.index("## References"):]
    assert tail.index('id="ref-a"') < tail.index('id="ref-b"')
    assert 'href="../bibliography/#ref-a"' in tail


def test_footnotes_page_numbers_citations_and_lists_full_references() -> None:
    out = render("Text [see @a, p. 3] and @b.\n", "footnotes")
    assert '<sup class="ev-footnote-ref" id="cite-1"><a href="#note-1"' in out
    assert 'B<sup class="ev-footnote-ref" id="cite-2">' in out  # author in text, then the note
    notes = out[out.index("## Notes"):out.index("## References")]
    assert '<li id="note-1">see <span class="ev-note-ref" data-key="a">Author A (2020) ' \
           "<em>Title A</em>, p. 3.</span>" in notes
    assert 'href="#cite-2"' in notes


def test_rendered_html_survives_markdown_and_jinja() -> None:
    assert markdown_safe('<a title="{{ 7*7 }} [x] _y_ |">a_b</a>') == (
        '<a title="&#123;&#123; 7&#42;7 &#125;&#125; &#91;x&#93; &#95;y&#95; &#124;">'
        "a&#95;b</a>")


def test_escaped_at_sign_becomes_a_plain_one() -> None:
    out = render(r"Mail \@team or `\@code`", "author-date")
    assert out == r"Mail @team or `\@code`"


def test_in_text_forms_wait_in_tokens_markdown_leaves_alone() -> None:
    rendered = render_citations("# About [@a]\n\nText @b.\n", context("author-date"))
    assert "[@a]" not in rendered.markdown and "@b" not in rendered.markdown
    assert [s.citation.text for s in rendered.slots] == ["[@a]", "@b"]
    assert rendered.fill_plain(rendered.markdown.splitlines()[0], {"[@a]": CITES["[@a, p. 3]"]}
                               ) == "# About (Author A, 2020, p. 3)"


def test_cite_item_defaults() -> None:
    assert CiteItem("k") == CiteItem("k", "", "", False, 0, 0)
