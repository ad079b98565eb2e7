"""`evidence`: the contributor's command line (commands.py), and what its commands write:
record templates (scaffold), JSON Schemas (schemas), link checks (linkcheck)."""

from .commands import main

__all__ = ["main"]
