"""The data routes cannot hurt the viewers (issue 24, item 1; dashboard/data_limits.py): a repeated or
conditional request is answered from a bounded cache of whole responses without building anything, at most
a few responses are built at once, and a full queue is a 503 with Retry-After at once."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware

from bench.streamlit_client import run_sync
from dashboard import api, data_limits
from dashboard.data_limits import BodyCache, DataLimits, Entry
from tests import asgi


class Counting:
    """A stand-in route: counts the bodies it builds, each taking `seconds` in a worker thread."""

    def __init__(self, seconds: float = 0.0) -> None:
        self.built = 0
        self.running = 0
        self.most = 0
        self.seconds = seconds

    async def __call__(self, scope, receive, send) -> None:
        self.running += 1
        self.most = max(self.most, self.running)
        try:
            await asyncio.to_thread(time.sleep, self.seconds)
            self.built += 1
            body = f"body of {scope['path']}?{scope['query_string'].decode()}".encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"etag", b'"v1-abc"'), (b"content-length", str(len(body)).encode())],
                }
            )
            await send({"type": "http.response.body", "body": body})
        finally:
            self.running -= 1


def test_a_repeated_request_is_answered_from_the_cache():
    route = Counting()
    app = DataLimits(route)

    async def run():
        first = await asgi.respond(app, asgi.scope("/data/observations.csv", "metric=a&kind=reported"))
        again = await asgi.respond(
            app, asgi.scope("/data/observations.csv", "kind=reported&metric=a")
        )  # same, reordered
        other = await asgi.respond(app, asgi.scope("/data/observations.csv", "metric=b"))
        return first, again, other

    first, again, other = run_sync(run())
    assert first[0] == again[0] == 200 and first[2] == again[2]
    assert route.built == 2, "the reordered query was not built again; the other one was"
    assert other[2] != first[2]


def test_a_conditional_request_is_a_304_without_building_anything():
    route = Counting()
    app = DataLimits(route)

    async def run():
        await asgi.respond(app, asgi.scope("/data/sources.csv"))
        return await asgi.respond(app, asgi.scope("/data/sources.csv", headers={"If-None-Match": '"v1-abc"'}))

    status, headers, body = run_sync(run())
    assert status == 304 and body == b"" and headers["etag"] == '"v1-abc"'
    assert route.built == 1


def test_the_first_conditional_request_fills_the_cache_too():
    route = Counting()
    app = DataLimits(route)

    async def run():
        one = await asgi.respond(app, asgi.scope("/data/sources.csv", headers={"If-None-Match": '"v1-abc"'}))
        two = await asgi.respond(app, asgi.scope("/data/sources.csv"))
        return one, two

    one, two = run_sync(run())
    assert one[0] == 304 and two[0] == 200 and route.built == 1


def test_at_most_a_few_bodies_are_built_at_once_and_a_full_queue_is_a_503():
    route = Counting(seconds=0.3)
    app = DataLimits(route, workers=2, queue=3)

    async def run():
        return await asyncio.gather(
            *(asgi.respond(app, asgi.scope("/data/observations.csv", f"metric=m{i}")) for i in range(10))
        )

    answers = run_sync(run())
    codes = [a[0] for a in answers]
    assert route.most <= 2, route.most
    assert codes.count(200) == 5 and codes.count(503) == 5, codes
    busy = next(a for a in answers if a[0] == 503)
    assert busy[1]["retry-after"] and busy[1]["cache-control"] == "no-store"


def test_other_paths_and_methods_pass_through():
    route = Counting()
    app = DataLimits(route)

    async def run():
        for _ in range(3):
            await asgi.respond(app, asgi.scope("/ready"))
            await asgi.respond(app, asgi.scope("/data/sources.csv", method="POST"))

    run_sync(run())
    assert route.built == 6


def test_the_cache_is_bounded_by_bytes():
    cache = BodyCache(limit=1000)
    for i in range(10):
        cache.put(("k", i), Entry(200, [], b"x" * 300))
    assert cache.size <= 1000 and len(cache) == 3
    assert cache.get(("k", 9)) is not None and cache.get(("k", 0)) is None
    cache.put(("big",), Entry(200, [], b"x" * 5000))
    assert cache.get(("big",)) is None, "a body larger than the cache is sent, not kept"


def test_the_real_routes_answer_the_same_through_the_limits():
    plain = Starlette(routes=api.routes())
    limited = Starlette(routes=api.routes(), middleware=[Middleware(DataLimits)])

    async def run():
        out = []
        for path, query in (
            ("/data/observations.csv", "area=ai_datasets"),
            ("/data/observations.json", "metric=hqds_count"),
            ("/data/sources.csv", ""),
            ("/data/observations.csv", "area=bogus"),
        ):
            a = await asgi.respond(plain, asgi.scope(path, query))
            b = await asgi.respond(limited, asgi.scope(path, query))
            c = await asgi.respond(limited, asgi.scope(path, query))
            out.append((a, b, c))
        return out

    for a, b, c in run_sync(run()):
        assert a[0] == b[0] == c[0]
        assert a[2] == b[2] == c[2]
        assert a[1].get("etag") == b[1].get("etag") == c[1].get("etag")


def test_a_304_costs_at_most_a_fifth_of_a_200():
    limited = DataLimits(Starlette(routes=api.routes()))
    query = "area=ai_datasets,data_market"
    path = "/data/observations.csv"

    async def run():
        await asgi.respond(limited, asgi.scope(path, "metric=hqds_count"))  # the tables read, the view built
        built = 0.0
        for _ in range(3):
            limited.cache.clear()
            cpu = time.process_time()
            _, headers, _ = await asgi.respond(limited, asgi.scope(path, query))
            built += time.process_time() - cpu
        cpu = time.process_time()
        for _ in range(30):
            status, _, _ = await asgi.respond(
                limited, asgi.scope(path, query, headers={"If-None-Match": headers["etag"]})
            )
            assert status == 304
        return built / 3, (time.process_time() - cpu) / 30

    cost_200, cost_304 = run_sync(run())
    assert cost_304 <= cost_200 / 5, (cost_200, cost_304)


def test_the_server_wraps_the_data_routes():
    source = Path(data_limits.__file__).with_name("server.py").read_text(encoding="utf-8")
    assert "Middleware(DataLimits" in source
