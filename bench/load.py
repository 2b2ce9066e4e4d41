"""Load test: many protocol-level viewers at once, each opening every page, with a bounded time.

    python bench/load.py --url http://127.0.0.1:8501 [--viewers 20] [--timeout 120]
    python bench/load.py --url http://127.0.0.1:8501 --viewers 30 --data-clients 20 [--rounds 3]

With --data-clients (mixed mode), the same viewers run alone and then while that many clients fetch
/data/ in a loop (cheap GETs over the explorer's filters, every other one conditional with the ETag it
got), alternately for --rounds rounds, in one run; it prints the viewers' p50 and p95 in both and their
ratio (target: with the data clients, p95 at most 1.5x alone), the data requests answered (200, 304,
503) and the mean latency of a 200 and of a 304 as the clients saw it.

Prints one line per page (runs, failures, p95) and exits 1 if any run raised an exception, showed an
error, or timed out. Only for servers on this machine or your own test hosts.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.streamlit_client import RunResult, StreamlitSession  # noqa: E402
from dashboard.navigation import PAGES  # noqa: E402


async def viewer(base: str, pages: list[str], query: str) -> list[tuple[str, RunResult]]:
    results = []
    async with StreamlitSession(base) as session:
        for page in pages:
            results.append((page, await session.run(page, query)))
    return results


async def run_load(
    base: str, viewers: int = 20, timeout: float = 120.0, query: str = "", queries: tuple[str, ...] | None = None
) -> list[tuple[str, RunResult]]:
    """`viewers` sessions at once, each running every page in turn (each starting at a different page).
    With `queries`, viewer i sends queries[i % len(queries)] (e.g. half in English, half in Chinese)."""
    paths = [p.url_path for p in PAGES]
    orders = [paths[i % len(paths) :] + paths[: i % len(paths)] for i in range(viewers)]
    queries = queries or (query,)
    batches = await asyncio.wait_for(
        asyncio.gather(*(viewer(base, order, queries[i % len(queries)]) for i, order in enumerate(orders))), timeout
    )
    return [item for batch in batches for item in batch]


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of some values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q / 100 * (len(ordered) - 1) + 0.5))] if ordered else float("nan")


def summarise(results: list[tuple[str, RunResult]]) -> tuple[list[str], int]:
    lines, bad = [], 0
    for path in [p.url_path for p in PAGES]:
        runs = [r for page, r in results if page == path]
        failures = [r for r in runs if not r.ok or r.page_not_found]
        bad += len(failures)
        p95 = pct([r.seconds for r in runs], 95)
        detail = "; ".join({(r.exceptions or r.errors or [r.status])[0][:120] for r in failures})
        lines.append(f"/{path:22} runs {len(runs):3}  failures {len(failures):2}  p95 {p95 * 1000:6.0f} ms  {detail}")
    every = [r.seconds for _, r in results]
    lines.append(
        f"{'every page':23} runs {len(every):3}  p50 {pct(every, 50) * 1000:6.0f} ms  p95 {pct(every, 95) * 1000:6.0f} ms"
    )
    return lines, bad


# Mixed mode ----------------------------------------------------------------------------------------

DATA_QUERIES = (
    "/data/observations.csv?metric=hqds_count",
    "/data/observations.csv?area=ai_datasets",
    "/data/observations.json?kind=reported",
    "/data/observations.csv?area=data_market&kind=derived",
    "/data/sources.csv",
    "/data/metrics.csv",
    "/data/observations.parquet?place=national",
    "/data/feed.xml?area=ai_datasets",
)


async def http_get(base: str, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict, float]:
    """One GET over a fresh connection: (status, headers, seconds)."""
    host, port = base.split("://", 1)[1].split(":")
    start = time.perf_counter()
    reader, writer = await asyncio.open_connection(host, int(port))
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}", "Connection: close", "Accept-Encoding: gzip"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
    await writer.drain()
    raw = await reader.read()
    writer.close()
    head = raw.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    status = int(head[0].split()[1])
    found = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in head[1:])}
    return status, found, time.perf_counter() - start


async def data_client(base: str, index: int, stop: asyncio.Event, seen: dict) -> None:
    etags: dict[str, str] = {}
    i = index
    while not stop.is_set():
        path = DATA_QUERIES[i % len(DATA_QUERIES)]
        conditional = i % 2 == 1 and path in etags
        try:
            status, headers, seconds = await http_get(
                base, path, {"If-None-Match": etags[path]} if conditional else None
            )
        except OSError:
            seen.setdefault("errors", []).append(1)
            await asyncio.sleep(0.1)
            continue
        if status == 200 and "etag" in headers:
            etags[path] = headers["etag"]
        seen.setdefault(status, []).append(seconds)
        if status == 503:
            await asyncio.sleep(float(headers.get("retry-after", "1")))
        i += 1


async def mixed_round(base: str, viewers: int, clients: int, timeout: float) -> tuple[list[float], dict]:
    stop, seen = asyncio.Event(), {}
    tasks = [asyncio.create_task(data_client(base, i, stop, seen)) for i in range(clients)]
    try:
        results = await run_load(base, viewers, timeout)
    finally:
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
    return [r.seconds for _, r in results if r.ok], seen


def mixed(base: str, viewers: int, clients: int, rounds: int, timeout: float) -> dict:
    """Viewers alone and with data clients, alternately, `rounds` times each (after one warming round)."""
    asyncio.run(mixed_round(base, min(viewers, 5), 0, timeout))
    alone: list[float] = []
    loaded: list[float] = []
    seen: dict = {}
    for _ in range(rounds):
        alone += asyncio.run(mixed_round(base, viewers, 0, timeout))[0]
        times, got = asyncio.run(mixed_round(base, viewers, clients, timeout))
        loaded += times
        for key, values in got.items():
            seen.setdefault(key, []).extend(values)
    out = {
        "viewers": viewers,
        "data_clients": clients,
        "rounds": rounds,
        "alone_p50_s": pct(alone, 50),
        "alone_p95_s": pct(alone, 95),
        "mixed_p50_s": pct(loaded, 50),
        "mixed_p95_s": pct(loaded, 95),
        "runs": [len(alone), len(loaded)],
        "data": {str(k): len(v) for k, v in seen.items()},
        "data_200_ms": 1000 * sum(seen.get(200, [])) / max(len(seen.get(200, [])), 1),
        "data_304_ms": 1000 * sum(seen.get(304, [])) / max(len(seen.get(304, [])), 1),
    }
    out["p95_ratio"] = out["mixed_p95_s"] / out["alone_p95_s"]
    return out


def mixed_report(r: dict) -> str:
    return "\n".join(
        [
            f"{r['viewers']} viewers, {r['rounds']} rounds each: alone p50 {r['alone_p50_s']:.2f} s, "
            f"p95 {r['alone_p95_s']:.2f} s; with {r['data_clients']} /data clients p50 {r['mixed_p50_s']:.2f} s, "
            f"p95 {r['mixed_p95_s']:.2f} s; ratio of p95 {r['p95_ratio']:.2f} "
            f"({'met' if r['p95_ratio'] <= 1.5 else 'MISSED'}, target <= 1.5)",
            f"data requests by status: {r['data']}; mean latency of a 200 {r['data_200_ms']:.1f} ms, "
            f"of a 304 {r['data_304_ms']:.1f} ms",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8501")
    parser.add_argument("--viewers", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--query", default="", help="query string sent with every run, e.g. lang=zh")
    parser.add_argument("--both-languages", action="store_true", help="half the viewers in English, half in Chinese")
    parser.add_argument("--data-clients", type=int, default=0, help="mixed mode: this many /data clients")
    parser.add_argument("--rounds", type=int, default=3, help="mixed mode: rounds alone and with data clients")
    parser.add_argument("--json", help="mixed mode: write the figures here")
    args = parser.parse_args()
    if args.data_clients:
        result = mixed(args.url, args.viewers, args.data_clients, args.rounds, args.timeout)
        print(mixed_report(result))
        if args.json:
            Path(args.json).write_text(json.dumps(result, indent=2))
        return 0
    start = time.perf_counter()
    queries = ("lang=en", "lang=zh") if args.both_languages else None
    results = asyncio.run(run_load(args.url, args.viewers, args.timeout, args.query, queries))
    lines, bad = summarise(results)
    print("\n".join(lines))
    print(f"{len(results)} runs by {args.viewers} viewers in {time.perf_counter() - start:.1f} s; {bad} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
