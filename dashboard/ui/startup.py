"""The start-up path: what a server process does once, in its main thread, before it takes traffic.

Streamlit runs every viewer's script run in a thread of its own, and those threads share one interpreter.
A module imported for the first time inside one viewer's run is visible, half-initialised, to the other
viewers' threads while its import runs. Plotly's JSON encoder, for one, looks `PIL.Image` up in
`sys.modules` without importing it; when Kaleido's first import (which imports PIL) was still under way
in one run, another viewer's chart failed to serialise (issue 10). So everything a page run needs is
imported here, once, and the capability checks (Kaleido, Chromium) are made here and remembered.

`dashboard/server.py` calls `prepare()` from the ASGI lifespan, before Uvicorn accepts a connection. The
entry script calls `ensure()` first thing, so that a process started another way (AppTest,
`streamlit run dashboard/app.py`) runs the same path, under a lock, before any of its runs goes on.
`tests/import_audit.py` proves that no page run imports a module for the first time after this.
"""

from __future__ import annotations

import gc
import importlib
import logging
import threading

LOG = logging.getLogger("dashboard")

# Modules that page runs use, directly or through a library that imports them lazily. Importing the
# dashboard's own modules pulls in Streamlit, pandas, pyarrow and Plotly; the rest are imported by
# libraries on first use. `tests/import_audit.py` finds any that are missing from this list.
PRELOAD: tuple[str, ...] = (
    # Plotly's JSON encoding and the element that sends a figure
    "plotly.io",
    "plotly.io._json",
    "plotly.io.json",
    "orjson",
    "PIL",
    "PIL.Image",
    "streamlit.elements.plotly_chart",
    # icons of alerts and page links are checked against these tables, imported on first use
    "streamlit.emojis",
    "streamlit.material_icon_names",
    # pandas <-> Arrow for st.dataframe and the Parquet downloads
    "pyarrow.pandas_compat",
    "pyarrow.dataset",
    "pandas.core.reshape.reshape",
    # Plotly 6+ hands pandas data to narwhals
    "narwhals",
    "narwhals.stable.v1",
    # server-side PNG export (optional: present when Kaleido is installed)
    "kaleido",
    # the slide decks: python-pptx opens each picture with PIL, which loads its format plugins on first use;
    # the .pptx is a zip, whose member names need the cp437 codec
    "PIL.PngImagePlugin",
    "PIL.JpegImagePlugin",
    "PIL.BmpImagePlugin",
    "PIL.GifImagePlugin",
    "PIL.PpmImagePlugin",
    "encodings.cp437",
)
OPTIONAL = frozenset(
    {
        "kaleido",
        "PIL",
        "PIL.Image",
        "orjson",
        "PIL.PngImagePlugin",
        "PIL.JpegImagePlugin",
        "PIL.BmpImagePlugin",
        "PIL.GifImagePlugin",
        "PIL.PpmImagePlugin",
    }
)

# Test-harness modules that AppTest imports while it drives a run; not part of serving.
HARNESS_PREFIXES: tuple[str, ...] = ("streamlit.testing",)

_LOCK = threading.Lock()
_done = threading.Event()


def configure_runtime() -> None:
    """Interpreter settings for serving, set once from the start-up path (no import changes them).

    Each viewer's run allocates thousands of short-lived objects (elements, protobufs). With the default
    thresholds the collector runs many times a second on a busy server and lengthens the slowest runs; a
    larger first threshold keeps it to a few times a second (bench/RESULTS.md). The dashboard's own log
    lines (warm-up, data problems, failed sections) go to standard error beside Streamlit's."""
    gc.set_threshold(20_000, 20, 20)
    if not LOG.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        LOG.addHandler(handler)
        LOG.setLevel(logging.INFO)
        LOG.propagate = False


# Scripts, not modules: importing them would run them. And the curation tools that run offline (a page
# run only reads `curation.read` and `curation.rules`).
NOT_MODULES = frozenset(
    {
        "dashboard.app",
        "dashboard.server",
        "dashboard.curation.build",
        "dashboard.curation.cli",
        "dashboard.curation.docs",
        "dashboard.curation.publish",
        "dashboard.curation.verify",
    }
)


