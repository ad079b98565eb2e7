"""Where a build's time goes: one `mkdocs build` of a project, timed per plugin hook and per
stage, in this process (CPU time of the process, and of its children: Pandoc, Pagefind).

    .venv/bin/python -m benchmarks.profile_build PROJECT

Stages are functions wrapped for the run (no profiler: its overhead would distort the
shares); a stage's time excludes the stages it calls, so the shares add up. Hooks are timed
per event and plugin (`PluginCollection.run_event`); a hook's time includes the stages it
runs. Prints two Markdown tables.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import logging
import os
import resource
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

STAGES = {  # label: (module, attribute path) of the function whose time is the stage's
    "load + validate the records": ("macros.evidence.load", "load_evidence"),
    "generate pages (record pages, indexes, taxonomy, matrices)": (
        "macros.render.site", "SiteViews.pages"),
    "What's new, needs review, data page, feed": ("macros.render.views.living",
                                                   "LivingPages.pages"),
    "data export (CSV, JSON, data package)": ("macros.export.data", "export_files"),
    "git history": ("macros.source.git", "record_history"),
    "render Markdown (Python-Markdown, every page)": ("markdown.core", "Markdown.convert"),
    "templates (Jinja, Material's theme)": ("jinja2.environment", "Template.render"),
    "macros (mkdocs-macros on hand-written pages)": ("mkdocs_macros.plugin",
                                                      "MacrosPlugin.on_page_markdown"),
    "citations: scan pages": ("macros.adapter.plugin", "EvidencePlugin.scan_pages"),
    "citations: render (on_page_markdown)": ("macros.adapter.plugin",
                                             "EvidencePlugin.on_page_markdown"),
    "citations: in-text forms (on_page_context)": ("macros.adapter.plugin",
                                                   "EvidencePlugin.on_page_context"),
    "HTML blocks put back": ("macros.adapter.plugin", "EvidencePlugin.on_page_content"),
    "Pagefind: staging pages (on_post_page)": ("macros.adapter.search",
                                               "PagefindSearchPlugin.on_post_page"),
    "Pagefind: waiting for the index (on_post_build)": (
        "macros.adapter.search", "PagefindSearchPlugin.on_post_build"),
    "Material search plugin (on_page_context)": ("material.plugins.search.plugin",
                                                 "SearchPlugin.on_page_context"),
    "write files (MkDocs, atomic site)": ("mkdocs.utils", "write_file"),
}


class Clock:
    """Exclusive CPU and wall-clock time per stage."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = defaultdict(float)
        self.wall: dict[str, float] = defaultdict(float)
        self.stack: list[list[float]] = []

    def wrap(self, label: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            frame = [time.process_time(), time.perf_counter(), 0.0, 0.0]
            self.stack.append(frame)
            try:
                return function(*args, **kwargs)
            finally:
                self.stack.pop()
                cpu = time.process_time() - frame[0]
                wall = time.perf_counter() - frame[1]
                self.cpu[label] += cpu - frame[2]
                self.wall[label] += wall - frame[3]
                if self.stack:
                    self.stack[-1][2] += cpu
                    self.stack[-1][3] += wall
        return timed


def install(clock: Clock) -> None:
    for label, (module, path) in STAGES.items():
        owner: Any = importlib.import_module(module)
        *parents, name = path.split(".")
        for parent in parents:
            owner = getattr(owner, parent)
        setattr(owner, name, clock.wrap(label, getattr(owner, name)))
    # Modules that imported the functions by name keep their own references.
    for module, name, source in (("macros.adapter.plugin", "load_evidence", "macros.evidence.load"),
                                 ("macros.evidence", "load_evidence", "macros.evidence.load"),
                                 ("macros.render.site", "export_files", "macros.export.data"),
                                 ("macros.adapter.plugin", "record_history", "macros.source.git")):
        setattr(importlib.import_module(module), name,
                getattr(importlib.import_module(source), name))


def hooks() -> dict[str, list[float]]:
    """CPU and wall-clock seconds per MkDocs event, all plugins' handlers together."""
    from mkdocs.plugins import PluginCollection

    events: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    original = PluginCollection.run_event

    def dispatch(self: Any, name: str, item: Any = None, **kwargs: Any) -> Any:
        start, wall = time.process_time(), time.perf_counter()
        try:
            return original(self, name, item, **kwargs)
        finally:
            events[name][0] += time.process_time() - start
            events[name][1] += time.perf_counter() - wall

    PluginCollection.run_event = dispatch  # type: ignore[method-assign]
    return events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("project", type=Path)
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    os.chdir(args.project)
    clock = Clock()
    install(clock)
    events = hooks()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    load_before = os.getloadavg()[0]
    start, wall = time.process_time(), time.perf_counter()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    config = load_config("mkdocs.yml")
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    config.plugins.on_shutdown()
    cpu, total = time.process_time() - start, time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    child = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    print(f"build: {total:.1f} s wall-clock, {cpu:.1f} s CPU in the build's process, "
          f"{child:.1f} s CPU in its children (Pandoc, Pagefind); load average "
          f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after\n")
    print("| stage | CPU | share of the process's CPU | wall-clock |\n|---|---|---|---|")
    staged = sum(clock.cpu.values())
    rows = [*sorted(clock.cpu.items(), key=lambda kv: -kv[1]),
            ("everything else (MkDocs: files, navigation, page objects, link checks, "
             "other plugins)", cpu - staged)]
    for label, seconds in rows:
        print(f"| {label} | {seconds:.1f} s | {seconds / cpu:.1%} | "
              f"{clock.wall.get(label, 0.0):.1f} s |")
    print(f"| children (Pandoc, Pagefind) | {child:.1f} s | (beside) | |")
    print("\n| hook (all plugins) | CPU | wall-clock |\n|---|---|---|")
    for name, (c, w) in sorted(events.items(), key=lambda kv: -kv[1][0]):
        print(f"| `on_{name}` | {c:.1f} s | {w:.1f} s |")


if __name__ == "__main__":
    main()
