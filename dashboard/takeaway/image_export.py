"""Server-side rendering in the system's Chromium, through Kaleido: every chart on a page as PNG (a zip),
the pictures of a slide deck, and a print-styled HTML page as PDF (the one-page briefs). Offered only
where that browser exists; one Chromium is started on first use and kept, and its work is done one job
at a time. The browser's own camera button remains the way to save one chart.

Kaleido reloads its page (and with it plotly.js) after every image, which costs more than drawing the
image. Plotly's `toImage` on a figure object keeps no state between calls, so this renderer keeps the
page and reloads it only every RELOAD_EVERY images (bench/deck.py measures the difference).
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import io
import os
import shutil
import threading
import zipfile
from typing import Any

from dashboard import settings
from dashboard.charts import Chart

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
RELOAD_EVERY = 100  # images drawn in one page before it is reloaded (bounds what a long-lived page holds)
TIMEOUT = 120  # seconds for one job (a whole deck's pictures, or one PDF)


class _Exporter:
    """The process's one browser: what was found at start-up, and the Kaleido running in a thread of its
    own (an asyncio loop). Every field is read and written under `lock`, which also makes jobs one at a time."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.browser: str | None = None
        self.detected = False
        self.loop: asyncio.AbstractEventLoop | None = None
        self.kaleido: Any = None  # Kaleido's browser object, once started


_EXPORTER = _Exporter()


def chromium_path() -> str | None:
    configured = settings.value(settings.BROWSER_PATH)
    if configured and os.path.exists(configured):
        return configured
    return next((p for p in CHROMIUM_CANDIDATES if os.path.exists(p)), None) or shutil.which("chromium")


def detect() -> None:
    """Look for Kaleido and a browser once (the start-up path calls this) and remember the answer."""
    try:
        import kaleido  # noqa: F401
    except ImportError:
        browser = None
    else:
        browser = chromium_path()
    with _EXPORTER.lock:
        _EXPORTER.browser, _EXPORTER.detected = browser, True


def available() -> bool:
    """Whether charts can be exported on the server (decided once, at start-up)."""
    if not _EXPORTER.detected:
        detect()
    return _EXPORTER.browser is not None


def _kaleido_class():
    import kaleido  # imported by the start-up path already; this only binds the name

    class KeptPage(kaleido.Kaleido):
        """Kaleido that keeps its page between images (reloading it every RELOAD_EVERY images)."""

        drawn = 0

        async def _return_kaleido_tab(self, tab) -> None:
            self.drawn += 1
            if self.drawn % RELOAD_EVERY == 0:
                await tab.reload()
            await self.tabs_ready.put(tab)

    return KeptPage


def _run(coroutine):
    """Run a coroutine on the browser's loop (starting the browser the first time); the caller holds the lock."""
    if _EXPORTER.kaleido is None:
        loop = asyncio.new_event_loop()
        threading.Thread(target=loop.run_forever, name="chromium-export", daemon=True).start()

        async def start():
            browser = _kaleido_class()(path=_EXPORTER.browser, n=1)
            await browser.open()
            return browser

        try:
            _EXPORTER.kaleido = asyncio.run_coroutine_threadsafe(start(), loop).result(TIMEOUT)
        except BaseException:
            loop.call_soon_threadsafe(loop.stop)
            raise
        _EXPORTER.loop = loop
        atexit.register(_stop)
    running = _EXPORTER.loop
    assert running is not None  # set above, under the lock
    return asyncio.run_coroutine_threadsafe(coroutine, running).result(TIMEOUT)


def _stop() -> None:
    with _EXPORTER.lock:
        if _EXPORTER.kaleido is not None and _EXPORTER.loop is not None:
            with contextlib.suppress(Exception):  # the process is ending; Chromium goes with it
                asyncio.run_coroutine_threadsafe(_EXPORTER.kaleido.close(), _EXPORTER.loop).result(10)
            _EXPORTER.loop.call_soon_threadsafe(_EXPORTER.loop.stop)
            _EXPORTER.kaleido = _EXPORTER.loop = None


def render(
    figures: list, *, format: str = "png", scale: float = 2, width: int | None = None, height: int | None = None
) -> list[bytes]:
    """Several figures as images (PNG or SVG), in one job."""
    if not available():
        raise RuntimeError("server-side export needs Kaleido and Chromium")
    opts = {
        "format": format,
        "scale": scale,
        **({"width": width} if width else {}),
        **({"height": height} if height else {}),
    }

    async def draw_all():
        return [await _EXPORTER.kaleido.calc_fig(figure, opts=opts) for figure in figures]

    with _EXPORTER.lock:
        return _run(draw_all())


