"""The data explorer: filters kept in step with the URL, the filtered table, downloads and citations."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import components as ui
from dashboard import explorer, export, figures, models
from dashboard.data import load_table
from dashboard.formatting import format_date
from dashboard.i18n import t
from dashboard.safe import md
from dashboard.schema import OBSERVATION_KINDS, QUALIFIERS
from dashboard.state import current_language

WIDGET = {"q": "ex_q", "area": "ex_area", "source": "ex_source", "from": "ex_from", "to": "ex_to", "kind": "ex_kind",
          "qualifier": "ex_qualifier"}
SYNCED = "ex_synced_params"


def _set_widgets(filters: explorer.Filters) -> None:
    st.session_state[WIDGET["q"]] = filters.q
    st.session_state[WIDGET["area"]] = list(filters.areas)
    st.session_state[WIDGET["source"]] = list(filters.sources)
    st.session_state[WIDGET["from"]] = filters.date_from
    st.session_state[WIDGET["to"]] = filters.date_to
    st.session_state[WIDGET["kind"]] = filters.kind
    st.session_state[WIDGET["qualifier"]] = list(filters.qualifiers)


def _widget_filters(area_ids: set, source_ids: set) -> explorer.Filters:
    state = st.session_state

    def listed(key, allowed):
        return tuple(v for v in (state.get(key) or []) if v in allowed)

    return explorer.Filters(
        q=(state.get(WIDGET["q"]) or "").strip()[: explorer.MAX_QUERY],
        areas=listed(WIDGET["area"], area_ids),
        sources=listed(WIDGET["source"], source_ids),
        date_from=state.get(WIDGET["from"]),
        date_to=state.get(WIDGET["to"]),
        kind=state.get(WIDGET["kind"]) if state.get(WIDGET["kind"]) in OBSERVATION_KINDS else None,
        qualifiers=listed(WIDGET["qualifier"], set(QUALIFIERS)),
    )


def render() -> None:
    lang = current_language()
    ui.require(lang, t("explorer.title", lang), *figures.VIEW_TABLES, "priority_areas", "release")
    areas, sources, release = load_table("priority_areas"), load_table("sources"), load_table("release").iloc[0]
    area_ids, source_ids = set(areas.area_id), set(sources.source_id)

    ui.page_header(t("explorer.title", lang), t("explorer.lead", lang))

    # URL -> widgets, when the URL changed from outside (first load, a pasted link, back/forward)
    raw = {name: st.query_params.get(name) for name in explorer.PARAMS if name in st.query_params}
    parsed = explorer.parse(raw, area_ids, source_ids)
    from_url = explorer.to_params(parsed.filters)
    if st.session_state.get(SYNCED) != from_url:
        _set_widgets(parsed.filters)
        st.session_state[SYNCED] = from_url
    for notice in parsed.notices:
        st.warning(t("explorer.notice", lang, param=notice.param, value=md(notice.value),
                     reason=t("explorer.reason." + notice.reason, lang, limit=explorer.MAX_QUERY)),
                   icon=":material/link_off:")

    area_names = {a.area_id: (a.name_zh if lang == "zh" else a.name_en) for a in areas.itertuples()}
    ordered_areas = [*areas[areas.kind == "priority"].sort_values("rank").area_id,
                     *areas[areas.kind == "action"].sort_values("rank").area_id,
                     *areas[areas.kind == "cross_cutting"].area_id]
    source_names = {s.source_id: f"{s.publisher_zh if lang == 'zh' else s.publisher} ({format_date(s.published, s.published_precision, lang)})"
                    for s in sources.itertuples()}
    with st.container(border=True):
        st.text_input(t("explorer.q", lang), key=WIDGET["q"], placeholder=t("explorer.q_placeholder", lang),
                      max_chars=explorer.MAX_QUERY, icon=":material/search:")
        left, right = st.columns(2)
        with left:
            st.multiselect(t("explorer.area", lang), ordered_areas, key=WIDGET["area"], format_func=area_names.get,
                           placeholder=t("explorer.any", lang))
            st.multiselect(t("explorer.source", lang), sorted(source_ids, key=lambda s: source_names[s]),
                           key=WIDGET["source"], format_func=source_names.get, placeholder=t("explorer.any", lang))
            st.multiselect(t("explorer.qualifier", lang), QUALIFIERS, key=WIDGET["qualifier"],
                           format_func=lambda q: t("qualifier." + q, lang), placeholder=t("explorer.any", lang))
        with right:
            dates = st.columns(2)
            dates[0].date_input(t("explorer.from", lang), key=WIDGET["from"], format="YYYY-MM-DD",
                                min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))
            dates[1].date_input(t("explorer.to", lang), key=WIDGET["to"], format="YYYY-MM-DD",
                                min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))
            st.segmented_control(t("explorer.kind", lang), OBSERVATION_KINDS, key=WIDGET["kind"],
                                 format_func=lambda k: t("kind." + k, lang))

    # widgets -> URL
    filters = _widget_filters(area_ids, source_ids)
    wanted = explorer.to_params(filters)
    if wanted != from_url:
        for name in explorer.PARAMS:
            if name in wanted:
                st.query_params[name] = wanted[name]
            else:
                st.query_params.pop(name, None)
        st.session_state[SYNCED] = wanted

    view = figures.observation_view()
    rows = explorer.apply(view, filters, areas)
    st.subheader(t("explorer.count", lang, n=len(rows), total=len(view)))
    table = models.explorer_table(lang).loc[rows.index]
    st.dataframe(
        table, hide_index=True, alt=t("explorer.table_alt", lang), height=min(38 + 35 * max(len(table), 1), 560),
        column_config={
            "metric": st.column_config.TextColumn(t("explorer.col.metric", lang), width="medium"),
            "figure": st.column_config.TextColumn(t("explorer.col.figure", lang), help=t("explorer.col.figure_help", lang)),
            "value": st.column_config.NumberColumn(t("explorer.col.value", lang), help=t("explorer.col.value_help", lang)),
            "qualifier": st.column_config.TextColumn(t("explorer.col.qualifier", lang)),
            "as_of": st.column_config.TextColumn(t("explorer.col.as_of", lang)),
            "status": st.column_config.TextColumn(t("explorer.col.status", lang)),
            "source": st.column_config.TextColumn(t("explorer.col.source", lang), width="medium"),
            "published": st.column_config.TextColumn(t("explorer.col.published", lang)),
            "grade": st.column_config.TextColumn(t("explorer.col.grade", lang)),
            "evidence": st.column_config.TextColumn(t("explorer.col.evidence", lang), width="large"),
            "link": st.column_config.LinkColumn(t("explorer.col.link", lang), display_text=t("common.open_source", lang)),
            "obs_id": st.column_config.TextColumn("obs_id"),
        },
    )

    st.caption(t("explorer.evidence_note", lang))
    downloads(rows, view, filters, sources, release, lang)
    cite(filters, release, lang)


def _page_url(filters: explorer.Filters, lang: str) -> str:
    url = st.context.url or "http://localhost:8501/explorer"
    base = url.split("?")[0]
    base = base[: base.rfind("/explorer")] if "/explorer" in base else base.rstrip("/")
    return explorer.view_url(base, filters, lang)


def downloads(rows, view, filters: explorer.Filters, sources, release, lang: str) -> None:
    st.subheader(t("explorer.download", lang))
    today = dt.date.today()
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    url = _page_url(filters, lang)
    citation = export.view_citation(release, url, _filters_text(filters), today.isoformat())
    with st.container(horizontal=True):
        st.download_button(t("explorer.download_filtered", lang, n=len(rows)), data=lambda: export.csv_bytes(rows),
                           file_name=explorer.file_name(filters, today, "csv"), mime="text/csv", type="primary",
                           icon=":material/download:", key="dl_csv", on_click="ignore", disabled=rows.empty)
        st.download_button(t("explorer.download_full", lang, n=len(view)), data=lambda: export.csv_bytes(view),
                           file_name=explorer.file_name(explorer.Filters(), today, "csv"), mime="text/csv",
                           icon=":material/download:", key="dl_full", on_click="ignore")
        st.download_button(t("explorer.download_parquet", lang, n=len(rows)), data=lambda: export.parquet_bytes(rows),
                           file_name=explorer.file_name(filters, today, "parquet"),
                           mime="application/vnd.apache.parquet", icon=":material/database:", key="dl_parquet",
                           on_click="ignore", disabled=rows.empty)
        st.download_button(
            t("explorer.download_zip", lang, n=len(rows)),
            data=lambda: export.bundle_zip(rows, export.metadata(rows, sources, release, explorer.to_params(filters), url,
                                                                 stamp), citation),
            file_name=explorer.file_name(filters, today, "zip"), mime="application/zip", icon=":material/folder_zip:",
            key="dl_zip", on_click="ignore", disabled=rows.empty)
    st.caption(md(t("explorer.download_note", lang, version=release["version"],
                    date=format_date(release["released"], "day", lang), licence=release["licence"])))


def _filters_text(filters: explorer.Filters) -> str:
    return "; ".join(f"{k}={v}" for k, v in explorer.to_params(filters).items())


def cite(filters: explorer.Filters, release, lang: str) -> None:
    st.subheader(t("explorer.cite", lang))
    url = _page_url(filters, lang)
    st.caption(t("explorer.cite_lead", lang))
    st.code(export.view_citation(release, url, _filters_text(filters), dt.date.today().isoformat()), language=None,
            wrap_lines=True)
    st.caption(md(t("explorer.cite_sources", lang)))
