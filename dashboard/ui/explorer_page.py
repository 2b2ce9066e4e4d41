"""The data explorer: filters kept in step with the URL, a chart of the filtered figures (`?chart=line|bar`),
the filtered table with a link to each indicator's page, downloads (CSV, Excel, Parquet, a zip with a
Frictionless descriptor) and citations."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import streamlit as st

from dashboard import datapackage, explorer, export, figures, models, settings
from dashboard.data import load_table
from dashboard.formatting import count_words, format_date
from dashboard.i18n import t
from dashboard.safe import md
from dashboard.schema import OBSERVATION_KINDS, QUALIFIERS
from dashboard.ui import components as ui
from dashboard.ui.state import current_language, current_theme

WIDGET = {
    "q": "ex_q",
    "area": "ex_area",
    "source": "ex_source",
    "from": "ex_from",
    "to": "ex_to",
    "kind": "ex_kind",
    "qualifier": "ex_qualifier",
    "metric": "ex_metric",
    "place": "ex_place",
}
SYNCED = "ex_synced_params"
CHART_WIDGET, CHART_SYNCED = "ex_chart", "ex_chart_synced"
PAGE_WIDGET = "ex_page"  # which page of the table


def _any_of(param: str, choices, name, lang: str) -> None:
    """A filter of the explorer that keeps rows with any of the chosen values (none chosen: any)."""
    st.multiselect(
        t(f"explorer.{param}", lang),
        choices,
        key=WIDGET[param],
        format_func=name,
        placeholder=t("explorer.any", lang),
    )


def _set_widgets(filters: explorer.Filters) -> None:
    st.session_state[WIDGET["q"]] = filters.q
    st.session_state[WIDGET["area"]] = list(filters.areas)
    st.session_state[WIDGET["source"]] = list(filters.sources)
    st.session_state[WIDGET["from"]] = filters.date_from
    st.session_state[WIDGET["to"]] = filters.date_to
    st.session_state[WIDGET["kind"]] = filters.kind
    st.session_state[WIDGET["qualifier"]] = list(filters.qualifiers)
    st.session_state[WIDGET["metric"]] = list(filters.metrics)
    st.session_state[WIDGET["place"]] = list(filters.places)


def _widget_filters(area_ids: set, source_ids: set, metric_ids: set, place_ids: set) -> explorer.Filters:
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
        metrics=listed(WIDGET["metric"], metric_ids),
        places=listed(WIDGET["place"], place_ids),
    )


def render() -> None:
    lang = current_language()
    ui.require(lang, t("explorer.title", lang), *figures.VIEW_TABLES, "priority_areas", "release")
    sources, release = load_table("sources"), load_table("release").iloc[0]
    options = models.explorer_options(lang)  # every choice and label, prepared once per language
    area_ids, source_ids, metric_ids = set(options.area_names), set(options.source_names), set(options.metric_names)
    place_ids = set(options.place_names)

    ui.page_header(t("explorer.title", lang), t("explorer.lead", lang))

    # URL -> widgets, when the URL changed from outside (first load, a pasted link, back/forward)
    given = {name: st.query_params.get_all(name) for name in (*explorer.PARAMS, explorer.CHART_PARAM)}
    raw, repeated = explorer.single_values(given)
    parsed = explorer.parse(
        {k: v for k, v in raw.items() if k in explorer.PARAMS}, area_ids, source_ids, metric_ids, place_ids
    )
    from_url = explorer.to_params(parsed.filters)
    if st.session_state.get(SYNCED) != from_url:
        _set_widgets(parsed.filters)
        st.session_state[SYNCED] = from_url
    chart_kind, chart_notice = explorer.chart_kind(raw.get(explorer.CHART_PARAM))
    listed, more = explorer.bounded(
        [*repeated, *parsed.notices, *([chart_notice] if chart_notice else [])], parsed.more
    )
    for notice in listed:
        warn(notice, lang)
    if more:
        st.warning(t("explorer.notice_more", lang, n=count_words(more, lang)), icon=":material/link_off:")

    area_names, source_names, metric_names = options.area_names, options.source_names, options.metric_names
    place_names = options.place_names
    with st.container(border=True):
        st.text_input(
            t("explorer.q", lang),
            key=WIDGET["q"],
            placeholder=t("explorer.q_placeholder", lang),
            max_chars=explorer.MAX_QUERY,
            icon=":material/search:",
        )
        left, right = st.columns(2)
        with left:
            _any_of("area", options.areas, lambda a: area_names.get(a, a), lang)
            _any_of("source", options.sources, lambda s: source_names.get(s, s), lang)
            _any_of("qualifier", QUALIFIERS, lambda q: t("qualifier." + q, lang), lang)
        with right:
            dates = st.columns(2)
            dates[0].date_input(
                t("explorer.from", lang),
                key=WIDGET["from"],
                format="YYYY-MM-DD",
                min_value=explorer.DATE_MIN,
                max_value=explorer.DATE_MAX,
            )
            dates[1].date_input(
                t("explorer.to", lang),
                key=WIDGET["to"],
                format="YYYY-MM-DD",
                min_value=explorer.DATE_MIN,
                max_value=explorer.DATE_MAX,
            )
            st.segmented_control(
                t("explorer.kind", lang),
                OBSERVATION_KINDS,
                key=WIDGET["kind"],
                format_func=lambda k: t("kind." + k, lang),
            )
            _any_of("metric", options.metrics, lambda m: metric_names.get(m, m), lang)
            _any_of("place", options.places, lambda p: place_names.get(p, p), lang)

    # widgets -> URL
    filters = _widget_filters(area_ids, source_ids, metric_ids, place_ids)
    wanted = explorer.to_params(filters)
    if wanted != from_url:
        for name in explorer.PARAMS:
            if name in wanted:
                st.query_params[name] = wanted[name]
            else:
                st.query_params.pop(name, None)
        st.session_state[SYNCED] = wanted

    # The rows that pass the filters are found once per set of filters and shared; this run sends one page
    # of them. The count and every download cover all of them.
    view = figures.observation_view()
    n = len(models.explorer_selection(filters))

    def rows():
        return models.explorer_rows(filters)

    shown: list = []  # the charts drawn (none if drawing them failed: the section says why)
    with ui.section(lang):
        shown += explorer_charts(filters, chart_kind, lang)
    st.subheader(t("explorer.count", lang, n=n, total=len(view)))
    page = ui.pager(n, PAGE_WIDGET, lang, reset_on=wanted, caption_key="explorer.page_rows")
    start, stop = explorer.page_bounds(n, page)
    table = ui.table_data(
        ("explorer", filters, start, lang), lambda: models.explorer_page_table(filters, start, stop, lang)
    )
    st.dataframe(
        table,
        hide_index=True,
        alt=t("explorer.table_alt", lang),
        height=min(38 + 35 * max(table.num_rows, 1), 560),
        column_config={
            "metric": st.column_config.TextColumn(t("explorer.col.metric", lang), width="medium"),
            "indicator": st.column_config.LinkColumn(t("explorer.col.indicator", lang), display_text=r"id=([^&]+)"),
            **ui.observation_columns(lang),
        },
    )

    st.caption(t("explorer.evidence_note", lang))
    downloads(rows, n, view, filters, sources, release, lang)
    cite(filters, release, lang)
    ui.export_all_charts(lang, "explorer", shown)


def warn(notice: explorer.Notice, lang: str) -> None:
    """A URL value the explorer ignored: which, why, and the closest valid value when one is near."""
    reason = t("explorer.reason." + notice.reason, lang, limit=explorer.MAX_QUERY)
    if notice.suggestion:
        reason = t("explorer.suggest", lang, reason=reason, suggestion=md(notice.suggestion))
    st.warning(
        t("explorer.notice", lang, param=notice.param, value=md(notice.value), reason=reason),
        icon=":material/link_off:",
    )


def _base_url() -> str:
    """The address citations and data links name: PUBLIC_BASE_URL (or localhost), never the viewer's."""
    return settings.citation_base_url()


