"""The JSON Schemas editors use are generated from the model and kept up to date."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import REPO

from macros.cli import main
from macros.cli.schemas import rendered_schemas, stale_schemas, write_schemas
from macros.model import COLLECTIONS


def test_committed_schemas_match_the_model() -> None:
    assert stale_schemas(REPO / "schemas") == [], "run `evidence schemas` and commit the result"


def test_a_changed_model_makes_the_check_fail(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    write_schemas(tmp_path / "schemas")
    assert main(["schemas", "--check", str(tmp_path)]) == 0
    stale = tmp_path / "schemas" / "activities.schema.json"
    stale.write_text(stale.read_text().replace("IATI", "XATI"))
    assert main(["schemas", "--check", str(tmp_path)]) == 1
    assert "activities.schema.json" in capsys.readouterr().out


def test_every_collection_has_a_schema_with_field_help() -> None:
    schemas = {name: json.loads(text) for name, text in rendered_schemas().items()}
    for collection in COLLECTIONS:
        schema = schemas[f"{collection}.schema.json"]
        assert schema["additionalProperties"] is False
        assert "description" in schema["properties"]["sources"]
        assert {"id", "sources"} <= set(schema["required"])
        # Reviewed, or a draft of `evidence import`: one of the two.
        assert schema["oneOf"] == [{"required": ["last_reviewed"]}, {"required": ["draft"]}]
    activity = schemas["activities.schema.json"]
    roles = activity["$defs"]["Participant"]["properties"]["role"]["enum"]
    assert roles == ["funding", "accountable", "extending", "implementing", "partner"]
