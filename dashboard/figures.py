"""Cached glue between the data and the chart builders: each chart is built once per process for each
(dataset location, language, theme) and shared by every session, so a viewer's rerun only sends it,
never rebuilds it."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from dashboard import charts, explorer, views
from dashboard.cache import per_dataset
from dashboard.charts import Chart
from dashboard.data import DataFileError, load_geojson, load_table, load_tables
from dashboard.formatting import count_words, sentence_case
from dashboard.i18n import pick, t
from dashboard.layouts import MAPS, BlockKind
from dashboard.schema import MemberTable, ObservationKind

VIEW_TABLES = ("observations", "metrics", "units", "sources", "conflict_members")
PROVINCES = "china_provinces.geojson"


def shared_chart(func):
    """A chart builder cached per dataset, language and theme, its figure frozen for serving."""

    @functools.wraps(func)
    def build(*args, **kwargs):
        chart = func(*args, **kwargs)
        return None if chart is None else charts.prepared(chart)

    return per_dataset(build)


@per_dataset
def observation_view() -> pd.DataFrame:
    tables = load_tables(*VIEW_TABLES)
    try:  # place names only label figures by place: a broken places file takes off the map, not the pages
        places = load_table("places")
    except DataFileError:
        places = None
    try:  # the priority of an action only labels downloads: a broken areas file leaves it empty
        areas = load_table("priority_areas")
    except DataFileError:
        areas = None
    return views.observation_view(
        tables["observations"],
        tables["metrics"],
        tables["units"],
        tables["sources"],
        tables["conflict_members"],
        places,
        areas,
    )


def _view() -> pd.DataFrame:
    return observation_view().copy(deep=False)


@per_dataset
def _metric_index() -> dict:
    return views.metric_positions(observation_view())


def metric_view(metric_ids) -> pd.DataFrame:
    """The rows of the view about these metrics (one id or several), in the view's order. Found through an
    index made once per dataset version, so a chart or card of one metric never scans every figure."""
    ids = [metric_ids] if isinstance(metric_ids, str) else list(dict.fromkeys(metric_ids))
    index = _metric_index()
    found = [index[m] for m in ids if m in index]
    positions = found[0] if len(found) == 1 else np.sort(np.concatenate(found)) if found else []
    return observation_view().take(positions)


@per_dataset
def search_text() -> pd.Series:
    """What the explorer's free-text filter searches, per row of the view."""
    return explorer.search_text(observation_view())


@per_dataset
def latest_of_each() -> pd.DataFrame:
    """The latest trusted report of every metric (the rule of the cards), indexed by metric_id."""
    return views.latest_of_each(observation_view())


@shared_chart
def series(key: str, metric_ids: tuple[str, ...], lang: str, theme: str, title_key: str | None = None) -> Chart:
    """Every report of some metrics over time (on the scale their figures call for: charts.log_scale)."""
    rows = views.metric_rows(metric_view(metric_ids), metric_ids)
    title = t(title_key, lang) if title_key else None
    return charts.series_chart(rows, lang, theme, key=key, title=title, conflicts=load_table("conflicts"))


@shared_chart
def compare(key: str, metric_ids: tuple[str, ...], lang: str, theme: str, title_key: str) -> Chart:
    """Bars of the latest trusted report of each metric."""
    latest = [views.latest_reports(metric_view(m), m)["latest"] for m in metric_ids]
    rows = pd.DataFrame([r for r in latest if r is not None])
    return charts.compare_chart(rows, lang, theme, key=key, title=t(title_key, lang), conflicts=load_table("conflicts"))


