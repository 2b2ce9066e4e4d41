"""The explorer's filters: parsed from the URL, applied to the observations, written back to the URL.
Pure functions only: the page binds them to widgets.

URL parameters (all optional; a copied URL reproduces the view):

    q          free text; every word must appear in the metric's English or Chinese name, the evidence or the notes
    area       priority or action ids, comma-separated (a priority includes its actions)
    source     source ids, comma-separated
    from, to   as-of range, ISO dates (YYYY-MM-DD), inclusive
    kind       reported or derived
    qualifier  qualifiers, comma-separated (exact, more_than, at_least, about, nearly, less_than, at_most, indicative)
    metric     metric ids, comma-separated (the indicators of /indicator?id=...)
    place      place ids, comma-separated, and `national` for the figures about the whole country

and, for the page only (not a filter):

    chart      line or bar: how the explorer draws the filtered figures
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

import numpy as np
import pandas as pd

from dashboard import views
from dashboard.charts import value_text
from dashboard.formatting import format_date
from dashboard.i18n import pick, t
from dashboard.schema import OBSERVATION_KINDS, QUALIFIERS, Grade

PARAMS = ("q", "area", "source", "from", "to", "kind", "qualifier", "metric", "place")
NATIONAL = "national"  # `place=national`: the figures about the whole country (no place_id)
CHART_PARAM = "chart"
CHART_KINDS = ("line", "bar")
MAX_QUERY = 200
MAX_NOTICES = 5  # lines of notices one link can cause: the first values ignored, then one line counting the rest
MAX_SHOWN = 60  # characters of a value quoted in a notice (longer ones end in "…")
DATE_MIN, DATE_MAX = dt.date(2000, 1, 1), dt.date(2100, 12, 31)  # the date widgets' range; dates outside it are dropped


@dataclass(frozen=True)
class Filters:
    q: str = ""
    areas: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    kind: str | None = None
    qualifiers: tuple[str, ...] = ()
    metrics: tuple[str, ...] = ()
    places: tuple[str, ...] = ()  # place ids, and NATIONAL

    @property
    def active(self) -> bool:
        return self != Filters()


@dataclass
class Notice:
    """A URL value that was ignored, and why (a catalog key `explorer.reason.*`), with the closest valid
    value when one is near; shown, never raised (the routes answer 400 with the same)."""

    param: str
    value: str
    reason: str
    suggestion: str = ""

    def __post_init__(self) -> None:
        self.param, self.value, self.suggestion = clip(self.param), clip(self.value), clip(self.suggestion)


def clip(value: object, limit: int = MAX_SHOWN) -> str:
    """A value as a notice quotes it: at most `limit` characters, a longer one cut and ended with "…"."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bounded(notices: Sequence[Notice], more: int = 0) -> tuple[list[Notice], int]:
    """The notices one link causes, as shown: at most MAX_NOTICES lines in all, so when there are more,
    the first MAX_NOTICES - 1 and how many others (the last line counts them). `more`: values already
    counted but not kept (`Parsed.more`)."""
    total = len(notices) + more
    if total <= MAX_NOTICES:
        return list(notices), 0
    shown = list(notices[: MAX_NOTICES - 1])
    return shown, total - len(shown)


def closest(value: str, choices: Iterable[str]) -> str:
    """The valid value nearest to a mistyped one ('ai-datasets' -> 'ai_datasets'), or '' if none is near
    (a value much longer than any id is near none)."""
    if len(str(value)) > 2 * MAX_SHOWN:
        return ""
    found = difflib.get_close_matches(str(value), sorted(choices), n=1, cutoff=0.6)
    return found[0] if found else ""


def single_values(params: Mapping[str, Sequence[str]]) -> tuple[dict[str, str], list[Notice]]:
    """One value per URL parameter, from every value given for each: a parameter given more than once
    (`?metric=a&metric=b`) is dropped with a notice (several values are written once, comma-separated:
    `metric=a,b`), in the explorer and on the routes alike."""
    values: dict[str, str] = {}
    notices: list[Notice] = []
    for name, given in params.items():
        given = list(given)
        if len(given) > 1:
            notices.append(Notice(name, ", ".join(v[:MAX_SHOWN] for v in given[:10]), "repeated"))
        elif given:
            values[name] = given[0]
    return values, notices


