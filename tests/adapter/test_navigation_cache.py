"""The navigation sidebar, rendered once per folder depth for pages outside the navigation
(overrides/main.html and NavigationCache), gives every page the HTML Material gives it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers import REPO, copy_mini, mkdocs_build

pytestmark = pytest.mark.slow  # full site builds

BLOCK = re.compile(r"\{#- Material's site_nav block.*?\{% endblock %\}\n", re.S)


def build(tmp: Path, name: str, overrides: str) -> Path:
    project = tmp / name
    copy_mini(project)
    (project / "overrides").mkdir()
    shutil.copytree(REPO / "overrides", project / "overrides", dirs_exist_ok=True)
    (project / "overrides" / "main.html").write_text(overrides)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "  font: false\n", "  font: false\n  custom_dir: overrides\n"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def normalised(html: str) -> str:
    """Whitespace between tags differs with the template's layout, not what a reader gets."""
    return re.sub(r">\s+<", "><", html).strip()


def test_cached_navigation_equals_materials_on_every_page(tmp_path: Path) -> None:
    ours = (REPO / "overrides" / "main.html").read_text()
    materials = BLOCK.sub("", ours)
    assert "site_nav" in ours and "site_nav" not in materials
    cached, plain = build(tmp_path, "cached", ours), build(tmp_path, "plain", materials)

    pages = sorted(p.relative_to(plain) for p in plain.rglob("*.html"))
    record_pages = [p for p in pages if p.parts[0] == "organisations" and len(p.parts) == 3]
    assert len(pages) > 20 and len(record_pages) >= 3
    for page in pages:
        assert normalised((cached / page).read_text()) == normalised(
            (plain / page).read_text()), page
    # The sidebar is there, with every section, on a record page.
    sidebar = (cached / record_pages[0]).read_text()
    assert 'data-md-type="navigation"' in sidebar
    for title in ("Organisations", "Activities", "Bibliography"):
        assert f"{title}\n" in sidebar or f">{title}<" in normalised(sidebar)
