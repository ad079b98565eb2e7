"""The site's search (Pagefind behind Material's search box), in a real browser.

The review's own search tests are in test_browser.py; these build the small fixture with the
`evidence-search` plugin and hostile record text.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import yaml
from helpers import ARGS, CHROMIUM, REPO, Watch, copy_mini, mkdocs_build, serve

pytestmark = pytest.mark.slow  # full site builds

pytestmark = pytest.mark.pagefind

playwright = pytest.importorskip("playwright.sync_api")

PAYLOAD = "<script>alert(1)</script> <img src=x onerror=alert(2)> {{ 7*7 }}"


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = tmp_path_factory.mktemp("search") / "mini"
    copy_mini(project)
    config = project / "mkdocs.yml"
    text = config.read_text().replace("  - search\n", "  - search\n  - evidence-search\n")
    config.write_text(text.replace("  font: false\n",
                                   f"  font: false\n  custom_dir: {REPO / 'overrides'}\n"))
    path = project / "evidence" / "activities" / "project-x.yaml"
    data = yaml.safe_load(path.read_text())
    data.update(title=f"Zanzibar {PAYLOAD}", description=f"Quokka {PAYLOAD}")
    path.write_text(yaml.safe_dump(data))
    result = mkdocs_build(project, "--site-dir", str(project / "site"))
    assert result.returncode == 0, result.stderr
    httpd, url = serve(project / "site")
    yield url
    httpd.shutdown()


def results(watch: Watch, base: str, query: str) -> object:
    page = watch.page
    page.goto(base, wait_until="networkidle")
    field = page.locator("input.md-search__input")
    field.click()
    page.wait_for_function(
        "document.querySelector('.md-search-result__meta').textContent.includes('Type to')",
        timeout=15_000)
    field.press_sequentially(query, delay=20)
    items = page.locator(".md-search-result__item")
    items.first.wait_for(timeout=10_000)
    return items


def test_pagefind_answers_and_material_index_is_empty(chromium: object, site: str) -> None:
    watch = Watch(chromium, site)
    items = results(watch, site, "Quokka")
    assert "activities/project-x/" in (items.first.locator("a").first.get_attribute("href") or "")
    # The results came from Pagefind's files, not from a Lunr index of the pages.
    lunr = watch.page.evaluate("fetch('search/search_index.json').then(r => r.json())")
    assert lunr["docs"] == []
    assert watch.errors == [] and watch.failed == [] and watch.foreign == []


def test_hostile_text_in_results_is_shown_as_text(chromium: object, site: str) -> None:
    watch = Watch(chromium, site)
    items = results(watch, site, "Zanzibar")
    result = items.first
    assert "<script>alert(1)</script>" in result.inner_text()
    assert result.locator("script, img, svg").count() == 0
    result.locator("a").first.click()
    watch.page.wait_for_url("**/activities/project-x/**")
    assert watch.dialogs == [] and watch.errors == []
