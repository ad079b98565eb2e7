"""The `evidence` block of mkdocs.yml, read with positions and validated by `ProjectConfig`.

The CLI reads the block from the file; the MkDocs plugin passes the options as MkDocs read
them (tags such as `!ENV` resolved, `INHERIT` merged). Either way the positions come from the
file, read with `source/yaml.py`, so a mistake is reported as
`mkdocs.yml:41:27: evidence.pdf.pages[1]: expected a page of the docs folder, got 'tabels.md'`
with a hint, every mistake at once. No MkDocs import: both validate the same way.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import ConfigError, ConfigFileError, Problem
from ..source.yaml import Document, Loc, format_loc, load_document
from .options import MOVED_TO_IDENTITY, About, Context, ProjectConfig, kind, nested_options

PLUGIN = "evidence"


@dataclass(frozen=True)
class SiteInfo:
    """What mkdocs.yml says besides the plugin's options, as the options' defaults need it."""

    name: str = ""
    description: str = ""
    docs_dir: str = "docs"
    """MkDocs' folder of hand-written pages (its own option), relative to mkdocs.yml."""


def docs_pages(docs: Path) -> list[str]:
    """The Markdown pages of a docs folder, relative to it."""
    return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))


def plugin_location(data: Any) -> Loc | None:
    """Where the `evidence` plugin's options are in mkdocs.yml's data, if it has any."""
    plugins = data.get("plugins") if isinstance(data, dict) else None
    for i, plugin in enumerate(plugins if isinstance(plugins, list) else []):
        if isinstance(plugin, dict) and PLUGIN in plugin:
            return ("plugins", i, PLUGIN)
    return None


def load_project_config(root: Path) -> tuple[ProjectConfig, SiteInfo]:
    """The options of the project at `root`, read from its mkdocs.yml (the defaults when it
    has none), and what else the file says that they need."""
    path = root / "mkdocs.yml"
    if not path.exists():
        return ProjectConfig(), SiteInfo()
    document, problems = load_document(path, path.name)
    if document is None:
        raise ConfigFileError(problems)
    data = document.data if isinstance(document.data, dict) else {}
    site = SiteInfo(str(data.get("site_name") or ""),
                    str(data.get("site_description") or "").strip(),
                    str(data.get("docs_dir") or "docs"))
    return read_config(path, None, site, document=(document, problems)), site


def read_config(config_file: Path, options: Mapping[str, Any] | None, site: SiteInfo, *,
                document: tuple[Document | None, list[Problem]] | None = None) -> ProjectConfig:
    """The plugin's options, validated; ConfigError with every mistake otherwise.

    `options`: the block as MkDocs read it, or None to take it from `config_file`.
    """
    shown = config_file.name
    doc, problems = document or (load_document(config_file, shown) if config_file.is_file()
                                 else (None, []))
    loc = plugin_location(doc.data) if doc is not None else None
    if options is None:  # MkDocs has not read the file: what it would refuse is said here
        if doc is not None:
            _check_plugins(shown, doc, loc)
        block = _get(doc.data, loc) if doc is not None and loc is not None else None
        options = block if isinstance(block, dict) else {}
    # The reader's own problems (duplicate keys, tags) are the report's business only: MkDocs
    # resolves its tags (!ENV, !relative) everywhere else.
    if loc is not None:
        pdf = format_loc((*loc, "pdf"))
        mine = [p for p in problems if p.field == pdf or p.field.startswith((pdf + ".", pdf + "["))]
        if mine:
            raise ConfigError(mine)
    docs = config_file.parent / site.docs_dir
    context = Context(docs_pages(docs) if docs.is_dir() else [], site.name, site.description)
    try:
        return ProjectConfig.model_validate(dict(options), context=context)
    except ValidationError as exc:
        raise ConfigError([_problem(shown, doc, loc, error) for error in exc.errors()]) from None


def _check_plugins(shown: str, doc: Document, loc: Loc | None) -> None:
    """`plugins:` is a list, and the evidence plugin's options a mapping."""
    data = doc.data if isinstance(doc.data, dict) else {}
    plugins, block = data.get("plugins"), _get(data, loc) if loc is not None else None
    where: Loc | None = None
    if plugins is not None and not isinstance(plugins, list):
        where, message = ("plugins",), f"expected a list of plugins, got {kind(plugins)}"
    elif loc is not None and block is not None and not isinstance(block, dict):
        where, message = loc, f"expected a mapping of options, got {kind(block)}"
    if where is not None:
        line, column = doc.position(where)
        name = PLUGIN if where == loc else format_loc(where)
        raise ConfigError([Problem(shown, line, column, name, message)])


def _get(data: Any, loc: Loc) -> Any:
    for part in loc:
        data = data[part]
    return data


def _problem(shown: str, doc: Document | None, block: Loc | None, error: Any) -> Problem:
    loc: Loc = tuple(error["loc"])
    name = f"{PLUGIN}." + format_loc(loc) if loc else PLUGIN
    unknown = error["type"] == "extra_forbidden"
    line, column = (doc.position((*block, *loc), key=unknown)
                    if doc is not None and block is not None else (0, 0))
    if unknown and len(loc) == 2 and loc[0] == "pdf" and loc[1] in MOVED_TO_IDENTITY:
        new = MOVED_TO_IDENTITY[str(loc[1])]
        message = f"'{loc[1]}' has moved to the identity block, as 'identity.{new}'"
        hint = (f"move it under 'identity:' (beside 'pdf:') as '{new}:'; the report, the Word "
                "edition and the data downloads all read it there")
    elif unknown:
        message, hint = f"unknown option '{loc[-1]}'", _unknown_hint(loc)
    elif error["type"] == "evidence_config":
        message, hint = error["ctx"]["message"], error["ctx"]["hint"]
    else:  # a rule without a message of its own
        message, hint = error["msg"][0].lower() + error["msg"][1:], ""
    return Problem(shown, line, column, name, message, hint)


def _unknown_hint(loc: Loc) -> str:
    model: type[BaseModel] = nested_options(loc[:-1])
    if model is About:
        return "'about' has two options: 'method' and 'disclaimer'"
    options = sorted(model.model_fields)
    close = difflib.get_close_matches(str(loc[-1]), options, n=1)
    return f"did you mean '{close[0]}'?" if close else f"the options are {', '.join(options)}"
