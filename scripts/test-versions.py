#!/usr/bin/env python3
"""Run the tests of WeasyPrint, Pandoc and Pagefind at both ends of what pyproject.toml allows.

A release inside a pin can break the project (WeasyPrint 70 took URL fetchers as objects, and
every image in the PDF report failed), and the project's own virtual environment holds only
one version of each. This makes two throwaway virtual environments from pyproject.toml:

- lowest: each of TOOLS at the lowest version its pin allows (`weasyprint>=70,<71` →
  `weasyprint==70.0`), the rest resolved by pip as usual;
- highest: everything at the newest version its pin allows (a plain install);

installs the project into each (editable, with its test extras; the tools as wheels only),
runs the tests marked `weasyprint`, `pandoc` or `pagefind` there, prints the versions and the
results, and removes the environments. Exit status 1 when a run fails. `make test-versions`.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ("weasyprint", "pypandoc-binary", "pagefind", "lxml", "tinycss2")
"""The pins tried at their lowest: the three tools, and lxml and tinycss2, which prepare
WeasyPrint's input (macros/export/pdf/)."""
MARKERS = "weasyprint or pandoc or pagefind"
WHEELS = "weasyprint,pypandoc-binary,pagefind,pagefind-bin,lxml,tinycss2"
VERSIONS = """
import importlib.metadata as m, json, pypandoc, subprocess, pagefind_bin
names = {names!r}
out = {{n: m.version(n) for n in names}}
out["pandoc"] = pypandoc.get_pandoc_version()
out["pagefind binary"] = subprocess.run([pagefind_bin.get_executable(), "--version"],
    capture_output=True, text=True).stdout.split()[-1]
print(json.dumps(out))
"""


def pins() -> dict[str, Requirement]:
    """The project's requirements on TOOLS, from pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    found = {}
    for line in project["dependencies"]:
        requirement = Requirement(line)
        if canonicalize_name(requirement.name) in TOOLS:
            found[canonicalize_name(requirement.name)] = requirement
    missing = set(TOOLS) - set(found)
    if missing:
        sys.exit(f"pyproject.toml: no requirement on {', '.join(sorted(missing))}")
    return found


def lowest(requirement: Requirement) -> str:
    """'weasyprint>=70,<71' → 'weasyprint==70.0'; 'pagefind[bin]==1.5.2' stays itself."""
    bounds = [s.version for s in requirement.specifier if s.operator in ("==", ">=", "~=")]
    if not bounds:
        sys.exit(f"pyproject.toml: {requirement} has no lowest version: give it one (>=)")
    extras = f"[{','.join(sorted(requirement.extras))}]" if requirement.extras else ""
    return f"{requirement.name}{extras}=={max(bounds, key=Version)}"


def run(command: list[str], capture: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=capture, text=True, check=False)


def environment(where: Path, constraints: list[str]) -> tuple[Path, dict[str, str]]:
    """A virtual environment with the project and its test extras, and what it installed."""
    run([sys.executable, "-m", "venv", str(where)])
    python = where / "bin" / "python"
    pip = [str(python), "-m", "pip", "--quiet", "--disable-pip-version-check"]
    installed = run([*pip, "install", "--only-binary", WHEELS, "-e", f"{ROOT}[test]",
                     *constraints])
    if installed.returncode != 0:
        sys.exit(f"pip could not install {' '.join(constraints) or 'the newest versions'}")
    versions = run([str(python), "-c", VERSIONS.format(names=list(TOOLS))], capture=True)
    if versions.returncode != 0:
        sys.exit(versions.stderr)
    return python, json.loads(versions.stdout)


def tests(python: Path, extra: list[str]) -> tuple[int, str, float, float]:
    """Run the marked tests: exit status, pytest's summary line, wall and CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = run([str(python), "-m", "pytest", "-m", MARKERS, "-q", "-p", "no:cacheprovider",
                  *extra], capture=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(result.stdout[-4000:], end="", flush=True)
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    return result.returncode, (lines[-1].strip("= ") if lines else "no output"), wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true",
                        help="keep the virtual environments (their folder is printed)")
    parser.add_argument("pytest_args", nargs="*", help="more pytest arguments, after --")
    args = parser.parse_args()
    floors = [lowest(r) for r in pins().values()]
    work = Path(tempfile.mkdtemp(prefix="evidence-versions-"))
    rows, failed, seen = [], False, []
    try:
        for label, constraints in (("lowest", floors), ("highest", [])):
            print(f"== {label}: {' '.join(constraints) or 'the newest versions the pins allow'}",
                  flush=True)
            python, versions = environment(work / label, constraints)
            print("   " + ", ".join(f"{k} {v}" for k, v in versions.items()), flush=True)
            if versions in seen:
                rows.append((label, versions, "the same versions as above: not run again"))
                continue
            seen.append(versions)
            status, summary, wall, cpu = tests(python, args.pytest_args)
            failed |= status != 0
            rows.append((label, versions, f"{summary} (wall {wall:.0f} s, CPU {cpu:.0f} s)"))
    finally:
        if args.keep:
            print(f"virtual environments kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print("\nversions tried (pyproject.toml pins):")
    for label, versions, outcome in rows:
        shown = ", ".join(f"{k} {v}" for k, v in versions.items())
        print(f"  {label:8} {shown}\n  {'':8} {outcome}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
