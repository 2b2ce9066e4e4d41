"""The framework's floor: a bare Streamlit page with the same number of elements of each type as the
page being compared, each as cheap as Streamlit allows, inside a navigation with the same number of
pages (a multipage app's navigation is part of every run). `BARE_SPEC` (JSON: element type -> count)
and `BARE_PAGES` (a number) say how many; bench/run.py sets them from the overview page it measured."""

import json
import os

import plotly.graph_objects as go
import streamlit as st

SPEC = json.loads(os.environ.get("BARE_SPEC", "{}"))
PAGE_COUNT = int(os.environ.get("BARE_PAGES", "1"))


def body() -> None:
    for kind, count in sorted(SPEC.items()):
        for i in range(count):
            key = f"{kind}-{i}"
            if kind == "metric":
                st.metric("Metric", "100,000+", delta="from 35,000+")
            elif kind == "plotly_chart":
                st.plotly_chart(go.Figure(go.Bar(x=[1, 2], y=[1, 2])), theme=None, key=key)
            elif kind == "heading":
                st.subheader("Heading")
            elif kind == "block":
                st.container(key=key)
            elif kind == "button_group":
                st.segmented_control("Choice", ["a", "b"], key=key)
            elif kind == "checkbox":
                st.toggle("Toggle", key=key)
            elif kind == "dataframe":
                st.dataframe({"a": [1, 2, 3]})
            elif kind == "alert":
                st.info("Note")
            elif kind == "page_link":
                st.page_link("https://example.com/page", label="A page")
            elif kind == "ref":
                continue
            else:
                st.markdown("Some text")


def empty() -> None:
    st.markdown("Another page")


st.set_page_config(page_title="bare", layout="wide")
pages = [st.Page(body, title="Bare", default=True)]
pages += [st.Page(empty, title=f"Page {i}", url_path=f"page-{i}") for i in range(1, PAGE_COUNT)]
st.navigation(pages).run()
