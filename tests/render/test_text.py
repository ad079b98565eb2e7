"""The message catalogue: every word the site writes comes from it, it is current with the
code, and a language's translations reach the pages without touching the code."""

from __future__ import annotations

import shutil
import subprocess
import sys
import typing
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from helpers import FIXTURES, REPO

from macros import load_evidence
from macros.model import Activity, Mechanism, MemberCount, Organisation, Participant, StructureItem
from macros.render import text
from macros.render.site import generate_site

VOCABULARY_FIELDS = {
    "organisation-kind": (Organisation, "kind"), "activity-kind": (Activity, "kind"),
    "mechanism-kind": (Mechanism, "kind"), "structure-kind": (StructureItem, "kind"),
    "role": (Participant, "role"), "status": (Activity, "status"), "level": (Mechanism, "level"),
}


def choices(model: type, field: str) -> set[str]:
    """The values a field allows, read off its annotation (Literal, maybe Optional)."""
    annotation = model.model_fields[field].annotation
    args = typing.get_args(annotation) if typing.get_origin(annotation) is not typing.Literal \
        else (annotation,)
    found = set()
    for arg in args:
        if typing.get_origin(arg) is typing.Literal:
            found |= set(typing.get_args(arg))
    return found


@pytest.mark.parametrize("vocabulary", sorted(VOCABULARY_FIELDS))
def test_every_value_of_every_vocabulary_has_its_words(vocabulary: str) -> None:
    model, field = VOCABULARY_FIELDS[vocabulary]
    values = choices(model, field)
    assert values and set(text.VOCABULARIES[vocabulary]) == values
    # In English, the value with spaces for hyphens, acronyms in capitals, as a reader writes.
    readers = {"un-entity": "UN entity", "eu-body": "EU body", "ngo": "NGO",
               "bi-regional": "bi-regional"}
    assert {v: text.word(vocabulary, v) for v in values} == {
        v: readers.get(v, v.replace("-", " ")) for v in values}


def test_every_qualifier_but_exact_has_its_words() -> None:
    assert set(text.QUALIFIERS) == choices(MemberCount, "qualifier") - {"exact"}
    assert text.qualifier("exact") == ""


def test_the_english_catalogue_translates_nothing() -> None:
    po = REPO / "macros" / "locale" / "en" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as source:
        catalog = read_po(source)
    messages = [m for m in catalog if m.id]
    assert len(messages) > 200
    assert [m.id for m in messages if any(m.string if isinstance(m.string, tuple)
                                          else [m.string])] == []


def test_the_catalogue_is_current_with_the_code() -> None:
    done = subprocess.run([sys.executable, "scripts/messages.py", "--check"], cwd=REPO,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout


def test_a_message_new_in_the_code_makes_the_catalogue_out_of_date(tmp_path: Path) -> None:
    for part in ("macros", "scripts"):
        shutil.copytree(REPO / part, tmp_path / part, ignore=shutil.ignore_patterns(
            "__pycache__"))
    shutil.copy(REPO / "babel.cfg", tmp_path / "babel.cfg")
    view = tmp_path / "macros" / "render" / "views" / "coverage.py"
    view.write_text(view.read_text().replace('_("Which")', '_("Which records")'))
    done = subprocess.run([sys.executable, "scripts/messages.py", "--check"], cwd=tmp_path,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "out of date" in done.stdout and "make messages" in done.stdout


# ---------------------------------------------------------------------------------------------
# A language adds only its translations


PO = r'''msgid ""
msgstr ""
"Language: xx\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"
"Content-Type: text/plain; charset=utf-8\n"

msgid "Organisations"
msgstr "Organizaciones"

msgid "record"
msgid_plural "records"
msgstr[0] "registro"
msgstr[1] "registros"

msgctxt "organisation kind"
msgid "UN entity"
msgstr "agencia de la ONU"

msgid "Last reviewed {date}{age} · from {sources} · record file {file}"
msgstr "Revisado el {date}{age} · {sources} · archivo {file}"
'''


def test_a_catalogues_translations_reach_the_pages(tmp_path: Path) -> None:
    po = tmp_path / "xx" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(PO, encoding="utf-8")
    organisations = {p.stem: yaml.safe_load(p.read_text()) for p in
                     (FIXTURES / "mini" / "evidence" / "organisations").glob("*.yaml")}
    agency = next(i for i, o in organisations.items() if o["kind"] == "un-entity")
    evidence = load_evidence(FIXTURES / "mini")
    with text.writing_in(text.catalogue("xx", tmp_path)):
        pages = generate_site(evidence).pages
    index = pages["organisations/index.md"]
    assert "\n# Organizaciones\n" in index
    assert f'<span class="ev-count">{len(organisations)} registros</span>' in index
    assert '<span class="ev-badge">agencia de la ONU</span>' in pages[
        f"organisations/{agency}.md"]
    assert "Revisado el <time" in pages[f"organisations/{agency}.md"]
    # Untranslated messages stay as the code writes them; English is untouched outside.
    assert "## Sources" in pages[f"organisations/{agency}.md"]
    assert "\n# Organisations\n" in generate_site(evidence).pages["organisations/index.md"]
