#!/usr/bin/env python3
"""Make macros/data/lac-countries.json: the map of Latin America and the Caribbean.

Origin: Natural Earth Admin 0 countries, 1:50m (public domain, naturalearthdata.com), as
carried by the npm package world-atlas 2.0.2 (TopoJSON, ISO 3166-1 numeric ids; ISC licence).
Regenerate with:

    npm pack world-atlas@2.0.2 --pack-destination /tmp
    .venv/bin/python scripts/make-lac-map.py /tmp/world-atlas-2.0.2.tgz

What it does, in order:
1. decodes the TopoJSON arcs (delta-encoded, quantised) into longitude/latitude;
2. picks the countries and territories of macros/model/geography.py's LAC subregions by ISO numeric
   id; Natural Earth's Admin 0 countries count French Guiana, Guadeloupe and Martinique as part
   of France and Bonaire, Sint Eustatius and Saba as part of the Netherlands, so those are the
   polygons of France and the Netherlands that lie inside their boxes (EXTRACTED below);
3. projects with a Lambert azimuthal equal-area projection centred on the region;
4. simplifies each arc once (Douglas–Peucker), so neighbours keep a shared border, then rounds
   to a whole-number grid and drops islets too small to see;
5. gives each state too small to see or click a circle marker, moved apart from the others
   so that none overlap, with the point it stands for (a leader line joins the two).

The output is deterministic: the same input writes the same bytes.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tarfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pycountry

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from macros.model.geography import LAC_SUBREGIONS, SUBREGIONS

OUTPUT = Path(__file__).resolve().parent.parent / "macros" / "data" / "lac-countries.json"
TOPOLOGY = "package/countries-50m.json"

# Territories Natural Earth's Admin 0 countries fold into another state: (numeric id of the
# state, box of the territory as (west, south, east, north) in degrees).
EXTRACTED: dict[str, tuple[str, tuple[float, float, float, float]]] = {
    "GF": ("250", (-55.0, 1.5, -51.0, 6.5)),     # French Guiana, France
    "GP": ("250", (-62.0, 15.7, -60.9, 16.7)),   # Guadeloupe, France
    "MQ": ("250", (-61.4, 14.2, -60.6, 15.0)),   # Martinique, France
    "BQ": ("528", (-69.0, 11.5, -62.5, 18.0)),   # Bonaire, Sint Eustatius and Saba, Netherlands
}

CENTRE = (-75.0, -12.0)   # projection centre (longitude, latitude)
# Lengths are in viewBox units; the map is drawn about 700 px wide, so one unit is about
# a fifth of a pixel there, and 4.4 km on the ground.
WIDTH = 4000              # width of the region in viewBox units (before cropping)
MARGIN = 40
TOLERANCE = 1.0           # Douglas–Peucker tolerance
MIN_RING_AREA = 40.0     # islets below this area (units²) are dropped...
SMALL = 60.0              # ...and a state whose largest land spans less than this gets a marker
MARKER_RADIUS = 28.0
MARKER_GAP = 20.0

Point = tuple[float, float]
Ring = list[Point]


# ---------------------------------------------------------------------------------------------
# TopoJSON


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """Absolute longitude/latitude of every arc: positions are deltas on a quantised grid."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def polygons(geometry: dict[str, Any]) -> list[list[list[int]]]:
    """A geometry's polygons, each a list of rings, each a list of arc indexes."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["arcs"])
    return []


def ring_points(indexes: Sequence[int], arcs: Sequence[Sequence[Point]]) -> Ring:
    """Join a ring's arcs; a negative index ~i is arc i reversed."""
    out: Ring = []
    for i in indexes:
        points = list(arcs[i]) if i >= 0 else list(reversed(arcs[~i]))
        out.extend(points if not out else points[1:])
    return out


def inside(ring: Ring, box: tuple[float, float, float, float]) -> bool:
    west, south, east, north = box
    return all(west <= x <= east and south <= y <= north for x, y in ring)


