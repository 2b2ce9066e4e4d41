"""Synthetic growth: the shipped curated data made k times larger, then built, for `bench/run.py --scale`.

    python bench/scale.py --scale 100 [--out /tmp/cdmm-scale-100]

Growth is spread the way coverage work would spread it, not only as copies of the same rows:

  - more years: every national figure gets `depth - 1` older counterparts, each block of years shifted
    back by the span of the shipped data, from a year-shifted copy of its source (older sources);
  - more places: every figure about a province or city gets `depth - 1` counterparts about new synthetic
    places (near the original place, same role and province), so the ranked charts and maps grow;
  - more indicators: every metric gets about k / depth - 1 sibling metrics (same unit and priority, not
    headlines), each with the full history above.

depth is round(sqrt(k)), so at k = 100 there are ten times as many indicators, each ten times as deep.
Values are scaled down a little per copy (so series move and rankings change) and rounded to the decimals
of the shipped value; derived figures are recomputed from their copied inputs and dated like them. Every
generated row passes `python -m dashboard.curation check` (the build runs it): ids, references, units,
publication dates, "actual figures not dated after their source", derived formulas. The evidence
phrases are the shipped ones, so `verify-evidence` (word-for-word against stored source texts) is not
meant for this data: it is synthetic, and its sources do not exist. Events, entities, conflicts, notes and
wordings are kept as shipped. The result is written to a temporary folder, never to datasets/.
"""

from __future__ import annotations

import argparse
import ast
import csv
import datetime as dt
import math
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from dashboard.curation import series as series_checks  # noqa: E402
from dashboard.curation.rules import evaluate_formula, formula_inputs  # noqa: E402
from dashboard.schema import CURATION_TABLES, TABLES  # noqa: E402

CURATED = REPO / "datasets" / "curated"
GEO = REPO / "datasets" / "geo"
NATIONAL_DECAY = 0.95  # each older block of years: values 5 % lower
PLACE_DECAY = 0.9  # each further synthetic place: 10 % lower
SIBLING_DECAY = 0.98  # each sibling indicator: 2 % lower
LAT_RANGE, LON_RANGE = (18.5, 45.5), (98.0, 130.0)  # inside the offline map's frame


def read_rows(name: str, src: Path = CURATED) -> list[dict[str, str]]:
    with (src / (TABLES | CURATION_TABLES)[name].csv_file).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def write_rows(name: str, rows: list[dict[str, str]], out: Path) -> None:
    spec = (TABLES | CURATION_TABLES)[name]
    with (out / spec.csv_file).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=spec.column_names, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def shift_years(text: str, years: int) -> str:
    """An ISO date `years` earlier (29 February becomes 28 February in a common year)."""
    if not text or not years:
        return text
    day = dt.date.fromisoformat(text)
    year = day.year - years
    if day.month == 2 and day.day == 29 and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        return dt.date(year, 2, 28).isoformat()
    return day.replace(year=year).isoformat()


def scaled(text: str, factor: float) -> str:
    """A value times `factor`, with as many decimals as the shipped value has."""
    if factor == 1.0:
        return text
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    value = round(float(text) * factor, decimals)
    return str(int(value)) if decimals == 0 else f"{value:.{decimals}f}"


def plan(k: float) -> tuple[int, float]:
    """(depth, siblings): depth copies of every figure (older years or other places) and the number of
    indicators per shipped indicator (a fraction: the last round covers only some metrics)."""
    if k <= 1:
        return 1, 1.0
    depth = max(1, round(math.sqrt(k)))
    return depth, k / depth


def _rename_formula(formula: str, rename) -> str:
    """The formula with each observation id replaced by rename(id)."""
    tree = ast.parse(formula, mode="eval")
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            node.id = rename(node.id)
    return ast.unparse(tree)