@dataclass
class Parsed:
    filters: Filters
    notices: list[Notice] = field(default_factory=list)  # at most MAX_NOTICES, each value clipped
    more: int = 0  # further values ignored, counted but not kept (`bounded` shows the count)


def _split(value: str) -> list[str]:
    return [part.strip() for part in str(value).split(",") if part.strip()]


def _date(value: str) -> dt.date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ValueError("not an ISO date")
    return dt.date.fromisoformat(value.strip())


def parse(
    params: dict[str, str],
    area_ids: set[str],
    source_ids: set[str],
    metric_ids: set[str] | None = None,
    place_ids: set[str] | None = None,
) -> Parsed:
    """Filters from URL parameters; unknown or malformed values are dropped with a notice. Metric and
    place ids are checked against `metric_ids` and `place_ids` when they are given (kept as they are
    otherwise); `national` is always a place."""
    notices: list[Notice] = []
    more = 0

    def notice(name: str, value: str, reason: str, known: Iterable[str] = ()) -> None:
        # Only the first few are kept (and only they look for a near valid value: thousands of unknown
        # ids in one link cost no more than a handful); the others are counted.
        nonlocal more
        if len(notices) < MAX_NOTICES:
            notices.append(Notice(name, value, reason, closest(value, known) if known else ""))
        else:
            more += 1

    q = str(params.get("q", "") or "").strip()
    if len(q) > MAX_QUERY:
        notice("q", q[:40], "too_long")
        q = q[:MAX_QUERY]

    def ids(name: str, known: set[str]) -> tuple[str, ...]:
        kept = []
        for value in _split(params.get(name, "") or ""):
            if value in known:
                kept.append(value)
            else:
                notice(name, value, "unknown_id", known)
        return tuple(dict.fromkeys(kept))

    areas = ids("area", area_ids)
    sources = ids("source", source_ids)
    dates: dict[str, dt.date | None] = {}
    for name in ("from", "to"):
        raw = str(params.get(name, "") or "").strip()
        dates[name] = None
        if raw:
            try:
                day = _date(raw)
            except ValueError:
                notice(name, raw, "not_date")
                continue
            if DATE_MIN <= day <= DATE_MAX:
                dates[name] = day
            else:
                notice(name, raw, "out_of_range")
    if dates["from"] and dates["to"] and dates["from"] > dates["to"]:
        notice("to", dates["to"].isoformat(), "before_from")
        dates["to"] = None
    kind = str(params.get("kind", "") or "").strip() or None
    if kind is not None and kind not in OBSERVATION_KINDS:
        notice("kind", kind, "bad_kind", OBSERVATION_KINDS)
        kind = None
    qualifiers = ids("qualifier", set(QUALIFIERS))
    if metric_ids is None:
        metrics = tuple(dict.fromkeys(_split(params.get("metric", "") or "")))
    else:
        metrics = ids("metric", metric_ids)
    if place_ids is None:
        places = tuple(dict.fromkeys(_split(params.get("place", "") or "")))
    else:
        places = ids("place", {*place_ids, NATIONAL})
    filters = Filters(q, areas, sources, dates["from"], dates["to"], kind, qualifiers, metrics, places)
    return Parsed(filters, notices, more)


def chart_kind(value) -> tuple[str, Notice | None]:
    """The explorer's chart type from `?chart=` (line by default), and a notice for a value not understood."""
    raw = str(value or "").strip()
    if not raw:
        return CHART_KINDS[0], None
    if raw in CHART_KINDS:
        return raw, None
    return CHART_KINDS[0], Notice(CHART_PARAM, raw, "bad_chart", closest(raw.casefold(), CHART_KINDS))


def to_params(filters: Filters) -> dict[str, str]:
    """The canonical URL parameters of a set of filters (empty ones left out)."""
    params = {
        "q": filters.q,
        "area": ",".join(filters.areas),
        "source": ",".join(filters.sources),
        "from": filters.date_from.isoformat() if filters.date_from else "",
        "to": filters.date_to.isoformat() if filters.date_to else "",
        "kind": filters.kind or "",
        "qualifier": ",".join(filters.qualifiers),
        "metric": ",".join(filters.metrics),
        "place": ",".join(filters.places),
    }
    return {k: v for k, v in params.items() if v}


