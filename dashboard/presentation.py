"""Presentation mode (?present=1): large type, no sidebar, header or toolbar, and Next/Previous controls
that keep the mode and the language. The arrow keys and PageUp/PageDown (what presentation clickers
send) move between pages through Streamlit's native button shortcuts."""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import t
from dashboard.navigation import PAGES, neighbours
from dashboard.state import PRESENT_PARAM
from dashboard.theme import THEMES, palette

# Style only: no data reaches this string.
_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stExpandSidebarButton"] { display: none !important; }
.stMainBlockContainer, [data-testid="stMainBlockContainer"] { padding-top: 1.5rem !important; max-width: 100% !important; }
[data-testid="stMain"] { font-size: 1.3rem; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: 3.5rem !important; line-height: 1.1 !important; }
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * { font-size: 1.25rem !important; }
[data-testid="stCaptionContainer"] { font-size: 1.05rem !important; }
h1 { font-size: 3rem !important; }
.st-key-present_pagedown, .st-key-present_pageup { display: none !important; }
.st-key-present_controls { position: fixed; right: 1.5rem; bottom: 1rem; z-index: 999990; width: auto !important;
  background: BACKGROUND; border: 1px solid BORDER; border-radius: 0.75rem; padding: 0.4rem 0.6rem;
  box-shadow: 0 2px 10px rgba(0,0,0,0.25); }
[data-testid="stMainBlockContainer"] { padding-bottom: 7rem !important; }
</style>
"""


_CSS_BY_THEME = {
    name: _CSS.replace("BACKGROUND", palette(name).background).replace("BORDER", palette(name).grid) for name in THEMES
}


def styles(theme: str) -> None:
    """The presentation styles in the viewer's theme (made from constants: no data reaches this HTML)."""
    st.html(_CSS_BY_THEME[theme if theme in _CSS_BY_THEME else "light"])


def controls(current, pages: dict, lang: str) -> None:
    """Previous, slide counter, Next, Exit; the pages switched to keep ?present=1 (the language is bound)."""
    page_id = next((pid for pid, page in pages.items() if page.url_path == current.url_path), PAGES[0].page_id)
    previous, following = neighbours(page_id)
    index = [p.page_id for p in PAGES].index(page_id) + 1
    params = {PRESENT_PARAM: "1"}
    with st.container(key="present_controls", horizontal=True, vertical_alignment="center", gap="small"):
        if st.button(t("present.previous", lang), key="present_previous", shortcut="Left"):
            st.switch_page(pages[previous.page_id], query_params=params)
        st.markdown(f"**{t('present.counter', lang, current=index, total=len(PAGES))}**", width="content")
        if st.button(t("present.next", lang), key="present_next", shortcut="Right", type="primary"):
            st.switch_page(pages[following.page_id], query_params=params)
        if st.button(t("present.exit", lang), key="present_exit", icon=":material/close:"):
            st.query_params.pop(PRESENT_PARAM, None)
            st.rerun()
    # Clickers send PageDown/PageUp; these hidden buttons take those keys.
    if st.button("next", key="present_pagedown", shortcut="PageDown"):
        st.switch_page(pages[following.page_id], query_params=params)
    if st.button("previous", key="present_pageup", shortcut="PageUp"):
        st.switch_page(pages[previous.page_id], query_params=params)
