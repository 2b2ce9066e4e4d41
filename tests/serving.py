"""Start the real app with `streamlit run` on a free loopback port (for browser tests and benchmarks)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


UNPRIVILEGED = "nobody"


def unprivileged() -> str | None:
    """The user that permission-fault tests run a server as (so that a `chmod` applies to it, as it does
    not to root), or None when this process cannot switch users (it is not root) or the user is missing."""
    import pwd

    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        return None
    try:
        pwd.getpwnam(UNPRIVILEGED)
    except KeyError:
        return None
    return UNPRIVILEGED


def shared_folder() -> Path:
    """A new folder that another user can read (pytest's own temporary folders are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="cdmm-shared-"))
    folder.chmod(0o755)
    return folder


def readable_by_all(folder: Path) -> None:
    """Let every user read `folder` and everything under it (the data of a server started as another user)."""
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


def _as_user(user: str, command: list[str], env: dict) -> tuple[list[str], dict]:
    """`command` run as `user` (setpriv, no other groups), with a home of its own and no bytecode written."""
    import pwd

    entry = pwd.getpwnam(user)
    home = Path(tempfile.mkdtemp(prefix="cdmm-home-"))
    home.chmod(0o777)
    switch = ["setpriv", f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}", "--clear-groups", "--"]
    return [*switch, *command], {**env, "HOME": str(home), "PYTHONDONTWRITEBYTECODE": "1"}


@contextlib.contextmanager
def streamlit_server(
    script: str = "dashboard/server.py", env: dict | None = None, args: tuple[str, ...] = (), user: str | None = None
):
    """Yield (base URL, process) of a fresh server; stop it afterwards. Its log is kept in a temp file,
    whose path is `process.log_path` (see `server_log`). With `user` (see `unprivileged`), the server runs
    as that user."""
    port = free_port()
    log = tempfile.NamedTemporaryFile("w", prefix="streamlit-", suffix=".log", delete=False)  # noqa: SIM115 - kept open for the server
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        *args,
    ]
    environment = {**os.environ, **(env or {})}
    if user is not None:
        command, environment = _as_user(user, command, environment)
    proc = subprocess.Popen(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, env=environment)
    proc.log_path = log.name
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240  # the start-up path runs before the port opens; slow on a loaded machine
        while True:
            try:
                urllib.request.urlopen(base + "/_stcore/health", timeout=1)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not start; see {log.name}") from None
                time.sleep(0.1)
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def wait_ready(base: str, timeout: float = 900) -> float:
    """Seconds until the server at `base` answers 200 on /ready (its start-up path and warm-up are done)."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            with urllib.request.urlopen(base + "/ready", timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{base} was not ready within {timeout:.0f} s")


def wait_rendered(page, timeout_s: float = 45.0) -> float | None:
    """Seconds until the script finished (the app says so in data-test-script-state), elements are on the
    page, no skeleton remains and every Plotly chart has drawn, and all of that has held for half a second."""
    t0 = time.perf_counter()
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_s * 1000)
    quiet_since = None
    while time.perf_counter() - t0 < timeout_s:
        running = page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').count() == 0
        skeleton = page.locator('[data-testid="stSkeleton"]').count() > 0
        charts = page.locator('[data-testid="stPlotlyChart"]').count()
        drawn = page.locator('[data-testid="stPlotlyChart"] .main-svg').count()
        started = page.locator('[data-testid="stMain"] [data-testid="stElementContainer"]').count()
        if started and not running and not skeleton and drawn >= charts:
            quiet_since = quiet_since or time.perf_counter()
            if time.perf_counter() - quiet_since > 0.5:
                return quiet_since - t0
        else:
            quiet_since = None
        time.sleep(0.05)
    return None


def server_log(proc) -> str:
    """What a server started by `streamlit_server` has written to its log so far."""
    with open(proc.log_path, encoding="utf-8", errors="replace") as fh:
        return fh.read()


# Lines of a server log that mean something went wrong on the server.
LOG_PROBLEMS = ("Traceback (most recent call last)", " ERROR ", "Exception", "Error:", "raised")


def log_problems(text: str) -> list[str]:
    """The lines of a server log that report an error or a traceback."""
    return [line for line in text.splitlines() if any(word in line for word in LOG_PROBLEMS)]
