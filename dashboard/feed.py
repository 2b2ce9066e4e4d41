"""An Atom feed (RFC 4287) of the reported figures, newest publication first: one entry per figure, linked
to its indicator page, so that a researcher can subscribe to new reports. Pure: rows in, bytes out."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import quote, urlencode

import pandas as pd

from dashboard.charts import value_text
from dashboard.formatting import format_date, iso_date

ATOM = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 200
_ILLEGAL_XML = str.maketrans({c: None for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]})


def _clean(text) -> str:
    return "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text).translate(_ILLEGAL_XML)


def _timestamp(when) -> str:
    return (iso_date(when) or "1970-01-01") + "T00:00:00Z"


def _sub(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: _clean(v) for k, v in attrs.items()})
    if text is not None:
        element.text = _clean(text)
    return element


def entry_title(row) -> str:
    return f"{row['name_en']}: {value_text(row, 'en')} ({format_date(row['as_of'], row['as_of_precision'], 'en')})"


def atom_bytes(rows: pd.DataFrame, base_url: str, release, filters: dict[str, str]) -> bytes:
    """The feed of these rows (the latest MAX_ENTRIES by publication date). `base_url` is the server's
    address; `filters` the query that selected the rows (kept in the feed's own link)."""
    base = base_url.rstrip("/")
    rows = rows.sort_values(["published", "obs_id"], ascending=[False, True], kind="stable").head(MAX_ENTRIES)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    query = ("?" + urlencode(filters)) if filters else ""
    _sub(feed, "id", f"{base}/data/feed.xml{query}")
    _sub(feed, "title", f"{release['title']}: new reports")
    _sub(feed, "subtitle", f"Reported figures on China's data-element market, dataset version {release['version']}.")
    updated = rows.published.max() if len(rows) else release["released"]
    _sub(feed, "updated", _timestamp(updated))
    _sub(feed, "link", rel="self", href=f"{base}/data/feed.xml{query}", type="application/atom+xml")
    _sub(feed, "link", rel="alternate", href=f"{base}/explorer{query}", type="text/html")
    author = _sub(feed, "author")
    _sub(author, "name", "China Data Market Monitor")
    _sub(feed, "rights", f"{release['licence']} ({release['licence_url']})")
    for _, row in rows.iterrows():
        entry = _sub(feed, "entry")
        _sub(entry, "id", f"{base}/indicator?id={quote(str(row['metric_id']))}#{quote(str(row['obs_id']))}")
        _sub(entry, "title", entry_title(row))
        _sub(entry, "updated", _timestamp(row["published"]))
        _sub(entry, "published", _timestamp(row["published"]))
        _sub(
            entry, "link", rel="alternate", type="text/html", href=f"{base}/indicator?id={quote(str(row['metric_id']))}"
        )
        if isinstance(row["url"], str) and row["url"].startswith(("https://", "http://")):
            _sub(entry, "link", rel="via", href=row["url"])
        who = _sub(entry, "author")
        _sub(who, "name", row["publisher"])
        _sub(entry, "category", term=str(row["metric_id"]))
        words = row["evidence"] if isinstance(row["evidence"], str) else f"= {row['formula']}"
        summary = (
            f"{row['name_zh']}: {value_text(row, 'zh')}. Source: {row['publisher']}, "
            f"{iso_date(row['published'])} (grade {row['grade']}). Evidence: “{words}”"
        )
        _sub(entry, "summary", summary, type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
