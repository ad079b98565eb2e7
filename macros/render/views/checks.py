"""What a macro is asked for must exist: an unknown id, theme, key or country fails the build,
naming the file it expected."""

from __future__ import annotations

from ...errors import ReviewError, UnknownCountry
from ...model.geography import normalise_country
from ..context import ViewContext
from ..text import noun


class Checks:
    def __init__(self, context: ViewContext) -> None:
        self.context = context

    def id(self, collection: str, ident: str | None) -> None:
        if ident is not None and ident not in self.context.evidence.records[collection]:
            raise ReviewError(f"no {noun(collection, 1)} with id {ident!r} "
                              f"(evidence/{collection}/{ident}.yaml does not exist)")

    def theme(self, theme: str | None) -> None:
        if theme is not None and theme not in self.context.themes:
            raise ReviewError(f"no theme {theme!r} in evidence/themes.yaml")

    def key(self, key: str | None) -> None:
        if key is not None and key not in self.context.evidence.bibliography.entries:
            raise ReviewError(f"no source {key!r} in the bibliography")

    def country(self, code: str | None) -> str | None:
        """The code as ISO 3166-1 alpha-2, or None when none is asked for."""
        if code is None:
            return None
        try:
            return normalise_country(code)
        except UnknownCountry:
            raise ReviewError(f"{code!r} is not an ISO 3166-1 country code") from None
