"""How the cost of every page grows with the data: the measures behind `python bench/run.py --scale 1,10,100`.

For each scale k, `bench/scale.py` generates and builds k-times data in a temporary folder (the build is
timed), and the app is pointed at it with DATASETS_URI. Then, per page:

  - first view: the page's first script run when nothing built from the data is cached yet (the tables
    are read, the libraries warm), as after a new dataset version arrives or on a replica whose warm-up
    has not reached that page. Measured in a fresh process per scale, with AppTest, after the start-up
    path's imports and rehearsal; every store of `dashboard.cache` is emptied before each page.
  - warm run: the median of several AppTest runs once the page's caches are built (the method of
    bench/RESULTS.md).
  - bytes: what a real server (`streamlit run`, protocol-level client) sends a new viewer for the page's
    first run, and for a repeat run in the same session (where the browser's message cache applies).

Also per scale: the process's start-up rehearsal (one language and theme of every page), the warm-up of
every language and theme from empty caches, and the time a fresh server takes to answer /ready.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

# (label, page script relative to the entry script or None for the default page, query parameters, URL path)
EXTRA_PAGES = (
    ("/indicator?id=hqds_count", "../pages/indicator.py", {"id": "hqds_count"}, "indicator", "id=hqds_count"),
)


def page_list() -> list[tuple[str, str | None, dict, str, str]]:
    from dashboard.navigation import PAGES

    pages = [("/" + p.url_path, None if not p.url_path else f"../pages/{p.script}", {}, p.url_path, "") for p in PAGES]
    return [*pages, *EXTRA_PAGES]


# In the worker process ---------------------------------------------------------------------------


def _empty_caches() -> None:
    from dashboard import cache

    for store in cache._REGISTRY:
        store.clear()


def worker(folder: str, runs: int, only: list[str] | None = None) -> dict:
    """Run in a fresh process (see `measure_pages`): first view and warm runs of every page."""
    os.environ["DATASETS_URI"] = folder
    os.environ["DATASETS_CHECK_SECONDS"] = "0"
    from dashboard import data, warmup
    from dashboard.i18n import LANGS
    from dashboard.takeaway import image_export
    from dashboard.theme import THEMES
    from dashboard.ui import startup

    out: dict = {"pages": {}}
    startup.configure_runtime()
    startup._import_all()
    image_export.detect()
    start = time.perf_counter()
    data.current_version().load_all()
    out["read_s"] = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    startup.rehearse()
    out["rehearsal_s"], out["rehearsal_cpu_s"] = time.perf_counter() - start, time.process_time() - cpu
    startup._done.set()  # the start-up path has run: the entry script goes straight on
    warmup._started.set()  # no background warm-up: it would build what the pages are timed building
    warmup.done.set()
    _empty_caches()
    start, cpu = time.perf_counter(), time.process_time()
    for theme in THEMES:
        for lang in LANGS:
            warmup.warm(lang, theme)
    out["warmup_s"], out["warmup_cpu_s"] = time.perf_counter() - start, time.process_time() - cpu

    from streamlit.testing.v1 import AppTest

    entry = str(REPO / "dashboard" / "app.py")
    for label, script, query, _, _ in page_list():
        if only and label not in only:
            continue
        at = AppTest.from_file(entry, default_timeout=600)
        at.run()
        for key, value in query.items():
            at.query_params[key] = value
        if script:
            at.switch_page(script)
        _empty_caches()
        start, cpu = time.perf_counter(), time.process_time()
        at.run()
        first, first_cpu = time.perf_counter() - start, time.process_time() - cpu
        failed = [e.value for e in at.exception] + [e.value for e in at.error]
        at.run()
        at.run()
        times, cpus = [], []
        for _ in range(runs):
            start, cpu = time.perf_counter(), time.process_time()
            at.run()
            times.append(time.perf_counter() - start)
            cpus.append(time.process_time() - cpu)
        out["pages"][label] = {
            "first_s": first,
            "first_cpu_s": first_cpu,
            "warm_s": statistics.median(times),
            "warm_cpu_s": statistics.median(cpus),
            "problems": failed[:3],
        }
    return out


def measure_pages(folder: str, runs: int = 7, only: list[str] | None = None) -> dict:
    """`worker` in a fresh Python process for `folder`; its result."""
    with tempfile.NamedTemporaryFile("r", suffix=".json") as result:
        command = [
            sys.executable,
            "-m",
            "bench.scaling",
            "--folder",
            folder,
            "--runs",
            str(runs),
            "--json",
            result.name,
        ]
        if only:
            command += ["--only", ",".join(only)]
        subprocess.run(command, cwd=REPO, check=True, stdout=subprocess.DEVNULL)
        return json.loads(Path(result.name).read_text())


# Against a real server ---------------------------------------------------------------------------


def measure_server(folder: str, only: list[str] | None = None) -> dict:
    """A fresh server on `folder`: the time until it accepts connections (its start-up path has run by
    then), each page's first run by a new viewer right after that (the warm-up still running), the time
    until /ready; then, warm, per page: the bytes and latency of a new viewer's first run and of a repeat
    run in the same session."""
    from bench.streamlit_client import StreamlitSession
    from tests.serving import streamlit_server, wait_ready

    env = {"DATASETS_URI": folder, "DATASETS_CHECK_SECONDS": "0"}
    out: dict = {"pages": {}}
    started = time.perf_counter()
    with streamlit_server(env=env) as (base, _proc):
        out["accepting_s"] = time.perf_counter() - started

        async def cold() -> None:
            for label, _, _, path, query in page_list():
                if only and label not in only:
                    continue
                async with StreamlitSession(base) as session:
                    first = await session.run(path, query, timeout=600)
                out["pages"].setdefault(label, {})["cold_first_s"] = first.seconds
                out["pages"][label]["cold_ok"] = first.ok

        asyncio.run(cold())
        wait_ready(base, timeout=600)
        out["ready_s"] = time.perf_counter() - started

        async def warm() -> None:
            for label, _, _, path, query in page_list():
                if only and label not in only:
                    continue
                async with StreamlitSession(base) as session:
                    first = await session.run(path, query, timeout=600)
                    repeats = [await session.run(path, query, timeout=600) for _ in range(5)]
                out["pages"][label].update(
                    {
                        "first_bytes": first.bytes_received,
                        "first_s": first.seconds,
                        "ok": first.ok and all(r.ok for r in repeats),
                        "repeat_bytes": statistics.median(r.bytes_received for r in repeats),
                        "repeat_s": statistics.median(r.seconds for r in repeats),
                    }
                )

        asyncio.run(warm())
    return out


def _median_of(runs: list[dict], *path) -> float | None:
    values = []
    for run in runs:
        value = run
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            values.append(value)
    return statistics.median(values) if values else None


def run(scales: list[float], repeats: int = 1, runs: int = 7, only: list[str] | None = None) -> dict:
    """Everything `report` prints, for each scale: the build, the page measures (medians over `repeats`;
    the scales are interleaved in each repeat, so that all see the same machine)."""
    import platform
    import shutil

    from bench import scale
    from dashboard.curation.build import build as build_tables

    folders, facts = {}, {}
    for k in scales:
        print(f"generating and building {k:g}x data ...", file=sys.stderr)
        folders[k], facts[k] = scale.build(k)
    page_runs: dict = {k: [] for k in scales}
    server_runs: dict = {k: [] for k in scales}
    builds: dict = {k: [] for k in scales}
    try:
        for repeat in range(repeats):
            for k in scales:
                print(f"repeat {repeat + 1}/{repeats}, {k:g}x: build, pages, server ...", file=sys.stderr)
                start = time.perf_counter()
                build_tables(folders[k] / "curated", folders[k])
                builds[k].append(time.perf_counter() - start)
                page_runs[k].append(measure_pages(str(folders[k]), runs, only))
                server_runs[k].append(measure_server(str(folders[k]), only))
    finally:
        for folder in folders.values():
            shutil.rmtree(folder, ignore_errors=True)
    out: dict = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average_at_end": os.getloadavg(),
        },
        "repeats": repeats,
        "scales": {},
    }
    labels = [p[0] for p in page_list() if not only or p[0] in only]
    for k in scales:
        entry = {"rows": facts[k]["rows"], "build_s": statistics.median(builds[k])}
        for key in ("read_s", "rehearsal_s", "rehearsal_cpu_s", "warmup_s", "warmup_cpu_s"):
            entry[key] = _median_of(page_runs[k], key)
        for key in ("accepting_s", "ready_s"):
            entry[key] = _median_of(server_runs[k], key)
        entry["pages"] = {}
        for label in labels:
            page = {
                key: _median_of(page_runs[k], "pages", label, key)
                for key in ("first_s", "first_cpu_s", "warm_s", "warm_cpu_s")
            }
            for key in ("cold_first_s", "first_bytes", "repeat_bytes", "repeat_s"):
                page["server_" + key] = _median_of(server_runs[k], "pages", label, key)
            page["problems"] = [p for r in page_runs[k] for p in r["pages"].get(label, {}).get("problems", [])][:3]
            page["server_ok"] = all(
                r["pages"].get(label, {}).get("ok", False) and r["pages"][label].get("cold_ok") for r in server_runs[k]
            )
            entry["pages"][label] = page
        out["scales"][f"{k:g}"] = entry
    out["targets"] = targets(out)
    return out


WARM_TARGET, FIRST_TARGET = 1.5, 2.0


def targets(results: dict) -> dict:
    """Per page, the largest scale against the smallest: warm run within 1.5x, first view within 2x (on
    CPU time: the machine is shared, and wall time there mostly measures the other work)."""
    keys = list(results["scales"])
    if len(keys) < 2:
        return {}
    base, top = results["scales"][keys[0]], results["scales"][keys[-1]]
    out = {}
    for label, page in top["pages"].items():
        small = base["pages"][label]
        warm = page["warm_cpu_s"] / small["warm_cpu_s"] if small["warm_cpu_s"] else float("nan")
        first = page["first_cpu_s"] / small["first_cpu_s"] if small["first_cpu_s"] else float("nan")
        fresh_small = (base["accepting_s"] or 0) + (small["server_cold_first_s"] or 0)
        fresh_top = (top["accepting_s"] or 0) + (page["server_cold_first_s"] or 0)
        out[label] = {
            "warm_ratio": warm,
            "warm_met": warm <= WARM_TARGET,
            "first_ratio": first,
            "first_met": first <= FIRST_TARGET,
            "fresh_server_ratio": fresh_top / fresh_small if fresh_small else float("nan"),
            "fresh_server_met": fresh_small > 0 and fresh_top <= FIRST_TARGET * fresh_small,
        }
    return out


def _fmt(value, scale: float = 1.0, digits: int = 0) -> str:
    return "–" if value is None else f"{value * scale:,.{digits}f}"


def report(results: dict) -> str:
    keys = list(results["scales"])
    scales = results["scales"]
    head = " / ".join(f"{k}×" for k in keys)
    lines = [
        f"Machine: {results['machine']}; medians of {results['repeats']} repeat(s)",
        "",
        f"| per scale ({head}) | " + " | ".join(f"{k}×" for k in keys) + " |",
        "|---|" + "---|" * len(keys),
    ]

    def row(name, fn):
        lines.append(f"| {name} | " + " | ".join(fn(scales[k]) for k in keys) + " |")

    row(
        "observations / metrics / sources / places",
        lambda e: "{observations:,} / {metrics:,} / {sources:,} / {places:,}".format(**e["rows"]),
    )
    row("curation build (s)", lambda e: _fmt(e["build_s"], digits=1))
    row("reading the tables (s)", lambda e: _fmt(e["read_s"], digits=2))
    row(
        "start-up rehearsal, one language and theme (s wall / CPU)",
        lambda e: f"{_fmt(e['rehearsal_s'], digits=1)} / {_fmt(e['rehearsal_cpu_s'], digits=1)}",
    )
    row(
        "warm-up, every language and theme (s wall / CPU)",
        lambda e: f"{_fmt(e['warmup_s'], digits=1)} / {_fmt(e['warmup_cpu_s'], digits=1)}",
    )
    row("fresh server: accepting connections (s)", lambda e: _fmt(e["accepting_s"], digits=1))
    row("fresh server: /ready (s)", lambda e: _fmt(e["ready_s"], digits=1))
    lines += [
        "",
        "Per page, " + head + ": warm run (AppTest, ms CPU, wall in brackets); first view from empty "
        "caches (AppTest, ms CPU); first view on a fresh server (s: start to the page's first run); bytes "
        "a new viewer receives; bytes of a repeat run.",
        "",
        "| page | warm run (ms) | first view, empty caches (ms) | first view, fresh server (s) | "
        "bytes, new viewer | bytes, repeat run |",
        "|---|---|---|---|---|---|",
    ]
    for label in scales[keys[0]]["pages"]:
        pages = [scales[k]["pages"][label] for k in keys]
        warm = " / ".join(f"{_fmt(p['warm_cpu_s'], 1000, 1)} ({_fmt(p['warm_s'], 1000, 0)})" for p in pages)
        first = " / ".join(_fmt(p["first_cpu_s"], 1000) for p in pages)
        fresh = " / ".join(
            _fmt((scales[k]["accepting_s"] or 0) + (p["server_cold_first_s"] or 0), digits=1)
            for k, p in zip(keys, pages, strict=True)
        )
        first_bytes = " / ".join(_fmt(p["server_first_bytes"]) for p in pages)
        repeat_bytes = " / ".join(_fmt(p["server_repeat_bytes"]) for p in pages)
        lines.append(f"| `{label}` | {warm} | {first} | {fresh} | {first_bytes} | {repeat_bytes} |")
    problems = [
        (k, label, p["problems"])
        for k in keys
        for label, p in scales[k]["pages"].items()
        if p["problems"] or not p["server_ok"]
    ]
    for k, label, found in problems:
        lines.append(f"- problem at {k}× on {label}: {found or 'a server run did not finish cleanly'}")
    if results.get("targets"):
        lines += ["", f"Targets, {keys[-1]}× against {keys[0]}× (CPU time):"]
        for label, target in results["targets"].items():
            lines.append(
                f"- `{label}`: warm run {target['warm_ratio']:.2f}× ({'met' if target['warm_met'] else 'MISSED'}"
                f", ≤ {WARM_TARGET}); first view from empty caches {target['first_ratio']:.2f}× "
                f"({'met' if target['first_met'] else 'MISSED'}, ≤ {FIRST_TARGET}); on a fresh server "
                f"{target['fresh_server_ratio']:.2f}× ({'met' if target['fresh_server_met'] else 'MISSED'})"
            )
    return "\n".join(lines)


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser(description="worker for bench/run.py --scale (one process per scale)")
    parser.add_argument("--folder", required=True)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", required=True)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    result = worker(args.folder, args.runs, [p for p in args.only.split(",") if p] or None)
    Path(args.json).write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
