"""The data over HTTP, from a real `streamlit run dashboard/server.py`: the explorer's rows and bytes, the
Frictionless package, the Atom feed, errors that name the parameter, caching and CORS headers."""

import functools
import io
import json
import urllib.parse
import xml.etree.ElementTree as ET
import zipfile

import frictionless
import openpyxl
import pyarrow.parquet as pq
import pytest

from dashboard import explorer, export, figures
from dashboard.data import load_table
from dashboard.ui import explorer_page
from tests.helpers import get  # `base`, the module's server, is conftest.py's
from tests.pages_helper import downloads

HOSTILE_Q = ['=HYPERLINK("http://evil.invalid","x")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-1+1 annotation"]


def explorer_csv(params: dict) -> bytes:
    """What the explorer page's "Download CSV" button gives when opened at these URL parameters (an AppTest
    run of the page and a click: the page's own path, not the route's)."""
    return _page_csv(tuple(sorted(params.items())))


@functools.cache
def _page_csv(params: tuple) -> bytes:
    return downloads("explorer", dict(params), "dl_csv")["dl_csv"]


@pytest.mark.parametrize(
    "query",
    [
        {"q": "annotation"},
        {"kind": "derived"},
        {"metric": "hqds_count", "lang": "zh"},
        {"area": "ai_datasets", "from": "2025-01-01", "qualifier": "more_than,exact"},
    ],
)
def test_csv_is_the_explorers_csv(base, query):
    status, headers, body = get(base + "/data/observations.csv?" + urllib.parse.urlencode(query))
    assert status == 200 and headers["content-type"].startswith("text/csv")
    assert body.startswith(b"\xef\xbb\xbf")
    page = explorer_csv(query)
    assert body == page and body.count(b"\r\n") > 1, "the same rows, and some rows"


def test_parquet_json_and_xlsx_have_the_same_rows(base):
    csv_rows = explorer_csv({"q": "annotation"}).decode("utf-8-sig").strip().count("\r\n")
    _, _, parquet = get(base + "/data/observations.parquet?q=annotation")
    table = pq.read_table(io.BytesIO(parquet))
    assert table.num_rows == csv_rows and table.column_names == [c for c, _, _ in export.EXPORT_COLUMNS]
    _, headers, body = get(base + "/data/observations.json?q=annotation")
    records = json.loads(body)
    assert headers["content-type"].startswith("application/json") and len(records) == csv_rows
    assert isinstance(records[0]["value"], (int, float))
    _, headers, body = get(base + "/data/observations.xlsx?q=annotation")
    book = openpyxl.load_workbook(io.BytesIO(body))
    assert book["observations"].max_row == csv_rows + 1
    assert 'filename="cdmm-observations-q-annotation-' in headers["content-disposition"]


def test_tables_and_the_package_validate_with_frictionless(base):
    for name in ("metrics", "sources", "places", "priority_areas"):
        status, _, body = get(f"{base}/data/{name}.csv")
        assert status == 200 and body.startswith(b"\xef\xbb\xbf")
    status, _, body = get(base + "/data/datapackage.json")
    descriptor = json.loads(body)
    assert status == 200 and descriptor["version"] == str(load_table("release").iloc[0]["version"])
    assert {r["name"] for r in descriptor["resources"]} == {
        "observations",
        "metrics",
        "sources",
        "places",
        "priority_areas",
        "targets",
    }
    report = frictionless.validate(base + "/data/datapackage.json")
    assert report.valid, report.flatten(["title", "message"])[:5]


def test_the_zip_holds_the_same_descriptor_and_it_validates(tmp_path):
    rows = explorer.apply(figures.observation_view(), explorer.Filters(q="annotation"), load_table("priority_areas"))
    sources, release = load_table("sources"), load_table("release").iloc[0]
    meta = export.metadata(rows, sources, release, {"q": "annotation"}, "http://x/explorer?q=annotation", "now")
    data = export.bundle_zip(rows, meta, "cite", explorer_page.bundle_extra(sources, release, {"q": "annotation"}))
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        bundle.extractall(tmp_path)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text("utf-8"))
    assert [r["path"] for r in descriptor["resources"]] == [
        "observations.csv",
        "metrics.csv",
        "sources.csv",
        "places.csv",
        "priority_areas.csv",
        "targets.csv",
    ]
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["title", "message"])[:5]


