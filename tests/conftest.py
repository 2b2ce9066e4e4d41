"""Shared fixtures: the observation view, throwaway copies of the data to break, the app pointed at other
data with fresh caches, a fresh server, an S3 store, and the interpreter-wide state each test gets back as it was (the
background threads, the garbage collector). Paths and helpers: tests/helpers.py."""

import gc
import shutil
from pathlib import Path

import pytest

from tests.helpers import CURATED, DATASETS, S3_CREDENTIALS, S3Store

# Fixtures that start a `streamlit run` server, which the first test to use them waits for.
SERVER_FIXTURES = frozenset({"base", "server", "hostile_server"})


def pytest_collection_modifyitems(config, items):
    """Timeouts that leave room for the limits inside: a test that uses a server fixture may be the one
    that starts it, so its timeout (its own mark, else the configured one) gets the server's start-up limit
    (tests/serving.py, START_SECONDS) on top; the server's own deadline then fails first, with its log.
    A test that starts a server itself counts START_SECONDS in its own mark."""
    from pytest_timeout import get_env_settings

    from tests.serving import START_SECONDS

    configured = get_env_settings(config).timeout
    for item in items:
        if not SERVER_FIXTURES & set(getattr(item, "fixturenames", ())):
            continue
        marker = item.get_closest_marker("timeout")
        own = (marker.args[0] if marker.args else marker.kwargs["timeout"]) if marker else configured
        if own:
            item.add_marker(pytest.mark.timeout(own + START_SECONDS), append=False)


@pytest.fixture(scope="session", autouse=True)
def no_background_threads():
    """In-process app runs (AppTest) go through the start-up path, which would start the warm-up thread and
    the dataset version checker (`check_all` every DATASETS_CHECK_SECONDS). Neither starts in a test
    process: a test that wants a check calls `data.check_now()`, so no outcome depends on which thread ran
    first. (A server started by a test, `tests/serving.py`, runs both as in production.)"""
    from dashboard import data, warmup

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(warmup, "start_once", lambda: None)
        mp.setattr(data, "start_checker", lambda: None)
        yield


@pytest.fixture(autouse=True)
def gc_settings():
    """The start-up path raises the collector's thresholds (startup.configure_runtime) and the caches freeze
    what they build (cache.SingleFlight): settings of the whole interpreter. Every test gets them back as
    they were before it, with nothing left frozen."""
    threshold, enabled, frozen = gc.get_threshold(), gc.isenabled(), gc.get_freeze_count()
    yield
    gc.set_threshold(*threshold)
    if gc.get_freeze_count() > frozen:
        gc.unfreeze()
    if enabled:
        gc.enable()


@pytest.fixture
def fresh_caches():
    """Every cache of the app (its own, Streamlit's, the versions held) empty before the test and after."""
    from tests.pages_helper import clear_caches

    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def served(monkeypatch, fresh_caches):
    """`served(location)` points the app at a folder or an object-storage URI for the rest of the test
    (DATASETS_URI), with caches emptied when it does and after the test; it returns `location`."""
    from tests.pages_helper import clear_caches

    def serve(location):
        monkeypatch.setenv("DATASETS_URI", str(location))
        clear_caches()
        return location

    return serve


@pytest.fixture
def shipped_copy(tmp_path, served):
    """The app pointed at a new folder built from the shipped curated files (with its version marker and the
    map outline), to damage or change in a test; returns the folder."""
    from tests.helpers import built_folder

    return served(built_folder(tmp_path))


@pytest.fixture(scope="module")
def base():
    """The URL of a fresh `streamlit run dashboard/server.py` for the test module (tests/serving.py); when
    the module is done, the server's log must hold no error and no traceback."""
    from tests.serving import checked_server

    with checked_server() as url:
        yield url


@pytest.fixture
def s3_store(monkeypatch):
    """An S3 store on loopback (tests/helpers.S3Store), not yet answering: call `.start()`. The AWS
    variables are set to moto's test credentials for the test."""
    pytest.importorskip("moto.server")
    pytest.importorskip("boto3")
    for key, value in S3_CREDENTIALS.items():
        monkeypatch.setenv(key, value)
    store = S3Store()
    yield store
    store.stop()


@pytest.fixture(scope="session")
def view():
    """The observation view built from the committed Parquet (no Streamlit cache)."""
    from dashboard import views
    from dashboard.data import read_table

    return views.observation_view(
        read_table("observations"),
        read_table("metrics"),
        read_table("units"),
        read_table("sources"),
        read_table("conflict_members"),
        read_table("places"),
        read_table("priority_areas"),
    )


@pytest.fixture
def curated_copy(tmp_path: Path) -> Path:
    """A writable copy of the curated CSV folder."""
    target = tmp_path / "curated"
    shutil.copytree(CURATED, target)
    return target


@pytest.fixture
def datasets_copy(tmp_path: Path) -> Path:
    """A writable copy of the built Parquet files and the map outline (what the app reads)."""
    target = tmp_path / "datasets"
    target.mkdir()
    for path in DATASETS.glob("*.parquet"):
        shutil.copy(path, target / path.name)
    shutil.copytree(DATASETS / "geo", target / "geo")
    return target
