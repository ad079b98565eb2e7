"""Core of the living evidence review: load, validate, index and render evidence records.

Nothing here imports MkDocs except the thin adapters `mkdocs_plugin` and `mkdocs_macros`.
"""

from .errors import EvidenceError, Problem
from .evidence import Evidence, load_evidence

__all__ = ["Evidence", "EvidenceError", "Problem", "load_evidence"]
