"""The start-up path (issue 10): nothing a page run needs is imported for the first time inside a run, values
shared between viewers' threads are built once and never seen half built, and no import changes the
interpreter."""

import subprocess
import sys
import threading

import pytest

from dashboard.cache import SingleFlight
from tests.helpers import REPO


@pytest.mark.slow
@pytest.mark.timeout(660)
def test_no_page_run_imports_a_module_for_the_first_time():
    """Fails on the tree before issue 10 (188 modules, PIL.Image and kaleido among them); see the audit."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.import_audit"], cwd=REPO, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    imported = done.stdout.split()
    assert imported == [], f"imported during page runs, after the start-up path: {imported}"


def test_importing_the_package_changes_no_interpreter_setting():
    code = (
        "import gc; before = gc.get_threshold(); import dashboard.cache, dashboard.figures, dashboard.ui.components;"
        " assert gc.get_threshold() == before, gc.get_threshold()"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, timeout=120)


def test_start_up_path_settles_the_interpreter_and_remembers_what_the_machine_can_do():
    code = (
        "import os, gc; from dashboard.takeaway import image_export; from dashboard.ui import startup; startup.prepare(warm=False);"
        " assert gc.get_threshold()[0] == 20000; assert startup.prepared();"
        " assert image_export._EXPORTER.detected; assert 'BROWSER_PATH' not in os.environ;"
        " import sys; assert 'PIL.Image' in sys.modules or not image_export.available()"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, timeout=180, env={"PATH": "/usr/bin:/bin"})


def test_a_value_asked_for_by_many_threads_at_once_is_built_once_and_shared_whole():
    store = SingleFlight()
    builds, arrived, results = [], [], []
    all_arrived = threading.Event()
    threads_n = 12

    def build():
        builds.append(1)
        all_arrived.wait(10)  # hold the build open until every thread has asked for the value
        return {"complete": True}

    def ask():
        arrived.append(1)
        if len(arrived) == threads_n:
            all_arrived.set()
        results.append(store.get("key", build))

    threads = [threading.Thread(target=ask) for _ in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert len(builds) == 1
    assert len(results) == threads_n and all(r is results[0] for r in results) and results[0] == {"complete": True}


def test_a_failed_build_is_not_stored_and_is_tried_again():
    store = SingleFlight()
    calls = []

    def build():
        calls.append(1)
        if len(calls) == 1:
            raise OSError("unreachable")
        return 42

    with pytest.raises(OSError):
        store.get("k", build)
    assert store.get("k", build) == 42 and store.get("k", build) == 42 and len(calls) == 2


def test_the_store_is_bounded():
    store = SingleFlight(maxsize=3)
    for i in range(10):
        assert store.get(i, lambda i=i: i * 2) == i * 2
    assert len(store) == 3


def test_a_page_run_in_a_test_starts_no_background_thread():
    """A page run goes through the start-up path, which in a server starts the warm-up and the dataset
    checker (a loop that never ends). In a test process neither starts (conftest.py's no_background_threads),
    so that no test's outcome depends on which thread ran first; a test that wants a check calls
    `data.check_now()`."""
    from dashboard import data, warmup
    from tests.pages_helper import open_page

    assert not open_page("overview").exception
    assert not warmup._started.is_set() and not data._checker.is_set()
    running = {t.name for t in threading.enumerate()}
    assert not running & {"dashboard-warmup", "dashboard-datasets-check"}, running
