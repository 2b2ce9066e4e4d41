"""A new dataset version reaches a running server without a restart (dashboard/data.py): the version
marker that `curation build` and `publish` write last, the check that validates every table before it
swaps, one version per script run, and the faults: a broken or half-published version is never served,
object storage unreachable at start or while serving. Folders are copies; moto serves S3 on loopback."""

from __future__ import annotations

import asyncio
import json
import shutil
import time
from pathlib import Path

import pytest

from bench.streamlit_client import run_sync
from dashboard import cache, data
from dashboard.curation.build import build
from dashboard.curation.publish import publish
from dashboard.schema import TABLES
from tests.helpers import DATASETS, SHIPPED, built_folder, changed_curated, leading_units, wait_until
from tests.pages_helper import clear_caches, open_page, plain
from tests.serving import START_SECONDS, server_log, streamlit_server

# In process (the marker, the swaps, the S3 store on loopback) unless marked slow: a real server, or an
# unreachable store whose reads are retried for seconds.


def copy_version(staging: Path, folder: Path) -> None:
    """Copy a built version into `folder` as `publish` does: every file first, the version marker last."""
    for name in json.loads((staging / data.MARKER).read_text())["files"]:
        shutil.copy(staging / name, folder / name)
    shutil.copy(staging / data.MARKER, folder / data.MARKER)


# --- the marker --------------------------------------------------------------------------------------


def test_build_writes_the_marker_last_with_every_file(tmp_path):
    out = built_folder(tmp_path)
    marker = json.loads((out / data.MARKER).read_text())
    assert marker["version"] == SHIPPED
    assert set(marker["files"]) == {t.parquet_file for t in TABLES.values()}  # built before geo/ was copied
    for name, entry in marker["files"].items():
        assert entry == data.file_entry((out / name).read_bytes())
    assert (out / data.MARKER).stat().st_mtime_ns >= max((out / n).stat().st_mtime_ns for n in marker["files"])
    before = data.read_marker(str(out)).key
    build(changed_curated(tmp_path), out)
    after = data.read_marker(str(out))
    assert after.key != before and after.label == "9.9.9"


def test_publish_to_a_folder_writes_the_marker(tmp_path):
    target = tmp_path / "published"
    written = publish(DATASETS, str(target))
    assert written[-1] == data.MARKER
    marker = data.read_marker(str(target))
    geo = {f"geo/{p.name}" for p in (DATASETS / "geo").glob("*.geojson")}
    assert marker.label == SHIPPED and set(marker.files) == {t.parquet_file for t in TABLES.values()} | geo
    for name in TABLES:
        data.read_table(name, str(target), marker.files[TABLES[name].parquet_file])


# --- refresh in a folder -----------------------------------------------------------------------------


def test_a_rebuilt_folder_is_swapped_in_and_a_run_keeps_its_version(served, tmp_path):
    folder = served(built_folder(tmp_path))
    assert leading_units() == 72
    old = data.begin_run()  # a run that started before the new version
    old_key = cache.memo(("test", "leading"), leading_units)
    assert data.check_now() == "same"
    build(changed_curated(tmp_path), folder)
    assert data.check_now() == "swapped"
    assert data.run_version() is old and leading_units() == 72, "a run reads one version throughout"
    assert cache.memo(("test", "leading"), leading_units) == old_key == 72
    data._PIN.version = None  # the next run
    assert data.current_version().label == "9.9.9"
    assert leading_units() == 7391
    assert cache.memo(("test", "leading"), leading_units) == 7391
    cache.prune()
    assert all(key[0] in data.live_version_keys() for key in cache._MEMO._values)


def test_a_new_version_missing_one_table_is_not_swapped(served, tmp_path):
    folder = served(built_folder(tmp_path))
    data.current_version().load_all()  # as the background check does first in a server
    staging = built_folder(tmp_path, "next")
    build(changed_curated(tmp_path), staging)
    marker = json.loads((staging / data.MARKER).read_text())
    del marker["files"]["events.parquet"]
    for name in marker["files"]:
        shutil.copy(staging / name, folder / name)
    (folder / "events.parquet").unlink()
    (folder / data.MARKER).write_text(json.dumps(marker))
    assert data.check_now() == "rejected"
    assert leading_units() == 72 and len(data.load_table("events")) > 0
    problem = data.refresh_problem()
    assert problem.label == "9.9.9" and "events.parquet" in problem.error.file
    assert data.check_now() == "rejected", "reported once, not reloaded every time"


