"""`mkdocs serve` on a fixture project: an edit that breaks validation shows the problems in
the browser (every address answers the error page) and the next good save brings the site
back; `mkdocs build` of the same tree still fails and writes nothing; the search index
answers throughout a rebuild. The error page itself is checked without a server below."""

from __future__ import annotations

import html
import logging
import re
import time
from pathlib import Path

import pytest
from helpers import MkDocsServe, evidence_cli, mkdocs_build, save
from mkdocs.exceptions import Abort, PluginError

from macros.adapter.serve import MARKER, error_page
from macros.errors import EvidenceError, Problem

RECORD = Path("evidence/organisations/agency-a.yaml")
PAGE = "organisations/agency-a/"
BAD = '"<script>alert(1)</script>"'
SERVE_FAILED = "The site could not be built"


def break_record(project: Path) -> tuple[str, int, int]:
    """Give agency-a a kind that is no kind (and markup); the original text, and the line
    and column of the value, counted here from the file."""
    path = project / RECORD
    original = path.read_text("utf-8")
    broken = original.replace("kind: un-entity", f"kind: {BAD}")
    assert broken != original
    lines = broken.splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("kind:"))
    save(path, broken)
    return original, line, lines[line - 1].index(BAD) + 1


def validate_problems(project: Path) -> list[str]:
    """What `evidence validate` says of the tree: each problem's first line and its hint."""
    result = evidence_cli(project, "validate")
    assert result.returncode == 1
    return [line for line in result.stdout.splitlines()
            if line.startswith(("evidence/", "  hint: "))]


@pytest.mark.slow  # a real mkdocs serve
def test_a_broken_record_shows_its_problems_until_the_next_good_save(mini: Path) -> None:
    with MkDocsServe(mini) as server:
        status, text = server.get(PAGE)
        assert status == 200 and "Agency A" in text and MARKER not in text

        mark = server.mark()
        original, line, column = break_record(mini)
        server.wait_for(SERVE_FAILED, after=mark)
        status, page = server.get(PAGE)
        assert status == 404  # the server's answer for a page it no longer has: the error page
        assert f'<meta name="{MARKER}"' in page and f"<h1>{SERVE_FAILED}</h1>" in page
        assert (f'<code class="where">{RECORD.as_posix()}:{line}:{column}</code>: '
                '<span class="field">kind:</span>') in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
        # Every problem evidence validate finds in the same tree is listed, with its hint.
        expected = validate_problems(mini)
        assert expected
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", page)).split())
        for problem in expected:
            assert " ".join(problem.split()) in text, problem
        assert server.get("")[1] == page  # any address: the same page
        assert server.get("no/such/page/")[1] == page

        mark = server.mark()
        save(mini / RECORD, original)
        server.wait_for("Documentation built in", after=mark)
        status, text = server.get(PAGE)
        assert status == 200 and "Agency A" in text and MARKER not in text


@pytest.mark.slow  # a full build
def test_mkdocs_build_of_the_broken_record_still_fails_and_writes_nothing(mini: Path) -> None:
    break_record(mini)
    result = mkdocs_build(mini)
    assert result.returncode == 1
    assert "expected one of" in result.stderr
    assert not (mini / "site").exists()


@pytest.mark.slow  # a real mkdocs serve and Pagefind
@pytest.mark.pagefind
def test_search_index_answers_throughout_a_rebuild(mini: Path) -> None:
    config = mini / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - search\n",
                                                 "  - search\n  - evidence-search\n", 1))
    with MkDocsServe(mini) as server:
        deadline = time.monotonic() + 120
        while server.get("pagefind/pagefind.js")[0] != 200:  # the first index, in background
            assert time.monotonic() < deadline, "no search index after 2 minutes"
            time.sleep(0.2)
        before = server.get("pagefind/pagefind-entry.json")[1]
        path = mini / RECORD
        save(path, path.read_text("utf-8").replace("name: Agency A", "name: Agency Alpha"))
        statuses: list[int] = []
        deadline = time.monotonic() + 120
        # Until the new index is in place (its entry file names other index files).
        while True:
            statuses.append(server.get("pagefind/pagefind.js")[0])
            entry = server.get("pagefind/pagefind-entry.json")
            statuses.append(entry[0])
            if entry[0] == 200 and entry[1] != before:
                break
            assert time.monotonic() < deadline, "the index was not rebuilt in 2 minutes"
            time.sleep(0.05)
        # (The new index is put in place after the rebuild's pages: the rebuild is over.)
        assert len(statuses) > 10  # asked while it rebuilt and re-indexed, not once after
        assert set(statuses) == {200}, statuses


# -- the page, without a server ---------------------------------------------------------------


def _abort_from(problems: list[Problem]) -> Abort:
    """What MkDocs raises when the plugin fails on these problems (build.py's except block)."""
    try:
        try:
            try:
                raise EvidenceError(problems)
            except EvidenceError as exc:
                raise PluginError(exc.report()) from None
        except PluginError:
            raise Abort("Aborted with a BuildError!") from None
    except Abort as abort:
        return abort


def test_each_problem_is_listed_escaped_with_its_place_and_hint() -> None:
    problems = [Problem("evidence/activities/<x>.yaml", 3, 9, "title", "expected text, got "
                        "'<img src=x onerror=alert(1)>'", "write \"it\" & <b>that</b>"),
                Problem("docs/index.md", 0, 0, "", "cannot be read")]
    page = error_page(_abort_from(problems), [])
    assert "<img" not in page and "<b>that" not in page and "<x>" not in page
    items = re.findall(r"<li>(.*?)</li>", page, re.DOTALL)
    assert items == [
        '<code class="where">docs/index.md</code>: <span class="message">cannot be read</span>',
        '<code class="where">evidence/activities/&lt;x&gt;.yaml:3:9</code>: <span class="field">'
        'title:</span> <span class="message">expected text, got &#x27;&lt;img src=x onerror='
        'alert(1)&gt;&#x27;</span>\n<p class="hint"><span>hint:</span> write &quot;it&quot; '
        '&amp; &lt;b&gt;that&lt;/b&gt;</p>']
    assert "<p>2 problems stop the build:</p>" in page


def test_a_strict_mode_abort_lists_the_warnings_mkdocs_logged() -> None:
    warning = logging.LogRecord("mkdocs.structure.pages", logging.WARNING, "", 0,
                                "Doc file 'index.md' contains a link 'nowhere.md', but the "
                                "target is not found among documentation files.", None, None)
    page = error_page(Abort("Aborted with 1 warnings in strict mode!"), [warning])
    items = re.findall(r"<li><pre class=\"message\">(.*?)</pre></li>", page)
    assert items == ["Doc file &#x27;index.md&#x27; contains a link &#x27;nowhere.md&#x27;, but "
                     "the target is not found among documentation files.",
                     "Aborted with 1 warnings in strict mode!"]
    assert "<p>The build stopped on these 2 messages:</p>" in page
