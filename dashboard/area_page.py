"""The page of one 2026 priority (or the cross-cutting data-security theme), composed from components:
what it is, its figures as cards and charts, conflicts, events, compliance notes and sources."""

from __future__ import annotations

import streamlit as st

from dashboard import components as ui
from dashboard import figures, models
from dashboard.i18n import t
from dashboard.layouts import AREA_BLOCKS, Block, named_metrics
from dashboard.state import current_language, current_theme, presenting

PAGE_TABLES = (*figures.VIEW_TABLES, "priority_areas", "area_wordings", "events", "compliance_notes", "conflicts",
               "entities", "mentions")


def render(area_id: str) -> None:
    lang, theme = current_language(), current_theme()
    ui.require(lang, t(f"nav.{area_id}", lang), *PAGE_TABLES)
    page = models.area_page(area_id, lang, tuple(sorted(named_metrics(area_id))))
    ui.page_header(page.name)
    st.markdown(page.summary)
    if page.quote and not presenting():
        st.markdown(page.quote)
    if not page.has_figures:
        st.info(t("area.no_figures", lang), icon=":material/info:")
    for block in AREA_BLOCKS.get(area_id, ()):
        with ui.section(lang):
            render_block(block, lang, theme)
    if page.other_metrics:
        st.subheader(t("area.more_figures", lang))
        ui.kpi_grid(page.other_metrics, lang)
    ui.conflict_notes(page.conflicts, lang)
    st.subheader(t("area.events", lang))
    if not page.events:
        st.caption(t("area.no_events", lang))
    else:
        with ui.section(lang):
            ui.chart(figures.timeline(area_id, lang, theme), lang)
    if presenting():
        return
    ui.compliance_notes(page.compliance, lang)
    st.subheader(t("area.sources", lang))
    ui.markdown_lines(page.sources)


def render_block(block: Block, lang: str, theme: str) -> None:
    if block.kind == "cards":
        if block.title_key:
            st.subheader(t(block.title_key, lang))
        ui.kpi_grid(block.metrics, lang)
    elif block.kind == "series":
        key = "-".join(block.metrics)
        ui.chart(figures.series(key, block.metrics, lang, theme, block.title_key, block.log), lang)
    elif block.kind == "compare":
        ui.chart(figures.compare("-".join(block.metrics[:2]), block.metrics, lang, theme, block.title_key), lang)
    elif block.kind == "conflict":
        ui.chart(figures.conflict(block.conflict_id, lang, theme, block.log, block.metrics), lang)
    elif block.kind == "share":
        ui.chart(figures.share(block.metrics[0], lang, theme, block.title_key, block.context_key), lang)
    elif block.kind == "map":
        ui.chart(figures.city_map(lang, theme), lang)
    elif block.kind == "heading":
        st.header(t(block.title_key, lang), divider="gray")
    elif block.kind == "actions":
        six_actions(lang)


def six_actions(lang: str) -> None:
    """The six specialized actions, as each source orders and words them."""
    st.subheader(t("area.actions", lang))
    st.caption(t("area.actions_lead", lang))
    st.dataframe(models.six_actions(lang), hide_index=True, alt=t("area.actions", lang))
