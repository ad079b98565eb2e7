"""Synthetic but realistic evidence trees for tests and benchmarks.

`generate(root, n)` writes a complete project (mkdocs.yml, docs/, bibliography.bib, evidence/)
with `n` records spread over every collection, references between them, citations with
locators, and short and long texts. Record `i` of a collection is the same whatever `n` is (its
random choices are seeded by its index), so pages can be compared across sizes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import subprocess
from pathlib import Path

import yaml

SHARES = {  # share of records per collection, roughly as in the real review
    "organisations": 0.15, "strategies": 0.05, "activities": 0.40, "mieux-actions": 0.05,
    "mechanisms": 0.05, "figures": 0.20, "findings": 0.04, "recommendations": 0.04,
    "events": 0.02,
}
COUNTRIES = ["AR", "BO", "BR", "CL", "CO", "CR", "DO", "EC", "GT", "HN", "HT", "JM", "MX",
             "NI", "PA", "PE", "PY", "SV", "TT", "UY", "VE"]
THEMES = ["integration", "border-management", "trafficking", "protection", "labour", "data"]
WORDS = [
    "migration", "governance", "protection", "integration", "border", "regional", "cooperation",
    "refugees", "migrants", "capacity", "development", "labour", "mobility", "data", "research",
    "policy", "strategy", "communities", "host", "support", "coordination", "response",
    "humanitarian",
]
N_SOURCES = 20


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def counts_for(n: int) -> dict[str, int]:
    counts = {c: max(1, int(n * share)) for c, share in SHARES.items()}
    counts["activities"] += n - sum(counts.values())  # the rest, so the total is exactly n
    return counts


def _sources(rng: random.Random) -> list[dict[str, str]]:
    return [{"key": f"source-{rng.randrange(N_SOURCES):02d}",
             "locator": f"sec. {rng.randint(1, 9)}.{rng.randint(1, 9)}"}
            for _ in range(rng.randint(1, 3))]


def _singular(collection: str) -> str:
    return "activity" if collection == "activities" else collection[:-1]


def _record(collection: str, i: int, counts: dict[str, int]) -> dict[str, object]:
    rng = random.Random(f"{collection}-{i}")

    def ref(target: str) -> str:
        return f"{_singular(target)}-{rng.randrange(counts[target]):05d}"

    def orgs(k: int) -> list[str]:
        return sorted({f"organisation-{rng.randrange(counts['organisations']):05d}"
                       for _ in range(k)})

    ident = f"{_singular(collection)}-{i:05d}"
    base: dict[str, object] = {"id": ident, "sources": _sources(rng),
                               "last_reviewed": "2026-01-15"}
    if collection == "organisations":
        return {**base, "name": f"Organisation {i} for {_text(rng, 3)[:-1]}",
                "acronym": f"ORG{i}", "kind": rng.choice(["un-entity", "ngo", "network"]),
                "description": _text(rng, rng.randint(10, 60))}
    if collection == "strategies":
        return {**base, "title": f"Strategy {i}: {_text(rng, 5)}", "organisations": orgs(1),
                "period": {"start": 2020, "end": 2024}, "summary": _text(rng, 80),
                "structure": [{"kind": "pillar", "title": _text(rng, 6), "items": [
                    {"kind": "strategic-priority", "title": _text(rng, 12)}
                    for _ in range(rng.randint(2, 6))]} for _ in range(3)]}
    if collection == "activities":
        people = orgs(3)
        return {**base, "title": f"Activity {i}: {_text(rng, 6)}", "kind": "project",
                "participants": [{"organisation": o, "role": rng.choice(
                    ["funding", "implementing", "partner"])} for o in people],
                "countries": sorted(set(rng.sample(COUNTRIES, rng.randint(1, 4)))),
                "period": {"start": 2019, "end": 2023}, "themes": rng.sample(THEMES, 2),
                "description": _text(rng, rng.randint(20, 200)),
                "results": [_text(rng, 15) for _ in range(rng.randint(0, 3))],
                "strategies": [ref("strategies")], "mechanisms": [ref("mechanisms")]}
    if collection == "mieux-actions":
        return {**base, "title": f"Country {i}", "countries": rng.sample(COUNTRIES, 1),
                "period": {"start": 2015, "ongoing": True}, "context": _text(rng, 20),
                "objectives": [_text(rng, 20)], "results": [_text(rng, 20)],
                "partners": orgs(1)}
    if collection == "mechanisms":
        return {**base, "name": f"Mechanism {i}", "acronym": f"M{i}", "kind": "network",
                "level": "regional", "leads": orgs(1), "members": orgs(5),
                "countries": rng.sample(COUNTRIES, 5), "mandate": _text(rng, 60),
                "themes": rng.sample(THEMES, 2)}
    if collection == "figures":
        return {**base, "title": f"Figure {i}", "value": rng.randint(1, 10**6),
                "unit": "people", "year": 2020, "countries": rng.sample(COUNTRIES, 1),
                "measure": _text(rng, 15), "about": [f"activities/{ref('activities')}"]}
    if collection == "findings":
        return {**base, "title": f"Finding {i}", "text": _text(rng, 40),
                "mechanisms": [ref("mechanisms")]}
    if collection == "recommendations":
        return {**base, "title": f"Recommendation {i}", "text": _text(rng, 40),
                "organisations": orgs(1), "mechanisms": [ref("mechanisms")]}
    return {**base, "title": f"Event {i}", "date": "2018-07", "place": "Mexico City",
            "organisers": orgs(1), "countries": ["MX"]}


REPO = Path(__file__).resolve().parent.parent
# A review page as authors write them: prose with citations, tables and figures from macros,
# a chart. Its length does not grow with the tree (one organisation's activities, one theme's
# figures), as a curated review's does not; the PDF export times it.
REVIEW_MD = """# The review

