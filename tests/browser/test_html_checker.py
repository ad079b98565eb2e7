"""The Nu HTML Checker (vnu-jar from npm, run with Debian's Java) over the built site: no error
from the project's own markup.

The normal run checks a sample: the pages whose markup the project writes itself (gap map,
charts, filters, matrices, a record of each kind, country and theme pages, the review). `make
check-html` checks every page (EV_VNU_ALL=1). The errors that Material for MkDocs' own templates
make on every page are listed below, each with its reason, and matched by their message and by
a piece of Material's markup in the checker's extract, so the same error in the project's
markup still fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import REPO

pytestmark = pytest.mark.slow  # a Java program over a full site build

VNU = REPO / "tests" / "browser" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

MATERIAL = [
    ("Attribute “autocomplete” is only allowed when the input type is", 'class="md-toggle"',
     "Material's drawer and search toggles are check boxes with autocomplete=\"off\" (so "
     "Firefox does not restore them open); partials of the theme, not the project's"),
    ("Bad value “” for attribute “tabindex” on element “label”", 'class="md-nav__link"',
     "Material's navigation writes tabindex=\"\" on the labels of its sections "
     "(partials/nav-item.html) when a section is not focusable"),
    ("The value of the “for” attribute of the “label” element must be the ID of a non-hidden "
     "form control.", 'class="md-nav__', "Material's navigation labels point at its hidden "
     "toggles (__toc, __nav_*), which its CSS hides by design"),
]
"""(start of the message, a piece of Material's markup in the extract, why it is Material's)."""

SAMPLE = ["index.html", "gap-map/index.html", "charts/index.html", "activities/index.html",
          "figures/index.html", "who-what-where/index.html", "countries/co/index.html",
          "countries/ve/index.html", "themes/border-management/index.html",
          "activities/eurofront/index.html", "mechanisms/r4v/index.html",
          "strategies/iom-regional-strategy-cnac-2020-2024/index.html",
          "mieux-actions/mexico-ii/index.html", "figures/r4v-partner-organisations/index.html",
          "review/index.html", "review/iom-strategy/index.html", "bibliography/index.html",
          "coverage/index.html", "data/index.html", "whats-new/index.html"]


def is_material(message: dict) -> bool:
    text, extract = message.get("message", ""), message.get("extract", "")
    return any(text.startswith(start) and piece in extract for start, piece, _why in MATERIAL)


def check(files: list[Path]) -> list[dict]:
    java = shutil.which("java")
    assert java, "install Java: scripts/install-system-deps (default-jre-headless)"
    assert VNU.exists(), "install vnu-jar: make browser-deps"
    result = subprocess.run([java, "-Xss4m", "-jar", str(VNU), "--format", "json",
                             "--skip-non-html", *map(str, files)],
                            capture_output=True, text=True, timeout=1800, check=False)
    messages: list[dict] = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [m for m in messages if m.get("type") in ("error", "non-document-error")]


def test_the_sample_has_no_error_of_the_projects_markup(repo_site: Path) -> None:
    if os.environ.get("EV_VNU_ALL"):
        files = sorted(repo_site.rglob("*.html"))
    else:
        files = [repo_site / page for page in SAMPLE]
        assert all(f.exists() for f in files), [str(f) for f in files if not f.exists()]
    errors = check(files)
    ours = [f"{m.get('url', '').rsplit('site', 1)[-1]}:{m.get('lastLine')}: {m['message']} "
            f"[{m.get('extract', '')[:120]!r}]" for m in errors if not is_material(m)]
    assert ours == [], "\n".join(ours[:40])


def test_the_known_material_errors_are_still_material(repo_site: Path, tmp_path: Path) -> None:
    """The list above can fail: a page made of the project's markup with each of those errors
    is reported, and a page of Material's markup is not."""
    ours = tmp_path / "ours.html"
    ours.write_text('<!doctype html><html lang="en"><head><title>t</title></head><body>'
                    '<form><input type="checkbox" id="x" autocomplete="off">'
                    '<label for="y" tabindex="">x</label></form>'
                    '<span aria-label="a gap">–</span></body></html>', encoding="utf-8")
    errors = check([ours, repo_site / "index.html"])
    assert any("aria-label" in m["message"] for m in errors)  # the gap map's old error
    ours_errors = [m for m in errors if m.get("url", "").endswith("ours.html")]
    assert ours_errors and not any(is_material(m) for m in ours_errors)
    theirs = [m for m in errors if m.get("url", "").endswith("/index.html")]
    assert theirs and all(is_material(m) for m in theirs)