def generate(k: float, out: Path, src: Path = CURATED) -> dict[str, int]:
    """Write the curated CSV files of k-times-larger data into `out`; return the row count per table."""
    out.mkdir(parents=True, exist_ok=True)
    tables = {name: read_rows(name, src) for name in TABLES}
    depth, siblings = plan(k)
    obs = tables["observations"]
    metrics = tables["metrics"]
    sources = {s["source_id"]: s for s in tables["sources"]}
    places = {p["place_id"]: p for p in tables["places"]}
    years = [int(o[c][:4]) for o in obs for c in ("as_of", "published") if o[c]]
    span = max(years) - min(years) + 1  # each older block of years starts before the shipped data does
    national = {o["obs_id"]: not o["place_id"] for o in obs}

    def depth_suffix(obs_id: str, j: int) -> str:
        return "" if j == 0 else (f"_y{j}" if national[obs_id] else f"_p{j}")

    new_sources: dict[str, dict] = {}
    new_places: dict[str, dict] = {}

    def source_for(source_id: str, j: int, is_national: bool) -> str:
        if j == 0 or not is_national:
            return source_id
        copy_id = f"{source_id}_y{j}"
        if copy_id not in new_sources:
            s = dict(sources[source_id])
            s["source_id"] = copy_id
            s["published"] = shift_years(s["published"], j * span)
            s["title"] = f"{s['title']} (synthetic: {j * span} years earlier)"
            s["title_zh"] = f"{s['title_zh']}（合成数据：早{j * span}年）"
            new_sources[copy_id] = s
        return copy_id

    def place_for(place_id: str, j: int) -> str:
        if j == 0 or not place_id:
            return place_id
        copy_id = f"{place_id}_p{j}"
        if copy_id not in new_places:
            p = dict(places[place_id])
            p["place_id"] = copy_id
            p["name_en"] = f"{p['name_en']} S{j}"
            p["name_zh"] = f"{p['name_zh']}S{j}"
            lat = float(p["lat"]) + 0.6 * ((j * 7) % 11 - 5) / 5
            lon = float(p["lon"]) + 0.6 * ((j * 5) % 13 - 6) / 6
            p["lat"] = f"{min(max(lat, LAT_RANGE[0]), LAT_RANGE[1]):.4f}"
            p["lon"] = f"{min(max(lon, LON_RANGE[0]), LON_RANGE[1]):.4f}"
            new_places[copy_id] = p
        return copy_id

    blocks: list[dict[str, str]] = [{o["obs_id"]: o["obs_id"] for o in obs}]  # per block of copies: id -> copy id
    block_of = {o["obs_id"]: 0 for o in obs}
    inputs_of = {o["metric_id"]: set() for o in obs}
    metric_of = {o["obs_id"]: o["metric_id"] for o in obs}
    for o in obs:
        if o["kind"] == "derived":
            inputs_of[o["metric_id"]] |= {metric_of[i] for i in formula_inputs(o["formula"])}
    metric_order = [m["metric_id"] for m in metrics]
    out_metrics = list(metrics)
    out_obs = list(obs)
    for r in range(math.ceil(siblings)):
        chosen = set(metric_order[: round(min(1.0, siblings - r) * len(metric_order))])
        while True:  # a derived figure's inputs come with it
            closed = chosen | {i for m in chosen for i in inputs_of.get(m, ())}
            if closed == chosen:
                break
            chosen = closed
        msuffix = f"_r{r}" if r else ""
        if r:
            out_metrics.extend(
                {
                    **m,
                    "metric_id": m["metric_id"] + msuffix,
                    "name_en": f"{m['name_en']} · S{r}",
                    "name_zh": f"{m['name_zh']}·S{r}",
                    "headline_rank": "",
                    "definition_en": f"{m['definition_en']} (Synthetic sibling {r}.)",
                    "definition_zh": f"{m['definition_zh']}（合成指标{r}）",
                }
                for m in metrics
                if m["metric_id"] in chosen
            )
        for j in range(depth):
            if r == 0 and j == 0:
                continue  # the shipped rows themselves
            copies: dict[str, dict] = {}
            for o in obs:
                if o["metric_id"] not in chosen:
                    continue
                is_national = national[o["obs_id"]]
                factor = (SIBLING_DECAY**r) * ((NATIONAL_DECAY if is_national else PLACE_DECAY) ** j)
                copy = dict(o)
                copy["obs_id"] = o["obs_id"] + msuffix + depth_suffix(o["obs_id"], j)
                copy["metric_id"] = o["metric_id"] + msuffix
                copy["value"] = scaled(o["value"], factor)
                for column in ("as_of", "period_start", "published"):
                    copy[column] = shift_years(o[column], j * span if is_national else 0)
                copy["source_id"] = source_for(o["source_id"], j, is_national)
                copy["place_id"] = place_for(o["place_id"], j)
                copies[o["obs_id"]] = copy
            values = {c["obs_id"]: float(c["value"]) for c in copies.values()}
            published = {c["obs_id"]: c["published"] for c in copies.values()}
            for copy in copies.values():
                if copy["kind"] == "derived":  # the same arithmetic over the copied inputs
                    copy["formula"] = _rename_formula(copy["formula"], lambda i, c=copies: c[i]["obs_id"])
                    copy["value"] = repr(evaluate_formula(copy["formula"], values))
                    copy["published"] = max(published[i] for i in formula_inputs(copy["formula"]))
            out_obs.extend(copies.values())
            block = len(blocks)
            blocks.append({orig: c["obs_id"] for orig, c in copies.items()})
            block_of.update({c["obs_id"]: block for c in copies.values()})
    tables["observations"] = out_obs
    tables["metrics"] = out_metrics
    tables["targets"] = _targets(tables["targets"], blocks, out_obs)
    tables["series_reviews"] = _reviews(read_rows("series_reviews", src), blocks, block_of, out_obs, tables)
    tables["sources"] = [*tables["sources"], *new_sources.values()]
    tables["places"] = [*tables["places"], *new_places.values()]
    for name, rows in tables.items():
        write_rows(name, rows, out)
    return {name: len(rows) for name, rows in tables.items()}


