"""Paths and small helpers the tests share (imported explicitly; the fixtures are in conftest.py).

The import audit (tests/import_audit.py) imports this module before it records which modules are loaded, so
it imports nothing at the top but `os` and `pathlib`: every other import is inside the helper that needs it,
and none of them can hide a module that a page run imports for the first time.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATASETS = REPO / "datasets"
CURATED = DATASETS / "curated"
SEEDS = REPO.parent / "shared" / "seeds"  # the seed articles (not in the repository: copyrighted texts)
# a figure of the shipped data that tests change (changed_curated), and the shipped release version
LEADING = "hqds_leading_units_20260403_seed_004,hqds_leading_units,72,"
SHIPPED = (CURATED / "release.csv").read_text(encoding="utf-8").splitlines()[1].split(",")[0]  # the release version
RESEARCH_TABLE = DATASETS / "raw" / "research_extra_figures.csv"  # the raw research table, kept for checks


def changed_curated(tmp_path: Path, value: int = 7391, version: str = "9.9.9") -> Path:
    """A copy of the curated CSV files with one figure and the release version changed (and listed)."""
    import shutil

    src = tmp_path / f"curated-{value}"
    shutil.copytree(CURATED, src)
    obs = src / "observations.csv"
    text = obs.read_text(encoding="utf-8")
    assert LEADING in text
    obs.write_text(text.replace(LEADING, LEADING.replace(",72,", f",{value},")), encoding="utf-8")
    release = src / "release.csv"
    lines = release.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = version + lines[1][lines[1].index(",") :]
    release.write_text("".join(lines), encoding="utf-8")
    released = lines[1].split(",")[1]
    with (src / "releases.csv").open("a", encoding="utf-8") as listed:  # every version has its row there
        listed.write(f"{version},{released}\n")
    return src


def built_folder(tmp_path: Path, name: str = "serve") -> Path:
    """A folder built from the shipped curated files (so it has a version marker), with the map outline."""
    import shutil

    from dashboard.curation.build import build

    out = tmp_path / name
    build(CURATED, out)
    shutil.copytree(DATASETS / "geo", out / "geo")
    return out


def leading_units() -> float:
    """The value the app serves now for the figure `changed_curated` changes (72 in the shipped data)."""
    from dashboard import data

    obs = data.load_table("observations")
    return float(obs.loc[obs.obs_id == "hqds_leading_units_20260403_seed_004", "value"].iloc[0])


def page_paths(lang: str = "en", query: str = "") -> list[str]:
    """Every page's path (with `query`, e.g. "lang=zh"), a priority page once per section that draws a
    chart (`?section=`), so that a browser test sees every chart the dashboard draws outside presentation."""
    from dashboard import sections
    from dashboard.navigation import AREA_PAGE_IDS, PAGES

    paths = []
    for spec in PAGES:
        if spec.page_id not in AREA_PAGE_IDS:
            paths.append(f"/{spec.url_path}" + (f"?{query}" if query else ""))
            continue
        for section in sections.area_sections(spec.page_id, lang):
            if section.kind == sections.SectionKind.LEAD or sections.chart_blocks((section,)):
                paths.append(f"/{spec.url_path}?{sections.PARAM}={section.section_id}" + (f"&{query}" if query else ""))
    return paths


def readme_section(title: str) -> str:
    """The text of the README's section `## title`, up to the next `## ` heading."""
    import re

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", readme, flags=re.S | re.M)
    assert match, f"README has no '{title}' section"
    return match.group(1)


# --- tools the machine may lack ------------------------------------------------------------------------


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def missing(what: str, install: str, required_in_ci: bool = True) -> None:
    """Something a test needs is not installed: under CI=true that fails the test (unless the project does
    not depend on it: `required_in_ci=False`), elsewhere it skips it. Always raises."""
    import pytest

    if in_ci() and required_in_ci:
        pytest.fail(f"CI=true but {what} is missing: {install}")
    pytest.skip(f"{what} not installed ({install})")


def requires_tool(name: str, install: str, *alternatives: str, required_in_ci: bool = True) -> str:
    """The path of the program `name` (or of the first of `alternatives` found) on PATH, else `missing`."""
    import shutil

    for candidate in (name, *alternatives):
        found = shutil.which(candidate)
        if found:
            return found
    missing(name, install, required_in_ci)
    raise AssertionError("unreachable")  # pytest.fail and pytest.skip raise


def requires_soffice(package: str = "libreoffice-calc") -> str:
    """LibreOffice's command (`soffice`, or `libreoffice` where only that name is installed)."""
    return requires_tool("soffice", f"apt-get install {package}", "libreoffice")


def requires_chromium_export() -> None:
    """Kaleido and a Chromium, for the pictures the server draws."""
    from dashboard.takeaway import image_export

    if not image_export.available():
        missing("Kaleido or Chromium (server-side pictures)", "pip install kaleido; apt-get install chromium")


# --- reading what the app serves -----------------------------------------------------------------------


def get(url: str, method: str = "GET", headers: dict | None = None, timeout: float = 60):
    """(status, headers, body) of one HTTP request; an error status is an answer, not an exception. The
    headers are the response's own (case-insensitive: `headers["content-type"]`)."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def status(url: str) -> tuple[int, str]:
    """(status, body as text) of a GET."""
    code, _, body = get(url, timeout=5)
    return code, body.decode()


def read_csv(data: bytes) -> list[dict]:
    """The rows of a CSV download, which starts with the UTF-8 byte-order mark (for Excel)."""
    import csv
    import io

    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark for Excel"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def wait_until(condition, timeout: float, what: str):
    """Poll `condition()` until it returns something true, and return that; fail naming `what` was waited
    for when it has not within `timeout` seconds."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


# --- an S3-compatible store on loopback (moto) ---------------------------------------------------------

S3_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}


class S3Store:
    """A moto S3 server on 127.0.0.1 with the bucket `cdmm`, the app's location `uri` (s3://cdmm/datasets).

    The port is bound when the store is made and held until `stop()`, so no other process can take it;
    nothing answers on it (the store is unreachable) until `start()`, which serves on that very socket."""

    BUCKET = "cdmm"

    def __init__(self) -> None:
        import socket

        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.uri = f"s3://{self.BUCKET}/datasets?endpoint_override=127.0.0.1:{self.port}&scheme=http&region=us-east-1"
        self._server = None
        self.client = None

    def start(self):
        """Serve, with every moto backend emptied first and the bucket created; return a boto3 client."""
        import threading

        import boto3
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
        from werkzeug.serving import make_server

        self._socket.listen()
        app = DomainDispatcherApplication(create_backend_app)
        self._server = make_server(
            "127.0.0.1", self.port, app, threaded=True, request_handler=MotoRequestHandler, fd=self._socket.fileno()
        )
        threading.Thread(target=self._server.serve_forever, name="moto-s3", daemon=True).start()
        # moto keeps its buckets in this process, shared by every server: each store starts empty
        assert get(self.endpoint + "/moto-api/reset", method="POST")[0] == 200
        self.client = boto3.client("s3", endpoint_url=self.endpoint, region_name="us-east-1")
        self.client.create_bucket(Bucket=self.BUCKET)
        return self.client

    def stop(self) -> None:
        """Stop answering and free the port (the store is unreachable from then on)."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        self._socket.close()
