"""The project's configuration: the `evidence` block of mkdocs.yml, one typed model."""

from .options import (
    DEFAULT_PDF_FILE,
    LICENCES,
    About,
    IatiPublisher,
    Identity,
    PdfOptions,
    ProjectConfig,
)
from .read import SiteInfo, docs_pages, load_project_config, read_config

__all__ = ["DEFAULT_PDF_FILE", "LICENCES", "About", "IatiPublisher", "Identity", "PdfOptions",
           "ProjectConfig", "SiteInfo", "docs_pages", "load_project_config", "read_config"]