def _targets(shipped: list[dict], blocks: list[dict], obs: list[dict]) -> list[dict]:
    """Every copy of a target with its row in targets.csv: measured by the copy of its series (the copied
    metric, about the copied place), with the shipped document and clause."""
    by_id = {o["obs_id"]: o for o in obs}
    rows = list(shipped)
    for mapping in blocks[1:]:
        for target in shipped:
            copy_id = mapping.get(target["obs_id"])
            if copy_id is None:
                continue
            copy = by_id[copy_id]
            series = bool(target["series_metric_id"])
            rows.append(
                {
                    **target,
                    "obs_id": copy_id,
                    "series_metric_id": copy["metric_id"] if series else "",
                    "series_place_id": (copy["place_id"] or "") if series else "",
                }
            )
    return rows


JOIN_REASON = "Synthetic data (bench/scale.py): where two generated blocks of years meet."
ROUNDING_REASON = (
    "Synthetic data (bench/scale.py): scaling and rounding made figures that differ in the shipped data equal."
)


def _typed(row: dict[str, str]) -> dict:
    day = lambda text: dt.date.fromisoformat(text) if text else None  # noqa: E731
    return {
        **row,
        "value": float(row["value"]) if row["value"] else None,
        "as_of": day(row["as_of"]),
        "published": day(row["published"]),
        "period_start": day(row["period_start"]),
        "place_id": row["place_id"] or None,
        "evidence": row["evidence"] or None,
    }


def _reviews(shipped: list[dict], blocks: list[dict], block_of: dict, obs: list[dict], tables: dict) -> list[dict]:
    """The series reviews of the generated data: every shipped review, for each block of copies that holds
    its figures (a copy keeps the shipped figures' relations), and the findings where two generated blocks
    meet (a block's newest figure against the next block's oldest). Any other finding is left to fail the
    check: the checks must hold on grown data as they hold on the shipped data."""
    units = {u["unit_id"]: u["kind"] for u in tables["units"]}
    unit_kinds: dict[str, str | None] = {m["metric_id"]: units.get(m["unit"]) for m in tables["metrics"]}
    grown = {f.key for found in series_checks.findings([_typed(o) for o in obs], unit_kinds).values() for f in found}
    rows = []
    for mapping in blocks:
        for review in shipped:
            ids = review["obs_ids"].split(";")
            if all(i in mapping for i in ids):
                copied = {**review, "obs_ids": ";".join(sorted(mapping[i] for i in ids))}
                if (copied["check"], copied["obs_ids"]) in grown:  # rounding can undo a copied finding
                    rows.append(copied)
    known = {(r["check"], r["obs_ids"]) for r in rows}
    original = {copy: orig for mapping in blocks for orig, copy in mapping.items()}
    shipped_obs = [o for o in obs if block_of[o["obs_id"]] == 0]
    shipped_found = {
        f.key for found in series_checks.findings([_typed(o) for o in shipped_obs], unit_kinds).values() for f in found
    }
    for found in series_checks.findings([_typed(o) for o in obs], unit_kinds).values():
        for finding in found:
            if finding.key in known:
                continue
            if len({block_of[i] for i in finding.obs_ids}) > 1:
                rows.append({"check": finding.key[0], "obs_ids": finding.key[1], "reason": JOIN_REASON})
            elif (finding.key[0], ";".join(sorted(original[i] for i in finding.obs_ids))) not in shipped_found:
                rows.append({"check": finding.key[0], "obs_ids": finding.key[1], "reason": ROUNDING_REASON})
            known.add(finding.key)
    return rows


def build(k: float, folder: Path | None = None) -> tuple[Path, dict]:
    """Generate k-times data under `folder` (a new temporary folder by default): curated/ and the built
    Parquet files beside the map outline, ready for DATASETS_URI. Returns (folder, facts)."""
    from dashboard.curation.build import build as build_tables

    folder = folder or Path(tempfile.mkdtemp(prefix=f"cdmm-scale-{k:g}-"))
    curated = folder / "curated"
    if curated.exists():
        shutil.rmtree(curated)
    start = time.perf_counter()
    counts = generate(k, curated)
    generated = time.perf_counter() - start
    shutil.copytree(GEO, folder / "geo", dirs_exist_ok=True)
    start = time.perf_counter()
    build_tables(curated, folder)
    built = time.perf_counter() - start
    return folder, {"scale": k, "rows": counts, "generate_s": generated, "build_s": built}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=10, help="how many times the shipped data (default 10)")
    parser.add_argument("--out", type=Path, help="folder to write (default: a new temporary folder)")
    args = parser.parse_args()
    from dashboard.curation.read import CurationError

    try:
        folder, facts = build(args.scale, args.out)
    except CurationError as err:
        for problem in err.problems[:20]:
            print(problem, file=sys.stderr)
        print(f"{len(err.problems)} problem(s) in the generated data", file=sys.stderr)
        return 1
    rows = facts["rows"]
    print(
        f"{folder}: {rows['observations']} observations, {rows['metrics']} metrics, {rows['sources']} sources, "
        f"{rows['places']} places; generated in {facts['generate_s']:.1f} s, built in {facts['build_s']:.1f} s"
    )
    print(f"serve it with DATASETS_URI={folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
