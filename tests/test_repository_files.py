"""Files contributors rely on: schemas for editors, CI workflows, templates, hooks."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml
from helpers import BIN, REPO

from macros.model import COLLECTIONS


def check_jsonschema(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "check-jsonschema"), *args], cwd=REPO, capture_output=True,
                          text=True, check=False)


@pytest.mark.parametrize("collection", list(COLLECTIONS))
def test_records_validate_against_the_published_schema(collection: str) -> None:
    folder = REPO / "evidence" / collection
    files = sorted(str(p.relative_to(REPO)) for p in folder.glob("*.yaml"))
    assert files
    result = check_jsonschema("--schemafile", f"schemas/{collection}.schema.json", *files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_published_schema_rejects_a_bad_record(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: Not A Slug\ntitle: x\nkind: project\nfundres: [iom]\n")
    result = check_jsonschema("--schemafile", "schemas/activities.schema.json", str(bad))
    assert result.returncode == 1


def test_workflows_and_issue_forms_validate_against_github_schemas() -> None:
    workflows = sorted(str(p.relative_to(REPO))
                       for p in (REPO / ".github/workflows").glob("*.yml"))
    assert len(workflows) == 2
    result = check_jsonschema("--builtin-schema", "vendor.github-workflows", *workflows)
    assert result.returncode == 0, result.stdout + result.stderr
    forms = [str(p.relative_to(REPO)) for p in (REPO / ".github/ISSUE_TEMPLATE").glob("*.yml")
             if p.name != "config.yml"]
    assert len(forms) == 4  # two forms, each in English and in Spanish (*-es.yml)
    result = check_jsonschema("--builtin-schema", "vendor.github-issue-forms", *forms)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pull_request_check_validates_builds_tests_and_uploads_the_site() -> None:
    steps = yaml.safe_load((REPO / ".github/workflows/check.yml").read_text())["jobs"]["check"][
        "steps"]
    runs = " | ".join(str(s.get("run", "")) for s in steps)
    assert "evidence validate --strict --format github" in runs
    assert "mkdocs build --strict" in runs and "make test" in runs
    assert any(str(s.get("uses", "")).startswith("actions/upload-artifact") for s in steps)


def test_editor_settings_map_every_collection_to_its_schema() -> None:
    mapping = json.loads((REPO / ".vscode/settings.json").read_text())["yaml.schemas"]
    for collection in COLLECTIONS:
        schema = f"./schemas/{collection}.schema.json"
        assert mapping[schema] == f"evidence/{collection}/*.yaml"
        assert (REPO / schema).is_file()
    for path in (REPO / "evidence").glob("*/*.yaml"):
        first = path.read_text().splitlines()[0]
        assert first == (f"# yaml-language-server: $schema=../../schemas/"
                         f"{path.parent.name}.schema.json"), path


def test_pre_commit_hooks_are_project_commands() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())["repos"][0]["hooks"]
    entries = {h["id"]: h["entry"] for h in hooks}
    assert entries["evidence-validate"] == "evidence validate"
    assert entries["evidence-schemas"] == "evidence schemas --check"
    for entry in entries.values():
        command = entry.split()[0]
        assert (BIN / command).exists() or command == sys.executable
