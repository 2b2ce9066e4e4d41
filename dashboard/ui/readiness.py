"""Readiness of a replica: routes a load balancer or an orchestrator polls (see dashboard/server.py).

`/_stcore/health` (Streamlit's) answers `ok` as soon as the server accepts connections. `/ready` answers
200 only once this process is worth sending viewers to: the start-up path has run (every module imported,
the first figures built, `dashboard/ui/startup.py`) and the background warm-up has built every page's
figures in every language and theme (`dashboard/warmup.py`); before that, 503 with a short text and
`Retry-After`. It is a route of its own beside the health check; Streamlit reserves the `/_stcore/`,
`/_app/`, `/static/` and `/component/` prefixes for itself. The body also names the dataset version held.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

PATH = "/ready"


def status() -> tuple[bool, str]:
    """(ready, one line saying why or why not)."""
    from dashboard import data, warmup
    from dashboard.ui import startup

    if not startup.prepared():
        return False, "starting: the start-up path is running"
    if not warmup.done.is_set():
        return False, "warming up: building every page's figures"
    version = data.held_version()
    problem = data.unreachable()
    line = f"ready: dataset version {(version.label if version else '') or '?'}"
    if problem is not None or (version is not None and version.provisional):
        line += " (the data location cannot be reached; the pages say so and the server keeps trying)"
    return True, line


async def ready(_request: Request) -> PlainTextResponse:
    ok, line = status()
    headers = {"Cache-Control": "no-store"}
    if not ok:
        headers["Retry-After"] = "1"
    return PlainTextResponse(line + "\n", status_code=200 if ok else 503, headers=headers)


def routes() -> list:
    return [Route(PATH, ready, methods=["GET"])]
