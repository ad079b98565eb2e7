"""While serving, a rebuild after an edit renders only the pages the edit can change.

`mkdocs serve` rebuilds the whole site after every save. The evidence plugin hands the core one
ServeCache, which keeps records of unchanged files (RecordCache), record pages whose inputs did
not change (RecordPageCache) and each record's download rows (ExportCache). These tests check
that what is kept is exactly what a fresh build would produce, and that an edit re-renders the
pages it shows up on (found here by reading the YAML files, not through the plugin's own
references).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from helpers import REPO

from macros.evidence import RecordCache, load_evidence
from macros.export.data import ExportCache, export_files
from macros.render.serve import ServeCache
from macros.render.site import generate_site

pytestmark = pytest.mark.slow  # every test renders the repository's records

EDITED = "usaid"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "evidence", tmp_path / "evidence")
    shutil.copy(REPO / "bibliography.bib", tmp_path / "bibliography.bib")
    return tmp_path


def strings(data: object) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings(value)


def record_files(root: Path) -> dict[tuple[str, str], object]:
    return {(path.parent.name, path.stem): yaml.safe_load(path.read_text(encoding="utf-8"))
            for path in sorted((root / "evidence").glob("*/*.yaml"))}


def edit_title(path: Path, new_title: str) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["name" if "name" in data else "title"] = new_title
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def render(root: Path, serve: ServeCache | None = None) -> dict[str, str]:
    evidence = load_evidence(root, cache=serve.records if serve is not None else None)
    return generate_site(evidence, serve=serve).pages


def test_rebuild_after_an_edit_renders_only_the_pages_that_show_the_record(
        project: Path) -> None:
    serve = ServeCache()
    pages = serve.record_pages
    first = render(project, serve)
    assert pages.rendered == len(record_files(project))  # nothing kept yet: every record page

    render(project, serve)
    assert pages.rendered == 0  # nothing changed, nothing rendered

    path = project / "evidence" / "organisations" / f"{EDITED}.yaml"
    edit_title(path, "USAID (renamed)")
    second = render(project, serve)

    # Exactly the pages showing the edited record's name: its own, those of the records
    # naming it in their YAML, and those of the records it names (they list it under
    # "Referenced by").
    files = record_files(project)
    ids = {ident: collection for collection, ident in files}
    names = {EDITED, f"organisations/{EDITED}"}  # figures say what they are about as a path
    naming_it = {key for key, data in files.items() if names & set(strings(data))}
    it_names = {(ids[v], v) for v in strings(files[("organisations", EDITED)])
                if v in ids and v != EDITED}
    expected = naming_it | it_names | {("organisations", EDITED)}
    assert len(naming_it) >= 3 and it_names  # the test edits a linked record with a parent
    assert pages.rendered == len(expected)

    # What is kept equals a fresh render of the edited tree, page for page.
    assert second == render(project)
    changed = {src for src in second if second[src] != first.get(src)}
    assert any("(renamed)" in second[src] for src in changed)
    record_pages_changed = {src for src in changed if src.count("/") == 1
                            and not src.endswith("index.md")
                            and src.split("/")[0] in {c for c, _ in files}}
    assert record_pages_changed == {f"{c}/{i}.md" for c, i in expected}


def test_downloads_kept_while_serving_equal_a_fresh_export(project: Path) -> None:
    records, rows = RecordCache(), ExportCache()
    export_files(load_evidence(project, cache=records), rows)
    edit_title(project / "evidence" / "organisations" / f"{EDITED}.yaml", "Renamed office")
    files = record_files(project)
    mentioned = {v for (_, ident), data in files.items() for v in strings(data) if v != ident}
    unused = next(i for c, i in files if c == "figures" and i not in mentioned
                  and f"figures/{i}" not in mentioned)
    (project / "evidence" / "figures" / f"{unused}.yaml").unlink()  # a record nothing names
    kept = export_files(load_evidence(project, cache=records), rows)
    fresh = export_files(load_evidence(project))
    assert kept == fresh
    assert "Renamed office" in kept["organisations.json"]
    assert len(rows.rows) == len(record_files(project))  # the deleted record is forgotten


def quoted(value: str) -> str:
    """A CSV cell in double quotes, as the csv module writes it."""
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="").writerow([value])
    return out.getvalue()


def test_downloads_are_standard_json_and_csv(project: Path) -> None:
    """The JSON downloads are written one record at a time: the text must still be exactly
    what json.dumps writes for the whole list, and the CSV what the csv module writes (every
    text cell quoted, numbers bare: the data package says which columns are numbers)."""
    files = export_files(load_evidence(project))
    types = {r["path"]: [f["type"] for f in r["schema"]["fields"]]
             for r in json.loads(files["datapackage.json"])["resources"]}
    for name, text in files.items():
        if name.endswith(".json"):
            assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n", name
        else:
            assert text.startswith("\ufeff"), name  # the BOM that makes Excel read UTF-8
            text = text.removeprefix("\ufeff")
            rows = list(csv.reader(io.StringIO(text, newline="")))
            numbers = [[t in ("number", "integer") for t in types[name]]] * len(rows)
            numbers[0] = [False] * len(rows[0])  # the header is text
            assert text == "".join(
                ",".join(v if bare else quoted(v) for v, bare in zip(row, kinds, strict=True))
                + "\n" for row, kinds in zip(rows, numbers, strict=True)), name
    counts = {c: len(json.loads(files[f"{c}.json"])) for c in
              {p.parent.name for p in (project / "evidence").glob("*/*.yaml")}}
    assert counts == {c: len(list((project / "evidence" / c).glob("*.yaml"))) for c in counts}
