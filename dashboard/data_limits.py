"""The data routes cannot hurt the viewers (issue 24, item 1): an ASGI middleware around `/data/` (see
dashboard/server.py) that keeps the pages' script runs first.

- A bounded cache of whole responses, keyed by the dataset version served, the path, the normalised query
  string, whether the client accepts gzip and the day (file names carry the date). A repeated request, or
  a conditional one whose `If-None-Match` names the cached ETag (`304`), is answered from it at once,
  without any pandas work: the ETag is known before a body is built for every request but the first of
  its kind per version. Bounded by bytes (LRU); a new version makes the old entries unreachable.
- A limit on the work itself: at most `WORKERS` data responses are built at once (each builds in a worker
  thread, off the event loop, and holds the interpreter while pandas runs: more at once would only take
  turns from the viewers' script runs), at most `QUEUE` more wait for a turn; beyond that, `503` with
  `Retry-After` at once, rather than a queue without bound.

What a route answers (its headers, ETag, status) is api.py's; this module only decides when it runs and
keeps what it answered. Pure: no Streamlit."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass

PREFIX = "/data/"
WORKERS = 2  # data responses built at once
QUEUE = 16  # more waiting for a turn; beyond that, 503
RETRY_AFTER = "2"
CACHE_BYTES = 64 * 1024 * 1024  # every cached body together
ENTRY_BYTES = 8 * 1024 * 1024  # a larger body is sent, not kept


@dataclass(frozen=True)
class Entry:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes

    @property
    def etag(self) -> str:
        for name, value in self.headers:
            if name.lower() == b"etag":
                return value.decode("latin-1")
        return ""


class BodyCache:
    """Responses by key, least recently used first out, at most `limit` bytes of bodies in all."""

    def __init__(self, limit: int = CACHE_BYTES) -> None:
        self.limit = limit
        self.size = 0
        self._entries: OrderedDict[tuple, Entry] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: tuple) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, key: tuple, entry: Entry) -> None:
        if len(entry.body) > min(ENTRY_BYTES, self.limit):
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.size -= len(old.body)
            self._entries[key] = entry
            self.size += len(entry.body)
            while self.size > self.limit:
                _, dropped = self._entries.popitem(last=False)
                self.size -= len(dropped.body)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.size = 0

    def __len__(self) -> int:
        return len(self._entries)


def _version_id() -> str:
    from dashboard import data

    try:
        return data.current_version().id
    except Exception:  # noqa: BLE001 - no version: nothing is cached under it
        return ""


def _accepts_gzip(value: str) -> bool:
    from dashboard.compression import accepts_gzip

    return accepts_gzip(value)


class DataLimits:
    """The middleware. Only GET and HEAD under /data/ are touched; anything else passes through."""

    def __init__(self, app, workers: int = WORKERS, queue: int = QUEUE, cache_bytes: int = CACHE_BYTES) -> None:
        self.app = app
        self.workers, self.queue = workers, queue
        self.cache = BodyCache(cache_bytes)
        self._slots: asyncio.Semaphore | None = None
        self.waiting = 0
        self.refused = 0

    def key(self, scope, headers: dict[str, str]) -> tuple:
        pairs = sorted(scope.get("query_string", b"").decode("latin-1").split("&"))
        return (
            _version_id(),
            scope.get("path", ""),
            "&".join(p for p in pairs if p),
            _accepts_gzip(headers.get("accept-encoding", "")),
            dt.date.today().isoformat(),
        )

    async def __call__(self, scope, receive, send) -> None:
        if (
            scope["type"] != "http"
            or scope.get("method") not in ("GET", "HEAD")
            or not scope.get("path", "").startswith(PREFIX)
        ):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        cacheable = "range" not in headers and "if-range" not in headers
        key = self.key(scope, headers) if cacheable else None  # a dict lookup once a version is held
        entry = self.cache.get(key) if key is not None else None
        if entry is not None:
            await self._answer(entry, scope, headers, send)
            return
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.workers)
        if self._slots.locked() and self.waiting >= self.queue:
            self.refused += 1
            await _busy(send)
            return
        self.waiting += 1
        try:
            await self._slots.acquire()
        finally:
            self.waiting -= 1
        try:
            if key is not None and (entry := self.cache.get(key)) is not None:  # built while this one waited
                await self._answer(entry, scope, headers, send)
                return
            await self._build(scope, receive, send, key, headers)
        finally:
            self._slots.release()

    async def _build(self, scope, receive, send, key, headers: dict[str, str]) -> None:
        """Run the route as a plain GET (no If-None-Match: the whole answer), keep a 200 for the next asks,
        and answer this one from it (304 when its If-None-Match names the ETag; no body for HEAD)."""
        if key is None:
            await self.app(scope, receive, send)
            return
        plain = dict(scope)
        plain["method"] = "GET"
        plain["headers"] = [(k, v) for k, v in scope.get("headers", []) if k.lower() != b"if-none-match"]
        started: dict = {}
        parts: list[bytes] = []

        async def capture(message) -> None:
            if message["type"] == "http.response.start":
                started.update(message)
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))

        await self.app(plain, receive, capture)
        entry = Entry(started.get("status", 500), list(started.get("headers", [])), b"".join(parts))
        if entry.status == 200 and not any(name.lower() == b"set-cookie" for name, _ in entry.headers):
            self.cache.put(key, entry)
        if entry.status == 200:
            await self._answer(entry, scope, headers, send)
            return
        await send({"type": "http.response.start", "status": entry.status, "headers": entry.headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else entry.body})

    async def _answer(self, entry: Entry, scope, headers: dict[str, str], send) -> None:
        tags = [tag.strip().removeprefix("W/") for tag in headers.get("if-none-match", "").split(",") if tag.strip()]
        if entry.etag and (entry.etag.removeprefix("W/") in tags or "*" in tags):
            kept = [(n, v) for n, v in entry.headers if n.lower() not in (b"content-length", b"content-type")]
            await send({"type": "http.response.start", "status": 304, "headers": kept})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": entry.status, "headers": entry.headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else entry.body})


async def _busy(send) -> None:
    body = b"The data routes are busy; try again in a moment.\n"
    await send(
        {
            "type": "http.response.start",
            "status": 503,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"retry-after", RETRY_AFTER.encode()),
                (b"cache-control", b"no-store"),
                (b"access-control-allow-origin", b"*"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
