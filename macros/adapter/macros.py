"""mkdocs-macros pluglet: registers the core's macros (`render/macros.py`) for hand-written
pages, e.g. `{{ record_counts() }}`."""

from __future__ import annotations

from typing import Any

from ..render.macros import PageMacros
from .plugin import plugin_of


def define_env(env: Any) -> None:
    macros = PageMacros(build=lambda: plugin_of(env.conf),
                        page=lambda: str(env.page.file.src_uri))
    for name, function in macros.registry().items():
        env.macro(function, name)
