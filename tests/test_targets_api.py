"""/data/targets.csv|json|parquet (in-process, tests/asgi.py) and the targets in the Frictionless package: the
declared columns whatever the filter, the /targets page's filters, 400 on an unknown parameter or value."""

from __future__ import annotations

import io
import json
import shutil

import frictionless
import pandas as pd
import pyarrow.parquet as pq
import pytest

from dashboard import api, datapackage, models, targets
from dashboard.data import load_table
from dashboard.schema import TARGET_DOWNLOAD
from tests.asgi import call

BASE = "http://localhost:8501"


@pytest.mark.parametrize("query", ["", "?status=behind", "?area=data_infrastructure&status=missed"])
def test_the_csv_reopens_with_pandas_in_the_declared_columns(query):
    status, headers, body = call(f"{BASE}/data/targets.csv{query}")
    assert status == 200 and headers["content-type"].startswith("text/csv") and body.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(body), encoding="utf-8-sig")
    assert list(frame.columns) == TARGET_DOWNLOAD.column_names
    expected = targets.select(
        models.target_frame(),
        targets.parse_filters(
            dict(p.split("=") for p in query.lstrip("?").split("&") if p), set(load_table("priority_areas").area_id)
        )[0],
    )
    assert sorted(frame.target_id) == sorted(expected.target_id)
    assert headers["etag"] and headers["access-control-allow-origin"] == "*"


def test_the_csv_keeps_bounds_and_rates_as_numbers():
    _, _, body = call(f"{BASE}/data/targets.csv?metric=compute_total_eflops")
    row = pd.read_csv(io.BytesIO(body), encoding="utf-8-sig").iloc[0]
    assert (row["value"], row["qualifier"], row["status"], row["reason"]) == (
        300.0,
        "more_than",
        "on_track",
        "awaiting",
    )
    assert row["latest_value"] == 280.0 and row["needed_low"] == pytest.approx(row["needed_high"])
    assert row["achieved_low"] == pytest.approx(
        (280 / 180) ** (1 / targets.years_between("2022-12-31", "2024-12-31")) - 1
    )
    assert bool(row["deadline_passed"]) and row["clause"] == "sets a target for computing power to surpass 300 EFLOPS"


def test_json_and_parquet_have_the_same_rows_and_types():
    _, _, body = call(f"{BASE}/data/targets.json?place=national")
    records = json.loads(body)
    assert records and all(r["place_id"] is None for r in records) and list(records[0]) == TARGET_DOWNLOAD.column_names
    _, _, body = call(f"{BASE}/data/targets.parquet?place=national")
    table = pq.read_table(io.BytesIO(body))
    assert table.schema.equals(TARGET_DOWNLOAD.arrow_schema, check_metadata=False)
    assert table.column("target_id").to_pylist() == [r["target_id"] for r in records]
    assert str(table.schema.field("deadline").type) == "date32[day]"


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("status=late", "status='late'"),
        ("area=ai-datasets", "did you mean ai_datasets?"),
        ("metric=nowhere", "metric='nowhere'"),
        ("bogus=1", "bogus"),
        ("chart=line", "chart"),
        ("status=met&status=missed", "more than once"),
        ("lang=fr", "lang='fr'"),
    ],
)
def test_an_unknown_parameter_or_value_is_a_400_that_names_it(query, named):
    status, _, body = call(f"{BASE}/data/targets.csv?{query}")
    assert status == 400 and named in body.decode()


def test_every_target_route_and_its_parameters_are_declared():
    paths = [r.path for r in api.data_routes()]
    for fmt in ("csv", "json", "parquet"):
        assert f"/data/targets.{fmt}" in paths and f"/data/targets.{fmt}" in api.PATHS
        assert set(api.ROUTE_PARAMS[f"/data/targets.{fmt}"]) == {"area", "status", "metric", "place", "lang"}
    assert call(f"{BASE}/data/targets.xlsx")[0] == 404


def test_the_package_describes_the_targets_and_validates(tmp_path):
    release, sources = load_table("release").iloc[0], load_table("sources")
    descriptor = datapackage.descriptor(release, sources)
    (tmp_path / "datapackage.json").write_bytes(datapackage.descriptor_bytes(descriptor))
    for name in datapackage.TABLE_FILES:
        (tmp_path / f"{name}.csv").write_bytes(datapackage.table_csv(load_table(name), name))
    (tmp_path / "targets.csv").write_bytes(call(f"{BASE}/data/targets.csv")[2])
    _, _, observations = call(f"{BASE}/data/observations.csv")
    (tmp_path / "observations.csv").write_bytes(observations)
    resource = {r["name"]: r for r in descriptor["resources"]}["targets"]
    keys = {(k["fields"][0], k["reference"]["resource"]) for k in resource["schema"]["foreignKeys"]}
    assert {("metric_id", "metrics"), ("place_id", "places"), ("priority_id", "priority_areas")} <= keys
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["title", "message"])[:5]
    broken = tmp_path / "broken"
    shutil.copytree(tmp_path, broken, ignore=shutil.ignore_patterns("broken"))
    path = broken / "targets.csv"
    path.write_text(path.read_text("utf-8-sig").replace("hub_gansu", "hub_atlantis"), "utf-8-sig")
    assert not frictionless.validate(str(broken / "datapackage.json")).valid
