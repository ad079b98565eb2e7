"""What `mkdocs serve` keeps between rebuilds: one object, made once per serve and handed to
the core, which reuses what an edit cannot have changed."""

from __future__ import annotations

from ..evidence import RecordCache
from ..export.data import ExportCache
from .views.record import RecordPageCache


class ServeCache:
    """Records of unchanged files, record pages whose inputs did not change, each record's
    rows in the data downloads, and (under `--dirty`) each generated page's Markdown."""

    def __init__(self, dirty: bool = False) -> None:
        self.records = RecordCache()
        self.record_pages = RecordPageCache()
        self.exports = ExportCache()
        self.previous: dict[str, str] | None = {} if dirty else None
        """Under `mkdocs serve --dirty`: each generated page's Markdown in the previous build."""

    def unchanged(self, src: str, markdown: str) -> bool:
        """Under `mkdocs serve --dirty`: whether a generated page is the same as last time."""
        if self.previous is None:
            return False
        unchanged = self.previous.get(src) == markdown
        self.previous[src] = markdown
        return unchanged
