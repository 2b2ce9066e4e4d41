"""`dashboard/server.py`'s app with its background warm-up held until a file exists (tests/test_readiness.py).

`/ready` can then be seen while the warm-up has not finished and again after it, whichever thread would have
been faster. Served by `streamlit run tests/held_warmup_server.py` with CDMM_WARMUP_GATE naming the file; the
warm-up gives up (and `/ready` stays 503) if the file has not appeared within ten minutes."""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402

from dashboard import api, server, warmup  # noqa: E402
from dashboard.page_language import PageLanguage  # noqa: E402
from dashboard.ui import readiness  # noqa: E402

GATE = Path(os.environ["CDMM_WARMUP_GATE"])
_warm_all = warmup.warm_all


def _held_warm_all() -> None:
    deadline = time.monotonic() + 600
    while not GATE.exists():
        if time.monotonic() > deadline:
            raise RuntimeError(f"the test never created {GATE}")
        time.sleep(0.05)
    _warm_all()


warmup.warm_all = _held_warm_all

# The same app as dashboard/server.py's, built here: `streamlit run` serves an `st.App(...)` only when the
# script itself calls it (`app = server.app` was served as a plain script, without /ready). Keep in step.
app = st.App(
    server.ENTRY_SCRIPT,
    lifespan=server.lifespan,
    routes=[*api.routes(), *readiness.routes()],
    middleware=[Middleware(PageLanguage)],
)
