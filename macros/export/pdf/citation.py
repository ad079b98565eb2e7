"""The review itself as a work to cite: its suggested citation, in the project's style."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ...config import PdfOptions

REVIEW_ID = "this-review"
"""CSL id of the review itself, for its suggested citation."""


def review_csl_item(settings: PdfOptions, edition: str, date: dt.date,
                    site_url: str = "") -> dict[str, Any]:
    """The review itself as a CSL-JSON item, formatted by the project's style into its
    suggested citation."""
    item: dict[str, Any] = {
        "id": REVIEW_ID, "type": "report",
        "title": f"{settings.title}: {settings.subtitle}" if settings.subtitle else settings.title,
        "issued": {"date-parts": [[date.year, date.month, date.day]]},
    }
    if settings.authors:
        item["author"] = [_name(a) for a in settings.authors]
    elif settings.organisation:
        item["author"] = [{"literal": settings.organisation}]
    if settings.organisation:
        item["publisher"] = settings.organisation
    if settings.place:
        item["publisher-place"] = settings.place
    if settings.series:
        item["collection-title"] = settings.series
    if edition and edition != "1":
        item["edition"] = edition
    url = settings.url or site_url
    if url:
        item["URL"] = url
    return item


def _name(text: str) -> dict[str, str]:
    family, comma, given = text.partition(",")
    if not comma:
        return {"literal": text}
    return {"family": family.strip(), "given": given.strip()}