@shared_chart
def conflict(conflict_id: str, lang: str, theme: str, metric_ids: tuple[str, ...] = ()) -> Chart | None:
    """The reports on each side of a recorded conflict (observations only, optionally of some metrics),
    or None if it has none; on the scale that every figure of their metrics calls for (charts.log_scale)."""
    members = load_table("conflict_members")
    conflicts = load_table("conflicts")
    ids = members[(members.conflict_id == conflict_id) & (members.member_table == MemberTable.OBSERVATIONS)].member_id
    view = _view()
    rows = view[view.obs_id.isin(set(ids))].sort_values(["as_of", "published"], kind="stable")
    if metric_ids:
        rows = rows[rows.metric_id.isin(metric_ids)]
    if rows.empty:
        return None
    record = conflicts.set_index("conflict_id").loc[conflict_id]
    title = t("title.conflict_pair", lang, topic=pick(record, "topic", lang))
    return charts.compare_chart(
        rows,
        lang,
        theme,
        key=f"conflict-{conflict_id}",
        title=title,
        conflicts=conflicts,
        log_x=charts.log_scale(metric_view(tuple(dict.fromkeys(rows.metric_id)))),
        label_by="source",
    )


@shared_chart
def by_place(metric_id: str, lang: str, theme: str) -> Chart | None:
    """Bars of the latest report for each province or city, largest first."""
    rows = views.latest_by_place(metric_view(metric_id), metric_id)
    if rows.empty:
        return None
    first, last = rows.iloc[0], rows.iloc[-1]
    drawn = rows.head(charts.MAX_BARS)  # the largest: more bars than this cannot be read on one chart
    title = t("title.by_place", lang, metric=pick(first, "name", lang), n=rows.place_id.nunique())
    if len(drawn) < len(rows):
        title = t(
            "title.by_place_top", lang, metric=pick(first, "name", lang), shown=len(drawn), n=rows.place_id.nunique()
        )
    years = sorted({d.year for d in rows.as_of})
    summary = t(
        "chart.by_place_summary",
        lang,
        top=pick(first, "place", lang) or first["place_id"],
        top_value=charts.value_text(first, lang),
        bottom=pick(last, "place", lang) or last["place_id"],
        bottom_value=charts.value_text(last, lang),
        n=len(rows),
        years=f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0]),
    )
    chart = charts.compare_chart(
        drawn,
        lang,
        theme,
        key=f"places-{metric_id}",
        title=title,
        summary=summary,
        conflicts=load_table("conflicts"),
        label_by="place",
    )
    return chart if len(drawn) == len(rows) else Chart(chart.key, chart.figure, chart.summary, rows)


@shared_chart
def province_map(metric_id: str, lang: str, theme: str) -> Chart | None:
    """The latest report for each province as a choropleth, when the metric is reported by province (for
    views.MIN_PLACES provinces or more); None otherwise."""
    rows = views.latest_by_place(metric_view(metric_id), metric_id)
    places = load_table("places")
    provinces = set(places.place_id[places.role == "province"])
    if rows.place_id.nunique() < views.MIN_PLACES or not rows.place_id.isin(provinces).all():
        return None
    first = rows.iloc[0]
    bars = by_place(metric_id, lang, theme)  # the same figures: its summary names the largest and smallest
    return charts.province_map(
        rows,
        places,
        load_geojson(PROVINCES),
        lang,
        theme,
        key=f"province-map-{metric_id}",
        title=t("title.province_map", lang, metric=pick(first, "name", lang), n=rows.place_id.nunique()),
        summary=bars.summary if bars is not None else "",
    )


@shared_chart
def share(metric_id: str, lang: str, theme: str, title_key: str, context_key: str) -> Chart:
    row = views.latest_reports(metric_view(metric_id), metric_id)["latest"]
    return charts.share_chart(row, lang, theme, key=metric_id, title=t(title_key, lang), context=t(context_key, lang))


@shared_chart
def city_map(lang: str, theme: str, map_id: str = "annotation") -> Chart | None:
    """One of the maps that layouts.MAPS declares: places of some roles on the offline map of the provinces."""
    roles, title_key, note_key, quoted = MAPS[map_id]
    tables = load_tables("places", "sources")
    drawn = tables["places"][tables["places"].role.isin(roles)]
    if drawn.empty:
        return None
    texts = {"n": count_words(drawn.place_id.nunique(), lang)}
    if quoted:  # the figure the texts quote, with its qualifier; without one, the texts that quote none
        latest = views.latest_reports(metric_view(quoted), quoted)["latest"]
        if latest is not None:
            texts["figure"] = charts.value_text(latest, lang)
        else:
            title_key, note_key = f"{title_key}.bare", f"{note_key}.bare"
    key = "annotation-cities" if map_id == "annotation" else f"map-{map_id}"
    return charts.city_map(
        tables["places"],
        tables["sources"],
        load_geojson(PROVINCES),
        lang,
        theme,
        key=key,
        title=sentence_case(t(title_key, lang, **texts)),
        note=t(note_key, lang, **texts),
        roles=roles,
    )


