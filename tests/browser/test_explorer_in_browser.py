"""Researchers in Chromium: real downloads parsed, shareable filtered URLs, hostile text in the data."""

import csv
import re
import shutil
from pathlib import Path

import pytest

from dashboard.curation.build import build
from dashboard.data import read_table
from tests.browser.helpers import IMAGES_SETTLED, assert_clean, download, open_and_wait, wait_for
from tests.helpers import CURATED, DATASETS, read_csv
from tests.serving import streamlit_server, wait_rendered


def annotation_rows() -> int:
    """How many figures the explorer finds for q=annotation, by the same filter the page uses."""
    from dashboard import explorer, views

    tables = {n: read_table(n) for n in ("observations", "metrics", "units", "sources", "conflict_members", "places")}
    view = views.observation_view(*tables.values())
    areas = read_table("priority_areas")
    parsed = explorer.parse({"q": "annotation"}, set(areas.area_id), set(tables["sources"].source_id))
    return len(explorer.apply(view, parsed.filters, areas))


def test_full_csv_download(server, context_factory):
    page, errors = open_and_wait(context_factory(accept_downloads=True), server + "/explorer")
    total = len(read_table("observations"))
    rows = read_csv(download(page, rf"^Download full data CSV \({total} rows\)"))
    assert len(rows) == total
    assert {"source_url", "evidence", "qualifier", "as_of", "publisher"} <= set(rows[0])
    assert_clean(page, errors)


def test_annotation_csv_download_has_only_annotation_figures(server, context_factory):
    page, errors = open_and_wait(context_factory(accept_downloads=True), server + "/explorer?q=annotation")
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile(rf"^Download CSV \({annotation_rows()} rows\)")).click()
    assert info.value.suggested_filename.startswith("cdmm-observations-q-annotation-")
    rows = read_csv(Path(info.value.path()).read_bytes())
    assert len(rows) == annotation_rows()
    assert all(
        "annotation" in (r["metric_en"] + r["evidence"] + r["note"]).lower() or "标注" in r["metric_zh"] for r in rows
    )
    assert {r["value"] for r in rows} >= {"7.0", "47.0"}
    assert_clean(page, errors)


def test_a_filtered_url_reopens_the_same_rows_in_a_new_browser(server, context_factory):
    page, _ = open_and_wait(context_factory(), server + "/explorer")
    box = page.get_by_label(re.compile("Search metric names"))
    box.fill("tokens")
    box.press("Enter")
    page.wait_for_url(re.compile(r"q=tokens"))
    wait_rendered(page)
    count = page.get_by_text(re.compile(r"^\d+ of \d+ figures$")).inner_text()
    shared = page.url
    fresh, _ = open_and_wait(context_factory(), shared)
    assert fresh.get_by_text(re.compile(r"^\d+ of \d+ figures$")).inner_text() == count
    assert fresh.get_by_label(re.compile("Search metric names")).input_value() == "tokens"


@pytest.fixture(scope="module")
def hostile_server(browser, tmp_path_factory):
    """The app serving data whose texts try to become formulas and HTML."""
    root = tmp_path_factory.mktemp("hostile")
    src = root / "curated"
    shutil.copytree(CURATED, src)
    with (src / "observations.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        if row["evidence"] == "with 47 outstanding annotation cases selected":
            row["evidence"] = '=HYPERLINK("http://evil.invalid","click") <img src=x onerror=alert(1)>'
        if row["metric_id"] == "process_control_rate":
            row["note"] = "<script>alert(2)</script> [x](javascript:alert(3)) :red[big] $x^2$"
    with (src / "observations.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    out = root / "datasets"
    build(src, out)
    shutil.copytree(DATASETS / "geo", out / "geo")
    with streamlit_server(env={"DATASETS_URI": str(out)}) as (base, _):
        yield base


@pytest.mark.parametrize("path", ["/ai-datasets", "/industry-clusters", "/explorer?q=annotation", "/sources"])
def test_hostile_text_never_runs_as_html(hostile_server, context_factory, path):
    ctx = context_factory()
    dialogs = []
    page = ctx.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(hostile_server + path)
    wait_rendered(page)
    page.mouse.wheel(0, 4000)  # what is further down the page is drawn too
    wait_rendered(page)
    wait_for(page, IMAGES_SETTLED, "every image to load or fail (an onerror handler would have run)")
    assert not dialogs
    assert page.locator('img[src="x"]').count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator('[data-testid="stException"]').count() == 0


def test_hostile_text_is_not_a_formula_in_the_csv(hostile_server, context_factory):
    page, _ = open_and_wait(context_factory(accept_downloads=True), hostile_server + "/explorer?q=annotation")
    rows = read_csv(download(page, r"^Download CSV \(\d+ rows\)"))
    hostile = [r for r in rows if "HYPERLINK" in r["evidence"]]
    assert len(hostile) == 1 and hostile[0]["evidence"].startswith("'=HYPERLINK")
    assert hostile[0]["value"] == "47.0"
