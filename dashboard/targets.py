"""Where each policy target stands: progress, the growth a year still needed, the growth a year achieved and a
status, from the actual reports of the series that measures it (datasets/curated/targets.csv). Pure: numbers
and frames in, numbers and frames out; the rule of each status is written in Sources and methods
(`methods.target_rules`) and tested on small synthetic frames (tests/test_targets.py).

A reported figure is read with its qualifier as an interval: "exact" and "about" are a point (equality with
"about" decides nothing), "more than 280" is (280, ∞), "at least 300" is [300, ∞), "nearly", "less than" and
"at most" are upper bounds, "indicative" is no bound at all. A target is a condition on the true value: "more
than 300" is x > 300; "at least", "exact" and "about" targets are reached at x ≥ 300; "less than" and "at
most" targets are ceilings (x < t, x ≤ t). A figure meets a target only when every value of its interval
does, and falls short only when none does; otherwise its bounds cannot decide it. Rates are intervals too:
the growth needed from "more than 340" is at most the growth needed from 340.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

from dashboard.charts.series import GROWTH_KINDS
from dashboard.schema import ObservationKind, Qualifier, Status, TargetReason, TargetStatus
from dashboard.views import sentence_pool

YEAR_DAYS = 365.25
PACE_WINDOW_YEARS = 3.0  # the pace achieved is measured from a report at most this long before the latest
PACE_MIN_YEARS = 0.5  # ... and at least this long before it (a shorter span gives no yearly rate worth stating)
POINTS = (Qualifier.EXACT, Qualifier.ABOUT)
CEILINGS = (Qualifier.LESS_THAN, Qualifier.AT_MOST)  # a target below which the value must stay or fall


@dataclass(frozen=True)
class Bounds:
    """What a figure says of the true value x: lo < x (lo_strict) or lo <= x, and x < hi or x <= hi; None
    where it says nothing; `approx` for "about", whose equality with a target decides nothing."""

    lo: float | None
    hi: float | None
    lo_strict: bool = False
    hi_strict: bool = False
    approx: bool = False


def bounds(value: float, qualifier: str) -> Bounds:
    q = Qualifier(qualifier)
    if q == Qualifier.EXACT:
        return Bounds(value, value)
    if q == Qualifier.ABOUT:
        return Bounds(value, value, approx=True)
    if q == Qualifier.MORE_THAN:
        return Bounds(value, None, lo_strict=True)
    if q == Qualifier.AT_LEAST:
        return Bounds(value, None)
    if q in (Qualifier.NEARLY, Qualifier.LESS_THAN):
        return Bounds(None, value, hi_strict=True)
    if q == Qualifier.AT_MOST:
        return Bounds(None, value)
    return Bounds(None, None)  # indicative


def is_ceiling(target_qualifier: str) -> bool:
    """Whether the target is a ceiling ("less than", "at most"): reached by staying or falling below it."""
    return target_qualifier in CEILINGS


def meets(value: float, qualifier: str, target: float, target_qualifier: str) -> bool | None:
    """True when the figure certainly meets the target, False when it certainly falls short, None when its
    bounds cannot decide ("more than 280" against "at least 300"; "about 300" against "at least 300")."""
    b = bounds(value, qualifier)
    strict = target_qualifier in (Qualifier.MORE_THAN, Qualifier.LESS_THAN)
    if is_ceiling(target_qualifier):  # reached at x < t (strict) or x <= t
        if b.hi is not None and (b.hi < target or (b.hi == target and not b.approx and (b.hi_strict or not strict))):
            return True
        if b.lo is not None and (b.lo > target or (b.lo == target and not b.approx and (b.lo_strict or strict))):
            return False
        return None
    if b.lo is not None and (b.lo > target or (b.lo == target and not b.approx and (b.lo_strict or not strict))):
        return True
    if b.hi is not None and (b.hi < target or (b.hi == target and not b.approx and (b.hi_strict or strict))):
        return False
    return None


@dataclass(frozen=True)
class Span:
    """A quantity known to lie between lo and hi (either may be infinite: a bound gives one side only)."""

    lo: float
    hi: float

    @property
    def point(self) -> bool:
        return self.lo == self.hi

    @property
    def known(self) -> bool:
        """At least one side is finite."""
        return math.isfinite(self.lo) or math.isfinite(self.hi)


def _interval(value: float, qualifier: str) -> tuple[float, float]:
    """The values a figure allows, as (low, high); the figures counted here are never negative."""
    b = bounds(value, qualifier)
    return (0.0 if b.lo is None else b.lo), (math.inf if b.hi is None else b.hi)


def _yearly(ratio: float, years: float) -> float:
    if ratio == math.inf:
        return math.inf
    if ratio <= 0:
        return -1.0
    return ratio ** (1 / years) - 1


def progress(value: float, qualifier: str, target: float) -> Span:
    """The latest figure as a share of the target (1.0 = 100 %), as wide as its bounds."""
    lo, hi = _interval(value, qualifier)
    return Span(lo / target, hi / target)


def needed(value: float, qualifier: str, target: float, years: float) -> Span:
    """The growth a year, compounded, that takes the figure to the target in `years` (0.24 = 24 % a year)."""
    lo, hi = _interval(value, qualifier)
    return Span(_yearly(target / hi if hi else math.inf, years), _yearly(target / lo if lo else math.inf, years))


def achieved(first: tuple[float, str], last: tuple[float, str], years: float) -> Span:
    """The growth a year, compounded, from one figure to a later one, as wide as their bounds."""
    first_lo, first_hi = _interval(*first)
    last_lo, last_hi = _interval(*last)
    low = _yearly(last_lo / first_hi if first_hi != math.inf else 0.0, years)
    high = _yearly(last_hi / first_lo if first_lo else math.inf, years)
    return Span(low, high)


def years_between(start, end) -> float:
    return (pd.Timestamp(end) - pd.Timestamp(start)).days / YEAR_DAYS


@dataclass(frozen=True)
class Assessment:
    """Where one target stands, and the reports that say so (obs ids)."""

    status: TargetStatus
    reason: TargetReason | None = None
    latest: str | None = None  # the latest actual report of its series
    earlier: str | None = None  # the report the pace achieved is measured from
    decisive: str | None = None  # the report that meets it (met) or falls short at the deadline (missed)
    progress: Span | None = None
    needed: Span | None = None
    achieved: Span | None = None
    years_left: float | None = None  # from the latest report to the deadline
    deadline_passed: bool = False


def one_per_date(reports: pd.DataFrame) -> pd.DataFrame:
    """One report per date: an exact or approximate figure over a bound, then the headline rule's order (a
    reported figure over a derived one, the better grade, the later publication)."""
    if reports.empty:
        return reports
    ranked = reports.assign(
        _point=reports.qualifier.isin(POINTS).astype(int),
        _reported=(reports.kind == ObservationKind.REPORTED).astype(int) if "kind" in reports else 1,
        _grade=-reports.grade_rank if "grade_rank" in reports else 0,
        _published=reports.published if "published" in reports else 0,
    )
    ranked = ranked.sort_values(["as_of", "_point", "_reported", "_grade", "_published"], kind="stable")
    kept = ranked.drop_duplicates("as_of", keep="last")
    return kept.drop(columns=["_point", "_reported", "_grade", "_published"])


def pace_from(reports: pd.DataFrame, latest: pd.Series) -> pd.Series | None:
    """The report the pace achieved is measured from: of the reports between PACE_WINDOW_YEARS and
    PACE_MIN_YEARS before the latest, the earliest exact or approximate figure, else the earliest bound."""
    gap = (latest["as_of"] - reports.as_of).dt.days / YEAR_DAYS
    window = reports[(gap >= PACE_MIN_YEARS) & (gap <= PACE_WINDOW_YEARS)].sort_values("as_of", kind="stable")
    if window.empty:
        return None
    points = window[window.qualifier.isin(POINTS)]
    return (points if len(points) else window).iloc[0]


def assess(
    target: float,
    target_qualifier: str,
    deadline,
    reports: pd.DataFrame | None,
    unit_kind: str,
    today,
) -> Assessment:
    """The status of one target from the actual reports of its series (columns obs_id, value, qualifier, as_of;
    None when it has no series), on `today` (the dataset's release date).

    met: a report dated on or before the deadline meets it. missed: not met, and a report dated at or after
    the deadline falls short. Otherwise, from the latest report (before the deadline): on track when the growth
    a year achieved since the report PACE_WINDOW_YEARS to PACE_MIN_YEARS before it is certainly at least the
    growth a year still needed, behind when it is certainly less; not measurable when the series is missing
    or empty, has no earlier report to measure a pace from, its unit has no growth rate, or the bounds cannot
    decide. When the deadline has passed with no report since, on track and behind are judged at the last
    report (reason awaiting)."""
    deadline, today = pd.Timestamp(deadline), pd.Timestamp(today)
    passed = deadline < today
    if reports is None:
        return Assessment(TargetStatus.NOT_MEASURABLE, TargetReason.NO_SERIES, deadline_passed=passed)
    reports = one_per_date(reports).sort_values("as_of", kind="stable")
    if reports.empty:
        return Assessment(TargetStatus.NOT_MEASURABLE, TargetReason.NO_REPORTS, deadline_passed=passed)
    verdicts = [meets(float(r.value), r.qualifier, target, target_qualifier) for r in reports.itertuples()]
    reports = reports.assign(_meets=verdicts)
    last = reports.iloc[-1]
    common = {
        "latest": last["obs_id"],
        "progress": progress(float(last["value"]), last["qualifier"], target),
        "deadline_passed": passed,
    }
    met = reports[(reports.as_of <= deadline) & (reports._meets == True)]  # noqa: E712 (None is undecided)
    if len(met):
        return Assessment(TargetStatus.MET, decisive=met.iloc[0]["obs_id"], **common)
    after = reports[reports.as_of >= deadline]
    if len(after):
        short = after[after._meets == False]  # noqa: E712
        if len(short):
            return Assessment(TargetStatus.MISSED, decisive=short.iloc[-1]["obs_id"], **common)
        late = after[after._meets == True]  # noqa: E712
        reason = TargetReason.MET_LATE if len(late) else TargetReason.BOUNDS
        return Assessment(TargetStatus.NOT_MEASURABLE, reason, **common)
    if unit_kind not in GROWTH_KINDS:
        return Assessment(TargetStatus.NOT_MEASURABLE, TargetReason.NO_PACE, **common)
    years_left = years_between(last["as_of"], deadline)
    need = needed(float(last["value"]), last["qualifier"], target, years_left)
    common |= {"needed": need, "years_left": years_left}
    first = pace_from(reports, last)
    if first is None:
        return Assessment(TargetStatus.NOT_MEASURABLE, TargetReason.NO_EARLIER, **common)
    done = achieved(
        (float(first["value"]), first["qualifier"]),
        (float(last["value"]), last["qualifier"]),
        years_between(first["as_of"], last["as_of"]),
    )
    common |= {"earlier": first["obs_id"], "achieved": done}
    if is_ceiling(target_qualifier):
        on_track, behind = done.hi <= need.lo, done.lo > need.hi
    else:
        on_track, behind = done.lo >= need.hi, done.hi < need.lo
    if not (on_track or behind):
        return Assessment(TargetStatus.NOT_MEASURABLE, TargetReason.BOUNDS, **common)
    status = TargetStatus.ON_TRACK if on_track else TargetStatus.BEHIND
    return Assessment(status, TargetReason.AWAITING if passed else None, **common)


def series_reports(view: pd.DataFrame, metric_id: str, place_id: str | None) -> pd.DataFrame:
    """The actual reported figures of one series (a metric about one place, or national) that a sentence may
    use: from medium- or high-grade sources and not judged a probable slip, else the low-grade ones."""
    rows = view[view.metric_id == metric_id]
    places = rows.place_id.fillna("") if "place_id" in rows else pd.Series("", index=rows.index)
    rows = rows[places == (place_id or "")]
    return sentence_pool(rows[(rows.status == Status.ACTUAL) & (rows.kind == ObservationKind.REPORTED)])


def release_day(release: pd.DataFrame) -> dt.date:
    """The date targets are judged on: the dataset's release date (so a status changes only with the data)."""
    return pd.Timestamp(release.iloc[0]["released"]).date()


def _finite(x: float | None) -> float | None:
    return None if x is None or not math.isfinite(x) else float(x)


def _of(rows: pd.DataFrame, obs_id: str | None, column: str):
    return None if obs_id is None else rows.at[obs_id, column]


def table(target_rows: pd.DataFrame, view: pd.DataFrame, today) -> pd.DataFrame:
    """One row per target, in the columns of `schema.TARGET_DOWNLOAD`: the target (from its observation in
    the view), its series, document and clause (from targets.csv) and where it stands on `today`. A rate's
    high end is null where the figures set no upper limit; its low end is -1 (-100 %) where they set no lower
    one; both are null where the rate is not computed (see status and reason)."""
    from dashboard.schema import TARGET_DOWNLOAD

    by_obs = view.set_index("obs_id", drop=False)
    groups = {m: rows for m, rows in view.groupby("metric_id", sort=False)}
    out = []
    for spec in target_rows.to_dict("records"):
        if spec["obs_id"] not in by_obs.index:
            continue
        goal = by_obs.loc[spec["obs_id"]]
        series = spec.get("series_metric_id")
        has_series = isinstance(series, str) and bool(series)
        place = spec.get("series_place_id") if isinstance(spec.get("series_place_id"), str) else None
        reports = None
        if has_series:
            rows = groups.get(series, view.head(0))
            reports = series_reports(rows, series, place)
        found = assess(float(goal["value"]), goal["qualifier"], goal["as_of"], reports, goal["unit_kind"], today)
        used = reports.set_index("obs_id", drop=False) if reports is not None and len(reports) else None

        def report(obs_id, column, used=used):
            return None if used is None else _of(used, obs_id, column)

        spans = {
            "progress": found.progress,
            "needed": found.needed,
            "achieved": found.achieved,
        }
        row = {
            "target_id": goal["obs_id"],
            "metric_id": goal["metric_id"],
            "metric_en": goal["name_en"],
            "metric_zh": goal["name_zh"],
            "area_id": goal["area_id"],
            "priority_id": goal["priority_id"],
            "place_id": goal["place_id"] if isinstance(goal["place_id"], str) and goal["place_id"] else None,
            "place_en": goal["place_en"] or None,
            "place_zh": goal["place_zh"] or None,
            "value": float(goal["value"]),
            "unit": goal["label_en"],
            "unit_zh": goal["label_zh"],
            "qualifier": goal["qualifier"],
            "deadline": goal["as_of"],
            "deadline_precision": goal["as_of_precision"],
            "source_id": goal["source_id"],
            "publisher": goal["publisher"],
            "publisher_zh": goal["publisher_zh"],
            "published": goal["published"],
            "source_url": goal["url"],
            "source_grade": goal["grade"],
            "evidence": goal["evidence"],
            "clause": spec["clause"],
            "document_en": spec["document_en"],
            "document_zh": spec["document_zh"],
            "series_metric_id": series if has_series else None,
            "series_place_id": place,
            "series_note_en": spec.get("series_note_en"),
            "series_note_zh": spec.get("series_note_zh"),
            "status": str(found.status),
            "reason": None if found.reason is None else str(found.reason),
            "judged_on": pd.Timestamp(today),
            "deadline_passed": found.deadline_passed,
            "latest_obs_id": found.latest,
            "latest_value": report(found.latest, "value"),
            "latest_qualifier": report(found.latest, "qualifier"),
            "latest_as_of": report(found.latest, "as_of"),
            "latest_as_of_precision": report(found.latest, "as_of_precision"),
            "latest_publisher": report(found.latest, "publisher"),
            "latest_publisher_zh": report(found.latest, "publisher_zh"),
            "latest_grade": report(found.latest, "grade"),
            "earlier_obs_id": found.earlier,
            "earlier_value": report(found.earlier, "value"),
            "earlier_qualifier": report(found.earlier, "qualifier"),
            "earlier_as_of": report(found.earlier, "as_of"),
            "earlier_as_of_precision": report(found.earlier, "as_of_precision"),
            "decisive_obs_id": found.decisive,
            "years_left": found.years_left,
        }
        for name, interval in spans.items():
            row[f"{name}_low"] = None if interval is None else _finite(interval.lo)
            row[f"{name}_high"] = None if interval is None else _finite(interval.hi)
        out.append(row)
    frame = pd.DataFrame(out, columns=TARGET_DOWNLOAD.column_names)
    for spec_column in TARGET_DOWNLOAD.columns:
        if spec_column.type == "date":
            frame[spec_column.name] = pd.to_datetime(frame[spec_column.name])
        elif spec_column.type == "float64":
            frame[spec_column.name] = pd.to_numeric(frame[spec_column.name]).astype("float64")
    frame["deadline_passed"] = frame["deadline_passed"].astype(bool)
    return frame


def span(row, name: str) -> Span | None:
    """A rate or progress of a row of `table` as a Span again (None where it was not computed)."""
    lo, hi = row[f"{name}_low"], row[f"{name}_high"]
    if pd.isna(lo) and pd.isna(hi):
        return None
    return Span(-1.0 if pd.isna(lo) else float(lo), math.inf if pd.isna(hi) else float(hi))


# What the pages say of a target ---------------------------------------------------------------------------


def _pct(fraction: float, lang: str) -> str:
    from dashboard.formatting import number_text

    return number_text(abs(fraction) * 100, lang, derived=True)


def _rate_point(rate: float, lang: str, *, total_by: str | None = None) -> str:
    from dashboard.i18n import t

    falling = rate < 0
    if total_by is not None:
        key = "targets.rate.total_fall" if falling else "targets.rate.total"
        return t(key, lang, pct=_pct(rate, lang), date=total_by)
    return t("targets.rate.fall" if falling else "targets.rate.year", lang, pct=_pct(rate, lang))


def rate_text(rate: Span | None, lang: str, *, years: float | None = None, total_by: str | None = None) -> str:
    """A growth rate as a reader takes it: '7.15% a year', 'at most 9.91% a year', 'at least 18.3% a year';
    '—' where the figures give none. With `total_by` (a deadline less than a year after the latest report, in
    `years`), the whole change by then instead: '223% by Dec 2025' (a yearly rate over months misleads)."""
    from dashboard.i18n import t

    if rate is None or not rate.known or (rate.lo <= -1.0 and rate.hi == math.inf):
        return t("targets.unknown", lang)
    if total_by is not None and years is not None:
        rate = Span(*((1 + r) ** years - 1 if math.isfinite(r) and r > -1 else r for r in (rate.lo, rate.hi)))
    point = lambda r: _rate_point(r, lang, total_by=total_by)  # noqa: E731
    if rate.point:
        return point(rate.lo)
    if rate.lo <= -1.0:
        return t("targets.bound.at_most", lang, text=point(rate.hi))
    if rate.hi == math.inf:
        return t("targets.bound.at_least", lang, text=point(rate.lo))
    return t("targets.bound.between", lang, low=point(rate.lo), high=point(rate.hi))


def progress_text(share: Span | None, lang: str) -> str:
    """The latest figure as a share of the target: '93.3%', 'at least 75.6%', 'at most 66%'."""
    from dashboard.i18n import t

    if share is None or not share.known:
        return t("targets.unknown", lang)
    text = lambda x: t("targets.progress", lang, pct=_pct(x, lang))  # noqa: E731
    if share.point:
        return text(share.lo)
    if share.hi == math.inf:
        return t("targets.bound.at_least", lang, text=text(share.lo))
    if share.lo <= 0:
        return t("targets.bound.at_most", lang, text=text(share.hi))
    return t("targets.bound.between", lang, low=text(share.lo), high=text(share.hi))


# Filters (the /targets page and the /data/targets routes) --------------------------------------------------

FILTER_PARAMS = ("area", "status", "metric", "place")


@dataclass(frozen=True)
class TargetFilters:
    areas: tuple[str, ...] = ()  # priorities or actions: a target is kept when its area or its priority is named
    statuses: tuple[str, ...] = ()
    metrics: tuple[str, ...] = ()
    places: tuple[str, ...] = ()  # place ids, and `national`

    def params(self) -> dict[str, str]:
        """The URL parameters that give these filters back (empty ones left out), in FILTER_PARAMS order."""
        values = {"area": self.areas, "status": self.statuses, "metric": self.metrics, "place": self.places}
        return {name: ",".join(values[name]) for name in FILTER_PARAMS if values[name]}


def parse_filters(params: dict[str, str], area_ids, metric_ids=None, place_ids=None):
    """Filters from URL parameters (one value each, comma-separated ids): an unknown id is dropped with an
    `explorer.Notice` naming the closest valid one, as the explorer and the routes do everywhere."""
    from dashboard.explorer import NATIONAL, Notice, closest

    notices: list[Notice] = []

    def ids(name: str, known) -> tuple[str, ...]:
        kept = []
        for value in (part.strip() for part in str(params.get(name, "") or "").split(",")):
            if not value:
                continue
            if known is None or value in known:
                kept.append(value)
            else:
                notices.append(Notice(name, value, "unknown_id", closest(value, known)))
        return tuple(dict.fromkeys(kept))

    filters = TargetFilters(
        ids("area", set(area_ids)),
        ids("status", set(TargetStatus)),
        ids("metric", None if metric_ids is None else set(metric_ids)),
        ids("place", None if place_ids is None else {*place_ids, NATIONAL}),
    )
    return filters, notices


def select(frame: pd.DataFrame, filters: TargetFilters) -> pd.DataFrame:
    """The rows of `table` that pass the filters."""
    from dashboard.explorer import NATIONAL

    keep = pd.Series(True, index=frame.index)
    if filters.areas:
        keep &= frame.area_id.isin(filters.areas) | frame.priority_id.isin(filters.areas)
    if filters.statuses:
        keep &= frame.status.isin(filters.statuses)
    if filters.metrics:
        keep &= frame.metric_id.isin(filters.metrics)
    if filters.places:
        national = frame.place_id.isna() & (NATIONAL in filters.places)
        keep &= frame.place_id.isin(filters.places) | national
    return frame[keep]


def counts(frame: pd.DataFrame) -> dict[str, int]:
    """How many targets have each status, every status named (in TargetStatus order)."""
    found = frame.status.value_counts()
    return {str(s): int(found.get(s, 0)) for s in TargetStatus}
