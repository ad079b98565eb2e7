"""The site's outline: what `evidence pdf` and `evidence docx` ask of the generated pages.

The reports render hand-written pages only; their links to generated pages need those pages'
paths, not their Markdown (render/site.py, `outline_only`). The outline must list exactly the
pages a full build generates, in the same order, or a report's link check would differ from
the site's.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import REPO

from macros.evidence import load_evidence
from macros.render.site import generate_site, outline_only

pytestmark = pytest.mark.slow  # renders the repository's records


def test_outline_lists_every_generated_page_without_making_it() -> None:
    evidence = load_evidence(REPO)
    with outline_only():
        outline = generate_site(evidence)
    full = generate_site(evidence)  # outside the block: the whole site again
    assert list(outline.pages) == list(full.pages)
    assert set(outline.pages.values()) == {""} and outline.files == {}
    assert all(full.pages.values()) and full.files
    # Every record file has its page in the outline, found from the files themselves.
    for path in sorted(Path(REPO / "evidence").glob("*/*.yaml")):
        assert f"{path.parent.name}/{path.stem}.md" in outline.pages
    # The views the hand-written pages' macros draw on are there all the same.
    assert outline.views.context.evidence is evidence
