"""One typed schema for every observation download (issue 23, item 2), taken from `schema.OBSERVATION_DOWNLOAD`:
the same Arrow schema whatever the filter (none, one metric, derived only, by place, zero rows), so that
`pyarrow.concat_tables` of two downloads works; dates are dates in Parquet and Excel and ISO text in CSV
and JSON; a missing value is null (an empty cell), never empty text; `value` is always a float. Built with
the function every route calls (`api.observations_body`), on the shipped data."""

import csv
import datetime as dt
import io
import json
import re

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from dashboard import api, export
from dashboard.schema import OBSERVATION_DOWNLOAD

FILTERS = {
    "none": {},
    "one metric": {"metric": "hqds_count"},
    "derived only": {"kind": "derived"},
    "one province": {"place": "prov_henan"},
    "national": {"place": "national"},
    "zero rows": {"q": "no-figure-says-this"},
}
DECLARED = OBSERVATION_DOWNLOAD.arrow_schema
NAMES = OBSERVATION_DOWNLOAD.column_names
DATES = [c.name for c in OBSERVATION_DOWNLOAD.columns if c.type == "date"]
ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def body(fmt: str, params: dict) -> bytes:
    return api.observations_body(fmt, api.filters_of(params), "http://localhost", dt.date.today())


def test_the_zero_rows_filter_has_no_rows_and_the_others_have_some():
    counts = {name: pq.read_table(io.BytesIO(body("parquet", p))).num_rows for name, p in FILTERS.items()}
    assert counts["zero rows"] == 0 and all(n > 0 for name, n in counts.items() if name != "zero rows")


def test_parquet_has_the_declared_schema_for_every_filter():
    tables = []
    for name, params in FILTERS.items():
        table = pq.read_table(io.BytesIO(body("parquet", params)))
        assert table.schema.equals(DECLARED, check_metadata=True), (name, table.schema)
        tables.append(table)
    both = pa.concat_tables(tables)  # what a researcher does with two downloads
    assert both.num_rows == sum(t.num_rows for t in tables)
    assert both.schema.field("as_of").type == pa.date32() and both.schema.field("value").type == pa.float64()
    for column in DECLARED.names:  # null, never empty text
        if pa.types.is_string(DECLARED.field(column).type):
            assert "" not in set(both.column(column).to_pylist()), column


def test_the_declared_schema_describes_every_column_and_holds_the_closed_sets():
    assert [f.name for f in DECLARED] == NAMES and all(f.metadata[b"description"] for f in DECLARED)
    assert {"as_of", "published", "period_start"} == set(DATES)
    assert DECLARED.field("value").type == pa.float64() and not DECLARED.field("value").nullable
    assert DECLARED.field("place_id").nullable and DECLARED.field("place_lat").type == pa.float64()


@pytest.mark.parametrize("name", list(FILTERS))
def test_csv_parses_with_the_declared_types(name):
    data = body("csv", FILTERS[name])
    text = data.decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(text))) == NAMES
    # pyarrow with the declared types: every date is ISO, every number a number, empty is null
    options = pacsv.ConvertOptions(
        column_types={f.name: f.type for f in DECLARED}, strings_can_be_null=True, quoted_strings_can_be_null=True
    )
    table = pacsv.read_csv(io.BytesIO(data), convert_options=options)
    assert [f.type for f in table.schema] == [f.type for f in DECLARED]
    # pandas without being told anything: value is a float for every filter
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    if len(frame):
        assert frame["value"].dtype == "float64", frame["value"].dtype
        assert frame["place_lat"].dtype == "float64"
        for column in DATES:
            assert frame[column].dropna().map(lambda v: bool(ISO.fullmatch(v))).all(), column


@pytest.mark.parametrize("name", list(FILTERS))
def test_json_values_have_the_declared_types(name):
    records = json.loads(body("json", FILTERS[name]))
    assert isinstance(records, list) and (len(records) > 0) == (name != "zero rows")
    as_text = pa.schema([pa.field(f.name, pa.string() if f.name in DATES else f.type) for f in DECLARED])
    pa.Table.from_pylist(records, schema=as_text)  # raises if a value has another type
    for record in records:
        assert list(record) == NAMES
        assert isinstance(record["value"], float)
        assert "" not in record.values()
        assert all(record[c] is None or ISO.fullmatch(record[c]) for c in DATES)


@pytest.mark.parametrize("name", list(FILTERS))
def test_excel_cells_have_the_declared_types(name):
    sheet = openpyxl.load_workbook(io.BytesIO(body("xlsx", FILTERS[name])))["observations"]
    lines = list(sheet.iter_rows(values_only=True))
    assert list(lines[0]) == NAMES
    for line in lines[1:]:
        row = dict(zip(NAMES, line, strict=True))
        assert isinstance(row["value"], int | float) and row["as_of"] is not None
        for column in DATES:
            assert row[column] is None or isinstance(row[column], dt.datetime), (column, row[column])
        assert "" not in row.values()


def test_export_frame_never_holds_empty_text_or_nan(view):
    frame = export.export_frame(view)
    for column in frame.columns:
        values = frame[column].tolist()
        assert "" not in values, column
        assert not any(isinstance(v, float) and v != v for v in values), column
