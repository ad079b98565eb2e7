"""`evidence`: the contributor's command line (`evidence --help` lists the commands,
`evidence COMMAND --help` describes one, with examples). Every command that reads the project
takes its root as an optional PATH, the current folder by default.

Exit status (EXIT_STATUS below, also in `evidence --help`): 0 when done; 1 when the check fails
or the work cannot be done; 2 when the command line cannot be used as given; 3 when
`check-links` found nothing broken but could not reach some links.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import stat
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from ..cite.scan import PageCitations, check_keys, cited_keys, scan_docs
from ..config import ProjectConfig, SiteInfo, load_project_config
from ..errors import (
    ConfigError,
    ConfigFileError,
    EvidenceError,
    Problem,
    RecordExists,
    ScaffoldError,
    printable,
)
from ..evidence import Evidence, load_evidence, stale_records, summary_line
from ..evidence.coverage import coverage, unused_keys
from ..export.data import export_data
from ..export.iati import IatiExport
from ..model import COLLECTIONS
from ..render.markup import plural
from .docx import register as register_docx
from .help import DISTRIBUTION, Parser, add_command, add_path, examples, package_version
from .import_iati import register as register_import
from .linkcheck import LinkCache, LinkResult, check_links, urls_of
from .scaffold import LANGUAGES, SINGULAR, new_record
from .schemas import SCHEMA_DIR, stale_schemas, write_schemas

if TYPE_CHECKING:
    from ..adapter.report import Exported

USAGE, FAILED, UNREACHED = 2, 1, 3
EXIT_STATUS = """exit status:
  0  done
  1  the check failed or the work cannot be done (invalid records, broken links, a file
     that cannot be read or written)
  2  the command line cannot be used as given (no command, an unknown option or
     collection, an id that is none, a PATH or an -o that does not exist or is the wrong
     kind of thing)
  3  check-links only: no link is broken, but some could not be reached (no network, or
     a host name that does not resolve)"""
PROJECT_HINT = "give the project root (the folder of mkdocs.yml), or run the command there"


class Stop(EvidenceError):
    """The command cannot go on: one line naming the path, a hint, and the exit status."""

    def __init__(self, path: object, message: str, hint: str, status: int) -> None:
        super().__init__(f"{printable(str(path))}: {message}")
        self.hint, self.status = hint, status


def _project_root(path: Path) -> Path:
    """Accept the project root or its evidence/ folder."""
    if not path.is_dir():
        raise Stop(path, "no such folder" if not path.exists() else "not a folder",
                   PROJECT_HINT, USAGE)
    if path.name == "evidence" and not (path / "evidence").is_dir():
        return path.parent
    return path


def _options(root: Path) -> tuple[ProjectConfig, SiteInfo]:
    """The evidence plugin's options in the project's mkdocs.yml (ConfigError for a mistake in
    them, with its place); Stop when the file cannot be read as YAML at all."""
    config = root / "mkdocs.yml"
    hint = "MkDocs reads the same file: `mkdocs build` shows what it makes of it"
    try:
        if config.exists():  # what is not YAML at all is named as the system and PyYAML say it
            yaml.compose(config.read_bytes().decode("utf-8-sig"), Loader=yaml.SafeLoader)
        return load_project_config(root)
    except (OSError, UnicodeDecodeError) as exc:
        raise Stop(config, f"cannot be read: {_reason(exc)}", hint, FAILED) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{config}:{mark.line + 1}:{mark.column + 1}" if mark else config
        raise Stop(where, f"not valid YAML: {exc.problem or exc.context}", hint,
                   FAILED) from exc
    except yaml.YAMLError as exc:
        raise Stop(config, f"not valid YAML: {_reason(exc)}", hint, FAILED) from exc
    except ConfigFileError as exc:
        first = exc.problems[0]
        where = f"{config}:{first.line}:{first.column}" if first.line else config
        syntax = "YAML syntax error: "
        message = (f"not valid YAML: {first.message.removeprefix(syntax)}"
                   if first.message.startswith(syntax) else f"cannot be read: {first.message}")
        raise Stop(where, message, hint, FAILED) from exc


def _reason(exc: BaseException) -> str:
    """An exception in words, on one line."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return printable(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)


