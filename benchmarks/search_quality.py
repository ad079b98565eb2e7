"""Search quality on the real review: Pagefind (the site's search) against Material's built-in.

    .venv/bin/python -m benchmarks.search_quality [--per-kind 30]

Builds this repository's site twice into a temporary folder, as it is (Pagefind) and with
Material's built-in search (the `evidence-search` plugin left out), and asks both the same
questions in headless Chromium, each with one right answer taken from the records themselves:

- *acronym*: a record's acronym → its page;
- *title*: a record's title or name → its page;
- *word*: the rarest word (of 6 letters or more) of a record's long text, counted over every
  record's text → that record's page (the word may be in other records too: a fair question
  only where it is rare).

A question is answered when the right page is among the first five results. Prints the share
answered by each search, per kind, and the questions one answers and the other does not.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.run import BIN, ENV
from benchmarks.search import ARGS, CHROMIUM, PROBE, served, settle
from macros.evidence import load_evidence
from macros.render.views.facts import LONG_TEXT

REPO = Path(__file__).resolve().parent.parent
TOP = 5
_WORD = re.compile(r"[A-Za-zÀ-ÿ]{6,}")


def questions(per_kind: int) -> list[tuple[str, str, str]]:
    """(kind, query, expected page) for up to `per_kind` records of each kind, spread evenly."""
    evidence = load_evidence(REPO)
    records = evidence.all_records()
    texts = {(r.collection, r.id): " ".join(str(getattr(r, f, "") or "") for f in LONG_TEXT)
             for r in records}
    df = Counter(w.lower() for t in texts.values() for w in set(_WORD.findall(t)))
    kinds: dict[str, list[tuple[str, str]]] = {"acronym": [], "title": [], "word": []}
    for r in records:
        page = f"{r.collection}/{r.id}/"
        acronym = getattr(r, "acronym", None)
        if acronym:
            kinds["acronym"].append((acronym, page))
        kinds["title"].append((r.label, page))
        words = sorted(set(_WORD.findall(texts[(r.collection, r.id)])),
                       key=lambda w: (df[w.lower()], w))
        if words and df[words[0].lower()] <= 3:
            kinds["word"].append((words[0], page))
    out = []
    for kind, items in kinds.items():
        step = max(1, len(items) // per_kind)
        out += [(kind, q, p) for q, p in items[::step][:per_kind]]
    return out


def build(site: Path, builtin: bool) -> None:
    project = site.parent / ("builtin" if builtin else "pagefind")
    shutil.copytree(REPO, project, ignore=shutil.ignore_patterns(
        ".venv", "site", "node_modules", ".cache", ".mypy_cache", ".pytest_cache", ".ruff_cache"))
    if builtin:
        config = project / "mkdocs.yml"
        config.write_text(re.sub(r"\n  - evidence-search[^\n]*", "", config.read_text()))
    subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "--quiet", "--site-dir",
                    str(site)], cwd=project, env=ENV, check=True)


def ask_all(site: Path, items: list[tuple[str, str, str]]
            ) -> Iterator[tuple[int | None, list[str]]]:
    """For each question, the rank of the right page (None if not in the first ten)."""
    from playwright.sync_api import sync_playwright

    with served(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.add_init_script(PROBE)
        page.goto(base, wait_until="load")
        field = page.locator("input.md-search__input")
        field.click()
        page.wait_for_function("window.__search.ready !== null", timeout=60_000)
        for _, query, expected in items:
            field.fill("")
            field.press_sequentially(query)
            settle(page)
            hrefs = page.eval_on_selector_all(".md-search-result__item > a",
                                              "els => els.map(a => a.href)")
            paths = [h.split("#")[0].split("?")[0][len(base):] for h in hrefs]
            paths = list(dict.fromkeys(paths))
            yield (paths.index(expected) + 1 if expected in paths else None), paths[:TOP]
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-kind", type=int, default=30)
    args = parser.parse_args()
    items = questions(args.per_kind)
    results: dict[str, list[Any]] = {}
    with tempfile.TemporaryDirectory(prefix="search-quality-") as tmp:
        for engine in ("pagefind", "builtin"):
            site = Path(tmp) / f"{engine}-site"
            build(site, engine == "builtin")
            results[engine] = list(ask_all(site, items))
    print(f"{len(items)} questions on the real review; answered = right page in the first "
          f"{TOP}\n")
    print("| kind | questions | Pagefind | built-in |\n|---|---|---|---|")
    for kind in ("acronym", "title", "word", "all"):
        idx = [i for i, it in enumerate(items) if kind in ("all", it[0])]
        hit = {e: sum(1 for i in idx if (r := results[e][i][0]) and r <= TOP) for e in results}
        print(f"| {kind} | {len(idx)} | {hit['pagefind']} | {hit['builtin']} |")
    print("\nAnswered by one search only:")
    for i, (kind, query, expected) in enumerate(items):
        ranks = {e: results[e][i][0] for e in results}
        ok = {e: bool(r and r <= TOP) for e, r in ranks.items()}
        if ok["pagefind"] != ok["builtin"]:
            print(f"- {kind} {query!r} → {expected}: Pagefind rank {ranks['pagefind']}, "
                  f"built-in rank {ranks['builtin']}")


if __name__ == "__main__":
    main()
