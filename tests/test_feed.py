"""A feed to subscribe to (issue 23, item 7): `tag:` ids that never change with the host, `updated` = the
date of the release that added the figure (`observations.added_in`, `releases`), entries grouped per release
as well as per figure, paged (`?page=`, `rel="next"`) so that every figure is in it, and the zip's README
naming every file it holds. The routes are called in-process (tests/asgi.py); tests/test_http.py asks a real
server for the ids under another Host header."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

import pandas as pd
import pytest

from dashboard import explorer, export, feed, figures
from dashboard.data import load_table
from dashboard.schema import ObservationKind
from dashboard.ui import explorer_page
from tests import factories as f
from tests.asgi import call

NS = {"a": "http://www.w3.org/2005/Atom"}


def feed_pages(path: str = "/data/feed.xml", headers: dict | None = None) -> list[ET.Element]:
    """Every page of a feed, following rel="next" in the feed and in the Link header alike."""
    pages, url = [], path
    while url:
        status, found, body = call(url, headers=headers)
        assert status == 200, (url, body[:200])
        page = ET.fromstring(body)
        pages.append(page)
        inside = [link.get("href") for link in page.findall("a:link", NS) if link.get("rel") == "next"]
        header = found.get("link", "")
        assert bool(inside) == bool(header)
        url = header[1 : header.index(">")] if header else None
        if url:
            assert inside[0].endswith(url.removeprefix("/data/feed.xml"))
    return pages


def reported():
    view = figures.observation_view()
    return view[view.kind == ObservationKind.REPORTED]


def test_every_reported_figure_is_in_the_feed_once():
    pages = feed_pages()
    ids = [e.find("a:id", NS).text for page in pages for e in page.findall("a:entry", NS)]
    figures_ = [i for i in ids if ":observation/" in i]
    assert len(figures_) == len(set(figures_)) == len(reported())  # was 200 of them, newest publication first
    assert len(pages) == feed.page_count(len(ids)) > 1
    assert all(len(page.findall("a:entry", NS)) == feed.PAGE_SIZE for page in pages[:-1])


def test_ids_are_tag_uris_that_do_not_depend_on_the_host(monkeypatch):
    plain = call("/data/feed.xml")[2]
    other = call("/data/feed.xml", headers={"Host": "evil.example"})[2]
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://cdmm.example.org")
    public = call("/data/feed.xml")[2]

    def ids(body: bytes) -> list[str]:
        return [e.text for e in ET.fromstring(body).iter("{http://www.w3.org/2005/Atom}id")]

    assert ids(plain) == ids(other) == ids(public)
    assert all(i.startswith(feed.TAG) for i in ids(plain))
    assert ids(plain)[0] == f"{feed.TAG}feed"
    assert ids(call("/data/feed.xml?metric=hqds_count")[2])[0] == f"{feed.TAG}feed?metric=hqds_count"
    assert b"evil.example" not in other


def test_updated_is_the_release_that_added_the_figure():
    releases = load_table("releases").set_index("version").released
    rows = reported().set_index("obs_id")
    seen = 0
    for page in feed_pages():
        for entry in page.findall("a:entry", NS):
            tag = entry.find("a:id", NS).text
            if ":observation/" not in tag:
                continue
            row = rows.loc[tag.rsplit("/", 1)[1]]
            expected = releases[row["added_in"]].date().isoformat()
            assert entry.find("a:updated", NS).text == f"{expected}T00:00:00Z", tag
            assert entry.find("a:published", NS).text.startswith(row["published"].date().isoformat())
            seen += 1
    assert seen == len(rows)


def test_entries_are_grouped_per_release_newest_first():
    entries = [e for page in feed_pages() for e in page.findall("a:entry", NS)]
    kinds = ["release" if ":release/" in e.find("a:id", NS).text else "figure" for e in entries]
    assert kinds[0] == "release"
    updated = [e.find("a:updated", NS).text for e in entries]
    assert updated == sorted(updated, reverse=True)
    counts = reported().added_in.value_counts()
    groups: dict[str, int] = {}
    current = None
    for entry, kind in zip(entries, kinds, strict=True):
        if kind == "release":
            current = entry.find("a:id", NS).text.rsplit("/", 1)[1]
            assert f"{counts[current]} figure(s) added" in entry.find("a:title", NS).text
            groups[current] = 0
        else:
            terms = {c.get("term") for c in entry.findall("a:category", NS)}
            assert current in terms  # each figure under the release that added it
            groups[current] += 1
    assert groups == counts.to_dict()


def test_paging_links_and_bad_pages():
    first = ET.fromstring(call("/data/feed.xml")[2])
    rels = {link.get("rel"): link.get("href") for link in first.findall("a:link", NS)}
    assert {"self", "first", "last", "next"} <= set(rels) and "previous" not in rels
    last = rels["last"].rsplit("page=", 1)[1]
    status, headers, body = call(f"/data/feed.xml?page={last}")
    page = ET.fromstring(body)
    assert status == 200 and "link" not in headers
    assert {link.get("rel") for link in page.findall("a:link", NS)} >= {"previous", "first", "last"}
    for query in (f"page={int(last) + 1}", "page=0", "page=two", "page=1&page=2"):
        status, _, body = call("/data/feed.xml?" + query)
        assert status == 400 and "page" in body.decode(), query
    status, headers, _ = call("/data/feed.xml?page=2")
    assert status == 200 and headers["etag"] != call("/data/feed.xml")[1]["etag"]
    one = feed_pages("/data/feed.xml?metric=hqds_count")
    assert len(one) == 1 and "metric=hqds_count" in one[0].find("a:link", NS).get("href")


def test_ordered_entries_on_synthetic_rows():
    rows = f.view_of(
        [
            f.obs("old", "m", 1, "2020-12-31", published="2021-01-01", added_in="1.2.0"),
            f.obs("new", "m", 2, "2025-12-31", published="2026-01-01", added_in="1.0.0"),
            f.obs("later", "m", 3, "2024-12-31", published="2025-01-01", added_in="1.2.0"),
        ]
    )
    releases = pd.DataFrame({"version": ["1.0.0", "1.2.0"], "released": pd.to_datetime(["2025-06-01", "2026-02-01"])})
    order = [
        (kind, item[0] if kind == "release" else item["obs_id"]) for kind, item in feed.ordered_entries(rows, releases)
    ]
    # an old report added in the newest release comes first, however old its publication
    assert order == [
        ("release", "1.2.0"),
        ("figure", "later"),
        ("figure", "old"),
        ("release", "1.0.0"),
        ("figure", "new"),
    ]


def test_the_zip_readme_names_every_file_it_holds():
    rows = explorer.apply(figures.observation_view(), explorer.Filters(q="annotation"), load_table("priority_areas"))
    sources, release = load_table("sources"), load_table("release").iloc[0]
    meta = export.metadata(rows, sources, release, {"q": "annotation"}, "http://x/explorer?q=annotation", "now")
    data = export.bundle_zip(rows, meta, "cite", explorer_page.bundle_extra(sources, release, {"q": "annotation"}))
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        names = bundle.namelist()
        readme = bundle.read("README.txt").decode()
    listed = readme.split("Files\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert len(names) == 9 and "targets.csv" in names and [line.split()[0] for line in listed] == names
    assert all(len(line.split()) > 1 for line in listed)  # each with what it is


@pytest.mark.parametrize("table", ["releases"])
def test_releases_list_every_version_a_figure_names(table):
    releases = load_table(table)
    assert set(load_table("observations").added_in) <= set(releases.version)
    assert str(load_table("release").iloc[0]["version"]) in set(releases.version)
