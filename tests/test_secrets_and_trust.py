"""Secrets and trust (issue 24, item 5): credentials in DATASETS_URI never leave the process (every location
shown or logged is redacted: user, password, and tokens in the query), the deploy configuration does not
expose Streamlit's metrics, limits /data, compresses, and sets the forwarding headers itself; the guide
runs the server as a user without privileges; a lock file with hashes pins every transitive package."""

from __future__ import annotations

import logging
import re
import subprocess

import pytest

from dashboard import data, settings
from tests import asgi
from tests.helpers import REPO, requires_tool
from tests.pages_helper import open_page

KEY, SECRET, TOKEN = "AKIAEXAMPLEKEY24", "wJalrXUtnFEMIsecretK7MDENG", "FwoGZXIvYXdzEtokenXYZ"
HOSTILE_URIS = [
    f"s3://{KEY}:{SECRET}@bucket/prefix?region=us-east-1&bogus=1",
    f"s3://bucket/prefix?access_key={KEY}&secret_key={SECRET}&session_token={TOKEN}&bogus=1",
    f"s3://{KEY}:{SECRET}@bucket/prefix?region=us-east-1&endpoint_override=127.0.0.1:1&scheme=http",
    f"gs://bucket/prefix?access_token={TOKEN}&bogus=1",
    f"hdfs://{KEY}:{SECRET}@namenode:8020/prefix?kerb_ticket={TOKEN}&bogus=1",
]
SECRETS = (SECRET, TOKEN, KEY)


def _leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


@pytest.mark.parametrize("uri", HOSTILE_URIS)
def test_redact_hides_user_password_and_tokens(uri):
    shown = settings.redact(uri)
    assert not _leaks(shown), shown
    assert "bucket" in shown or "namenode" in shown, "the location stays recognisable"


@pytest.mark.parametrize("uri", HOSTILE_URIS[:2])
def test_a_location_error_names_no_credential(uri, caplog):
    with pytest.raises(data.DataFileError) as err:
        data.read_table("sources", uri)
    assert not _leaks(str(err.value)), str(err.value)
    with caplog.at_level(logging.DEBUG):
        version = data.current_version(uri)
        data.check_now(uri)
    assert version.provisional
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert not _leaks(logged), logged
    data.clear_cache()


@pytest.mark.parametrize("uri", HOSTILE_URIS[:2])
def test_pages_and_routes_never_show_a_credential(uri, served):
    served(uri)
    at = open_page("sources")
    shown = " ".join(e.value for e in [*at.error, *at.warning, *at.exception]) + " ".join(m.value for m in at.markdown)
    assert at.error, "the page says the data cannot be read"
    assert not _leaks(shown), shown[:2000]
    for path in ("/data/observations.csv", "/data/sources.csv", "/data/datapackage.json"):
        status, _, body = asgi.call(path)
        assert status == 503
        assert not _leaks(body.decode()), body[:500]


def test_the_dashboard_log_redacts_whatever_is_logged(caplog):
    with caplog.at_level(logging.INFO, logger="dashboard"):
        logging.getLogger("dashboard").warning("location %s failed", HOSTILE_URIS[0])
    assert not _leaks(caplog.text)
    assert not _leaks(" ".join(r.getMessage() for r in caplog.records))


# The deploy configuration ------------------------------------------------------------------------

NGINX = (REPO / "deploy" / "nginx.conf").read_text()


def _block(name: str) -> str:
    """The text of the first `location <name> { ... }` block."""
    start = NGINX.index(name)
    return NGINX[start : NGINX.index("}", start)]


def test_nginx_does_not_expose_streamlits_metrics():
    assert re.search(r"location\s+(=\s*|\^~\s*)?/_stcore/metrics\s*\{[^}]*return\s+404", NGINX)


def test_nginx_limits_the_data_routes():
    assert re.search(r"limit_req_zone\s+\$binary_remote_addr\s+zone=data:", NGINX)
    assert re.search(r"limit_conn_zone\s+\$binary_remote_addr\s+zone=data_conn:", NGINX)
    block = _block("location /data/")
    assert re.search(r"limit_req\s+zone=data\b", block) and re.search(r"limit_conn\s+data_conn\s+\d+", block)
    assert "limit_req_status 429" in NGINX


def test_nginx_compresses_text_and_scripts():
    assert re.search(r"^\s*gzip\s+on;", NGINX, re.M)
    types = re.search(r"gzip_types([^;]*);", NGINX)
    assert types and {"application/javascript", "text/css", "text/csv", "application/json"} <= set(
        types.group(1).split()
    )


def test_nginx_sets_the_forwarding_headers_itself():
    assert "$proxy_add_x_forwarded_for" not in NGINX, "a client's X-Forwarded-For would be passed on"
    for header, value in (
        ("X-Forwarded-For", "$remote_addr"),
        ("X-Forwarded-Proto", "$scheme"),
        ("X-Forwarded-Host", '""'),
        ("Forwarded", '""'),
        ("Host", "$host"),
    ):
        assert re.search(rf"proxy_set_header\s+{re.escape(header)}\s+{re.escape(value)};", NGINX), header


def test_nginx_accepts_the_configuration(tmp_path):
    nginx = requires_tool("nginx", "apt-get install nginx")
    (tmp_path / "tmp").mkdir()
    done = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(REPO / "deploy" / "nginx.conf")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def test_the_deploy_guide_runs_the_server_as_a_user_without_privileges():
    unit = (REPO / "deploy" / "cdmm-dashboard.service").read_text()
    user = re.search(r"^User=(\S+)", unit, re.M)
    assert user and user.group(1) not in ("root", "0")
    for line in ("NoNewPrivileges=true", "ProtectSystem=strict", "ReadOnlyPaths="):
        assert line in unit
    assert "MALLOC_ARENA_MAX" in unit or "Environment=" in unit
    assert "cdmm-dashboard.service" in (REPO / "docs" / "scale-out.md").read_text()


# The lock file -----------------------------------------------------------------------------------

LOCKS = ("requirements.lock", "requirements-dev.lock")


def _pins(path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        found = re.match(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;\\]+)", line)
        if found:
            pins[re.sub(r"\[.*\]", "", found.group(1)).lower().replace("_", "-")] = found.group(2)
    return pins


@pytest.mark.parametrize(("lock", "source"), [(LOCKS[0], "requirements.txt"), (LOCKS[1], "requirements-dev.txt")])
def test_the_lock_pins_every_package_with_hashes(lock, source):
    text = (REPO / lock).read_text()
    entries = re.split(r"\n(?=\S)", text)
    packages = [e for e in entries if re.match(r"^[A-Za-z0-9_.\-\[\]]+==", e)]
    assert len(packages) > 30, "every transitive package, not only the direct ones"
    assert all("--hash=sha256:" in e for e in packages), [e.split()[0] for e in packages if "--hash" not in e]
    locked = _pins(REPO / lock)
    for name, version in _pins(REPO / source).items():
        assert locked.get(name) == version, f"{name}=={version} of {source} is not in {lock}"
    assert {"starlette", "uvicorn", "protobuf", "pillow", "jinja2"} <= set(locked), "Streamlit's own dependencies"


def test_ci_and_the_deploy_guide_install_from_the_lock():
    ci = (REPO / ".ci" / "run").read_text()
    assert "--require-hashes -r requirements-dev.lock" in ci
    assert "requirements.lock" in (REPO / "docs" / "scale-out.md").read_text()
