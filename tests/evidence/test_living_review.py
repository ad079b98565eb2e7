"""Staleness and the history of records: how current the review is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers import evidence_cli, two_commits

from macros.source.git import record_history


def test_history_lists_added_then_changed_records_newest_first(mini: Path) -> None:
    two_commits(mini)
    history = record_history(mini)
    assert history is not None
    assert len(history) == 12  # 11 records added, then one changed
    newest = history[0]
    assert (newest.date, newest.collection, newest.id, newest.kind, newest.summary) == (
        dt.date(2026, 3, 5), "figures", "figure-f", "changed", "Update figure F")
    assert {c.kind for c in history[1:]} == {"added"}
    assert record_history(mini, limit=3) == history[:3]


def test_history_outside_git_is_none(mini: Path) -> None:
    assert record_history(mini) is None


def test_validate_stale_lists_old_records_oldest_first(mini: Path) -> None:
    org = mini / "evidence" / "organisations" / "donor-b.yaml"
    org.write_text(org.read_text().replace("2026-01-15", "2020-05-01"))
    recent = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    for path in (mini / "evidence").glob("*/*.yaml"):
        if path != org:
            path.write_text(path.read_text().replace("2026-01-15", recent))
    result = evidence_cli(mini, "validate", "--stale", "--days", "30")
    assert result.returncode == 0
    age = (dt.date.today() - dt.date(2020, 5, 1)).days
    assert result.stdout.splitlines()[:2] == [
        "1 record not reviewed in the last 30 days, oldest first:",
        f"  evidence/organisations/donor-b.yaml: last reviewed 2020-05-01 ({age} days ago)"]
