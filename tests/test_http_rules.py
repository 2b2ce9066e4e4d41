"""HTTP done right on the data routes (issue 23, item 4), called in-process (tests/asgi.py): CORS preflights,
`If-None-Match: *`, an ETag known before the body is built (a 304 selects and writes nothing), byte ranges
of the Parquet file (206, 416, If-Range), attachments with their file names, nosniff on every answer, and
the JSON route's pages (limit, offset, Link: rel="next"). What only the real server adds (its gzip, and so
one Vary and no gzip for Parquet and Excel) is in tests/test_http.py."""

import io
import json
import re

import pyarrow.parquet as pq
import pytest

from dashboard import api, datapackage, export, feed
from dashboard.data import load_table
from tests.asgi import call

ROUTES = (
    "/data/observations.csv?q=annotation",
    "/data/observations.parquet?metric=hqds_count",
    "/data/observations.json?place=national&limit=5",
    "/data/observations.xlsx?kind=derived",
    "/data/places.csv",
    "/data/datapackage.json",
    "/data/feed.xml?metric=hqds_count",
)
PREFLIGHT = {
    "Origin": "https://notebook.example",
    "Access-Control-Request-Method": "GET",
    "Access-Control-Request-Headers": "if-none-match, range",
}


@pytest.mark.parametrize("path", ROUTES)
def test_a_cors_preflight_is_answered(path):
    status, headers, body = call(path, method="OPTIONS", headers=PREFLIGHT)
    assert status == 204 and body == b"", status
    assert headers["access-control-allow-origin"] == "*"
    assert {"GET", "HEAD"} <= {m.strip() for m in headers["access-control-allow-methods"].split(",")}
    allowed = {h.strip().lower() for h in headers["access-control-allow-headers"].split(",")}
    assert {"if-none-match", "range", "if-range"} <= allowed and int(headers["access-control-max-age"]) > 0


def test_a_preflight_of_an_unknown_path_is_still_a_404():
    assert call("/data/nothing", method="OPTIONS", headers=PREFLIGHT)[0] == 404


@pytest.mark.parametrize("path", ROUTES)
def test_if_none_match_star_is_a_304(path):
    status, headers, body = call(path, headers={"If-None-Match": "*"})
    assert status == 304 and body == b"" and headers["etag"], (path, status)


def test_a_bad_query_is_a_400_even_with_if_none_match():
    """The parameters are checked before the ETag: a 304 never hides a mistake."""
    assert call("/data/observations.csv?metric=nope", headers={"If-None-Match": "*"})[0] == 400


BUILDERS = [
    (api, "select"),
    (export, "csv_bytes"),
    (export, "parquet_bytes"),
    (export, "json_bytes"),
    (export, "xlsx_bytes"),
    (datapackage, "table_csv"),
    (datapackage, "descriptor"),
    (feed, "atom_bytes"),
]


@pytest.mark.parametrize("path", ROUTES)
def test_the_etag_is_known_before_the_body_is_built(path, monkeypatch):
    """A revalidation with the ETag of an earlier answer is a 304 without selecting a row or writing a byte:
    every function that builds a body fails here, and the 304 still comes."""
    status, headers, _ = call(path)
    assert status == 200
    etag = headers["etag"]

    def fail(*args, **kwargs):
        raise AssertionError("a body was built for a 304")

    for module, name in BUILDERS:
        monkeypatch.setattr(module, name, fail)
    for sent in (etag, f'"other", {etag}', etag.removeprefix("W/"), "W/" + etag.removeprefix("W/")):
        status, again, body = call(path, headers={"If-None-Match": sent})
        assert status == 304 and body == b"" and again["etag"] == etag, (path, sent, status)