EXPORT_WIDTH = 1280  # px before scaling: the width of a slide's content area


def png(chart: Chart, scale: int = 2) -> bytes:
    """One chart as PNG, EXPORT_WIDTH wide at `scale` times (its source footnote included)."""
    return render([chart.figure], scale=scale, width=EXPORT_WIDTH)[0]


def charts_zip(charts: list[Chart], lang: str) -> bytes:
    """Every chart of a page, each as `<chart>-<lang>.png`, in one zip."""
    images = render([chart.figure for chart in charts], width=EXPORT_WIDTH)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for chart, image in zip(charts, images, strict=True):
            bundle.writestr(f"{chart.export_name(lang)}.png", image)
    return buffer.getvalue()


# PDF ----------------------------------------------------------------------------------------------

A4_INCHES = (8.27, 11.69)

# Runs in the page before printing: wait for the fonts, then while the page is taller than one sheet, step
# the body to its next tighter level (`fit-1`, `fit-2`, ...: smaller type, fewer lines; the page's CSS says
# what each level does). Returns the level used and whether the page fits.
_FIT_SCRIPT = """
(async () => {
  await document.fonts.ready;
  const limit = PAGE_PX, levels = LEVELS;
  let level = 0;
  const tall = () => document.documentElement.scrollHeight > limit + 1;
  while (tall() && level < levels) {
    document.body.classList.remove('fit-' + level);
    level += 1;
    document.body.classList.add('fit-' + level);
    await new Promise(r => requestAnimationFrame(() => r()));
  }
  return JSON.stringify({level: level, fits: !tall()});
})()
"""


def pdf(html: str, *, fit_levels: int = 0) -> tuple[bytes, dict]:
    """A print-styled HTML page as an A4 PDF (fonts embedded by Chromium), with the page's own fit levels
    tried in turn until it fits one sheet (see _FIT_SCRIPT). Returns the PDF and {"level", "fits"}."""
    import base64
    import json

    if not available():
        raise RuntimeError("server-side PDF needs Kaleido and Chromium")

    async def print_page(url: str):
        browser = _EXPORTER.kaleido
        tab = await browser.create_tab("")
        try:
            await tab.send_command("Page.enable")
            loaded = tab.subscribe_once("Page.loadEventFired")
            await tab.send_command("Page.navigate", params={"url": url})
            await loaded
            await tab.send_command("Emulation.setEmulatedMedia", params={"media": "print"})
            # A4 at 96 px per inch, as the print layout measures it
            await tab.send_command(
                "Emulation.setDeviceMetricsOverride",
                params={
                    "width": round(A4_INCHES[0] * 96),
                    "height": round(A4_INCHES[1] * 96),
                    "deviceScaleFactor": 1,
                    "mobile": False,
                },
            )
            script = _FIT_SCRIPT.replace("PAGE_PX", str(round(A4_INCHES[1] * 96))).replace("LEVELS", str(fit_levels))
            answer = await tab.send_command(
                "Runtime.evaluate", params={"expression": script, "awaitPromise": True, "returnByValue": True}
            )
            fitted = json.loads(answer["result"]["result"]["value"])
            await tab.send_command("Emulation.clearDeviceMetricsOverride")
            printed = await tab.send_command(
                "Page.printToPDF",
                params={
                    "paperWidth": A4_INCHES[0],
                    "paperHeight": A4_INCHES[1],
                    "marginTop": 0,
                    "marginBottom": 0,
                    "marginLeft": 0,
                    "marginRight": 0,
                    "printBackground": True,
                    "preferCSSPageSize": True,
                },
            )
            if "error" in printed:
                raise RuntimeError(f"Chromium could not print the page: {printed['error']}")
            return base64.b64decode(printed["result"]["data"]), fitted
        finally:
            await browser.close_tab(tab)

    # The page travels as a data: URL (it needs nothing else: its chart is inline SVG), so no file is written.
    url = "data:text/html;charset=utf-8;base64," + base64.b64encode(html.encode("utf-8")).decode("ascii")
    with _EXPORTER.lock:
        return _run(print_page(url))
