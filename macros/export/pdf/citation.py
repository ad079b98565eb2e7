"""The review itself as a work to cite: its suggested citation, in the project's style, from
the identity block (who made it, who published it, in which series, where it is read)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ...config import Identity, PdfOptions
from ...render.text import _

REVIEW_ID = "this-review"
"""CSL id of the review itself, for its suggested citation."""


def published_identity(identity: Identity, site_url: str = "", repo_url: str = "") -> Identity:
    """The identity block with MkDocs' `site_url` and `repo_url` standing in for the site and
    repository addresses it does not set."""
    return identity.model_copy(update={"site": identity.site or site_url,
                                       "repository": identity.repository or repo_url})


def review_csl_item(settings: PdfOptions, identity: Identity, edition: str,
                    date: dt.date) -> dict[str, Any]:
    """The review itself as a CSL-JSON item (a report), formatted by the project's style into
    its suggested citation. `identity` as `published_identity` gives it. Nothing the
    configuration leaves unset is filled in."""
    item: dict[str, Any] = {
        "id": REVIEW_ID, "type": "report",
        "title": f"{settings.title}: {settings.subtitle}" if settings.subtitle else settings.title,
        "issued": {"date-parts": [[date.year, date.month, date.day]]},
    }
    if identity.authors:
        item["author"] = [csl_name(a) for a in identity.authors]
    elif identity.organisation:
        item["author"] = [{"literal": identity.organisation}]
    if identity.organisation:
        item["publisher"] = identity.organisation
    if identity.place:
        item["publisher-place"] = identity.place
    # A report's series and number, as CSL styles print them ("K4DD Helpdesk Report 7"):
    # the genre and the number of the report.
    if identity.series:
        item["genre"] = identity.series
    elif identity.report_number:
        item["genre"] = _("Report")
    if identity.report_number:
        item["number"] = identity.report_number
    if edition and edition != "1":
        item["edition"] = edition
    if identity.site:
        item["URL"] = identity.site
    if identity.doi:
        item["DOI"] = identity.doi
    return item


def csl_name(text: str) -> dict[str, str]:
    """'Family, Given' → a person's name; a collective name (no comma) → a literal, its first
    letter a capital (it opens the citation: 'The contributors to the living review')."""
    family, comma, given = text.partition(",")
    if not comma:
        return {"literal": sentence_start(text)}
    return {"family": family.strip(), "given": given.strip()}


def sentence_start(text: str) -> str:
    """The text with a capital first letter ('the contributors' → 'The contributors')."""
    return text[:1].upper() + text[1:]
