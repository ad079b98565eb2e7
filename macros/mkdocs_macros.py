"""The mkdocs-macros pluglet at the path mkdocs.yml names (`modules:`): see adapter/macros.py."""

from .adapter.macros import define_env

__all__ = ["define_env"]
