"""`evidence new` in Spanish: the same template, its comments in Spanish, chosen by the
user's locale (or asked for), with every field's description translated."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from helpers import BIN, REPO
from pydantic import BaseModel

from macros.cli import scaffold
from macros.errors import ScaffoldError
from macros.model import COLLECTIONS, nested_model

DAY = dt.date(2026, 12, 2)
SPANISH = json.loads((REPO / "macros" / "data" / "scaffold-es.json").read_text("utf-8"))
COMMENTED_FIELD = re.compile(r"^#\s+[a-z_]+:.*$|^#\s+-.*$|^#\s{3,}.*$")
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def descriptions(model: type[BaseModel], seen: set[type[BaseModel]] | None = None) -> set[str]:
    """Every description a template of this collection can write (nested models once)."""
    seen = set() if seen is None else seen
    seen.add(model)
    found = {(model.__doc__ or "").strip().splitlines()[0]}
    for info in model.model_fields.values():
        if info.description:
            found.add(info.description)
        sub = nested_model(info.annotation)
        if sub is not None and sub not in seen:
            found |= descriptions(sub, seen) - {(sub.__doc__ or "").strip().splitlines()[0]}
    return found


@pytest.mark.parametrize("collection", sorted(COLLECTIONS))
def test_the_spanish_template_is_the_english_one_with_spanish_comments(collection: str) -> None:
    english = scaffold.template(collection, "x", DAY, "en")
    spanish = scaffold.template(collection, "x", DAY, "es")
    # The same record once read, the same lines, the same optional fields to uncomment.
    assert yaml.safe_load(spanish) == yaml.safe_load(english)
    assert len(spanish.splitlines()) == len(english.splitlines())
    def fields(text: str) -> list[str]:
        return [line.split("  # ")[0] for line in text.splitlines()
                if COMMENTED_FIELD.match(line)]

    assert fields(spanish) == fields(english) and fields(english)
    assert "(obligatorio)" in spanish and "(required)" not in spanish
    assert "(optional)" not in spanish and "evidence validate" in spanish
    # Each description the English template writes is there in Spanish instead.
    for text in descriptions(COLLECTIONS[collection]):
        if text in english:
            assert SPANISH["descriptions"][text] in spanish


def test_every_field_description_has_its_spanish_words() -> None:
    wanted = set().union(*(descriptions(m) for m in COLLECTIONS.values()))
    missing = sorted(wanted - set(SPANISH["descriptions"]))
    assert missing == [], "add these to macros/data/scaffold-es.json: " + "; ".join(missing)


@pytest.fixture
def no_locale(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.mark.parametrize(("variables", "language"), [
    ({}, "en"), ({"LANG": "es_MX.UTF-8"}, "es"), ({"LANG": "es_CO.UTF-8", "LC_ALL": "en_GB"}, "en"),
    ({"LANGUAGE": "es:en", "LANG": "en_US.UTF-8"}, "es"), ({"LANG": "C.UTF-8"}, "en"),
    ({"LANG": "pt_BR.UTF-8"}, "en")])
def test_the_template_follows_the_users_locale(no_locale: pytest.MonkeyPatch,
                                                variables: dict[str, str],
                                                language: str) -> None:
    for name, value in variables.items():
        no_locale.setenv(name, value)
    assert scaffold.template_language() == language
    # Asked for explicitly, a language wins over the locale.
    assert scaffold.template_language("en") == "en"


def test_a_language_with_no_template_is_refused_by_name() -> None:
    with pytest.raises(ScaffoldError, match=r"no template in 'fr'; expected one of: en, es"):
        scaffold.template_language("fr")


def test_evidence_new_writes_spanish_comments_in_a_spanish_locale(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in LOCALE_VARIABLES}
    done = subprocess.run([str(BIN / "evidence"), "new", "event", "reunion",
                           str(tmp_path)], capture_output=True, text=True, check=False,
                          env={**env, "LANG": "es_MX.UTF-8"})
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "evidence" / "events" / "reunion.yaml").read_text("utf-8")
    assert "# Una reunión, un taller o una mesa redonda que informa una fuente." in text
    assert "# (obligatorio) La fecha en que cotejó el registro con sus fuentes." in text