def lac_geometries(topology: dict[str, Any],
                   arcs: list[list[Point]]) -> dict[str, list[list[list[int]]]]:
    """Alpha-2 code → polygons (as arc indexes) for every LAC code Natural Earth carries."""
    by_id: dict[str, list[list[list[int]]]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        if "id" in geometry:
            by_id.setdefault(geometry["id"], []).extend(polygons(geometry))
    found = {}
    for code in (c for name in LAC_SUBREGIONS for c in SUBREGIONS[name]):
        if code in EXTRACTED:
            state, box = EXTRACTED[code]
            parts = [p for p in by_id[state] if inside(ring_points(p[0], arcs), box)]
        else:
            parts = by_id.get(pycountry.countries.get(alpha_2=code).numeric, [])
        if parts:
            found[code] = parts
    return found


# ---------------------------------------------------------------------------------------------
# Projection and simplification


def laea(lon: float, lat: float) -> Point:
    """Lambert azimuthal equal-area on the unit sphere; y grows southwards, as in SVG."""
    lam, phi = math.radians(lon - CENTRE[0]), math.radians(lat)
    phi0 = math.radians(CENTRE[1])
    k = math.sqrt(2 / (1 + math.sin(phi0) * math.sin(phi)
                       + math.cos(phi0) * math.cos(phi) * math.cos(lam)))
    x = k * math.cos(phi) * math.sin(lam)
    y = k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam))
    return x, -y


def _distance(p: Point, a: Point, b: Point) -> float:
    """Distance from p to the segment ab."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def douglas_peucker(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Keep the ends and every point farther than tolerance from the simplified line."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        far, index = 0.0, -1
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > far:
                far, index = d, i
        if far > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def area(ring: Ring) -> float:
    pairs = zip(ring, ring[1:] + ring[:1], strict=True)
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairs)) / 2


def centroid(rings: Iterable[Ring]) -> Point:
    """Area-weighted centroid of a country's outer rings."""
    total = cx = cy = 0.0
    for ring in rings:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            cross = x0 * y1 - x1 * y0
            total += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
    if abs(total) < 1e-9:
        xs, ys = zip(*(p for ring in rings for p in ring), strict=True)
        return sum(xs) / len(xs), sum(ys) / len(ys)
    return cx / (3 * total), cy / (3 * total)


# ---------------------------------------------------------------------------------------------
# Markers


def spread(anchors: dict[str, Point], radius: float, gap: float) -> dict[str, Point]:
    """Move markers apart until no two overlap; each stays as near its anchor as it can."""
    at = dict(anchors)
    need = 2 * radius + gap
    for _ in range(2000):
        moved = False
        codes = sorted(at)
        for i, a in enumerate(codes):
            for b in codes[i + 1:]:
                (ax, ay), (bx, by) = at[a], at[b]
                d = math.hypot(bx - ax, by - ay)
                if d >= need:
                    continue
                # Push both apart along their line (or sideways when they coincide).
                ux, uy = ((bx - ax) / d, (by - ay) / d) if d > 1e-6 else (1.0, 0.0)
                push = (need - d) / 2 + 0.01
                at[a] = (ax - ux * push, ay - uy * push)
                at[b] = (bx + ux * push, by + uy * push)
                moved = True
        if not moved:
            return at
    raise RuntimeError("markers could not be spread apart; lower MARKER_RADIUS")


# ---------------------------------------------------------------------------------------------
# Output


def path_data(rings: Iterable[Sequence[tuple[int, int]]]) -> str:
    """SVG path data: an absolute move, then relative lines, for each ring."""
    parts = []
    for ring in rings:
        (x, y), rest = ring[0], ring[1:]
        numbers = []
        for px, py in rest:
            numbers += [px - x, py - y]
            x, y = px, py
        text = "".join(f"{n}" if n < 0 or i == 0 else f" {n}" for i, n in enumerate(numbers))
        parts.append(f"M{ring[0][0]} {ring[0][1]}l{text}z")
    return "".join(parts)


