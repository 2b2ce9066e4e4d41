"""Every script in bench/ still runs, with a tiny setting: a benchmark that breaks silently is found at the
next measurement, months later (`python bench/deck.py` once failed on an import for a whole round).

Slow: each starts servers, browsers or fresh interpreters. The numbers are not checked, only that each
script finishes with status 0 and prints its table."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers import REPO
from tests.serving import streamlit_server

pytestmark = pytest.mark.slow

# script -> (arguments of a tiny run, text its output must hold); the helpers that are not run as scripts
# are exercised by the scripts that import them.
RUNS: dict[str, list[tuple[list[str], str]]] = {
    "intake.py": [([], "targets")],
    "scale.py": [(["--scale", "2", "--out", "{tmp}/scale2"], "observations")],
    "deck.py": [(["--compare", "1"], "whole deck")],
    "load.py": [
        (["--url", "{server}", "--viewers", "1", "--timeout", "300"], "every page"),
        (["--url", "{server}", "--viewers", "1", "--data-clients", "2", "--rounds", "1", "--timeout", "300"], "ratio"),
    ],
    "soak.py": [(["--minutes", "0.5", "--viewers", "1", "--data-clients", "2", "--every", "1"], "RSS")],
    "cold_replica.py": [(["--viewers", "1", "--trials", "1"], "p95")],
    "run.py": [
        (
            [
                "--repeats",
                "1",
                "--runs",
                "1",
                "--trials",
                "1",
                "--viewers",
                "1,2",
                "--pages",
                "/",
                "--out",
                "{tmp}/r.json",
            ],
            "warm script run",
        ),
        (["--scale", "1,2", "--runs", "1", "--pages", "/", "--out", "{tmp}/s.json"], "Targets, 2× against 1×"),
        (["--throttle", "--repeats", "1", "--pages", "/", "--out", "{tmp}/n.json"], "bare page /"),
    ],
}
LIBRARIES = {
    "__init__.py",
    "bare_app.py",
    "streamlit_client.py",
    "scaling.py",
    "network.py",
}  # run by the scripts above


def test_every_bench_script_has_a_smoke_run():
    found = {path.name for path in (REPO / "bench").glob("*.py")}
    assert found - LIBRARIES == set(RUNS), "add the new bench script to RUNS with a tiny setting"
    assert found >= LIBRARIES


CASES = [(script, i) for script, runs in RUNS.items() for i in range(len(runs))]


@pytest.mark.timeout(900)
@pytest.mark.parametrize(("script", "index"), CASES, ids=[f"{s}-{i}" for s, i in CASES])
def test_bench_script_runs_with_a_tiny_setting(script, index, tmp_path):
    args, expected = RUNS[script][index]

    def run(server: str = "") -> subprocess.CompletedProcess:
        argv = [a.replace("{tmp}", str(tmp_path)).replace("{server}", server) for a in args]
        return subprocess.run(
            [sys.executable, f"bench/{script}", *argv],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=840,
        )

    if any("{server}" in a for a in args):
        with streamlit_server() as (base, _):
            done = run(base)
    else:
        done = run()
    assert done.returncode == 0, (
        f"{script} {args}: exit {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    )
    assert expected in done.stdout, done.stdout[-3000:]
