"""Bad and malicious record files: each gives a clear located error or is read harmlessly.

Record files arrive through pull requests from people we do not know. Every case here is
either refused with a message naming file, line and field, or accepted as inert data.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from macros import EvidenceError, load_evidence
from macros.source.yaml import MAX_FILE_BYTES, load_document

ORG = ("id: {id}\nname: Org\nkind: ngo\nsources:\n  - {{key: doc-a, locator: x}}\n"
       "last_reviewed: 2026-01-15\n")
LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n"
    for i in range(8))

# file name → (content, the error expected in the report, or None when it must be accepted)
CASES: dict[str, tuple[str | bytes, str | None]] = {
    "python-tag": ("id: python-tag\nname: !!python/object/apply:os.system [echo pwned]\n",
                   "python-tag.yaml:2:7: name: YAML tag '!!python/object/apply:os.system' is "
                   "not allowed\n  hint: records hold plain text, numbers, lists and mappings "
                   "only"),
    "billion-laughs": (LAUGHS, "billion-laughs.yaml:1:4: b[0]: YAML aliases are not allowed"),
    "duplicate": (ORG.format(id="duplicate") + "name: Other\n",
                  "duplicate.yaml:7:1: name: duplicate key 'name' (first defined on line 2)"),
    "too-big": ("id: too-big\nnotes:\n" + "  - x\n" * (MAX_FILE_BYTES // 6 + 1),
                f"too-big.yaml:1:1: file is {19 + 6 * (MAX_FILE_BYTES // 6 + 1):,} bytes, over "
                f"the limit of {MAX_FILE_BYTES:,}"),
    "deep": ("id: deep\nname: " + "[" * 5000 + "]" * 5000 + "\n",
             "deep.yaml:2:1006: YAML syntax error: exceeded maximum nesting depth"),
    "bad-utf8": (b"id: bad-utf8\nname: caf\xe9\n",
                 "bad-utf8.yaml:2:10: expected UTF-8 text, got byte 0xe9"),
    "tabs": ("id: tabs\nsources:\n\t- key: doc-a\n",
             "tabs.yaml:3:1: sources[0]: expected an indentation of 2 spaces, got a tab\n"
             "  hint: YAML indents with spaces only: replace the tab with 2 spaces (editors can "
             "be set to insert spaces for the Tab key)"),
    "empty": ("", "empty.yaml:1:1: file is empty"),
    "a-list": ("- id: a-list\n- name: x\n",
               "a-list.yaml:1:1: expected a mapping of fields, got a list"),
    "numeric-key": (ORG.format(id="numeric-key") + "1: one\n",
                    "numeric-key.yaml:7:1: expected a field name, got '1'"),
    "js-url": (ORG.format(id="js-url") + "url: javascript:alert(1)\n",
               "js-url.yaml:7:6: url: expected an http, https or mailto URL, got "
               "'javascript:alert(1)'"),
    "data-url": (ORG.format(id="data-url") + "url: 'data:text/html,<script>alert(1)</script>'\n",
                 "data-url.yaml:7:6: url: expected an http, https or mailto URL"),
    "control-char": ("id: control-char\nname: bell\x07\n", "control-char.yaml:1:1: YAML syntax"),
    "bom": (b"\xef\xbb\xbf" + ORG.format(id="bom").encode(), None),
    "crlf": (ORG.format(id="crlf").replace("\n", "\r\n"), None),
    "mailto": (ORG.format(id="mailto") + "url: mailto:someone@example.org\n", None),
}


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> str:
    project = tmp_path_factory.mktemp("hostile") / "mini"
    shutil.copytree(FIXTURES / "mini", project)
    folder = project / "evidence" / "organisations"
    for name, (content, _) in CASES.items():
        data = content if isinstance(content, bytes) else content.encode()
        (folder / f"{name}.yaml").write_bytes(data)
    (project / "evidence" / "organisation").mkdir()  # a mis-typed collection folder
    try:
        load_evidence(project)
    except EvidenceError as exc:
        return exc.report()
    raise AssertionError("the hostile corpus was accepted")


@pytest.mark.parametrize("name", [n for n, (_, e) in CASES.items() if e is not None])
def test_hostile_file_gives_a_located_error(report: str, name: str) -> None:
    expected = CASES[name][1]
    assert f"evidence/organisations/{expected}" in report, report


@pytest.mark.parametrize("name", [n for n, (_, e) in CASES.items() if e is None])
def test_harmless_variants_are_accepted(report: str, name: str) -> None:
    assert f"evidence/organisations/{name}.yaml" not in report


def test_a_refused_value_is_reported_once(report: str) -> None:
    assert "python-tag.yaml:2:7: name: expected text" not in report
    assert report.count("python-tag.yaml:2:7:") == 1


def test_mistyped_collection_folder_is_named(report: str) -> None:
    assert ("evidence/organisation: unknown collection folder 'organisation'\n"
            "  hint: did you mean 'organisations'?") in report


# ---------------------------------------------------------------------------------------------
# Fuzzing: any input gives data or located problems, never another exception.

yaml_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=300) | st.sampled_from([
    "a: [", "a: {b", "- - -", "a: *x", "&a a: 1", "? a\n: b", "a: !!binary AAAA", "%YAML 1.1\n---",
    "a:\n  - b\n - c", "'unterminated", "a: b: c", "---\n---\n", "\ufeff\x00", "a: |\n\tx",
])


@pytest.mark.slow
@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=yaml_text)
def test_loader_never_raises(tmp_path: Path, text: str) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    doc, problems = load_document(path, "f.yaml")
    assert (doc is None) == bool(problems) or doc is not None
    for problem in problems:
        assert problem.path == "f.yaml" and problem.line >= 1 and problem.column >= 1


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "title", "kind", "countries", "participants", "period",
                         "sources", "themes", "x", "budget"]), inner, max_size=5),
    max_leaves=20)


@pytest.mark.slow
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(record=st.dictionaries(
    st.sampled_from(["id", "title", "kind", "countries", "participants", "period", "sources",
                     "last_reviewed", "themes", "budget", "description", "extra"]),
    json_values, max_size=8))
def test_validator_gives_records_or_located_errors(tmp_path: Path, record: dict) -> None:  # type: ignore[type-arg]
    import yaml

    project = tmp_path / "p"
    if not project.exists():
        shutil.copytree(FIXTURES / "mini", project)
    path = project / "evidence" / "activities" / "fuzz.yaml"
    path.write_text(yaml.safe_dump(record, allow_unicode=True))
    try:
        load_evidence(project)
    except EvidenceError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.path.startswith("evidence/")
            assert problem.line >= 1 and problem.column >= 1
