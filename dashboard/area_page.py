"""The page of one 2026 priority (or the cross-cutting data-security theme), composed from components:
what it is, its figures as cards and charts, conflicts, events, compliance notes and sources."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import components as ui
from dashboard import figures, views
from dashboard.data import load_table
from dashboard.i18n import pick, t
from dashboard.layouts import AREA_BLOCKS, Block, named_metrics
from dashboard.safe import md
from dashboard.state import current_language, current_theme, presenting

PAGE_TABLES = (*figures.VIEW_TABLES, "priority_areas", "area_wordings", "events", "compliance_notes", "conflicts",
               "entities", "mentions")


def render(area_id: str) -> None:
    lang, theme = current_language(), current_theme()
    ui.require(lang, *PAGE_TABLES)
    areas = load_table("priority_areas")
    area = areas.set_index("area_id").loc[area_id]
    sources = load_table("sources")

    ui.page_header(pick(area, "name", lang))
    st.markdown(md(pick(area, "summary", lang)))
    wordings = load_table("area_wordings")
    wording = wordings[(wordings.area_id == area_id)].sort_values("source_id")
    if not wording.empty and not presenting():
        first = wording.iloc[0]
        who = sources.set_index("source_id").loc[first["source_id"]]
        ui.quote(first["wording"], who["publisher_zh"] if lang == "zh" else who["publisher"], lang)

    rows = views.area_observations(figures.observation_view(), areas, area_id)
    if rows.empty:
        st.info(t("area.no_figures", lang), icon=":material/info:")
    for block in AREA_BLOCKS.get(area_id, ()):
        with ui.section(lang):
            render_block(block, lang, theme)
    others = views.single_report_metrics(rows, exclude=named_metrics(area_id))
    if others:
        st.subheader(t("area.more_figures", lang))
        ui.kpi_grid(others, lang)

    entities, mentions = load_table("entities"), load_table("mentions")
    area_mentions = mentions[mentions.entity_id.isin(entities[entities.area_id == area_id].entity_id)]
    conflict_rows = views.conflicts_of(load_table("conflicts"), load_table("conflict_members"),
                                       [*rows.obs_id, *area_mentions.mention_id])
    ui.conflict_notes(conflict_rows, lang)

    events = views.area_events(load_table("events"), areas, area_id)
    st.subheader(t("area.events", lang))
    if events.empty:
        st.caption(t("area.no_events", lang))
    else:
        with ui.section(lang):
            ui.chart(figures.timeline(area_id, lang, theme), lang)
    if presenting():
        return
    ui.compliance_notes(area_id, lang)
    notes = load_table("compliance_notes")
    extra_sources = [*events.source_id, *wording.source_id, *notes[notes.area_id == area_id].source_id]
    st.subheader(t("area.sources", lang))
    ui.source_list(views.sources_of(rows, sources, extra_sources), lang)


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
    areas = load_table("priority_areas")
    actions = areas[areas.kind == "action"].sort_values("rank")
    wordings = load_table("area_wordings")
    table = {t("area.action_col", lang): [pick(a, "name", lang) for _, a in actions.iterrows()]}
    for source_id, key in (("seed_000", "area.order_000"), ("seed_004", "area.order_004")):
        by_area = wordings[wordings.source_id == source_id].set_index("area_id")
        table[t(key, lang)] = [
            f"{by_area.loc[a, 'position']}. {by_area.loc[a, 'wording']}" if a in by_area.index else ""
            for a in actions.area_id
        ]
    st.dataframe(pd.DataFrame(table), hide_index=True, alt=t("area.actions", lang))
