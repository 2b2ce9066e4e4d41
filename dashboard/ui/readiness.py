"""Readiness of a replica: routes a load balancer or an orchestrator polls (see dashboard/server.py).

`/_stcore/health` (Streamlit's) answers `ok` as soon as the server accepts connections. `/ready` answers
200 only once this process is worth sending viewers to: the start-up path has run (every module imported,
the first figures built, `dashboard/ui/startup.py`) and the background warm-up has built every page's
figures in every language and theme (`dashboard/warmup.py`); before that, 503 with a short text and
`Retry-After`. Ready also means able to serve (`data.serving_problem`): every table of the served version
read and checked, the data location answering, the version's files on disk still matching its marker
(verified every DATASETS_VERIFY_SECONDS), and a warm-up that finished rather than stopped; otherwise 503
with the reason. It is a route of its own beside the health check; Streamlit reserves the `/_stcore/`,
`/_app/`, `/static/` and `/component/` prefixes for itself. The body and the `X-Dataset-Version` header
name the dataset version held.
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
    problem = data.serving_problem() or warmup.problem
    version = data.held_version()
    label = (version.label if version else "") or "?"
    if problem is not None:
        return False, f"not ready: {problem} (dataset version {label})"
    return True, f"ready: dataset version {label}"


def _version_label() -> str:
    from dashboard import data

    version = data.held_version()
    return (version.label if version else "") or ""


async def ready(_request: Request) -> PlainTextResponse:
    ok, line = status()
    headers = {"Cache-Control": "no-store"}
    if label := _version_label():
        headers["X-Dataset-Version"] = label  # every replica says which version it serves
    if not ok:
        headers["Retry-After"] = "1"
    return PlainTextResponse(line + "\n", status_code=200 if ok else 503, headers=headers)


def routes() -> list:
    return [Route(PATH, ready, methods=["GET"])]