SEARCHED = ("name_en", "name_zh", "evidence", "note", "note_zh", "metric_id")  # the columns `q` looks in


def search_text(view: pd.DataFrame) -> pd.Series:
    """What `q` searches in, per row: those columns joined by spaces, case-folded (build it once per data)."""
    text = view[SEARCHED[0]].fillna("").astype(str)
    for column in SEARCHED[1:]:
        text = text + " " + view[column].fillna("").astype(str)
    return text.str.casefold()


def apply(view: pd.DataFrame, filters: Filters, areas: pd.DataFrame, haystack: pd.Series | None = None) -> pd.DataFrame:
    """The observations that pass every filter (`haystack`: `search_text(view)`, if the caller holds it)."""
    if not filters.active:
        return view.copy(deep=False)
    return view[_mask(view, filters, areas, haystack)]


def positions(view: pd.DataFrame, filters: Filters, areas: pd.DataFrame, haystack: pd.Series | None = None):
    """Where the rows that pass every filter are in `view` (an array of positions, in the view's order)."""
    if not filters.active:
        return np.arange(len(view))
    return np.flatnonzero(_mask(view, filters, areas, haystack).to_numpy())


def _mask(view: pd.DataFrame, filters: Filters, areas: pd.DataFrame, haystack: pd.Series | None) -> pd.Series:
    mask = pd.Series(True, index=view.index)
    if filters.q:
        haystack = search_text(view) if haystack is None else haystack
        for word in filters.q.casefold().split():
            mask &= haystack.str.contains(word, regex=False)
    if filters.areas:
        wanted = set(filters.areas) | set(areas.loc[areas.parent_id.isin(filters.areas), "area_id"])
        mask &= view.area_id.isin(wanted)
    if filters.sources:
        mask &= view.source_id.isin(filters.sources)
    if filters.date_from:
        mask &= view.as_of >= pd.Timestamp(filters.date_from)
    if filters.date_to:
        mask &= view.as_of <= pd.Timestamp(filters.date_to)
    if filters.kind:
        mask &= view.kind == filters.kind
    if filters.qualifiers:
        mask &= view.qualifier.isin(filters.qualifiers)
    if filters.metrics:
        mask &= view.metric_id.isin(filters.metrics)
    if filters.places:
        national = view.place_id.isna() | (view.place_id == "")
        mask &= view.place_id.isin(filters.places) | (national if NATIONAL in filters.places else False)
    return mask


MAX_CHART_METRICS = 4  # a chart of more indicators than this is unreadable: the ones with most figures
PAGE_SIZE = 500  # table rows the explorer sends at once; the count and the downloads cover every row


