"""Run the real entry script with AppTest and open a page, as a viewer would."""

import json
import re
from unittest import mock

import streamlit as st
import streamlit.testing.v1.app_test as app_test
from streamlit.testing.v1 import AppTest

from dashboard import cache
from dashboard.navigation import PAGES
from tests.helpers import REPO

APP = str(REPO / "dashboard" / "app.py")
SCRIPT = {p.page_id: p.script for p in PAGES}


def open_page(
    page_id: str = "overview", query: dict | None = None, locale: str | None = "en-US", theme: str = "light"
) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)  # a loaded machine can take most of a minute for a first run
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.context = {"locale": locale, "theme": theme}
    at.run()
    if page_id != "overview":
        at.switch_page(f"../pages/{SCRIPT[page_id]}").run()
    return at


def downloads(page_id: str, query: dict | None, *keys: str) -> dict[str, bytes]:
    """The bytes each named download button of a page gives when clicked (its `data`, or the file its deferred
    callable makes), read from the media store AppTest gave the page's last run."""
    stores: list = []

    class Recording(app_test.MediaFileManager):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            stores.append(self)

    with mock.patch.object(app_test, "MediaFileManager", Recording):
        at = open_page(page_id, query)
    assert not at.exception, [e.value for e in at.exception]
    store = stores[-1]
    found = {}
    for key in keys:
        proto = at.download_button(key=key).proto
        url = store.execute_deferred(proto.deferred_file_id) if proto.deferred_file_id else proto.url
        file = store.read_file(url.rsplit("/", 1)[1].split(".")[0])
        assert file is not None, f"{key}: no file behind {url}"
        found[key] = file.content
    return found


def open_every_section(page_id: str, query: dict | None = None, lang: str = "en") -> list[AppTest]:
    """A priority page opened at each of its sections (`?section=`), in order; another page, once."""
    from dashboard import sections
    from dashboard.navigation import AREA_PAGE_IDS

    if page_id not in AREA_PAGE_IDS:
        return [open_page(page_id, query)]
    return [
        open_page(page_id, {**(query or {}), sections.PARAM: s.section_id})
        for s in sections.area_sections(page_id, lang)
    ]


def plotly_specs(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def footnotes(spec: dict) -> str:
    return " ".join(a.get("text", "") for a in spec["layout"].get("annotations", []))


def plain(text: str) -> str:
    """Displayed text without the Markdown escapes the app adds to data text."""
    return re.sub(r"\\(.)", r"\1", text)


def captions(at: AppTest) -> str:
    return plain(" ".join(c.value for c in at.caption))


def clear_caches() -> None:
    cache.clear_all()
    st.cache_resource.clear()
    st.cache_data.clear()
