"""Count what the project's BibTeX reader and mapper, and Pandoc's biblatex reader, make of
the real .bib corpus (tests/fixtures/bib/corpus): entries, CSL fields, and defects by the
rules of issue 20 (each rule looks at the .bib source and at the CSL-JSON that came out).

    .venv/bin/python scripts/compare_bib.py [FILE.bib ...]
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import bibtexparser

from macros.cite.csl import csl_items
from macros.cite.style import pandoc_path
from macros.source.bibtex import load_bibliography

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "bib" / "corpus"
ACCESS_NOTE = re.compile(r"accessed|accedido|acceso|acesso|consultado", re.IGNORECASE)
FORMATTING = re.compile(
    r"\\(?:emph|textit|mkbibemph|textbf|textsc|textsubscript|textsuperscript)\{")
BCP47 = re.compile(r"[a-z]{2,3}(?:-[A-Z]{2})?")


def defects(raw: dict[str, str], kind: str, item: dict[str, Any],
            parents: dict[str, dict[str, str]]) -> list[str]:
    """The defects of one item, by the issue's rules."""
    found = []
    names = [n for role in ("author", "editor", "translator") for n in item.get(role, [])]
    if any("=" in str(part) for n in names for part in n.values()):
        found.append("extended name format mangled")
    parent = parents.get(raw.get("crossref", ""))
    if parent and "title" in parent and "container-title" not in item:
        found.append("crossref not resolved")
    notes = " ".join(str(item.get(k, "")) for k in ("note", "annote"))
    if (ACCESS_NOTE.search(notes) or raw.get("urldate")) and "accessed" not in item:
        found.append("access date dropped")
    if (kind in ("phdthesis", "mastersthesis") or raw.get("type", "").lower() in
            ("phdthesis", "mastersthesis")) and " thesis" not in str(item.get("genre", "")):
        found.append("thesis genre lost")
    if any(FORMATTING.search(v) for v in raw.values()) and not re.search(
            r"<(?:i|b|sub|sup)>|small-caps", json.dumps(item)):
        found.append("formatting flattened")
    if kind == "legislation" and item.get("type") != "legislation":
        found.append("legislation type lost")
    if raw.get("shortjournal") and "container-title-short" not in item:
        found.append("shortjournal ignored")
    if raw.get("langid") and not BCP47.fullmatch(str(item.get("language", ""))):
        found.append("langid not a language tag")
    if "\\url" in str(item.get("URL", "")):
        found.append("\\url{} left in URL")
    if re.search(r"[\\{}]", re.sub(r"<[^>]*>", "", str(item.get("title", "")))):
        found.append("LaTeX left in title")
    return found


def main(files: list[Path]) -> None:
    totals: dict[str, Counter[str]] = {"project": Counter(), "pandoc": Counter()}
    kinds: dict[str, Counter[str]] = {"project": Counter(), "pandoc": Counter()}
    for path in files:
        library = bibtexparser.parse_string(path.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
        raws = {e.key: ({f.key.lower(): str(f.value) for f in e.fields}, e.entry_type.lower())
                for e in library.entries}
        parents = {k: r for k, (r, _) in raws.items()}
        bib, _problems = load_bibliography(path, path.name)
        ours = csl_items(bib)
        out = subprocess.run([pandoc_path(), "--from", "biblatex", "--to", "csljson", str(path)],
                             capture_output=True, text=True, check=True).stdout
        for who, items in (("project", ours), ("pandoc", json.loads(out))):
            for item in items:
                raw, kind = raws[item["id"]]
                totals[who]["entries"] += 1
                totals[who]["fields"] += len([k for k in item if k not in ("id", "type")])
                for defect in defects(raw, kind, item, parents):
                    totals[who]["defects"] += 1
                    kinds[who][defect] += 1
    for who in totals:
        print(f"{who}: {dict(totals[who])}  {dict(kinds[who])}")


if __name__ == "__main__":
    main([Path(a) for a in sys.argv[1:]] or sorted(CORPUS.glob("*.bib")))
