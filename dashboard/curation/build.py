"""Build: the checked curated tables as Parquet, replaced all at once, with the version marker last."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dashboard.curation.read import CuratedTable
from dashboard.curation.rules import load_curated
from dashboard.schema import TABLES


def to_arrow(ct: CuratedTable) -> pa.Table:
    schema = ct.table.arrow_schema
    arrays = [pa.array(ct.column(f.name), type=f.type) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def build(src: Path, out: Path) -> dict[str, pa.Table]:
    """Check, then write every table to `out` as Parquet; nothing is replaced unless all are written. The
    version marker (`manifest.json`: the release version, each file's sha256 and size) is written last, so
    a running server never picks up a half-written version (see dashboard/data.py)."""
    from dashboard.data import MARKER, file_entry, marker_text

    tables = {name: to_arrow(ct) for name, ct in load_curated(src).items()}
    tables["observations"] = with_added_in(tables["observations"], _release_version(tables))
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=out))
    try:
        files = {}
        for name, table in tables.items():
            write_parquet(table, staging / TABLES[name].parquet_file)
            files[TABLES[name].parquet_file] = file_entry((staging / TABLES[name].parquet_file).read_bytes())
        for geo in sorted((out / "geo").glob("*.geojson")):  # the map outlines kept beside the tables
            files[f"geo/{geo.name}"] = file_entry(geo.read_bytes())
        (staging / MARKER).write_text(marker_text(_release_version(tables), files), encoding="utf-8")
        for name in tables:
            os.replace(staging / TABLES[name].parquet_file, out / TABLES[name].parquet_file)
        os.replace(staging / MARKER, out / MARKER)  # last: the new version is complete
    finally:
        for leftover in staging.iterdir():
            leftover.unlink()
        staging.rmdir()
    return tables


def with_added_in(observations: pa.Table, version: str) -> pa.Table:
    """The observations with `added_in` filled: a figure the curated file leaves empty (not yet released)
    is added by the version being built."""
    if "added_in" not in observations.column_names or not version:
        return observations
    index = observations.column_names.index("added_in")
    filled = pc.fill_null(observations.column("added_in"), pa.scalar(version, pa.string()))
    return observations.set_column(index, observations.schema.field(index), filled)


def _release_version(tables: dict[str, pa.Table]) -> str:
    release = tables.get("release")
    return str(release.column("version")[0].as_py()) if release is not None and release.num_rows else ""


def write_parquet(table: pa.Table, path: Path) -> None:
    pq.write_table(table, path, compression="zstd", write_statistics=False, store_schema=True)
