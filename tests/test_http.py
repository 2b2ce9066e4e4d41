"""The data routes over real HTTP, from `streamlit run dashboard/server.py` (issue 23): what only the whole
server decides (its routing fallback, its gzip middleware, its other routes) beside the data routes."""

import gzip
import importlib.util
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pyarrow.parquet as pq
import pytest

from tests.helpers import get, missing

pytestmark = pytest.mark.slow  # a fresh `streamlit run` server for the module (conftest.py's `base`)


@pytest.mark.parametrize(
    "path",
    ["/data/observation.csv", "/data/nothing", "/data/", "/data", "/data/observations.csv/more", "/data/v/1.0/x.csv"],
)
def test_an_unknown_data_path_is_a_404_with_a_short_text(base, path):
    """Not the dashboard's HTML with 200 (which pandas would read as one column called '<!--')."""
    for method in ("GET", "HEAD"):
        status, headers, body = get(base + path, method=method)
        assert status == 404, (path, method, status)
        assert headers["content-type"].startswith("text/plain"), headers["content-type"]
        if method == "GET":
            assert b"<" not in body and len(body) < 1000 and b"/data/observations.csv" in body, body


def test_a_known_data_path_with_another_method_is_still_405(base):
    for method in ("POST", "PUT", "DELETE"):
        assert get(base + "/data/observations.csv", method=method)[0] == 405
    assert get(base + "/data/nothing", method="POST")[0] == 404


def test_the_dashboards_own_paths_are_untouched(base):
    for path in ("/explorer", "/", "/database-of-things"):  # pages, and the page fallback outside /data/
        status, headers, _ = get(base + path)
        assert status == 200 and headers["content-type"].startswith("text/html"), path


# HTTP done right (issue 23, item 4): what the server's own gzip decides; the rest is in-process, in
# tests/test_http_rules.py --------------------------------------------------------------------------------

GZIP = {"Accept-Encoding": "gzip"}
FILES = ("csv", "parquet", "json", "xlsx")


def test_a_cors_preflight_reaches_the_data_routes(base):
    asked = {
        "Origin": "https://notebook.example",
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "if-none-match, range",
    }
    for path in ("/data/observations.csv?metric=hqds_count", "/data/places.csv", "/data/datapackage.json"):
        status, headers, body = get(base + path, method="OPTIONS", headers=asked)
        assert status == 204 and body == b"", (path, status)
        assert headers["access-control-allow-origin"] == "*" and "range" in headers["access-control-allow-headers"]
    assert get(base + "/data/nothing", method="OPTIONS", headers=asked)[0] == 404


@pytest.mark.parametrize("fmt", FILES)
def test_one_vary_and_no_gzip_for_parquet_and_excel(base, fmt):
    status, headers, body = get(base + f"/data/observations.{fmt}", headers=GZIP)
    assert status == 200
    varies = headers.get_all("vary") or []
    tokens = [t.strip().lower() for v in varies for t in v.split(",")]
    assert len(varies) <= 1 and len(tokens) == len(set(tokens)), varies
    if fmt in ("parquet", "xlsx"):  # already compressed: gzip costs time and gains nothing
        assert headers.get("content-encoding") is None and "accept-encoding" not in tokens
        assert body[:4] in (b"PAR1", b"PK\x03\x04")
    else:
        assert headers.get("content-encoding") == "gzip" and tokens == ["accept-encoding"]
    status, headers, _ = get(base + f"/data/observations.{fmt}", headers={**GZIP, "If-None-Match": "*"})
    assert status == 304 and len(headers.get_all("vary") or []) <= 1


def test_a_gzipped_body_has_a_weak_etag_that_still_revalidates(base):
    """The gzipped bytes are not the bytes a strong ETag names: the server's gzip makes it weak, and the
    weak tag gives a 304 as the strong one does."""
    _, plain, _ = get(base + "/data/observations.csv?metric=hqds_count")
    _, zipped, _ = get(base + "/data/observations.csv?metric=hqds_count", headers=GZIP)
    assert not plain["etag"].startswith("W/") and zipped["etag"] == "W/" + plain["etag"]
    for tag in (plain["etag"], zipped["etag"]):
        status, _, _ = get(base + "/data/observations.csv?metric=hqds_count", headers={**GZIP, "If-None-Match": tag})
        assert status == 304, tag


