"""Indicator pages and the explorer's chart in Chromium, against a real server: what a researcher sees,
the links from every card, and the explorer's button giving the same bytes as the HTTP route."""

import io
import json
import os
import re
import urllib.request
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import frictionless
import pytest

from tests.browser.helpers import assert_clean, download, open_and_wait

SHOTS = Path(os.environ.get("CDMM_SCREENSHOTS", "")) if os.environ.get("CDMM_SCREENSHOTS") else None


def shot(page, tmp_path, name: str) -> None:
    """A full-page screenshot (kept in CDMM_SCREENSHOTS when set, for looking at)."""
    folder = SHOTS or tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


@pytest.mark.parametrize(
    ("lang", "title", "vintages", "cite"),
    [
        ("en", "High-quality datasets built", "What was known when", "Cite this indicator"),
        ("zh", "高质量数据集数量", "各时点已知数据", "引用本指标"),
    ],
)
def test_indicator_page_shows_chart_table_vintages_and_citation(
    server, context_factory, tmp_path, lang, title, vintages, cite
):
    page, errors = open_and_wait(context_factory(), f"{server}/indicator?id=hqds_count&lang={lang}")
    assert page.locator("h1").first.inner_text() == title
    assert page.locator('[data-testid="stPlotlyChart"] .main-svg').count() >= 1
    body = page.inner_text("body")
    assert vintages in body and cite in body
    assert page.locator('[data-testid="stDataFrame"]').count() >= 2  # vintages and every figure
    codes = " ".join(page.locator('[data-testid="stCode"]').all_inner_texts())
    assert "@misc{cdmm_hqds_count_" in codes and "accessed" in codes and "<iframe" in codes
    shot(page, tmp_path, f"indicator-hqds_count-{lang}")
    assert_clean(page, errors)


def test_every_card_links_to_its_indicator(server, context_factory):
    page, errors = open_and_wait(context_factory(), server + "/ai-datasets")
    cards = page.locator('[class*="st-key-kpi-"]')
    assert cards.count() >= 3
    for index in range(cards.count()):
        card = cards.nth(index)
        metric_id = re.search(r"st-key-kpi-(\S+)", card.get_attribute("class")).group(1)
        hrefs = card.locator('a[href*="indicator?id="]').evaluate_all("links => links.map(a => a.href)")
        ids = {parse_qs(urlparse(href).query)["id"][0] for href in hrefs}
        assert ids == {metric_id}, (metric_id, hrefs)
    first = cards.first
    first.locator('a[href*="indicator?id="]').first.click()
    page.wait_for_url(re.compile(r"/indicator\?id="))
    page.locator('[data-testid="stMain"]').get_by_text("What was known when").wait_for(timeout=30_000)
    assert page.locator("h1").first.inner_text() != "Indicators"
    assert_clean(page, errors)


def test_unknown_id_names_it_and_lists_indicators(server, context_factory):
    page, errors = open_and_wait(context_factory(), server + "/indicator?id=nonexistent_thing")
    assert "There is no indicator with the id “nonexistent_thing”" in page.inner_text("body")
    assert page.locator('a[href*="indicator?id="]').count() >= 10
    assert_clean(page, errors)


def test_explorer_chart_and_button_match_the_http_route(server, context_factory, tmp_path):
    page, errors = open_and_wait(context_factory(accept_downloads=True), server + "/explorer?q=annotation&chart=bar")
    assert page.locator('[data-testid="stPlotlyChart"] .main-svg').count() >= 1
    shot(page, tmp_path, "explorer-annotation-bar")
    button = download(page, r"^Download CSV \(\d+ rows\)")
    with urllib.request.urlopen(server + "/data/observations.csv?q=annotation", timeout=60) as response:
        served = response.read()
    assert button == served
    bundle = download(page, r"^Zip bundle with metadata")
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        archive.extractall(tmp_path / "zip")
    descriptor = json.loads((tmp_path / "zip" / "datapackage.json").read_text("utf-8"))
    assert descriptor["resources"][0]["path"] == "observations.csv"
    report = frictionless.validate(str(tmp_path / "zip" / "datapackage.json"))
    assert report.valid, report.flatten(["title", "message"])[:5]
    assert_clean(page, errors)


def test_chart_choice_is_in_the_url(server, context_factory):
    page, errors = open_and_wait(context_factory(), server + "/explorer?q=annotation")
    page.locator('[data-testid="stButtonGroup"] button', has_text=re.compile(r"^Bar$")).click()
    page.wait_for_url(re.compile(r"chart=bar"))
    fresh, _ = open_and_wait(context_factory(), page.url)
    assert fresh.locator('[data-testid="stPlotlyChart"] .main-svg').count() >= 1
    assert "chart=bar" in fresh.url
    assert_clean(page, errors)
