"""Chinese, presentation mode, dark mode and embedding, as Chromium shows them."""

import re

import pytest

from dashboard.takeaway import deck
from tests.browser.helpers import assert_clean, open_and_wait
from tests.serving import wait_rendered


def chinese_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    cjk = [c for c in letters if "\u4e00" <= c <= "\u9fff"]
    return len(cjk) / max(1, len(letters))


def test_chinese_overview_and_navigation(server, context_factory):
    page, errors = open_and_wait(context_factory(), server + "/?lang=zh")
    assert_clean(page, errors)
    assert chinese_share(page.locator('[data-testid="stMain"]').inner_text()) >= 0.5
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert chinese_share(nav) >= 0.5
    assert "10万+" in page.locator('[data-testid="stMetricValue"]').all_inner_texts()


def test_english_overview(server, context_factory):
    page, errors = open_and_wait(context_factory(locale="zh-CN"), server + "/?lang=en")
    assert chinese_share(page.locator('[data-testid="stMain"]').inner_text()) < 0.05
    assert_clean(page, errors)


def test_language_survives_navigation(server, context_factory):
    page, _ = open_and_wait(context_factory(), server + "/?lang=zh")
    page.locator('[data-testid="stSidebarNavLink"]', has_text="人工智能高质量数据集").click()
    page.wait_for_url(re.compile(r"/ai-datasets"))
    wait_rendered(page)
    assert page.locator("h1").first.inner_text() == "人工智能高质量数据集"


def metric_font_px(page) -> float:
    return page.locator('[data-testid="stMetricValue"]').first.evaluate(
        "el => parseFloat(getComputedStyle(el.querySelector('div') || el).fontSize)"
    )


def test_presentation_mode_at_1920x1080(server, context_factory):
    ctx = context_factory(viewport={"width": 1920, "height": 1080})
    page, errors = open_and_wait(ctx, server + "/?present=1&lang=zh")
    assert_clean(page, errors)
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert not page.locator('[data-testid="stHeader"]').is_visible()
    assert metric_font_px(page) >= 48
    assert chinese_share(page.locator('[data-testid="stMain"]').inner_text()) >= 0.5
    total = len(deck.deck("zh"))
    assert page.get_by_text(f"1 / {total}").is_visible()
    page.locator(".st-key-present_next button").click()
    page.wait_for_url(re.compile(r"slide=2"))
    wait_rendered(page)
    assert "present=1" in page.url and "lang=zh" in page.url
    assert page.get_by_text(f"2 / {total}").is_visible()
    assert chinese_share(page.locator('[data-testid="stMain"]').inner_text()) >= 0.5  # still Chinese


def no_horizontal_overflow(page) -> bool:
    return page.evaluate("() => document.scrollingElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_every_slide_of_a_page_fits_the_screen(server, context_factory, size):
    slides = deck.deck("en")
    numbers = [i for i, s in enumerate(slides, 1) if s.page_id == "ai_datasets"][:4]
    ctx = context_factory(viewport={"width": size[0], "height": size[1]})
    for number in numbers:
        page, errors = open_and_wait(ctx, server + f"/ai-datasets?present=1&slide={number}")
        assert_clean(page, errors)
        assert page.get_by_text(f"{number} / {len(slides)}").is_visible()
        assert no_horizontal_overflow(page), f"slide {number} overflows at {size}"
        page.close()


@pytest.mark.parametrize(
    "key,slide", [("ArrowRight", "2"), ("PageDown", "2"), ("ArrowLeft", "last"), ("PageUp", "last")]
)
def test_clicker_keys_move_between_slides(server, context_factory, key, slide):
    total = len(deck.deck("en"))
    slide = str(total) if slide == "last" else slide
    page, _ = open_and_wait(context_factory(viewport={"width": 1920, "height": 1080}), server + "/?present=1")
    page.locator('[data-testid="stMain"]').click(position={"x": 5, "y": 5})  # focus the page, as a presenter would
    page.keyboard.press(key)
    page.wait_for_url(re.compile(r"present=1.*slide=" + slide + r"\b|slide=" + slide + r"\b.*present=1"))
    wait_rendered(page)
    assert page.locator(".st-key-present_next").is_visible()
    assert page.get_by_text(f"{slide} / {total}").is_visible()


def test_embedding_in_an_iframe(server, context_factory, tmp_path):
    host = tmp_path / "host.html"
    host.write_text(
        f'<iframe id="cdmm" src="{server}/ai-datasets?embed=true&lang=en" width="1200" height="900"></iframe>'
    )
    page = context_factory().new_page()
    page.goto(host.as_uri())
    frame = page.frame_locator("#cdmm")
    frame.locator("h1").first.wait_for(timeout=30000)
    assert frame.locator("h1").first.inner_text() == "High-quality datasets for AI"
    frame.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for(timeout=30000)
    sidebar = frame.locator('[data-testid="stSidebar"]')
    box = sidebar.bounding_box() if sidebar.count() else None
    assert box is None or box["x"] + box["width"] <= 1 or not sidebar.is_visible(), (
        box
    )  # collapsed: the host shows one page
    assert frame.locator('[data-testid="stSidebarNav"]').count() == 0
