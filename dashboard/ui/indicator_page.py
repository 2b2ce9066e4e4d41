"""The indicator page, `/indicator?id=<metric_id>`: one indicator's definition, chart, vintages, table,
sources, conflicts, notes, derived figures, citation, downloads and embed snippet. Without `id` (or with
an unknown one) it is the catalogue of every indicator, with a search box (`?search=`). The view-models
are in `dashboard/indicator.py`; this module only renders them."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import explorer, export, figures, indicator, models, settings
from dashboard.data import load_table
from dashboard.i18n import t
from dashboard.navigation import INDICATOR_SCRIPT
from dashboard.safe import md
from dashboard.ui import components as ui
from dashboard.ui.state import current_language, current_theme

PAGE_TABLES = (*figures.VIEW_TABLES, "priority_areas", "conflicts", "release")


def base_url() -> str:
    """The address citations, data links and the embed snippet name: PUBLIC_BASE_URL (or localhost), never
    the address the viewer happened to use."""
    return settings.citation_base_url()


def render() -> None:
    lang = current_language()
    ui.require(lang, t("nav.indicator", lang), *PAGE_TABLES)
    metric_ids = set(load_table("metrics").metric_id)
    wanted = str(st.query_params.get(indicator.PARAM) or "").strip()
    if wanted and wanted in metric_ids:
        render_indicator(wanted, lang)
        return
    render_catalogue(lang, unknown=wanted[:80] if wanted else None)


def render_catalogue(lang: str, unknown: str | None = None) -> None:
    ui.page_header(t("indicator.catalogue_title", lang), t("indicator.catalogue_lead", lang))
    if unknown is not None:
        st.warning(t("indicator.unknown", lang, value=md(unknown)), icon=":material/link_off:")
    query = st.text_input(
        t("indicator.search", lang),
        key=indicator.SEARCH_PARAM,
        bind="query-params",
        placeholder=t("indicator.search_placeholder", lang),
        max_chars=80,
        icon=":material/search:",
    )
    query = (query or "").strip()[:80]
    groups = models.indicator_catalogue(lang, query)
    total = sum(len(entries) for _, entries in groups)
    st.caption(t("indicator.count", lang, n=total))
    if not groups:
        st.info(t("indicator.no_match", lang, query=md(query)), icon=":material/search_off:")
    for name, lines in models.indicator_catalogue_lines(lang, query):
        # One Markdown list per priority (a few hundred page links as widgets would cost a second a run).
        st.subheader(name)
        st.markdown("\n".join(lines))


def render_indicator(metric_id: str, lang: str) -> None:
    theme = current_theme()
    page = models.indicator_page(metric_id, lang)
    release = load_table("release").iloc[0]
    base = base_url()
    st.page_link(
        INDICATOR_SCRIPT, label=t("indicator.all", lang), icon=":material/arrow_back:", query_params={"lang": lang}
    )
    ui.page_header(page.name, page.definition)
    facts = t(
        "indicator.facts",
        lang,
        unit=page.unit or "–",
        priority=page.priority or t("indicator.no_priority", lang),
        id=metric_id,
    )
    if page.action:
        facts += " · " + t("indicator.action", lang, action=page.action)
    st.caption(md(facts))
    if page.latest:
        st.markdown(md(page.latest))
    with st.columns([2, 3])[0]:
        ui.kpi_card(models.kpi(metric_id, lang), metric_id, key=f"indicator-{metric_id}", link=False)

    shown: list = []  # the charts drawn, for the download of them all at the foot
    st.subheader(t("indicator.chart", lang))
    with ui.section(lang):
        built = models.indicator_chart(metric_id, lang, theme)
        if built is None:
            st.info(t("indicator.no_national", lang), icon=":material/info:")
        else:
            st.caption(t("indicator.chart_lead", lang))
            ui.chart(built, lang, links=False, shown=shown)
        if len(page.rows) > len(page.national):
            ui.chart(figures.by_place(metric_id, lang, theme), lang, links=False, shown=shown)
    indicator_targets(metric_id, lang)

    st.subheader(t("indicator.vintages", lang))
    st.caption(t("indicator.vintages_lead", lang))
    national_only = bool((page.vintages.place == t("indicator.national", lang)).all())
    st.dataframe(
        ui.table_data(("indicator-vintages", metric_id, lang), page.vintages),
        hide_index=True,
        alt=t("indicator.vintages", lang),
        column_config={
            "known_at": st.column_config.TextColumn(t("indicator.col.known_at", lang)),
            "place": None if national_only else st.column_config.TextColumn(t("indicator.col.place", lang)),
            "latest": st.column_config.TextColumn(t("indicator.col.latest", lang)),
            "expected": None
            if not page.vintages.expected.any()
            else st.column_config.TextColumn(t("indicator.col.expected", lang)),
            "as_of": st.column_config.TextColumn(t("indicator.col.as_of", lang)),
            "source": st.column_config.TextColumn(t("indicator.col.source", lang)),
            "published_that_day": st.column_config.TextColumn(
                t("indicator.col.published_that_day", lang), width="large"
            ),
            "changed": st.column_config.CheckboxColumn(t("indicator.col.changed", lang)),
            "obs_id": st.column_config.TextColumn("obs_id"),
        },
    )

    st.subheader(t("indicator.table", lang))
    table = ui.table_data(("indicator-table", metric_id, lang), lambda: models.table_rows(page.rows, lang))
    st.dataframe(
        table,
        hide_index=True,
        alt=t("indicator.table", lang),
        column_config={
            "metric": None,
            **ui.observation_columns(lang),
        },
    )
    st.page_link(
        f"../pages/{'explorer.py'}",
        label=t("indicator.in_explorer", lang),
        icon=":material/table_view:",
        query_params={"metric": metric_id, "lang": lang},
    )

    st.subheader(t("indicator.sources", lang))
    sources = load_table("sources").set_index("source_id")
    ui.markdown_lines(
        models.source_line(sources.loc[s].to_dict() | {"source_id": s}, lang)
        for s in page.source_ids
        if s in sources.index
    )
    if page.conflicts:
        ui.conflict_notes(tuple((md(a), md(b)) for a, b in page.conflicts), lang)
    if page.notes:
        st.subheader(t("indicator.notes", lang))
        ui.markdown_lines("- " + md(note) for note in page.notes)
    if page.derived:
        st.subheader(t("indicator.derived", lang))
        ui.markdown_lines("- " + md(line) for line in page.derived)

    cite(page, metric_id, release, base, lang)
    downloads(page, metric_id, release, base, lang)
    ui.export_all_charts(lang, "indicator", shown)
    st.subheader(t("indicator.embed", lang))
    st.caption(t("indicator.embed_lead", lang))
    st.code(indicator.embed_snippet(base, metric_id, lang, page.name), language="html", wrap_lines=True)


def indicator_targets(metric_id: str, lang: str) -> None:
    """The targets set for this indicator: where each stands, the document that sets it and its clause."""
    items = [i for i in models.target_items(lang) if i.metric_id == metric_id]
    if not items:
        return
    st.subheader(t("targets.on_indicator", lang))
    if models.needed_paths(metric_id, lang):
        st.caption(t("targets.on_indicator_lead", lang))
    for item in items:
        badge = ui.STATUS_BADGES[item.status]
        st.markdown(f":{badge}-badge[{item.status_label}] {md(item.sentence)}")
        st.caption(md(t("fmt.labelled", lang, label=t("targets.col.document", lang), text=item.document)))
        st.markdown("> " + md(item.clause))
    st.page_link(
        ui.TARGETS_SCRIPT,
        label=t("targets.strip_link", lang),
        icon=":material/flag_circle:",
        query_params={"lang": lang, **({"area": items[0].priority_id} if items[0].priority_id else {})},
    )


def cite(page: indicator.Indicator, metric_id: str, release, base: str, lang: str) -> None:
    st.subheader(t("indicator.cite", lang))
    st.caption(t("indicator.cite_lead", lang))
    names = (models.indicator_page(metric_id, "en").name, models.indicator_page(metric_id, "zh").name)
    texts = indicator.citations(
        names,
        metric_id,
        release,
        indicator.page_url(base, metric_id),
        indicator.data_urls(base, metric_id, str(release["version"]))["csv"],
        dt.date.today().isoformat(),
    )
    for key in ("plain", "apa", "bibtex", "gbt7714"):
        st.markdown(f"**{t('indicator.cite_' + key, lang)}**")
        st.code(texts[key], language="latex" if key == "bibtex" else None, wrap_lines=True)


def downloads(page: indicator.Indicator, metric_id: str, release, base: str, lang: str) -> None:
    st.subheader(t("indicator.download", lang))
    rows = page.rows
    today = dt.date.today()
    filters = explorer.Filters(metrics=(metric_id,))
    url = explorer.view_url(base, filters)
    data_url = explorer.version_url(base, str(release["version"]), filters)
    citation = export.view_citation(release, url, f"metric={metric_id}", today.isoformat(), data_url)
    sources = load_table("sources")
    with st.container(horizontal=True):
        st.download_button(
            t("indicator.download_csv", lang, n=len(rows)),
            data=lambda: export.csv_bytes(rows),
            file_name=explorer.file_name(filters, today, "csv"),
            mime="text/csv",
            type="primary",
            icon=":material/download:",
            key="ind_csv",
            on_click="ignore",
            disabled=rows.empty,
        )
        st.download_button(
            t("indicator.download_xlsx", lang, n=len(rows)),
            data=lambda: export.xlsx_bytes(
                rows,
                sources,
                export.about_rows(release, explorer.to_params(filters), url, today.isoformat(), citation, data_url),
            ),
            file_name=explorer.file_name(filters, today, "xlsx"),
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            icon=":material/grid_on:",
            key="ind_xlsx",
            on_click="ignore",
            disabled=rows.empty,
        )
        st.download_button(
            t("indicator.download_parquet", lang, n=len(rows)),
            data=lambda: export.parquet_bytes(rows),
            file_name=explorer.file_name(filters, today, "parquet"),
            mime="application/vnd.apache.parquet",
            icon=":material/database:",
            key="ind_parquet",
            on_click="ignore",
            disabled=rows.empty,
        )
    st.caption(t("indicator.api", lang))
    st.code("\n".join(indicator.data_urls(base, metric_id).values()), language=None)
