"""The page of one 2026 priority (or the cross-cutting data-security theme), composed from components:
what it is, its figures as cards and charts, conflicts, events, compliance notes and sources."""

from __future__ import annotations

import streamlit as st

from dashboard import figures, models
from dashboard.charts import Chart
from dashboard.i18n import t
from dashboard.layouts import AREA_BLOCKS, MIN_EVENTS_FOR_CHART, Block, BlockKind
from dashboard.ui import components as ui
from dashboard.ui.state import current_language, current_slide, current_theme, presenting

PAGE_TABLES = (
    *figures.VIEW_TABLES,
    "priority_areas",
    "area_wordings",
    "events",
    "compliance_notes",
    "conflicts",
    "entities",
    "mentions",
)


def render(area_id: str) -> None:
    lang, theme = current_language(), current_theme()
    ui.require(lang, t(f"nav.{area_id}", lang), *PAGE_TABLES)
    page = models.area_page(area_id, lang)
    shown: list[Chart] = []  # the charts drawn, for the download of them all at the foot
    if presenting():  # the page's name as a kicker above the slide
        st.markdown(f"**{page.name}**")
    else:
        ui.page_header(page.name)
        st.markdown(page.summary)
    if page.quote and not presenting():
        st.markdown(page.quote)
    if not page.has_figures:
        st.info(t("area.no_figures", lang), icon=":material/info:")
    if presenting():  # one slide: the block it names (dashboard/deck.py)
        slide = current_slide()
        if slide is not None and slide.page_id == area_id and slide.block is not None:
            with ui.section(lang):
                ui.slide_block(slide.block, lang, theme)
        return
    for block in AREA_BLOCKS.get(area_id, ()):
        with ui.section(lang):
            render_block(block, lang, theme, shown)
    if page.series_metrics or page.place_metrics:
        st.subheader(t("area.series", lang))
        for block in page.extra_blocks:
            with ui.section(lang):
                render_block(block, lang, theme, shown)
    if page.other_metrics:
        st.subheader(t("area.more_figures", lang))
        ui.kpi_grid(page.other_metrics, lang)
    if page.more_metrics:
        more_metrics(area_id, page.more_metrics, lang)
    ui.conflict_notes(page.conflicts, lang)
    if page.events:
        st.subheader(t("area.events", lang))
        if len(page.events) >= MIN_EVENTS_FOR_CHART:
            with ui.section(lang):
                ui.chart(figures.timeline(area_id, lang, theme), lang, shown=shown)
        else:
            ui.markdown_lines(page.events)
    ui.compliance_notes(page.compliance, lang)
    st.subheader(t("area.sources", lang))
    ui.markdown_lines(page.sources)
    ui.take_away_downloads(area_id, lang, shown)  # with the PNG zip of the charts drawn


def more_metrics(area_id: str, n: int, lang: str) -> None:
    """Where the indicators left off the page are: the explorer, filtered to this priority."""
    st.caption(t("area.more_metrics", lang, n=n))
    st.page_link(
        "../pages/explorer.py",
        label=t("area.more_link", lang),
        icon=":material/table_view:",
        query_params={"area": area_id, "lang": lang},
    )


def render_block(block: Block, lang: str, theme: str, shown: list[Chart]) -> None:
    if block.kind == BlockKind.CARDS:
        if block.title_key:
            st.subheader(t(block.title_key, lang))
        ui.kpi_grid(block.metrics, lang)
    elif block.kind == BlockKind.HEADING and block.title_key:
        st.header(t(block.title_key, lang), divider="gray")
    elif block.kind == BlockKind.ACTIONS:
        six_actions(lang)
    else:
        ui.chart(figures.block_chart(block, lang, theme), lang, shown=shown)


def six_actions(lang: str) -> None:
    """The six specialized actions, as each source orders and words them."""
    st.subheader(t("area.actions", lang))
    st.caption(t("area.actions_lead", lang))
    st.dataframe(models.six_actions(lang), hide_index=True, alt=t("area.actions", lang))
