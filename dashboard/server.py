"""The server: `streamlit run dashboard/server.py`.

An ASGI app (Streamlit's `st.App`) around the entry script `dashboard/app.py`. Its lifespan runs the
start-up path (`dashboard.ui.startup.prepare`) in the main thread before Uvicorn accepts a connection, so that
no viewer's run imports a module for the first time or decides what the machine can do. `streamlit run`
finds the `app` object below and serves it with the settings in `.streamlit/config.toml`. Its middleware
keeps the data routes from taking the viewers' share (dashboard/data_limits.py), sets the page's
`<html lang>` and sends Streamlit's static bundles gzip-compressed (dashboard/compression.py).
"""

from __future__ import annotations

import sys
from contextlib import asynccontextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402
from streamlit import file_util  # noqa: E402

from dashboard import api  # noqa: E402
from dashboard.compression import StaticGzip  # noqa: E402
from dashboard.data_limits import DataLimits  # noqa: E402
from dashboard.page_language import PageLanguage  # noqa: E402
from dashboard.ui import readiness  # noqa: E402

ENTRY_SCRIPT = Path(__file__).with_name("app.py")


@asynccontextmanager
async def lifespan(_app):
    from dashboard.ui import startup

    startup.prepare()  # blocking on purpose: nothing is served until every module is imported
    yield


app = st.App(
    ENTRY_SCRIPT,
    lifespan=lifespan,
    routes=[*api.routes(), *readiness.routes()],
    middleware=[
        Middleware(DataLimits),  # /data/: a cache of whole responses, a few built at once, 503 beyond a short queue
        Middleware(PageLanguage),  # <html lang> of the language the page is shown in
        *(Middleware(m) for m in api.MIDDLEWARE),  # the data routes' Vary, nosniff and gzip rules
        Middleware(StaticGzip, directory=file_util.get_static_dir()),  # Streamlit's bundles, gzip-compressed
    ],
)
