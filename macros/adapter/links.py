"""The links of every page to its source and to the error report, when the site names its
repository (`repo_url` in mkdocs.yml; hidden when it does not).

- "Edit this record" / "Edit this page": GitHub's web editor for the file the page is made
  from, MkDocs' `page.edit_url` (`repo_url` + `edit_uri` + the file's `edit_uri`). A record's
  page is generated, so MkDocs gives it no file to edit: its file's `edit_uri` is pointed at the
  record's YAML, relative to the docs folder (`../evidence/activities/x.yaml`), which the URL
  resolves as GitHub does (`.../edit/main/evidence/activities/x.yaml`).
- "Report an error": the repository's issue form `report-an-error.yml` (on Spanish pages
  `report-an-error-es.yml`), its fields prefilled by query parameters named by their ids, as
  GitHub's issue forms take them: `page` (the page's address) and `record` (the record's
  file, on a record's page).

`overrides/partials/actions.html` shows them, with labels from the message catalogue.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlencode

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..evidence import Evidence
from ..render.layout import Layout
from ..render.text import _, language

FORMS = {"en": "report-an-error.yml", "es": "report-an-error-es.yml"}
"""The issue form of each language (.github/ISSUE_TEMPLATE/)."""


def point_edits_at_records(files: Files, evidence: Evidence, layout: Layout,
                           config: MkDocsConfig) -> dict[str, str]:
    """Give each record's generated page the record's YAML as the file to edit; return the
    record file of each record page, by the page's source path."""
    docs = Path(config.docs_dir)
    root = Path(config.config_file_path).parent
    sources = {}
    for record in evidence.all_records():
        src = layout.record_src(record.collection, record.id)
        file = files.get_file_from_path(src)
        if file is None:
            continue
        source = evidence.source_path(record)
        file.edit_uri = Path(os.path.relpath(root / source, docs)).as_posix()
        sources[src] = source
    return sources


def page_actions(page: Page, config: MkDocsConfig,
                 record_files: dict[str, str]) -> dict[str, str] | None:
    """What overrides/partials/actions.html shows for a page: None without `repo_url`."""
    repo = (config.repo_url or "").rstrip("/")
    if not repo:
        return None
    record = record_files.get(page.file.src_uri)
    address = page.canonical_url or "/" + page.url
    fields = {"template": FORMS.get(language(), FORMS["en"]), "page": address}
    if record:
        fields["record"] = record
    return {
        "label": _("Page actions"),
        "edit": _("Edit this record") if record else _("Edit this page"),
        "report": _("Report an error"),
        "report_url": f"{repo}/issues/new?{urlencode(fields)}",
    }
