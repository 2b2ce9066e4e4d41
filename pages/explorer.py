"""Data explorer."""

from dashboard import components as ui
from dashboard import figures
from dashboard.i18n import t
from dashboard.state import current_language

lang = current_language()
ui.require(lang, *figures.VIEW_TABLES)
ui.page_header(t("nav.explorer", lang), t("nav.help.explorer", lang))
ui.rows_table(figures.observation_view(), lang, name="all")
