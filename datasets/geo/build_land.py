"""Build a small coastline file for an offline map of China and its surroundings.

Input:  the Natural Earth *land* layer as TopoJSON, as shipped by the npm
        package ``world-atlas`` (``land-50m.json``; ``land-110m.json`` and
        ``land-10m.json`` also work).
Output: ``land_east_asia.geojson`` next to this script (or ``--output``).

Usage::

    python datasets/geo/build_land.py /path/to/world-atlas/land-50m.json

What the output contains, and why
---------------------------------
Only coastlines, as ``LineString`` / ``MultiLineString`` features.  There are
no country or province borders: the source is the *land* layer, not the
country layer, on purpose (borders in this region are disputed, and maps
published in China must follow the official standard-map rules).

Clipping a land polygon to a rectangle would add straight, artificial edges
along the rectangle.  Because the map only draws outlines (no fill), the
script instead clips each ring's *boundary* as a polyline (Liang-Barsky,
segment by segment).  A ring that leaves the box is therefore split into
open pieces wherever it crosses the box edge, and no box edge is ever drawn.
Rings entirely inside the box (islands) stay closed.  One feature is written
per source ring that survives: a ``LineString`` if it is a single piece, a
``MultiLineString`` if the box cut it into several.

Pipeline
--------
1. Decode the TopoJSON: delta-decode the quantized arcs, apply the
   ``transform`` (scale/translate), and stitch arcs into rings (a negative
   arc index ``~i`` means arc ``i`` reversed; consecutive arcs share their
   joining point, which is stored only once).
2. Drop rings whose bounding box misses the clip box, and rings whose
   (unclipped) area is below ``MIN_AREA_KM2``.  The threshold removes specks
   but keeps every sizeable island; a self-check (``MUST_KEEP``) fails the
   build if Taiwan, Hainan, Honshu, Kyushu, Shikoku or the Korean peninsula
   go missing.  Hokkaido and Sakhalin lie entirely east of 137 E, so they are
   outside the box and absent by construction.
3. Clip each ring's boundary to the box (see above).
4. Simplify each piece with Douglas-Peucker (``TOLERANCE_DEG``); the end
   points of open pieces, which sit on the box edge, are always kept.
5. Round coordinates to ``DECIMALS`` places, remove consecutive duplicates
   that rounding creates, and drop degenerate results: closed rings with
   fewer than 4 points, open pieces with fewer than 2.
6. Write the FeatureCollection with sorted keys, compact separators and no
   timestamps, so the same input always gives a byte-identical file.

Standard library only.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import re
import sys
from pathlib import Path

# Clip box in degrees: lon 72..137 E, lat 15..54 N.
LON_MIN, LON_MAX = 72.0, 137.0
LAT_MIN, LAT_MAX = 15.0, 54.0

# Douglas-Peucker tolerance in degrees (about 1 km), close to the detail that
# the 1:50m data carries anyway.  With land-50m the output is under 40 KB
# (budget: 150 KB) and still looks like the source at province-level zoom.
TOLERANCE_DEG = 0.01

# Rings (islands, or holes in land) smaller than this are dropped.
MIN_AREA_KM2 = 300.0

# Decimal places kept in the output (0.001 deg is about 100 m).
DECIMALS = 3

# Landmasses that must survive the filters, each with a point on it
# (lon, lat).  The build fails if no kept ring contains the point.
MUST_KEEP = {
    "Taiwan": (121.0, 23.7),
    "Hainan": (109.8, 19.2),
    "Honshu (west of 137 E)": (135.8, 35.0),
    "Kyushu": (130.7, 32.8),
    "Shikoku": (133.5, 33.8),
    "Korean peninsula": (127.0, 37.5),
}

DEFAULT_OUTPUT = Path(__file__).resolve().parent / "land_east_asia.geojson"

KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON_EQUATOR = 111.320


# --------------------------------------------------------------------------
# TopoJSON decoding
# --------------------------------------------------------------------------


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Return every arc as a list of (lon, lat) in degrees.

    In a quantized topology each arc position after the first is a delta
    from the previous one, in integer grid units; the absolute grid position
    is mapped to degrees with ``x * scale + translate``.
    """
    transform = topology.get("transform")
    if transform is None:  # non-quantized topology: plain coordinates
        return [[(float(p[0]), float(p[1])) for p in arc] for arc in topology["arcs"]]
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for p in arc:
            x += p[0]
            y += p[1]
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def stitch_ring(arc_indexes: list[int], arcs: list) -> list[tuple[float, float]]:
    """Join the arcs of one ring into a closed list of points."""
    ring: list[tuple[float, float]] = []
    for index in arc_indexes:
        # ~index (== -index - 1) refers to arc `index` traversed backwards.
        points = arcs[~index][::-1] if index < 0 else arcs[index]
        # Consecutive arcs share their joining point; keep it once.
        ring.extend(points[1:] if ring else points)
    return ring


