"""Crowds on fresh servers: twenty protocol-level viewers or more at once over every page, in both
languages, as soon as a new server answers its health check (while its background warm-up still runs).
No viewer sees an exception or an error message, the server's log holds no traceback or error, and the
served data files are left exactly as they were."""

import hashlib

import pytest

from bench.load import run_load, summarise
from bench.streamlit_client import run_sync
from dashboard.navigation import PAGES
from tests.helpers import DATASETS
from tests.serving import START_SECONDS, log_problems, server_log, streamlit_server

FRESH_SERVERS = 2  # each hit while its warm-up still runs (the race of issue 10 shows on the first)
VIEWERS = 20  # half in English, half in Chinese


def files_snapshot(folder):
    return {
        str(p.relative_to(folder)): (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


LOAD_SECONDS = 240  # for the crowd's runs


@pytest.mark.slow
@pytest.mark.timeout(START_SECONDS + LOAD_SECONDS + 60)
@pytest.mark.parametrize("server", range(FRESH_SERVERS))
def test_a_crowd_on_a_fresh_server_sees_no_error_and_leaves_no_traceback(server):
    before = files_snapshot(DATASETS)
    with streamlit_server() as (base, proc):
        at_start = server_log(proc)
        results = run_sync(run_load(base, viewers=VIEWERS, timeout=LOAD_SECONDS, queries=("lang=en", "lang=zh")))
        log = server_log(proc)
    lines, bad = summarise(results)
    assert bad == 0, "\n".join(lines)
    assert len(results) == VIEWERS * len(PAGES)
    assert all(r.elements for _, r in results)
    assert not log_problems(log), log
    assert "start-up path done" in at_start, "the server took traffic before its start-up path had run:\n" + at_start
    assert files_snapshot(DATASETS) == before, "serving wrote to datasets/"
