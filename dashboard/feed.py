"""An Atom feed (RFC 4287) of the reported figures, grouped by the dataset release that added them, newest
release first: one entry per release (what it added) followed by one entry per figure it added, newest
publication first, each figure linked to its indicator page, so that a researcher who subscribes sees every
figure once, when it enters the dataset, however old its report. Entry ids are `tag:` URIs (RFC 4151) that
never change with the address the feed is served from; `updated` is the date of the release that added the
figure; the feed is paged (RFC 5005: `?page=`, links first, previous, next and last). Pure: rows in, bytes
out."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import quote, urlencode

import pandas as pd

from dashboard.charts import value_text
from dashboard.formatting import format_date, iso_date

ATOM = "http://www.w3.org/2005/Atom"
# The tag authority and date of every id: fixed for good (RFC 4151 asks for a domain or e-mail address the
# minter held on that date; the project has none of its own yet, so its name stands in, unchanged forever).
TAG = "tag:china-data-market-monitor,2026:"
PAGE_SIZE = 100  # entries per page
RELEASE_LISTED = 20  # figures named in a release's entry (the rest are counted)
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


def version_key(version) -> tuple[int, ...]:
    parts = str(version).split(".")
    return tuple(int(p) if p.isdigit() else -1 for p in parts)


def ordered_entries(rows: pd.DataFrame, releases: pd.DataFrame) -> list[tuple[str, Any]]:
    """Every entry of the feed in order: for each release that added some of `rows`, newest first, the
    release ("release", (version, released, its rows)) then its figures ("figure", row), newest
    publication first. A figure whose release is not listed in `releases` comes last, under its own
    version, dated by its publication."""
    dates = dict(zip(releases.version.astype(str), releases.released, strict=True))
    added = rows.added_in.astype(str) if "added_in" in rows else pd.Series("", index=rows.index)
    versions = sorted(set(added), key=lambda v: (v in dates, dates.get(v, pd.Timestamp.min), version_key(v)))
    entries: list[tuple[str, Any]] = []
    for version in reversed(versions):
        mine = rows[added == version].sort_values(["published", "obs_id"], ascending=[False, True], kind="stable")
        entries.append(("release", (version, dates.get(version), mine)))
        entries += [("figure", row) for _, row in mine.iterrows()]
    return entries


def page_count(entries: int) -> int:
    return max(1, -(-entries // PAGE_SIZE))


def _figure_entry(feed, row, base: str, released) -> None:
    entry = _sub(feed, "entry")
    metric = quote(str(row["metric_id"]))
    _sub(entry, "id", f"{TAG}observation/{quote(str(row['obs_id']))}")
    _sub(entry, "title", entry_title(row))
    _sub(entry, "updated", _timestamp(released if released is not None else row["published"]))
    _sub(entry, "published", _timestamp(row["published"]))
    _sub(entry, "link", rel="alternate", type="text/html", href=f"{base}/indicator?id={metric}")
    if isinstance(row["url"], str) and row["url"].startswith(("https://", "http://")):
        _sub(entry, "link", rel="via", href=row["url"])
    who = _sub(entry, "author")
    _sub(who, "name", row["publisher"])
    _sub(entry, "category", term=str(row["metric_id"]))
    if isinstance(row.get("added_in"), str):
        _sub(entry, "category", term=row["added_in"], scheme=f"{TAG}release", label=f"added in {row['added_in']}")
    words = row["evidence"] if isinstance(row["evidence"], str) else f"= {row['formula']}"
    summary = (
        f"{row['name_zh']}: {value_text(row, 'zh')}. Source: {row['publisher']}, "
        f"{iso_date(row['published'])} (grade {row['grade']}). Evidence: “{words}”"
        + (f" Added in dataset version {row['added_in']}." if isinstance(row.get("added_in"), str) else "")
    )
    _sub(entry, "summary", summary, type="text")


def _release_entry(feed, version: str, released, mine: pd.DataFrame, base: str, filtered: bool) -> None:
    entry = _sub(feed, "entry")
    _sub(entry, "id", f"{TAG}release/{quote(version)}")
    matching = " matching this feed's filters" if filtered else ""
    _sub(entry, "title", f"Dataset version {version}: {len(mine)} figure(s) added{matching}")
    when = _timestamp(released if released is not None else mine.published.max())
    _sub(entry, "updated", when)
    _sub(entry, "published", when)
    _sub(
        entry, "link", rel="alternate", type="application/json", href=f"{base}/data/v/{quote(version)}/datapackage.json"
    )
    _sub(entry, "category", term=version, scheme=f"{TAG}release", label=f"added in {version}")
    named = [f"- {entry_title(row)}" for _, row in mine.head(RELEASE_LISTED).iterrows()]
    more = (
        [f"… and {len(mine) - RELEASE_LISTED} more (each has an entry of its own)."]
        if len(mine) > RELEASE_LISTED
        else []
    )
    _sub(entry, "summary", "\n".join([f"Figures added in dataset version {version}:", *named, *more]), type="text")


def atom_bytes(
    rows: pd.DataFrame, base_url: str, release, filters: dict[str, str], releases: pd.DataFrame, page: int = 1
) -> bytes:
    """One page of the feed of these rows (`page`, 1-based; PAGE_SIZE entries a page). `base_url` is the
    public address the links name (never the request's host; ids do not depend on it); `filters` the query
    that selected the rows (kept in the feed's id and links); `releases` every dataset version and its date."""
    base = base_url.rstrip("/")
    entries = ordered_entries(rows, releases)
    pages = page_count(len(entries))
    shown = entries[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    query = ("?" + urlencode(filters)) if filters else ""

    def at(number: int) -> str:
        return f"{base}/data/feed.xml?" + urlencode({**filters, **({"page": str(number)} if number > 1 else {})})

    _sub(feed, "id", f"{TAG}feed{query}")
    _sub(feed, "title", f"{release['title']}: new figures")
    _sub(
        feed,
        "subtitle",
        f"Figures on China's data-element market, by the dataset release that added them; current version "
        f"{release['version']}.",
    )
    newest = [item[1] for kind, item in entries if kind == "release" and item[1] is not None]
    _sub(feed, "updated", _timestamp(max(newest) if newest else release["released"]))
    _sub(feed, "link", rel="self", href=at(page).rstrip("?"), type="application/atom+xml")
    _sub(feed, "link", rel="first", href=at(1).rstrip("?"), type="application/atom+xml")
    _sub(feed, "link", rel="last", href=at(pages).rstrip("?"), type="application/atom+xml")
    if page > 1:
        _sub(feed, "link", rel="previous", href=at(page - 1).rstrip("?"), type="application/atom+xml")
    if page < pages:
        _sub(feed, "link", rel="next", href=at(page + 1), type="application/atom+xml")
    _sub(feed, "link", rel="alternate", href=f"{base}/explorer{query}", type="text/html")
    author = _sub(feed, "author")
    _sub(author, "name", "China Data Market Monitor")
    _sub(feed, "rights", f"{release['licence']} ({release['licence_url']})")
    released = {item[0]: item[1] for kind, item in entries if kind == "release"}
    for kind, item in shown:
        if kind == "release":
            version, when, mine = item
            _release_entry(feed, version, when, mine, base, bool(filters))
        else:
            _figure_entry(feed, item, base, released.get(str(item.get("added_in"))))
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
