"""`/ready`: 503 until the start-up path and the background warm-up are done, then 200 (dashboard/ui/readiness.py)."""

import time
import urllib.error
import urllib.request

import pytest

from bench.streamlit_client import run_sync
from dashboard import data, warmup
from dashboard.ui import readiness, startup
from tests.serving import server_log, streamlit_server

pytestmark = pytest.mark.slow  # starts fresh servers or interpreters


def answer(monkeypatch, *, prepared: bool, warmed: bool):
    monkeypatch.setattr(startup, "prepared", lambda: prepared)
    event = warmup.done.__class__()
    if warmed:
        event.set()
    monkeypatch.setattr(warmup, "done", event)
    monkeypatch.setattr(warmup, "problem", None)
    data.current_version().load_all()  # as the background check does first in a server
    response = run_sync(readiness.ready(None))
    return response.status_code, response.body.decode()


def test_not_ready_until_start_up_and_warm_up_are_done(monkeypatch):
    code, body = answer(monkeypatch, prepared=False, warmed=False)
    assert code == 503 and body.startswith("starting")
    code, body = answer(monkeypatch, prepared=True, warmed=False)
    assert code == 503 and body.startswith("warming up")
    code, body = answer(monkeypatch, prepared=True, warmed=True)
    assert code == 200 and body.startswith("ready")


def test_the_route_is_outside_streamlits_reserved_prefixes():
    paths = [route.path for route in readiness.routes()]
    assert paths == ["/ready"]
    assert not any(p.startswith(("/_stcore/", "/_app/", "/static/", "/component/", "/media/")) for p in paths)


def status(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def test_a_real_server_is_ready_only_after_its_warm_up():
    with streamlit_server() as (base, proc):
        deadline = time.monotonic() + 180
        seen = []
        while time.monotonic() < deadline:
            code, body = status(base + "/ready")
            seen.append(code)
            if code == 200:
                break
            assert code == 503 and body.strip(), body
            time.sleep(0.1)
        assert seen[-1] == 200, "never ready"
        assert "warm-up done" in server_log(proc) or "warm-up stopped" in server_log(proc)
        assert body.startswith("ready: dataset version")
        assert status(base + "/_stcore/health") == (200, "ok")
