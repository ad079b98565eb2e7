"""Generated pages as MkDocs files, and the docs folder's files MkDocs must not publish."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel

from ..errors import Problem, display_path
from ..render.layout import in_nav


class GeneratedPage(File):
    """A generated page. MkDocs rebuilds a generated file every time; under `mkdocs serve
    --dirty` this one is rebuilt only when its Markdown changed (or its HTML is missing)."""

    unchanged = False

    def is_modified(self) -> bool:
        return not (self.unchanged and os.path.isfile(self.abs_dest_path))


def generated_page(config: MkDocsConfig, src: str, markdown: str, *,
                   unchanged: bool) -> GeneratedPage:
    """A generated page; record pages stay out of the navigation (render/layout.py: IN_NAV)."""
    inclusion = InclusionLevel.UNDEFINED if in_nav(src) else InclusionLevel.NOT_IN_NAV
    page = GeneratedPage.generated(config, src, content=markdown, inclusion=inclusion)
    assert isinstance(page, GeneratedPage)  # File.generated makes one of its class
    page.unchanged = unchanged
    return page


def docs_link_problems(docs_dir: Path, root: Path) -> list[Problem]:
    """Symbolic links in the docs folder that would publish what is not the project's: a link
    to a folder (MkDocs follows it), and a link to a file outside the project, into a hidden
    folder (.git holds CI's credentials) or to nothing."""
    problems = []
    project = root.resolve()
    for folder, folders, names in os.walk(docs_dir):  # links to folders are not followed
        for name in sorted([*folders, *names]):
            path = Path(folder) / name
            if not path.is_symlink():
                continue
            shown = display_path(path, root)
            target = path.resolve()
            inside = target.is_relative_to(project) and not any(
                part.startswith(".") for part in target.relative_to(project).parts)
            if name in folders or target.is_dir():
                what = "a symbolic link to a folder"
            elif not target.is_file():
                what = "a symbolic link to nothing"
            elif not inside:
                what = "a symbolic link to a file outside the project's published files"
            else:
                continue
            problems.append(Problem(shown, 0, 0, "", f"expected a file of the docs folder, got "
                                    f"{what}", "copy what the page needs into the docs folder "
                                    "instead of linking to it"))
    return problems
