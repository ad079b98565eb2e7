"""The Spanish editions of the hand-written pages: each is marked as a translation of its
English page, says so at the top, and cites and calls exactly what the English page does, so
that a translation neither adds nor drops a source, a locator or a generated list."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from helpers import REPO

DOCS = REPO / "docs"
SPANISH = sorted(DOCS.rglob("*.es.md"))
REVIEW = ["review/index.es.md", "review/mieux.es.md", "review/iom-strategy.es.md",
          "review/coordination.es.md"]
# Read with regular expressions, independently of the project's citation scanner and macros:
# a bracketed citation group `[@key, locator; @key2]` and a macro call `{{ name(args) }}`.
CITATION_GROUP = re.compile(r"\[(@[^\[\]]*)\]")
CITATION = re.compile(r"@([\w:.#$%&+?<>~/-]+)\s*(?:,\s*(.*))?", re.DOTALL)
MACRO = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)


def body(path: Path) -> str:
    return FRONT_MATTER.sub("", path.read_text(encoding="utf-8"), count=1)


def citations(text: str) -> Counter[tuple[str, str]]:
    found: Counter[tuple[str, str]] = Counter()
    for group in CITATION_GROUP.findall(text):
        for part in group.split(";"):
            match = CITATION.fullmatch(part.strip())
            assert match, f"not a citation: {part!r}"
            found[(match[1], " ".join((match[2] or "").split()))] += 1
    return found


def macros(text: str) -> Counter[str]:
    return Counter("".join(call.split()) for call in MACRO.findall(text))


def english(spanish: Path) -> Path:
    return spanish.with_name(spanish.name.removesuffix(".es.md") + ".md")


def test_the_four_review_pages_have_a_spanish_edition() -> None:
    assert {p.relative_to(DOCS).as_posix() for p in SPANISH} >= set(REVIEW)


@pytest.mark.parametrize("page", SPANISH, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_a_spanish_page_is_marked_as_a_translation_of_its_english_page(page: Path) -> None:
    front = FRONT_MATTER.match(page.read_text(encoding="utf-8"))
    assert front, f"{page}: no front matter"
    translation = yaml.safe_load(front[1])["translation"]
    assert (DOCS / translation["of"]) == english(page) and english(page).is_file()
    assert translation["by"] in {"person", "tool"}
    assert isinstance(translation["reviewed"], bool)
    assert isinstance(translation["date"], dt.date)
    # The reader sees it at the top, with the date, and a link to the English edition.
    top = body(page).split("\n## ", 1)[0]
    assert "!!! note \"Traducción\"" in top
    assert f"({english(page).name})" in top
    day = translation["date"]
    months = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
              "septiembre", "octubre", "noviembre", "diciembre"]
    assert f"{day.day} de {months[day.month - 1]} de {day.year}" in " ".join(top.split())


@pytest.mark.parametrize("page", SPANISH, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_a_spanish_page_cites_exactly_what_its_english_page_cites(page: Path) -> None:
    assert citations(body(page)) == citations(body(english(page)))


@pytest.mark.parametrize("page", SPANISH, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_a_spanish_page_calls_exactly_the_macros_of_its_english_page(page: Path) -> None:
    assert macros(body(page)) == macros(body(english(page)))


def test_the_comparison_sees_a_dropped_locator_and_a_changed_macro_argument() -> None:
    english_text = 'A [@k4dd, sec. 2; @iom, Annex 2]. {{ figure("a") }}'
    assert citations(english_text) == Counter({("k4dd", "sec. 2"): 1, ("iom", "Annex 2"): 1})
    assert citations('A [@k4dd; @iom, Annex 2].') != citations(english_text)
    assert macros('{{ figure("b") }}') != macros(english_text)
    assert macros('{{figure( "a")}}') == macros(english_text)


# ---------------------------------------------------------------------------------------------
# The issue forms and the contributing guide


FORMS = REPO / ".github" / "ISSUE_TEMPLATE"


def shape(form: dict[str, object]) -> list[tuple[object, ...]]:
    """What GitHub and the triage rely on: each field's type, id, requiredness and number of
    options, in order."""
    body = form["body"]
    assert isinstance(body, list)
    return [(f["type"], f.get("id"), f.get("validations", {}).get("required"),
             len(f["attributes"].get("options", []))) for f in body]


@pytest.mark.parametrize("form", sorted(p.name for p in FORMS.glob("*.yml")
                                        if p.name != "config.yml" and not p.stem.endswith("-es")))
def test_every_issue_form_has_a_spanish_edition_with_the_same_fields(form: str) -> None:
    english_form = yaml.safe_load((FORMS / form).read_text(encoding="utf-8"))
    spanish_form = yaml.safe_load((FORMS / form.replace(".yml", "-es.yml")).read_text(
        encoding="utf-8"))
    assert shape(spanish_form) == shape(english_form)
    assert spanish_form["labels"] == english_form["labels"]
    # Every label a reader sees is in Spanish, none left in English.
    labels = [(f["attributes"].get("label"), g["attributes"].get("label"))
              for f, g in zip(english_form["body"], spanish_form["body"], strict=True)
              if "label" in f["attributes"]]
    assert labels and all(en != es for en, es in labels)
    assert spanish_form["name"] != english_form["name"]


def test_the_spanish_contributing_guide_is_marked_and_keeps_every_command() -> None:
    spanish = (REPO / "CONTRIBUTING.es.md").read_text(encoding="utf-8")
    english_text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert spanish.startswith("<!-- translation: {of: CONTRIBUTING.md, by: tool,")
    assert "[CONTRIBUTING.md](CONTRIBUTING.md)" in spanish.split("\n## ", 1)[0]
    # Commands and field names are code: the same in both editions (comments translated).
    def code(text: str) -> Counter[str]:
        return Counter(c for c in re.findall(r"`([^`\n]+)`", text))

    assert code(spanish) == code(english_text)
    commands = [line.split("#")[0].strip() for block in re.findall(r"```\w*\n(.*?)```",
                                                                   english_text, re.DOTALL)
                for line in block.splitlines()]
    assert all(command in spanish for command in commands if command)
