"""Every setting the dashboard reads from its environment, in one registry: name, default, meaning.

A setting is read only through `value()` here, so that the README's settings table can be checked against
this list (`tests/test_documentation.py`) and nothing reads the environment ad hoc. Streamlit's own
serving options live in `.streamlit/config.toml`."""

from __future__ import annotations

import logging
import os
import re
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

PUBLIC_BASE_URL = Setting(
    "PUBLIC_BASE_URL",
    "",
    "The dashboard's public address (https://host or https://host/prefix) for citations, feed links, workbook cells "
    "and the data package's paths; without it they name http://localhost:8501 or are relative, never the Host "
    "header a request came with.",
)

SETTINGS: tuple[Setting, ...] = (DATASETS_URI, DATASETS_CHECK_SECONDS, BROWSER_PATH, DASHBOARD_PREPARE, PUBLIC_BASE_URL)
LOCAL_BASE_URL = "http://localhost:8501"  # what a citation names when PUBLIC_BASE_URL is not set


def public_base_url() -> str:
    """The PUBLIC_BASE_URL setting without a trailing slash, or '' when it is not set (or is not an http(s)
    address with a host, which is logged): then links are relative and citations name LOCAL_BASE_URL."""
    raw = value(PUBLIC_BASE_URL).rstrip("/")
    if raw and not re.fullmatch(r"https?://[^/?#\s@]+(/[^?#\s]*)?", raw):
        LOG.warning("PUBLIC_BASE_URL=%r is not an http(s) address such as https://example.org; not used", raw)
        return ""
    return raw


def citation_base_url() -> str:
    """The address that citations, feed ids and workbook cells name: PUBLIC_BASE_URL, or LOCAL_BASE_URL."""
    return public_base_url() or LOCAL_BASE_URL


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
