"""The page of one 2026 priority (or the cross-cutting data-security theme), composed from components:
what it is, its figures as cards and charts, conflicts, events, compliance notes and sources."""

from __future__ import annotations

import streamlit as st

from dashboard import components as ui
from dashboard import figures, layouts, models
from dashboard.i18n import t
from dashboard.layouts import AREA_BLOCKS, MIN_EVENTS_FOR_CHART, Block, named_metrics
from dashboard.state import current_language, current_slide, current_theme, presenting

PAGE_TABLES = (*figures.VIEW_TABLES, "priority_areas", "area_wordings", "events", "compliance_notes", "conflicts",
               "entities", "mentions")



def page_model(area_id: str, lang: str) -> models.AreaPage:
    return models.area_page(area_id, lang, tuple(sorted(named_metrics(area_id))))


def render(area_id: str) -> None:
    lang, theme = current_language(), current_theme()
    ui.require(lang, t(f"nav.{area_id}", lang), *PAGE_TABLES)
    page = page_model(area_id, lang)
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
                render_block(slide.block, lang, theme)
        return
    for block in AREA_BLOCKS.get(area_id, ()):
        with ui.section(lang):
            render_block(block, lang, theme)
    if page.series_metrics or page.place_metrics:
        st.subheader(t("area.series", lang))
        for block in extra_blocks(page):
            with ui.section(lang):
                render_block(block, lang, theme)
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
                ui.chart(figures.timeline(area_id, lang, theme), lang)
        else:
            ui.markdown_lines(page.events)
    ui.compliance_notes(page.compliance, lang)
    st.subheader(t("area.sources", lang))
    ui.markdown_lines(page.sources)


def more_metrics(area_id: str, n: int, lang: str) -> None:
    """Where the indicators left off the page are: the explorer, filtered to this priority."""
    st.caption(t("area.more_metrics", lang, n=n))
    st.page_link("../pages/explorer.py", label=t("area.more_link", lang), icon=":material/table_view:",
                 query_params={"area": area_id, "lang": lang})


def extra_blocks(page: models.AreaPage) -> tuple[Block, ...]:
    return layouts.extra_blocks(page.series_metrics, page.place_metrics)


def block_chart(block: Block, lang: str, theme: str):
    """The chart a block draws (or None): shared by the page, the slides and the start-up warm-up."""
    return figures.block_chart(block, lang, theme)


def render_block(block: Block, lang: str, theme: str) -> None:
    if block.kind == "cards":
        if block.title_key:
            st.subheader(t(block.title_key, lang))
        ui.kpi_grid(block.metrics, lang)
    elif block.kind == "heading":
        st.header(t(block.title_key, lang), divider="gray")
    elif block.kind == "actions":
        six_actions(lang)
    else:
        ui.chart(block_chart(block, lang, theme), lang)


def six_actions(lang: str) -> None:
    """The six specialized actions, as each source orders and words them."""
    st.subheader(t("area.actions", lang))
    st.caption(t("area.actions_lead", lang))
    st.dataframe(models.six_actions(lang), hide_index=True, alt=t("area.actions", lang))
