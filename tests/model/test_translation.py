"""Record text in Spanish with its provenance: validated with positions, numbers checked against
the English text, stale translations listed and marked, untranslated text marked lang="en"."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from macros import EvidenceError, load_evidence
from macros.model import COLLECTIONS
from macros.model.translation import fingerprint, numbers, other_names
from macros.render.context import Edition, ViewContext
from macros.render.text import writing_language
from macros.render.views.links import Links
from macros.render.views.living import LivingPages
from macros.render.views.record import RecordPage
from tests.helpers import copy_mini

FIGURE = Path("evidence/figures/figure-f.yaml")
AGENCY = Path("evidence/organisations/agency-a.yaml")


def english_fingerprint(fields: dict[str, object]) -> str:
    """Recomputed here from the rule the module documents: SHA-256 of the English values as
    JSON by field name, its first 12 hex digits."""
    data = json.dumps(dict(sorted(fields.items())), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(data.encode()).hexdigest()[:12]


def add(project: Path, path: Path, yaml_text: str) -> None:
    file = project / path
    file.write_text(file.read_text() + yaml_text)


def problems(project: Path) -> list[str]:
    try:
        load_evidence(project)
    except EvidenceError as exc:
        return [str(p) for p in exc.problems]
    return []


MEASURE = "Activities implemented by Platform P."


def figure_translation(measure: str, original: str | None = None) -> str:
    fp = original or english_fingerprint({"measure": MEASURE})
    return ("translations:\n  es:\n"
            f"    measure: {json.dumps(measure, ensure_ascii=False)}\n"
            "    provenance:\n      by: tool\n      reviewed: false\n      date: 2026-12-02\n"
            f"      original: '{fp}'\n")


def test_fingerprint_is_the_english_text(tmp_path: Path) -> None:
    mini = copy_mini(tmp_path / "p")
    add(mini, FIGURE, figure_translation("Actividades ejecutadas por la Plataforma P."))
    assert problems(mini) == []
    figure = load_evidence(mini).records["figures"]["figure-f"]
    assert fingerprint(figure, ["measure"]) == english_fingerprint({"measure": MEASURE})


def test_numbers_compared_without_separators() -> None:
    assert numbers("35,600 people in 2019") == numbers("35.600 personas en 2019")
    assert numbers("35 600 personas") == numbers("35,600 people")
    assert numbers("2.5 per cent") == numbers("2,5 %")
    assert numbers("Target 10.c") == numbers("meta 10.c")
    assert numbers("2019 20 people") != numbers("201920 people")


def test_an_added_number_is_refused_with_its_place(tmp_path: Path) -> None:
    mini = copy_mini(tmp_path / "p")
    add(mini, FIGURE, figure_translation("Las 12 actividades ejecutadas por la Plataforma P."))
    found = problems(mini)
    assert len(found) == 1
    line = (mini / FIGURE).read_text().splitlines().index(
        '    measure: "Las 12 actividades ejecutadas por la Plataforma P."') + 1
    assert found[0].startswith(f"evidence/figures/figure-f.yaml:{line}:")
    assert "translations.es.measure" in found[0] and "added 12" in found[0]


def test_a_dropped_year_is_refused(tmp_path: Path) -> None:
    mini = copy_mini(tmp_path / "p")
    text = (mini / AGENCY).read_text().replace("name: Agency A", "name: Agency A 2019")
    (mini / AGENCY).write_text(text + "translations:\n  es:\n    name: Agencia A\n"
                               "    provenance: {by: person, reviewed: true, date: 2026-12-02,"
                               f" original: '{english_fingerprint({'name': 'Agency A 2019'})}'}}\n")
    found = problems(mini)
    assert len(found) == 1 and "translations.es.name" in found[0] and "dropped 2019" in found[0]


def test_unknown_field_missing_fingerprint_and_bad_provenance(tmp_path: Path) -> None:
    mini = copy_mini(tmp_path / "p")
    add(mini, AGENCY, "translations:\n  es:\n    name: Agencia A\n"
        "    provenance: {by: robot, date: 2026-12-02}\n")
    found = "\n".join(problems(mini))
    assert "translations.es.provenance.by" in found and "'robot'" in found
    mini1 = copy_mini(tmp_path / "o")
    add(mini1, AGENCY, "translations:\n  es:\n    nombre: Agencia A\n"
        "    provenance: {by: tool, date: 2026-12-02}\n")
    found = "\n".join(problems(mini1))
    assert "translations.es.nombre: expected a text field of the record" in found
    mini2 = copy_mini(tmp_path / "q")
    add(mini2, AGENCY, "translations:\n  es:\n    name: Agencia A\n"
        "    provenance: {by: tool, date: 2026-12-02}\n")
    found = "\n".join(problems(mini2))
    assert "translations.es.provenance.original" in found
    assert f"original: {english_fingerprint({'name': 'Agency A'})}" in found  # the hint's value


def _context(project: Path) -> ViewContext:
    import datetime as dt
    return ViewContext(load_evidence(project), edition=Edition(date=dt.date(2026, 12, 2)))


def test_stale_translation_listed_and_marked(tmp_path: Path) -> None:
    mini = copy_mini(tmp_path / "p")
    add(mini, FIGURE, figure_translation("Actividades ejecutadas por la Plataforma P.",
                                         original=english_fingerprint({"measure": "Old text."})))
    context = _context(mini)
    needs_review = LivingPages(context, None).needs_review()
    assert "Translations to check" in needs_review
    assert "figures/figure-f" in needs_review or "figure-f" in needs_review
    figure = context.evidence.records["figures"]["figure-f"]
    page = RecordPage(context, Links(context)).page(figure)
    assert "translation needs review" in page
    with writing_language("es"):
        page = RecordPage(context, Links(context)).page(figure)
    assert "la traducción requiere revisión" in page


def test_current_translation_not_listed(tmp_path: Path) -> None:
    mini = copy_mini(tmp_path / "p")
    add(mini, FIGURE, figure_translation("Actividades ejecutadas por la Plataforma P."))
    needs_review = LivingPages(_context(mini), None).needs_review()
    assert "Every translation is current." in needs_review


def test_spanish_text_shown_with_its_mark_english_marked_lang_en(tmp_path: Path) -> None:
    mini = copy_mini(tmp_path / "p")
    add(mini, FIGURE, figure_translation("Actividades ejecutadas por la Plataforma P."))
    context = _context(mini)
    figure = context.evidence.records["figures"]["figure-f"]
    with writing_language("es"):
        page = RecordPage(context, Links(context)).page(figure)
    assert "<p>Actividades ejecutadas por la Plataforma P.</p>" in page
    assert ">Traducción</span>" in page
    assert 'title="Traducido por una herramienta, sin revisar por una persona, ' \
           '2 de diciembre de 2026"' in page
    assert '<h1 lang="en">Activities of Platform P</h1>' in page  # title not translated
    english = RecordPage(context, Links(context)).page(figure)
    assert f"<p>{MEASURE}</p>" in english and "Traducción" not in english
    assert 'lang="en"' not in english


def test_other_names_include_spanish_names(tmp_path: Path) -> None:
    mini = copy_mini(tmp_path / "p")
    add(mini, AGENCY, "translations:\n  es:\n    name: Agencia A\n    acronym: AgA\n"
        "    provenance: {by: tool, date: 2026-12-02, original: '"
        + english_fingerprint({"name": "Agency A", "acronym": "AA"}) + "'}\n")
    assert problems(mini) == []
    context = _context(mini)
    agency = context.evidence.records["organisations"]["agency-a"]
    assert list(other_names(agency)) == ["AA", "Agencia A", "AgA"]
    page = RecordPage(context, Links(context)).page(agency)
    assert '<span lang="es">Agencia A</span>, <span lang="es">AgA</span>' in page  # searchable
    with writing_language("es"):
        assert agency.label == "Agencia A" and agency.short_name == "AgA"


@pytest.mark.parametrize("ident", ["iom", "unhcr", "sica"])
def test_repository_spanish_names(ident: str) -> None:
    """OIM and ACNUR (tool translations) and SICA (given by the IOM strategy's acronym list)."""
    evidence = load_evidence(Path(__file__).parents[2])
    record = evidence.records["organisations"][ident]
    expected = {"iom": "OIM", "unhcr": "ACNUR", "sica": "Sistema de la Integración "
                "Centroamericana"}[ident]
    assert expected in list(other_names(record))
    assert COLLECTIONS["organisations"] is type(record)


def test_amount_written_by_the_locale_is_not_marked_english() -> None:
    """'USD' is a currency the locale writes, not English text; a free unit is English."""
    root = Path(__file__).parents[2]
    context = _context(root)
    figure = context.evidence.records["figures"]["iom-remittances-mexico-2018"]
    with writing_language("es"):
        page = RecordPage(context, Links(context)).page(figure)
    assert '<p class="ev-figure-value">35.6\u00a0mil millones\u00a0USD (2018)</p>' in page
