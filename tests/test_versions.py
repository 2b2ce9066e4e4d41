"""Citable versions (issue 23, item 5): the public address is a setting (PUBLIC_BASE_URL), never the Host
header of a request; /data/v/<version>/... serves the version it names for as long as the store keeps it
(`curation publish` keeps every version it publishes, a folder built by `curation build` only the current
one, and the 404 says so); citations name the version and its address, the BibTeX key holds the version,
one canonical view address per view, and a GB/T 7714 citation beside plain, APA and BibTeX. The routes are
called in-process (tests/asgi.py)."""

from __future__ import annotations

import io
import json
import shutil
import xml.etree.ElementTree as ET

import openpyxl
import pytest

from dashboard import data, explorer, indicator, settings
from dashboard.curation.build import build
from dashboard.curation.publish import publish
from tests.asgi import call
from tests.helpers import DATASETS, SHIPPED, changed_curated
from tests.pages_helper import clear_caches, open_page

PUBLIC = "https://cdmm.example.org/monitor"
EVIL = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}


def about(body: bytes) -> dict[str, str]:
    book = openpyxl.load_workbook(io.BytesIO(body))
    return {r[0].value: r[1].value for r in book["about"].iter_rows() if r[0].value}


# The public address -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", ""),
        ("https://cdmm.example.org/", "https://cdmm.example.org"),
        ("https://cdmm.example.org/monitor/", "https://cdmm.example.org/monitor"),
        ("http://127.0.0.1:8501", "http://127.0.0.1:8501"),
        ("cdmm.example.org", ""),  # no scheme: not used (and logged)
        ("javascript:alert(1)", ""),
        ("https://user@evil.example", ""),
    ],
)
def test_the_public_address_setting(raw, expected, monkeypatch):
    monkeypatch.setenv("PUBLIC_BASE_URL", raw)
    assert settings.public_base_url() == expected
    assert settings.citation_base_url() == (expected or settings.LOCAL_BASE_URL)


@pytest.mark.parametrize("public", ["", PUBLIC])
def test_no_answer_names_the_host_a_request_came_with(public, monkeypatch):
    """The workbook's citation cells, the feed and the data package name the public address (or localhost),
    whatever Host header the request carried: a response cached as public never carries another's host."""
    monkeypatch.setenv("PUBLIC_BASE_URL", public)
    expected = public or "http://localhost:8501"
    version = SHIPPED
    for path in ("/data/observations.xlsx?metric=hqds_count", "/data/feed.xml", "/data/datapackage.json"):
        status, _, body = call(path, headers=EVIL)
        assert status == 200 and b"evil.example" not in body, path
    cells = about(call("/data/observations.xlsx?metric=hqds_count", headers=EVIL)[2])
    assert cells["view"] == f"{expected}/explorer?metric=hqds_count"
    assert cells["data of this version"] == f"{expected}/data/v/{version}/observations.csv?metric=hqds_count"
    assert cells["view"] in cells["citation"] and cells["data of this version"] in cells["citation"]
    assert f"version {version}" in cells["citation"]
    feed = ET.fromstring(call("/data/feed.xml", headers=EVIL)[2])
    links = [e.get("href") for e in feed.iter("{http://www.w3.org/2005/Atom}link") if e.get("rel") != "via"]
    assert links and all(href.startswith(expected) for href in links)
    descriptor = json.loads(call("/data/datapackage.json", headers=EVIL)[2])
    paths = [r["path"] for r in descriptor["resources"]]
    if public:  # absolute, and of this version: a saved descriptor still finds its files, as they were
        assert paths[0] == f"{PUBLIC}/data/v/{version}/observations.csv"
        assert all(p.startswith(f"{PUBLIC}/data/v/{version}/") for p in paths)
    else:
        assert paths[0] == "observations.csv"


# Kept versions --------------------------------------------------------------------------------------------


def test_the_current_version_is_served_under_its_own_address():
    for path in ("observations.csv?q=annotation", "observations.parquet", "places.csv", "datapackage.json"):
        status, headers, body = call(f"/data/v/{SHIPPED}/{path}")
        assert status == 200, (path, status, body[:200])
        assert headers["cache-control"] == "public, max-age=31536000, immutable"
        assert headers["x-dataset-version"] == SHIPPED
        assert body == call(f"/data/{path}")[2]
    status, headers, body = call(f"/data/v/{SHIPPED}/observations.json?limit=2&place=national")
    assert status == 200 and len(json.loads(body)) == 2
    assert headers["link"].startswith(f"</data/v/{SHIPPED}/observations.json?")
    assert call(f"/data/v/{SHIPPED}/observations.csv", headers={"If-None-Match": "*"})[0] == 304
    assert call(f"/data/v/{SHIPPED}/observations.csv?metric=nope")[0] == 400
    assert call(f"/data/v/{SHIPPED}/feed.xml")[0] == 404  # the feed is of the current version only


