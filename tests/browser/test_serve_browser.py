"""A contributor previewing with `mkdocs serve`, in a real browser: the record page open, a
save that breaks the record turns it into the list of problems by itself, and the save that
fixes it brings the record page back, without touching the browser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import ARGS, CHROMIUM, MkDocsServe, Watch, save

pytestmark = pytest.mark.slow  # a real browser and a real mkdocs serve

playwright = pytest.importorskip("playwright.sync_api")

RECORD = Path("evidence/organisations/agency-a.yaml")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    assert Path(CHROMIUM).exists(), "install Debian chromium: scripts/install-system-deps"
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def test_the_open_page_shows_the_problems_and_comes_back_after_the_fix(
        browser: object, mini: Path) -> None:
    path = mini / RECORD
    original = path.read_text("utf-8")
    with MkDocsServe(mini) as server:
        watch = Watch(browser, server.url)
        page = watch.page
        page.goto(server.url + "organisations/agency-a/", wait_until="load")
        heading = page.locator("h1").first
        assert heading.inner_text() == "Agency A"

        save(path, original.replace("kind: un-entity", "kind: <em>agency</em>"))
        # MkDocs' live-reload script in the page reloads it: the error page, at the same address.
        heading.filter(has_text="The site could not be built").wait_for(timeout=120_000)
        assert page.url == server.url + "organisations/agency-a/"
        where = page.locator("ol.problems code.where", has_text=RECORD.as_posix())
        assert where.inner_text() == f"{RECORD.as_posix()}:4:7"
        item = page.locator("ol.problems li").filter(
            has=page.locator("code.where", has_text=RECORD.as_posix()))
        assert "got '<em>agency</em>'" in item.inner_text()  # shown as text, not as markup
        assert page.locator("ol.problems em").count() == 0

        save(path, original)
        # The error page's own script reloads it once the address is the site's page again.
        page.locator("h1", has_text="Agency A").first.wait_for(timeout=120_000)
        assert watch.foreign == []
