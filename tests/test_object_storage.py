"""DATASETS_URI pointing at S3, tested against a local S3-compatible server (moto, on loopback)."""

import pandas as pd
import pytest

from dashboard.curation.publish import publish
from dashboard.data import DataFileError, read_geojson, read_table
from dashboard.schema import TABLES
from tests.helpers import DATASETS
from tests.pages_helper import clear_caches, open_every_section, open_page, plain, plotly_specs
from tests.serving import free_port

pytestmark = pytest.mark.slow  # starts fresh servers or interpreters

moto_server = pytest.importorskip("moto.server")
boto3 = pytest.importorskip("boto3")


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    """A moto S3 server on 127.0.0.1 with the shipped datasets published to s3://cdmm/datasets."""
    port = free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    env = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}
    mp = pytest.MonkeyPatch()
    for key, value in env.items():
        mp.setenv(key, value)
    client = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1")
    client.create_bucket(Bucket="cdmm")
    uri = f"s3://cdmm/datasets?endpoint_override=127.0.0.1:{port}&scheme=http&region=us-east-1"
    publish(DATASETS, uri)
    yield {"uri": uri, "client": client, "port": port}
    mp.undo()
    server.stop()


def test_every_table_reads_the_same_from_s3(s3):
    for name in TABLES:
        pd.testing.assert_frame_equal(read_table(name, s3["uri"]), read_table(name))
    assert read_geojson("china_provinces.geojson", s3["uri"]) == read_geojson("china_provinces.geojson")


def test_the_app_serves_from_s3(s3, monkeypatch):
    monkeypatch.setenv("DATASETS_URI", s3["uri"])
    clear_caches()
    try:
        opened = open_every_section("ai_datasets")
        assert not any(at.exception or at.error for at in opened)
        assert "100,000+" in [m.value for m in opened[0].metric]
        assert sum(len(plotly_specs(at)) for at in opened) >= 8
    finally:
        clear_caches()


def test_a_truncated_object_is_named_without_the_query_string(s3, monkeypatch):
    body = (DATASETS / "events.parquet").read_bytes()[:200]
    s3["client"].put_object(Bucket="cdmm", Key="broken/events.parquet", Body=body)
    uri = s3["uri"].replace("/datasets?", "/broken?")
    with pytest.raises(DataFileError) as err:
        read_table("events", uri)
    assert str(err.value).startswith("s3://cdmm/broken/events.parquet: cannot be read")
    assert "endpoint_override" not in str(err.value)
    with pytest.raises(DataFileError, match="s3://cdmm/broken/places.parquet: is missing"):
        read_table("places", uri)
    monkeypatch.setenv("DATASETS_URI", uri)
    clear_caches()
    try:
        at = open_page("timeline")
        assert not at.exception
        assert "s3://cdmm/broken/events.parquet" in plain(" ".join(e.value for e in at.error))
    finally:
        clear_caches()


def test_an_unreachable_store_is_a_clear_error():
    uri = f"s3://cdmm/datasets?endpoint_override=127.0.0.1:{free_port()}&scheme=http&region=us-east-1"
    with pytest.raises(DataFileError, match="s3://cdmm/datasets/metrics.parquet: cannot be reached"):
        read_table("metrics", uri)


def test_a_malformed_location_is_a_clear_error():
    with pytest.raises(DataFileError, match="DATASETS_URI=s3://cdmm/datasets: is not a usable location"):
        read_table("metrics", "s3://cdmm/datasets?no_such_option=1")
