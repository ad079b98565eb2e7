"""The data dictionary of the Data downloads page: every field of every collection by its
English name (the column of the CSV files and the key of the JSON ones, the same in every
language), with its label and description in the language being written."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

from ...model import COLLECTIONS
from ..html import escape, table
from ..text import (
    FIELD_LABELS,
    FIELD_LABELS_BY_COLLECTION,
    LONG_TEXT_HEADINGS,
    N_,
    TEXT_LIST_HEADINGS,
    _,
    collection_title,
    field_label,
    language,
)

OTHER_LABELS = {
    "id": N_("Identifier"), "name": N_("Name"), "title": N_("Title"),
    "sources": N_("Sources"), "last_reviewed": N_("Last reviewed"), "notes": N_("Notes"),
    "structure": N_("Structure"), "institutional_development": N_("Institutional development"),
    "translations": N_("Translations"),
}
"""Labels of the fields a record page shows under a heading of its own, or not as a fact."""


def label(collection: str, name: str) -> str:
    """A field's label in the language being written."""
    if (collection, name) in FIELD_LABELS_BY_COLLECTION or name in FIELD_LABELS:
        return field_label(collection, name)
    found = LONG_TEXT_HEADINGS.get(name) or TEXT_LIST_HEADINGS.get(name) or OTHER_LABELS.get(name)
    return _(found) if found else field_label(collection, name)


@cache
def _spanish_descriptions() -> dict[str, str]:
    """The Spanish text of the model's field descriptions (macros/data/scaffold-es.json, which
    the Spanish record templates share)."""
    data = json.loads(files("macros").joinpath("data", "scaffold-es.json").read_text("utf-8"))
    return dict(data["descriptions"])


def description(english: str) -> tuple[str, str]:
    """A field's description in the language being written, and ' lang="en"' where it is
    still English."""
    if not english or language() == "en":
        return english, ""
    found = _spanish_descriptions().get(english) if language() == "es" else None
    return (found, "") if found else (english, ' lang="en"')


def data_dictionary() -> str:
    """One table per collection: field, label, description."""
    heading = _("Data dictionary")
    parts = [f"\n## {heading}\n",
             "\n<p>" + _("Field names are the same in every language: they are the columns of "
                         "the CSV files and the keys of the JSON files.") + "</p>\n"]
    head = "".join(f'<th scope="col">{escape(h)}</th>'
                   for h in (_("Field"), _("Label"), _("Description")))
    for collection, model in COLLECTIONS.items():
        rows = []
        for name, info in model.model_fields.items():
            text, lang = description(info.description or "")
            rows.append(f"<tr><td><code>{escape(name)}</code></td>"
                        f"<td>{escape(label(collection, name))}</td>"
                        f"<td{lang}>{escape(text)}</td></tr>")
        parts.append(f"\n### {escape(collection_title(collection))}\n")
        parts.append("\n" + table("ev-data-dictionary", f"<thead><tr>{head}</tr></thead>"
                                  f"<tbody>{''.join(rows)}</tbody>") + "\n")
    return "".join(parts)
