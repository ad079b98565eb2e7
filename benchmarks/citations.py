"""What citations add to a build: 1,000 citations over 200 hand-written pages.

    .venv/bin/python -m benchmarks.citations [--pages 200] [--per-page 5] [--runs 3]

Writes three projects on the synthetic evidence tree (`benchmarks.synthetic`, 200 records),
each with 200 Markdown pages of prose and five citations a page in every Pandoc form (with
locators, several works, author in text, author suppressed):

- *cited*: the pages as an author writes them; the plugin does the citation work;
- *prerendered*: the same pages with the plugin's output written in (citations as HTML,
  reference lists appended): the same site, without the citation work;
- *plain*: the same pages with each citation replaced by letters of the same length.

Each is built in this process (MkDocs' own `build`), in turn, `--runs` times. The citation
step's cost is *cited* minus *prerendered*, and the time spent in the plugin's citation
methods (timed in the *cited* builds); *cited* minus *plain* also counts what MkDocs does
with the longer pages (reference lists, links, search index).
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config

from benchmarks.synthetic import N_SOURCES, WORDS, generate
from macros.adapter.plugin import EvidencePlugin
from macros.cite.csl import csl_items
from macros.cite.pages import PageContext, render_citations
from macros.cite.scan import find_citations
from macros.cite.style import DEFAULT_STYLE, PendingFormat, load_style
from macros.source.bibtex import load_bibliography

FORMS = ["[@{a}, p. {n}]", "[see @{a}, sec. {n}; @{b}]", "@{a} [p. {n}]", "[-@{a}]", "@{a}"]


def _page(i: int, per_page: int) -> str:
    rng = random.Random(i)
    paragraphs = []
    for j in range(per_page):
        a, b = (f"source-{rng.randrange(N_SOURCES):02d}" for _ in range(2))
        cite = FORMS[j % len(FORMS)].format(a=a, b=b, n=rng.randint(1, 300))
        words = " ".join(rng.choice(WORDS) for _ in range(60))
        paragraphs.append(f"{words.capitalize()} {cite}.")
    return f"# Page {i}\n\n" + "\n\n".join(paragraphs) + "\n"


def _uncited(markdown: str) -> str:
    """The same text with each citation replaced by letters of the same length."""
    return re.sub(r"\[?-?@[^\s\]]+(?:[^\]\n]*\])?", lambda m: "x" * len(m.group(0)), markdown)


def write_project(root: Path, pages: int, per_page: int, variant: str) -> tuple[int, int]:
    """Write the project; return the number of citations and of cited works in them."""
    generate(root, pages)
    texts = [_page(i, per_page) for i in range(pages)]
    if variant == "plain":
        texts = [_uncited(t) for t in texts]
    elif variant == "prerendered":
        texts = _prerendered(root, texts)
    for i, text in enumerate(texts):
        (root / "docs" / f"page-{i:03d}.md").write_text(text)
    works = sum(t.count("@source-") for t in (_page(i, per_page) for i in range(pages)))
    return pages * per_page, works  # one citation per paragraph, by construction


def _prerendered(root: Path, texts: list[str]) -> list[str]:
    """The pages as the plugin turns them into Markdown, in-text forms filled in."""
    bib, _ = load_bibliography(root / "bibliography.bib", "bibliography.bib")
    found = [find_citations(t) for t in texts]
    formatted = load_style(DEFAULT_STYLE).format(
        csl_items(bib), list(dict.fromkeys(c.text for cs in found for c in cs)))
    context = PageContext(formatted.entries, lambda key: f"../bibliography/#ref-{key}")
    out = []
    for text in texts:
        rendered = render_citations(text, context)
        out.append(rendered.fill(rendered.markdown, formatted.citations))
    return out


# What the citation work consists of in a build; everything else MkDocs would do anyway.
CITATION_STEPS: list[tuple[type, str]] = [
    (EvidencePlugin, "scan_pages"),  # find every page's citations, check their keys
    (PendingFormat, "__init__"),           # start the CSL processor (two runs)
    (PendingFormat, "result"),             # wait for it (the in-text run goes on meanwhile)
    (EvidencePlugin, "on_page_markdown"),  # render each page's citations and reference list
    (EvidencePlugin, "on_page_context"),   # put the in-text forms into each page's HTML
]


class _Timer:
    """Seconds spent in some methods, summed over a build (not nested: none calls another)."""

    def __init__(self, steps: list[tuple[type, str]]) -> None:
        self.steps = steps
        self.spent = {f"{owner.__name__}.{name}": 0.0 for owner, name in steps}
        self.originals: list[tuple[type, str, Callable[..., Any]]] = []

    def __enter__(self) -> _Timer:
        for owner, name in self.steps:
            original = getattr(owner, name)
            self.originals.append((owner, name, original))
            label = f"{owner.__name__}.{name}"

            def timed(*args: Any, _label: str = label, _f: Any = original, **kw: Any) -> Any:
                start = time.perf_counter()
                try:
                    return _f(*args, **kw)
                finally:
                    self.spent[_label] += time.perf_counter() - start

            setattr(owner, name, timed)
        return self

    def __exit__(self, *exc: object) -> None:
        for owner, name, original in self.originals:
            setattr(owner, name, original)


def build_once(root: Path) -> tuple[float, dict[str, float]]:
    # Timed before the configuration is loaded: MkDocs binds the plugin's event methods then.
    with _Timer(CITATION_STEPS) as timer:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
        start = time.perf_counter()
        build(config)
        total = time.perf_counter() - start
    return total, timer.spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--per-page", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        roots = {v: Path(tmp) / v for v in ("cited", "prerendered", "plain")}
        for variant, root in roots.items():
            n, n_keys = write_project(root, args.pages, args.per_page, variant)
            build_once(root)  # warm caches (imports, Pandoc, disk)
        times: dict[str, list[float]] = {v: [] for v in roots}
        steps: list[float] = []
        by_step: dict[str, list[float]] = {}
        for _ in range(args.runs):
            for variant, root in roots.items():
                total, spent = build_once(root)
                times[variant].append(total)
                if variant == "cited":
                    steps.append(sum(spent.values()))
                    for label, seconds in spent.items():
                        by_step.setdefault(label, []).append(seconds)
    a, r, b = (statistics.median(times[v]) for v in roots)
    s = statistics.median(steps)
    print(f"{n} citations ({n_keys} cited works) over {args.pages} pages "
          f"(+ {args.pages} records), {args.runs} runs, medians:")
    print(f"  build, cited pages                {a:6.2f} s")
    print(f"  build, same output prerendered    {r:6.2f} s")
    print(f"  build, citations as plain text    {b:6.2f} s")
    print(f"  citation step: cited - prerendered {a - r:5.2f} s  ({100 * (a - r) / r:+.1f}%)")
    print(f"  citation methods (timed)          {s:6.2f} s  ({100 * s / a:.1f}% of the build)")
    print(f"  cited - plain (longer pages too)  {a - b:6.2f} s  ({100 * (a - b) / b:+.1f}%)")
    for label, values in by_step.items():
        print(f"    {label:32} {statistics.median(values):6.3f} s")


if __name__ == "__main__":
    main()