EVENTS_PER_SLIDE = 6  # a timeline slide's rows: one part fits a 1080p slide's chart box at full size


@per_dataset
def timeline_events(area_id: str | None) -> pd.DataFrame:
    """The events a timeline draws (all, or one priority's), in date order."""
    events = load_table("events")
    if area_id is not None:
        events = views.area_events(events, load_table("priority_areas"), area_id)
    return events.sort_values("start", kind="stable").reset_index(drop=True)


def timeline_parts(area_id: str | None) -> int:
    """How many slides a timeline takes: parts of at most EVENTS_PER_SLIDE events, in date order."""
    return max(1, -(-len(timeline_events(area_id)) // EVENTS_PER_SLIDE))


@shared_chart
def timeline(area_id: str | None, lang: str, theme: str, part: int | None = None) -> Chart | None:
    """The timeline chart; with `part` (1-based), only that part's events, the title saying which."""
    events = timeline_events(area_id)
    if events.empty:
        return None
    n = len(events)
    title = t("title.timeline", lang, n=n) if area_id is None else t("title.area_timeline", lang, n=n)
    key = f"timeline-{area_id or 'all'}"
    if part is not None:
        parts = timeline_parts(area_id)
        events = events.iloc[(part - 1) * EVENTS_PER_SLIDE : part * EVENTS_PER_SLIDE]
        if events.empty:
            return None
        title += t("title.timeline_part", lang, part=part, parts=parts)
        key += f"-part{part}"
    return charts.timeline_chart(events, load_table("sources"), lang, theme, key=key, title=title)


@shared_chart
def figures_per_area(lang: str, theme: str) -> Chart:
    view = _view()
    areas = load_table("priority_areas")
    counts = views.figures_per_area(view, areas)
    return charts.figures_per_area_chart(
        counts, areas, view[view.kind == ObservationKind.REPORTED], lang, theme, key="figures-per-area"
    )


@shared_chart
def source_grades(lang: str, theme: str) -> Chart:
    view = _view()
    counts = views.figures_by_reliability(view)
    return charts.reliability_chart(
        counts, view[view.kind == ObservationKind.REPORTED], lang, theme, key="source-grades"
    )


def block_chart(block, lang: str, theme: str) -> Chart | None:
    """The chart a `layouts.Block` draws (None for blocks that are not charts)."""
    if block.kind == BlockKind.SERIES:
        return series("-".join(block.metrics), block.metrics, lang, theme, block.title_key)
    if block.kind == BlockKind.COMPARE:
        return compare("-".join(block.metrics[:2]), block.metrics, lang, theme, block.title_key)
    if block.kind == BlockKind.CONFLICT:
        return conflict(block.conflict_id, lang, theme, block.metrics)
    if block.kind == BlockKind.SHARE:
        return share(block.metrics[0], lang, theme, block.title_key, block.context_key)
    if block.kind == BlockKind.MAP:
        return city_map(lang, theme, block.context_key or "annotation")
    if block.kind == BlockKind.PLACES:  # figures by province on a map, other places as ranked bars
        return province_map(block.metrics[0], lang, theme) or by_place(block.metrics[0], lang, theme)
    if block.kind == BlockKind.TIMELINE:
        return timeline(block.context_key, lang, theme, block.part)
    if block.kind == BlockKind.FIGURES_PER_AREA:
        return figures_per_area(lang, theme)
    if block.kind == BlockKind.SOURCE_GRADES:
        return source_grades(lang, theme)
    if block.kind == BlockKind.TARGETS:
        from dashboard import models  # the targets' texts are models' (which builds on this module)

        return models.target_chart(lang, theme)
    return None
