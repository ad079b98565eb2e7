"""JSON Schema files for editors, generated from the record model (never written by hand)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..model import COLLECTIONS, Vocabularies
from ..model.translation import translation_schema

SCHEMA_DIR = "schemas"


def schema_of(model: type[BaseModel], name: str) -> dict[str, Any]:
    schema = translation_schema(model.model_json_schema(), model)
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "$id": f"{name}.schema.json", **schema}
    return schema


def rendered_schemas() -> dict[str, str]:
    """File name → JSON text, for every collection and the vocabulary file."""
    models: dict[str, type[BaseModel]] = {**COLLECTIONS, "themes": Vocabularies}
    return {f"{name}.schema.json": json.dumps(schema_of(model, name), indent=2,
                                              ensure_ascii=False) + "\n"
            for name, model in models.items()}


def write_schemas(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in rendered_schemas().items():
        path = directory / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def stale_schemas(directory: Path) -> list[str]:
    """Names of schema files that are missing or differ from what the model generates."""
    stale = []
    for name, text in rendered_schemas().items():
        path = directory / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale
