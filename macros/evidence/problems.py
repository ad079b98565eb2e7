"""What is wrong with a record, in the project's grammar: pydantic's errors as problems with
their place, a hint where one helps, and the record salvaged so that the rest of it can still
be checked in the same run."""

from __future__ import annotations

import copy
import difflib
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import Problem
from ..model import Reference, nested_model
from ..render.markup import plural
from ..source.yaml import Document, Loc, format_loc


def salvage(model: type[BaseModel], data: dict[str, Any],
             exc: ValidationError) -> BaseModel | None:
    """The record without its invalid values, or None when a required field is missing.

    The build fails anyway; the salvaged record only lets its references and citation keys be
    checked in the same run, so a contributor sees every error at once.
    """
    for _ in range(3):
        errors = exc.errors()
        if any(e["type"] == "missing" for e in errors):
            return None
        data = copy.deepcopy(data)
        # Delete deepest and last list items first so earlier indexes stay valid.
        for loc in sorted((tuple(e["loc"]) for e in errors), key=_loc_sort_key, reverse=True):
            _delete(data, loc)
        try:
            return model.model_validate(data)
        except ValidationError as again:
            exc = again
    return None


def _loc_sort_key(loc: Loc) -> tuple[int, tuple[str, ...]]:
    return len(loc), tuple(f"{p:09d}" if isinstance(p, int) else str(p) for p in loc)


def _delete(data: Any, loc: Loc) -> None:
    *parents, last = loc if loc else (None,)
    for part in parents:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return
    if isinstance(data, dict) and last in data:
        del data[last]
    elif isinstance(data, list) and isinstance(last, int) and last < len(data):
        del data[last]


_COLLECTION_NOUN = {
    "organisations": "an organisation id", "strategies": "a strategy id",
    "activities": "an activity id", "mieux-actions": "a MIEUX action id",
    "mechanisms": "a mechanism id", "figures": "a figure id", "themes": "a theme id",
    "mieux_areas": "a MIEUX area id", "findings": "a finding id",
    "recommendations": "a recommendation id", "events": "an event id",
}


def unknown_reference(ref: Reference, known: set[str]) -> tuple[str, str]:
    noun = _COLLECTION_NOUN[ref.collection]
    where = ("evidence/themes.yaml" if ref.collection in ("themes", "mieux_areas")
             else f"evidence/{ref.collection}/")
    hint = did_you_mean(ref.id, known) or f"no such id in {where}: add it there or fix the id"
    return f"expected {noun}, got '{ref.id}'", hint


def did_you_mean(word: str, choices: Any) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


# ---------------------------------------------------------------------------------------------
# pydantic errors → problems in the project's grammar

_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number", "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number", "float_parsing": "a number",
    "bool_type": "true or false", "bool_parsing": "true or false",
    "list_type": "a list", "dict_type": "a mapping of fields",
    "model_type": "a mapping of fields", "model_attributes_type": "a mapping of fields",
    "date_type": "a date as YYYY-MM-DD", "date_parsing": "a date as YYYY-MM-DD",
    "date_from_datetime_parsing": "a date as YYYY-MM-DD",
    "date_from_datetime_inexact": "a date as YYYY-MM-DD",
    "string_pattern_mismatch": "a lowercase id (letters, digits, hyphens)",
    "string_too_short": "non-empty text",
}
_HINTS = {
    "list_type": "write each item on its own line starting with '- '",
    "date_from_datetime_parsing": "write dates as 2024-05-31",
    "date_parsing": "write dates as 2024-05-31",
    "string_type": "put the value in quotes to keep it as text",
    "bool_parsing": "write true or false",
}


def _got(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if value is None:
        return "nothing"
    return repr(value)


def translate(doc: Document, model: type[BaseModel], error: Any) -> Problem:
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if "field" in ctx:  # a model-level check that points at one of its fields
        loc = (*loc, ctx["field"])
    hint = _HINTS.get(kind, "")
    if kind == "missing":
        line, col = doc.position(loc[:-1])
        description = _field_description(model, loc)
        return Problem(doc.path, line, col, format_loc(loc), "required field is missing",
                       f"add '{loc[-1]}:'" + (f" ({description})" if description else ""))
    if kind == "extra_forbidden":
        line, col = doc.position(loc, key=True)
        allowed = _allowed_fields(model, loc[:-1])
        hint = did_you_mean(str(loc[-1]), allowed) or f"allowed fields: {', '.join(allowed)}"
        return Problem(doc.path, line, col, format_loc(loc), f"unknown field '{loc[-1]}'", hint)
    line, col = doc.position(loc)
    if kind == "literal_error":
        message = f"expected one of {ctx['expected']}, got {_got(value)}"
        hint = did_you_mean(str(value), _literal_choices(ctx["expected"]))
    elif kind == "too_short" and ctx.get("min_length"):
        n = ctx["min_length"]
        message = f"expected at least {plural(n, 'item')}, got {_got(value)}"
    elif kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = next(iter(ctx.values()))
        sign = {"greater_than": ">", "greater_than_equal": "≥", "less_than": "<",
                "less_than_equal": "≤"}[kind]
        message = f"expected a number {sign} {bound}, got {_got(value)}"
    elif kind == "iso_country":
        message = error["msg"]
        suggestion = ctx.get("suggestion")
        hint = (f"did you mean '{suggestion}'?" if suggestion else
                "use a two-letter ISO 3166-1 code, e.g. 'CO' for Colombia")
    elif kind == "m49_region":
        message = error["msg"]
        suggestion = ctx.get("suggestion")
        hint = (f"did you mean '{suggestion}'?" if suggestion else
                "write the code in quotes ('013', not 013: YAML reads 013 as the octal number "
                "11)" if ctx.get("unquoted") else
                "use a three-digit UN M49 region code in quotes, e.g. '419' for Latin America "
                "and the Caribbean, '029' for the Caribbean (macros/data/m49.json lists them)")
    elif kind in _EXPECTED:
        message = f"expected {_EXPECTED[kind]}, got {_got(value)}"
        if kind == "string_pattern_mismatch" and isinstance(value, str):
            hint = f"for example '{slugify(value)}'"
    else:
        message = error["msg"][0].lower() + error["msg"][1:]
    return Problem(doc.path, line, col, format_loc(loc), message, hint)


def _literal_choices(expected: str) -> list[str]:
    return [part.strip(" '") for part in expected.replace(" or ", ",").split(",")]


def slugify(text: str) -> str:
    out = "".join(c if c.isalnum() else "-" for c in text.lower())
    return "-".join(filter(None, out.split("-")))


def _submodel(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that validates the mapping at `loc`, following nested fields."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field_info = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        if field_info is None:
            return None
        current = nested_model(field_info.annotation)
        if current is None:
            return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None




def _allowed_fields(model: type[BaseModel], loc: Loc) -> list[str]:
    sub = _submodel(model, loc)
    return list(sub.model_fields) if sub else []


def _field_description(model: type[BaseModel], loc: Loc) -> str:
    sub = _submodel(model, loc[:-1])
    info = sub.model_fields.get(str(loc[-1])) if sub else None
    return (info.description or "") if info else ""
