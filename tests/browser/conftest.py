"""Browser fixtures: Debian's Chromium driven by Playwright against a real `streamlit run` server.

Without /usr/bin/chromium these tests are skipped, except when CI=true: then a missing browser fails."""

from pathlib import Path

import pytest

from tests.helpers import missing
from tests.serving import CHROMIUM, CHROMIUM_ARGS, checked_server


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        missing(CHROMIUM, "apt-get install chromium fonts-noto-cjk")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def server(browser):
    """One server for the browser tests; at the end its log must hold no traceback and no error (none of
    these tests breaks the server's data on purpose)."""
    with checked_server(" during the browser tests") as base:
        yield base


@pytest.fixture
def context_factory(browser):
    contexts = []

    def make(**kwargs):
        kwargs.setdefault("viewport", {"width": 1440, "height": 900})
        kwargs.setdefault("locale", "en-US")
        ctx = browser.new_context(**kwargs)
        contexts.append(ctx)
        return ctx

    yield make
    for ctx in contexts:
        ctx.close()


@pytest.fixture
def page_errors():
    return []
