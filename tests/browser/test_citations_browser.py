"""What a reader does with a citation, in a real browser: hover it, see the full reference."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import CHROMIUM, REPO, copy_mini, mkdocs_build, serve

pytestmark = pytest.mark.slow  # a real browser

pytestmark = pytest.mark.pandoc

playwright = pytest.importorskip("playwright.sync_api")

ASSETS = ["stylesheets/evidence.css", "stylesheets/citations.css", "javascripts/citations.js"]


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed")
    project = tmp_path_factory.mktemp("browser") / "mini"
    copy_mini(project)
    for asset in ASSETS:  # the site's own stylesheet and script, as mkdocs.yml lists them
        (project / "docs" / "assets" / asset).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "docs" / "assets" / asset, project / "docs" / "assets" / asset)
    with (project / "mkdocs.yml").open("a") as config:
        config.write("extra_css:\n  - assets/stylesheets/evidence.css\n"
                     "  - assets/stylesheets/citations.css\n"
                     "extra_javascript:\n  - assets/javascripts/citations.js\n")
    assert mkdocs_build(project, "--site-dir", str(project / "site")).returncode == 0
    httpd, url = serve(project / "site")
    yield url
    httpd.shutdown()


def test_hovering_a_citation_shows_its_full_reference(url: str) -> None:
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        page = browser.new_page()
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url)
                   else route.abort())
        page.goto(url + "citations/")
        page.hover("a.ev-cite >> nth=2")  # '(see B Web Page, no date; ...)'
        tip = page.locator("#ev-tooltip")
        tip.wait_for(state="visible")
        assert tip.inner_text() == "B Web Page (no date). Available at: https://example.org/b."
        assert tip.locator("em").inner_text() == "B Web Page"  # italics kept
        page.mouse.move(0, 0)
        tip.wait_for(state="hidden")
        page.click("a.ev-cite >> nth=0")
        assert page.evaluate("location.hash") == "#ref-doc-a"
        browser.close()
