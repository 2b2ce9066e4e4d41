"""What the browser tests share besides fixtures (tests/browser/conftest.py): open a page and wait until it
has drawn, check that a page shows no error, take a download."""

import re
from pathlib import Path

from tests.serving import wait_rendered


def open_and_wait(ctx, url: str):
    """A new page of `ctx` at `url`, drawn (a render timeout fails the test), and the list that collects the
    JavaScript errors it reports."""
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    wait_rendered(page)
    return page, errors


def assert_clean(page, errors: list[str]) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Traceback" not in page.inner_text("body")
    assert not errors, errors


def download(page, label_pattern: str) -> bytes:
    """The bytes the button whose accessible name matches `label_pattern` downloads."""
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile(label_pattern)).click()
    return Path(info.value.path()).read_bytes()


def wait_for(page, condition_js: str, what: str, timeout_s: float = 30.0) -> None:
    """Poll the JavaScript expression `condition_js` in `page` until it is true; fail naming `what` was
    waited for, and the page's URL, when it is not within `timeout_s`."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(condition_js, timeout=timeout_s * 1000)
    except PlaywrightTimeout:
        raise AssertionError(f"{page.url}: timed out after {timeout_s:.0f} s waiting for {what}") from None


# True once every image of the page has loaded or failed: any onerror handler has then run.
IMAGES_SETTLED = "() => Array.from(document.images).every(img => img.complete)"
