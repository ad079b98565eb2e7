#!/usr/bin/env python3
"""The message catalogue, extracted from the code with Babel.

    .venv/bin/python scripts/messages.py          # `make messages`: write macros/locale/
    .venv/bin/python scripts/messages.py --check  # exit 1 when it is not current (`make lint`)

Writes `macros/locale/messages.pot` (every message the code marks, sorted, without line
numbers, so it changes only when a message does) and brings each language's
`macros/locale/<lang>/LC_MESSAGES/messages.po` up to date with it (English: the messages
themselves, nothing translated). The catalogues are compiled in memory when the site is built
(`macros/render/text.py`); no `.mo` file is written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "macros" / "locale"
TEMPLATE = LOCALE / "messages.pot"
LANGUAGES = ("en", "es")
FIXED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
HEADER = """# {language} messages of the living evidence review{note}.
# Brought up to date with messages.pot by `make messages` (scripts/messages.py)."""


def extract(output: Path) -> None:
    CommandLineInterface().run([
        "pybabel", "--quiet", "extract", "-F", str(ROOT / "babel.cfg"), "-k", "NN_:1,2",
        "-k", "NP_:1c,2", "--no-location", "--sort-output", "--omit-header",
        "-o", str(output), str(ROOT / "macros")])


def messages(path: Path) -> set[tuple[object, object]]:
    with path.open("rb") as source:
        return {(m.id, m.context) for m in read_po(source) if m.id}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="fail if the committed catalogue differs from the code's messages")
    args = parser.parse_args()
    if args.check:
        with tempfile.TemporaryDirectory() as folder:
            fresh = Path(folder) / "messages.pot"
            extract(fresh)
            stale = not TEMPLATE.exists() or fresh.read_bytes() != TEMPLATE.read_bytes()
            wanted = messages(fresh)
        stale_po = [lang for lang in LANGUAGES
                    if not (po := LOCALE / lang / "LC_MESSAGES" / "messages.po").exists()
                    or messages(po) != wanted]
        if stale or stale_po:
            print(f"the message catalogue in {LOCALE.relative_to(ROOT)} is out of date"
                  + (f" ({', '.join(stale_po)})" if stale_po else ""))
            print("  hint: run `make messages` and commit the result")
            return 1
        print(f"the message catalogue in {LOCALE.relative_to(ROOT)} is up to date")
        return 0
    LOCALE.mkdir(parents=True, exist_ok=True)
    extract(TEMPLATE)
    for lang in LANGUAGES:
        update(lang)
    return 0


def update(lang: str) -> None:
    """A language's catalogue with every message of the template, its translations kept."""
    po = LOCALE / lang / "LC_MESSAGES" / "messages.po"
    with TEMPLATE.open("rb") as source:
        template = read_po(source)
    if po.exists():
        with po.open("rb") as source:
            catalog = read_po(source, locale=lang)
    else:
        note = ": the messages themselves, nothing translated" if lang == "en" else ""
        catalog = Catalog(locale=lang, domain="messages", project="lac-migration-evidence",
                          version="1", fuzzy=False, msgid_bugs_address="the project's issues",
                          last_translator="", language_team="", header_comment=HEADER.format(
                              language=catalog_language(lang), note=note))
    # No dates: the file changes only when a message or a translation does.
    catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
    catalog.creation_date = catalog.revision_date = FIXED_DATE
    po.parent.mkdir(parents=True, exist_ok=True)
    with po.open("wb") as out:
        write_po(out, catalog, width=100, ignore_obsolete=True, include_lineno=False)


def catalog_language(lang: str) -> str:
    return {"en": "English", "es": "Spanish"}.get(lang, lang)


if __name__ == "__main__":
    sys.exit(main())
