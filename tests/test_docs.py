"""The README's "Data over HTTP" section (issue 23, item 8): every data route and every query parameter it
takes is documented (the check runs over the routes the server has, so a new route or parameter without
its line fails here), and the research examples (pandas, DuckDB, R, curl, LibreOffice) run against a real
server as written, the host aside."""

import importlib.util
import json
import re
import subprocess
import sys
import time
import urllib.request

import openpyxl
import pytest

from dashboard import api
from tests.helpers import missing, readme_section, requires_soffice, requires_tool

HOST = "http://localhost:8501"


def route_paths() -> list[str]:
    """Every path the data routes answer, `{fmt}` written out for each format."""
    paths = []
    for route in api.data_routes():
        if "{fmt}" in route.path:
            paths += [route.path.replace("{fmt}", fmt) for fmt in api.FORMATS]
        else:
            paths.append(route.path)
    return paths


def undocumented(text: str) -> list[str]:
    """The routes and the route parameters that `text` does not name (each in backticks)."""
    missing = [path for path in route_paths() if f"`{path}`" not in text]
    for path in route_paths():
        missing += [f"{path}?{name}" for name in api.params_of(path) if f"`{name}`" not in text]
    return list(dict.fromkeys(missing))


def test_every_data_route_and_parameter_is_documented():
    assert undocumented(readme_section("Data over HTTP")) == []


def test_the_check_fails_when_a_route_or_parameter_is_undocumented():
    """The check can fail: without the line of a route, or without a parameter's name, it names them."""
    text = readme_section("Data over HTTP")
    without_places = text.replace("`/data/places.csv`", "places")
    assert undocumented(without_places) == ["/data/places.csv"]
    without_place = text.replace("`place`", "place")
    assert set(undocumented(without_place)) == {
        *(f"/data/{at}observations.{fmt}?place" for fmt in api.FORMATS for at in ("", "v/{version}/")),
        "/data/feed.xml?place",
        *(f"/data/{at}targets.{fmt}?place" for fmt in ("csv", "json", "parquet") for at in ("", "v/{version}/")),
    }
    without_limit = text.replace("`limit`", "limit")
    assert undocumented(without_limit) == ["/data/observations.json?limit", "/data/v/{version}/observations.json?limit"]
    assert "/data/v/{version}/places.csv" in undocumented(text.replace("`/data/v/{version}/places.csv`", "x"))
    assert len(route_paths()) >= 10 and "/data/observations.json" in route_paths()


def test_the_research_section_shows_each_tool():
    research = readme_section("Data over HTTP").split("### Reading the data")[1]
    assert "import pandas as pd" in research and "pd.read_parquet" in research
    assert "FROM 'observations.parquet'" in research and "httpfs" in research  # DuckDB, with and without
    assert 'fileEncoding = "UTF-8-BOM"' in research  # R
    assert "curl -sf" in research
    assert '--infilter="CSV:44,34,76,1"' in research  # LibreOffice
    assert "place_id IS NULL" in research  # the national figures, never a province by chance


def blocks(language: str) -> list[str]:
    research = readme_section("Data over HTTP").split("### Reading the data")[1]
    return re.findall(rf"```{language}\n(.*?)```", research, flags=re.S)


# The examples, run ---------------------------------------------------------------------------------

# Limits of the tools each example runs (each test's timeout adds them up; conftest.py adds the server's start)
CURL_SECONDS = 180  # all the curl lines together
DUCKDB_SECONDS = 120  # one DuckDB child interpreter
R_SECONDS = 120
SOFFICE_SECONDS = 180  # one LibreOffice conversion


@pytest.fixture
def downloaded(base, tmp_path, monkeypatch):
    """The curl examples run in a fresh folder (their files stay there for the next tools)."""
    requires_tool("curl", "apt-get install curl")
    monkeypatch.chdir(tmp_path)
    deadline = time.monotonic() + CURL_SECONDS
    for line in blocks("sh")[0].strip().splitlines():
        assert line.startswith("curl "), line
        left = max(1.0, deadline - time.monotonic())
        done = subprocess.run(line.replace(HOST, base), shell=True, capture_output=True, text=True, timeout=left)
        assert done.returncode == 0, (line, done.stderr)
        if line.startswith("curl -sfI"):
            assert "etag:" in done.stdout.lower() and "access-control-allow-origin: *" in done.stdout.lower()
    assert (tmp_path / "annotation.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    return tmp_path


@pytest.mark.slow  # against a fresh server (conftest.py's `base`)
def test_the_pandas_example_runs(base):
    (code,) = blocks("python")
    scope: dict = {}
    exec(compile(code.replace(HOST, base), "README.md", "exec"), scope)  # noqa: S102 - our own README
    assert scope["hqds"]["value"].dtype == "float64" and len(scope["hqds"]) > 0
    assert scope["national"]["place_id"].isna().all() and len(scope["national"]) > 0
    assert scope["latest"]["metric_id"].is_unique and scope["provinces"]["role"].eq("province").all()


def duckdb_run(code: str, cwd) -> list:
    """Run DuckDB in a child interpreter (its Python binding reports leaks at exit, which would end the test
    run's output) and return what `code` leaves in `rows`."""
    if importlib.util.find_spec("duckdb") is None:
        pytest.skip("DuckDB is in requirements-dev.txt: pip install -r requirements-dev.txt")
    script = f"import duckdb, json\n{code}\nprint(json.dumps(rows, default=str))"
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=cwd, capture_output=True, text=True, timeout=DUCKDB_SECONDS
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[0])