def _citation(filters: explorer.Filters, release, accessed: str) -> tuple[str, str, str]:
    """(the view's one canonical address, that of its rows in this version, the citation naming both): the
    same in the page, the workbook, the zip and the routes' workbook."""
    url = explorer.view_url(_base_url(), filters)
    data_url = explorer.version_url(_base_url(), str(release["version"]), filters)
    return url, data_url, export.view_citation(release, url, _filters_text(filters), accessed, data_url)


def downloads(rows, n: int, view, filters: explorer.Filters, sources, release, lang: str) -> None:
    """The download buttons; `rows()` gives the n filtered rows (only when a file is made)."""
    st.subheader(t("explorer.download", lang))
    today = dt.date.today()
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    url, data_url, citation = _citation(filters, release, today.isoformat())
    with st.container(horizontal=True):
        st.download_button(
            t("explorer.download_filtered", lang, n=n),
            data=lambda: export.csv_bytes(rows()),
            file_name=explorer.file_name(filters, today, "csv"),
            mime="text/csv",
            type="primary",
            icon=":material/download:",
            key="dl_csv",
            on_click="ignore",
            disabled=not n,
        )
        st.download_button(
            t("explorer.download_full", lang, n=len(view)),
            data=lambda: export.csv_bytes(view),
            file_name=explorer.file_name(explorer.Filters(), today, "csv"),
            mime="text/csv",
            icon=":material/download:",
            key="dl_full",
            on_click="ignore",
        )
        st.download_button(
            t("explorer.download_xlsx", lang, n=n),
            data=lambda: export.xlsx_bytes(
                rows(),
                sources,
                export.about_rows(release, explorer.to_params(filters), url, today.isoformat(), citation, data_url),
            ),
            file_name=explorer.file_name(filters, today, "xlsx"),
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            icon=":material/grid_on:",
            key="dl_xlsx",
            on_click="ignore",
            disabled=not n,
        )
        st.download_button(
            t("explorer.download_parquet", lang, n=n),
            data=lambda: export.parquet_bytes(rows()),
            file_name=explorer.file_name(filters, today, "parquet"),
            mime="application/vnd.apache.parquet",
            icon=":material/database:",
            key="dl_parquet",
            on_click="ignore",
            disabled=not n,
        )
        st.download_button(
            t("explorer.download_zip", lang, n=n),
            data=lambda: export.bundle_zip(
                rows(),
                export.metadata(rows(), sources, release, explorer.to_params(filters), url, stamp, data_url),
                citation,
                bundle_extra(sources, release, explorer.to_params(filters)),
            ),
            file_name=explorer.file_name(filters, today, "zip"),
            mime="application/zip",
            icon=":material/folder_zip:",
            key="dl_zip",
            on_click="ignore",
            disabled=not n,
        )
    st.caption(
        md(
            t(
                "explorer.download_note",
                lang,
                version=release["version"],
                date=format_date(release["released"], "day", lang),
                licence=release["licence"],
            )
        )
    )
    st.caption(t("explorer.api", lang, url=f"`{api_url(filters)}`"))  # url-encoded: no backtick survives


