"""Vintages in the API (issue 23, item 6): `known_at=YYYY-MM-DD` on the observation routes gives what had
been published by that date, read by the same function as the indicator page's "what was known when"
(`views.known_at`), which keeps forecasts and targets apart from actual figures and has one row per place
for a provincial indicator; `/data/metrics/<id>.json` gives one indicator in one request. The routes are
called in-process (tests/asgi.py); tests/test_http.py asks a real server too."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pandas as pd
import pyarrow.parquet as pq
import pytest

from dashboard import figures, indicator, views
from dashboard.data import load_table
from dashboard.schema import OBSERVATION_DOWNLOAD
from tests import factories as f
from tests.asgi import call
from tests.helpers import SHIPPED

DATES = ["2020-01-01", "2024-06-30", "2025-12-31", "2026-04-15"]


def published_dates(body: bytes) -> list[str]:
    return [r["published"] for r in json.loads(body)]


@pytest.mark.parametrize("day", DATES)
def test_known_at_gives_what_was_published_by_then(day):
    every = json.loads(call("/data/observations.json")[2])
    status, headers, body = call(f"/data/observations.json?known_at={day}")
    rows = json.loads(body)
    assert status == 200 and int(headers["x-total-count"]) == len(rows)
    assert [r["obs_id"] for r in rows] == [r["obs_id"] for r in every if r["published"] <= day]
    assert all(r["published"] <= day for r in rows)
    assert {r["status"] for r in every if r["published"] <= day} == {r["status"] for r in rows}  # kept, with status
    assert len(rows) < len(every)


def test_known_at_in_every_format_with_the_same_schema():
    query = "metric=province_digital_economy_scale&known_at=2022-06-30"
    table = pq.read_table(io.BytesIO(call(f"/data/observations.parquet?{query}")[2]))
    assert table.schema.equals(OBSERVATION_DOWNLOAD.arrow_schema, check_metadata=True)
    assert 0 < table.num_rows < 21 and max(table.column("published").to_pylist()) <= dt.date(2022, 6, 30)
    text = call(f"/data/observations.csv?{query}")[2].decode("utf-8-sig")
    assert len(list(csv.DictReader(io.StringIO(text)))) == table.num_rows
    nothing = pq.read_table(io.BytesIO(call("/data/observations.parquet?known_at=2000-01-01")[2]))
    assert nothing.num_rows == 0 and nothing.schema.equals(OBSERVATION_DOWNLOAD.arrow_schema, check_metadata=True)
    status, headers, _ = call(f"/data/observations.xlsx?{query}")
    assert status == 200 and "_known-at-2022-06-30-" in headers["content-disposition"]


def test_known_at_is_part_of_the_etag_the_pages_and_the_version_route():
    plain = call("/data/observations.csv?metric=hqds_count")[1]["etag"]
    assert plain != call("/data/observations.csv?metric=hqds_count&known_at=2025-12-31")[1]["etag"]
    status, headers, _ = call("/data/observations.json?known_at=2025-12-31&limit=10")
    assert status == 200 and "known_at=2025-12-31" in headers["link"]
    versioned = call(f"/data/v/{SHIPPED}/observations.json?known_at=2025-12-31")[2]
    assert versioned == call("/data/observations.json?known_at=2025-12-31")[2]


@pytest.mark.parametrize(
    "query",
    ["known_at=2025-13-01", "known_at=yesterday", "known_at=1999-12-31", "known_at=2025-01-01&known_at=2025-02-01"],
)
def test_a_bad_known_at_is_a_400_naming_it(query):
    status, _, body = call("/data/observations.csv?" + query)
    assert status == 400 and "known_at" in body.decode()
    assert call("/data/feed.xml?" + query)[0] == 400  # the feed takes no known_at


def test_the_route_and_the_page_read_the_same_function():
    """Each row of the indicator page's "what was known when" names the figure that the route's known_at,
    at that date, gives as the latest (by the rule of the cards) among what it returns."""
    view = figures.observation_view()
    for metric_id in ("hqds_count", "big_data_industry_scale", "province_digital_economy_scale"):
        rows = view[view.metric_id == metric_id].sort_values(["as_of", "published", "obs_id"], kind="stable")
        table = indicator.vintages(rows, "en")
        assert len(table) > 0, metric_id
        for _, line in table.iterrows():
            if not line["obs_id"]:
                continue
            day = pd.Timestamp(rows.loc[rows.obs_id == line["obs_id"], "published"].iloc[0])
            body = call(f"/data/observations.json?metric={metric_id}&known_at={day.date().isoformat()}")[2]
            assert line["obs_id"] in {r["obs_id"] for r in json.loads(body)}


# The page's vintages: forecasts apart, one row per place ---------------------------------------------------


def test_a_forecast_is_never_the_latest_figure_then():
    rows = [
        f.obs("t1", "m", 500, "2027-12-31", published="2024-01-10", status="target"),
        f.obs("a1", "m", 100, "2023-12-31", published="2024-03-01"),
        f.obs("f1", "m", 300, "2025-12-31", published="2024-06-01", status="forecast"),
        f.obs("a2", "m", 150, "2024-12-31", published="2025-02-01"),
    ]
    table = indicator.vintages(f.view_of(rows).sort_values("published"), "en")
    assert list(table.obs_id) == ["", "a1", "a1", "a2"]
    assert table.latest.iloc[0] == "" and "500" in table.expected.iloc[0] and "Target" in table.expected.iloc[0]
    assert "300" in table.expected.iloc[2] and "Forecast" in table.expected.iloc[2]  # the newest outlook
    assert table.latest.iloc[2].startswith("100") and list(table.changed) == [True, True, False, True]
    latest, outlook = views.known_latest(f.view_of(rows), "m", "2024-07-01")
    assert latest["obs_id"] == "a1" and outlook["obs_id"] == "f1"


def test_a_provincial_indicator_has_a_row_per_place():
    rows = [
        f.obs("a", "p", 10, "2023-12-31", published="2024-03-01", place_id="alpha"),
        f.obs("b", "p", 20, "2023-12-31", published="2024-03-01", place_id="beta"),
        f.obs("a2", "p", 12, "2024-12-31", published="2025-03-01", place_id="alpha"),
        f.obs("n", "p", 99, "2024-12-31", published="2025-03-01"),
    ]
    table = indicator.vintages(f.view_of(rows).sort_values("published"), "en")
    assert len(table) == 4 and list(table.obs_id) == ["a", "b", "n", "a2"]  # national first on a day
    assert table.place.iloc[2] == "National" and table.place.iloc[0] != table.place.iloc[1]
    assert table.latest.iloc[3].startswith("12") and "12" in table.published_that_day.iloc[3]
    zh = indicator.vintages(f.view_of(rows).sort_values("published"), "zh")
    assert zh.place.iloc[2] == "全国" and zh.place.iloc[0] == "甲"


def test_the_shipped_provincial_indicator_is_no_longer_empty():
    view = figures.observation_view()
    rows = view[view.metric_id == "province_digital_economy_scale"]
    table = indicator.vintages(rows.sort_values(["as_of", "published", "obs_id"]), "en")
    assert len(table) >= 11 and table.place.nunique() == rows.place_id.nunique()


# /data/metrics/<id>.json -----------------------------------------------------------------------------------


def test_one_indicator_in_one_request():
    status, headers, body = call("/data/metrics/hqds_count.json")
    document = json.loads(body)
    assert status == 200 and headers["content-type"].startswith("application/json")
    metric = load_table("metrics").set_index("metric_id").loc["hqds_count"]
    assert document["name"] == {"en": metric.name_en, "zh": metric.name_zh}
    assert document["definition"]["zh"] == metric.definition_zh and document["unit"]["unit_id"] == metric.unit
    assert document["dataset_version"] == SHIPPED
    assert document["series"] == json.loads(call("/data/observations.json?metric=hqds_count")[2])
    view = figures.observation_view()
    latest = views.latest_reports(view[view.metric_id == "hqds_count"], "hqds_count")["latest"]
    assert document["latest"]["obs_id"] == latest["obs_id"] and document["latest"]["qualifier"] == latest["qualifier"]
    assert {s["source_id"] for s in document["sources"]} == {r["source_id"] for r in document["series"]}
    assert all(s["citation"] for s in document["sources"])
    assert set(document["citation"]) == {"plain", "apa", "bibtex", "gbt7714"}
    assert f"/data/v/{SHIPPED}/observations.csv?metric=hqds_count" in document["citation"]["apa"]
    assert document["data"]["parquet"].endswith(f"/data/v/{SHIPPED}/observations.parquet?metric=hqds_count")


def test_a_provincial_indicator_document_gives_each_place():
    document = json.loads(call("/data/metrics/province_digital_economy_scale.json")[2])
    places = {r["place_id"] for r in document["latest_by_place"]}
    assert document["latest"] is None and len(places) == len(document["latest_by_place"]) >= 11
    assert None not in places


def test_an_unknown_indicator_is_a_404_with_the_near_id():
    status, headers, body = call("/data/metrics/hqds_cont.json")
    assert status == 404 and headers["content-type"].startswith("text/plain")
    assert "did you mean hqds_count" in body.decode()
    assert call("/data/metrics/hqds_count.json?lang=zh")[0] == 400  # takes no parameter
    assert call(f"/data/v/{SHIPPED}/metrics/hqds_count.json")[0] == 200
    etag = call("/data/metrics/hqds_count.json")[1]["etag"]
    assert call("/data/metrics/hqds_count.json", headers={"If-None-Match": etag})[0] == 304


def test_every_indicator_has_its_document():
    for metric_id in list(load_table("metrics").metric_id)[::20]:
        status, _, body = call(f"/data/metrics/{metric_id}.json")
        assert status == 200 and json.loads(body)["metric_id"] == metric_id