def test_a_corrupted_new_version_is_not_served_and_the_sources_page_says_so(served, tmp_path):
    folder = served(built_folder(tmp_path))
    data.current_version().load_all()
    build(changed_curated(tmp_path), folder)
    path = folder / "observations.parquet"
    path.write_bytes(path.read_bytes()[:300])  # truncated after the marker was written
    assert data.check_now() == "rejected"
    assert leading_units() == 72
    at = open_page("sources")
    warnings = plain(" ".join(w.value for w in at.warning))
    assert "9.9.9" in warnings and "observations.parquet" in warnings and SHIPPED in warnings
    assert not at.exception and not at.error


def test_a_publish_killed_midway_is_not_picked_up(served, tmp_path):
    folder = served(built_folder(tmp_path))
    data.current_version().load_all()
    staging = tmp_path / "next"
    build(changed_curated(tmp_path), staging)
    for name in ("observations.parquet", "metrics.parquet"):  # some files replaced, no new marker
        shutil.copy(staging / name, folder / name)
    assert data.check_now() == "same"
    assert leading_units() == 72
    clear_caches()  # a replica that starts now: the files do not match the marker, so they are refused
    with pytest.raises(data.DataFileError, match="is not the file that manifest.json describes"):
        data.load_table("observations")
    assert len(data.load_table("sources")) > 0
    shutil.copy(staging / data.MARKER, folder / data.MARKER)  # the publish completes
    for name in json.loads((staging / data.MARKER).read_text())["files"]:
        shutil.copy(staging / name, folder / name)
    assert data.check_now() == "swapped" and leading_units() == 7391


def test_an_open_session_is_told_once(served, tmp_path):
    folder = served(built_folder(tmp_path))
    at = open_page("overview")
    assert not at.toast
    build(changed_curated(tmp_path), folder)
    assert data.check_now() == "swapped"
    at.run()
    assert ["Data updated to version 9.9.9" in plain(t.value) for t in at.toast] == [True]
    at.run()
    assert not at.toast


def test_the_check_interval_setting(monkeypatch):
    monkeypatch.setenv("DATASETS_CHECK_SECONDS", "2.5")
    assert data.check_seconds() == 2.5
    monkeypatch.setenv("DATASETS_CHECK_SECONDS", "soon")
    assert data.check_seconds() == 30
    monkeypatch.delenv("DATASETS_CHECK_SECONDS")
    assert data.check_seconds() == 30


# --- object storage (moto on loopback) ---------------------------------------------------------------


@pytest.mark.slow  # an unreachable store: each read is retried for seconds before it fails
def test_s3_unreachable_at_start_then_served_once_reachable(s3_store, served):
    served(s3_store.uri)
    version = data.current_version()
    assert version.provisional
    at = open_page("ai_datasets")
    assert not at.exception
    assert "cannot be reached" in plain(" ".join(e.value for e in at.error))
    assert data.check_now() == "unreachable"
    s3_store.start()
    publish(DATASETS, s3_store.uri)
    assert data.check_now() == "swapped"  # no background checker runs in tests (conftest.py)
    assert not data.current_version().provisional
    assert leading_units() == 72
    at = open_page("ai_datasets")
    assert not at.exception and not at.error and "100,000+" in [m.value for m in at.metric]


@pytest.mark.slow  # an unreachable store: each read is retried for seconds before it fails
def test_s3_unreachable_while_serving_keeps_the_version_held(s3_store, served):
    served(s3_store.uri)
    s3_store.start()
    publish(DATASETS, s3_store.uri)
    data.current_version().load_all()
    assert data.check_now() == "same"
    s3_store.stop()
    assert data.check_now() == "unreachable"
    assert leading_units() == 72
    at = open_page("sources")
    assert not at.exception and not at.error
    assert "cannot be reached" in plain(" ".join(w.value for w in at.warning))
    at = open_page("ai_datasets")
    assert not at.exception and not at.error


