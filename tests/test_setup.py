"""The README's set-up: CI runs its two commands, and they install every library WeasyPrint
loads (`scripts/install-system-deps`).

For the libraries, the expectation does not come from the script: they are read from
WeasyPrint's own source (the names `weasyprint/text/ffi.py` hands to `dlopen`), and the Debian
package that ships each from dpkg (`dpkg -S`, on this machine, where they are installed). The
script then runs with an `ldconfig` that hides libraries (a fresh machine) and an `apt-get`
that only records what it is asked to install.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
from importlib.metadata import files
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import REPO, load_script

pytestmark = pytest.mark.weasyprint

SCRIPT = REPO / "scripts" / "install-system-deps"


def weasyprint_libraries() -> dict[str, bool]:
    """Soname → whether WeasyPrint needs it, of every `_dlopen(ffi, *names, allow_fail=...)`
    call of its text/ffi.py (the Linux name is the one ending in `.so.N`)."""
    ffi = next(f for f in files("weasyprint") or [] if f.as_posix() == "weasyprint/text/ffi.py")
    found = {}
    for node in ast.walk(ast.parse(Path(str(ffi.locate())).read_text())):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_dlopen":
            names = [a.value for a in node.args if isinstance(a, ast.Constant)]
            [soname] = [n for n in names if re.fullmatch(r"lib[\w.+-]+\.so\.\d+", str(n))]
            optional = any(k.arg == "allow_fail" and isinstance(k.value, ast.Constant)
                           and k.value.value is True for k in node.keywords)
            found[str(soname)] = not optional
    return found


LIBRARIES = weasyprint_libraries()


def shipped_by(soname: str) -> str | None:
    """The installed Debian package that ships a library, as dpkg knows it."""
    result = subprocess.run(["dpkg", "-S", f"*/{soname}"], capture_output=True, text=True,
                            check=False)
    if result.returncode != 0:
        return None
    return result.stdout.split(":", 1)[0]


def names_for(package: str) -> set[str]:
    """A package's name and the names it provides (Ubuntu's libglib2.0-0t64 provides
    libglib2.0-0)."""
    provides = subprocess.run(["dpkg-query", "-W", "-f", "${Provides}", package],
                              capture_output=True, text=True, check=True).stdout
    return {package} | {p.split()[0] for p in provides.split(",") if p.strip()}


def ldconfig_listing() -> str:
    ldconfig = shutil.which("ldconfig") or "/sbin/ldconfig"
    return subprocess.run([ldconfig, "-p"], capture_output=True, text=True, check=True).stdout


def requested(tmp_path: Path, listing: str, *args: str) -> list[str]:
    """The packages the script asks apt-get to install, given what `ldconfig -p` lists."""
    stubs = tmp_path / "bin"
    stubs.mkdir()
    (tmp_path / "listing").write_text(listing)
    log = tmp_path / "apt-get.log"
    for name, body in (("ldconfig", f'cat "{tmp_path / "listing"}"'),
                       ("apt-get", f'echo "$@" >> "{log}"'), ("sudo", 'exec "$@"')):
        (stubs / name).write_text(f"#!/bin/sh\n{body}\n")
        (stubs / name).chmod(0o755)
    env = {**os.environ, "PATH": f"{stubs}:{os.environ['PATH']}"}
    result = subprocess.run([str(SCRIPT), *args], env=env, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    calls = log.read_text().splitlines() if log.exists() else []
    installs = [c.split() for c in calls if " install " in f" {c} "]
    return [word for call in installs for word in call[call.index("install") + 1:]
            if not word.startswith("-")]


def without(listing: str, sonames: set[str]) -> str:
    return "".join(line for line in listing.splitlines(keepends=True)
                   if not line.split() or line.split()[0] not in sonames)


PACKAGED = [s for s in LIBRARIES if shipped_by(s) is not None]


def test_weasyprint_loads_the_libraries_of_its_text_layout() -> None:
    """The reading of ffi.py still finds what WeasyPrint 70 is known to load."""
    assert {"libpango-1.0.so.0", "libharfbuzz-subset.so.0"} <= set(LIBRARIES)
    assert LIBRARIES["libpango-1.0.so.0"] and not LIBRARIES["libharfbuzz-subset.so.0"]


@pytest.mark.parametrize("soname", PACKAGED)
def test_a_missing_library_is_installed_from_the_package_that_ships_it(
        tmp_path: Path, soname: str) -> None:
    package = shipped_by(soname)
    assert package is not None
    asked = requested(tmp_path, without(ldconfig_listing(), {soname}), "pdf")
    assert len(asked) == 1 and asked[0] in names_for(package), (soname, package, asked)


def test_on_a_machine_without_them_every_library_is_installed(tmp_path: Path) -> None:
    asked = requested(tmp_path, "0 libs found in cache `/etc/ld.so.cache'\n", "pdf")
    for soname in PACKAGED:
        package = shipped_by(soname)
        assert package is not None and names_for(package) & set(asked), (soname, asked)


def test_nothing_is_installed_when_everything_is_there(tmp_path: Path) -> None:
    assert requested(tmp_path, ldconfig_listing(), "pdf") == []


@pytest.mark.parametrize("soname", [s for s in LIBRARIES if s not in PACKAGED])
def test_a_library_left_out_is_optional_and_not_in_debian(soname: str) -> None:
    """Only a library WeasyPrint can do without, and that no Debian package of this release
    ships, may be left out: Debian names the package of libNAME.so.N 'libNAMEN' (policy 8.1),
    so when apt knows such a package the script must install it."""
    assert not LIBRARIES[soname], f"WeasyPrint needs {soname}: install it"
    declared = re.search(r'^NOT_IN_DEBIAN="([^"]*)"', SCRIPT.read_text(), re.MULTILINE)
    assert declared and soname in declared.group(1).split()
    match = re.fullmatch(r"(lib.+)\.so\.(\d+)", soname)
    assert match
    name, version = match.groups()
    policy_name = f"{name}{'-' if name[-1].isdigit() else ''}{version}"
    shown = subprocess.run(["apt-cache", "show", policy_name], capture_output=True, text=True,
                           check=False)
    assert shown.returncode != 0 or not shown.stdout.strip(), (
        f"Debian now has {policy_name}: install it in scripts/install-system-deps")


# ---------------------------------------------------------------------------------------------
# What CI runs


def readme_setup_commands() -> list[str]:
    """The commands of the README's "Set up" block, without their comments."""
    readme = (REPO / "README.md").read_text()
    section = readme.split("\n## Set up\n", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.split("#", 1)[0].strip() for line in block.splitlines() if line.strip()]