@pytest.mark.slow  # against a fresh server (conftest.py's `base`)
@pytest.mark.timeout(CURL_SECONDS + 60 + 2 * DUCKDB_SECONDS + 60)
def test_the_duckdb_example_runs_on_the_downloaded_file(base, downloaded):
    with urllib.request.urlopen(base + "/data/observations.parquet", timeout=60) as response:
        (downloaded / "observations.parquet").write_bytes(response.read())
    file_query = next(b for b in blocks("sql") if "httpfs" not in b)
    rows = duckdb_run(f"rows = duckdb.sql({file_query!r}).fetchall()", downloaded)
    assert rows and len({r[0] for r in rows}) == len(rows)
    hqds = {r[0]: r for r in rows}["hqds_count"]
    assert isinstance(hqds[1], float) and hqds[2] in ("exact", "more_than", "about", "at_least")
    dates = duckdb_run(
        "rows = duckdb.sql(\"SELECT CAST(period_start AS DATE) FROM 'observations.parquet'\").fetchall()", downloaded
    )
    assert len(dates) > 400


@pytest.mark.slow  # against a fresh server (conftest.py's `base`)
@pytest.mark.timeout(2 * DUCKDB_SECONDS + 60)
def test_the_duckdb_httpfs_example(base, tmp_path):
    if importlib.util.find_spec("duckdb_extension_httpfs") is None:
        missing("DuckDB's httpfs extension", "pip install -r requirements-dev.txt (duckdb-extension-httpfs)")
    statements = [
        s for s in next(b for b in blocks("sql") if "httpfs" in b).replace(HOST, base).split(";") if s.strip()
    ]
    assert not any("force_download" in s for s in statements)  # the server answers range requests
    # The package's extension file, loaded by its path: INSTALL would download it.
    code = (
        "import duckdb_extension_httpfs, importlib.resources\n"
        "c = duckdb.connect()\n"
        "folder = importlib.resources.files(duckdb_extension_httpfs) / 'extensions'\n"
        "version = c.sql('PRAGMA version').fetchone()[0]\n"
        "c.execute(f\"LOAD '{folder / version / 'httpfs.duckdb_extension'}'\")\n"
    )
    rows = duckdb_run(code + f"rows = [c.execute(s).fetchall() for s in {statements!r}][-1]", tmp_path)
    assert rows[0][0] > 0


@pytest.mark.slow  # against a fresh server (conftest.py's `base`)
def test_the_r_example_runs(base):
    rscript = requires_tool("Rscript", "apt-get install r-base-core")  # installed by .ci/run
    (code,) = blocks("r")
    code = code.replace(HOST, base) + '\nstopifnot(names(obs)[1] == "obs_id", nrow(obs) > 0, !anyNA(obs$as_of))\n'
    done = subprocess.run([rscript, "-e", code], capture_output=True, text=True, timeout=R_SECONDS)
    assert done.returncode == 0, done.stderr


@pytest.mark.slow  # against a fresh server (conftest.py's `base`)
@pytest.mark.timeout(CURL_SECONDS + SOFFICE_SECONDS + 60)
def test_the_libreoffice_example_keeps_the_chinese(downloaded):
    soffice = requires_soffice("libreoffice-calc")
    (command,) = [b for b in blocks("sh") if "soffice" in b]
    profile = f"-env:UserInstallation=file://{downloaded}/lo-profile"
    line = command.strip().replace("soffice ", f'"{soffice}" {profile} ', 1)
    done = subprocess.run(line, shell=True, capture_output=True, text=True, timeout=SOFFICE_SECONDS)
    assert done.returncode == 0, done.stderr
    sheet = openpyxl.load_workbook(downloaded / "annotation.xlsx").active
    header = [c.value for c in sheet[1]]
    assert header[0] == "obs_id" and "metric_zh" in header
    chinese = [sheet.cell(r, header.index("metric_zh") + 1).value for r in range(2, sheet.max_row + 1)]
    assert chinese and all(re.search(r"[\u4e00-\u9fff]", v) for v in chinese)
