"""Citations on the built site: pages, reference lists, the bibliography, downloads, errors.

Expectations come from the fixture's files read directly (YAML records, the .bib text), not
from the code under test.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from helpers import FIXTURES, REPO, article_links, mkdocs_build, record_page, resolve

from macros.cite.csl import csl_items
from macros.cite.style import load_style
from macros.source.bibtex import load_bibliography

pytestmark = [pytest.mark.slow, pytest.mark.pandoc]  # full site builds

MINI_KEYS = re.findall(r"^@\w+\{([^,\s]+),", (FIXTURES / "mini" / "bibliography.bib").read_text(),
                       re.MULTILINE)


def ids_of(page: Path) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', page.read_text(encoding="utf-8")))


def anchor_resolves(site: Path, page: Path, href: str) -> bool:
    target = page if href.startswith("#") else resolve(site, page, href)
    if target is None or not target.is_file():
        return False
    fragment = href.partition("#")[2]
    return not fragment or fragment in ids_of(target)


def build(project: Path, **options: str) -> tuple[Path, str]:
    if options:
        config = project / "mkdocs.yml"
        text = config.read_text().replace("  - evidence\n", "  - evidence:\n" + "".join(
            f"      {k}: {v}\n" for k, v in options.items()))
        config.write_text(text)
    site = project / "site"
    result = mkdocs_build(project, "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    return site, result.stderr


def copy_mini(tmp: Path) -> Path:
    project = tmp / "mini"
    shutil.copytree(FIXTURES / "mini", project)
    return project


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    built, stderr = build(copy_mini(tmp_path_factory.mktemp("cite")))
    assert "WARNING" not in stderr
    return built


def records_citing(key: str) -> set[tuple[str, str]]:
    found = set()
    for path in (FIXTURES / "mini" / "evidence").glob("*/*.yaml"):
        data = yaml.safe_load(path.read_text())
        sources = list(data.get("sources") or [])
        sources += [s for b in data.get("budget") or [] for s in b.get("sources") or []]
        if any(s["key"] == key for s in sources):
            found.add((path.parent.name, path.stem))
    return found


def test_page_citations_link_to_the_page_reference_list(site: Path) -> None:
    page = site / "citations" / "index.html"
    html = page.read_text()
    cites = re.findall(r'<a class="ev-cite" href="(#ref-[^"]+)"[^>]*title="([^"]+)"', html)
    assert [href for href, _ in cites] == ["#ref-doc-a", "#ref-doc-a", "#ref-doc-b",
                                           "#ref-doc-a"]
    assert all(anchor_resolves(site, page, href) for href, _ in cites)
    assert cites[0][1] == ("Agency A (2020) A Report on Migration. Available at: "
                           "https://example.org/a.pdf.")  # the tooltip: the full reference
    text = re.sub(r"<[^>]+>", "", html)
    assert "(Agency A, 2020, p. 12)" in text
    assert "Agency A (2020, sec. 4)" in text
    assert "(see B Web Page, no date; 2020)" in text
    references = html[html.index('id="references"'):]
    assert references.index('id="ref-doc-a"') < references.index('id="ref-doc-b"')


def test_code_and_email_are_left_alone(site: Path) -> None:
    html = (site / "citations" / "index.html").read_text()
    assert "<code>[@not-a-key]</code>" in html
    assert "[@not-a-key-either] in a code block" in html
    assert "agency@example.org" in html


def test_bibliography_lists_every_entry_and_who_cites_it(site: Path) -> None:
    page = site / "bibliography" / "index.html"
    html = page.read_text()
    assert [k for k in MINI_KEYS if f'id="ref-{k}"' in html] == MINI_KEYS
    for key in MINI_KEYS:
        entry = html[html.index(f'id="ref-{key}"'):]
        entry = entry[:entry.index("</div>")]
        hrefs = re.findall(r'<a href="([^"]+)"', entry.split("ev-cited-by", 1)[1])
        targets = {resolve(site, page, h) for h in hrefs}
        expected = {record_page(site, c, i) for c, i in records_citing(key)}
        expected.add(site / "citations" / "index.html")
        assert targets == expected, key


def test_every_cited_by_link_resolves_with_its_anchor(site: Path) -> None:
    page = site / "bibliography" / "index.html"
    hrefs = [h for h in article_links(page) if "#ref-" in h]
    assert len(hrefs) >= 13  # 2 pages + 11 record citations, counted from the fixture
    broken = [h for h in hrefs if not anchor_resolves(site, page, h)]
    assert broken == []


def test_downloads_are_the_bib_file_and_its_csl_json(site: Path) -> None:
    bib = (FIXTURES / "mini" / "bibliography.bib").read_text()
    assert (site / "bibliography" / "bibliography.bib").read_text() == bib
    items = json.loads((site / "bibliography" / "bibliography.json").read_text())
    assert [i["id"] for i in items] == MINI_KEYS
    assert items[0]["author"] == [{"literal": "Agency A"}]
    page = site / "bibliography" / "index.html"
    downloads = [h for h in article_links(page) if h.endswith((".bib", ".json"))]
    assert sorted(downloads) == ["bibliography.bib", "bibliography.json"]


def test_record_sources_are_formatted_and_link_to_the_bibliography(site: Path) -> None:
    page = record_page(site, "activities", "project-x")
    html = page.read_text()
    sources = html[html.index('class="ev-sources"'):]
    assert ('<li id="ref-doc-a"><span class="csl-entry">Agency A (2020) <em>A Report on '
            'Migration</em>. Available at: <a href="https://example.org/a.pdf">'
            "https://example.org/a.pdf</a>.</span>") in sources
    assert '<span class="ev-locator">— sec. 4; budget: sec. 4</span>' in sources
    assert anchor_resolves(site, page, "../../bibliography/#ref-doc-a")
    assert 'href="../../bibliography/#ref-doc-a"' in sources


def test_unknown_key_in_a_page_fails_the_build_with_file_and_line(tmp_path: Path) -> None:
    project = copy_mini(tmp_path)
    page = project / "docs" / "citations.md"
    page.write_text(page.read_text() + "\nA typo [@doc-aa] and @nowhere.\n")
    result = mkdocs_build(project, "--site-dir", str(tmp_path / "out"))
    assert result.returncode != 0
    assert ("docs/citations.md:12:9: expected a citation key from bibliography.bib, "
            "got 'doc-aa'\n  hint: did you mean 'doc-a'?") in result.stderr
    assert ("docs/citations.md:12:22: expected a citation key from bibliography.bib, "
            "got 'nowhere'") in result.stderr
    assert "2 problems in 1 file; nothing was built." in result.stderr
    assert not (tmp_path / "out" / "index.html").exists()


def test_unknown_key_in_a_record_fails_the_build_with_file_and_line(tmp_path: Path) -> None:
    project = copy_mini(tmp_path)
    record = project / "evidence" / "figures" / "figure-f.yaml"
    lines = record.read_text().splitlines()
    number = next(i for i, line in enumerate(lines, 1) if "key: doc-a" in line)
    column = lines[number - 1].index("doc-a") + 1
    record.write_text(record.read_text().replace("key: doc-a", "key: doc-q", 1))
    result = mkdocs_build(project, "--site-dir", str(tmp_path / "out"))
    assert result.returncode != 0
    assert (f"evidence/figures/figure-f.yaml:{number}:{column}: sources[0].key: expected a "
            "citation key from bibliography.bib, got 'doc-q'") in result.stderr


def test_footnotes_mode(tmp_path: Path) -> None:
    site, _ = build(copy_mini(tmp_path), citation_mode="footnotes")
    page = site / "citations" / "index.html"
    html = page.read_text()
    marks = re.findall(r'<sup class="ev-footnote-ref" id="cite-(\d+)"><a href="(#note-\d+)"',
                       html)
    assert marks == [("1", "#note-1"), ("2", "#note-2"), ("3", "#note-3")]
    assert all(anchor_resolves(site, page, href) for _, href in marks)
    assert re.search(r"Agency A<sup class=\"ev-footnote-ref\" id=\"cite-2\">", html)
    notes = re.sub(r"<[^>]+>", "", html[html.index('id="notes"'):html.index('id="references"')])
    assert "Agency A (2020) A Report on Migration. Available at: https://example.org/a.pdf, "\
           "p. 12." in notes
    assert "see B Web Page (no date). Available at: https://example.org/b.; " in notes


@pytest.mark.parametrize(("style", "expected"), [
    ("chicago-author-date", "(Agency A 2020, 12)"),
    ("apa", "(Agency A, 2020, p. 12)"),
])
def test_other_styles(tmp_path: Path, style: str, expected: str) -> None:
    site, _ = build(copy_mini(tmp_path), citation_style=style, citation_locale="en-US")
    text = re.sub(r"<[^>]+>", "", (site / "citations" / "index.html").read_text())
    assert expected in text


def test_unknown_style_fails_the_build(tmp_path: Path) -> None:
    project = copy_mini(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "  - evidence\n", "  - evidence:\n      citation_style: harvard-made-up\n"))
    result = mkdocs_build(project, "--site-dir", str(tmp_path / "out"))
    assert result.returncode != 0
    assert "mkdocs.yml: evidence: unknown CSL style 'harvard-made-up'" in result.stderr


def test_bibliography_text_is_not_evaluated_on_a_page(tmp_path: Path) -> None:
    project = copy_mini(tmp_path)
    bib = project / "bibliography.bib"
    hostile = r"title = {B \{\{ 7*7 \}\} <script>alert(1)</script> *x*}"
    bib.write_text(bib.read_text().replace("title = {B Web Page}", hostile))
    site, _ = build(project)
    html = (site / "citations" / "index.html").read_text()
    assert "{{ 7*7 }}" in re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))), html)
    assert "B 49" not in html and "<script>alert" not in html


def test_real_iom_2019_documents_are_told_apart() -> None:
    """The IOM strategy cites several IOM 2019 documents: they become 2019a, 2019b, ... in the
    order of their titles, the same on every page (expected suffixes read from the file)."""
    text = (REPO / "bibliography.bib").read_text()
    iom_2019 = []
    for entry in re.split(r"\n(?=@)", text):
        if ("author      = {{International Organization for Migration (IOM)}}" in entry
                and re.search(r"\byear\s*=\s*\{2019\}", entry)):
            key = re.match(r"@\w+\{([^,]+),", entry)
            title = re.search(r"\btitle\s*=\s*\{(.*)\},", entry)
            assert key and title
            iom_2019.append((title.group(1).casefold(), key.group(1)))
    assert len(iom_2019) >= 2
    bib, _ = load_bibliography(REPO / "bibliography.bib", "bibliography.bib")
    keys = [key for _, key in sorted(iom_2019)]
    formatted = load_style("harvard-cite-them-right").format(
        csl_items(bib), [f"[@{k}]" for k in keys])
    for letter, key in zip("abcdefghij", keys, strict=False):
        assert f"International Organization for Migration (IOM) (2019{letter})" in (
            formatted.entries[key]), key
        assert re.sub(r"<[^>]+>", "", formatted.citations[f"[@{key}]"]).endswith(
            f"2019{letter})")
