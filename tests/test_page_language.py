"""The `<html lang>` of the served page (dashboard/page_language.py): chosen as the entry script chooses the
language, rewritten only in HTML, and the cache headers that would serve the other language dropped. The
real server's pages are checked in Chromium (tests/browser/test_accessibility_in_browser.py)."""

from bench.streamlit_client import run_sync
from dashboard.page_language import PageLanguage, html_with_language, page_language

PAGE = b'<!doctype html><html lang="en"><head></head><body></body></html>'


def test_the_language_is_the_url_s_then_the_browser_s():
    assert page_language(b"lang=zh", "en-US,en;q=0.9") == "zh"
    assert page_language(b"lang=en", "zh-CN,zh;q=0.9") == "en"
    assert page_language(b"", "zh-CN,zh;q=0.9") == "zh"
    assert page_language(b"", "en-GB") == "en" and page_language(b"", "") == "en"
    assert page_language(b"lang=fr", "zh-TW") == "zh"  # an unknown value: as the app, the browser's language
    assert page_language(b"present=1&lang=zh", "") == "zh"


def test_only_the_html_element_changes():
    assert html_with_language(PAGE, "zh") == PAGE.replace(b'lang="en"', b'lang="zh-Hans"')
    assert html_with_language(PAGE, "en") == PAGE


def serve(content_type: bytes, body_parts, query: bytes, extra: list | None = None):
    """Run the middleware around a small ASGI app; return (the request headers it saw, what was sent)."""
    seen, sent = {}, []

    async def app(scope, receive, send):
        seen["headers"] = scope["headers"]
        headers = [(b"content-type", content_type), (b"etag", b'"abc"'), (b"content-length", b"999"), *(extra or [])]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        for i, part in enumerate(body_parts):
            await send({"type": "http.response.body", "body": part, "more_body": i < len(body_parts) - 1})

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "query_string": query, "headers": [(b"if-none-match", b'"abc"')]}
    run_sync(PageLanguage(app)(scope, None, send))
    return seen["headers"], sent


def test_a_chinese_page_is_served_as_chinese_without_stale_cache_headers():
    request, sent = serve(b"text/html; charset=utf-8", [PAGE[:20], PAGE[20:]], b"lang=zh")
    assert request == []  # no conditional request: a cached English page must not come back as 304
    start, body = sent
    assert b"".join([body["body"]]) == PAGE.replace(b'lang="en"', b'lang="zh-Hans"')
    headers = dict(start["headers"])
    assert headers[b"content-length"] == str(len(body["body"])).encode() and b"etag" not in headers


def test_other_responses_pass_untouched():
    for content_type, query, extra in (
        (b"application/json", b"lang=zh", None),  # not a page
        (b"text/html", b"lang=en", None),  # already English
        (b"text/html", b"lang=zh", [(b"content-encoding", b"gzip")]),  # compressed: left as it is
    ):
        _, sent = serve(content_type, [PAGE], query, extra)
        assert sent[-1]["body"] == PAGE
        assert dict(sent[0]["headers"])[b"content-length"] == b"999"
