"""Load test: many protocol-level viewers at once, each opening every page, with a bounded time.

    python bench/load.py --url http://127.0.0.1:8501 [--viewers 20] [--timeout 120]

Prints one line per page (runs, failures, p95) and exits 1 if any run raised an exception, showed an
error, or timed out. Only for servers on this machine or your own test hosts.
"""

from __future__ import annotations

import argparse
import asyncio
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8501")
    parser.add_argument("--viewers", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--query", default="", help="query string sent with every run, e.g. lang=zh")
    parser.add_argument("--both-languages", action="store_true", help="half the viewers in English, half in Chinese")
    args = parser.parse_args()
    start = time.perf_counter()
    queries = ("lang=en", "lang=zh") if args.both_languages else None
    results = asyncio.run(run_load(args.url, args.viewers, args.timeout, args.query, queries))
    lines, bad = summarise(results)
    print("\n".join(lines))
    print(f"{len(results)} runs by {args.viewers} viewers in {time.perf_counter() - start:.1f} s; {bad} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
