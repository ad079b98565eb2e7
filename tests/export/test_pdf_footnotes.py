"""Footnotes that do not fit on the page of their call: the layout tries again, moving a late
note's paragraph to the next page, but never moves the same paragraph twice (each try lays the
whole document out again), and says which notes stayed late."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.export.pdf.layout import render_pdf

pytestmark = pytest.mark.weasyprint

CSS = (Path(__file__).resolve().parents[2] / "macros" / "export" / "pdf" / "pdf.css").read_text(
    encoding="utf-8")


def note(n: int, lines: int) -> str:
    text = " ".join(f"Long note {n} line {i} with words enough to fill a line of the foot."
                    for i in range(lines))
    return (f'<span class="fn-call" id="p--fncall-{n}"></span>'
            f'<span class="footnote" id="p--fn-{n}">{text}</span>')


def document(body: str) -> str:
    return f"<!DOCTYPE html><html lang='en'><head><title>T</title><style>{CSS}</style></head>" \
           f"<body>{body}</body></html>"


def test_a_paragraph_whose_notes_never_fit_is_moved_once(tmp_path: Path) -> None:
    # Four notes of 40 lines each: together they fill more than a page's foot wherever the
    # paragraph goes.
    filler = "".join(f"<p>Filler paragraph {i} of ordinary text.</p>" for i in range(30))
    late = "<p>Claim" + "".join(f" word{n}{note(n, 40)}" for n in range(1, 5)) + " end.</p>"
    said: list[str] = []
    rendered = render_pdf(document(filler + late), "x", tmp_path, progress=said.append)
    moves = [line for line in said if "moves to the next page" in line]
    assert len(moves) == 1, said
    assert len(rendered.warnings) == 1
    assert "did not help" in rendered.warnings[0]
    assert "p--fncall-" in rendered.warnings[0]


def test_notes_that_fit_need_no_second_layout(tmp_path: Path) -> None:
    body = "".join(f"<p>Claim {n}{note(n, 1)}.</p>" for n in range(1, 6))
    said: list[str] = []
    rendered = render_pdf(document(body), "x", tmp_path, progress=said.append)
    assert rendered.warnings == [] and not [s for s in said if "next page" in s]
