"""`evidence`: the contributor's command line.

    evidence validate [PATH]        check every record; list every problem with file:line:col
    evidence schemas [--check]      regenerate (or check) the JSON Schemas in schemas/
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .errors import EvidenceError
from .evidence import load_evidence, summary_line
from .schemas import SCHEMA_DIR, stale_schemas, write_schemas


def _project_root(path: Path) -> Path:
    """Accept the project root or its evidence/ folder."""
    if path.name == "evidence" and not (path / "evidence").is_dir():
        return path.parent
    return path


def cmd_validate(args: argparse.Namespace) -> int:
    root = _project_root(Path(args.path))
    try:
        evidence = load_evidence(root)
    except EvidenceError as exc:
        if args.format == "github":
            for problem in exc.problems:
                print(problem.github_annotation())
        print(exc.report(), file=sys.stderr if args.format == "github" else sys.stdout)
        return 1
    print(summary_line(evidence))
    return 0


def cmd_schemas(args: argparse.Namespace) -> int:
    directory = _project_root(Path(args.path)) / SCHEMA_DIR
    if args.check:
        stale = stale_schemas(directory)
        if stale:
            print(f"{len(stale)} schema file(s) out of date in {directory}: {', '.join(stale)}")
            print("  hint: run `evidence schemas` and commit the result")
            return 1
        print(f"schemas in {directory} are up to date")
        return 0
    written = write_schemas(directory)
    print(f"wrote {len(written)} schema file(s) to {directory}" if written
          else f"schemas in {directory} are up to date")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="evidence", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = sub.add_parser("validate", help="check every record and list all problems")
    validate.add_argument("path", nargs="?", default=".", help="project root (default: .)")
    validate.add_argument("--format", choices=("human", "github"), default="human",
                          help="'github' also prints GitHub Actions annotations")
    validate.set_defaults(func=cmd_validate)

    schemas = sub.add_parser("schemas", help="write the JSON Schemas editors use")
    schemas.add_argument("path", nargs="?", default=".", help="project root (default: .)")
    schemas.add_argument("--check", action="store_true",
                         help="fail if the committed schemas differ from the model")
    schemas.set_defaults(func=cmd_schemas)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
