"""Server-side export of every chart on a page as PNG (a zip), rendered by Kaleido in the system's
Chromium. Offered only where that browser exists; one Chromium is started on first use and kept, and
exports are made one at a time. The browser's own camera button remains the way to save one chart."""

from __future__ import annotations

import io
import os
import shutil
import threading
import zipfile

from dashboard import settings
from dashboard.charts import Chart

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


class _Exporter:
    """The process's one Kaleido server: what was found at start-up, and whether the browser runs yet.
    Every field is read and written under `lock`."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.browser: str | None = None
        self.detected = False
        self.started = False


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


EXPORT_WIDTH = 1280  # px before scaling: the width of a slide's content area


def png(chart: Chart, scale: int = 2) -> bytes:
    """One chart as PNG, EXPORT_WIDTH wide at `scale` times (its source footnote included)."""
    import kaleido  # imported by the start-up path already; this only binds the name

    if not available():
        raise RuntimeError("server-side export needs Kaleido and Chromium")
    with _EXPORTER.lock:
        if not _EXPORTER.started:
            kaleido.start_sync_server(path=_EXPORTER.browser, silence_warnings=True)
            _EXPORTER.started = True
        return kaleido.calc_fig_sync(chart.figure, opts={"format": "png", "scale": scale, "width": EXPORT_WIDTH})


def charts_zip(charts: list[Chart], lang: str) -> bytes:
    """Every chart of a page, each as `<chart>-<lang>.png`, in one zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for chart in charts:
            bundle.writestr(f"{chart.export_name(lang)}.png", png(chart))
    return buffer.getvalue()
