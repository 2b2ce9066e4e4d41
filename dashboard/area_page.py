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


MIN_EVENTS_FOR_CHART = 4  # fewer events read better as a list than as a chart


def slide_blocks(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """For presentation mode: the first block of cards and the first chart."""
    cards = next((b for b in blocks if b.kind == "cards"), None)
    chart = next((b for b in blocks if b.kind in ("series", "compare", "conflict", "share", "map")), None)
    return tuple(b for b in blocks if b is cards or b is chart)


def page_model(area_id: str, lang: str) -> models.AreaPage:
    return models.area_page(area_id, lang, tuple(sorted(named_metrics(area_id))))


def render(area_id: str) -> None:
    lang, theme = current_language(), current_theme()
    ui.require(lang, t(f"nav.{area_id}", lang), *PAGE_TABLES)
    page = page_model(area_id, lang)
    ui.page_header(page.name)
    st.markdown(page.summary)
    if page.quote and not presenting():
        st.markdown(page.quote)
    if not page.has_figures:
        st.info(t("area.no_figures", lang), icon=":material/info:")
    blocks = AREA_BLOCKS.get(area_id, ())
    if presenting():  # one screen: the headline cards and the first chart
        blocks = slide_blocks(blocks)
    for block in blocks:
        with ui.section(lang):
            render_block(block, lang, theme)
    if presenting():
        return
    if page.other_metrics:
        st.subheader(t("area.more_figures", lang))
        ui.kpi_grid(page.other_metrics, lang)
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


def block_chart(block: Block, lang: str, theme: str):
    """The chart a block draws (or None): shared by the page and the start-up warm-up."""
    if block.kind == "series":
        return figures.series("-".join(block.metrics), block.metrics, lang, theme, block.title_key, block.log)
    if block.kind == "compare":
        return figures.compare("-".join(block.metrics[:2]), block.metrics, lang, theme, block.title_key)
    if block.kind == "conflict":
        return figures.conflict(block.conflict_id, lang, theme, block.log, block.metrics)
    if block.kind == "share":
        return figures.share(block.metrics[0], lang, theme, block.title_key, block.context_key)
    if block.kind == "map":
        return figures.city_map(lang, theme)
    return None


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