def page_count(n: int, size: int = PAGE_SIZE) -> int:
    return max(1, -(-n // size))


def page_bounds(n: int, page: int, size: int = PAGE_SIZE) -> tuple[int, int]:
    """(start, stop) of page `page` (1-based, clamped to the pages there are) of n rows."""
    page = min(max(int(page), 1), page_count(n, size))
    return (page - 1) * size, min(page * size, n)


@dataclass(frozen=True)
class ChartPlan:
    """What the explorer draws for some rows: the groups of national figures, one chart each (per unit for
    lines, per indicator for bars), at most `max_metrics` indicators (those chosen, else those with the
    most figures)."""

    kind: str
    groups: tuple[tuple[str, pd.DataFrame], ...]  # (unit or metric_id, rows)
    limited_from: int | None = None  # how many indicators there were, when more than drawn
    mixed_units: bool = False
    ranked_by_count: bool = True  # the drawn indicators each have more figures than any left out


def chart_plan(rows: pd.DataFrame, filters: Filters, kind: str, max_metrics: int) -> ChartPlan:
    national = views.national(rows)
    national = national[national.value.notna()]
    if national.empty:
        return ChartPlan(kind, ())
    counts = national.groupby("metric_id").size().sort_values(ascending=False, kind="stable")
    chosen = [m for m in filters.metrics if m in counts.index] or list(counts.index)
    limited = None
    ranked = True
    if len(chosen) > max_metrics:
        limited = len(chosen)
        ordered = sorted(chosen, key=lambda m: (-counts[m], m))
        chosen = ordered[:max_metrics]
        ranked = counts[ordered[max_metrics - 1]] > counts[ordered[max_metrics]]  # no tie at the cut
    drawn = national[national.metric_id.isin(chosen)]
    units = list(dict.fromkeys(drawn.sort_values("metric_id").unit))
    if kind == "line":
        groups = tuple((unit, drawn[drawn.unit == unit]) for unit in units)
        return ChartPlan(kind, groups, limited, len(units) > 1, ranked)
    groups = tuple((m, drawn[drawn.metric_id == m].sort_values(["as_of", "published"], kind="stable")) for m in chosen)
    return ChartPlan(kind, groups, limited, ranked_by_count=ranked)


def chart_limit_caption(plan: ChartPlan, lang: str) -> str:
    """What the chart leaves out, stated as the plan chose it: 'the N with the most figures' only when each
    drawn indicator has more figures than every one left out; otherwise the rule that broke the tie."""
    drawn = len({m for _, group in plan.groups for m in group.metric_id})
    key = "explorer.chart_limit" if plan.ranked_by_count else "explorer.chart_limit_tied"
    return t(key, lang, n=drawn, total=plan.limited_from)


def describe(filters: Filters) -> str:
    """A short slug of the filters, for file names: 'q-annotation_area-ai_datasets' or 'all'."""
    parts = []
    for name, value in to_params(filters).items():
        slug = re.sub(r"[^a-z0-9]+", "-", value.casefold()).strip("-")[:40] or "x"
        parts.append(f"{name}-{slug}")
    return "_".join(parts) or "all"


def file_name(filters: Filters, today: dt.date, extension: str, known_at: dt.date | None = None) -> str:
    """The download's file name: the filters, what was known at a date (the routes' `known_at`), the day."""
    vintage = f"_known-at-{known_at.isoformat()}" if known_at else ""
    return f"cdmm-observations-{describe(filters)}{vintage}-{today.isoformat()}.{extension}"


def view_url(base_url: str, filters: Filters, lang: str | None = None) -> str:
    """The URL that reopens this view (filters in the explorer's own parameter format)."""
    params = to_params(filters)
    if lang:
        params["lang"] = lang
    return base_url.rstrip("/") + "/explorer" + ("?" + urlencode(params) if params else "")


def version_url(
    base_url: str, version: str, filters: Filters, fmt: str = "csv", extra: Mapping[str, str] | None = None
) -> str:
    """The address of these filtered rows in one dataset version: /data/v/<version>/observations.<fmt>, which
    serves that version as long as the store keeps it (the address a citation gives); `extra`: the routes'
    own parameters (known_at)."""
    params = {**to_params(filters), **(extra or {})}
    query = "?" + urlencode(params) if params else ""
    return f"{base_url.rstrip('/')}/data/v/{version}/observations.{fmt}{query}"


def display_frame(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The filtered rows as the explorer's table shows them: the value written with its qualifier and unit."""
    records = []
    for _, row in rows.iterrows():
        records.append(
            {
                "metric": pick(row, "name", lang),
                "place": pick(row, "place", lang),
                "figure": ("⚠ " if row["grade"] == Grade.LOW else "") + value_text(row, lang),
                "value": float(row["value"]),
                "qualifier": t("qualifier." + row["qualifier"], lang),
                "as_of": format_date(row["as_of"], row["as_of_precision"], lang),
                "status": t("status." + row["status"], lang),
                "source": pick(row, "publisher", lang),
                "published": format_date(row["published"], row["published_precision"], lang),
                "grade": t("grade." + row["grade"], lang),
                "evidence": row["evidence"] if isinstance(row["evidence"], str) else f"= {row['formula']}",
                "link": row["url"] if isinstance(row["url"], str) and row["url"].startswith("http") else "",
                "obs_id": row["obs_id"],
            }
        )
    columns = [
        "metric",
        "place",
        "figure",
        "value",
        "qualifier",
        "as_of",
        "status",
        "source",
        "published",
        "grade",
        "evidence",
        "link",
        "obs_id",
    ]
    return pd.DataFrame.from_records(records, columns=columns)
