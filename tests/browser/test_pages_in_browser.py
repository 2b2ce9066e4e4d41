"""What only a browser shows: pages drawn in Chromium, deep links, the offline map."""

import re
from pathlib import Path

import pytest

from tests.browser.helpers import assert_clean, open_and_wait
from tests.serving import START_SECONDS, RenderTimeout, streamlit_server, wait_rendered


@pytest.mark.timeout(START_SECONDS + 300)  # a server of its own, then the page
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
    wait_rendered(page)
    body = page.inner_text("body")
    if "explorer" in path:
        assert "from=“2025-02-30” was ignored" in body
    else:
        assert "Page not found" in body  # Streamlit's own notice; the overview is shown instead
    assert page.locator('[data-testid="stException"]').count() == 0 and "Traceback" not in body
    assert not dialogs and not errors and page.locator('img[src="x"]').count() == 0


def test_a_path_out_of_the_app_gets_the_apps_own_page_not_a_file(server, context_factory):
    """The browser resolves /ai-datasets/../../etc/passwd to /etc/passwd, a nested path where Streamlit
    serves its own index page (which does not draw there): never the file."""
    page = context_factory().new_page()
    response = page.goto(server + "/ai-datasets/../../etc/passwd")
    assert response is not None and response.url == server + "/etc/passwd"
    html = response.text()
    assert response.status == 200 and response.headers["content-type"].startswith("text/html")
    assert '<div id="root">' in html, "Streamlit's own index page"
    assert "root:" not in html and "Traceback" not in html


def test_a_page_that_never_draws_fails_the_test_with_its_url_and_a_screenshot(server, context_factory):
    page = context_factory().new_page()
    page.goto(server + "/etc/passwd")  # the index page at a nested path: the app never starts there
    with pytest.raises(RenderTimeout) as timeout:
        wait_rendered(page, timeout_s=3)
    message = str(timeout.value)
    assert message.startswith(server + "/etc/passwd did not finish rendering within 3 s")
    shot = re.search(r"screenshot: (\S+\.png)$", message)
    assert shot and Path(shot.group(1)).stat().st_size > 0, message