def test_ci_runs_the_readme_set_up_commands_in_its_order() -> None:
    commands = readme_setup_commands()
    assert commands == ["make site", "make test"]
    script = (REPO / ".ci" / "run").read_text().splitlines()
    steps = [line.strip() for line in script if line.strip()
             and not line.startswith(("#", "set ", "cd "))]
    assert steps == commands


# ---------------------------------------------------------------------------------------------
# Both ends of the pins


def versions_script() -> Any:
    return load_script("test-versions.py")


@pytest.mark.parametrize(("pin", "lowest"), [
    ("weasyprint>=70,<71", "weasyprint==70"),
    ("pagefind[bin]==1.5.2", "pagefind[bin]==1.5.2"),
    ("lxml>=5,<7", "lxml==5"),
    ("tinycss2>=1.4, >=1.10,<2", "tinycss2==1.10"),  # versions, not strings, compared
    ("pycountry~=23.12", "pycountry==23.12"),
])
def test_the_lowest_run_takes_the_lowest_version_each_pin_allows(pin: str,
                                                                 lowest: str) -> None:
    from packaging.requirements import Requirement

    assert versions_script().lowest(Requirement(pin)) == lowest


def test_a_pin_without_a_lowest_version_is_refused() -> None:
    from packaging.requirements import Requirement

    with pytest.raises(SystemExit, match="has no lowest version"):
        versions_script().lowest(Requirement("weasyprint<71"))


def test_ci_runs_the_tests_at_both_ends_of_the_pins_and_every_week() -> None:
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "check.yml").read_text())
    runs = {job: [str(step.get("run", "")) for step in spec["steps"]]
            for job, spec in workflow["jobs"].items()}
    assert any("make test-versions" in run for steps in runs.values() for run in steps)
    assert workflow[True]["schedule"]  # YAML 1.1 reads the key `on` as true
    makefile = (REPO / "Makefile").read_text()
    assert re.search(r"^test-versions:.*\n\t.*scripts/test-versions\.py", makefile, re.MULTILINE)