@pytest.mark.parametrize("path", ROUTES[:3] + ROUTES[4:])
def test_a_strong_etag_names_the_same_bytes(path):
    """The ETag is not a hash of the body, so the body must be the same each time it is built (the Parquet
    file's parts are read against it); only the workbook's is weak (its zip holds the time it was written)."""
    first, second = call(path), call(path)
    assert first[1]["etag"] == second[1]["etag"] and not first[1]["etag"].startswith("W/")
    assert first[2] == second[2]
    assert call("/data/observations.xlsx")[1]["etag"].startswith("W/")


def test_the_etag_follows_what_decides_the_body(monkeypatch):
    def etag(path: str) -> str:
        return call(path)[1]["etag"]

    version = str(load_table("release").iloc[0]["version"])
    plain = etag("/data/observations.csv?metric=hqds_count")
    assert plain.startswith(f'"{version}-')
    assert plain == etag("/data/observations.csv?metric=hqds_count&lang=zh&chart=bar")  # page-only: same body
    assert plain != etag("/data/observations.csv?metric=hqds_count,hqds_volume_pb")
    assert plain != etag("/data/observations.json?metric=hqds_count")
    assert etag("/data/observations.json?limit=5") != etag("/data/observations.json?limit=5&offset=5")
    monkeypatch.setattr(api, "code_revision", lambda: "another release of the code")
    assert plain != etag("/data/observations.csv?metric=hqds_count")


# Parts of the Parquet file -------------------------------------------------------------------------------

PARQUET = "/data/observations.parquet?place=national"


def test_the_parquet_file_is_served_in_parts():
    status, headers, whole = call(PARQUET)
    size = len(whole)
    assert status == 200 and headers["accept-ranges"] == "bytes" and size > 1000
    status, headers, head = call(PARQUET, headers={"Range": "bytes=0-3"})
    assert status == 206 and head == b"PAR1" and headers["content-range"] == f"bytes 0-3/{size}"
    status, headers, tail = call(PARQUET, headers={"Range": "bytes=-8"})
    assert status == 206 and tail == whole[-8:] and tail.endswith(b"PAR1")
    assert headers["content-range"] == f"bytes {size - 8}-{size - 1}/{size}"
    parts, start = [], 0
    while start < size:  # the file read in parts of 1000 bytes is the file
        status, headers, part = call(PARQUET, headers={"Range": f"bytes={start}-{start + 999}"})
        assert status == 206 and int(headers["content-length"]) == len(part)
        parts.append(part)
        start += 1000
    assert b"".join(parts) == whole
    assert pq.read_table(io.BytesIO(b"".join(parts))).num_rows > 0
    status, _, rest = call(PARQUET, headers={"Range": f"bytes={size - 10}-{size + 500}"})  # past the end: clipped
    assert status == 206 and rest == whole[-10:]


def test_a_range_past_the_end_is_a_416():
    size = len(call(PARQUET)[2])
    for asked in (f"bytes={size}-", f"bytes={size + 10}-{size + 20}", "bytes=-0"):
        status, headers, _ = call(PARQUET, headers={"Range": asked})
        assert status == 416 and headers["content-range"] == f"bytes */{size}", asked


@pytest.mark.parametrize("asked", ["bytes=0-3,10-20", "bytes=5-2", "items=0-3", "bytes=x-y", "bytes=-"])
def test_a_range_that_is_not_one_range_of_bytes_gets_the_whole_file(asked):
    status, headers, body = call(PARQUET, headers={"Range": asked})
    assert status == 200 and body.startswith(b"PAR1") and "content-range" not in headers


def test_if_range_with_another_etag_gets_the_whole_file():
    status, headers, whole = call(PARQUET)
    status, _, part = call(PARQUET, headers={"Range": "bytes=0-3", "If-Range": headers["etag"]})
    assert status == 206 and part == b"PAR1"
    status, _, body = call(PARQUET, headers={"Range": "bytes=0-3", "If-Range": '"1.0.0-0000000000000000"'})
    assert status == 200 and body == whole