def test_a_version_the_default_folder_does_not_keep_is_a_404_that_says_why():
    status, headers, body = call("/data/v/0.0.1/observations.csv")
    message = body.decode()
    assert status == 404 and headers["content-type"].startswith("text/plain")
    assert "'0.0.1' is not kept" in message and SHIPPED in message and "keeps only the current version" in message
    for path in ("/data/v/latest/observations.csv", "/data/v/../observations.csv", "/data/v/1.0/x.csv"):
        assert call(path)[0] == 404, path


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A store written by `curation publish`: the shipped version, then a newer one (9.9.9) published over
    it; the server reads it."""
    store = tmp_path / "store"
    publish(DATASETS, str(store))
    newer = tmp_path / "newer"
    build(changed_curated(tmp_path), newer)
    shutil.copytree(DATASETS / "geo", newer / "geo")
    publish(newer, str(store))
    monkeypatch.setenv("DATASETS_URI", str(store))
    clear_caches()
    yield store
    clear_caches()


def leading(body: bytes) -> float:
    rows = [r for r in json.loads(body) if r["obs_id"] == "hqds_leading_units_20260403_seed_004"]
    return rows[0]["value"]


def test_a_published_store_serves_every_version_it_kept(store):
    assert data.kept_labels(str(store)) == [SHIPPED, "9.9.9"]
    current = call("/data/observations.json?metric=hqds_leading_units")
    old = call(f"/data/v/{SHIPPED}/observations.json?metric=hqds_leading_units")
    new = call("/data/v/9.9.9/observations.json?metric=hqds_leading_units")
    assert current[1]["x-dataset-version"] == new[1]["x-dataset-version"] == "9.9.9"
    assert old[1]["x-dataset-version"] == SHIPPED and old[1]["etag"] != new[1]["etag"]
    assert leading(current[2]) == leading(new[2]) == 7391 and leading(old[2]) == 72
    assert old[1]["cache-control"].endswith("immutable")
    assert call(f"/data/v/{SHIPPED}/metrics.csv")[0] == 200
    descriptor = json.loads(call(f"/data/v/{SHIPPED}/datapackage.json")[2])
    assert descriptor["version"] == SHIPPED
    status, _, body = call("/data/v/1.0.0/observations.csv")
    assert status == 404 and f"{SHIPPED}, 9.9.9" in body.decode()
    # the version asked for is served in that request only: the next one is the current version again
    assert leading(call("/data/observations.json?metric=hqds_leading_units")[2]) == 7391


def test_publish_never_changes_a_kept_version(store, tmp_path):
    other = tmp_path / "other"
    build(changed_curated(tmp_path, value=8000), other)  # other figures, the same version 9.9.9
    shutil.copytree(DATASETS / "geo", other / "geo")
    kept = (store / "versions" / "9.9.9" / "manifest.json").read_bytes()
    with pytest.raises(ValueError, match="published before with other content"):
        publish(other, str(store))
    assert (store / "versions" / "9.9.9" / "manifest.json").read_bytes() == kept
    publish(DATASETS, str(store))  # the same content again: allowed (the current version goes back)


def test_kept_uri_keeps_an_object_stores_options():
    uri = "s3://cdmm/datasets?endpoint_override=127.0.0.1:9000&scheme=http"
    assert (
        data.kept_uri(uri, "1.2.0") == "s3://cdmm/datasets/versions/1.2.0?endpoint_override=127.0.0.1:9000&scheme=http"
    )


# Citations ------------------------------------------------------------------------------------------------

RELEASE = {"released": "2026-11-23", "version": "1.4.0", "licence": "CC BY 4.0", "title": "T"}


def cite(version: str) -> dict[str, str]:
    return indicator.citations(
        ("High-quality datasets built", "高质量数据集数量"),
        "hqds_count",
        {**RELEASE, "version": version},
        "https://x/indicator?id=hqds_count",
        indicator.data_urls("https://x", "hqds_count", version)["csv"],
        "2026-12-01",
    )


def test_citations_name_the_version_and_its_address():
    texts = cite("1.4.0")
    data_url = "https://x/data/v/1.4.0/observations.csv?metric=hqds_count"
    assert all(data_url in text for text in texts.values()), texts
    assert texts["bibtex"].startswith("@misc{cdmm_hqds_count_2026_v1_4_0,")
    assert cite("1.5.0")["bibtex"].split(",")[0] != texts["bibtex"].split(",")[0]  # two versions, two keys


def test_a_gbt_7714_citation():
    text = cite("1.4.0")["gbt7714"]
    assert text == (
        "中国数据要素市场监测. 高质量数据集数量（hqds_count）[DS/OL]. 1.4.0版. (2026-11-23)[2026-12-01]. "
        "https://x/data/v/1.4.0/observations.csv?metric=hqds_count."
    )


def code_blocks(at) -> list[str]:
    return [c.value for c in at.code]


def test_the_explorer_cites_the_view_as_the_workbook_does(monkeypatch):
    """One canonical address per view: the explorer's citation (opened in English, with lang=en in its
    address) is the workbook route's citation, cell for cell."""
    monkeypatch.setenv("PUBLIC_BASE_URL", PUBLIC)
    at = open_page("explorer", {"metric": "hqds_count", "lang": "en"})
    assert not at.exception
    workbook = about(call("/data/observations.xlsx?metric=hqds_count")[2])["citation"]
    assert workbook in code_blocks(at), (workbook, code_blocks(at))
    assert "lang=" not in workbook and f"{PUBLIC}/data/v/{SHIPPED}/observations.csv?metric=hqds_count" in workbook


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_indicator_page_gives_four_citations_and_versioned_links(lang, monkeypatch):
    monkeypatch.setenv("PUBLIC_BASE_URL", PUBLIC)
    at = open_page("indicator", {"id": "hqds_count", "lang": lang})
    assert not at.exception
    blocks = "\n".join(code_blocks(at))
    assert "[DS/OL]" in blocks and "@misc{cdmm_hqds_count_" in blocks and f"v{SHIPPED.replace('.', '_')}" in blocks
    assert f"{PUBLIC}/data/v/{SHIPPED}/observations.csv?metric=hqds_count" in blocks
    assert "localhost" not in blocks
    view = explorer.view_url(PUBLIC, explorer.Filters(metrics=("hqds_count",)))
    assert view.endswith("/explorer?metric=hqds_count")
