"""/targets: every policy target, grouped by priority, with its deadline, its latest figure, the growth needed
and achieved and its status; a progress chart; filters by status and priority that the URL keeps
(`?status=behind,on_track&area=data_infrastructure`)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import explorer, figures, models, targets
from dashboard.data import load_table
from dashboard.formatting import format_date
from dashboard.i18n import t
from dashboard.safe import md
from dashboard.schema import TargetStatus
from dashboard.ui import components as ui
from dashboard.ui.explorer_page import warn
from dashboard.ui.state import current_language, current_theme, presenting

PAGE_TABLES = (*figures.VIEW_TABLES, "priority_areas", "targets", "release")
PARAMS = ("status", "area")  # what the page filters by (the routes take metric and place too)
WIDGET = {"status": "targets-status", "area": "targets-area"}
SYNCED = "targets-url"  # the filters the widgets were last set from


def _url_filters(area_ids: set[str]) -> targets.TargetFilters:
    """The filters the URL gives, each unknown or repeated value ignored with a visible notice."""
    given = {name: st.query_params.get_all(name) for name in PARAMS}
    raw, repeated = explorer.single_values(given)
    filters, notices = targets.parse_filters(raw, area_ids)
    for notice in [*repeated, *notices]:
        warn(notice, current_language())
    return filters


def _widgets(filters: targets.TargetFilters, priorities: dict[str, str], lang: str) -> targets.TargetFilters:
    """The two filters as widgets, set from the URL when it changed from outside; the URL follows them."""
    from_url = filters.params()
    if st.session_state.get(SYNCED) != from_url:
        st.session_state[WIDGET["status"]] = list(filters.statuses)
        st.session_state[WIDGET["area"]] = [a for a in filters.areas if a in priorities] or list(filters.areas)
        st.session_state[SYNCED] = from_url
    left, right = st.columns(2)
    options = list(dict.fromkeys([*priorities, *st.session_state[WIDGET["area"]]]))
    statuses = left.multiselect(
        t("targets.filter_status", lang),
        list(TargetStatus),
        key=WIDGET["status"],
        format_func=lambda s: t(f"target_status.{s}", lang),
        placeholder=t("explorer.any", lang),
    )
    areas = right.multiselect(
        t("targets.filter_area", lang),
        options,
        key=WIDGET["area"],
        format_func=lambda a: priorities.get(a, a),
        placeholder=t("explorer.any", lang),
    )
    chosen = targets.TargetFilters(areas=tuple(areas), statuses=tuple(statuses))
    wanted = chosen.params()
    if wanted != from_url:  # the widgets changed: the URL says so, for a link to this view
        for name in PARAMS:
            if name in wanted:
                st.query_params[name] = wanted[name]
            elif name in st.query_params:
                del st.query_params[name]
        st.session_state[SYNCED] = wanted
    return chosen


def _table(items: list[models.TargetItem], lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator": [i.name for i in items],
            "status": [i.status_label for i in items],
            "target": [i.goal for i in items],
            "progress": [i.progress for i in items],
            "needed": [i.needed for i in items],
            "achieved": [i.achieved for i in items],
            "latest": [i.latest for i in items],
            "link": [i.url for i in items],
            "why": [i.why for i in items],
            "document": [i.document for i in items],
            "clause": [i.clause for i in items],
            "source": [i.source for i in items],
        }
    )


def _columns(lang: str) -> dict:
    """What each column is called and how wide it is: the indicator, its status, target, progress and pace
    fit the page's width (they read without scrolling); the latest figure, the link to the indicator, why,
    the document, the clause and the source follow."""
    text = st.column_config.TextColumn
    return {
        "indicator": text(t("targets.col.indicator", lang), width=255, pinned=True),
        "status": text(t("targets.col.status", lang), width=110),
        "target": text(t("targets.col.target", lang), width=150),
        "progress": text(t("targets.col.progress", lang), width=85),
        "needed": text(t("targets.col.needed", lang), width=140),
        "achieved": text(t("targets.col.achieved", lang), width=160),
        "latest": text(t("targets.col.latest", lang), width=170),
        "link": st.column_config.LinkColumn(
            t("targets.col.link", lang), display_text=t("targets.open", lang), width=70
        ),
        "why": text(t("targets.col.why", lang), width="large"),
        "document": text(t("targets.col.document", lang), width="large"),
        "clause": text(t("targets.col.clause", lang), width="large"),
        "source": text(t("targets.col.source", lang), width="medium"),
    }


def render() -> None:
    lang, theme = current_language(), current_theme()
    ui.require(lang, t("nav.targets", lang), *PAGE_TABLES)
    if presenting():  # one slide: the progress chart of every target, under the page's title as a kicker
        st.markdown(f"**{t('targets.title', lang)}**")
        with ui.section(lang):
            ui.chart(models.target_chart(lang, theme), lang)
        return
    judged_on = format_date(targets.release_day(load_table("release")), "day", lang)
    ui.page_header(t("targets.title", lang), t("targets.lead", lang, date=judged_on))
    ui.target_strip(lang, link=False)

    priorities = {area_id: name for area_id, name, _ in models.priority_cards(lang)}
    area_ids = set(load_table("priority_areas").area_id)
    filters = _widgets(_url_filters(area_ids), priorities, lang)
    chosen = models.target_selection(filters)
    items = [i for i in models.target_items(lang) if i.target_id in chosen]
    if not items:
        st.info(t("targets.none", lang), icon=":material/filter_alt_off:")
        return
    if filters.params():
        frame = targets.select(models.target_frame(), filters)
        st.caption(md(t("targets.counts", lang, n=len(frame), **targets.counts(frame))))

    shown: list = []  # the charts drawn, for the download of them all at the foot
    chart = models.target_chart(lang, theme, filters)
    if chart is None:
        st.info(t("targets.chart_none", lang), icon=":material/info:")
    else:
        with ui.section(lang):
            ui.chart(chart, lang, shown=shown)

    st.caption(t("targets.table_caption", lang))
    groups: dict[str | None, list[models.TargetItem]] = {}
    for item in items:
        groups.setdefault(item.priority_id, []).append(item)
    for priority_id, group in groups.items():
        st.subheader(priorities.get(priority_id or "", t("targets.no_group", lang)))
        key = ("targets-table", lang, priority_id, tuple(i.target_id for i in group))
        st.dataframe(
            ui.table_data(key, lambda group=group: _table(group, lang)),
            hide_index=True,
            column_config=_columns(lang),
            alt=priorities.get(priority_id or "", t("targets.no_group", lang)),
        )
    ui.export_all_charts(lang, "targets", shown)
