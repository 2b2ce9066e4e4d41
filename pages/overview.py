"""Overview: headline figures, how the figures spread across the priorities, what changed."""

import streamlit as st

from dashboard import components as ui
from dashboard import figures, models
from dashboard.i18n import t
from dashboard.state import current_language, current_theme, presenting

lang, theme = current_language(), current_theme()
ui.require(lang, t("overview.title", lang), *figures.VIEW_TABLES, "priority_areas")
ui.page_header(t("overview.title", lang), t("overview.lead", lang))

headlines = models.headline_ids()
st.subheader(t("overview.headline", lang))
ui.kpi_grid(headlines[:5], lang, per_row=5)
if not presenting():
    st.subheader(t("overview.more", lang))
    ui.kpi_grid(headlines[5:], lang, per_row=5)

left, right = st.columns([3, 2], gap="large")
with left, ui.section(lang):
    ui.chart(figures.figures_per_area(lang, theme), lang)
with right, ui.section(lang):
    ui.what_changed(lang, limit=5 if presenting() else 6)
if not presenting():
    ui.priority_links(lang, st.session_state.get("pages", {}))
