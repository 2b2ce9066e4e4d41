"""A soak: one fresh server under viewers and /data clients together for a while, its memory sampled.

    python bench/soak.py [--minutes 10] [--viewers 10] [--data-clients 20] [--json out.json]

Starts `streamlit run dashboard/server.py` (with the environment's settings; MALLOC_ARENA_MAX as set, see
deploy/cdmm-dashboard.service), waits for /ready, then keeps `--viewers` protocol-level viewers walking
every page and `--data-clients` clients fetching /data/ (bench/load.py's mixed mode) for `--minutes`,
sampling the server's RSS every few seconds. Prints the RSS after the first minute, its maximum and its
value at the end, and whether it stayed flat: the last minute's mean within 10 % of the second minute's
(reported; the exit status is 1 only when a script run failed). Only for servers on this machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.load import data_client, run_load  # noqa: E402
from tests.serving import streamlit_server, wait_ready  # noqa: E402

FLAT = 0.10


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def soak(base: str, pid: int, seconds: float, viewers: int, clients: int, every: float) -> dict:
    stop = asyncio.Event()
    seen: dict = {}
    samples: list[tuple[float, float]] = []
    runs = {"ok": 0, "failed": 0}
    start = time.monotonic()

    async def viewing() -> None:
        while not stop.is_set():
            for _, result in await run_load(base, viewers, timeout=600):
                runs["ok" if result.ok else "failed"] += 1

    async def sampling() -> None:
        while not stop.is_set():
            samples.append((time.monotonic() - start, rss_mb(pid)))
            await asyncio.sleep(every)

    tasks = [asyncio.create_task(data_client(base, i, stop, seen)) for i in range(clients)]
    tasks += [asyncio.create_task(viewing()), asyncio.create_task(sampling())]
    await asyncio.sleep(seconds)
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    samples.append((time.monotonic() - start, rss_mb(pid)))

    def mean_between(a: float, b: float) -> float:
        values = [mb for t, mb in samples if a <= t < b] or [samples[-1][1]]
        return statistics.mean(values)

    second = mean_between(60, 120) if seconds >= 120 else mean_between(0, seconds / 2)
    last = mean_between(seconds - 60, seconds + 1) if seconds >= 120 else mean_between(seconds / 2, seconds + 1)
    return {
        "seconds": seconds,
        "viewers": viewers,
        "data_clients": clients,
        "script_runs": runs,
        "data": {str(k): len(v) for k, v in seen.items()},
        "rss_samples": samples,
        "rss_after_first_minute_mb": mean_between(50, 70) if seconds >= 70 else samples[0][1],
        "rss_max_mb": max(mb for _, mb in samples),
        "rss_end_mb": samples[-1][1],
        "rss_second_minute_mb": second,
        "rss_last_minute_mb": last,
        "flat": last <= second * (1 + FLAT),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--viewers", type=int, default=10)
    parser.add_argument("--data-clients", type=int, default=20)
    parser.add_argument("--every", type=float, default=5.0, help="seconds between RSS samples")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with streamlit_server() as (base, proc):
        wait_ready(base)
        result = asyncio.run(soak(base, proc.pid, args.minutes * 60, args.viewers, args.data_clients, args.every))
    print(
        f"{args.minutes:g} min, {args.viewers} viewers and {args.data_clients} /data clients: "
        f"{result['script_runs']['ok']} script runs ({result['script_runs']['failed']} failed), data requests "
        f"{result['data']}; RSS after the first minute {result['rss_after_first_minute_mb']:.0f} MB, max "
        f"{result['rss_max_mb']:.0f} MB, at the end {result['rss_end_mb']:.0f} MB; last minute "
        f"{result['rss_last_minute_mb']:.0f} MB against the second {result['rss_second_minute_mb']:.0f} MB: "
        f"{'flat' if result['flat'] else 'GROWING'} (within {FLAT:.0%})"
    )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 1 if result["script_runs"]["failed"] else 0  # the memory verdict is reported, not asserted


if __name__ == "__main__":
    sys.exit(main())
