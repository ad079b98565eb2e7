"""The living review says at least what the K4DD original says: each list the original gives
is on the review page, item by item, drawn from the records by the `items` macro.

The expected items are copied by hand from the K4DD source text
(/work/shared/sources/k4dd-rapid-evidence-review-donor-activity-lac.txt, the sections named),
not from the records. The Spanish page is checked in its Markdown (the same `items(...)` calls
as the English page) until the two-language build publishes it; the English page is checked
as built.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from helpers import REPO

pytestmark = pytest.mark.slow  # reads the built site

LISTS = {
    # ILO, sec. 3.3: the five thematic areas of the labour migration strategy
    "ILO's five thematic areas": (
        'items("strategies/ilo-labour-migration-strategy-2023-2030", "structure")', [
            "Labour migration governance and policy coherence",
            "Fair Recruitment",
            "Access to employment and improvement of working conditions",
            "Labour mobility, training, certification and recognition of skills, including "
            "prior learning",
            "Social protection and social cohesion"]),
    # ILO, sec. 3.3: the seven priority axes of the Venezuela strategy
    "the seven axes of ILO's Venezuela strategy": (
        'items("strategies/ilo-venezuela-socio-economic-integration-strategy", "structure", '
        'kind="priority-axis")', [
            "Regularisation and profiling of the population from Venezuela",
            "Professional training and recognition of qualifications and competencies",
            "Employment promotion", "Entrepreneurship and business development",
            "Financial inclusion", "Access to social protection", "Social cohesion"]),
    # ILO, sec. 3.3: its three objectives
    "the three objectives of ILO's Venezuela strategy": (
        'items("strategies/ilo-venezuela-socio-economic-integration-strategy", "structure", '
        'kind="objective")', [
            "To reduce the levels of socioeconomic vulnerability of refugees and other migrants "
            "from Venezuela",
            "To maximize the contribution of this population to the economies of the recipient "
            "countries",
            "To promote social cohesion through initiatives that also benefit the host "
            "communities"]),
    # UNESCO, sec. 3.7
    "UNESCO's four pillars": (
        'items("strategies/unesco-human-mobility-strategy-2022-2025", "structure")', [
            "strengthening multilateral regional education response to human mobility",
            "planning for inclusive and equitable access to education systems",
            "ensuring provision of inclusive and enabling educational and social environments",
            "lifelong learning opportunities and recognition of previous education"]),
    # UNNM-LAC, sec. 3.1: the four priorities of the Work Plan 2023-2024
    "the UN Network's four priorities": (
        'items("strategies/unnm-lac-work-plan-2023-2024", "structure")', [
            "Ensure effective, timely and coordinated support from the whole United Nations "
            "System to the Member States in the implementation, follow-up, and review of the "
            "Global Compact at regional level",
            "Strengthen technical support for national networks on migration",
            "Guarantee the Global Compact’s whole-of-society approach",
            "Encourage the adoption of one common voice in the Regional Network regarding the "
            "Global Compact"]),
    # EUROFRONT, sec. 3.2: the four pilot border crossings
    "EUROFRONT's four border crossings": ('items("activities/eurofront", "sites")', [
        "Rumichaca border (Colombia, Ecuador)", "Desaguadero border (Peru, Bolivia)",
        "Triple Frontier region (Argentina, Brazil, Paraguay)",
        "Aguas Blancas-Bermejo border (Argentina, Bolivia)"]),
    # R4V, sec. 2: what its partners helped refugees and migrants to access, and supported
    "R4V's services": ('items("mechanisms/r4v", "services")', [
        "food assistance", "nutritional counselling",
        "safe water, sanitation and waste management services",
        "hygiene items (including menstrual health products)", "primary health care",
        "mental health and psychosocial services (MHPSS)",
        "sexual and reproductive health services", "housing", "safe transportation services",
        "strengthening access to territory, asylum procedures and regularization initiatives",
        "specialized protection services",
        "recognition of professional degrees and certification processes",
        "cash and voucher assistance to ensure access to school supplies, meals and "
        "transportation"]),
}


def normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip().casefold()


def list_items(page: Path) -> list[str]:
    """The text of every item of the article's `ev-items` lists."""
    text = page.read_text(encoding="utf-8")
    lists = re.findall(r'<ul class="ev-items">(.*?)</ul>', text, re.S)
    return [normal(html.unescape(re.sub(r"<[^>]+>", "", item)))
            for block in lists for item in re.findall(r"<li>(.*?)</li>", block, re.S)]


@pytest.mark.parametrize("name", list(LISTS))
def test_each_item_of_the_original_is_on_the_review_page(repo_site: Path, name: str) -> None:
    _, expected = LISTS[name]
    shown = list_items(repo_site / "review" / "index.html")
    for item in expected:
        assert any(s.startswith(normal(item)) for s in shown), f"{name}: {item!r} not listed"


@pytest.mark.parametrize("name", list(LISTS))
def test_spanish_page_draws_the_same_list(name: str) -> None:
    call, _ = LISTS[name]
    for page in ("index.md", "index.es.md"):
        text = (REPO / "docs" / "review" / page).read_text(encoding="utf-8")
        assert "{{ " + call + " }}" in text, (page, call)
