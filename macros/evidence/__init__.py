"""The evidence of a project: every record loaded, validated (every problem collected, then
one failure) and cross-indexed; what the review's pages compute from it (`analysis`,
`coverage`)."""

from .index import Backlink, Evidence, stale_records, summary_line
from .load import VOCABULARY_FILE, RecordCache, load_evidence

__all__ = ["VOCABULARY_FILE", "Backlink", "Evidence", "RecordCache", "load_evidence",
           "stale_records", "summary_line"]
