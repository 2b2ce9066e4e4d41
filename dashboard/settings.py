"""Every setting the dashboard reads from its environment, in one registry: name, default, meaning.

A setting is read only through `value()` here, so that the README's settings table can be checked against
this list (`tests/test_documentation.py`) and nothing reads the environment ad hoc. Streamlit's own
serving options live in `.streamlit/config.toml`."""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

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
DATASETS_VERIFY_SECONDS = Setting(
    "DATASETS_VERIFY_SECONDS",
    "300",
    "How often, in seconds, a running server checks the files of the version it serves against the version "
    "marker (damage on disk is logged and /ready answers 503 until the files are right); 0 turns it off.",
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

SETTINGS: tuple[Setting, ...] = (
    DATASETS_URI,
    DATASETS_CHECK_SECONDS,
    DATASETS_VERIFY_SECONDS,
    BROWSER_PATH,
    DASHBOARD_PREPARE,
    PUBLIC_BASE_URL,
)
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


# --- Secrets never leave the process ------------------------------------------------------------------
#
# A location (DATASETS_URI) may carry credentials: a user and password (s3://KEY:SECRET@bucket/prefix) or
# tokens among its options (?access_key=...&secret_key=...&session_token=...). Everything the dashboard
# shows or logs about a location goes through `redact`, and the "dashboard" logger redacts every record
# (`RedactingFilter`), whatever message an underlying library wrote.

HIDDEN = "***"
_USERINFO = re.compile(r"(?P<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*://)(?P<userinfo>[^/@\s?#'\"]+)@")
_SECRET_WORDS = ("key", "secret", "token", "password", "passwd", "pwd", "credential", "signature", "auth", "ticket")
_OPTION = re.compile(r"(?P<name>\b[A-Za-z][A-Za-z0-9_.\-]*)(?P<eq>=|:\s+)(?P<value>[^&\s'\",;)]+)")


def _secret_name(name: str) -> bool:
    """Whether an option's name says it holds a secret: one of its words (split at _ . - and camelCase) is
    key, secret, token, password... (access_key, secretKey, session_token; not monkey or keyboard)."""
    words = re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", name)
    return any(word.casefold().rstrip("s") in _SECRET_WORDS or word.casefold() in _SECRET_WORDS for word in words)


def secrets_of(uri: str) -> list[str]:
    """The secret parts of a location: its user and password, and the values of its secret-looking
    options, as written and decoded (longest first, so that a longer one is hidden whole)."""
    if "://" not in uri:
        return []
    try:
        parts = urlsplit(uri)
        found = [parts.username or "", parts.password or ""]
        found += [value for name, value in parse_qsl(parts.query, keep_blank_values=True) if _secret_name(name)]
    except ValueError:
        return []
    found += [unquote(value) for value in found]
    return sorted({value for value in found if len(value) >= 3}, key=len, reverse=True)


def redact(text: object) -> str:
    """`text` with every credential of a location hidden: the user and password of any URI in it, the values
    of secret-looking options (key, secret, token, password...), and the secrets of the DATASETS_URI
    setting wherever they appear."""
    out = str(text)
    for secret in secrets_of(os.environ.get(DATASETS_URI.name, "")):
        out = out.replace(secret, HIDDEN)
    out = _USERINFO.sub(lambda m: m["scheme"] + HIDDEN + "@", out)
    return _OPTION.sub(lambda m: m["name"] + m["eq"] + HIDDEN if _secret_name(m["name"]) else m[0], out)


class RedactingFilter(logging.Filter):
    """Redacts a log record's message and its traceback before any handler writes it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


if not any(isinstance(f, RedactingFilter) for f in LOG.filters):
    LOG.addFilter(RedactingFilter())