def dashboard_modules() -> list[str]:
    """Every module of the dashboard package and its subpackages (the pages import these); not the
    scripts, and not a package's `__main__` (importing it would run a command)."""
    import pkgutil

    import dashboard

    names = (m.name for m in pkgutil.walk_packages(dashboard.__path__, prefix="dashboard."))
    return sorted(n for n in names if n not in NOT_MODULES and not n.endswith(".__main__"))


def _import_all() -> list[str]:
    missing = []
    for name in dashboard_modules():
        importlib.import_module(name)
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:
            if name not in OPTIONAL:
                raise
            missing.append(name)
    return missing


def rehearse() -> None:
    """Build and send, once and in this thread, what a page run builds and sends, so that the libraries
    import what they import on first use (Plotly's trace and layout classes, narwhals' pandas backend,
    Arrow's pandas conversion) here and not in a viewer's run: one language and theme of every page's
    figures and view-models, each figure serialised as `st.plotly_chart` does, a table converted as
    `st.dataframe` does, and the explorer's downloads."""
    import plotly.io
    from streamlit import dataframe_util

    from dashboard import charts, export, figures, models, warmup
    from dashboard.data import DataFileError
    from dashboard.i18n import LANGS
    from dashboard.theme import THEMES

    try:
        built = warmup.warm(LANGS[0], THEMES[0])
        slid = set()
        for chart in built:  # as served, and (once per kind of figure) as presentation mode's larger copy
            plotly.io.to_json(chart.figure, validate=False)
            kinds = frozenset(trace.type for trace in chart.figure.data)
            if kinds not in slid:
                slid.add(kinds)
                plotly.io.to_json(charts.for_slides(chart.figure), validate=False)
        rows = figures.observation_view().head(3)
        dataframe_util.convert_pandas_df_to_arrow_bytes(models.table_rows(rows, LANGS[0]))
        export.csv_bytes(rows), export.parquet_bytes(rows), export.bundle_zip(rows, _rehearsal_meta(), "")
    except DataFileError as err:  # the pages that need the file will say so; their runs import what they need
        LOG.warning("start-up rehearsal stopped: %s", err)
    except Exception:  # noqa: BLE001 - data the build would refuse; each page then reports its own problem
        LOG.exception("start-up rehearsal failed; pages will build what they show on first view")


def _rehearsal_meta() -> dict:
    return {"licence": "", "licence_url": "", "licence_note": ""}


def prepare_all() -> bool:
    """The DASHBOARD_PREPARE setting: `first` (the default) builds one language and theme before the server
    accepts connections and the others in the background; `all` builds every language and theme first, so
    that a replica is warm from its first connection (it starts later: bench/RESULTS.md)."""
    from dashboard import settings

    raw = settings.value(settings.DASHBOARD_PREPARE).lower()
    if raw not in ("first", "all"):
        LOG.warning("%s=%r is neither first nor all; using first", settings.DASHBOARD_PREPARE.name, raw)
    return raw == "all"


def prepare(*, warm: bool = True) -> None:
    """Run the start-up path once per process: settings, imports, capability checks and a rehearsal of one
    language and theme; then (with `warm`) build the other languages and themes in the background. Safe to
    call again and from any thread: later callers wait until the first has finished."""
    if not _done.is_set():
        with _LOCK:
            if not _done.is_set():
                configure_runtime()
                missing = _import_all()
                from dashboard.takeaway import image_export

                image_export.detect()
                if missing:
                    LOG.info("optional modules not installed: %s", ", ".join(missing))
                rehearse()
                if prepare_all():  # every language and theme before the first connection (warmup.py)
                    from dashboard import warmup
                    from dashboard.data import DataFileError

                    try:
                        warmup.warm_all()
                    except DataFileError as err:  # the pages that need the file will say so
                        LOG.warning("start-up build stopped: %s", err)
                _done.set()
                LOG.info("start-up path done: modules imported, capabilities checked, first figures built")
    if warm:
        from dashboard import data, warmup

        warmup.start_once()
        data.start_checker()  # looks for a new dataset version every DATASETS_CHECK_SECONDS (data.py)


def ensure() -> None:
    """For the entry script: make sure the start-up path has run before this run goes on (a no-op once
    it has; other runs wait on the lock while it runs)."""
    prepare(warm=True)


def prepared() -> bool:
    return _done.is_set()
