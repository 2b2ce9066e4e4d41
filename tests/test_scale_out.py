"""The scale-out guide, run for real: S3-compatible store, two replicas, nginx with affinity, load, failover."""

import os
import signal
import subprocess

import pytest

from dashboard.navigation import PAGES
from tests.helpers import REPO, requires_tool

SCRIPT_SECONDS = 900  # the whole script: two replicas, the load tests, the cold replicas, the failover
STOP_SECONDS = 60  # for the script to stop what it started once it is told to


def run_script(env: dict) -> tuple[int, str]:
    """Run deploy/try-replicas.sh in its own process group; past SCRIPT_SECONDS the group is told to stop
    (the script's trap then stops moto, the replicas and nginx) and the test fails with the output so far."""
    proc = subprocess.Popen(
        ["bash", "deploy/try-replicas.sh"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = proc.communicate(timeout=SCRIPT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            output, _ = proc.communicate(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            output, _ = proc.communicate()
        raise AssertionError(
            f"deploy/try-replicas.sh still running after {SCRIPT_SECONDS} s:\n{output[-3000:]}"
        ) from None
    return proc.returncode, output


@pytest.mark.slow  # starts a store, three replicas and nginx
@pytest.mark.timeout(SCRIPT_SECONDS + STOP_SECONDS + 60)  # the script's own limits first, so its output is shown
def test_replicas_behind_nginx():
    requires_tool("nginx", "apt-get install nginx")
    requires_tool("moto_server", "pip install -r requirements-dev.txt")
    env = {**os.environ, "COLD_TRIALS": "1"}  # one cold replica each way: the measure itself is bench/RESULTS.md's
    returncode, output = run_script(env)
    assert returncode == 0, output[-3000:]
    assert "health through nginx: ok" in output
    assert "health through nginx with one replica down: ok" in output
    assert f"{20 * len(PAGES)} runs by 20 viewers" in output and "; 0 failed" in output
    for prepare in ("first", "all"):  # the cold replica, hit as soon as it accepts connections, served the crowd
        assert f"cold replica, DASHBOARD_PREPARE={prepare}:" in output
    assert "scale-out check passed" in output
