"""Fixtures shared by every test (the helpers they use are in helpers.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import REPO, copy_mini, mkdocs_build


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the small fixture project."""
    return copy_mini(tmp_path / "mini")


@pytest.fixture(scope="session")
def repo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's site, built once for all the tests that only read it."""
    out = tmp_path_factory.mktemp("repo-site")
    result = mkdocs_build(REPO, "--site-dir", str(out))
    assert result.returncode == 0, result.stderr
    return out
