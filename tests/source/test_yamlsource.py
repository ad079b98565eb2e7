"""The record file reader: positions, and the YAML features records must not use."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import REPO

from macros.source.yaml import format_loc, load_document


def load(tmp_path: Path, content: str | bytes) -> tuple[object, list[str]]:
    path = tmp_path / "r.yaml"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    doc, problems = load_document(path, "r.yaml")
    return (doc.data if doc else None), [str(p) for p in problems]


def test_positions_of_values_and_keys(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("id: x\ncountries:\n  - CO\n  - EC\nperiod: {start: 2020}\n")
    doc, problems = load_document(path, "r.yaml")
    assert not problems and doc is not None
    assert doc.position(("countries", 1)) == (4, 5)
    assert doc.position(("period", "start")) == (5, 17)
    assert doc.position(("period",), key=True) == (5, 1)
    # An unknown location falls back to its nearest known ancestor.
    assert doc.position(("period", "end")) == (5, 9)


def test_duplicate_keys_are_errors_not_silently_merged(tmp_path: Path) -> None:
    data, problems = load(tmp_path, "a: 1\nb:\n  c: 1\n  c: 2\n")
    assert problems == ["r.yaml:4:3: b.c: duplicate key 'c' (first defined on line 3)\n"
                        "  hint: YAML would silently keep only the last one: merge or remove one"]
    assert data == {"a": 1, "b": {"c": 1}}


def test_aliases_are_refused_so_alias_bombs_cannot_expand(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8))
    _data, problems = load(tmp_path, bomb)
    assert problems and all("YAML aliases are not allowed" in p for p in problems)


def test_unsafe_tags_are_refused(tmp_path: Path) -> None:
    _, problems = load(tmp_path, "a: !!python/object/apply:os.system [x]\n")
    assert problems == [
        "r.yaml:1:4: a: YAML tag '!!python/object/apply:os.system' is not allowed\n"
        "  hint: records hold plain text, numbers, lists and mappings only"]


@pytest.mark.parametrize(("content", "expected"), [
    (b"", "r.yaml:1:1: file is empty"),
    (b"a: 1\nb: \xff\n", "r.yaml:2:4: expected UTF-8 text, got byte 0xff"),
    ("a:\n\t- x\n", "r.yaml:2:1: a[0]: expected an indentation of 2 spaces, got a tab"),
    ("a: 1\n---\nb: 2\n", "r.yaml:2:1: YAML syntax error"),
])
def test_unreadable_files_get_a_located_error(tmp_path: Path, content: str | bytes,
                                              expected: str) -> None:
    data, problems = load(tmp_path, content)
    assert data is None
    assert problems[0].startswith(expected)


def test_bom_and_crlf_are_read_normally(tmp_path: Path) -> None:
    data, problems = load(tmp_path, b"\xef\xbb\xbfid: x\r\ntitle: T\r\n")
    assert problems == [] and data == {"id": "x", "title": "T"}


def test_dates_stay_text_for_the_model_to_check(tmp_path: Path) -> None:
    data, _ = load(tmp_path, "d: 2024-05-01\nn: 3\nf: 1.5\nb: true\nz: null\n")
    assert data == {"d": "2024-05-01", "n": 3, "f": 1.5, "b": True, "z": None}


def test_format_loc() -> None:
    assert format_loc(("structure", 0, "items", 3, "title")) == "structure[0].items[3].title"
    assert format_loc(()) == ""


# The fast reader (no positions) must give exactly what the careful reader gives, or leave the
# file to it: messages and values must not depend on which one read a file.

TRICKY = [
    "a: 1\nb: 1.5\nc: true\nd: null\ne: ~\nf: 2024-05-31\ng: '2024-05-31'\nh: 0x1f\ni: 1_000\n",
    "a: yes\nb: No\nc: .inf\nd: -.NaN\ne: 0o17\nf: 1:20\ng: ''\nh:\ni: !!str 12\n",
    "a: [1, [2, [3]], {b: c}]\nd: {e: {f: [g, h]}}\n", "- a\n- b\n", "plain text\n",
    "a: &x 1\nb: *x\n", "a: 1\na: 2\n", "1: a\n", "? [a]\n: b\n", "a: !!binary AAAA\n",
    "a: !!set {b, c}\n", "a: !!omap [b: 1]\n", "a: !custom x\n", "a: !!float 1\n",
    "a: ! x\n", "%YAML 1.1\n---\na: 1\n", "--- a\n...\n", "a: |\n  x\n  y\nb: >\n  z\n",
    "a: 'it''s'\nb: \"\\u00e9\\n\"\n", "\ufeffa: 1\n", "a: 1\n---\nb: 2\n", "",
    "[" * 40 + "]" * 40 + "\n", "a: [" * 33 + "]" * 33 + "\n", "a: b: c\n",
]


def careful(text: str) -> object:
    import yaml

    from macros.source.yaml import Document, _Converter, _Loader
    node = yaml.compose(text, Loader=_Loader)
    problems: list[object] = []
    data = _Converter(Document("x", None), problems).convert(node, ()) if node else None
    return data if not problems and node is not None else "refused"


@pytest.mark.parametrize("text", TRICKY)
def test_fast_reader_agrees_with_careful_reader(text: str) -> None:
    import yaml

    from macros.source.yaml import _read_plain, _Refused

    try:
        fast: object = _read_plain(text)
    except (_Refused, yaml.YAMLError):
        return  # left to the careful reader
    assert fast == careful(text)


def test_fast_reader_agrees_on_every_record_of_the_review() -> None:
    from macros.source.yaml import _read_plain

    files = sorted(REPO.glob("evidence/**/*.yaml"))
    assert len(files) > 50
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        assert _read_plain(text) == careful(text), path
