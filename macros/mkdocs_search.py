"""The `evidence-search` plugin at the entry point's path: see adapter/search.py."""

from .adapter.search import PagefindSearchPlugin

__all__ = ["PagefindSearchPlugin"]
