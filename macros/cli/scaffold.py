"""`evidence new`: a commented template for a new record, written from the model itself.

Required fields are left blank so the record fails validation until they are filled in;
optional fields are commented out with their description, allowed values and an example.
The comments are in English, or in Spanish when asked (`lang="es"`) or when the user's locale
is Spanish: the Spanish words come from `macros/data/scaffold-es.json`.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import types
import typing
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

from pydantic import BaseModel, StringConstraints
from pydantic.fields import FieldInfo

from ..errors import RecordExists, ScaffoldError, printable
from ..model import COLLECTIONS, Record, field_choices, nested_model

_ID = next(m for m in Record.model_fields["id"].metadata if isinstance(m, StringConstraints))
SLUG = re.compile(str(_ID.pattern))
"""A record id, as the model has it: lowercase letters, digits and single hyphens."""
ID_MAX = int(_ID.max_length or 80)
"""The longest id the model accepts (a file name must also fit in the file system's limit)."""
SINGULAR = {"organisation": "organisations", "strategy": "strategies", "activity": "activities",
            "mieux-action": "mieux-actions", "mechanism": "mechanisms", "figure": "figures",
            "finding": "findings", "recommendation": "recommendations", "event": "events"}
EXAMPLES: dict[str, str] = {
    "organisation": "iom", "organisations": "[iom]", "leads": "[iom, unhcr]",
    "members": "[iom, unhcr]", "partners": "[iom]", "strategies": "[]", "mechanisms": "[r4v]",
    "countries": "[CO, EC]", "themes": "[integration]", "mieux_areas": "[legal-migration]",
    "url": "https://example.org/", "parent": "iom", "network": "iom", "about": "[mechanisms/r4v]",
    "organisers": "[icmpd]", "participant_countries": "[AR, CR]", "mieux_actions": "[mexico-ii]",
    "country": "MX", "currency": "USD", "date": "2018-07", "year": "2023",
    "translations": "{es: {provenance: {by: person, reviewed: false, date: 2026-01-01}}}",
}


def collection_name(name: str) -> str:
    """Accept 'activity' or 'activities'; raise with the list of collections otherwise."""
    if name in COLLECTIONS:
        return name
    if name in SINGULAR:
        return SINGULAR[name]
    raise ScaffoldError(f"unknown collection {printable(repr(name))}; expected one of: "
                        f"{', '.join(COLLECTIONS)}")


LANGUAGES = ("en", "es")
"""The languages a template's comments can be written in."""


def template_language(lang: str | None = None) -> str:
    """`lang` if given (one of LANGUAGES), else the user's locale as gettext reads it (the
    first of LANGUAGE, LC_ALL, LC_MESSAGES, LANG that is set): Spanish for es_*, else English."""
    if lang is not None:
        if lang not in LANGUAGES:
            raise ScaffoldError(f"no template in {printable(repr(lang))}; expected one of: "
                                f"{', '.join(LANGUAGES)}")
        return lang
    locale = next((v for k in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
                   if (v := os.environ.get(k))), "")
    return "es" if locale.split(":")[0].lower().startswith("es") else "en"


@functools.cache
def _spanish() -> dict[str, str]:
    data = json.loads(files("macros.data").joinpath("scaffold-es.json").read_text("utf-8"))
    return {**data["phrases"], **data["descriptions"]}


def _words(lang: str) -> Callable[[str], str]:
    """English text in the template's language; English where it has no translation yet."""
    if lang == "en":
        return lambda text: text
    words = _spanish()
    return lambda text: words.get(text, text)


def new_record(root: Path, collection: str, ident: str, today: dt.date | None = None,
               lang: str | None = None) -> Path:
    """Write evidence/<collection>/<ident>.yaml from the template; return its path."""
    collection = collection_name(collection)
    lang = template_language(lang)
    if len(ident) > ID_MAX:
        raise ScaffoldError(f"{printable(repr(ident[:20]))}… is not a valid id: it is "
                            f"{len(ident)} characters long, and at most {ID_MAX} fit",
                            "use the acronym, or the first words of the title")
    if not SLUG.match(ident):
        suggestion = "-".join(filter(None, re.split(r"[^a-z0-9]+", ident.lower())))
        hint = f"; for example '{suggestion}'" if suggestion else ""
        raise ScaffoldError(f"{printable(repr(ident))} is not a valid id: use lowercase "
                            f"letters, digits and single hyphens{printable(hint)}")
    path = root / "evidence" / collection / f"{ident}.yaml"
    if path.exists():
        raise RecordExists(f"{path.relative_to(root).as_posix()} already exists: edit it, or "
                           "choose another id")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(template(collection, ident, today or dt.date.today(), lang),
                    encoding="utf-8")
    return path


def template(collection: str, ident: str, today: dt.date, lang: str = "en") -> str:
    model = COLLECTIONS[collection]
    say = _words(lang)
    required, optional = f"({say('required')})", f"({say('optional')})"
    lines = [f"# yaml-language-server: $schema=../../schemas/{collection}.schema.json",
             f"# {say(_doc(model))}",
             "# " + say("Fill in every field that is not commented out, uncomment the optional "
                        "fields"),
             "# " + say("you need, then check the file with: evidence validate"),
             "# " + say("Every fact must come from a source listed under `sources:`, with a "
                        "locator."),
             "", f"id: {ident}"]
    for name, info in model.model_fields.items():
        if name in ("id", "sources", "last_reviewed", "notes", "draft"):  # draft: imports
            continue
        lines += ["", *_field(name, info, say)]
    lines += ["", f"# {required} "
              + say("Where each statement comes from: a key of bibliography.bib and"),
              "# " + say("the place in that source (section, table, annex, footnote)."),
              "sources:", "  - key:", "    locator:",
              "", f"# {optional} " + say("Caveats: where a source is ambiguous or looks wrong."),
              "# notes:", "#   - ...",
              "", f"# {required} " + say("The date you checked the record against its sources."),
              f"last_reviewed: {today.isoformat()}", ""]
    return "\n".join(lines)


def _doc(model: type[BaseModel]) -> str:
    return (model.__doc__ or "").strip().splitlines()[0]


def _field(name: str, info: FieldInfo, say: Callable[[str], str]) -> list[str]:
    required = info.is_required()
    help_lines = [f"# ({say('required' if required else 'optional')}) "
                  f"{say(info.description or '')}".rstrip()]
    choices = field_choices(info.annotation)
    if choices:
        help_lines.append(f"# {say('One of:')} {', '.join(choices)}")
    sub = None if name == "translations" else nested_model(info.annotation)  # one example line
    if sub is not None:
        body = _nested(sub, say, is_list=_is_list(info.annotation))
        if required:
            return [*help_lines, f"{name}:", *body]
        # Commented with the indentation kept, so deleting "# " gives valid YAML.
        return [*help_lines, f"# {name}:", *(f"# {line}" for line in body)]
    example = EXAMPLES.get(name) or (choices[0] if choices else "")
    if _is_list(info.annotation) and not example.startswith("["):
        example = "[]"
    if required:
        return [*help_lines, f"{name}:"]
    return [*help_lines, f"# {name}: {example}".rstrip()]


def _nested(model: type[BaseModel], say: Callable[[str], str], *, is_list: bool) -> list[str]:
    lead = "  - " if is_list else "  "
    out = []
    for i, (name, info) in enumerate(model.model_fields.items()):
        prefix = lead if i == 0 else "    " if is_list else "  "
        choices = field_choices(info.annotation)
        example = EXAMPLES.get(name) or (choices[0] if choices else "")
        if nested_model(info.annotation) is not None or _is_list(info.annotation):
            example = example if example.startswith("[") else "[]"
        note = say(info.description or "") or (
            f"{say('one of:')} " + ", ".join(choices) if choices else "")
        comment = f"  # {say('required' if info.is_required() else 'optional')}"
        comment += f": {note}" if note else ""
        out.append(f"{prefix}{name}: {example}".rstrip() + comment)
    return out


def _args(annotation: Any) -> tuple[Any, ...]:
    return typing.get_args(annotation)


def _is_list(annotation: Any) -> bool:
    if typing.get_origin(annotation) is list:
        return True
    return any(_is_list(a) for a in _args(annotation)
               if typing.get_origin(annotation) in (typing.Union, types.UnionType))






