"""The GitHub workflows are valid against GitHub's workflow schema (SchemaStore's, which
check-jsonschema ships: no network needed), and the pull request's run says in its summary
where the site and the PDF built from the change are."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml
from helpers import BIN, REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def check(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema",
                           "vendor.github-workflows", *map(str, paths)],
                          capture_output=True, text=True, check=False, timeout=120)


def test_every_workflow_is_valid_against_githubs_schema() -> None:
    assert len(WORKFLOWS) >= 2
    result = check(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_refuses_a_broken_workflow(tmp_path: Path) -> None:
    broken = yaml.safe_load(WORKFLOWS[0].read_text("utf-8"))
    job = next(iter(broken["jobs"].values()))
    job["runs-on"], job["stepz"] = "ubuntu-latest", job.pop("steps")  # a misspelt key
    path = tmp_path / "broken.yml"
    path.write_text(yaml.safe_dump(broken))
    assert check(path).returncode == 1


@pytest.fixture(scope="module")
def check_job() -> dict:  # type: ignore[type-arg]
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "check.yml").read_text("utf-8"))
    return workflow["jobs"]["check"]  # type: ignore[no-any-return]


def test_the_summary_links_the_site_and_the_pdf_artifacts(check_job: dict) -> None:  # type: ignore[type-arg]
    steps = check_job["steps"]
    uploads = {s["with"]["name"]: s["id"] for s in steps
               if str(s.get("uses", "")).startswith("actions/upload-artifact@")}
    assert set(uploads) == {"site", "review-pdf"}
    summary = next(s for s in steps if "GITHUB_STEP_SUMMARY" in s.get("run", ""))
    assert steps.index(summary) > max(steps.index(s) for s in steps if s.get("id") in
                                      uploads.values())
    env = summary["env"]
    for name, step in uploads.items():
        variable = next(k for k, v in env.items()
                        if v == f"${{{{ steps.{step}.outputs.artifact-url }}}}")
        assert f"[{name}](${variable})" in summary["run"]
    assert "${{" not in summary["run"]  # values reach the script through env, not pasted in


def test_the_readme_commands_run_on_fresh_runners_in_both_orders() -> None:
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "check.yml").read_text("utf-8"))
    job = workflow["jobs"]["readme"]
    assert sorted(job["strategy"]["matrix"]["order"]) == ["site test", "test site"]
    readme = (REPO / "README.md").read_text("utf-8")
    for target in ("site", "test"):
        assert f"make {target}" in readme