def _kind(path: Path) -> str:
    """'a folder', 'a file', 'a device', ... for messages about the wrong kind of thing."""
    mode = path.stat().st_mode
    return ("a folder" if stat.S_ISDIR(mode) else "a file" if stat.S_ISREG(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "not a regular file")


def _writable_folder(folder: Path, shown: Path) -> None:
    """The nearest folder that exists on the way to `folder` must be one, and writable."""
    existing = next(p for p in (folder, *folder.parents) if p.exists() or p == p.parent)
    if not existing.is_dir():
        raise Stop(shown, f"{printable(str(existing))} is {_kind(existing)}, not a folder",
                   "give a path inside a folder", USAGE)
    if not os.access(existing, os.W_OK | os.X_OK):
        raise Stop(shown, f"cannot write in {printable(str(existing))}: permission denied",
                   "choose a folder you can write to", FAILED)


def _output_folder(path: Path) -> Path:
    """`-o` of `export`: a folder (made if missing), never a file or a device."""
    if path.exists() and not path.is_dir():
        raise Stop(path, f"is {_kind(path)}, not a folder",
                   "give a folder to write the downloads into, e.g. -o data", USAGE)
    _writable_folder(path, path)
    return path


def _output_file(path: Path) -> Path:
    """`-o` of `pdf`: a regular file (replaced whole) in a folder that exists."""
    if path.exists() and not path.is_file():
        example = path / "review.pdf" if path.is_dir() else "review.pdf"
        raise Stop(path, f"is {_kind(path)}, not a file",
                   f"give the PDF's file name, e.g. -o {printable(str(example))}", USAGE)
    if not path.parent.is_dir():
        why = "no such folder" if not path.parent.exists() else f"is {_kind(path.parent)}"
        raise Stop(path, f"{printable(str(path.parent))}: {why}",
                   "create the folder first, or give a path in an existing one", USAGE)
    _writable_folder(path.parent, path)
    return path


def _load(root: Path, fmt: str = "human") -> Evidence | None:
    try:
        return load_evidence(root)
    except EvidenceError as exc:
        _report(exc, fmt)
        return None


def _report(exc: EvidenceError, fmt: str) -> None:
    if fmt == "github":
        for problem in exc.problems:
            print(problem.github_annotation())
    print(exc.report(), file=sys.stderr if fmt == "github" else sys.stdout)


def _pages(root: Path, docs_dir: str) -> list[PageCitations]:
    """Citations of the hand-written pages in `docs_dir` (none when it does not exist)."""
    docs = root / docs_dir
    return scan_docs(docs) if docs.is_dir() else []


def _page_key_problems(evidence: Evidence, docs_dir: str,
                       pages: list[PageCitations]) -> list[Problem]:
    bib = evidence.bibliography
    return [problem for page in pages
            for problem in check_keys(page.citations, bib.entries, f"{docs_dir}/{page.src}",
                                      bib.path)]


def _unused_problems(evidence: Evidence, pages: list[PageCitations]) -> list[Problem]:
    bib = evidence.bibliography
    in_pages = cited_keys(pages)
    return [Problem(bib.path, bib.line_of(key), 1, "",
                    f"entry '{key}' is cited by no record or page",
                    "cite it where it is used, or remove it")
            for key in unused_keys(evidence) if key not in in_pages]


def cmd_validate(args: argparse.Namespace) -> int:
    root = _project_root(Path(args.path))
    evidence = _load(root, args.format)
    if evidence is None:
        return 1
    try:
        options, site = _options(root)
    except ConfigError as exc:
        _report(exc, args.format)
        return 1
    pages = _pages(root, site.docs_dir)
    page_problems = _page_key_problems(evidence, site.docs_dir, pages)
    if page_problems:
        _report(EvidenceError(page_problems), args.format)
        return 1
    if args.stale:
        _print_stale(evidence, args.days or options.stale_after_days)
    unused = [*evidence.warnings, *_unused_problems(evidence, pages)]
    if unused and args.strict:
        _report(EvidenceError(unused), args.format)
        return 1
    for problem in unused:
        print(f"warning: {problem}")
    print(summary_line(evidence))
    return 0


def _print_stale(evidence: Evidence, days: int) -> None:
    today = dt.date.today()
    stale = stale_records(evidence, today, days)
    print(f"{plural(len(stale), 'record')} not reviewed in the last {days} days"
          + (", oldest first:" if stale else "."))
    for record in stale:
        if record.last_reviewed is None:
            print(f"  {evidence.source_path(record)}: not yet reviewed (draft)")
            continue
        age = (today - record.last_reviewed).days
        print(f"  {evidence.source_path(record)}: last reviewed {record.last_reviewed} "
              f"({age} days ago)")


def cmd_coverage(args: argparse.Namespace) -> int:
    evidence = _load(_project_root(Path(args.path)))
    if evidence is None:
        return 1
    for entry in coverage(evidence):
        if args.source and entry.key != args.source:
            continue
        print(f"{entry.key}: {len(entry.records)} records from it, "
              f"{len(entry.cited_as_original)} citing it as the original — "
              f"{printable(entry.title)}")
        for place, records in entry.sections.items():
            print(f"  {place}: {len(records)} — {', '.join(r.id for r in records)}")
    return 0


def _new_root(args: argparse.Namespace) -> Path:
    """PATH, or the deprecated --root (which says what to use instead)."""
    if args.root is None:
        return Path(args.path)
    shown = printable(args.root)
    if args.path != "." and Path(args.path) != Path(args.root):
        raise Stop(f"--root {shown}", f"names another project root than PATH "
                   f"{printable(args.path)}", "give the project root once, as PATH", USAGE)
    print(f"warning: --root is deprecated: give the project root as PATH, as the other "
          f"commands take it: evidence new {printable(args.collection)} "
          f"{printable(args.id)} {shown}", file=sys.stderr)
    return Path(args.root)


def cmd_new(args: argparse.Namespace) -> int:
    root = _new_root(args)
    if not root.is_dir():
        raise Stop(root, "no such folder" if not root.exists() else "not a folder",
                   PROJECT_HINT, USAGE)
    try:
        path = new_record(root, args.collection, args.id, lang=args.lang)
    except ScaffoldError as exc:
        print(f"error: {exc}" + (f"\n  hint: {exc.hint}" if exc.hint else ""), file=sys.stderr)
        return FAILED if isinstance(exc, RecordExists) else USAGE
    except OSError as exc:
        raise Stop(exc.filename or root, f"cannot write the record: {_reason(exc)}",
                   "check that evidence/ and its collection folders are folders you can "
                   "write to", FAILED) from exc
    print(f"wrote {path.relative_to(root).as_posix()}: fill in the fields marked required, "
          "then run `evidence validate`")
    return 0


def cmd_check_links(args: argparse.Namespace) -> int:
    root = _project_root(Path(args.path))
    evidence = _load(root)
    if evidence is None:
        return 1
    uses = urls_of(evidence)
    cache_path = None if args.no_cache else (root / args.cache)
    cache = LinkCache(cache_path, max_age=args.max_age * 3600)
    print(f"checking {plural(len(uses), 'URL')} ({args.workers} at a time, "
          f"{args.timeout:g} s time-out)", file=sys.stderr)

    def progress(done: int, total: int, result: LinkResult) -> None:
        state = result.status if result.status is not None else result.error
        print(printable(f"  [{done}/{total}] {state} {result.url}"), file=sys.stderr)

    results = check_links(uses, cache=cache, timeout=args.timeout, retries=args.retries,
                          workers=args.workers, progress=progress,
                          allow_private=args.allow_private)
    broken = [r for r in results.values() if r.broken]
    unreached = [r for r in results.values() if r.unreached]
    moved = [r for r in results.values() if r.moved]
    for title, rows in (("Broken links", broken),
                        ("Not reached (no network, or the name does not resolve)", unreached),
                        ("Moved links", moved)):
        if not rows:
            continue
        print(f"{title} ({len(rows)}):")
        for r in sorted(rows, key=lambda r: r.url):
            for use in uses[r.url]:
                if r.ok:
                    kind = "permanently" if r.redirect_status in (301, 308) else "temporarily"
                    print(printable(f"  {use.path}: {use.where}: {r.url} moved {kind} "
                                    f"({r.redirect_status}) to {r.final_url}"))
                else:
                    why = f"HTTP {r.status}" if r.status is not None else r.error
                    print(printable(f"  {use.path}: {use.where}: {r.url}: {why}"))
    working = len(results) - len(broken) - len(unreached)
    print(f"{plural(len(results), 'URL')} checked: {working} working ({len(moved)} "
          f"redirected), {len(broken)} broken, {len(unreached)} not reached")
    if unreached and not working and not broken:
        print("  hint: no link could be reached: is this machine offline? Check the network "
              "(or the proxy) and run again")
    elif unreached:
        print("  hint: other links were reached, so a name that does not resolve is most "
              "likely gone: check the address in its source")
    return FAILED if broken else UNREACHED if unreached else 0


def cmd_export(args: argparse.Namespace) -> int:
    root = _project_root(Path(args.path))
    out = _output_folder(Path(args.output))
    evidence = _load(root)
    if evidence is None:
        return 1
    try:
        config, _site = load_project_config(root)
    except ConfigError as exc:
        _report(exc, "human")
        return 1
    iati: list[IatiExport] = []
    try:
        files = export_data(evidence, out, identity=config.identity, iati=iati)
    except OSError as exc:
        raise Stop(exc.filename or out, f"cannot write: {_reason(exc)}",
                   "give a folder you can write to (its files are replaced)", FAILED) from exc
    print(f"wrote {plural(len(files), 'file')} to {printable(str(out))}")
    for line in iati[0].report():
        print(printable(line))
    return 0


def cmd_schemas(args: argparse.Namespace) -> int:
    directory = _project_root(Path(args.path)) / SCHEMA_DIR
    if not args.check:
        _output_folder(directory)
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


def run_report(args: argparse.Namespace, export: Callable[..., Exported],
               what: str) -> Exported | int:
    """The part `evidence pdf` and `evidence docx` share: find mkdocs.yml under PATH, check
    -o, export with progress on stderr; an evidence error or an unwritable output writes
    nothing. Returns what was written, or the exit status."""
    root = _project_root(Path(args.path))
    config = root / "mkdocs.yml"
    if not config.is_file():
        raise Stop(config, "no such file" if not config.exists() else "not a file",
                   PROJECT_HINT, USAGE)
    output = _output_file(Path(args.output)) if args.output else None

    def progress(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    try:
        return export(config, output, progress)
    except EvidenceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("nothing written", file=sys.stderr)
        return FAILED
    except OSError as exc:
        raise Stop(exc.filename or output or config, f"cannot write {what}: {_reason(exc)}; "
                   "nothing written", "give -o a file in a folder you can write to",
                   FAILED) from exc


def cmd_pdf(args: argparse.Namespace) -> int:
    # MkDocs and WeasyPrint load only for this command: the others work without Pango.
    from ..adapter.report import export_pdf

    done = run_report(args, export_pdf, "the PDF")
    if isinstance(done, int):
        return done
    for warning in done.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"wrote {done.path}: {plural(done.pages, 'page')}, {done.size / 1024:,.0f} KB, "
          f"in {done.seconds:.1f} s")
    return 0


DESCRIPTION = """\
The command line of the living evidence review: check the records and their citations,
start a new record from a template, check the links, write the data downloads, the JSON
Schemas editors use, and the review as a PDF report or a Word document. Every command that
reads the project takes its root (the folder of mkdocs.yml) as PATH, the current folder by
default; `evidence COMMAND --help` describes a command, with examples."""


def _collections() -> str:
    """The collections `new` accepts, each with its singular form."""
    singular = {plural_: one for one, plural_ in SINGULAR.items()}
    return "\n".join(f"  {singular.get(name, name):<15} (or {name})" for name in COLLECTIONS)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="evidence", description=DESCRIPTION,
                    epilog=examples([
                        ("evidence validate", "check the project in the current folder"),
                        ("evidence new activity my-programme",
                         "start evidence/activities/my-programme.yaml from a template"),
                        ("evidence validate --strict --format github", "what CI runs"),
                    ]) + "\n\n" + EXIT_STATUS)
    parser.add_argument("--version", action="version",
                        version=f"%(prog)s {package_version()} ({DISTRIBUTION})",
                        help="show the version of the installed package and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    validate = add_command(
        sub, "validate", "check every record and list all problems",
        "Read every record of evidence/, the bibliography and the citations of the pages in "
        "the docs folder, and list every problem at once as file:line:column: field: what is "
        "wrong, with a hint. Exit 1 when there is any problem. Warnings (invisible "
        "characters, bibliography entries nothing cites) are printed and fail only with "
        "--strict.", [
            ("evidence validate", "check the project in the current folder"),
            ("evidence validate ../review --strict", "another folder; warnings fail too"),
            ("evidence validate --format github", "also print GitHub Actions annotations"),
            ("evidence validate --stale --days 180",
             "also list the records not reviewed in the last 180 days"),
        ])
    add_path(validate)
    validate.add_argument("--format", choices=("human", "github"), default="human",
                          help="'github' also prints GitHub Actions annotations")
    validate.add_argument("--stale", action="store_true",
                          help="also list records not reviewed recently, oldest first")
    validate.add_argument("--days", type=int,
                          help="what 'recently' means, in days (default: stale_after_days of "
                               "the evidence plugin in mkdocs.yml, else 365)")
    validate.add_argument("--strict", action="store_true",
                          help="also fail on warnings: bibliography entries that no record or "
                               "page cites, invisible or mixed-script characters")
    validate.set_defaults(func=cmd_validate)

    cov = add_command(
        sub, "coverage", "list what was encoded from each source, by section",
        "For each entry of the bibliography: how many records come from it, how many cite it "
        "as the original of a figure, and which records come from each section, table or "
        "annex (the locators of their sources). Shows what is left to encode from a source.",
        [("evidence coverage", "every source"),
         ("evidence coverage --source k4dd-donor-mapping", "one bibliography key")])
    add_path(cov)
    cov.add_argument("--source", metavar="KEY", help="only this bibliography key")
    cov.set_defaults(func=cmd_coverage)

    new = add_command(
        sub, "new", "write a commented template for a new record",
        "Write evidence/COLLECTION/ID.yaml: every field of the collection, the required ones "
        "left blank (so the record fails validation until they are filled in), the optional "
        "ones commented out with their description, allowed values and an example. The "
        "comments are in Spanish when the locale is (LANG=es_MX.UTF-8, ...) or with --lang "
        "es. An existing file is never replaced.\n\n"
        "collections (singular or plural):\n" + _collections(), [
            ("evidence new activity my-programme",
             "write evidence/activities/my-programme.yaml"),
            ("evidence new organisation my-agency ../review", "in the project in ../review"),
            ("evidence new mechanism my-network --lang es", "with Spanish comments"),
        ])
    new.add_argument("collection", metavar="COLLECTION",
                     help="the record's collection (listed above), e.g. activity")
    new.add_argument("id", metavar="ID",
                     help="the new record's id and file name: lowercase letters, digits, "
                          "single hyphens")
    add_path(new)
    new.add_argument("--lang", choices=LANGUAGES,
                     help="the language of the comments (default: the locale's, else en)")
    new.add_argument("--root", metavar="PATH",
                     help="deprecated: the same as PATH, which the other commands take too")
    new.set_defaults(func=cmd_new)

    links = add_command(
        sub, "check-links", "check every URL of the records and bibliography",
        "Request every url of the records and every url and doi of the bibliography, "
        "concurrently, following redirects (reported, so a moved link can be updated) and "
        "retrying server errors. Links that worked are cached for --max-age hours. A link is "
        "broken when it answers with an HTTP error, refuses the connection or does not answer "
        "in time (exit 1); it is not reached when its host name does not resolve or there is "
        "no network (exit 3 when nothing is broken), so an offline run does not report every "
        "link as broken. Loopback, private and link-local addresses are not requested unless "
        "--allow-private: the URLs come from the records.", [
            ("evidence check-links", "check the links, using the cache"),
            ("evidence check-links --no-cache --timeout 30", "everything again, patiently"),
        ])
    add_path(links)
    links.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                       help="seconds per request")
    links.add_argument("--retries", type=int, default=2, metavar="N",
                       help="retries after a server error or a failed connection")
    links.add_argument("--workers", type=int, default=8, metavar="N", help="requests at a time")
    links.add_argument("--cache", default=".cache/links.json", metavar="FILE",
                       help="cache file, in PATH")
    links.add_argument("--max-age", type=float, default=24 * 7, metavar="HOURS",
                       help="hours a working link stays cached (default: a week, 168)")
    links.add_argument("--no-cache", action="store_true", help="check everything again")
    links.add_argument("--allow-private", action="store_true",
                       help="also request loopback, private and link-local addresses "
                            "(refused by default: the URLs come from the records)")
    links.set_defaults(func=cmd_check_links)

    export = add_command(
        sub, "export", "write the data downloads",
        "Write the records as the site's Data downloads: a CSV and a JSON file per "
        "collection, datapackage.json (a Frictionless data package with the foreign keys "
        "between collections) and the IATI export, into one folder (its files are "
        "replaced).", [
            ("evidence export", "write them into data/"),
            ("evidence export -o /tmp/downloads", "into another folder"),
        ])
    add_path(export)
    export.add_argument("-o", "--output", default="data", metavar="DIR",
                        help="folder to write")
    export.set_defaults(func=cmd_export)

    schemas = add_command(
        sub, "schemas", "write the JSON Schemas editors use",
        "Regenerate schemas/, the JSON Schemas of the collections, from the model in "
        "macros/model/records.py; editors with the YAML language server use them for "
        "completion and each field's description. --check fails when the committed schemas "
        "differ from the model (CI runs it).", [
            ("evidence schemas", "regenerate schemas/"),
            ("evidence schemas --check", "fail if they are out of date"),
        ])
    add_path(schemas)
    schemas.add_argument("--check", action="store_true",
                         help="fail if the committed schemas differ from the model")
    schemas.set_defaults(func=cmd_schemas)

    pdf = add_command(
        sub, "pdf", "write the review as a PDF report",
        "Render the pages listed under `pdf: pages:` of the evidence plugin in mkdocs.yml "
        "as the site does, and write them as one PDF report: cover, about this review, "
        "suggested citation, contents, numbered sections, footnotes or author-date "
        "citations, references. Needs WeasyPrint's libraries (`make pdf` installs them).", [
            ("evidence pdf", "write review.pdf (the pdf block's `file`) here"),
            ("evidence pdf -o /tmp/review.pdf", "write it elsewhere"),
        ])
    add_path(pdf)
    pdf.add_argument("-o", "--output", metavar="FILE",
                     help="PDF to write (default: the `file` option, review.pdf, in the "
                          "current folder)")
    pdf.set_defaults(func=cmd_pdf)
    register_docx(sub)
    register_import(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show a character
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        # No command: the help, as git and pip show it, and the usage status, as git (which
        # exits 1) does not succeed either: nothing asked for was done.
        parser.print_help()
        return USAGE
    try:
        return int(args.func(args))
    except Stop as stop:
        print(f"error: {stop}\n  hint: {stop.hint}", file=sys.stderr)
        return stop.status
    except EvidenceError as exc:  # the root of the project's errors: a message, no traceback
        print(exc.report(), file=sys.stderr)
        return FAILED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
