"""Project settings, read from the `evidence` plugin's block in mkdocs.yml.

The CLI and the site must agree (which folder, which bibliography, when a record is stale), so
both read the same block; the core parses it with plain YAML and does not import MkDocs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Settings:
    """Options of the `evidence` plugin, with their defaults."""

    evidence_dir: str = "evidence"
    """Folder of record collections, relative to mkdocs.yml."""
    docs_dir: str = "docs"
    """MkDocs' folder of hand-written pages (its own top-level option), for their citations."""
    bibliography: str = "bibliography.bib"
    """BibTeX file holding every source."""
    stale_after_days: int = 365
    """A record not reviewed for this many days is listed as needing review."""
    edition: str = "1"
    """Edition of the review, shown on the site and in the PDF."""
    edition_date: dt.date | None = None
    """Date of the edition; the build date when not set."""

    @classmethod
    def from_options(cls, options: dict[str, Any]) -> Settings:
        known = {k: v for k, v in options.items() if k in cls.__dataclass_fields__}
        if isinstance(known.get("edition_date"), str):
            known["edition_date"] = dt.date.fromisoformat(known["edition_date"])
        if "edition" in known:
            known["edition"] = str(known["edition"])
        return cls(**known)


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml even when it uses MkDocs' own tags (!ENV, !relative)."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def load_settings(root: Path) -> Settings:
    """Settings of the project at `root` (defaults when it has no mkdocs.yml)."""
    path = root / "mkdocs.yml"
    if not path.exists():
        return Settings()
    config = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    options: dict[str, Any] = {"docs_dir": str(config.get("docs_dir") or "docs")}
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "evidence" in plugin:
            options.update(plugin["evidence"] or {})
    return Settings.from_options(options)
