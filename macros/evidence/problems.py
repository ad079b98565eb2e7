"""What is wrong with a record, in the project's grammar: pydantic's errors as problems with
their place, a hint where one helps, and the record as written (`partial`) so that the rest of it
can still be checked in the same run."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
from typing import Any

import pycountry
from pydantic import BaseModel

from ..errors import Problem
from ..model import Reference, nested_model
from ..render.markup import plural
from ..source.yaml import Document, Loc, format_loc


def partial(model: type[BaseModel], data: Any) -> BaseModel:
    """The record as written, without validation, for the checks across records only.

    A record with a wrong value (a date written 24/11/2026, a required field left out) is
    still read for what can be checked: its references, themes and citation keys, so that a
    contributor sees every mistake in one run. Every field the model knows is set: nested
    mappings and lists of them are built the same way, a list field holds a list, a value that
    is neither text nor a number is None, and a missing field has its default (None where the
    model has none). The build fails anyway: nothing else ever sees this record.
    """
    raw = data if isinstance(data, dict) else {}
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in raw:
            values[name] = _as_written(info.annotation, raw[name])
        elif info.is_required():
            values[name] = [] if _is_list(info.annotation) else None
        else:
            values[name] = info.get_default(call_default_factory=True)
    return model.model_construct(**values)


def _as_written(annotation: Any, value: Any) -> Any:
    sub = nested_model(annotation)
    if _is_list(annotation):
        items = value if isinstance(value, list) else []
        return [partial(sub, item) if sub else _scalar(item) for item in items]
    if sub is not None:
        return partial(sub, value) if isinstance(value, dict) else None
    return _scalar(value)


def _scalar(value: Any) -> Any:
    return value if isinstance(value, str | int | float) else None


def _is_list(annotation: Any) -> bool:
    """Whether a field holds a list (directly or optionally), not one value."""
    origin = typing.get_origin(annotation)
    if origin is list:
        return True
    if origin is typing.Annotated:
        return _is_list(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return any(_is_list(arg) for arg in typing.get_args(annotation) if arg is not type(None))
    return False


_COLLECTION_NOUN = {
    "organisations": "an organisation id", "strategies": "a strategy id",
    "activities": "an activity id", "mieux-actions": "a MIEUX action id",
    "mechanisms": "a mechanism id", "figures": "a figure id", "themes": "a theme id",
    "mieux_areas": "a MIEUX area id", "findings": "a finding id",
    "recommendations": "a recommendation id", "events": "an event id",
}


def unknown_reference(ref: Reference, suggestion: str) -> tuple[str, str]:
    """The message and hint for a reference to an id that is not there; `suggestion` is the
    "did you mean" of `suggest.Suggestions.hint`, or "" when nothing comes close."""
    noun = _COLLECTION_NOUN[ref.collection]
    where = ("evidence/themes.yaml" if ref.collection in ("themes", "mieux_areas")
             else f"evidence/{ref.collection}/")
    hint = suggestion or f"no such id in {where}: add it there or fix the id"
    return f"expected {noun}, got {_got(ref.id)}", hint


def did_you_mean(word: str, choices: Any) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


_DATE = re.compile(r"\s*(\d{1,4})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{1,4})\s*")


def date_hint(value: Any) -> str:
    """How to write a date given in another order: `24/11/2026` → `did you mean
    '2026-11-24'?`; both readings when the day and the month could be either."""
    match = _DATE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return ""
    first, middle, last = match.groups()
    if len(first) == 4:
        readings = [_iso(int(first), int(middle), int(last))]
    elif len(last) == 4:  # day first (most of the world) or month first (the United States)
        readings = [_iso(int(last), int(middle), int(first)),
                    _iso(int(last), int(first), int(middle))]
    else:
        return ""
    found = list(dict.fromkeys(r for r in readings if r))
    if len(found) == 1:
        return f"did you mean '{found[0]}'? (dates are written YYYY-MM-DD)"
    if len(found) == 2:
        return (f"dates are written YYYY-MM-DD: '{found[0]}' if the day comes first, "
                f"'{found[1]}' if the month does")
    return ""


def _iso(year: int, month: int, day: int) -> str:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return ""


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
        country = pycountry.countries.get(alpha_2=suggestion) if suggestion else None
        named = f" ({country.name})" if country is not None else ""
        hint = (f"did you mean '{suggestion}'{named}?" if suggestion else
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
        if kind.startswith("date_"):
            hint = date_hint(value) or hint
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
