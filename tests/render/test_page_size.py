"""A record page does not grow with the number of records (no navigation of every record)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import evidence_cli, mkdocs_build

from benchmarks.synthetic import generate

pytestmark = pytest.mark.slow  # full site builds

PAGES = ["activities/activity-00000", "organisations/organisation-00000",
         "mechanisms/mechanism-00000", "figures/figure-00000"]


def build(root: Path, n: int) -> tuple[Path, dict[str, int]]:
    counts = generate(root, n)
    assert sum(counts.values()) == n
    checked = evidence_cli(root, "validate")
    assert checked.returncode == 0, checked.stdout
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site", counts


def test_record_page_size_is_flat_from_10_to_1000_records(tmp_path: Path) -> None:
    small, _ = build(tmp_path / "small", 10)
    large, counts = build(tmp_path / "large", 1000)
    for page in PAGES:
        a = (small / page / "index.html").stat().st_size
        b = (large / page / "index.html").stat().st_size
        # An organisation page lists what refers to it, which may differ a little; the page
        # must not carry a navigation that grows with the number of records.
        assert b <= 1.10 * a, f"{page}: {a} bytes at 10 records, {b} at 1,000"
    for collection, n in counts.items():
        assert len(list((large / collection).glob("*/index.html"))) == n