""" + "".join(f"""## Section {k}

{" ".join(f"Sentence {j} of section {k} about migration governance and coordination in the "
          f"region, as its sources report it [@source-{(k * 5 + j) % N_SOURCES:02d}, p. {j + 1}]."
          for j in range(8))}

""" for k in range(1, 6)) + """## Activities of one organisation

{{ activities(organisation="organisation-00000") }}

## A key figure

The figure reported by one source: {{ figure("figure-00000") }}.

## Activities by theme

{{ activity_chart(by="theme") }}
"""
# The real site's theme (with its template overrides), Markdown extensions and assets, shared
# with the baseline (benchmarks/baseline.py), so that what is measured is what is published and
# both projects differ only in plugins, navigation and texts.
THEME_YML = """strict: true
theme:
  name: material
  custom_dir: {overrides}
  language: en
  font: false
  features: [navigation.sections, navigation.top, search.highlight, toc.follow]
  palette:
    - scheme: default
      primary: indigo
"""
ASSETS_YML = """markdown_extensions:
  [attr_list, md_in_html, tables, {{toc: {{permalink: true}}}}, admonition]
extra_css: [assets/stylesheets/evidence.css, assets/stylesheets/citations.css,
            assets/stylesheets/charts.css]
extra_javascript:
  - assets/vendor/tablesort/tablesort.min.js
  - assets/vendor/tablesort/tablesort.number.min.js
  - assets/javascripts/tables.js
  - assets/javascripts/filters.js
  - assets/javascripts/citations.js
"""
MKDOCS_YML = """site_name: Synthetic review
site_url: ""
""" + THEME_YML + """plugins:
  - search
  - evidence-search
  - evidence:
      edition: 1
      edition_date: 2026-11-24
      pdf:  # `evidence pdf` exports the review page; the site build does not (as the baseline)
        pages: [review.md]
        title: Synthetic review
  - macros:
      modules: ["lac-migration-evidence:macros.mkdocs_macros"]
      on_error_fail: true
      on_undefined: strict
""" + ASSETS_YML + """nav:
  - Home: index.md
  - Review: review.md