def test_head_gives_the_size_and_other_files_are_whole():
    _, _, whole = call(PARQUET)
    status, headers, _ = call(PARQUET, method="HEAD")
    assert status == 200 and headers["accept-ranges"] == "bytes" and int(headers["content-length"]) == len(whole)
    status, headers, body = call("/data/observations.csv", headers={"Range": "bytes=0-3"})
    assert status == 200 and len(body) > 4 and "accept-ranges" not in headers


@pytest.mark.parametrize(
    ("header", "size", "expected"),
    [
        ("bytes=0-0", 10, (0, 0)),
        ("bytes=0-", 10, (0, 9)),
        ("bytes=-3", 10, (7, 9)),
        ("bytes=-30", 10, (0, 9)),
        ("bytes=8-30", 10, (8, 9)),
        (" bytes = 2 - 4 ", 10, (2, 4)),
        ("bytes=4-2", 10, None),
        ("bytes=0-1,3-4", 10, None),
        ("", 10, None),
        ("bytes=", 10, None),
    ],
)
def test_byte_range(header, size, expected):
    assert api.byte_range(header, size) == expected


@pytest.mark.parametrize(("header", "size"), [("bytes=10-", 10), ("bytes=-0", 10), ("bytes=0-", 0)])
def test_byte_range_unsatisfiable(header, size):
    with pytest.raises(api.Unsatisfiable):
        api.byte_range(header, size)


# Attachments, nosniff -------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", api.FORMATS)
def test_a_file_is_an_attachment_with_its_name(fmt):
    _, headers, _ = call(f"/data/observations.{fmt}?metric=hqds_count")
    disposition = headers["content-disposition"]
    assert re.fullmatch(
        rf'attachment; filename="cdmm-observations-metric-hqds-count-\d{{4}}-\d\d-\d\d\.{fmt}"', disposition
    )
    assert call("/data/places.csv")[1]["content-disposition"] == 'attachment; filename="cdmm-places.csv"'


@pytest.mark.parametrize(
    ("path", "method", "headers"),
    [
        ("/data/observations.csv", "GET", {}),
        ("/data/observations.parquet", "HEAD", {}),
        ("/data/observations.parquet", "GET", {"Range": "bytes=0-3"}),
        ("/data/observations.csv", "GET", {"If-None-Match": "*"}),
        ("/data/observations.csv?colour=red", "GET", {}),
        ("/data/nothing", "GET", {}),
        ("/data/observations.csv", "POST", {}),
        ("/data/feed.xml", "GET", {}),
        ("/data/datapackage.json", "OPTIONS", PREFLIGHT),
    ],
)
def test_every_data_response_says_nosniff(path, method, headers):
    _, found, _ = call(path, method=method, headers=headers)
    assert found["x-content-type-options"] == "nosniff", (path, method)


# Pages of the JSON route --------------------------------------------------------------------------------


def test_json_pages_with_limit_offset_and_a_next_link():
    every = json.loads(call("/data/observations.json?place=national")[2])
    seen, path, pages = [], "/data/observations.json?place=national&limit=100", 0
    while path:
        status, headers, body = call(path)
        assert status == 200 and int(headers["x-total-count"]) == len(every)
        seen += json.loads(body)
        pages += 1
        link = headers.get("link")
        path = re.fullmatch(r'<([^>]+)>; rel="next"', link).group(1) if link else None
        assert path is None or path.startswith("/data/observations.json?place=national&")
    assert seen == every and pages == -(-len(every) // 100) > 1
    status, headers, body = call(f"/data/observations.json?offset={len(every)}&place=national")
    assert status == 200 and json.loads(body) == [] and "link" not in headers


@pytest.mark.parametrize("query", ["limit=0", "limit=-5", "limit=ten", "offset=-1", "limit=1&limit=2", "limit=10001"])
def test_bad_paging_is_a_400(query):
    status, _, body = call("/data/observations.json?" + query)
    assert status == 400 and query.split("=")[0] in body.decode()


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx"])
def test_csv_parquet_and_excel_stay_whole(fmt):
    status, _, body = call(f"/data/observations.{fmt}?limit=10")
    assert status == 400 and "limit" in body.decode(), fmt
