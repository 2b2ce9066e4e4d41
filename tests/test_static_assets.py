"""A first view that is light on a real network (issue 24, item 6): the server itself sends Streamlit's
static bundles gzip-compressed when the browser accepts it, with the long-lived caching of content-hashed
bundles (dashboard/compression.py, in dashboard/server.py); a browser that does not accept gzip, a Range
request, or any other path gets what Streamlit sends. The throttled first view is measured by
`python bench/run.py --throttle` (bench/RESULTS.md)."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from dashboard import compression
from tests.helpers import get


def _static_dir() -> Path:
    from streamlit import file_util

    return Path(file_util.get_static_dir())


def _biggest_bundle() -> str:
    js = sorted((_static_dir() / "static" / "js").glob("*.js"), key=lambda p: p.stat().st_size)
    return "/static/js/" + js[-1].name


def test_the_bundles_are_compressed_when_the_browser_accepts_gzip(base):
    path = _biggest_bundle()  # the Plotly bundle, 4.7 MB
    original = (_static_dir() / path.lstrip("/")).read_bytes()
    status, headers, body = get(base + path, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers["Vary"]
    assert len(body) < 0.4 * len(original), (len(body), len(original))
    assert gzip.decompress(body) == original
    assert re.search(r"immutable", headers["Cache-Control"]) and "max-age=31536000" in headers["Cache-Control"]
    status, again, _ = get(base + path, headers={"Accept-Encoding": "gzip", "If-None-Match": headers["ETag"]})
    assert status == 304 and again["ETag"] == headers["ETag"]


def test_every_script_and_style_of_the_first_view_is_compressed(base):
    _, _, html = get(base + "/")
    assets = re.findall(r'(?:src|href)="\.?/?(static/[^"]+\.(?:js|css))"', html.decode())
    assert assets, html[:500]
    big = [a for a in assets if (_static_dir() / a).stat().st_size >= compression.MIN_BYTES]
    assert big
    for asset in big:  # (a file under 1 KB is sent as it is)
        status, headers, _ = get(f"{base}/{asset}", headers={"Accept-Encoding": "gzip"})
        assert status == 200 and headers.get("Content-Encoding") == "gzip", asset


def test_without_gzip_or_with_a_range_the_bytes_are_streamlits(base):
    path = _biggest_bundle()
    original = (_static_dir() / path.lstrip("/")).read_bytes()
    status, headers, body = get(base + path, headers={"Accept-Encoding": "identity"})
    assert status == 200 and headers.get("Content-Encoding") is None and body == original
    status, headers, body = get(base + path, headers={"Accept-Encoding": "gzip;q=0"})
    assert headers.get("Content-Encoding") is None and body == original
    status, headers, body = get(base + path, headers={"Accept-Encoding": "gzip", "Range": "bytes=0-99"})
    assert status == 206 and body == original[:100]


def test_the_page_and_the_health_check_are_untouched(base):
    status, headers, body = get(base + "/", headers={"Accept-Encoding": "gzip"})
    assert status == 200 and b"<html" in (gzip.decompress(body) if headers.get("Content-Encoding") else body)
    status, _, body = get(base + "/_stcore/health", headers={"Accept-Encoding": "gzip"})
    assert status == 200


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        ("gzip", True),
        ("gzip, deflate, br, zstd", True),
        ("br;q=1.0, gzip;q=0.8", True),
        ("*", True),
        ("identity", False),
        ("", False),
        ("gzip;q=0", False),
        ("*;q=0", False),
        ("GZIP", True),
    ],
)
def test_accept_encoding(header, accepted):
    assert compression.accepts_gzip(header) is accepted


def test_only_files_of_the_static_folder_are_answered(tmp_path):
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "app.Abc12345.js").write_text("x" * 5000)
    (tmp_path / "secret.js").write_text("y" * 5000)
    middleware = compression.StaticGzip(None, tmp_path)
    assert middleware._file("/static/app.Abc12345.js") is not None
    for path in ("/static/../secret.js", "/secret.js", "/static/missing.js", "/static/%2e%2e/secret.js"):
        assert middleware._file(path) is None, path
    assert compression.cache_control("/static/app.Abc12345.js").endswith("max-age=31536000")
    assert compression.cache_control("/static/index.html") == "no-cache"
