"""Pure reshaping of the loaded tables into what pages show. No Streamlit here: every function takes
DataFrames and returns DataFrames (or plain values), so each is testable alone.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from dashboard.schema import AreaKind, Grade, MemberAssessment, MemberTable, ObservationKind, Status

GRADE_ORDER = {"high": 0, "medium": 1, "low": 2}
GRADE_BY_RANK = {rank: grade for grade, rank in GRADE_ORDER.items()}
DERIVED_PUBLISHER = {"en": "China Data Market Monitor (derived)", "zh": "本站推算（中国数据要素市场监测）"}
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _credit_derived(view: pd.DataFrame) -> pd.DataFrame:
    """A derived figure is ours: credited to this project, not to a publisher, and graded as its weakest
    input (the lowest grade among the observations its formula uses)."""
    derived = (view.kind == ObservationKind.DERIVED).to_numpy()
    if not derived.any():
        return view
    positions = np.flatnonzero(derived)
    formulas = view.formula.to_numpy()
    names = {i: _IDENTIFIER.findall(str(formulas[i] or "")) for i in positions}
    used = view.obs_id.isin({n for found in names.values() for n in found})
    rank_by_obs = dict(zip(view.obs_id[used], view.grade_rank[used], strict=True))
    ranks = view.grade_rank.to_numpy().copy()
    for i in positions:
        inputs = [o for o in names[i] if o in rank_by_obs]
        ranks[i] = max([int(rank_by_obs[o]) for o in inputs] + [int(ranks[i])])
    formula = view.formula.astype(str)

    def ours(column: str, values) -> pd.Series:
        return view[column].where(~derived, values)

    grades = pd.Series([GRADE_BY_RANK[r] for r in ranks], index=view.index, dtype=view.grade.dtype)
    return view.assign(
        grade_rank=ranks,
        grade=ours("grade", grades),
        publisher=ours("publisher", DERIVED_PUBLISHER["en"]),
        publisher_zh=ours("publisher_zh", DERIVED_PUBLISHER["zh"]),
        source_title=ours("source_title", "Derived by China Data Market Monitor: " + formula),
        source_title_zh=ours("source_title_zh", "本站推算：" + formula),
        url=ours("url", None),
    )


def observation_view(
    observations: pd.DataFrame,
    metrics: pd.DataFrame,
    units: pd.DataFrame,
    sources: pd.DataFrame,
    conflict_members: pd.DataFrame,
    places: pd.DataFrame | None = None,
    areas: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per observation with everything needed to show or export it: metric names, area and the
    area's priority (from `areas`), unit labels, the source's title, publisher, URL and grade, the
    conflicts it belongs to, and the place it is about (names, role, province, coordinates; empty names and
    null otherwise for a national figure)."""
    if "place_id" not in observations:
        observations = observations.assign(place_id=None)
    metric_cols = metrics.rename(columns={"unit": "metric_unit"})[
        ["metric_id", "name_en", "name_zh", "area_id", "definition_en", "definition_zh", "headline_rank"]
    ]
    unit_cols = units.rename(columns={"kind": "unit_kind"})[
        ["unit_id", "label_en", "label_zh", "zh_scale", "axis_en", "axis_zh", "unit_kind"]
    ]
    source_cols = sources.rename(
        columns={
            "title": "source_title",
            "title_zh": "source_title_zh",
            "kind": "source_kind",
            "note": "source_note",
            "note_zh": "source_note_zh",
            "published": "source_published",
            "language": "source_language",
        }
    )[
        [
            "source_id",
            "source_title",
            "source_title_zh",
            "publisher",
            "publisher_zh",
            "url",
            "reliability",
            "grade",
            "published_precision",
            "source_kind",
            "source_language",
        ]
    ]
    obs_conflicts = (
        conflict_members[conflict_members.member_table == MemberTable.OBSERVATIONS]
        .groupby("member_id")["conflict_id"]
        .agg(lambda ids: tuple(sorted(ids)))
        .rename("conflict_ids")
    )
    # Sorted first, on the narrow table (obs_id is unique: no ties); then each lookup table's columns are
    # aligned to the observations (a left join by unique key that moves only the looked-up columns).
    observations = observations.sort_values(["metric_id", "as_of", "published", "obs_id"], kind="stable")
    observations = observations.reset_index(drop=True)

    def looked_up(table: pd.DataFrame, key: str, on: str) -> pd.DataFrame:
        aligned = table.set_index(key).reindex(observations[on].to_numpy())
        return aligned.set_axis(observations.index, axis=0)

    view = pd.concat(
        [
            observations,
            looked_up(metric_cols, "metric_id", "metric_id"),
            looked_up(unit_cols, "unit_id", "unit"),
            looked_up(source_cols, "source_id", "source_id"),
        ],
        axis=1,
    )
    view["conflict_ids"] = [ids if isinstance(ids, tuple) else () for ids in observations.obs_id.map(obs_conflicts)]
    members = conflict_members[conflict_members.member_table == MemberTable.OBSERVATIONS]
    slips = set(members.loc[members.assessment == MemberAssessment.PROBABLE_ERROR, "member_id"])
    view["probable_error"] = observations.obs_id.isin(slips).to_numpy()
    view["grade_rank"] = view["grade"].map(GRADE_ORDER)
    for lang in ("en", "zh"):
        names = dict(zip(places.place_id, places[f"name_{lang}"], strict=True)) if places is not None else {}
        view[f"place_{lang}"] = view.place_id.map(names).fillna("").astype(str) if names else ""
    for column, origin in PLACE_COLUMNS.items():
        if places is not None and len(places):
            view[column] = looked_up(places[["place_id", origin]], "place_id", "place_id")[origin]
        else:
            view[column] = pd.Series(None, index=view.index, dtype="float64" if origin in ("lat", "lon") else "str")
    view["priority_id"] = _priorities(view.area_id, areas)
    return _credit_derived(view).reset_index(drop=True)


