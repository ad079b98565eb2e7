"""The shape of the package: the core does not import MkDocs, the public face is pinned,
views are composed, and the package ships every file the code reads."""

from __future__ import annotations

import ast
import fnmatch
import json
import subprocess
import sys
import tomllib
from pathlib import Path

from helpers import REPO

import macros

PACKAGE = REPO / "macros"
ADAPTER = PACKAGE / "adapter"
SHIMS = {"macros.mkdocs_plugin", "macros.mkdocs_search", "macros.mkdocs_macros"}
"""The old import paths of the plugins and the macros pluglet (entry points, mkdocs.yml's
`modules:`), kept working: the only modules outside the adapter that import it."""
FORBIDDEN = ("mkdocs", "material", "mkdocs_macros", "jinja2")
VIEWS = PACKAGE / "render" / "views"


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def core_modules() -> list[Path]:
    return [p for p in sorted(PACKAGE.rglob("*.py"))
            if ADAPTER not in p.parents and module_name(p) not in SHIMS]


def imported(path: Path) -> set[str]:
    """Top-level names of the packages a module imports (absolute imports)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_core_module_imports_mkdocs_material_macros_or_jinja() -> None:
    modules = core_modules()
    assert len(modules) > 40 and PACKAGE / "render" / "site.py" in modules
    offenders = {module_name(p): sorted(imported(p) & set(FORBIDDEN)) for p in modules}
    assert {m: found for m, found in offenders.items() if found} == {}


def test_no_core_module_loads_them_through_what_it_imports() -> None:
    # One fresh interpreter imports each core module in turn and says what it loaded.
    names = [module_name(p) for p in core_modules()]
    script = (
        "import importlib, json, sys\n"
        f"forbidden = {FORBIDDEN!r}\n"
        "found = {}\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "    loaded = sorted({m.split('.')[0] for m in sys.modules} & set(forbidden))\n"
        "    if loaded:\n"
        "        found[name] = loaded\n"
        "        break\n"
        "print(json.dumps(found))\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True,
                          text=True, check=True)
    assert json.loads(done.stdout) == {}


def test_the_shims_at_the_old_paths_still_give_the_plugins_and_the_macros() -> None:
    from macros.adapter.search import PagefindSearchPlugin
    from macros.mkdocs_macros import define_env
    from macros.mkdocs_search import PagefindSearchPlugin as Old

    assert Old is PagefindSearchPlugin and callable(define_env)
    entry = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["entry-points"]
    for name, target in entry["mkdocs.plugins"].items():
        module, _, attribute = target.partition(":")
        assert hasattr(__import__(module, fromlist=[attribute]), attribute), name


def test_the_public_face_is_pinned() -> None:
    assert sorted(macros.__all__) == ["Evidence", "EvidenceError", "Problem", "ProjectConfig",
                                      "generate_site", "load_evidence"]
    for name in macros.__all__:
        assert getattr(macros, name) is not None


# ---------------------------------------------------------------------------------------------
# Views are composed over the typed index, one subject each


def classes(path: Path) -> list[ast.ClassDef]:
    return [n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(n, ast.ClassDef)]


def test_no_class_is_over_400_lines() -> None:
    long = {f"{module_name(p)}.{c.name}": (c.end_lineno or 0) - c.lineno + 1
            for p in sorted(PACKAGE.rglob("*.py")) for c in classes(p)}
    assert {name: n for name, n in long.items() if n > 400} == {}


def test_views_are_composed_not_inherited() -> None:
    views = list(VIEWS.glob("*.py"))
    bases = {f"{p.stem}.{c.name}": [ast.unparse(b) for b in c.bases]
             for p in views for c in classes(p)}
    assert len(bases) >= 15
    assert {name: b for name, b in bases.items() if b not in ([], ["Protocol"])} == {}


def test_views_reach_into_no_record_by_attribute_name_and_assert_no_type() -> None:
    found = {}
    for path in VIEWS.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and ast.unparse(node.func) in ("getattr", "hasattr"):
                found[f"{path.stem}:{node.lineno}"] = ast.unparse(node)
            if isinstance(node, ast.Assert) and "isinstance" in ast.unparse(node.test):
                found[f"{path.stem}:{node.lineno}"] = ast.unparse(node)
    assert found == {}


def test_no_private_name_is_imported_from_another_module() -> None:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                private = [a.name for a in node.names
                           if a.name.startswith("_") and a.name != "_"]  # `_` is gettext's
                if private:
                    found[f"{module_name(path)}:{node.lineno}"] = private
    assert found == {}


# ---------------------------------------------------------------------------------------------
# Packaging


def test_the_package_ships_every_file_it_reads() -> None:
    setuptools = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    include = setuptools["packages"]["find"]["include"]
    package_data: dict[str, list[str]] = setuptools["package-data"]
    tracked = subprocess.run(["git", "ls-files", "macros"], cwd=REPO, capture_output=True,
                             text=True, check=True).stdout.split()
    data = [f for f in tracked if not f.endswith((".py", ".md"))]
    assert {"macros/data/lac-countries.json", "macros/locale/en/LC_MESSAGES/messages.po",
            "macros/search/assets/pagefind-worker.js"} <= set(data)

    def shipped(file: str) -> bool:
        folder = Path(file).parent
        while folder != Path("."):
            package = ".".join(folder.parts)
            if any(fnmatch.fnmatch(package, p) for p in include):
                relative = Path(file).relative_to(folder).as_posix()
                if any(fnmatch.fnmatch(relative, g) for g in package_data.get(package, [])):
                    return True
            folder = folder.parent
        return False

    assert [f for f in data if not shipped(f)] == []
    packages = {module_name(p) for p in PACKAGE.rglob("__init__.py")}
    assert all(any(fnmatch.fnmatch(p, i) for i in include) for p in packages)
