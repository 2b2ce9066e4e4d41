"""Timeline: every dated event in the sources."""

import streamlit as st

from dashboard import figures, models
from dashboard.i18n import t
from dashboard.ui import components as ui
from dashboard.ui.state import current_language, current_slide, current_theme, presenting

lang, theme = current_language(), current_theme()
ui.require(lang, t("timeline.title", lang), "events", "sources")
if presenting():  # one slide: the chart, under the page's title as a kicker
    st.markdown(f"**{t('timeline.title', lang)}**")
else:
    ui.page_header(t("timeline.title", lang), t("nav.help.timeline", lang))
shown: list = []  # the charts drawn, for the download of them all at the foot
slide = current_slide() if presenting() else None
with ui.section(lang):
    if slide is not None and slide.page_id == "timeline" and slide.block is not None:
        ui.slide_block(slide.block, lang, theme)  # one part of the timeline (dashboard/takeaway/deck.py)
    else:
        ui.chart(figures.timeline(None, lang, theme), lang, shown=shown)
if not presenting():
    ui.markdown_lines(models.all_event_lines(lang))
ui.export_all_charts(lang, "timeline", shown)