# view column <- places column: the place a figure is about (null for a national figure)
PLACE_COLUMNS = {
    "place_role": "role",
    "province_en": "province_en",
    "province_zh": "province_zh",
    "place_lat": "lat",
    "place_lon": "lon",
}


def _priorities(area_ids: pd.Series, areas: pd.DataFrame | None) -> pd.Series:
    """The priority of each area: its parent for a specialized action, else itself (null when unknown)."""
    if areas is None:
        return pd.Series(None, index=area_ids.index, dtype="str")
    parents = dict(zip(areas.area_id, areas.parent_id, strict=True))
    return pd.Series(
        [
            None if not isinstance(a, str) or a not in parents else parents[a] if isinstance(parents[a], str) else a
            for a in area_ids
        ],
        index=area_ids.index,
        dtype="str",
    )


def area_family(areas: pd.DataFrame, area_id: str) -> list[str]:
    """The area and its specialized actions, if any."""
    children = areas.loc[areas.parent_id == area_id, "area_id"].tolist()
    return [area_id, *children]


def area_observations(view: pd.DataFrame, areas: pd.DataFrame, area_id: str) -> pd.DataFrame:
    return view[view.area_id.isin(area_family(areas, area_id))]


def national(view: pd.DataFrame) -> pd.DataFrame:
    """Figures about the whole country (not about one province or city)."""
    return view[view.place_id.isna() | (view.place_id == "")] if "place_id" in view else view


def by_place(view: pd.DataFrame) -> pd.DataFrame:
    """Figures about one province or city."""
    return view[view.place_id.notna() & (view.place_id != "")] if "place_id" in view else view.head(0)