def build(topology: dict[str, Any], version: str) -> dict[str, Any]:
    lonlat = decode_arcs(topology)
    geometries = lac_geometries(topology, lonlat)
    used = sorted({abs(i if i >= 0 else ~i) for parts in geometries.values()
                   for polygon in parts for ring in polygon for i in ring})
    projected = {i: [laea(*p) for p in lonlat[i]] for i in used}
    xs = [x for i in used for x, _ in projected[i]]
    ys = [y for i in used for _, y in projected[i]]
    scale = WIDTH / (max(xs) - min(xs))

    def grid(p: Point) -> Point:
        return (p[0] - min(xs)) * scale, (p[1] - min(ys)) * scale

    simplified: dict[int, list[tuple[int, int]]] = {}
    for i in used:
        points = douglas_peucker([grid(p) for p in projected[i]], TOLERANCE)
        rounded = [(round(x), round(y)) for x, y in points]
        simplified[i] = [p for k, p in enumerate(rounded) if k == 0 or p != rounded[k - 1]]

    def ring_of(indexes: Sequence[int]) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        for i in indexes:
            pts = simplified[i] if i >= 0 else simplified[~i][::-1]
            out.extend(pts if not out else pts[1:])
        return out[:-1] if len(out) > 1 and out[0] == out[-1] else out

    countries: dict[str, dict[str, Any]] = {}
    anchors: dict[str, Point] = {}
    every_ring: list[Ring] = []
    for code, parts in sorted(geometries.items()):
        exact = [[grid(laea(*p)) for p in ring_points(polygon[0], lonlat)] for polygon in parts]
        kept = [[ring_of(r) for r in polygon] for polygon in parts]
        sizes = [area([(float(x), float(y)) for x, y in polygon[0]]) for polygon in kept]
        biggest = max(range(len(kept)), key=lambda k: sizes[k])
        rings = [ring for k, polygon in enumerate(kept)
                 if (sizes[k] >= MIN_RING_AREA or k == biggest) for ring in polygon
                 if len(ring) >= 3]
        if not rings:  # a speck smaller than the grid: keep a visible triangle there
            cx, cy = centroid(exact)
            x, y = round(cx), round(cy)
            rings = [[(x, y - 1), (x + 1, y + 1), (x - 1, y + 1)]]
        countries[code] = {"d": path_data(rings)}
        every_ring += [[(float(x), float(y)) for x, y in ring] for ring in rings]
        largest = max(exact, key=lambda ring: area(ring))
        span = max(max(x for x, _ in largest) - min(x for x, _ in largest),
                   max(y for _, y in largest) - min(y for _, y in largest))
        if span < SMALL:
            anchors[code] = centroid([largest])
    # What is drawn: kept rings and markers (dropped islets do not widen the map).
    drawn: list[Point] = [p for ring in every_ring for p in ring]
    for code, (x, y) in sorted(spread(anchors, MARKER_RADIUS, MARKER_GAP).items()):
        ax, ay = anchors[code]
        countries[code]["marker"] = [round(x, 1), round(y, 1)]
        countries[code]["anchor"] = [round(ax, 1), round(ay, 1)]
        drawn += [(x - MARKER_RADIUS, y - MARKER_RADIUS), (x + MARKER_RADIUS, y + MARKER_RADIUS)]
    left, top = min(x for x, _ in drawn) - MARGIN, min(y for _, y in drawn) - MARGIN
    right, bottom = max(x for x, _ in drawn) + MARGIN, max(y for _, y in drawn) + MARGIN
    return {
        "source": (f"Natural Earth Admin 0 countries 1:50m (public domain), from the npm "
                   f"package world-atlas {version}; made by scripts/make-lac-map.py"),
        "viewBox": [math.floor(left), math.floor(top), math.ceil(right - left),
                    math.ceil(bottom - top)],
        "markerRadius": MARKER_RADIUS,
        "countries": countries,
    }


def read_topology(path: Path) -> tuple[dict[str, Any], str]:
    """The 50m countries topology and the package version, from world-atlas's npm tarball."""
    hint = "pass the tarball that `npm pack world-atlas@2.0.2` writes"
    try:
        with tarfile.open(path) as tar:
            def member(name: str) -> Any:
                handle = tar.extractfile(name)
                assert handle is not None, name  # both members are regular files
                return json.load(handle)
            return member(TOPOLOGY), str(member("package/package.json")["version"])
    except (OSError, tarfile.TarError) as error:
        raise SystemExit(f"{path}: cannot read it as a tarball ({error}); {hint}") from None
    except KeyError as error:
        raise SystemExit(f"{path}: {error.args[0]}; {hint}") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tarball", type=Path, help="world-atlas-2.x.y.tgz from `npm pack`")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    topology, version = read_topology(args.tarball)
    data = build(topology, version)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n")
    small = sorted(c for c, v in data["countries"].items() if "marker" in v)
    print(f"{args.output}: {len(data['countries'])} countries and territories "
          f"({len(small)} with a marker), {args.output.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
