"""Wording for readers, over every page of the built site: no raw vocabulary value ("un
entity"), no name repeated as its own acronym ("UNICEF (UNICEF)"), no "No activities match."
inside prose, and counts of one in the singular ("1 strategy", never "1 strategie" or "1
strategies")."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # reads the built site


def visible_text(page: Path) -> str:
    """The article's text as a reader sees it (tags dropped, entities decoded)."""
    source = page.read_text(encoding="utf-8")
    start = source.find("<article")
    article = source[start:source.find("</article>", start)] if start >= 0 else source
    article = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", article, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", article)))


@pytest.fixture(scope="module")
def pages(repo_site: Path) -> dict[str, str]:
    return {p.relative_to(repo_site).as_posix(): visible_text(p)
            for p in sorted(repo_site.rglob("*.html"))}


RAW_VALUES = ("un entity", "eu body", " ngo ", "bi regional", "Central america",
              "South america", "Outside the americas")


def test_no_raw_vocabulary_values(pages: dict[str, str]) -> None:
    found = {(page, raw) for page, text in pages.items() for raw in RAW_VALUES if raw in text}
    assert not found
    organisations = pages["organisations/index.html"]
    assert "UN entity" in organisations and "EU body" in organisations


def test_no_name_followed_by_itself_as_acronym(pages: dict[str, str]) -> None:
    repeated = re.compile(r"\b([A-Z][\w-]+) \(\1\)")
    found = {(page, m.group(0)) for page, text in pages.items()
             for m in repeated.finditer(text)}
    assert not found


def test_no_empty_table_message_in_prose(pages: dict[str, str]) -> None:
    found = {page for page, text in pages.items() if re.search(r"No \w+ match\.", text)}
    assert not found


def test_counts_of_one_are_singular(pages: dict[str, str]) -> None:
    wrong = re.compile(r"(?<!Table )\b1 (strategie|strategies|activities|mechanisms|figures|"
                       r"records|entries|organisations|findings|recommendations|events|days)\b")
    found = {(page, m.group(0)) for page, text in pages.items() for m in wrong.finditer(text)}
    assert not found
    assert any(re.search(r"\b1 strategy\b", text) for text in pages.values())