def metric_rows(view: pd.DataFrame, metric_ids) -> pd.DataFrame:
    """National observations of the given metrics, in time order (figures about one place are drawn by
    place, never on the national line)."""
    ids = [metric_ids] if isinstance(metric_ids, str) else list(metric_ids)
    rows = national(view)
    return rows[rows.metric_id.isin(ids)].sort_values(["as_of", "published", "obs_id"], kind="stable")


MIN_SERIES_POINTS = 3  # a metric with this many dates of national figures is drawn as a series
MIN_PLACES = 3  # a metric reported for this many places gets a ranked chart


def series_metrics(view: pd.DataFrame, metric_ids, min_points: int = MIN_SERIES_POINTS) -> list[str]:
    """Of these metrics, those with national reports on `min_points` dates or more."""
    rows = national(view)
    rows = rows[rows.metric_id.isin(set(metric_ids)) & (rows.status == Status.ACTUAL)]
    dates = rows.groupby("metric_id").as_of.nunique()
    return [m for m in metric_ids if dates.get(m, 0) >= min_points]


def place_metrics(view: pd.DataFrame, metric_ids) -> list[str]:
    """Of these metrics, those reported for MIN_PLACES places or more."""
    rows = by_place(view)
    rows = rows[rows.metric_id.isin(set(metric_ids))]
    places = rows.groupby("metric_id").place_id.nunique()
    return [m for m in metric_ids if places.get(m, 0) >= MIN_PLACES]


def latest_by_place(view: pd.DataFrame, metric_id: str) -> pd.DataFrame:
    """The latest actual report of a metric for each place (trusted sources first), largest value first."""
    rows = by_place(view)
    rows = rows[(rows.metric_id == metric_id) & (rows.status == Status.ACTUAL)]
    rows = rows.sort_values(["as_of", "grade_rank", "published"], ascending=[True, False, True], kind="stable")
    return rows.drop_duplicates("place_id", keep="last").sort_values("value", ascending=False, kind="stable")


def newest_described(view: pd.DataFrame) -> pd.Timestamp | None:
    """The latest date that an actual reported figure describes."""
    rows = view[(view.status == Status.ACTUAL) & (view.kind == ObservationKind.REPORTED)]
    return rows.as_of.max() if len(rows) else None


STALE_AFTER = pd.Timedelta(days=365)


def is_stale(as_of, newest) -> bool:
    """A figure that describes a date more than 12 months before the newest report of its priority."""
    return newest is not None and pd.notna(as_of) and newest - as_of > STALE_AFTER


def single_source(view: pd.DataFrame, row) -> bool:
    """Whether no other source reports this figure (same metric, date and value)."""
    view = view[["metric_id", "as_of", "value", "kind", "source_id"]]
    same = view[
        (view.metric_id == row["metric_id"])
        & (view.as_of == row["as_of"])
        & (view.value == row["value"])
        & (view.kind == ObservationKind.REPORTED)
    ]
    return same.source_id.nunique() <= 1


# The headline rule's order: sorted so, the headline is the last row (the latest date; on one date a reported figure
# over one we derived, then the better grade, then the later publication). Cards, titles and sentences all use it.
HEADLINE_ORDER = (["as_of", "kind", "grade_rank", "published"], [True, True, False, True])


