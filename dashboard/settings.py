"""Every setting the dashboard reads from its environment, in one registry: name, default, meaning.

A setting is read only through `value()` here, so that the README's settings table can be checked against
this list (`tests/test_documentation.py`) and nothing reads the environment ad hoc. Streamlit's own
serving options live in `.streamlit/config.toml`."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

LOG = logging.getLogger("dashboard")


@dataclass(frozen=True)
class Setting:
    name: str  # the environment variable
    default: str  # as text; "" when the default is computed (see help)
    help: str  # one line, for the docs


DATASETS_URI = Setting(
    "DATASETS_URI",
    "",
    "Where the built tables are read from: a folder or file:// URI (default: the repository's datasets/), or "
    "object storage such as s3://bucket/prefix?endpoint_override=host:port&scheme=http.",
)
DATASETS_CHECK_SECONDS = Setting(
    "DATASETS_CHECK_SECONDS",
    "30",
    "How often, in seconds, a running server looks for a new dataset version under DATASETS_URI; 0 turns it off.",
)
BROWSER_PATH = Setting(
    "BROWSER_PATH",
    "",
    "The Chromium (or Chrome) that renders charts to PNG on the server; default: the first of /usr/bin/chromium, "
    "/usr/bin/chromium-browser, /usr/bin/google-chrome, or chromium on the PATH.",
)

DASHBOARD_PREPARE = Setting(
    "DASHBOARD_PREPARE",
    "first",
    "What a server builds before it accepts connections: first (every page in one language and theme, the others "
    "in the background) or all (every language and theme first: warm from the first connection, starts later).",
)

SETTINGS: tuple[Setting, ...] = (DATASETS_URI, DATASETS_CHECK_SECONDS, BROWSER_PATH, DASHBOARD_PREPARE)


def value(setting: Setting) -> str:
    """The setting's value from the environment (stripped), or its default."""
    return os.environ.get(setting.name, "").strip() or setting.default


def seconds(setting: Setting) -> float:
    """A setting that is a number of seconds (never negative); a value that is not a number is logged and
    the default is used."""
    raw = value(setting)
    try:
        return max(float(raw), 0.0)
    except ValueError:
        LOG.warning("%s=%r is not a number of seconds; using %s", setting.name, raw, setting.default)
        return float(setting.default)
