"""The data routes over real HTTP, from `streamlit run dashboard/server.py` (issue 23): what only the whole
server decides (its routing fallback, its gzip middleware, its other routes) beside the data routes."""

import pytest

from tests.helpers import get

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
