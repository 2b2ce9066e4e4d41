"""Loaders: typed tables, and a clear error naming the file when one is missing, truncated or drifted."""

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard import data
from dashboard.data import DataFileError, read_table
from dashboard.schema import TABLES


def test_every_table_loads_with_schema_types():
    for name, table in TABLES.items():
        frame = read_table(name)
        assert list(frame.columns) == table.column_names
        for column in table.columns:
            if column.type == "date":
                assert str(frame[column.name].dtype).startswith("datetime64"), (name, column.name)
            if column.type == "float64":
                assert frame[column.name].dtype == "float64"


def test_missing_file_names_it_and_says_what_to_do(datasets_copy):
    (datasets_copy / "places.parquet").unlink()
    with pytest.raises(DataFileError) as err:
        read_table("places", str(datasets_copy))
    message = str(err.value)
    assert "places.parquet" in message and "is missing" in message
    assert "python -m dashboard.curation build" in message


def test_truncated_file_names_it(datasets_copy):
    path = datasets_copy / "observations.parquet"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(DataFileError) as err:
        read_table("observations", str(datasets_copy))
    assert "observations.parquet" in str(err.value) and "truncated" in str(err.value)


def test_schema_drift_names_file_and_column(datasets_copy):
    path = datasets_copy / "metrics.parquet"
    table = pq.read_table(path)
    drifted = table.set_column(table.schema.get_field_index("unit"), "unit", pa.array([1] * table.num_rows))
    pq.write_table(drifted, path)
    with pytest.raises(DataFileError, match=r"metrics.parquet: does not match the schema: column unit is int64"):
        read_table("metrics", str(datasets_copy))
    pq.write_table(table.drop_columns(["name_zh"]), path)
    with pytest.raises(DataFileError, match="column name_zh is missing"):
        read_table("metrics", str(datasets_copy))


def test_empty_value_in_required_column_is_schema_drift(datasets_copy):
    path = datasets_copy / "units.parquet"
    table = pq.read_table(path)
    labels = table.column("label_en").to_pylist()
    labels[0] = None
    schema = table.schema.set(table.schema.get_field_index("label_en"), pa.field("label_en", pa.string()))
    pq.write_table(
        table.set_column(table.schema.get_field_index("label_en"), "label_en", pa.array(labels)).cast(schema), path
    )
    with pytest.raises(DataFileError, match="column label_en has empty values"):
        read_table("units", str(datasets_copy))


def test_datasets_uri_setting_points_the_loader_elsewhere(datasets_copy, monkeypatch):
    (datasets_copy / "events.parquet").unlink()
    monkeypatch.setenv("DATASETS_URI", str(datasets_copy))
    assert data.datasets_uri() == str(datasets_copy)
    with pytest.raises(DataFileError, match="events.parquet"):
        data.load_table("events")


def test_loaded_table_is_shared_but_protected_from_callers():
    first = data.load_table("units")
    first["label_en"] = "changed"
    assert (data.load_table("units").label_en != "changed").all()


def test_the_observation_view_is_the_declared_shape():
    """Every column the view has is declared in `schema.OBSERVATION_VIEW` with its type, and the reverse."""
    from dashboard import figures
    from dashboard.schema import OBSERVATION_VIEW

    view = figures.observation_view()
    assert set(view.columns) == set(OBSERVATION_VIEW.column_names)
    kinds = {"string": "string", "float64": "floating", "int64": "integer", "date": "datetime64", "bool": "boolean"}
    for column in OBSERVATION_VIEW.columns:
        values = view[column.name]
        if column.type == "list":
            assert all(isinstance(v, tuple) for v in values), column.name
        elif column.type == "date":
            assert str(values.dtype).startswith("datetime64"), column.name
        elif column.type == "int64" and column.nullable:
            assert values.dropna().map(float.is_integer).all(), column.name  # a nullable int column is float
        else:
            inferred = pd.api.types.infer_dtype(values, skipna=True)
            assert inferred.startswith(kinds[column.type]) or (values.isna().all() and column.nullable), column.name
        if not column.nullable and column.type != "list":
            assert values.notna().all(), column.name
