"""Bibliography fields that become links follow the record `url:` rule: http, https or mailto
(a DOI for `doi`), refused with a located problem otherwise, never republished as a link."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import evidence_cli

from macros.cite.csl import csl_items
from macros.source.bibtex import load_bibliography

HINT = "  hint: write the full address of the document, starting with https://"


def entry(field: str, value: str) -> str:
    return f"@online{{k,\n  title = {{T}},\n  {field} = {{{value}}},\n}}\n"


def problems_of(tmp_path: Path, text: str) -> tuple[list[str], list[dict]]:  # type: ignore[type-arg]
    path = tmp_path / "bibliography.bib"
    path.write_text(text, encoding="utf-8")
    bib, problems = load_bibliography(path, "bibliography.bib")
    return [str(p) for p in problems], csl_items(bib)


@pytest.mark.parametrize(("value", "got"), [
    ("javascript:alert(1)", "javascript:alert(1)"),
    (" JaVaScRiPt:alert(1)", "JaVaScRiPt:alert(1)"),
    ("java\tscript:alert(1)", "javascript:alert(1)"),
    ("\x01javascript:alert(1)", "\x01javascript:alert(1)"),
    ("https://example.org/\x1bx", "https://example.org/\x1bx"),
    ("data:text/html,<script>alert(1)</script>", "data:text/html,<script>alert(1)</script>"),
    ("vbscript:msgbox(1)", "vbscript:msgbox(1)"),
    ("VBScript:msgbox(1)", "VBScript:msgbox(1)"),
    ("file:///etc/passwd", "file:///etc/passwd"),
    ("ftp://example.org/x", "ftp://example.org/x"),
    ("//evil.example/x", "//evil.example/x"),
    ("example.org", "example.org"),
    (r"\url{javascript:alert(1)}", "javascript:alert(1)"),
])
def test_a_url_of_another_scheme_is_refused_where_it_is(tmp_path: Path, value: str,
                                                        got: str) -> None:
    problems, items = problems_of(tmp_path, entry("url", value))
    # Line 3, and the column of the value's brace in "  url = {".
    assert problems == [f"bibliography.bib:3:9: k.url: expected an http, https or mailto URL, "
                        f"got {got!r}\n{HINT}".replace("\x1b", "\\x1b").replace("\x01", "\\x01")]
    assert "URL" not in items[0]


@pytest.mark.parametrize(("value", "url"), [
    ("https://example.org/a%20b_c", "https://example.org/a%20b_c"),
    ("HTTP://EXAMPLE.ORG/", "HTTP://EXAMPLE.ORG/"),
    ("mailto:someone@example.org", "mailto:someone@example.org"),
    (r"\url{https://example.org/x}", "https://example.org/x"),
    ("https://example.org/\n    continued", "https://example.org/continued"),
])
def test_web_addresses_are_kept(tmp_path: Path, value: str, url: str) -> None:
    problems, items = problems_of(tmp_path, entry("url", value))
    assert problems == []
    assert items[0]["URL"] == url


@pytest.mark.parametrize("field", ["howpublished", "note", "title"])
def test_a_url_macro_in_any_field_follows_the_rule(tmp_path: Path, field: str) -> None:
    text = entry(field, r"see \url{javascript:alert(1)} here").replace("  title = {T},\n", "")
    problems, items = problems_of(tmp_path, text)
    column = len(f"  {field} = ") + 1
    assert problems == [f"bibliography.bib:2:{column}: k.{field}: expected an http, https or "
                        f"mailto URL, got 'javascript:alert(1)'\n{HINT}"]
    assert "URL" not in items[0]


@pytest.mark.parametrize("value", ["javascript:alert(1)", "https://evil.example/10.1/x",
                                   "not a doi", "10.1", "10./x", "doi:javascript:x"])
def test_a_doi_that_is_no_doi_is_refused(tmp_path: Path, value: str) -> None:
    problems, items = problems_of(tmp_path, entry("doi", value))
    got = "".join(value.split())  # verbatim fields are read without their spaces
    assert problems == [
        f"bibliography.bib:3:9: k.doi: expected a DOI such as '10.1787/g2g9ff18-en', got "
        f"{got!r}\n  hint: give the DOI alone (10.<registrant>/<suffix>), or move a web "
        "address to url"]
    assert "DOI" not in items[0]


@pytest.mark.parametrize(("value", "doi"), [
    ("10.5555/imig.12839", "10.5555/imig.12839"),
    ("https://doi.org/10.1787/g2g9ff18-en", "10.1787/g2g9ff18-en"),
    ("http://dx.doi.org/10.1000/xyz(1)", "10.1000/xyz(1)"),
    ("doi:10.1000/abc", "10.1000/abc"),
])
def test_dois_are_kept_bare(tmp_path: Path, value: str, doi: str) -> None:
    problems, items = problems_of(tmp_path, entry("doi", value))
    assert problems == []
    assert items[0]["DOI"] == doi


def test_validate_refuses_a_javascript_url_in_the_bibliography(mini: Path) -> None:
    bib = mini / "bibliography.bib"
    bib.write_text(bib.read_text().replace("https://example.org/b", "javascript:alert(1)"))
    result = evidence_cli(mini, "validate")
    assert result.returncode == 1
    assert ("bibliography.bib:10:9: doc-b.url: expected an http, https or mailto URL, got "
            "'javascript:alert(1)'\n" + HINT) in result.stdout
    out = mini / "data"
    assert evidence_cli(mini, "export", "-o", str(out)).returncode == 1
    assert not out.exists()
