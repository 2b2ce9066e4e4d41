"""The first view on a real network: the measures behind `python bench/run.py --throttle`.

Chromium's network emulation (DevTools `Network.emulateNetworkConditions`) gives every request the
profile of an office link, by default 20 Mbit/s down, 10 Mbit/s up and a 40 ms round trip. A new browser
context (empty cache) opens the page; measured are the seconds until the first chart is drawn and until
every chart is drawn and the page is still (`tests/serving.wait_rendered`), and the bytes over the wire:
HTTP responses as Chromium received them (`encodedDataLength`: compressed size and headers) and the
websocket messages (their payload).

Side by side in one run, against one fresh server of the app and one of the bare page (bench/bare_app.py,
the framework's floor with the same elements):
  - the app as served (its static bundles gzip-compressed when the browser accepts it, dashboard/compression.py);
  - the app with `Accept-Encoding: identity`, as Streamlit alone sends its bundles (uncompressed);
  - the bare page (plain `streamlit run`, bundles uncompressed).
"""

from __future__ import annotations

import base64
import statistics
import time

from tests.serving import CHROMIUM, CHROMIUM_ARGS, streamlit_server, wait_rendered

FIRST_CHART = '[data-testid="stPlotlyChart"] .main-svg'
TARGET_MB, TARGET_S = 2.5, 3.9  # issue 24: at most 2.5 MB over the wire, at most 3.9 s to the overview's charts


def profile(mbit_down: float, rtt_ms: float, mbit_up: float | None = None) -> dict:
    """DevTools network conditions: throughput in bytes per second, latency in ms (added to every request)."""
    up = mbit_up if mbit_up is not None else mbit_down / 2
    return {
        "offline": False,
        "latency": rtt_ms,
        "downloadThroughput": mbit_down * 1_000_000 / 8,
        "uploadThroughput": up * 1_000_000 / 8,
    }


def first_view(browser, url: str, conditions: dict, identity: bool = False, timeout_s: float = 120) -> dict:
    """One first view of `url` in a new context under `conditions`: seconds to the first chart and to the
    whole page, bytes over HTTP and over the websocket."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="en-US")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", conditions)
    if identity:
        cdp.send("Network.setExtraHTTPHeaders", {"headers": {"Accept-Encoding": "identity"}})
    http = {"bytes": 0.0, "requests": 0}
    socket = {"bytes": 0}

    def finished(event: dict) -> None:
        http["bytes"] += event.get("encodedDataLength", 0)
        http["requests"] += 1

    def frame(event: dict) -> None:
        response = event.get("response", {})
        payload = response.get("payloadData", "")
        socket["bytes"] += len(base64.b64decode(payload)) if response.get("opcode") == 2 else len(payload.encode())

    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.webSocketFrameReceived", frame)
    start = time.perf_counter()
    page.goto(url, timeout=timeout_s * 1000)
    first_chart = None
    try:
        page.wait_for_selector(FIRST_CHART, timeout=timeout_s * 1000)
        first_chart = time.perf_counter() - start
    except Exception:  # noqa: BLE001 - a page without charts (the bare page may have none drawn yet)
        first_chart = float("nan")
    settled = wait_rendered(page, timeout_s)
    whole = settled if settled is not None else float("nan")  # wait_rendered counts from its own start
    if settled is not None and first_chart == first_chart:  # not NaN: add the time to the first chart
        whole += first_chart
    context.close()
    return {
        "first_chart_s": first_chart,
        "rendered_s": whole,
        "http_bytes": http["bytes"],
        "http_requests": http["requests"],
        "websocket_bytes": socket["bytes"],
        "total_bytes": http["bytes"] + socket["bytes"],
    }


def _median(runs: list[dict]) -> dict:
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def run(bare_env: dict, mbit: float = 20, rtt_ms: float = 40, repeats: int = 3, pages: tuple = ("/", "/ai-datasets")):
    """Every first view of the module docstring, `repeats` times each, interleaved; medians."""
    from playwright.sync_api import sync_playwright

    conditions = profile(mbit, rtt_ms)
    samples: dict[str, list[dict]] = {}
    with (
        streamlit_server() as (app, _),
        streamlit_server("bench/bare_app.py", env=bare_env) as (bare, _),
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        cases = [(f"app {p}, as served", app + p, False) for p in pages]
        cases += [(f"app {p}, uncompressed (Accept-Encoding: identity)", app + p, True) for p in pages]
        cases += [("bare page /", bare + "/", False)]
        for url in {url for _, url, _ in cases}:  # warm the servers' caches and the compressed bundles
            first_view(browser, url, profile(1000, 0))
        for _ in range(repeats):
            for name, url, identity in cases:
                samples.setdefault(name, []).append(first_view(browser, url, conditions, identity))
        browser.close()
    results = {name: _median(runs) for name, runs in samples.items()}
    overview = results.get("app /, as served")
    targets = {}
    if overview:
        targets = {
            "overview: at most 2.5 MB over the wire": {
                "value": overview["total_bytes"] / 1e6,
                "target": TARGET_MB,
                "met": overview["total_bytes"] / 1e6 <= TARGET_MB,
            },
            "overview: every chart drawn within 3.9 s": {
                "value": overview["rendered_s"],
                "target": TARGET_S,
                "met": overview["rendered_s"] <= TARGET_S,
            },
        }
    return {
        "profile": {"mbit_down": mbit, "mbit_up": mbit / 2, "rtt_ms": rtt_ms},
        "repeats": repeats,
        "results": results,
        "targets": targets,
    }


def report(out: dict) -> str:
    p = out["profile"]
    lines = [
        f"First view, Chromium network emulation {p['mbit_down']:g} Mbit/s down, {p['mbit_up']:g} up, "
        f"{p['rtt_ms']:g} ms; empty cache; medians of {out['repeats']}",
        "",
        "| first view | first chart (s) | every chart drawn (s) | HTTP (MB, requests) | websocket (MB) | total (MB) |",
        "|---|---|---|---|---|---|",
    ]
    for name, r in out["results"].items():
        lines.append(
            f"| {name} | {r['first_chart_s']:.2f} | {r['rendered_s']:.2f} | {r['http_bytes'] / 1e6:.2f}, "
            f"{r['http_requests']:.0f} | {r['websocket_bytes'] / 1e6:.2f} | {r['total_bytes'] / 1e6:.2f} |"
        )
    lines.append("")
    for name, target in out["targets"].items():
        lines.append(f"- {'met' if target['met'] else 'MISSED'}: {name} (measured {target['value']:.2f})")
    return "\n".join(lines)