def iter_rings(topology: dict, arcs: list):
    """Yield every ring (outer boundaries and holes) of every polygon."""

    def walk(geometry):
        kind = geometry["type"]
        if kind == "GeometryCollection":
            for child in geometry["geometries"]:
                yield from walk(child)
        elif kind == "Polygon":
            for ring in geometry["arcs"]:
                yield stitch_ring(ring, arcs)
        elif kind == "MultiPolygon":
            for polygon in geometry["arcs"]:
                for ring in polygon:
                    yield stitch_ring(ring, arcs)
        # Points and lines do not occur in the land layer; ignore them.

    for obj in topology["objects"].values():
        yield from walk(obj)


# --------------------------------------------------------------------------
# Geometry helpers
# --------------------------------------------------------------------------


def ring_area_km2(ring: list[tuple[float, float]]) -> float:
    """Approximate area of a ring in km^2 (shoelace on a local projection).

    Longitudes are scaled by the cosine of the ring's mean latitude, which
    is accurate enough to tell a speck from an island.
    """
    mean_lat = sum(lat for _, lat in ring) / len(ring)
    kx = KM_PER_DEG_LON_EQUATOR * math.cos(math.radians(mean_lat))
    total = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        total += x0 * y1 - x1 * y0
    return abs(total) / 2.0 * kx * KM_PER_DEG_LAT


def bbox_intersects_box(ring: list[tuple[float, float]]) -> bool:
    lons = [p[0] for p in ring]
    lats = [p[1] for p in ring]
    return not (max(lons) < LON_MIN or min(lons) > LON_MAX or max(lats) < LAT_MIN or min(lats) > LAT_MAX)


def point_in_ring(point: tuple[float, float], ring: list[tuple[float, float]]) -> bool:
    """Even-odd ray casting test."""
    px, py = point
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > py) != (y1 > py):
            x_cross = x0 + (py - y0) * (x1 - x0) / (y1 - y0)
            if px < x_cross:
                inside = not inside
    return inside


def clip_segment(p0, p1):
    """Liang-Barsky: clip segment p0-p1 to the box.

    Returns (t0, t1) with 0 <= t0 <= t1 <= 1, the visible part of the
    segment as fractions along it, or None if nothing is visible.
    """
    dx, dy = p1[0] - p0[0], p1[1] - p0[1]
    t0, t1 = 0.0, 1.0
    for p, q in (
        (-dx, p0[0] - LON_MIN),
        (dx, LON_MAX - p0[0]),
        (-dy, p0[1] - LAT_MIN),
        (dy, LAT_MAX - p0[1]),
    ):
        if p == 0:
            if q < 0:  # parallel to this edge and outside it
                return None
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)  # entering
        else:
            t1 = min(t1, t)  # leaving
        if t0 > t1:
            return None
    return t0, t1


def clip_ring_boundary(
    ring: list[tuple[float, float]],
) -> list[list[tuple[float, float]]]:
    """Clip a closed ring's boundary to the box, as polylines.

    Returns a list of pieces.  A ring entirely inside the box comes back as
    one closed piece (first point == last point); otherwise each piece is an
    open polyline that starts and/or ends on the box edge.
    """
    closed = ring if ring[0] == ring[-1] else ring + ring[:1]
    pieces: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] | None = None

    def lerp(a, b, t):
        return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)

    for a, b in itertools.pairwise(closed):
        visible = clip_segment(a, b)
        if visible is None:
            current = None
            continue
        t0, t1 = visible
        start = a if t0 == 0.0 else lerp(a, b, t0)
        end = b if t1 == 1.0 else lerp(a, b, t1)
        if t0 > 0.0 or current is None:
            # The segment enters the box here: start a new piece.
            current = [start]
            pieces.append(current)
        current.append(end)
        if t1 < 1.0:
            current = None  # the segment leaves the box: close this piece

    # The ring's start point is arbitrary.  If the boundary is still inside
    # the box when it wraps around, the last piece continues into the first.
    if len(pieces) > 1 and pieces[-1][-1] == pieces[0][0] == closed[0]:
        pieces[0] = pieces.pop() + pieces[0][1:]
    return pieces


