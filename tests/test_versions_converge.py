"""Versions that converge (issue 24, item 2): a file of a new version that cannot be read for a moment (a
permission or network blip) is retried with backoff, never remembered as rejected; only a content error
(checksum, schema, a table not listed) pins a rejection, and only until the marker is written again; a
rejection notice clears once the marker no longer names that version; every replica says which version
it serves (/ready body and header). The last test runs two real replicas, as an unprivileged user so that
a `chmod` fault is real, through such a blip and shows them converge."""

from __future__ import annotations

import json
import os
import shutil
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bench.streamlit_client import run_sync
from dashboard import data, warmup
from dashboard.curation.build import build
from dashboard.ui import readiness, startup
from tests.helpers import SHIPPED, built_folder, changed_curated, leading_units
from tests.pages_helper import open_page, plain
from tests.serving import readable_by_all, server_log, shared_folder, streamlit_server, unprivileged


@pytest.fixture
def loaded_copy(shipped_copy, monkeypatch):
    """conftest.py's `shipped_copy`, its tables loaded as the background check does first in a server."""
    monkeypatch.setattr(data, "READ_RETRIES", (0.0, 0.0), raising=False)  # no waiting between the tries in these tests
    data.current_version().load_all()
    return shipped_copy


def blip(path: Path) -> Path:
    """Make `path` unreadable by anyone, root included: move it aside and put a directory in its place
    (reading it is an OSError, as a permission or network fault is). Returns where the file went."""
    aside = path.with_name(path.name + ".aside")
    path.rename(aside)
    path.mkdir()
    return aside


def unblip(path: Path, aside: Path) -> None:
    path.rmdir()
    aside.rename(path)


def test_a_read_error_while_checking_is_retried_not_remembered(loaded_copy, tmp_path):
    build(changed_curated(tmp_path), loaded_copy)
    aside = blip(loaded_copy / "observations.parquet")
    assert data.check_now() == "retry"
    assert data.refresh_problem() is None, "a read error is not a rejection"
    assert leading_units() == 72, "the version held is still served"
    assert data.check_now() == "retry"
    unblip(loaded_copy / "observations.parquet", aside)
    assert data.check_now() == "swapped"
    assert leading_units() == 7391


def test_each_check_tries_a_read_error_again_with_backoff(loaded_copy, tmp_path, monkeypatch):
    waits: list[float] = []
    monkeypatch.setattr(data, "READ_RETRIES", (0.5, 1.0, 2.0), raising=False)
    monkeypatch.setattr(data, "_sleep", waits.append, raising=False)
    build(changed_curated(tmp_path), loaded_copy)
    aside = blip(loaded_copy / "observations.parquet")
    assert data.check_now() == "retry"
    assert waits == [0.5, 1.0, 2.0], "tried again after each wait, each longer"
    unblip(loaded_copy / "observations.parquet", aside)


def test_a_content_error_is_pinned_until_the_marker_is_written_again(loaded_copy, tmp_path):
    staging = built_folder(tmp_path, "next")
    build(changed_curated(tmp_path), staging)
    for name in json.loads((staging / data.MARKER).read_text())["files"]:
        shutil.copy(staging / name, loaded_copy / name)
    good = (loaded_copy / "observations.parquet").read_bytes()
    (loaded_copy / "observations.parquet").write_bytes(good[:-10] + b"0123456789")  # same size, other bytes
    shutil.copy(staging / data.MARKER, loaded_copy / data.MARKER)
    assert data.check_now() == "rejected"
    assert data.refresh_problem().label == "9.9.9"
    assert data.check_now() == "rejected", "pinned: not read again while the marker stays"
    (loaded_copy / "observations.parquet").write_bytes(good)  # repaired, but the marker not written again
    assert data.check_now() == "rejected"
    time.sleep(0.01)  # the marker's new modification time must differ from the old one
    shutil.copy(staging / data.MARKER, loaded_copy / data.MARKER)  # the same version published again
    os.utime(loaded_copy / data.MARKER)
    assert data.check_now() == "swapped"
    assert data.refresh_problem() is None and leading_units() == 7391


def test_a_stale_rejection_notice_clears_when_the_marker_no_longer_names_it(loaded_copy, tmp_path):
    held = {path.name: path.read_bytes() for path in loaded_copy.iterdir() if path.is_file()}
    build(changed_curated(tmp_path, version="6.6.6"), loaded_copy)
    path = loaded_copy / "observations.parquet"
    path.write_bytes(path.read_bytes()[:300])
    assert data.check_now() == "rejected"
    at = open_page("sources")
    assert "6.6.6" in plain(" ".join(w.value for w in at.warning))
    for name, content in held.items():  # the operator puts the version served back: files and marker
        (loaded_copy / name).write_bytes(content)
    assert data.check_now() == "same"
    assert data.refresh_problem() is None
    at = open_page("sources")
    assert "6.6.6" not in plain(" ".join(w.value for w in at.warning))


def test_ready_names_the_version_in_its_body_and_a_header(shipped_copy, monkeypatch):
    monkeypatch.setattr(startup, "prepared", lambda: True)
    done = warmup.done.__class__()
    done.set()
    monkeypatch.setattr(warmup, "done", done)
    response = run_sync(readiness.ready(None))
    assert response.headers["x-dataset-version"] == SHIPPED
    assert SHIPPED in response.body.decode()


# Two real replicas through a blip ------------------------------------------------------------------


def _ready(base: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(base + "/ready", timeout=5) as response:
            return response.status, response.headers.get("X-Dataset-Version", ""), response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("X-Dataset-Version", ""), err.read().decode()
    except OSError as err:
        return 0, "", str(err)


def _until(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds:.0f} s: {what}")
        time.sleep(0.2)


@pytest.mark.slow
@pytest.mark.skipif(not unprivileged(), reason="needs root to start the replicas as an unprivileged user")
def test_two_replicas_converge_through_a_permission_blip(tmp_path_factory):
    folder = built_folder(shared_folder(), "served")
    readable_by_all(folder)
    env = {"DATASETS_URI": str(folder), "DATASETS_CHECK_SECONDS": "1"}
    with (
        streamlit_server(env=env, user=unprivileged()) as (one, proc_one),
        streamlit_server(env=env, user=unprivileged()) as (two, proc_two),
    ):
        for base in (one, two):
            _until(lambda base=base: _ready(base)[0] == 200, 600, f"{base} ready")
            assert SHIPPED in _ready(base)[2]
        staging = tmp_path_factory.mktemp("next")
        build(changed_curated(staging), staging / "built")
        built = staging / "built"
        os.chmod(folder / "observations.parquet", 0o644)
        for name in json.loads((built / data.MARKER).read_text())["files"]:
            shutil.copy(built / name, folder / name)
        os.chmod(folder / "observations.parquet", 0o000)  # the blip: the replicas' user cannot read it
        shutil.copy(built / data.MARKER, folder / data.MARKER)
        os.chmod(folder / data.MARKER, 0o644)

        def both_tried() -> bool:
            logs = [server_log(proc_one), server_log(proc_two)]
            return all("9.9.9" in log and "observations.parquet" in log for log in logs)

        _until(both_tried, 120, "both replicas tried the new version and met the blip")
        os.chmod(folder / "observations.parquet", 0o644)  # the blip ends; the same publish stays
        _until(lambda: all("9.9.9" in _ready(base)[2] for base in (one, two)), 120, "both replicas serve version 9.9.9")
        for base in (one, two):
            code, header, body = _ready(base)
            assert code == 200 and header == "9.9.9", (base, code, header, body)