def test_s3_new_version_half_published_then_complete(s3_store, served, tmp_path):
    served(s3_store.uri)
    client = s3_store.start()
    publish(DATASETS, s3_store.uri)
    data.current_version().load_all()
    staging = tmp_path / "next"
    build(changed_curated(tmp_path), staging)
    shutil.copytree(DATASETS / "geo", staging / "geo")
    client.put_object(
        Bucket="cdmm", Key="datasets/observations.parquet", Body=(staging / "observations.parquet").read_bytes()
    )  # killed after one file
    assert data.check_now() == "same" and leading_units() == 72
    marker = json.loads((staging / data.MARKER).read_text())
    del marker["files"]["places.parquet"]  # a version missing one table
    client.put_object(Bucket="cdmm", Key="datasets/manifest.json", Body=json.dumps(marker).encode())
    assert data.check_now() == "rejected" and leading_units() == 72
    publish(staging, s3_store.uri)  # a complete publish
    assert data.check_now() == "swapped" and leading_units() == 7391


# --- against a real server ---------------------------------------------------------------------------


def element_texts(forward) -> list[str]:
    delta = forward.delta
    if delta.WhichOneof("type") != "new_element":
        return []
    element = delta.new_element
    kind = element.WhichOneof("type")
    return [f"{kind}: {getattr(element, kind)}"]


async def page_texts(session, page: str, timeout: float = 60.0) -> str:
    """Run `page` in `session` and return the text of every element it sent (protobuf text format)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    message = BackMsg()
    message.rerun_script.page_name = page
    message.rerun_script.context_info.locale = "en-US"
    message.rerun_script.context_info.url = session.url.replace("ws", "http", 1).replace("/_stcore/stream", "/" + page)
    await session.ws.send(message.SerializeToString())
    texts: list[str] = []
    deadline = time.monotonic() + timeout
    while True:
        forward = ForwardMsg()
        forward.ParseFromString(await asyncio.wait_for(session.ws.recv(), deadline - time.monotonic()))
        texts += element_texts(forward)
        if forward.WhichOneof("type") == "script_finished":
            return "\n".join(texts)


# the server's start, the warm-up (120 s), the new figure (120 s, and the run under way), the rejection
# (120 s), six page runs (60 s each) and two builds
@pytest.mark.slow  # a `streamlit run` server of its own
@pytest.mark.timeout(START_SECONDS + 120 + 180 + 120 + 6 * 60 + 60)
def test_a_running_server_picks_up_a_rebuilt_folder(tmp_path):
    from bench.streamlit_client import StreamlitSession

    folder = built_folder(tmp_path)
    env = {"DATASETS_URI": str(folder), "DATASETS_CHECK_SECONDS": "1"}
    with streamlit_server(env=env) as (base, proc):

        def run(page: str) -> str:
            async def go():
                async with StreamlitSession(base) as session:
                    return await page_texts(session, page)

            return run_sync(go())

        wait_until(lambda: "warm-up done" in server_log(proc), 120, "the warm-up")
        assert "7391" not in run("ai-datasets") and "7,391" not in run("ai-datasets")

        async def open_session_then_rebuild():
            async with StreamlitSession(base) as session:
                first = await page_texts(session, "")
                assert "Data updated" not in first
                build(changed_curated(tmp_path), folder)
                deadline = time.monotonic() + 120  # checks every second; a loaded machine takes its time
                while True:  # a new viewer sees the new figure once the check has swapped
                    async with StreamlitSession(base) as viewer:
                        if "7,391" in await page_texts(viewer, "ai-datasets"):
                            break
                    if time.monotonic() > deadline:
                        raise AssertionError("timed out after 120 s waiting for a new viewer to see 7,391")
                    await asyncio.sleep(0.2)
                again = await page_texts(session, "")  # the open session's next run carries the notice
                assert "Data updated to version 9.9.9" in again

        run_sync(open_session_then_rebuild())

        # A corrupted new version: one file truncated, then published as `publish` would (the marker last),
        # so the server can never see the new marker before the damaged file. It is never served.
        staging = tmp_path / "corrupted"
        build(changed_curated(tmp_path, value=8888, version="9.9.10"), staging)
        path = staging / "observations.parquet"
        path.write_bytes(path.read_bytes()[:300])
        copy_version(staging, folder)
        wait_until(lambda: "9.9.10 is not served" in server_log(proc), 120, "the rejection of 9.9.10 in the log")
        assert "7,391" in run("ai-datasets")
        sources = plain(run("sources").replace("\\\\", "\\"))  # text format doubles the Markdown escapes
        assert "9.9.10" in sources and "observations.parquet" in sources
        assert not [line for line in server_log(proc).splitlines() if "Traceback" in line]
