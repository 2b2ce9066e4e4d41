"""Compressed static assets: Streamlit's JavaScript and CSS bundles, gzip-compressed when the browser accepts
it (issue 24, item 6). Streamlit serves them uncompressed on purpose (its gzip middleware skips static paths:
compressing 4.7 MB on every request costs time and memory), so this middleware compresses each file once,
keeps the result, and answers from it: on a real network the first view sends about a third of the bytes.

An ASGI middleware of the server (dashboard/server.py gives it Streamlit's static folder). It only answers
a GET or HEAD of a file under `/static/` of that folder whose type compresses well, when `Accept-Encoding`
allows gzip and no `Range` is asked; everything else goes to Streamlit as before. The headers are
Streamlit's (its long-lived `immutable` caching of content-hashed bundles, `no-cache` otherwise) plus
`Content-Encoding: gzip`, `Vary: Accept-Encoding` and an ETag. Pure: no Streamlit."""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import anyio.to_thread

PREFIX = "/static/"
COMPRESSIBLE = {".js", ".css", ".json", ".svg", ".map", ".txt", ".html", ".mjs", ".ttf", ".otf"}
MIN_BYTES = 1024  # smaller files are sent as they are
LEVEL = 6
YEAR = 365 * 24 * 3600
HASHED = re.compile(r"\.[A-Za-z0-9_-]{8,}\.[a-z0-9]+$")  # index.BcD3fG_h.js: a content-hashed bundle


@dataclass(frozen=True)
class Compressed:
    body: bytes
    etag: str
    media_type: str
    size: int  # the file's size uncompressed


def accepts_gzip(header: str) -> bool:
    """Whether an Accept-Encoding header allows gzip (`gzip`, `gzip;q=0.5` or `*`; not `gzip;q=0`)."""
    allowed = False
    for part in header.split(","):
        token, _, params = part.strip().partition(";")
        token = token.strip().casefold()
        q = 1.0
        match = re.search(r"q\s*=\s*([0-9.]+)", params)
        if match:
            try:
                q = float(match.group(1))
            except ValueError:
                q = 0.0
        if token == "gzip":
            return q > 0
        if token == "*":
            allowed = q > 0
    return allowed


def cache_control(name: str) -> str:
    """Streamlit's rule: content-hashed bundles live in caches for a year, anything else is revalidated."""
    return f"public, immutable, max-age={YEAR}" if HASHED.search(name) else "no-cache"


class StaticGzip:
    """The middleware. `directory`: Streamlit's static folder (the one it serves at `/`)."""

    def __init__(self, app, directory: str | os.PathLike[str] | None = None) -> None:
        self.app = app
        self.root = Path(directory).resolve() if directory else None
        self._cache: dict[str, Compressed | None] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def _file(self, path: str) -> Path | None:
        if self.root is None or not path.startswith(PREFIX) or ".." in path or "\\" in path:
            return None
        candidate = (self.root / path.lstrip("/")).resolve()
        if not candidate.is_relative_to(self.root) or candidate.suffix not in COMPRESSIBLE:
            return None
        return candidate if candidate.is_file() else None

    def compressed(self, file: Path) -> Compressed | None:
        """The file compressed, built once (one builder per file; the others wait for it)."""
        key = str(file)
        if key in self._cache:
            return self._cache[key]
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._cache:
                raw = file.read_bytes()
                if len(raw) < MIN_BYTES:
                    self._cache[key] = None
                else:
                    body = gzip.compress(raw, compresslevel=LEVEL, mtime=0)
                    media = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
                    if media.startswith("text/") or media in ("application/javascript", "application/json"):
                        media += "; charset=utf-8"
                    etag = '"' + hashlib.sha256(raw).hexdigest()[:20] + '-gz"'
                    self._cache[key] = Compressed(body, etag, media, len(raw))
            return self._cache[key]

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        path = scope.get("path", "")
        file = self._file(path) if "range" not in headers and accepts_gzip(headers.get("accept-encoding", "")) else None
        found = await anyio.to_thread.run_sync(self.compressed, file) if file is not None else None
        if found is None:
            await self.app(scope, receive, send)
            return
        common = [
            (b"content-encoding", b"gzip"),
            (b"vary", b"Accept-Encoding"),
            (b"etag", found.etag.encode()),
            (b"cache-control", cache_control(path).encode()),
            (b"x-content-type-options", b"nosniff"),
        ]
        if found.etag in [tag.strip() for tag in headers.get("if-none-match", "").split(",")]:
            await send({"type": "http.response.start", "status": 304, "headers": common})
            await send({"type": "http.response.body", "body": b""})
            return
        start = [
            (b"content-type", found.media_type.encode()),
            (b"content-length", str(len(found.body)).encode()),
            *common,
        ]
        await send({"type": "http.response.start", "status": 200, "headers": start})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else found.body})
