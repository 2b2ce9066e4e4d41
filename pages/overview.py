"""Overview: the headline figures of the market (value, change, sparkline, date and source), what changed,\nthe priorities, trends."""

import streamlit as st

from dashboard import figures, models
from dashboard.i18n import t
from dashboard.ui import components as ui
from dashboard.ui.state import current_language, current_slide, current_theme, presenting

OVERVIEW_PER_ROW = 4  # headline cards per row: wide enough for a change chip and a sparkline at 1440 px

lang, theme = current_language(), current_theme()
ui.require(lang, t("overview.title", lang), *figures.VIEW_TABLES, "priority_areas")

if presenting():  # one slide: the block it names (dashboard/takeaway/deck.py), under the page's title as a kicker
    st.markdown(f"**{t('overview.title', lang)}**")
    slide = current_slide()
    if slide is not None and slide.page_id == "overview" and slide.block is not None:
        with ui.section(lang):
            ui.slide_block(slide.block, lang, theme)
else:
    ui.page_header(t("overview.title", lang), t("overview.lead", lang))
    st.caption(models.currency(lang))
    ui.target_strip(lang)

    shown: list = []  # the charts drawn, for the download of them all at the foot
    st.subheader(t("overview.headline", lang))
    ui.kpi_grid(models.headline_ids(), lang, per_row=OVERVIEW_PER_ROW)

    left, right = st.columns([3, 2], gap="large")
    with left:
        ui.what_changed(lang, limit=models.CHANGES_SHOWN)
    with right:
        ui.priority_list(lang, st.session_state.get("pages", {}))
    trends = models.overview_series()
    if trends:
        st.subheader(t("overview.trends", lang))
        for metric_id in trends:  # full width: a chart's title states its finding and must not be cut
            with ui.section(lang):
                ui.chart(figures.series(metric_id, (metric_id,), lang, theme), lang, shown=shown)
    ui.take_away_downloads("overview", lang, shown)  # with the PNG zip of the charts drawn