def in_headline_order(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.sort_values(HEADLINE_ORDER[0], ascending=HEADLINE_ORDER[1], kind="stable")


def sentence_pool(rows: pd.DataFrame) -> pd.DataFrame:
    """The reports a title or sentence about one series may use: its actual reported figures from medium- or
    high-grade sources, or, if it has none, its low-grade ones."""
    actual = rows[(rows.status == Status.ACTUAL) & (rows.kind == ObservationKind.REPORTED) & rows.value.notna()]
    return _most_trusted(actual)


def _most_trusted(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows a headline may come from: those from medium- or high-grade sources that no conflict judges
    a probable error; else those no conflict judges so (low-grade ones); else all."""
    sound = ~rows.probable_error if "probable_error" in rows else pd.Series(True, index=rows.index)
    trusted = rows[sound & (rows.grade != Grade.LOW)]
    if len(trusted):
        return trusted
    return rows[sound] if sound.any() else rows


def headline_row(rows: pd.DataFrame) -> pd.Series | None:
    """The figure a title or a sentence headlines among the reports of one series: the newest actual report
    from a medium- or high-grade source; the newest low-grade one only when the series has no other; None
    when it has no actual report."""
    pool = sentence_pool(rows)
    return None if pool.empty else in_headline_order(pool).iloc[-1]


def latest_reports(view: pd.DataFrame, metric_id: str) -> dict[str, pd.Series | None]:
    """For a metric: the latest actual report from a source that is not low-grade ('latest'), the
    report before it ('previous', an earlier date), and any later report from a low-grade source
    ('later_low'). Reported figures are preferred to derived ones. A metric with no actual figure (only a
    target, forecast or estimate) gives its latest such figure as 'latest'."""
    found = latest_positions(view, metric_id)
    return {name: None if position is None else view.iloc[position] for name, position in found.items()}


def latest_positions(view: pd.DataFrame, metric_id: str) -> dict[str, int | None]:
    """Where `latest_reports` finds its rows in `view` (positions)."""
    # The rule works on the few columns it reads (positions kept), and only the rows it picks are taken
    # whole: filtering every column of a wide view costs far more than the rule itself.
    columns = [
        c
        for c in (
            "metric_id",
            "status",
            "as_of",
            "kind",
            "grade_rank",
            "published",
            "grade",
            "place_id",
            "probable_error",
        )
        if c in view
    ]
    narrow = national(view[columns].reset_index(drop=True))
    rows = narrow[(narrow.metric_id == metric_id) & (narrow.status == Status.ACTUAL)]
    if rows.empty:  # a metric with only targets, forecasts or estimates: show the latest of those
        rows = narrow[narrow.metric_id == metric_id]
    rows = in_headline_order(rows)
    pool = _most_trusted(rows)
    found = {"latest": pool.index[-1] if len(pool) else None, "previous": None, "later_low": None}
    if found["latest"] is not None:
        as_of = pool.as_of.iloc[-1]
        earlier = pool[pool.as_of < as_of]
        found["previous"] = earlier.index[-1] if len(earlier) else None
        low_after = rows[(rows.grade == Grade.LOW) & (rows.as_of > as_of) & (rows.kind == ObservationKind.REPORTED)]
        found["later_low"] = low_after.index[-1] if len(low_after) else None
    return found


EXPECTED = (Status.FORECAST, Status.TARGET)  # what a figure is expected to be, never what it was


def known_at(view: pd.DataFrame, day) -> pd.DataFrame:
    """The figures published on or before `day`: what a reader could have known then (FRED's real-time
    period, simplified: a figure is known from its publication date on, and stays known). The routes'
    `known_at=` and the indicator page's "what was known when" both read this."""
    return view[view.published <= pd.Timestamp(day)]


def known_latest(view: pd.DataFrame, metric_id: str, day) -> tuple[pd.Series | None, pd.Series | None]:
    """For one metric's figures about one place (or all national), what was known on `day`: the latest
    figure by the rule of the cards among the actual ones (and estimates), and, kept apart, the latest
    forecast or target published by then (the most recently published, then the latest date it is about);
    None for either when there was none. A forecast is never taken for the latest figure."""
    known = known_at(view, day)
    known = known[known.metric_id == metric_id]
    expected = known.status.isin(EXPECTED)
    figures = known[~expected]
    latest = None
    if len(figures):
        rule = [c for c in ("metric_id", "status", "as_of", "kind", "grade_rank", "published", "grade") if c in figures]
        rule += [c for c in ("probable_error",) if c in figures]
        position = latest_positions(figures[rule].assign(place_id=None), metric_id)["latest"]
        latest = None if position is None else figures.iloc[position]
    outlook = known[expected].sort_values(["published", "as_of", "obs_id"], kind="stable")
    return latest, (outlook.iloc[-1] if len(outlook) else None)


def latest_of_each(view: pd.DataFrame) -> pd.DataFrame:
    """`latest_reports(view, m)["latest"]` for every metric m at once, indexed by metric_id (one sort of the
    whole view instead of one filter per metric: for catalogues of every indicator)."""
    keys = ["metric_id", "status", "grade", "as_of", "kind", "grade_rank", "published"]
    keys += [c for c in ("place_id", "probable_error") if c in view]
    rows = national(view[keys])  # narrow: only the rule's columns
    actual = rows.status == Status.ACTUAL
    rows = rows[actual | ~actual.groupby(rows.metric_id).transform("any")]
    # as _most_trusted, for every metric at once: sound and not low-grade, else sound, else all
    sound = ~rows.probable_error if "probable_error" in rows else pd.Series(True, index=rows.index)
    rows = rows[sound | ~sound.groupby(rows.metric_id).transform("any")]
    trusted = rows.grade != Grade.LOW
    rows = rows[trusted | ~trusted.groupby(rows.metric_id).transform("any")]
    rows = in_headline_order(rows)
    latest = rows.groupby("metric_id", sort=False).tail(1).index
    return view.loc[latest].set_index("metric_id", drop=False)


def metric_positions(view: pd.DataFrame) -> dict[str, np.ndarray]:
    """Where the rows of each metric are in the view, in the view's order (one pass; the pages then work
    on a metric's own rows)."""
    return view.groupby("metric_id", sort=False).indices


def richest(counts: dict[str, int] | pd.Series, metric_ids, limit: int) -> list[str]:
    """Of these metrics (kept in their order), the `limit` with the largest counts (ties: the first)."""
    metric_ids = list(metric_ids)
    if len(metric_ids) <= limit:
        return metric_ids
    ranked = sorted(range(len(metric_ids)), key=lambda i: (-int(counts.get(metric_ids[i], 0)), i))[:limit]
    return [metric_ids[i] for i in sorted(ranked)]


def headline_metric_ids(metrics: pd.DataFrame) -> list[str]:
    ranked = metrics.dropna(subset=["headline_rank"]).sort_values("headline_rank")
    return ranked.metric_id.tolist()


def metrics_except(view: pd.DataFrame, exclude=()) -> list[str]:
    """The metrics of some rows in first-seen order, except `exclude` (those a page already shows)."""
    return [m for m in dict.fromkeys(view.metric_id) if m not in set(exclude)]


def what_changed(view: pd.DataFrame, limit: int = 6) -> pd.DataFrame:
    """The most recently published reports that moved a metric to a newer date and a different value.

    Each row is a report whose as_of is later than that of every report published before it for the same
    metric, and whose value or qualifier differs from the point before it. Figures in a recorded conflict
    are left out (the pages show them with their conflict). Columns `prev_*` describe the point before.

    One pass over plain arrays (in publication order within each metric), so that the cost stays a few
    microseconds per figure as the data grows."""
    actual = view[
        (view.status == Status.ACTUAL) & (view.kind == ObservationKind.REPORTED) & (view.conflict_ids.map(len) == 0)
    ]
    if actual.empty:
        return view.head(0)
    codes, _ = pd.factorize(actual.metric_id)  # metrics in order of first appearance
    published, as_of = actual.published.to_numpy(), actual.as_of.to_numpy()
    order = np.lexsort((as_of, published, codes)).tolist()  # stable: by metric, then published, then as_of
    codes, as_of = codes.tolist(), as_of.astype("datetime64[s]").astype("int64").tolist()  # plain Python values
    values, qualifiers = actual.value.tolist(), actual.qualifier.tolist()
    ranks = actual.grade_rank.tolist()
    changes: list[list[int]] = []  # [position of the report, position of the point before it]
    frontier = -1
    metric = -1
    for position in order:
        if codes[position] != metric:
            metric, frontier = codes[position], -1
        if frontier >= 0:
            later = as_of[position] > as_of[frontier]
            if (
                as_of[position] == as_of[frontier]
                and values[position] == values[frontier]
                and ranks[position] < ranks[frontier]
            ):
                # a later, better-graded report of the same figure: cite it instead
                if changes and changes[-1][0] == frontier:
                    changes[-1][0] = position
                frontier = position
                continue
            if later and (values[position] != values[frontier] or qualifiers[position] != qualifiers[frontier]):
                changes.append([position, frontier])
            if later:
                frontier = position
        else:
            frontier = position
    if not changes:
        return view.head(0)
    rows = actual.iloc[[c[0] for c in changes]].reset_index(drop=True)
    before = actual.iloc[[c[1] for c in changes]].reset_index(drop=True)
    frame = rows.assign(
        **{f"prev_{k}": before[k] for k in ("value", "qualifier", "as_of", "as_of_precision", "obs_id")}
    )
    frame = frame.sort_values(["published", "as_of"], ascending=False, kind="stable")
    frame = frame.sort_values("grade_rank", key=lambda g: g == GRADE_ORDER["low"], kind="stable")  # trusted first
    return frame.drop_duplicates("metric_id").head(limit).reset_index(drop=True)


def figures_per_area(view: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """Count of reported figures per priority (actions rolled into their priority), by source grade."""
    parent = areas.set_index("area_id").parent_id
    tops = {a: (p if isinstance(p, str) else a) for a, p in parent.items()}
    top = view.area_id.map(tops).fillna(view.area_id)
    counted = view.assign(top_area=top)
    counted = counted[counted.kind == ObservationKind.REPORTED].dropna(subset=["top_area"])
    table = counted.groupby(["top_area", "grade"]).size().unstack(fill_value=0)
    for grade in (Grade.HIGH, Grade.MEDIUM, Grade.LOW):
        if grade not in table:
            table[grade] = 0
    table = table[["high", "medium", "low"]]
    order = [
        *areas[areas.kind == AreaKind.PRIORITY].sort_values("rank").area_id,
        *areas[areas.kind == AreaKind.CROSS_CUTTING].sort_values("rank").area_id,
    ]
    return table.reindex(order, fill_value=0)


def area_events(events: pd.DataFrame, areas: pd.DataFrame, area_id: str) -> pd.DataFrame:
    return events[events.area_id.isin(area_family(areas, area_id))].sort_values("start", kind="stable")


def sources_of(view_rows: pd.DataFrame, sources: pd.DataFrame, extra_ids=()) -> pd.DataFrame:
    """The sources cited by some rows (and any extra source ids), newest first."""
    ids = set(view_rows.source_id) | set(extra_ids)
    return sources[sources.source_id.isin(ids)].sort_values(["published", "source_id"], ascending=[False, True])


def conflicts_of(conflicts: pd.DataFrame, conflict_members: pd.DataFrame, member_ids) -> pd.DataFrame:
    ids = set(conflict_members.loc[conflict_members.member_id.isin(set(member_ids)), "conflict_id"])
    return conflicts[conflicts.conflict_id.isin(ids)]


def figures_by_reliability(view: pd.DataFrame) -> pd.DataFrame:
    """Reported figures per kind of publisher (rows) and grade (columns)."""
    reported = view[view.kind == ObservationKind.REPORTED]
    table = reported.groupby(["reliability", "grade"]).size().unstack(fill_value=0)
    for grade in (Grade.HIGH, Grade.MEDIUM, Grade.LOW):
        if grade not in table:
            table[grade] = 0
    table = table[["high", "medium", "low"]]
    return table.loc[table.sum(axis=1).sort_values(ascending=False).index]
