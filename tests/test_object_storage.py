"""DATASETS_URI pointing at S3, tested against a local S3-compatible server (moto, on loopback)."""

import pandas as pd
import pytest

from dashboard.curation.publish import publish
from dashboard.data import DataFileError, read_geojson, read_table
from dashboard.schema import TABLES
from tests.helpers import DATASETS
from tests.pages_helper import open_every_section, open_page, plain, plotly_specs

# The S3 store runs in this process (conftest.py); marked slow: an unreachable store, whose reads are retried
# for seconds, and the app opened at every section of a page.


@pytest.fixture
def s3(s3_store):
    """The S3 store (conftest.py) answering, with the shipped datasets published to s3://cdmm/datasets."""
    s3_store.start()
    publish(DATASETS, s3_store.uri)
    return s3_store


def test_every_table_reads_the_same_from_s3(s3):
    for name in TABLES:
        pd.testing.assert_frame_equal(read_table(name, s3.uri), read_table(name))
    assert read_geojson("china_provinces.geojson", s3.uri) == read_geojson("china_provinces.geojson")


@pytest.mark.slow  # every section of the fullest page
def test_the_app_serves_from_s3(s3, served):
    served(s3.uri)
    opened = open_every_section("ai_datasets")
    assert not any(at.exception or at.error for at in opened)
    assert "100,000+" in [m.value for m in opened[0].metric]
    assert sum(len(plotly_specs(at)) for at in opened) >= 8


def test_a_truncated_object_is_named_without_the_query_string(s3, served):
    body = (DATASETS / "events.parquet").read_bytes()[:200]
    s3.client.put_object(Bucket="cdmm", Key="broken/events.parquet", Body=body)
    uri = s3.uri.replace("/datasets?", "/broken?")
    with pytest.raises(DataFileError) as err:
        read_table("events", uri)
    assert str(err.value).startswith("s3://cdmm/broken/events.parquet: cannot be read")
    assert "endpoint_override" not in str(err.value)
    with pytest.raises(DataFileError, match="s3://cdmm/broken/places.parquet: is missing"):
        read_table("places", uri)
    served(uri)
    at = open_page("timeline")
    assert not at.exception
    assert "s3://cdmm/broken/events.parquet" in plain(" ".join(e.value for e in at.error))


@pytest.mark.slow  # an unreachable store: each read is retried for seconds before it fails
def test_an_unreachable_store_is_a_clear_error(s3_store):
    with pytest.raises(DataFileError, match="s3://cdmm/datasets/metrics.parquet: cannot be reached"):
        read_table("metrics", s3_store.uri)  # its port is held, and nothing answers there


def test_a_malformed_location_is_a_clear_error():
    with pytest.raises(DataFileError, match="DATASETS_URI=s3://cdmm/datasets: is not a usable location"):
        read_table("metrics", "s3://cdmm/datasets?no_such_option=1")
