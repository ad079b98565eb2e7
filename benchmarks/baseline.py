"""The baseline: the same number of plain Markdown pages, built by MkDocs with none of our code.

`generate_baseline(root, n)` writes a project of `n` hand-written-style Markdown pages, one for
each record `benchmarks.synthetic` would write for `n`, holding the same text (title, long
text, every other field as a Markdown table, sources as a list), in the same folders
(`activities/activity-00042.md`, ...), plus a home page. The theme, its template overrides,
features, stylesheets, scripts and Markdown extensions are the site's; the plugins are
Material's `search` (its full Lunr index, as MkDocs builds it by default) and `macros` without
our module. Like record pages, the pages are kept out of the navigation (`not_in_nav`), which
lists the home page only: with a navigation entry each, every page would embed the whole list.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from benchmarks.synthetic import ASSETS_YML, REPO, SHARES, THEME_YML, _record, counts_for

MKDOCS_YML = """site_name: Baseline
site_url: ""
""" + THEME_YML + """plugins:
  - search
  - macros:
      on_error_fail: true
""" + ASSETS_YML + """not_in_nav: |
  /*/*.md
nav:
  - Home: index.md
"""
LONG = ("description", "summary", "text", "mandate", "context", "measure")


def _cell(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k} {_cell(v)}" for k, v in value.items())
    return str(value).replace("|", "\\|")


def page(record: dict[str, object]) -> str:
    """A plain Markdown page with the record's text."""
    title = record.get("title") or record.get("name")
    lines = [f"# {title}", ""]
    lines += [str(record[k]) + "\n" for k in LONG if k in record]
    rows = [(k, v) for k, v in record.items()
            if k not in (*LONG, "id", "title", "name", "sources", "structure") and v]
    if rows:
        lines += ["| Field | Value |", "|---|---|"]
        lines += [f"| {k.replace('_', ' ').capitalize()} | {_cell(v)} |" for k, v in rows]
        lines.append("")
    for item in record.get("structure") or []:  # type: ignore[attr-defined]
        lines.append(f"- **{item['title']}**")
        lines += [f"    - {sub['title']}" for sub in item.get("items", [])]
    lines += ["", "## Sources", ""]
    lines += [f"- {s['key']}, {s['locator']}" for s in record["sources"]]  # type: ignore[attr-defined]
    return "\n".join(lines) + "\n"


def generate_baseline(root: Path, n: int) -> int:
    """Write the baseline project of `n` pages at `root`; return the number of pages."""
    docs = root / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(overrides=json.dumps(
        str(REPO / "overrides"))))
    shutil.copytree(REPO / "docs" / "assets", docs / "assets", dirs_exist_ok=True)
    (docs / "index.md").write_text("# Baseline\n\nPlain Markdown pages.\n")
    counts = counts_for(n)
    for collection in SHARES:
        folder = docs / collection
        folder.mkdir(exist_ok=True)
        for i in range(counts[collection]):
            record = _record(collection, i, counts)
            (folder / f"{record['id']}.md").write_text(page(record))
    return sum(counts.values())
