"""Presentation mode (?present=1): large type, no sidebar, header or toolbar, and Next/Previous controls
that keep the mode and the language. The arrow keys and PageUp/PageDown (what presentation clickers
send) move between pages through Streamlit's native button shortcuts."""

from __future__ import annotations

import streamlit as st

from dashboard.cache import memo
from dashboard.i18n import t
from dashboard.navigation import PAGES
from dashboard.safe import md
from dashboard.takeaway import deck
from dashboard.theme import THEMES, palette
from dashboard.ui import state
from dashboard.ui.state import PRESENT_PARAM

# Style only: no data reaches this string.
_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stExpandSidebarButton"] { display: none !important; }
.stMainBlockContainer, [data-testid="stMainBlockContainer"] { padding-top: 1rem !important; max-width: 100% !important; }
[data-testid="stMain"] { font-size: clamp(1rem, 2.4vh, 1.3rem); }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: clamp(1.8rem, 6.5vh, 5rem) !important; line-height: 1.1 !important; }
[class*="st-key-kpi-"] { min-height: calc((100vh - 16rem) / 2); }
[class*="st-key-kpi-"] p { font-size: clamp(1rem, 2.3vh, 1.6rem) !important; }
[class*="st-key-kpi-"] [data-testid="stMetricValue"], [class*="st-key-kpi-"] [data-testid="stMetricValue"] * { font-size: clamp(1.8rem, 6.5vh, 5rem) !important; }
[class*="st-key-kpi-"] [data-testid="stMetricDelta"], [class*="st-key-kpi-"] [data-testid="stMetricDelta"] * { font-size: clamp(0.85rem, 1.9vh, 1.25rem) !important; }
[data-testid="stImage"] img { max-height: 8vh; width: auto !important; max-width: 100%; }
@media (max-height: 800px) { [data-testid="stMain"] [data-testid="stElementContainer"]:has([data-testid="stImage"]) { display: none !important; } }
[data-testid="stMain"] h2, [data-testid="stMain"] h3 { padding-top: 0 !important; padding-bottom: 0.25rem !important; }
[data-testid="stMain"] [data-testid="stVerticalBlock"] { gap: clamp(0.3rem, 1.2vh, 1rem) !important; }
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * { font-size: 1.25rem !important; }
[data-testid="stCaptionContainer"] { font-size: clamp(0.85rem, 2.1vh, 1.05rem) !important; }
h1 { font-size: 3rem !important; }
.st-key-present_pagedown, .st-key-present_pageup { display: none !important; }
.st-key-present_controls { position: fixed; right: 1.5rem; bottom: 1rem; z-index: 999990; width: auto !important;
  background: BACKGROUND; border: 1px solid BORDER; border-radius: 0.75rem; padding: 0.4rem 0.6rem;
  box-shadow: 0 2px 10px rgba(0,0,0,0.25); }
[data-testid="stMainBlockContainer"] { padding-bottom: 4.5rem !important; }
.st-key-slide_chart { height: calc(100vh - 15rem) !important; flex: 0 0 calc(100vh - 15rem) !important; min-height: 20rem; overflow-y: auto; }
.st-key-slide_chart [data-testid="stPlotlyChart"], .st-key-slide_chart .stPlotlyChart { height: 100% !important; }
</style>
"""


_CSS_BY_THEME = {
    name: _CSS.replace("BACKGROUND", palette(name).background).replace("BORDER", palette(name).grid) for name in THEMES
}


def styles(theme: str) -> None:
    """The presentation styles in the viewer's theme (made from constants: no data reaches this HTML)."""
    st.html(_CSS_BY_THEME[theme if theme in _CSS_BY_THEME else "light"])


def page_id_of(current, pages: dict) -> str:
    return next((pid for pid, page in pages.items() if page.url_path == current.url_path), PAGES[0].page_id)


def resolve_slide(current, pages: dict, lang: str) -> tuple[int, tuple]:
    """The slide this run presents, from ?slide= (the current page's first slide without it). When the
    slide is on another page, switch to that page (the URL names the slide, so a link reopens it)."""
    slides = deck.deck(lang)
    page_id = page_id_of(current, pages)
    raw = st.query_params.get(deck.SLIDE_PARAM)
    number, usable = deck.slide_number(raw, slides, page_id)
    if not usable:
        st.warning(t("notice.bad_slide", lang, value=md(str(raw)[:40]), total=len(slides)), icon=":material/slideshow:")
    slide = slides[number - 1]
    if slide.page_id != page_id:
        st.switch_page(pages[slide.page_id], query_params={PRESENT_PARAM: "1", deck.SLIDE_PARAM: str(number)})
    if st.query_params.get(deck.SLIDE_PARAM) != str(number):
        st.query_params[deck.SLIDE_PARAM] = str(number)
    state.set_slide(slide)
    return number, slides


def _go(number: int, slides: tuple, pages: dict, current_page: str) -> None:
    target = slides[(number - 1) % len(slides)]
    number = (number - 1) % len(slides) + 1
    if target.page_id == current_page:
        st.query_params[deck.SLIDE_PARAM] = str(number)
        st.rerun()
    st.switch_page(pages[target.page_id], query_params={PRESENT_PARAM: "1", deck.SLIDE_PARAM: str(number)})


def controls(current, pages: dict, lang: str, number: int, slides: tuple) -> None:
    """Previous, slide counter ("7 / 42"), Next, the slide list (key g), Exit. Moving keeps ?present=1 and
    names the slide in ?slide=; the language is bound to the URL and kept."""
    page_id = page_id_of(current, pages)
    with st.container(key="present_controls", horizontal=True, vertical_alignment="center", gap="small"):
        if st.button(t("present.previous", lang), key="present_previous", shortcut="Left"):
            _go(number - 1, slides, pages, page_id)
        st.markdown(f"**{t('present.counter', lang, current=number, total=len(slides))}**", width="content")
        if st.button(t("present.next", lang), key="present_next", shortcut="Right", type="primary"):
            _go(number + 1, slides, pages, page_id)
        if st.button(t("present.list", lang), key="present_list", shortcut="g", icon=":material/list:"):
            st.session_state["present_list_open"] = not st.session_state.get("present_list_open", False)
        if st.button(t("present.exit", lang), key="present_exit", icon=":material/close:"):
            st.query_params.pop(PRESENT_PARAM, None)
            st.query_params.pop(deck.SLIDE_PARAM, None)
            st.rerun()
    if st.session_state.get("present_list_open"):
        labels = slide_labels(lang)
        chosen = st.selectbox(
            t("present.list", lang),
            range(1, len(slides) + 1),
            index=number - 1,
            format_func=lambda n: labels[n - 1],
            key="present_list_choice",
        )
        if chosen != number:
            st.session_state["present_list_open"] = False
            _go(chosen, slides, pages, page_id)
    # Clickers send PageDown/PageUp; these hidden buttons take those keys.
    if st.button("next", key="present_pagedown", shortcut="PageDown"):
        _go(number + 1, slides, pages, page_id)
    if st.button("previous", key="present_pageup", shortcut="PageUp"):
        _go(number - 1, slides, pages, page_id)


def slide_labels(lang: str) -> tuple[str, ...]:
    """'7. High-quality datasets for AI: <the chart's finding>' for every slide (built once per language)."""
    return memo(("slide_labels", lang), lambda: deck.labels(lang))
