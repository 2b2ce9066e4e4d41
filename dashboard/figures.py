"""Cached glue between the data and the chart builders: each chart is built once per process for each
(dataset location, language, theme) and shared by every session, so a viewer's rerun only sends it,
never rebuilds it."""

from __future__ import annotations

import functools

import pandas as pd

from dashboard import charts, views
from dashboard.cache import per_dataset
from dashboard.charts import Chart
from dashboard.data import load_geojson, load_table, load_tables
from dashboard.i18n import pick, t

VIEW_TABLES = ("observations", "metrics", "units", "sources", "conflict_members")
COASTLINE = "land_east_asia.geojson"


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
    return views.observation_view(tables["observations"], tables["metrics"], tables["units"], tables["sources"],
                                  tables["conflict_members"])


def _view() -> pd.DataFrame:
    return observation_view().copy(deep=False)


@shared_chart
def series(key: str, metric_ids: tuple[str, ...], lang: str, theme: str, title_key: str | None = None,
           log_y: bool = False) -> Chart:
    rows = views.metric_rows(_view(), metric_ids)
    title = t(title_key, lang) if title_key else None
    return charts.series_chart(rows, lang, theme, key=key, title=title, conflicts=load_table("conflicts"), log_y=log_y)


@shared_chart
def compare(key: str, metric_ids: tuple[str, ...], lang: str, theme: str, title_key: str) -> Chart:
    """Bars of the latest trusted report of each metric."""
    view = _view()
    latest = [views.latest_reports(view, m)["latest"] for m in metric_ids]
    rows = pd.DataFrame([r for r in latest if r is not None])
    return charts.compare_chart(rows, lang, theme, key=key, title=t(title_key, lang), conflicts=load_table("conflicts"))


@shared_chart
def conflict(conflict_id: str, lang: str, theme: str, log_x: bool = False, metric_ids: tuple[str, ...] = ()) -> Chart | None:
    """The reports on each side of a recorded conflict (observations only, optionally of some metrics),
    or None if it has none."""
    members = load_table("conflict_members")
    conflicts = load_table("conflicts")
    ids = members[(members.conflict_id == conflict_id) & (members.member_table == "observations")].member_id
    view = _view()
    rows = view[view.obs_id.isin(set(ids))].sort_values(["as_of", "published"], kind="stable")
    if metric_ids:
        rows = rows[rows.metric_id.isin(metric_ids)]
    if rows.empty:
        return None
    record = conflicts.set_index("conflict_id").loc[conflict_id]
    title = t("title.conflict_pair", lang, topic=pick(record, "topic", lang))
    return charts.compare_chart(rows, lang, theme, key=f"conflict-{conflict_id}", title=title, conflicts=conflicts,
                                log_x=log_x, label_by="source")


@shared_chart
def share(metric_id: str, lang: str, theme: str, title_key: str, context_key: str) -> Chart:
    row = views.latest_reports(_view(), metric_id)["latest"]
    return charts.share_chart(row, lang, theme, key=metric_id, title=t(title_key, lang), context=t(context_key, lang))


@shared_chart
def city_map(lang: str, theme: str) -> Chart:
    tables = load_tables("places", "sources")
    return charts.city_map(tables["places"], tables["sources"], load_geojson(COASTLINE), lang, theme,
                           key="annotation-cities", title=t("title.cities_map", lang), note=t("chart.map.cases_note", lang))


@shared_chart
def timeline(area_id: str | None, lang: str, theme: str) -> Chart | None:
    tables = load_tables("events", "sources")
    events = tables["events"] if area_id is None else views.area_events(tables["events"], load_table("priority_areas"), area_id)
    if events.empty:
        return None
    title = t("title.timeline", lang, n=len(events)) if area_id is None else t("title.area_timeline", lang, n=len(events))
    return charts.timeline_chart(events, tables["sources"], lang, theme,
                                 key=f"timeline-{area_id or 'all'}", title=title)


@shared_chart
def figures_per_area(lang: str, theme: str) -> Chart:
    view = _view()
    areas = load_table("priority_areas")
    counts = views.figures_per_area(view, areas)
    return charts.figures_per_area_chart(counts, areas, view[view.kind == "reported"], lang, theme,
                                         key="figures-per-area")


@shared_chart
def source_grades(lang: str, theme: str) -> Chart:
    view = _view()
    counts = views.figures_by_reliability(view)
    return charts.reliability_chart(counts, view[view.kind == "reported"], lang, theme, key="source-grades")
