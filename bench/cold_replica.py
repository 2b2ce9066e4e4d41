"""A replica started cold and hit at once, against the same replica warm.

    python bench/cold_replica.py [--viewers 20] [--trials 3] [--json out.json]

Starts a fresh server (`streamlit run dashboard/server.py`, with the DATASETS_URI of the environment), and
as soon as it accepts connections (its start-up path has run; its warm-up of the other languages and
themes has just begun) sends `--viewers` protocol-level viewers, half in English and half in Chinese, each
walking every page (bench/load.py). Then it waits for /ready and sends the same crowd again: the warm
replica's figures. Repeated over `--trials` fresh servers; prints the p50 and p95 of every run of each
crowd (and the medians over the trials) and whether the cold p95 is within 2x the warm one. Exits 1 if
any run failed. Only for servers on this machine.
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

from bench.load import pct, run_load, summarise  # noqa: E402
from tests.serving import streamlit_server, wait_ready  # noqa: E402

TARGET = 2.0


def crowd(base: str, viewers: int) -> dict:
    results = asyncio.run(run_load(base, viewers, timeout=900, queries=("lang=en", "lang=zh")))
    seconds = [r.seconds for _, r in results]
    _, bad = summarise(results)
    return {
        "runs": len(results),
        "failed": bad,
        "p50_ms": pct(seconds, 50) * 1000,
        "p95_ms": pct(seconds, 95) * 1000,
        "max_ms": max(seconds) * 1000,
    }


def trial(viewers: int) -> dict:
    started = time.perf_counter()
    with streamlit_server() as (base, _proc):
        accepting = time.perf_counter() - started
        cold = crowd(base, viewers)
        wait_ready(base)
        ready = time.perf_counter() - started
        warm = crowd(base, viewers)
    return {"accepting_s": accepting, "ready_s": ready, "cold": cold, "warm": warm}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--viewers", type=int, default=20)
    parser.add_argument("--trials", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    trials = []
    for number in range(args.trials):
        result = trial(args.viewers)
        trials.append(result)
        cold, warm = result["cold"], result["warm"]
        print(
            f"trial {number + 1}: accepting after {result['accepting_s']:.1f} s, ready after {result['ready_s']:.1f} s; "
            f"cold p50 {cold['p50_ms']:.0f} / p95 {cold['p95_ms']:.0f} ms; warm p50 {warm['p50_ms']:.0f} / "
            f"p95 {warm['p95_ms']:.0f} ms; failed runs {cold['failed'] + warm['failed']}",
            flush=True,
        )
    cold_p95 = statistics.median(t["cold"]["p95_ms"] for t in trials)
    warm_p95 = statistics.median(t["warm"]["p95_ms"] for t in trials)
    ratio = cold_p95 / warm_p95
    failed = sum(t["cold"]["failed"] + t["warm"]["failed"] for t in trials)
    verdict = "met" if ratio <= TARGET else "MISSED"
    print(
        f"median over {len(trials)} trials: cold p95 {cold_p95:.0f} ms, warm p95 {warm_p95:.0f} ms: "
        f"{ratio:.2f}x ({verdict}, target <= {TARGET}x); {failed} failed runs"
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "trials": trials,
                    "cold_p95_ms": cold_p95,
                    "warm_p95_ms": warm_p95,
                    "ratio": ratio,
                    "met": ratio <= TARGET,
                },
                indent=2,
            )
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
