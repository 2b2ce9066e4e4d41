"""Per-viewer settings that live in the URL: language (`lang`) and presentation mode (`present`).

`lang` is a widget bound to the query string, so it survives page switches; with nothing in the URL it
follows the browser's language. `present=1` is read from the URL; the Next/Previous controls carry it
to the next page. Invalid values fall back to the default with a visible notice, never an exception.
"""

from __future__ import annotations

import threading

import streamlit as st

from dashboard import data
from dashboard.i18n import LANG_NAMES, LANGS, t
from dashboard.safe import md

LANG_KEY = "lang"
PRESENT_PARAM = "present"

# Settings of the current script run. Streamlit runs each script run in its own thread, and the pages ask
# for these many times a run; reading the URL or the session each time would cost more than the answer.
_RUN = threading.local()


def begin_run() -> data.Version:
    """Called first by the entry script: forget the previous run's settings, and pin the dataset version
    served now for the whole run (every table read and every cache key of this run use it)."""
    _RUN.values = {}
    return data.begin_run()


def _this_run(name: str, compute):
    values = getattr(_RUN, "values", None)
    if values is None:
        return compute()
    if name not in values:
        values[name] = compute()
    return values[name]


def browser_language() -> str:
    locale = (st.context.locale or "").lower()
    return "zh" if locale.startswith("zh") else "en"


def language_widget() -> str:
    """The language switch (bound to ?lang=) in the sidebar; returns the language in use."""
    default = browser_language()
    raw = st.query_params.get(LANG_KEY)
    with st.sidebar:
        # The option labels are the URL values (?lang=en, ?lang=zh): bound widgets write their labels.
        chosen = st.segmented_control(
            "Language · 语言",
            LANGS,
            key=LANG_KEY,
            bind="query-params",
            default=default,
            required=True,
            help=" / ".join(LANG_NAMES.values()),
        )
    lang = chosen if chosen in LANGS else default
    if getattr(_RUN, "values", None) is not None:
        _RUN.values["lang"] = lang
    if raw is not None and raw not in LANGS:
        st.warning(t("notice.bad_lang", lang, value=md(_clip(raw))), icon=":material/translate:")
    return lang


def presenting() -> bool:
    return _this_run("present", lambda: st.query_params.get(PRESENT_PARAM) == "1")


def present_notice(lang: str) -> None:
    raw = st.query_params.get(PRESENT_PARAM)
    if raw is not None and raw not in ("0", "1"):
        st.warning(t("notice.bad_present", lang, value=md(_clip(raw))), icon=":material/slideshow:")


def present_toggle(lang: str) -> None:
    """The sidebar switch; it writes ?present=1 (or removes it)."""

    def on_change() -> None:
        if st.session_state["present_toggle"]:
            st.query_params[PRESENT_PARAM] = "1"
        else:
            st.query_params.pop(PRESENT_PARAM, None)

    with st.sidebar:
        st.toggle(
            t("sidebar.present", lang),
            value=presenting(),
            key="present_toggle",
            on_change=on_change,
            help=t("sidebar.present_help", lang),
        )


def current_language() -> str:
    """The language chosen for this run (pages call this; the entry script set the widget)."""

    def compute() -> str:
        value = st.session_state.get(LANG_KEY)
        return value if value in LANGS else browser_language()

    return _this_run("lang", compute)


def current_theme() -> str:
    """'light' or 'dark', following the viewer's system setting (or their choice in the app menu)."""
    return _this_run("theme", lambda: "dark" if st.context.theme.type == "dark" else "light")


def _clip(text: str, limit: int = 40) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def set_slide(slide) -> None:
    """The entry script records the slide this run presents (see dashboard/takeaway/deck.py)."""
    values = getattr(_RUN, "values", None)
    if values is not None:
        values["slide"] = slide


def current_slide():
    """The slide this run presents (a deck.Slide), or None outside presentation mode."""
    values = getattr(_RUN, "values", None)
    return values.get("slide") if values is not None else None
