"""The `evidence` plugin at the entry point's path: see adapter/plugin.py."""

from .adapter.plugin import EvidencePlugin, plugin_of

__all__ = ["EvidencePlugin", "plugin_of"]
