"""`/ready`: 503 until the start-up path and the background warm-up are done, then 200 (dashboard/ui/readiness.py)."""

import threading
import time

import pytest

from bench.streamlit_client import run_sync
from dashboard import data, warmup
from dashboard.ui import readiness, startup
from tests.helpers import status
from tests.pages_helper import clear_caches
from tests.serving import server_log, streamlit_server


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


@pytest.mark.slow  # starts a fresh server
def test_a_real_server_is_ready_only_after_its_warm_up(tmp_path):
    """A real server (tests/held_warmup_server.py: dashboard/server.py's app, its warm-up held until the test
    lets it go) answers 503 while warming up, then 200 once the warm-up has finished: not stopped, not failed."""
    gate = tmp_path / "warm-up may start"
    with streamlit_server("tests/held_warmup_server.py", env={"CDMM_WARMUP_GATE": str(gate)}) as (base, proc):
        code, body = status(base + "/ready")
        assert code == 503 and body.startswith("warming up"), (code, body)
        gate.touch()
        deadline = time.monotonic() + 180
        while code != 200:
            assert time.monotonic() < deadline, f"not ready 180 s after the warm-up was let go: {code} {body}"
            time.sleep(0.1)
            code, body = status(base + "/ready")
            assert code in (200, 503) and body.strip(), (code, body)
        log = server_log(proc)
        assert "warm-up done" in log and "warm-up stopped" not in log and "warm-up failed" not in log, log[-2000:]
        assert body.startswith("ready: dataset version")
        assert status(base + "/_stcore/health") == (200, "ok")


# On broken data ------------------------------------------------------------------------------------------


@pytest.fixture
def warming(monkeypatch):
    """This process as a server whose start-up path has run and whose warm-up has not (a fresh `done`
    event); the warm-up is run by the test itself, in its own thread (`warmup._run`), and logs to caplog."""
    monkeypatch.setattr(startup, "prepared", lambda: True)
    monkeypatch.setattr(warmup, "done", threading.Event())
    monkeypatch.setattr(warmup.LOG, "propagate", True)  # the server's own handler may have been set up already
    monkeypatch.setenv("DATASETS_CHECK_SECONDS", "0")
    clear_caches()
    yield
    clear_caches()


def test_not_ready_on_a_broken_table_once_the_warm_up_has_stopped(warming, datasets_copy, monkeypatch, caplog):
    """A table the warm-up cannot read stops it, and says which; /ready then answers 503 naming the file
    (issue 24, item 3: ready means ready; the replica still serves pages that name the broken file)."""
    (datasets_copy / "observations.parquet").write_bytes(b"not a Parquet file")
    monkeypatch.setenv("DATASETS_URI", str(datasets_copy))
    code, body = answer_now()
    assert code == 503 and body.startswith("warming up"), body
    warmup._run()
    assert "warm-up stopped" in caplog.text and "observations.parquet" in caplog.text, caplog.text
    code, body = answer_now()
    assert code == 503 and "observations.parquet" in body and "rebuild it" in body, body


def test_not_ready_on_an_unreadable_version_marker_says_the_location_cannot_be_reached(
    warming, datasets_copy, monkeypatch
):
    """A version marker that cannot be read: the location counts as unreachable, the pages say so, and
    /ready says so too, with 503, once the warm-up is over (here: marked done, not run)."""
    from dashboard import data

    (datasets_copy / "manifest.json").write_text("{not json", encoding="utf-8")
    monkeypatch.setenv("DATASETS_URI", str(datasets_copy))
    assert data.current_version().provisional, "the version held stands in for one not identified yet"
    warmup.done.set()
    code, body = answer_now()
    assert code == 503 and "the data location cannot be reached" in body, body


def answer_now() -> tuple[int, str]:
    response = run_sync(readiness.ready(None))
    return response.status_code, response.body.decode()
