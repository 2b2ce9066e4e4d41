"""The script every viewer's run executes (served by `streamlit run dashboard/server.py`). Sets the page, the language and presentation mode,
the navigation over the scripts in pages/, and (when presenting) the Next/Previous controls.

It lives in dashboard/, away from pages/, so that Streamlit never treats pages/ as a legacy multipage
folder: a deep link such as /ai-datasets works even as the first request after the server starts.
"""

import contextlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard.ui import startup  # noqa: E402

startup.ensure()  # a no-op when the server ran the start-up path (dashboard/server.py); otherwise it runs now

from dashboard import models  # noqa: E402
from dashboard.data import DataFileError  # noqa: E402
from dashboard.i18n import t  # noqa: E402
from dashboard.navigation import PAGES  # noqa: E402
from dashboard.ui import components, presentation, state  # noqa: E402

held = state.begin_run()  # this run reads one dataset version throughout (dashboard/data.py)
presenting = state.presenting()
embedded = bool(st.context.is_embedded)  # ?embed=true: one page inside another site, without our navigation
st.set_page_config(
    page_title="China Data Market Monitor",
    page_icon=":material/monitoring:",
    layout="wide",
    initial_sidebar_state="collapsed" if presenting or embedded else "auto",
)

components.theme_styles(state.current_theme())
lang = state.language_widget()
# An open session whose data changed under it (a new version was swapped in) is told once, quietly.
if st.session_state.setdefault("data_version", held.id) != held.id:
    st.session_state["data_version"] = held.id
    st.toast(t("notice.data_updated", lang, version=held.label or "?"), icon=":material/update:")
state.present_toggle(lang)
state.present_notice(lang)

# Page objects are made once per session and language: making one resolves its file on disk, which
# would otherwise be paid on every rerun of every viewer.
if st.session_state.get("pages_lang") != lang:
    st.session_state["pages"] = {
        spec.page_id: st.Page(
            f"../pages/{spec.script}",
            title=t(spec.title_key, lang),
            icon=spec.icon,
            url_path=spec.url_path or None,
            default=not spec.url_path,
            help=t(spec.help_key, lang),
        )
        for spec in PAGES
    }
    st.session_state["pages_lang"] = lang
pages = st.session_state["pages"]
sections: dict[str, list] = {}
for spec in PAGES:
    sections.setdefault(t(spec.section, lang), []).append(pages[spec.page_id])
current = st.navigation(sections, position="hidden" if presenting or embedded else "sidebar", expanded=True)

with st.sidebar, contextlib.suppress(DataFileError):  # the pages that need the data say what is wrong
    st.caption(models.version_line(lang))
    components.whole_deck_download(lang)

if presenting:
    presentation.styles(state.current_theme())
    slide_number, slides = presentation.resolve_slide(current, pages, lang)
current.run()  # a page ends with the download of the charts it drew (components.export_all_charts)
if presenting:
    presentation.controls(current, pages, lang, slide_number, slides)