def test_a_range_of_the_parquet_file_over_the_server(base):
    _, headers, whole = get(base + "/data/observations.parquet", headers=GZIP)
    assert headers["accept-ranges"] == "bytes" and whole.startswith(b"PAR1")
    status, headers, part = get(base + "/data/observations.parquet", headers={**GZIP, "Range": "bytes=-8"})
    assert status == 206 and part == whole[-8:] and headers.get("content-encoding") is None
    assert headers["content-range"] == f"bytes {len(whole) - 8}-{len(whole) - 1}/{len(whole)}"


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/data/observations.csv", "GET"),
        ("/data/observations.parquet", "HEAD"),
        ("/data/nothing", "GET"),
        ("/data/observations.csv", "POST"),
        ("/data/feed.xml", "GET"),
    ],
)
def test_every_data_response_says_nosniff_once(base, path, method):
    _, found, _ = get(base + path, method=method, headers=GZIP)
    assert found.get_all("x-content-type-options") == ["nosniff"], (path, method)


HTTPFS = """
import duckdb, importlib.resources, json, pathlib
import duckdb_extension_httpfs
c = duckdb.connect()
version = c.sql("PRAGMA version").fetchone()[0]
c.execute(f"LOAD '{pathlib.Path(str(importlib.resources.files(duckdb_extension_httpfs)))}/extensions/{version}/httpfs.duckdb_extension'")
c.execute("CALL enable_logging('HTTP')")
count = c.sql("SELECT count(*) FROM '%s'").fetchone()[0]
log = c.sql("SELECT request.type, request.headers['Range'], response.status FROM duckdb_logs_parsed('HTTP')").fetchall()
print(json.dumps([count, log]))
"""


def test_duckdb_httpfs_reads_the_parquet_route_in_ranges(base):
    """DuckDB's httpfs extension, from its package (tests/test_docs.py runs the README's own example): a
    query over the route reads it with HEAD and range requests, each answered 206, never the whole file."""
    if importlib.util.find_spec("duckdb_extension_httpfs") is None:
        missing("DuckDB's httpfs extension", "pip install -r requirements-dev.txt (duckdb-extension-httpfs)")
    url = base + "/data/observations.parquet?place=national"
    done = subprocess.run([sys.executable, "-c", HTTPFS % url], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    count, log = json.loads(done.stdout.splitlines()[-1])
    _, _, whole = get(url)
    assert count == pq.read_table(io.BytesIO(whole)).num_rows > 0
    gets = [(asked, status) for method, asked, status in log if method == "GET"]
    assert gets and all(asked and status == "PartialContent_206" for asked, status in gets), log


def test_known_at_over_the_server(base):
    """What was published by a date (issue 23, item 6), over real HTTP and gzip."""
    _, _, every = get(base + "/data/observations.json", headers=GZIP)
    _, headers, body = get(base + "/data/observations.json?known_at=2024-06-30")
    rows = json.loads(body)
    expected = [r["obs_id"] for r in json.loads(gzip.decompress(every)) if r["published"] <= "2024-06-30"]
    assert [r["obs_id"] for r in rows] == expected and 0 < len(rows) == int(headers["x-total-count"])
    status, _, body = get(base + "/data/metrics/hqds_count.json")
    assert status == 200 and json.loads(body)["metric_id"] == "hqds_count"


def test_the_feeds_ids_survive_another_host_header(base):
    """issue 23, item 7: the ids are tag: URIs, and no link names the Host a request came with."""
    _, _, plain = get(base + "/data/feed.xml")
    _, _, other = get(base + "/data/feed.xml", headers={"Host": "evil.example:8501"})
    ids = [e.text for e in ET.fromstring(plain).iter("{http://www.w3.org/2005/Atom}id")]
    assert ids == [e.text for e in ET.fromstring(other).iter("{http://www.w3.org/2005/Atom}id")]
    assert ids and all(i.startswith("tag:") for i in ids) and b"evil.example" not in other
