"""The language of the served page: `<html lang>` in the HTML page a URL opens.

Streamlit serves one `index.html`, with `<html lang="en">`, for every page and language, so a Chinese page
would be announced to screen readers as English (WCAG 2.1, 3.1.1 Language of Page). This ASGI middleware
(`dashboard/server.py` installs it) rewrites that attribute in the HTML it serves, for the language the
page will be shown in: `?lang=` when the URL names a language, else the browser's first preference
(`Accept-Language`), as the entry script decides (`ui.state.language_widget`). It adds no script and
touches nothing but that HTML page.

What it cannot do: the language switch in the sidebar changes the language without loading the page again,
so after a switch the attribute keeps the language the page was opened in (`docs/accessibility.md`)."""

from __future__ import annotations

from urllib.parse import parse_qs

from dashboard.i18n import LANGS, t

SERVED = b'<html lang="en">'  # what Streamlit's index.html says
_CONDITIONAL = (b"if-none-match", b"if-modified-since")  # a cached page may be in the other language
_REPLACED = (b"content-length", b"etag", b"last-modified")


def page_language(query_string: bytes, accept_language: str) -> str:
    """The language (one of LANGS) a request's page is shown in."""
    asked = parse_qs(query_string.decode("latin-1")).get("lang", [])
    if asked and asked[-1] in LANGS:
        return asked[-1]
    first = accept_language.split(",")[0].split(";")[0].strip().lower()
    return "zh" if first.startswith("zh") else "en"


def html_with_language(html: bytes, lang: str) -> bytes:
    """The page with its `<html lang>` set to the language's tag."""
    return html.replace(SERVED, f'<html lang="{t("html.lang", lang)}">'.encode(), 1)


def _header(headers, name: bytes) -> bytes:
    return next((value for key, value in headers if key.lower() == name), b"")


class PageLanguage:
    """ASGI middleware: HTML pages get the `<html lang>` of the language they will be shown in."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        headers = scope.get("headers", [])
        lang = page_language(scope.get("query_string", b""), _header(headers, b"accept-language").decode("latin-1"))
        if lang == LANGS[0]:  # Streamlit's page already says English
            await self.app(scope, receive, send)
            return
        scope = {**scope, "headers": [(k, v) for k, v in headers if k.lower() not in _CONDITIONAL]}
        start: dict | None = None
        body: list[bytes] = []

        async def rewrite(message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                found = message.get("headers", [])
                if _header(found, b"content-type").startswith(b"text/html") and not _header(found, b"content-encoding"):
                    start = message  # held until the body is complete
                    return
            elif message["type"] == "http.response.body" and start is not None:
                body.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                html = html_with_language(b"".join(body), lang)
                kept = [(k, v) for k, v in start.get("headers", []) if k.lower() not in _REPLACED]
                kept += [(b"content-length", str(len(html)).encode()), (b"vary", b"Accept-Language")]
                await send({**start, "headers": kept})
                await send({"type": "http.response.body", "body": html, "more_body": False})
                return
            await send(message)

        await self.app(scope, receive, rewrite)
