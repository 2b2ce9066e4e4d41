"""Sources and methods."""

from dashboard import components as ui
from dashboard.data import load_table
from dashboard.i18n import t
from dashboard.state import current_language

lang = current_language()
ui.require(lang, "sources")
ui.page_header(t("sources.title", lang), t("nav.help.sources", lang))
ui.source_list(load_table("sources").sort_values("published", ascending=False), lang)
