"""Server-side export of every chart on a page as PNG (a zip), rendered by Kaleido in the system's
Chromium. Offered only where that browser exists; one Chromium is started on first use and kept, and
exports are made one at a time. The browser's own camera button remains the way to save one chart."""

from __future__ import annotations

import io
import os
import shutil
import threading
import zipfile

from dashboard.charts import Chart

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
_LOCK = threading.Lock()
_server_started = False


def chromium_path() -> str | None:
    configured = os.environ.get("BROWSER_PATH")
    if configured and os.path.exists(configured):
        return configured
    return next((p for p in CHROMIUM_CANDIDATES if os.path.exists(p)), None) or shutil.which("chromium")


def available() -> bool:
    try:
        import kaleido  # noqa: F401
    except ImportError:
        return False
    return chromium_path() is not None


EXPORT_WIDTH = 1280  # px before scaling: the width of a slide's content area


def png(chart: Chart, scale: int = 2) -> bytes:
    """One chart as PNG, EXPORT_WIDTH wide at `scale` times (its source footnote included)."""
    global _server_started
    import kaleido

    with _LOCK:
        if not _server_started:
            os.environ.setdefault("BROWSER_PATH", chromium_path() or "")
            kaleido.start_sync_server(silence_warnings=True)
            _server_started = True
        return kaleido.calc_fig_sync(chart.figure, opts={"format": "png", "scale": scale, "width": EXPORT_WIDTH})


def charts_zip(charts: list[Chart], lang: str) -> bytes:
    """Every chart of a page, each as `<chart>-<lang>.png`, in one zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for chart in charts:
            bundle.writestr(f"{chart.export_name(lang)}.png", png(chart))
    return buffer.getvalue()
