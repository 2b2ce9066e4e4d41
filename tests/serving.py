"""Start the real app with `streamlit run` on a free loopback port (for browser tests and benchmarks)."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from tests.helpers import REPO, requires_tool

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


START_SECONDS = 240  # for a server to answer: the start-up path runs first, slow on a loaded machine

# The line `streamlit run` prints once it has bound its port (asked for port 0: the system picks a free one).
URL_LINE = re.compile(r"URL: (http://127\.0\.0\.1:\d+)")


UNPRIVILEGED = "nobody"


def unprivileged() -> str | None:
    """The user that permission-fault tests run a server as (so that a `chmod` applies to it, as it does
    not to root), or None when this process cannot switch users (it is not root) or the user is missing."""
    import pwd

    if os.geteuid() != 0:
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
    setpriv = requires_tool("setpriv", "apt-get install util-linux")
    switch = [setpriv, f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}", "--clear-groups", "--"]
    env = {**env, "HOME": str(home), "PYTHONDONTWRITEBYTECODE": "1"}
    probe = subprocess.run(
        [*switch, sys.executable, "-c", "import streamlit, dashboard"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if probe.returncode != 0:  # e.g. the venv or the checkout sits in a folder private to root (mktemp -d)
        raise RuntimeError(
            f"user {user!r} cannot run {sys.executable} in {REPO} (status {probe.returncode}): "
            f"{probe.stderr.strip()[-500:]}; make both folders and their parents readable by all (chmod 755)"
        )
    return [*switch, *command], env


@contextlib.contextmanager
def streamlit_server(
    script: str = "dashboard/server.py", env: dict | None = None, args: tuple[str, ...] = (), user: str | None = None
):
    """Yield (base URL, process) of a fresh server; stop it afterwards. The server binds port 0 itself (the
    system picks a free port, so no other process can take it in between) and the URL is read back from
    its log, a temp file whose path is `process.log_path` (see `server_log`). With `user`
    (see `unprivileged`), the server runs as that user."""
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
        "0",
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        *args,
    ]
    environment = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}  # the URL line reaches the log at once
    if user is not None:
        command, environment = _as_user(user, command, environment)
    proc = subprocess.Popen(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, env=environment)
    proc.log_path = log.name
    try:
        deadline = time.monotonic() + START_SECONDS
        base = None
        while True:
            try:
                base = base or _bound_url(log.name)
                if base:
                    urllib.request.urlopen(base + "/_stcore/health", timeout=1)
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(_not_started(proc, base, log.name))
            time.sleep(0.1)
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _not_started(proc: subprocess.Popen, base: str | None, log_path: str) -> str:
    """Why a server did not start: it exited (with its status and the end of its log), or it ran out of time."""
    with open(log_path, encoding="utf-8", errors="replace") as fh:
        tail = fh.read()[-1500:]
    if proc.poll() is not None:
        return f"streamlit exited with status {proc.returncode} before it answered; {log_path} ends:\n{tail}"
    waited = "its health check to answer" if base else "the URL line in its log"
    return f"streamlit did not start (waited {START_SECONDS} s for {waited}); {log_path} ends:\n{tail}"


def _bound_url(log_path: str) -> str | None:
    with open(log_path, encoding="utf-8", errors="replace") as fh:
        found = URL_LINE.search(fh.read())
    return found.group(1) if found else None


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


class RenderTimeout(AssertionError):
    """A page that did not finish drawing in time: a test failure, with the page's URL and a screenshot."""


def wait_rendered(page, timeout_s: float = 45.0) -> float:
    """Seconds until the script finished (the app says so in data-test-script-state), elements are on the
    page, no skeleton remains and every Plotly chart has drawn, and all of that has held for half a second.
    Raises RenderTimeout (an AssertionError, so the test fails) naming the page's URL, what was still
    missing and where a screenshot of it was saved."""
    t0 = time.perf_counter()
    quiet_since = None
    state = "the app's root element never appeared"
    while time.perf_counter() - t0 < timeout_s:
        if page.locator('[data-testid="stApp"]').count():
            running = page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').count() == 0
            skeleton = page.locator('[data-testid="stSkeleton"]').count() > 0
            charts = page.locator('[data-testid="stPlotlyChart"]').count()
            drawn = page.locator('[data-testid="stPlotlyChart"] .main-svg').count()
            started = page.locator('[data-testid="stMain"] [data-testid="stElementContainer"]').count()
            state = (
                f"script {'running' if running else 'finished'}, {started} elements, "
                f"{'a skeleton' if skeleton else 'no skeleton'}, {drawn} of {charts} charts drawn"
            )
            if started and not running and not skeleton and drawn >= charts:
                quiet_since = quiet_since or time.perf_counter()
                if time.perf_counter() - quiet_since > 0.5:
                    return quiet_since - t0
            else:
                quiet_since = None
        time.sleep(0.05)
    raise RenderTimeout(f"{page.url} did not finish rendering within {timeout_s:.0f} s ({state}); {_screenshot(page)}")


def _screenshot(page) -> str:
    """Save what the page shows now under a fresh temporary folder; say where (or why not)."""
    folder = Path(tempfile.mkdtemp(prefix="cdmm-render-timeout-"))
    path = folder / "page.png"
    try:
        page.screenshot(path=str(path), full_page=True, timeout=15_000)
    except Exception as err:  # noqa: BLE001 - the failure is the timeout; a missing picture must not hide it
        return f"no screenshot ({type(err).__name__}: {err})"
    return f"screenshot: {path}"


def server_log(proc) -> str:
    """What a server started by `streamlit_server` has written to its log so far."""
    with open(proc.log_path, encoding="utf-8", errors="replace") as fh:
        return fh.read()


# Lines of a server log that mean something went wrong on the server.
LOG_PROBLEMS = ("Traceback (most recent call last)", " ERROR ", "Exception", "Error:", "raised")


def log_problems(text: str) -> list[str]:
    """The lines of a server log that report an error or a traceback."""
    return [line for line in text.splitlines() if any(word in line for word in LOG_PROBLEMS)]


@contextlib.contextmanager
def checked_server(during: str = ""):
    """Yield the URL of a fresh `streamlit run dashboard/server.py`; once the caller is done, its log must
    hold no error and no traceback (`log_problems`)."""
    with streamlit_server() as (url, proc):
        yield url
        problems = log_problems(server_log(proc))
    assert not problems, f"the server logged problems{during}:\n" + "\n".join(problems)
