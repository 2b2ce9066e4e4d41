"""Read the built Parquet tables: typed, validated against the schema, cached once per process.

Where the tables live is the `DATASETS_URI` setting: by default the `datasets/` folder of this
repository; it may name another folder or object storage that pyarrow's filesystems reach
(for example `s3://bucket/prefix`). A missing, truncated or schema-mismatched file raises
`DataFileError`, whose message names the file and says what to do.
"""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from dashboard.schema import TABLES, Table

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATASETS = REPO / "datasets"
REBUILD = "rebuild it with `python -m dashboard.curation build`, or restore the shipped file with `git checkout -- datasets/`"


@dataclass
class DataFileError(Exception):
    """A data file cannot be used. `file` names it; `problem` says what is wrong; `fix` what to do."""

    file: str
    problem: str
    fix: str

    def __str__(self) -> str:
        return f"{self.file}: {self.problem}. To fix it, {self.fix}."


def datasets_uri() -> str:
    """The DATASETS_URI setting: a folder path, file:// URI or object-store URI. For S3 and S3-compatible
    stores: s3://bucket/prefix, with pyarrow's options in the query string where needed, e.g.
    s3://cdmm/datasets?endpoint_override=127.0.0.1:9000&scheme=http; credentials come from the usual
    AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables."""
    return os.environ.get("DATASETS_URI", "").strip() or str(DEFAULT_DATASETS)


def _resolve(uri: str, filename: str) -> tuple[pafs.FileSystem, str, str]:
    """Return (filesystem, path within it, name to show a person) for a table file under `uri`."""
    if "://" in uri:
        fs, base = pafs.FileSystem.from_uri(uri)
        scheme = uri.split("://", 1)[0]
        shown = f"{scheme}://{base.rstrip('/')}/{filename}"  # without the query string (endpoint, keys)
    else:
        fs, base = pafs.LocalFileSystem(), str(Path(uri).resolve())
        shown = os.path.relpath(Path(base) / filename) if Path(base).is_relative_to(Path.cwd()) else str(Path(base) / filename)
    return fs, base.rstrip("/") + "/" + filename, shown


def read_table(name: str, uri: str | None = None) -> pd.DataFrame:
    """Read one table from Parquet and check it against the schema. Not cached: see `load_table`."""
    table = TABLES[name]
    uri = uri or datasets_uri()
    try:
        fs, path, shown = _resolve(uri, table.parquet_file)
    except (OSError, ValueError, pa.ArrowException) as err:
        raise DataFileError(f"DATASETS_URI={uri.split('?')[0]}", f"is not a usable location ({_first_line(err)})",
                            "set DATASETS_URI to a folder or an s3:// URI that pyarrow understands") from None
    try:
        info = fs.get_file_info(path)
    except (OSError, pa.ArrowException) as err:
        raise DataFileError(shown, f"cannot be reached ({_first_line(err)})", "check the DATASETS_URI setting and access to it") from None
    if info.type == pafs.FileType.NotFound:
        raise DataFileError(shown, "is missing", REBUILD)
    try:
        data = pq.read_table(path, filesystem=fs)
    except (OSError, pa.ArrowException) as err:
        raise DataFileError(shown, f"cannot be read: it is truncated or not a Parquet file ({_first_line(err)})", REBUILD) from None
    _check_schema(table, data, shown)
    return _to_pandas(table, data)


def _first_line(err: Exception) -> str:
    text = str(err).strip().splitlines()
    return text[0][:160] if text else type(err).__name__


def _check_schema(table: Table, data: pa.Table, shown: str) -> None:
    expected = table.arrow_schema
    missing = [f.name for f in expected if f.name not in data.schema.names]
    if missing:
        raise DataFileError(shown, f"does not match the schema: column {', '.join(missing)} is missing", REBUILD)
    for field in expected:
        found = data.schema.field(field.name)
        if not found.type.equals(field.type):
            raise DataFileError(
                shown, f"does not match the schema: column {field.name} is {found.type}, expected {field.type}", REBUILD
            )
        if not field.nullable and data.column(field.name).null_count:
            raise DataFileError(shown, f"does not match the schema: column {field.name} has empty values", REBUILD)
    extra = [n for n in data.schema.names if n not in expected.names]
    if extra:
        raise DataFileError(shown, f"does not match the schema: unexpected column {', '.join(extra)}", REBUILD)


def _to_pandas(table: Table, data: pa.Table) -> pd.DataFrame:
    frame = data.select(table.column_names).to_pandas(date_as_object=False)
    for column in table.columns:
        if column.type == "date":
            frame[column.name] = frame[column.name].astype("datetime64[s]")
    return frame


def read_geojson(name: str, uri: str | None = None) -> dict:
    """A GeoJSON file under geo/ (the offline map's coastlines)."""
    uri = uri or datasets_uri()
    try:
        fs, path, shown = _resolve(uri, f"geo/{name}")
    except (OSError, ValueError, pa.ArrowException) as err:
        raise DataFileError(f"DATASETS_URI={uri.split('?')[0]}", f"is not a usable location ({_first_line(err)})",
                            "set DATASETS_URI to a folder or an s3:// URI that pyarrow understands") from None
    try:
        with fs.open_input_stream(path) as stream:
            return json.loads(stream.read().decode("utf-8"))
    except FileNotFoundError:
        raise DataFileError(shown, "is missing", "restore it with `git checkout -- datasets/geo/`") from None
    except (OSError, pa.ArrowException, ValueError) as err:
        raise DataFileError(shown, f"cannot be read ({_first_line(err)})", "restore it with `git checkout -- datasets/geo/`") from None


@functools.lru_cache(maxsize=64)
def _cached_geojson(name: str, uri: str) -> dict:
    return read_geojson(name, uri)


def load_geojson(name: str) -> dict:
    return _cached_geojson(name, datasets_uri())


@functools.lru_cache(maxsize=256)
def _cached_table(name: str, uri: str) -> pd.DataFrame:
    """Each table is read once per process and location; a failed read is not cached (it is retried)."""
    return read_table(name, uri)


def clear_cache() -> None:
    _cached_table.cache_clear()
    _cached_geojson.cache_clear()


def load_table(name: str) -> pd.DataFrame:
    """The table, read once per process and shared by every session. Treat it as read-only."""
    return _cached_table(name, datasets_uri()).copy(deep=False)


def check_tables(*names: str) -> None:
    """Raise DataFileError for the first of these tables that cannot be used (cheap once loaded)."""
    uri = datasets_uri()
    for name in names:
        _cached_table(name, uri)


def load_tables(*names: str) -> dict[str, pd.DataFrame]:
    """Several tables at once; raises DataFileError for the first that cannot be used."""
    return {name: load_table(name) for name in names}
