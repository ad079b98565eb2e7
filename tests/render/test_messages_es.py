"""The Spanish catalogue: every message of the code has its Spanish words, with the same
placeholders and markup, Spanish plurals, and the words reach the pages."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import yaml
from babel.messages.catalog import Message
from babel.messages.pofile import read_po
from helpers import FIXTURES, REPO

from macros import load_evidence
from macros.render import text
from macros.render.site import generate_site

LOCALE = REPO / "macros" / "locale"
ES = LOCALE / "es" / "LC_MESSAGES" / "messages.po"
# A str.format placeholder ({n}, {record}) and an HTML tag (<code>, </em>), read with regular
# expressions so that the check does not depend on how the project formats its text.
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
TAG = re.compile(r"</?[a-z]+[^>]*>")


def read(path: Path) -> list[Message]:
    with path.open("rb") as source:
        return [m for m in read_po(source) if m.id]


def forms(message: Message) -> list[tuple[str, str]]:
    """Each (English, Spanish) pair: singular with form 0, plural with form 1."""
    if isinstance(message.id, tuple):
        return [(message.id[0], message.string[0]), (message.id[1], message.string[1])]
    return [(message.id, message.string)]


def test_every_message_of_the_code_has_a_spanish_translation() -> None:
    wanted = {(m.context, m.id) for m in read(LOCALE / "messages.pot")}
    spanish = read(ES)
    assert {(m.context, m.id) for m in spanish} == wanted
    untranslated = [m.id for m in spanish for _, es in forms(m) if not es.strip()]
    assert untranslated == []
    assert len(spanish) > 250


def test_the_spanish_header_states_the_language_and_its_plural_rule() -> None:
    header = ES.read_text(encoding="utf-8")
    assert '"Language: es\\n"' in header
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in header


def test_every_translation_keeps_the_placeholders_and_the_markup() -> None:
    wrong = [(en, es) for m in read(ES) for en, es in forms(m)
             if Counter(PLACEHOLDER.findall(en)) != Counter(PLACEHOLDER.findall(es))
             or Counter(TAG.findall(en)) != Counter(TAG.findall(es))]
    assert wrong == []


def test_a_placeholder_lost_in_translation_is_caught() -> None:
    # The check above can fail: a translation that drops {n} differs from its English.
    assert Counter(PLACEHOLDER.findall("{n} of {total}")) != Counter(
        PLACEHOLDER.findall("{n} de total"))


def test_spanish_plurals_one_is_singular_zero_and_more_are_plural() -> None:
    spanish = text.catalogue("es")
    assert [spanish.ngettext("record", "records", n) for n in (0, 1, 2, 1000000)] == [
        "registros", "registro", "registros", "registros"]
    assert spanish.ngettext("strategy", "strategies", 1) == "estrategia"
    assert spanish.pgettext("organisation kind", "UN entity") == (
        "entidad de las Naciones Unidas")


def test_the_spanish_words_reach_the_pages() -> None:
    organisations = [yaml.safe_load(p.read_text()) for p in
                     (FIXTURES / "mini" / "evidence" / "organisations").glob("*.yaml")]
    evidence = load_evidence(FIXTURES / "mini")
    with text.writing_in(text.catalogue("es")):
        pages = generate_site(evidence).pages
    index = pages["organisations/index.md"]
    assert "\n# Organizaciones\n" in index
    assert f'<span class="ev-count">{len(organisations)} registros</span>' in index