""" + "".join(f"  - {c}: {c}/index.md\n" for c in SHARES)


def generate(root: Path, n: int) -> dict[str, int]:
    """Write a project of `n` records at `root`; return the count per collection."""
    counts = counts_for(n)
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "index.md").write_text("# Synthetic review\n\n{{ record_counts() }}\n")
    (root / "docs" / "review.md").write_text(REVIEW_MD)
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(overrides=json.dumps(
        str(REPO / "overrides"))))
    shutil.copytree(REPO / "docs" / "assets", root / "docs" / "assets", dirs_exist_ok=True)
    (root / "bibliography.bib").write_text("".join(
        f"@report{{source-{k:02d},\n  author = {{{{Agency {k}}}}},\n  title = {{Report {k}}},"
        f"\n  year = {{{2000 + k}}},\n}}\n\n" for k in range(N_SOURCES)))
    evidence = root / "evidence"
    evidence.mkdir(exist_ok=True)
    (evidence / "themes.yaml").write_text(yaml.safe_dump(
        {"themes": [{"id": t, "label": t.capitalize()} for t in THEMES]}))
    for collection, count in counts.items():
        folder = evidence / collection
        folder.mkdir(exist_ok=True)
        for i in range(count):
            record = _record(collection, i, counts)
            (folder / f"{record['id']}.yaml").write_text(
                yaml.safe_dump(record, sort_keys=False, allow_unicode=True))
    return counts


TEXT_FIELDS = ("description", "summary", "context", "mandate", "measure", "text", "title")
"""The field a commit of the synthetic history edits: the first of these a record has."""
MESSAGES = (
    "Correct {id} against {source}, {locator}",
    "Update {id}: add what {source} reports in {locator}",
    "Fix a typo in {id}",
    "Review {id} and {others} against their sources",
    "Reword {id} after the editors' review",
    "Check {id} against {source}; mark it reviewed",
)
HISTORY_START = dt.datetime(2024, 1, 1, 9, 0, tzinfo=dt.UTC)
HISTORY_STEP = dt.timedelta(hours=16)
"""Commit k is dated HISTORY_START + k × HISTORY_STEP: 1,000 commits end in October 2025,
before the synthetic edition's date."""


def _git(root: Path, *args: str, stdin: bytes | None = None) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", *args], cwd=root, input=stdin, env=env, check=True,
                   capture_output=True)


def add_history(root: Path, commits: int, counts: dict[str, int]) -> None:
    """Make `root` a git checkout whose history holds the project as a first commit, then
    `commits` commits each editing one to three records (a sentence added to a text, the
    review date moved to the commit's day) with a message as editors write them; authors,
    dates and edits are deterministic. The files on disk end as the last commit left them."""
    rng = random.Random(f"history-{commits}")
    files = {p.relative_to(root).as_posix(): p.read_bytes()
             for p in sorted(root.rglob("*")) if p.is_file() and ".git" not in p.parts}
    state: dict[str, dict[str, object]] = {}
    stream = [b"reset refs/heads/main\n"]

    def commit(k: int, message: str, changed: dict[str, bytes]) -> None:
        when = int((HISTORY_START + k * HISTORY_STEP).timestamp())
        author = f"Editor {k % 7} <editor{k % 7}@example.org> {when} +0000"
        text = message.encode()
        stream.append(b"commit refs/heads/main\n")
        stream.append(f"author {author}\ncommitter {author}\n".encode())
        stream.append(f"data {len(text)}\n".encode() + text + b"\n")
        for path, content in changed.items():
            stream.append(f"M 100644 inline {path}\ndata {len(content)}\n".encode())
            stream.append(content + b"\n")

    commit(0, "Add the review's records", files)
    for k in range(1, commits + 1):
        picked = []
        for _ in range(rng.randint(1, 3)):
            collection = rng.choice(list(SHARES))
            picked.append((collection, rng.randrange(counts[collection])))
        changed = {}
        day = (HISTORY_START + k * HISTORY_STEP).date().isoformat()
        for collection, i in picked:
            path = f"evidence/{collection}/{_singular(collection)}-{i:05d}.yaml"
            record = state.setdefault(path, _record(collection, i, counts))
            name = next(f for f in TEXT_FIELDS if f in record)
            record[name] = f"{record[name]} {_text(rng, rng.randint(4, 12))}"
            record["last_reviewed"] = day
            changed[path] = yaml.safe_dump(record, sort_keys=False,
                                           allow_unicode=True).encode()
        ids = [Path(p).stem for p in changed]
        source = f"source-{rng.randrange(N_SOURCES):02d}"
        message = rng.choice(MESSAGES).format(
            id=ids[0], others=", ".join(ids[1:]) or ids[0], source=source,
            locator=f"sec. {rng.randint(1, 9)}.{rng.randint(1, 9)}")
        commit(k, message, changed)
    _git(root, "init", "--quiet", "--initial-branch=main")
    _git(root, "fast-import", "--quiet", stdin=b"".join(stream))
    _git(root, "checkout", "--quiet", "--force", "main")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("records", type=int)
    parser.add_argument("--history", type=int, metavar="N",
                        help="make the project a git checkout with N commits editing records")
    args = parser.parse_args()
    counts = generate(args.root, args.records)
    if args.history is not None:
        add_history(args.root, args.history, counts)
    print(f"wrote {sum(counts.values())} records to {args.root}: {counts}"
          + (f", {args.history} commits" if args.history is not None else ""))


if __name__ == "__main__":
    main()
