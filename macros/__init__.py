"""Core of the living evidence review: load, validate, index and render evidence records.

    evidence = load_evidence(Path("."))          # every record, validated, or EvidenceError
    site = generate_site(evidence)               # every generated page and data file

Nothing here imports MkDocs: `macros.adapter` plugs the core into it (see the README's "How
it is built" for the stages and their packages).
"""

from .config import ProjectConfig
from .errors import EvidenceError, Problem
from .evidence import Evidence, load_evidence
from .render.site import generate_site

__all__ = ["Evidence", "EvidenceError", "Problem", "ProjectConfig", "generate_site",
           "load_evidence"]
