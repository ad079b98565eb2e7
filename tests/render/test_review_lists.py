"""The living review says at least what its sources say: each list the K4DD original, IOM's
strategy and MIEUX's factsheet give is on the page made from that source, item by item, drawn
from the records by the `items` and `mieux_area_list` macros.

The expected items are copied by hand from the source texts in /work/shared/sources/ (the
sections named), not from the records. The Spanish pages are checked in their Markdown (the
same macro calls as the English pages) until the two-language build publishes them; the
English pages are checked as built.
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


IOM = "strategies/iom-regional-strategy-cnac-2020-2024"
OTHER_PAGES = {  # page → {list: (macro call, items)}, from the IOM strategy and the factsheet
    "iom-strategy": {
        # sec. 2.1.1
        "IOM's opportunities": (f'items("{IOM}", "opportunities")', [
            "IOM is a lead actor in regional initiatives and processes that provide guiding "
            "frameworks and identify priorities validated by Member States.",
            "Attention throughout the region on the need to address migration and displacement "
            "linked to climate change and environment degradation has increased.",
            "There is strong emphasis on legal frameworks and the rights of migrants.",
            "As the Coordinator of the United Nations Network on Migration, IOM can apply its "
            "experiences, tools and approaches to a wide range of migration challenges",
            "IOM's Regional Knowledge Hub on Migration"]),
        # sec. 2.1.2
        "IOM's challenges": (f'items("{IOM}", "challenges")', [
            "A socioeconomic context marked by poverty and inequality and exacerbated by "
            "corruption",
            "The COVID-19 pandemic and its health and socioeconomic impacts have provoked a "
            "major economic slowdown in the region",
            "Regional processes and initiatives do not always work in synergy",
            "There is further need to integrate migration into other policy areas",
            "The involvement and participation of the private sector, an essential actor in "
            "labour migration, is often limited."]),
        # sec. 5
        "IOM's institutional development": (f'items("{IOM}", "institutional_development")', [
            "Improve IOM's capacity to collect and analyse migration and internal displacement "
            "data",
            "Strengthen the capacity to engage in regional initiatives, create synergies among "
            "them and fulfil its role as the Coordinator of the United Nations Network on "
            "Migration",
            "Strengthen IOM's resource mobilization capacity",
            "Strengthen the technical capacity of staff across thematic areas, as well as in "
            "administration and finance",
            "Strengthen strategic communication", "Expand knowledge management"]),
        # Annex 1, The work of IOM in the region
        "IOM's thematic areas in the region": (f'items("{IOM}", "thematic_areas")', [
            "Disaster prevention, preparedness and response",
            "Post-crisis transition and recovery", "Refugee resettlement",
            "Migration, environment and climate change",
            "Protection and assistance for vulnerable migrants",
            "Safe and dignified assisted voluntary return and sustainable reintegration",
            "Migration health, including mental health and psychosocial support",
            "Labour mobility and human development", "Counter-trafficking",
            "Immigration and border management"]),
    },
    "mieux": {
        # MIEUX Actions in LAC according to thematic areas
        "MIEUX's thematic areas": ('mieux_area_list("thematic-area")', [
            "Irregular Migration and Trafficking in Human Beings", "Horizontal Interventions",
            "Legal Migration", "International Protection and Asylum"]),
        # Thematic areas within horizontal interventions
        "MIEUX's horizontal interventions": ('mieux_area_list("horizontal-intervention")', [
            "Capacity Development and Training", "Consular Affairs", "Human Rights",
            "Unaccompanied Minors", "Migration Policy/Strategy Development", "Migration Data",
            "Public Relations/Communication/Information"]),
    },
}
CASES = [("index", name, *LISTS[name]) for name in LISTS] + [
    (page, name, call, items) for page, lists in OTHER_PAGES.items()
    for name, (call, items) in lists.items()]


def normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip().casefold()


def list_items(page: Path) -> list[str]:
    """The text of every item of the article's `ev-items` lists."""
    text = page.read_text(encoding="utf-8")
    lists = re.findall(r'<ul class="ev-items">(.*?)</ul>', text, re.S)
    return [normal(html.unescape(re.sub(r"<[^>]+>", "", item)))
            for block in lists for item in re.findall(r"<li>(.*?)</li>", block, re.S)]


def built_page(site: Path, page: str) -> Path:
    return site / "review" / ("index.html" if page == "index" else f"{page}/index.html")


@pytest.mark.parametrize(("page", "name", "call", "expected"), CASES,
                         ids=[f"{c[0]}: {c[1]}" for c in CASES])
def test_each_item_of_the_source_is_on_its_page(repo_site: Path, page: str, name: str,
                                                call: str, expected: list[str]) -> None:
    shown = list_items(built_page(repo_site, page))
    for item in expected:
        assert any(s.startswith(normal(item)) for s in shown), f"{name}: {item!r} not listed"
    # each item once, and the list in the source's order
    positions = [next(i for i, s in enumerate(shown) if s.startswith(normal(item)))
                 for item in expected]
    assert positions == sorted(positions) and len(set(positions)) == len(expected)


@pytest.mark.parametrize(("page", "name", "call", "expected"), CASES,
                         ids=[f"{c[0]}: {c[1]}" for c in CASES])
def test_spanish_page_draws_the_same_list(page: str, name: str, call: str,
                                          expected: list[str]) -> None:
    for source in (f"{page}.md", f"{page}.es.md"):
        text = (REPO / "docs" / "review" / source).read_text(encoding="utf-8")
        assert "{{ " + call + " }}" in text, (source, name)
