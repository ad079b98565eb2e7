"""`evidence new`: the contributor's path from an empty template to a published page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from helpers import article_links, evidence_cli, mkdocs_build, record_page, resolve

from macros.model import COLLECTIONS


@pytest.mark.slow
def test_contributor_path_from_template_to_page(mini: Path) -> None:
    made = evidence_cli(mini, "new", "activity", "x")
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("wrote evidence/activities/x.yaml")
    path = mini / "evidence" / "activities" / "x.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schemas/activities.schema.json")
    assert "# One of: programme, project, initiative" in text

    # Unfilled, it does not validate, and says which fields to fill in.
    blank = evidence_cli(mini, "validate")
    assert blank.returncode == 1
    for field in ("title", "kind", "sources[0].key", "sources[0].locator"):
        where = rf"evidence/activities/x\.yaml:\d+:\d+: {re.escape(field)}: "
        assert re.search(where, blank.stdout)

    # Filled in as a contributor would: values typed in, an optional block uncommented.
    text = (text.replace("\ntitle:\n", "\ntitle: Programme X\n")
                .replace("\nkind:\n", "\nkind: programme\n")
                .replace("# participants:\n#   - organisation: iom",
                         "participants:\n  - organisation: agency-a")
                .replace("#     role: funding", "    role: implementing")
                .replace("  - key:\n    locator:\n", "  - key: doc-a\n    locator: sec. 9\n"))
    path.write_text(text)
    assert evidence_cli(mini, "validate").returncode == 0

    site = mini / "site"
    assert mkdocs_build(mini, "--site-dir", str(site)).returncode == 0
    page = record_page(site, "activities", "x")
    assert "Programme X" in page.read_text()
    org = record_page(site, "organisations", "agency-a")
    assert page in {resolve(site, org, h) for h in article_links(org)}


@pytest.mark.parametrize("collection", list(COLLECTIONS))
def test_every_template_is_valid_yaml_with_only_blanks_to_fill(mini: Path,
                                                               collection: str) -> None:
    assert evidence_cli(mini, "new", collection, "new-one").returncode == 0
    path = mini / "evidence" / collection / "new-one.yaml"
    data = yaml.safe_load(path.read_text())
    # last_reviewed: required of every record but a draft, which a template never is.
    required = {n for n, f in COLLECTIONS[collection].model_fields.items()
                if f.is_required()} | {"last_reviewed"}
    assert set(data) == required
    blanks = {k for k, v in data.items() if v is None}
    assert blanks == required - {"id", "sources", "last_reviewed"}
    # Uncommenting every commented-out field gives valid YAML too.
    field = re.compile(r"^# (\s*(- )?[a-z_]+:.*)$")
    uncommented = "\n".join(m.group(1) if (m := field.match(line)) else line
                            for line in path.read_text().splitlines())
    assert isinstance(yaml.safe_load(uncommented), dict)


@pytest.mark.parametrize(("args", "message", "status"), [
    (["activity", "project-x"], "evidence/activities/project-x.yaml already exists", 1),
    (["activity", "Bad Id"], "'Bad Id' is not a valid id: use lowercase letters, digits and "
                             "single hyphens; for example 'bad-id'", 2),
    (["activites", "y"], "unknown collection 'activites'; expected one of: organisations", 2),
    (["activity", "a" * 300], "'aaaaaaaaaaaaaaaaaaaa'… is not a valid id: it is 300 characters "
                              "long, and at most 80 fit\n  hint: use the acronym", 2),
    (["activity", "a" * 81], "it is 81 characters long, and at most 80 fit", 2),
    (["activity", "bad\n::warning::x"], "'bad\\n::warning::x' is not a valid id", 2),
])
def test_new_refuses_bad_requests(mini: Path, args: list[str], message: str,
                                  status: int) -> None:
    """A request that cannot be met exits 2 (the command line is wrong) or 1 (the record is
    there already), with a message and no traceback, and writes nothing."""
    before = sorted(p.relative_to(mini) for p in (mini / "evidence").rglob("*"))
    result = evidence_cli(mini, "new", *args)
    assert result.returncode == status
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.relative_to(mini) for p in (mini / "evidence").rglob("*")) == before


def test_the_longest_id_the_model_accepts_can_be_started(mini: Path) -> None:
    ident = "-".join(["abcdefghi"] * 8)  # 79 characters
    assert evidence_cli(mini, "new", "activity", ident + "x").returncode == 0
    assert (mini / "evidence" / "activities" / f"{ident}x.yaml").is_file()
