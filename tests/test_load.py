"""Twenty protocol-level viewers at once over every page of a real server: no exception, no error message,
and the served data files are left exactly as they were."""

import hashlib

from bench.load import run_load, summarise
from bench.streamlit_client import run_sync
from tests.conftest import DATASETS
from tests.serving import streamlit_server


def snapshot(folder):
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_twenty_concurrent_viewers_over_every_page_leave_the_data_untouched():
    before = snapshot(DATASETS)
    with streamlit_server() as (base, _):
        results = run_sync(run_load(base, viewers=20, timeout=240))
        chinese = run_sync(run_load(base, viewers=4, timeout=120, query="lang=zh"))
    lines, bad = summarise(results + chinese)
    assert bad == 0, "\n".join(lines)
    assert len(results) == 20 * 13
    assert all(r.elements for _, r in results)
    assert snapshot(DATASETS) == before, "serving wrote to datasets/"