def _segment_distance(p, a, b) -> float:
    """Distance from point p to segment a-b (planar, in degrees)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    if length2 == 0.0:
        return math.hypot(p[0] - a[0], p[1] - a[1])
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2))
    return math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy))


def douglas_peucker(points: list, tolerance: float) -> list:
    """Simplify an open polyline; its two end points are always kept.

    Iterative (explicit stack) so long coastlines cannot hit the recursion
    limit.
    """
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, worst_index = -1.0, -1
        for i in range(first + 1, last):
            d = _segment_distance(points[i], points[first], points[last])
            if d > worst:
                worst, worst_index = d, i
        if worst > tolerance:
            keep[worst_index] = True
            stack.append((first, worst_index))
            stack.append((worst_index, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


def simplify_closed(ring: list, tolerance: float) -> list:
    """Douglas-Peucker for a closed ring (first point == last point).

    The ring is cut at its start point and at the point farthest from it,
    and each half is simplified as an open polyline; this keeps the
    ring's extent instead of collapsing it onto one anchor.
    """
    start = ring[0]
    far = max(
        range(len(ring) - 1),
        key=lambda i: (ring[i][0] - start[0]) ** 2 + (ring[i][1] - start[1]) ** 2,
    )
    if far == 0:
        return [start, start]
    first_half = douglas_peucker(ring[: far + 1], tolerance)
    second_half = douglas_peucker(ring[far:], tolerance)
    return first_half + second_half[1:]


def round_and_dedupe(points: list) -> list:
    """Round to DECIMALS places and drop consecutive duplicate points."""
    out: list[list[float]] = []
    for lon, lat in points:
        p = [round(lon, DECIMALS), round(lat, DECIMALS)]
        if not out or p != out[-1]:
            out.append(p)
    return out


# --------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------


def source_label(topojson_path: Path, version: str | None) -> str:
    """Describe the input, e.g. 'Natural Earth land 1:50m via world-atlas 2.0.2'."""
    match = re.fullmatch(r"land-(\d+m)\.json", topojson_path.name)
    if not match:
        sys.exit(f"error: expected a world-atlas land-*.json file, got {topojson_path.name}")
    if version is None:
        # world-atlas ships the TopoJSON files next to its package.json.
        package_json = topojson_path.parent / "package.json"
        try:
            package = json.loads(package_json.read_text(encoding="utf-8"))
        except FileNotFoundError:
            sys.exit(f"error: {package_json} not found; pass --source-version")
        if package.get("name") != "world-atlas":
            sys.exit(f"error: {package_json} is not the world-atlas package")
        version = package["version"]
    return f"Natural Earth land 1:{match.group(1)} via world-atlas {version}"


def build(topology: dict, properties: dict) -> tuple[dict, dict]:
    """Return (FeatureCollection, stats)."""
    arcs = decode_arcs(topology)
    features = []
    kept_rings = []  # source rings that produced output, for the self-check
    stats = {
        "rings_in_source": 0,
        "rings_outside_box": 0,
        "rings_too_small": 0,
        "rings_degenerate": 0,
        "pieces": 0,
        "points": 0,
    }

    for ring in iter_rings(topology, arcs):
        stats["rings_in_source"] += 1
        if not bbox_intersects_box(ring):
            stats["rings_outside_box"] += 1
            continue
        if ring_area_km2(ring) < MIN_AREA_KM2:
            stats["rings_too_small"] += 1
            continue

        lines = []
        for piece in clip_ring_boundary(ring):
            is_closed = len(piece) > 2 and piece[0] == piece[-1]
            if is_closed:
                simplified = round_and_dedupe(simplify_closed(piece, TOLERANCE_DEG))
                # Rounding may have merged the closing point; restore it.
                if simplified[0] != simplified[-1]:
                    simplified.append(simplified[0])
                if len(simplified) < 4:
                    continue
            else:
                simplified = round_and_dedupe(douglas_peucker(piece, TOLERANCE_DEG))
                if len(simplified) < 2:
                    continue
            lines.append(simplified)

        if not lines:
            stats["rings_degenerate"] += 1
            continue
        kept_rings.append(ring)
        stats["pieces"] += len(lines)
        stats["points"] += sum(len(line) for line in lines)
        if len(lines) == 1:
            geometry = {"type": "LineString", "coordinates": lines[0]}
        else:
            geometry = {"type": "MultiLineString", "coordinates": lines}
        features.append({"type": "Feature", "properties": properties, "geometry": geometry})

    missing = [name for name, point in MUST_KEEP.items() if not any(point_in_ring(point, ring) for ring in kept_rings)]
    if missing:
        sys.exit("error: required landmasses were dropped: " + ", ".join(missing))

    stats["features"] = len(features)
    return {"type": "FeatureCollection", "features": features}, stats


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "topojson",
        type=Path,
        help="world-atlas land TopoJSON, e.g. node_modules/world-atlas/land-50m.json",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"output GeoJSON (default: {DEFAULT_OUTPUT.name} next to this script)",
    )
    parser.add_argument(
        "--source-version",
        help="world-atlas version; by default read from package.json next to the input",
    )
    args = parser.parse_args(argv)

    properties = {
        "source": source_label(args.topojson, args.source_version),
        "license": "public domain",
    }
    topology = json.loads(args.topojson.read_text(encoding="utf-8"))
    collection, stats = build(topology, properties)

    # Deterministic serialisation: sorted keys, compact, trailing newline.
    text = (
        json.dumps(
            collection,
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=True,
            allow_nan=False,
        )
        + "\n"
    )
    args.output.write_text(text, encoding="utf-8", newline="\n")

    summary = ", ".join(f"{key}={value}" for key, value in sorted(stats.items()))
    print(f"wrote {args.output} ({len(text.encode('utf-8'))} bytes): {summary}")


if __name__ == "__main__":
    main()