def api_url(filters: explorer.Filters) -> str:
    """The HTTP route that gives the same rows as the CSV button (dashboard/api.py)."""
    params = explorer.to_params(filters)
    return _base_url() + "/data/observations.csv" + ("?" + urlencode(params) if params else "")


def bundle_extra(sources, release, filters: dict) -> dict[str, bytes]:
    """What the zip holds beside the CSV: the Frictionless descriptor and the tables it describes."""
    descriptor = datapackage.descriptor(release, sources, filters=filters)
    tables = {name: sources if name == "sources" else load_table(name) for name in datapackage.TABLE_FILES}
    return {
        "datapackage.json": datapackage.descriptor_bytes(descriptor),
        **{f"{name}.csv": datapackage.table_csv(table, name) for name, table in tables.items()},
        "targets.csv": datapackage.targets_csv(models.target_frame()),
    }


def chart_control(from_url: str, lang: str) -> str:
    """The chart type switch, kept in step with `?chart=` (like the filters: the URL wins when it changed
    from outside; a choice writes the URL)."""
    raw = st.query_params.get(explorer.CHART_PARAM)
    if st.session_state.get(CHART_SYNCED, "unset") != raw:
        st.session_state[CHART_WIDGET] = from_url
        st.session_state[CHART_SYNCED] = raw
    chosen = st.segmented_control(
        t("explorer.chart_kind", lang),
        explorer.CHART_KINDS,
        key=CHART_WIDGET,
        required=True,
        format_func=lambda k: t("explorer.chart." + k, lang),
    )
    chosen = chosen if chosen in explorer.CHART_KINDS else from_url
    if chosen != from_url or (raw is not None and raw != chosen):
        if chosen == explorer.CHART_KINDS[0] and raw is None:
            st.query_params.pop(explorer.CHART_PARAM, None)
        else:
            st.query_params[explorer.CHART_PARAM] = chosen
        st.session_state[CHART_SYNCED] = st.query_params.get(explorer.CHART_PARAM)
    return chosen


def explorer_charts(filters: explorer.Filters, kind: str, lang: str) -> list:
    """The filtered figures drawn: a line (each indicator over time) or bars (every report), one chart per
    unit, at most explorer.MAX_CHART_METRICS indicators (those chosen, or those with the most figures).
    Returns the charts drawn."""
    shown: list = []
    st.subheader(t("explorer.chart", lang))
    kind = chart_control(kind, lang)
    plan, built = models.explorer_charts(filters, kind, lang, current_theme())
    if not plan.groups:
        st.caption(t("explorer.chart_empty", lang))
        return shown
    if plan.limited_from is not None:
        st.caption(explorer.chart_limit_caption(plan, lang))
    if plan.mixed_units:
        st.caption(t("explorer.chart_units", lang))
    for chart in built:
        ui.chart(chart, lang, shown=shown)
    return shown


def _filters_text(filters: explorer.Filters) -> str:
    return "; ".join(f"{k}={v}" for k, v in explorer.to_params(filters).items())


def cite(filters: explorer.Filters, release, lang: str) -> None:
    st.subheader(t("explorer.cite", lang))
    st.caption(t("explorer.cite_lead", lang))
    st.code(_citation(filters, release, dt.date.today().isoformat())[2], language=None, wrap_lines=True)
    st.caption(md(t("explorer.cite_sources", lang)))