def test_the_feed_parses_newest_first(base):
    status, headers, body = get(base + "/data/feed.xml")
    assert status == 200 and headers["content-type"].startswith("application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(body)
    entries = feed.findall("a:entry", ns)
    assert entries and feed.find("a:title", ns).text
    updated = [e.find("a:updated", ns).text for e in entries]
    assert updated == sorted(updated, reverse=True)
    figures_only = [e for e in entries if ":observation/" in e.find("a:id", ns).text]
    assert figures_only and all("/indicator?id=" in e.find("a:link", ns).get("href") for e in figures_only)
    _, _, some = get(base + "/data/feed.xml?q=annotation")
    assert len(entries) >= 5, "the shipped data has reported figures enough to fill a feed"
    assert 0 < len(ET.fromstring(some).findall("a:entry", ns)) < len(entries), "the filter narrows the feed"


@pytest.mark.parametrize(
    ("path", "named"),
    [
        ("/data/observations.csv?colour=red&q=x", ["colour"]),
        ("/data/observations.json?from=2020-99-01", ["from"]),
        ("/data/observations.csv?area=nowhere", ["area", "nowhere"]),
        ("/data/observations.parquet?metric=no_such_metric", ["metric"]),
        ("/data/metrics.csv?q=x", ["q"]),
        ("/data/datapackage.json?x=1", ["x"]),
        ("/data/feed.xml?kind=guessed", ["kind"]),
    ],
)
def test_bad_parameters_give_400_naming_them(base, path, named):
    status, headers, body = get(base + path)
    assert status == 400 and headers["content-type"].startswith("text/plain")
    message = body.decode()
    assert all(name in message for name in named), message
    assert headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize("q", HOSTILE_Q)
def test_hostile_q_never_makes_a_formula_cell(base, q):
    query = urllib.parse.urlencode({"q": q})
    status, _, body = get(base + "/data/observations.xlsx?" + query)
    assert status == 200
    book = openpyxl.load_workbook(io.BytesIO(body))
    for sheet in book.worksheets:
        for line in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in line)
    about = {r[0].value: r[1].value for r in book["about"].iter_rows() if r[0].value}
    assert about["filters applied"] == f"q={q}"
    status, _, body = get(base + "/data/observations.csv?" + query)
    text = body.decode("utf-8-sig")
    assert status == 200 and not any(line.startswith(("=", "+", "@")) for line in text.splitlines())


def test_caching_cors_and_methods(base):
    version = str(load_table("release").iloc[0]["version"])
    status, headers, body = get(base + "/data/observations.csv?q=annotation")
    assert headers["etag"].startswith(f'"{version}-') and "max-age=" in headers["cache-control"]
    assert headers["access-control-allow-origin"] == "*" and headers["x-dataset-version"] == version
    status, _, again = get(base + "/data/observations.csv?q=annotation", headers={"If-None-Match": headers["etag"]})
    assert status == 304 and again == b""
    status, head_headers, head_body = get(base + "/data/observations.csv?q=annotation", method="HEAD")
    assert status == 200 and head_body == b"" and head_headers["etag"] == headers["etag"]
    for method in ("POST", "PUT", "DELETE"):
        assert get(base + "/data/observations.csv", method=method)[0] == 405
    assert get(base + "/data/observations.txt")[0] == 404
    assert get(base + "/_stcore/health")[0] == 200  # the dashboard's own routes are untouched
    assert get(base + "/explorer")[0] == 200
