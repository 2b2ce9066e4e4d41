"""Series sanity checks, in the spirit of OWID's ETL sanity checks.

A series is one metric about one place (the whole country when `place_id` is empty): the same quantity,
scope and method, so that its actual reports may be joined by a line. These checks look across the actual
reported figures of each series for what usually means that two figures do not belong on one line, or that
one is dated wrongly:

- a stock (a count, volume or computing capacity at a date, with no `period_start`) that falls between two
  consecutive dates;
- the same value reported at two dates by different sources (usually a figure dated by the day it was
  published, not by the period it describes);
- a jump larger than its unit kind allows between reports less than a year apart;
- an "actual" figure whose evidence speaks of a forecast, target or estimate.

A finding is either fixed in the data or acknowledged in `curated/series_reviews.csv` with the reason it
stands; `curation check` fails on any other (see the rules `series_*` in rules.py). Every function here is
pure: rows in, findings out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from dashboard.schema import ObservationKind, SeriesCheck, Status, UnitKind

Row = dict[str, Any]

# Unit kinds whose figures without a period are stocks: a level that only grows (datasets built, base
# stations, platforms, petabytes installed, computing capacity).
STOCK_KINDS = frozenset({UnitKind.COUNT, UnitKind.VOLUME, UnitKind.COMPUTE})
# The largest change between two reports less than a year apart that needs no review: a ratio for
# quantities (later / earlier, either way), percentage points for percentages.
JUMP_RATIO = {
    UnitKind.COUNT: 1.5,
    UnitKind.MONEY: 1.5,
    UnitKind.VOLUME: 2.0,
    UnitKind.COMPUTE: 2.0,
    UnitKind.TOKENS: 10.0,
}
JUMP_POINTS = 10.0
NEAR = dt.timedelta(days=365)
# Words that make a figure a forecast, target or estimate rather than a measured state.
STATUS_WORDS = re.compile(
    r"预计|预测|预期|目标|力争|有望|估算|估计|将达|将超|"
    r"\bexpected\b|\bforecast|\bprojected\b|\btarget|\bestimat|\bwill (?:reach|exceed|hit)\b|\baims? to\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Finding:
    check: SeriesCheck
    obs_ids: tuple[str, ...]  # sorted
    message: str
    fix: str

    @property
    def key(self) -> tuple[str, str]:
        """How `series_reviews.csv` names it: the check and the sorted ids joined by ';'."""
        return (str(self.check), ";".join(self.obs_ids))


def _finding(check: SeriesCheck, rows: Iterable[Row], message: str, fix: str) -> Finding:
    return Finding(check, tuple(sorted({r["obs_id"] for r in rows})), message, fix)


def series_of(row: Row) -> tuple[str, str]:
    """The series a figure belongs to: its metric and its place ('' for the whole country)."""
    return (row["metric_id"], row.get("place_id") or "")


def actual_series(observations: Iterable[Row]) -> dict[tuple[str, str], list[Row]]:
    """The actual reported figures of each series, in the order of the date they describe (then of
    publication)."""
    found: dict[tuple[str, str], list[Row]] = {}
    for row in observations:
        if row["status"] == Status.ACTUAL and row["kind"] == ObservationKind.REPORTED and row["value"] is not None:
            found.setdefault(series_of(row), []).append(row)
    for rows in found.values():
        rows.sort(key=lambda r: (r["as_of"], r["published"], r["obs_id"]))
    return found


def _dates(rows: list[Row]) -> list[list[Row]]:
    """The rows grouped by the date they describe, in date order."""
    groups: list[list[Row]] = []
    for row in rows:
        if groups and groups[-1][0]["as_of"] == row["as_of"]:
            groups[-1].append(row)
        else:
            groups.append([row])
    return groups


def _label(row: Row) -> str:
    return f"{row['value']:g} ({row['as_of'].isoformat()}, {row['source_id']})"


def stock_falls(series: dict[tuple[str, str], list[Row]], unit_kinds: dict[str, str | None]) -> Iterator[Finding]:
    for (metric_id, _), rows in series.items():
        if unit_kinds.get(metric_id) not in STOCK_KINDS:
            continue
        groups = _dates([r for r in rows if r.get("period_start") is None])
        for before, after in zip(groups, groups[1:], strict=False):
            for a in before:
                for b in after:
                    if b["value"] < a["value"]:
                        yield _finding(
                            SeriesCheck.STOCK_FALLS,
                            (a, b),
                            f"{metric_id} is a stock but falls from {_label(a)} to {_label(b)}",
                            "check that each is dated by the period it describes and counts the same thing "
                            "(split the metric if not)",
                        )


def same_value_later_date(series: dict[tuple[str, str], list[Row]]) -> Iterator[Finding]:
    for (metric_id, _), rows in series.items():
        last_seen: dict[float, Row] = {}
        for b in rows:
            a = last_seen.get(b["value"])
            if a is not None and a["as_of"] < b["as_of"] and a["source_id"] != b["source_id"]:
                yield _finding(
                    SeriesCheck.SAME_VALUE_LATER_DATE,
                    (a, b),
                    f"{metric_id} has the same value at two dates from different sources: {_label(a)} and {_label(b)}",
                    "date the later one by the period it describes (it probably restates the earlier figure)",
                )
            last_seen[b["value"]] = b


def jumps(series: dict[tuple[str, str], list[Row]], unit_kinds: dict[str, str | None]) -> Iterator[Finding]:
    for (metric_id, _), rows in series.items():
        kind = unit_kinds.get(metric_id)
        if kind != UnitKind.PERCENT and kind not in JUMP_RATIO:
            continue
        groups = _dates(rows)
        for before, after in zip(groups, groups[1:], strict=False):
            if after[0]["as_of"] - before[0]["as_of"] >= NEAR:
                continue
            for a in before:
                for b in after:
                    if kind == UnitKind.PERCENT:
                        big = abs(b["value"] - a["value"]) > JUMP_POINTS
                        size = f"{b['value'] - a['value']:+g} points"
                    else:
                        low, high = sorted((a["value"], b["value"]))
                        big = low <= 0 or high / low > JUMP_RATIO[UnitKind(kind)]
                        size = f"x{b['value'] / a['value']:.2g}" if a["value"] else "from zero"
                    if big:
                        yield _finding(
                            SeriesCheck.JUMP,
                            (a, b),
                            f"{metric_id} jumps {size} in under a year, from {_label(a)} to {_label(b)}",
                            "check that both count the same thing by the same method (split the metric if not) "
                            "and their dates",
                        )


def status_words(observations: Iterable[Row]) -> Iterator[Finding]:
    for row in observations:
        if row["status"] != Status.ACTUAL or not row.get("evidence"):
            continue
        found = STATUS_WORDS.search(row["evidence"])
        if found:
            yield _finding(
                SeriesCheck.STATUS_WORDS,
                (row,),
                f"{row['obs_id']} is filed as actual but its evidence says '{found.group(0)}'",
                "set status to forecast, target or estimate (or split off the metric of that method)",
            )


def findings(observations: list[Row], unit_kinds: dict[str, str | None]) -> dict[SeriesCheck, list[Finding]]:
    """Every finding of every check, by check. `unit_kinds` maps metric_id to its unit's kind."""
    series = actual_series(observations)
    return {
        SeriesCheck.STOCK_FALLS: list(stock_falls(series, unit_kinds)),
        SeriesCheck.SAME_VALUE_LATER_DATE: list(same_value_later_date(series)),
        SeriesCheck.JUMP: list(jumps(series, unit_kinds)),
        SeriesCheck.STATUS_WORDS: list(status_words(observations)),
    }
