"""Ready means ready (issue 24, item 3): /ready is 200 only when every table of the served version has
loaded and passed its checks, the warm-up has finished (not stopped), and the data location answers;
otherwise 503 with the reason. A periodic verification of the served version's files against its marker
logs damage at once and turns /ready to 503 (the replica could not restart cleanly), while serving goes on
from memory; it turns back to 200 when the files are right again."""

from __future__ import annotations

import contextlib
import logging
import urllib.error
import urllib.request

import pytest

from bench.streamlit_client import run_sync
from dashboard import data, warmup
from dashboard.ui import readiness, startup
from tests.helpers import SHIPPED, built_folder, leading_units
from tests.serving import streamlit_server


@pytest.fixture
def replica(monkeypatch):
    """This process as a replica whose start-up path and warm-up are done."""
    monkeypatch.setattr(startup, "prepared", lambda: True)
    done = warmup.done.__class__()
    done.set()
    monkeypatch.setattr(warmup, "done", done)
    monkeypatch.setattr(warmup, "problem", None, raising=False)
    return monkeypatch


def ready() -> tuple[int, str]:
    response = run_sync(readiness.ready(None))
    return response.status_code, response.body.decode()


def load_what_loads() -> None:
    """What the background check does first in a server: read every table it can."""
    version = data.current_version()
    for name in data.TABLES:
        with contextlib.suppress(data.DataFileError):
            version.table(name)


def test_ready_when_every_table_is_loaded(replica, shipped_copy):
    data.current_version().load_all()
    code, body = ready()
    assert code == 200 and SHIPPED in body, body


def test_not_ready_until_every_table_is_loaded(replica, shipped_copy):
    data.current_version().table("sources")
    code, body = ready()
    assert code == 503 and "loading" in body, body


def test_not_ready_with_a_truncated_table(replica, shipped_copy):
    path = shipped_copy / "observations.parquet"
    path.write_bytes(path.read_bytes()[:300])
    load_what_loads()
    code, body = ready()
    assert code == 503 and "observations.parquet" in body, body


def test_not_ready_with_a_missing_table(replica, shipped_copy):
    (shipped_copy / "places.parquet").unlink()
    load_what_loads()
    code, body = ready()
    assert code == 503 and "places.parquet" in body, body


@pytest.mark.parametrize("uri", ["s3://bucket/prefix?bogus=1", "/nonexistent/cdmm/datasets"])
def test_not_ready_with_an_unusable_location(replica, served, uri):
    served(uri)
    load_what_loads()
    code, body = ready()
    assert code == 503 and body.strip(), body


def test_not_ready_when_the_location_stops_answering(replica, shipped_copy, tmp_path):
    data.current_version().load_all()
    shipped_copy.rename(tmp_path / "gone")
    assert data.check_now() == "unreachable"
    code, body = ready()
    assert code == 503 and "cannot be reached" in body, body
    assert leading_units() == 72, "serving goes on from memory"
    (tmp_path / "gone").rename(shipped_copy)
    data.check_now()
    assert ready()[0] == 200


def test_not_ready_when_the_warm_up_stopped(replica, shipped_copy):
    data.current_version().load_all()
    replica.setattr(warmup, "problem", "warm-up stopped: observations.parquet cannot be read")
    code, body = ready()
    assert code == 503 and "warm-up stopped" in body, body


def test_a_warm_up_that_stops_says_why(monkeypatch):
    def broken(lang, theme):
        raise data.DataFileError("observations.parquet", "cannot be read", "rebuild it")

    monkeypatch.setattr(warmup, "warm", broken)
    monkeypatch.setattr(warmup, "done", warmup.done.__class__())
    monkeypatch.setattr(warmup, "problem", None, raising=False)
    warmup._run()
    assert warmup.done.is_set()
    assert "observations.parquet" in warmup.problem


def test_verification_notices_damage_on_disk_and_serving_goes_on(replica, shipped_copy, caplog):
    data.current_version().load_all()
    assert data.verify_now() is None
    path = shipped_copy / "metrics.parquet"
    good = path.read_bytes()
    path.write_bytes(good[:-4] + b"XXXX")
    with caplog.at_level(logging.ERROR, logger="dashboard"):
        problem = data.verify_now()
    assert problem is not None and "metrics.parquet" in str(problem)
    assert any("metrics.parquet" in r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR)
    code, body = ready()
    assert code == 503 and "metrics.parquet" in body, body
    assert leading_units() == 72 and len(data.load_table("metrics")) > 0, "serving goes on from memory"
    path.write_bytes(good)
    assert data.verify_now() is None
    assert ready()[0] == 200


def test_the_verification_interval_setting(monkeypatch):
    monkeypatch.setenv("DATASETS_VERIFY_SECONDS", "7")
    assert data.verify_seconds() == 7
    monkeypatch.delenv("DATASETS_VERIFY_SECONDS")
    assert data.verify_seconds() == 300


def _status(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


@pytest.mark.slow
def test_a_real_replica_with_a_truncated_table_never_says_ready(tmp_path):
    folder = built_folder(tmp_path)
    path = folder / "observations.parquet"
    path.write_bytes(path.read_bytes()[:300])
    with streamlit_server(env={"DATASETS_URI": str(folder), "DATASETS_CHECK_SECONDS": "1"}) as (base, _):
        import time

        deadline = time.monotonic() + 300
        while True:
            code, body = _status(base + "/ready")
            assert code == 503, body
            if not body.startswith(("starting", "warming up", "loading")):
                break
            assert time.monotonic() < deadline, body
            time.sleep(0.2)
        assert "observations.parquet" in body, body
