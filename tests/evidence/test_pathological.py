"""Text that would render pathologically or deceive a reader: refused, warned of, or shown to
cost time in proportion to its size.

Growth is measured at n and 2n, never against a clock: Python lines executed (deterministic)
for Python-Markdown, whose slow paths are Python loops; the ratio of CPU times (best of
several runs) for the citation scanner, whose old slow paths were regular expressions.
Linear work doubles (ratio about 2), quadratic work quadruples (about 4).
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from helpers import evidence_cli, mkdocs_build

from macros import EvidenceError, load_evidence
from macros.cite.scan import find_citations, page_problems
from macros.render.markup import render_markdown

LINEAR = 2.6
"""Largest n → 2n ratio taken for linear growth."""


def lines_executed(function: Callable[[str], object], text: str) -> int:
    count = 0

    def tracer(frame: object, event: str, arg: object) -> object:
        nonlocal count
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)  # type: ignore[arg-type]
    try:
        function(text)
    finally:
        sys.settrace(None)
    return count


def cpu_time(function: Callable[[str], object], text: str) -> float:
    best = float("inf")
    gc.collect()
    gc.disable()  # a collection inside one run is noise, not growth
    try:
        for _ in range(5):
            start = time.process_time()
            function(text)
            best = min(best, time.process_time() - start)
    finally:
        gc.enable()
    return best


# -- record text -------------------------------------------------------------------------------

# Inputs Python-Markdown renders in linear time: accepted, at any size up to the length cap.
LINEAR_MARKDOWN: dict[str, Callable[[int], str]] = {
    "runs of *": lambda n: "*" * n,
    "words in *": lambda n: "*a " * n,
    "runs of backticks": lambda n: "`" * n,
    "backtick runs of many lengths": lambda n: "".join("`" * (i % 20 + 1) + "a"
                                                       for i in range(n // 10)),
    "runs of <": lambda n: "<" * n,
    "unclosed tags": lambda n: "<a " * n,
    "nested emphasis": lambda n: "*_" * (n // 2) + "x" + "_*" * (n // 2),
    "a line of _": lambda n: "_" * n,
    "words in _": lambda n: "_a " * n,
    "many ](": lambda n: "](" * n,
    "backslashes": lambda n: "\\" * n,
    "unclosed comments": lambda n: "<!--" * n,
    "unclosed autolinks": lambda n: "<http://" * n,
    "ampersands": lambda n: "&" * n,
}
# Inputs its link parser reads quadratically: refused by validation beyond a small size.
QUADRATIC_MARKDOWN: dict[str, Callable[[int], str]] = {
    "unclosed [": lambda n: "[" * n,
    "unclosed [@": lambda n: "[@" * n,
    "unclosed ![": lambda n: "![" * n,
    "links without )": lambda n: "[a](" * n,
    "nested brackets": lambda n: "[" * n + "x" + "]" * n,
}


@pytest.mark.parametrize("name", LINEAR_MARKDOWN)
def test_markdown_of_record_text_grows_linearly(name: str) -> None:
    make = LINEAR_MARKDOWN[name]
    for n in (1000, 4000):
        small, large = (lines_executed(render_markdown, make(size)) for size in (n, 2 * n))
        assert large <= LINEAR * max(small, 1), (name, n, small, large)


@pytest.mark.parametrize("name", QUADRATIC_MARKDOWN)
def test_markdown_link_parser_is_quadratic_on_these(name: str) -> None:
    """Why they are refused (if this fails, Python-Markdown got linear: relax the budget)."""
    make = QUADRATIC_MARKDOWN[name]
    small, large = (lines_executed(render_markdown, make(size)) for size in (300, 600))
    assert large >= 3.5 * small


def activity(description: str, **fields: object) -> dict[str, object]:
    return {"id": "slow", "title": "Slow", "kind": "project", "description": description,
            "sources": [{"key": "doc-a", "locator": "sec. 4"}], "last_reviewed": "2026-01-15",
            **fields}


def problems_of(project: Path, record: dict[str, object]) -> list[str]:
    path = project / "evidence" / "activities" / f"{record['id']}.yaml"
    path.write_text(yaml.safe_dump(record, allow_unicode=True, width=10**6, sort_keys=False))
    try:
        evidence = load_evidence(project)
    except EvidenceError as exc:
        return [str(p) for p in exc.problems]
    return [f"warning: {p}" for p in evidence.warnings]


@pytest.mark.parametrize("name", QUADRATIC_MARKDOWN)
@pytest.mark.parametrize("size", [2000, 20_000, 100_000])
def test_quadratic_text_is_refused_at_its_field(mini: Path, name: str, size: int) -> None:
    text = QUADRATIC_MARKDOWN[name](size)
    found = problems_of(mini, activity(text))
    assert len(found) == 1, found
    where = "evidence/activities/slow.yaml:4:14: description: "
    assert found[0].startswith(where), found
    if len(text) > 10_000:
        assert f"expected at most 10,000 characters, got {len(text):,}" in found[0]
    else:
        assert "expected text whose links Markdown can read in linear time" in found[0]
        assert "hint: close each '[' with ']'" in found[0]


def test_the_length_cap_applies_to_every_text_field(mini: Path) -> None:
    found = problems_of(mini, activity("ok", notes=["a" * 10_001], results=["b" * 10_000]))
    assert found == ["evidence/activities/slow.yaml:10:3: notes[0]: expected at most 10,000 "
                     "characters, got 10,001\n  hint: records summarise their sources: split the"
                     " text, or leave the detail to the source and its locator"]


def test_ordinary_links_and_brackets_are_accepted(mini: Path) -> None:
    links = " ".join(f"[site {i}](https://example.org/{i}) (see [note {i}])" for i in range(100))
    assert problems_of(mini, activity(links)) == []


# -- the citation scanner and hand-written pages ----------------------------------------------

SCANNER_INPUTS: dict[str, Callable[[int], str]] = {
    **QUADRATIC_MARKDOWN, **LINEAR_MARKDOWN,
    "nested brackets around a key": lambda n: "[" * n + "@a" + "]" * n,
    "open citations with spaces": lambda n: "[@a " * n,
    "unclosed Jinja": lambda n: "{{" * n,
    "unclosed Jinja blocks": lambda n: "{%" * n,
    "destinations with an open title": lambda n: '](x "' * n,
    "author in text with open locators": lambda n: "@a [" * n,
}


@pytest.mark.parametrize("name", SCANNER_INPUTS)
def test_citation_scanner_grows_linearly(name: str) -> None:
    make = SCANNER_INPUTS[name]
    small, large = (cpu_time(find_citations, make(size)) for size in (10_000, 40_000))
    # Four times the input: linear work takes about 4 times as long, quadratic work 16 times
    # (it took seconds at 10,000). Times under a tenth of a second are noise on a loaded machine.
    assert large <= max(8.0 * small, 0.1), (name, small, large)


@pytest.mark.parametrize("size", [20_000, 50_000])
def test_a_page_of_open_citations_is_refused(size: int) -> None:
    text = "# Notes\n\nSee " + "[@" * size + " and more.\n"
    [problem] = page_problems(text, "docs/notes.md")
    assert str(problem).startswith(
        f"docs/notes.md:3:5: expected text whose links Markdown can read in linear time (at "
        f"most 2,000,000 characters read), got {size:,} '[' or '](' never closed in their "
        "paragraph")


def test_brackets_in_code_do_not_count() -> None:
    code = "```json\n" + "[" * 50_000 + "\n```\n\n`" + "[" * 50_000 + "`\n"
    assert page_problems("# Data\n\n" + code, "docs/data.md") == []


@pytest.mark.slow
def test_the_build_refuses_a_slow_page_before_rendering_it(mini: Path) -> None:
    (mini / "docs" / "notes.md").write_text("# Notes\n\n" + "[@" * 20_000 + "\n")
    result = mkdocs_build(mini)
    assert result.returncode == 1
    assert "docs/notes.md:3:1: expected text whose links Markdown can read" in result.stderr
    assert not (mini / "site" / "index.html").exists()


# -- characters that deceive, citations in record text -----------------------------------------


@pytest.mark.parametrize(("text", "code", "name"), [
    ("IOM\u202e reversed", "U+202E", "RIGHT-TO-LEFT OVERRIDE"),
    ("a\u202ab", "U+202A", "LEFT-TO-RIGHT EMBEDDING"),
    ("a\u2066b\u2069", "U+2066", "LEFT-TO-RIGHT ISOLATE"),
    ("a\u2068b", "U+2068", "FIRST STRONG ISOLATE"),
])
def test_bidi_controls_are_refused(mini: Path, text: str, code: str, name: str) -> None:
    found = problems_of(mini, activity("ok", title=text))
    assert any(p.startswith("evidence/activities/slow.yaml:2:8: title: expected text without "
                            f"bidirectional controls, got {code} ({name})") for p in found), found


@pytest.mark.parametrize(("text", "expected"), [
    ("IOM\u200b", "invisible character U+200B (ZERO WIDTH SPACE)"),
    ("I\ufeffOM", "invisible character U+FEFF (ZERO WIDTH NO-BREAK SPACE)"),
    ("a\u2060b", "invisible character U+2060 (WORD JOINER)"),
    ("a\u200db", "invisible character U+200D (ZERO WIDTH JOINER)"),
    ("a\u200fb", "invisible character U+200F (RIGHT-TO-LEFT MARK)"),
    ("I\u041em", "the word 'IОm' mixes Latin letters with Cyrillic 'О' (U+041E (CYRILLIC "
                 "CAPITAL LETTER O))"),
    ("Migr\u03b1tion", "the word 'Migrαtion' mixes Latin letters with Greek 'α'"),
])
def test_invisible_and_mixed_script_text_is_warned_of(mini: Path, text: str,
                                                      expected: str) -> None:
    found = problems_of(mini, activity("ok", title=text))
    assert len(found) == 1 and found[0].startswith(
        f"warning: evidence/activities/slow.yaml:2:8: title: {expected}"), found


@pytest.mark.parametrize("text", ["Oficina en Bogotá", "Ελλάδα and Россия", "São Tomé",
                                  "Œuvre", "İstanbul"])
def test_ordinary_non_latin_text_is_accepted(mini: Path, text: str) -> None:
    assert problems_of(mini, activity("ok", title=text)) == []


@pytest.mark.slow
def test_warnings_print_and_fail_only_with_strict(mini: Path) -> None:
    problems_of(mini, activity("ok", title="I\u041eM"))
    plain = evidence_cli(mini, "validate")
    assert plain.returncode == 0, plain.stdout
    assert "warning: evidence/activities/slow.yaml:2:8: title: the word 'IОM'" in plain.stdout
    strict = evidence_cli(mini, "validate", "--strict")
    assert strict.returncode == 1
    assert "evidence/activities/slow.yaml:2:8: title: the word 'IОM'" in strict.stdout
    built = mkdocs_build(mini)  # legitimate text must not break a strict build
    assert built.returncode == 0, built.stderr
    assert "evidence warning: evidence/activities/slow.yaml:2:8" in built.stderr


@pytest.mark.parametrize(("notes", "cited"), [
    (["As the report says [@doc-a, p. 3]."], "'[@doc-a, p. 3]'"),
    (["See [@no-such-key]."], "'[@no-such-key]'"),
    (["As @doc-a [sec. 2] says."], "'@doc-a [sec. 2]'"),
])
def test_citations_in_record_text_are_refused(mini: Path, notes: list[str], cited: str) -> None:
    found = problems_of(mini, activity("ok", notes=notes))
    assert found == [f"evidence/activities/slow.yaml:10:3: notes[0]: expected text without "
                     f"citations, got {cited}\n  hint: record text is published as written, not "
                     f"as a citation: cite the source under 'sources:' (- key: "
                     f"{cited.strip(chr(39)).split(',')[0].strip('[@]').split()[0]}, locator: "
                     "...)"], found


@pytest.mark.parametrize("text", ["Write to someone@example.org.", "Follow @IOM_news online.",
                                  "`[@doc-a]` in code"])
def test_addresses_and_handles_are_not_citations(mini: Path, text: str) -> None:
    assert problems_of(mini, activity(text)) == []
