"""The data dictionary of the Data downloads page: field names in English in both languages,
labels and descriptions in Spanish on the Spanish page."""

from __future__ import annotations

import json
import re
from pathlib import Path

from macros.model import COLLECTIONS
from macros.render.text import writing_language
from macros.render.views.dictionary import data_dictionary

SPANISH = json.loads((Path(__file__).parents[2] / "macros/data/scaffold-es.json").read_text())


def rows(html: str) -> dict[str, list[str]]:
    """Each table row's cells, keyed by 'collection title/field'."""
    found: dict[str, list[str]] = {}
    for section in re.split(r"\n### ", html)[1:]:
        title, _, body = section.partition("\n")
        for row in re.findall(r"<tr><td><code>(.*?)</code></td>(.*?)</tr>", body):
            found[f"{title}/{row[0]}"] = re.findall(r"<td[^>]*>(.*?)</td>", row[1])
    return found


def test_field_names_stay_english_and_labels_are_spanish() -> None:
    english = rows(data_dictionary())
    with writing_language("es"):
        html = data_dictionary()
    spanish = rows(html)
    assert "## Diccionario de datos" in html
    fields = {f"{name}" for model in COLLECTIONS.values() for name in model.model_fields}
    assert {key.split("/", 1)[1] for key in spanish} == fields
    assert {k.split("/", 1)[1] for k in english} == fields
    assert spanish["Organizaciones/sources"][0] == "Fuentes"
    assert english["Organisations/sources"][0] == "Sources"
    assert spanish["Actividades/countries"][0] == "Países"
    # the description in Spanish where the Spanish templates have it, else English lang="en"
    description = COLLECTIONS["activities"].model_fields["budget"].description
    if description:
        assert SPANISH["descriptions"][description] in html
    assert 'lang="en"' not in data_dictionary()
