"""What only a browser shows: pages drawn in Chromium, deep links, the offline map."""

import pytest

from tests.serving import streamlit_server, wait_rendered


def open_and_wait(ctx, url):
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    seconds = wait_rendered(page)
    assert seconds is not None, f"{url} never finished rendering"
    return page, errors


def assert_clean(page, errors):
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Traceback" not in page.inner_text("body")
    assert not errors, errors


def test_deep_link_works_as_the_first_request_after_start(browser):
    with streamlit_server() as (base, _):
        ctx = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-US")
        page, errors = open_and_wait(ctx, base + "/ai-datasets")
        assert page.locator("h1").first.inner_text() == "High-quality datasets for AI"
        nav = [n.split("\n")[-1] for n in page.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()]
        assert "7 · High-quality datasets for AI" in nav and "Overview" in nav
        assert "ai datasets" not in [n.lower() for n in nav]  # not Streamlit's legacy auto-generated menu
        assert page.url.endswith("/ai-datasets")
        assert_clean(page, errors)
        ctx.close()


# Every page drawn, light and dark, with its charts: tests/browser/test_accessibility_in_browser.py (one
# loop per mode, which also runs axe-core on each page).


def test_map_draws_coastline_and_cities_with_the_network_closed(server, context_factory):
    ctx = context_factory()
    outside = []

    def gate(route):
        if route.request.url.startswith(server):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    ctx.route("**/*", gate)
    page, errors = open_and_wait(ctx, server + "/ai-datasets?section=annotation")  # the pilot-city map
    coast = page.locator(".geolayer .scattergeo path.js-line")
    assert coast.count() >= 1 and len(coast.first.get_attribute("d") or "") > 2000  # the shipped coastline
    city_labels = page.locator(".geolayer .scattergeo text").all_text_contents()
    for city in ("Chengdu", "Shenyang", "Hefei", "Changsha", "Haikou", "Baoding", "Datong"):
        assert city in city_labels
    assert not [u for u in outside if "topojson" in u or "plot.ly" in u], outside
    assert_clean(page, errors)


@pytest.mark.parametrize(
    "path",
    [
        "/no-such-page",
        "/ai-datasets/../../etc/passwd",
        "/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/explorer?q=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&from=2025-02-30",
    ],
)
def test_unknown_or_hostile_urls_show_a_notice_not_an_exception(server, context_factory, path):
    ctx = context_factory()
    page = ctx.new_page()
    dialogs, errors = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server + path)
    if "passwd" in path:  # the browser asks for /etc/passwd: a nested path Streamlit does not serve pages at
        page.wait_for_load_state("networkidle")
        assert "root:" not in page.content() and "Traceback" not in page.content()
        return
    wait_rendered(page)
    body = page.inner_text("body")
    assert page.locator('[data-testid="stException"]').count() == 0 and "Traceback" not in body
    assert not dialogs and not errors and page.locator('img[src="x"]').count() == 0
    if "explorer" in path:
        assert "from=“2025-02-30” was ignored" in body
    else:
        assert "Page not found" in body  # Streamlit's own notice; the overview is shown instead
