"""Call the data routes (`dashboard.api`) in-process, as an ASGI server would, without a network or a
Streamlit server: for tests of what a route answers. What only the real server adds (its gzip, its other
routes) is tested against `streamlit run` (tests/test_http.py)."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.middleware import Middleware

from bench.streamlit_client import run_sync
from dashboard import api


def app() -> Starlette:
    return Starlette(routes=api.routes(), middleware=[Middleware(m) for m in getattr(api, "MIDDLEWARE", ())])


def scope(path: str, query: str = "", method: str = "GET", headers: dict | None = None) -> dict:
    """The ASGI scope of one HTTP request to this path and query string, as Uvicorn would make it."""
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "server": ("localhost", 8501),
        "client": ("127.0.0.1", 40000),
        "root_path": "",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode("latin-1"),
        "headers": [
            (b"host", b"localhost:8501"),
            *((k.lower().encode(), v.encode()) for k, v in (headers or {}).items()),
        ],
    }


def call(url: str, method: str = "GET", headers: dict | None = None) -> tuple[int, dict[str, str], bytes]:
    """(status, headers with lower-case names; repeated ones joined by ', ', body) of one request to the
    routes of `app()`."""
    parts = urlsplit(url)
    return run_sync(respond(app(), scope(parts.path, parts.query, method, headers)))


async def respond(asgi_app, request: dict) -> tuple[int, dict[str, str], bytes]:
    """`asgi_app`'s answer to the request whose scope is `request`, as `call` returns it."""
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    await asgi_app(request, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    found: dict[str, str] = {}
    for key, value in start.get("headers", []):
        name = key.decode("latin-1").lower()
        found[name] = f"{found[name]}, {value.decode('latin-1')}" if name in found else value.decode("latin-1")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], found, body
