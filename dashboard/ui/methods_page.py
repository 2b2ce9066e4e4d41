"""Sources and methods: every source with what was taken from it, how figures are curated, what the
qualifiers mean, how derived figures are computed, and every known conflict between sources."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data, explorer, figures
from dashboard.data import REPO, load_table
from dashboard.formatting import format_date
from dashboard.i18n import pick, t
from dashboard.methods import TABLES, methods, target_method, target_rules
from dashboard.safe import md
from dashboard.schema import QUALIFIERS
from dashboard.ui import components as ui
from dashboard.ui.state import current_language, current_theme, presenting

CHANGELOG = REPO / "datasets" / "CHANGELOG.md"


def render() -> None:
    lang = current_language()
    ui.require(lang, t("sources.title", lang), *TABLES)
    model = methods(lang)
    release = load_table("release").iloc[0]
    if presenting():  # one summary slide: how far the sources can be trusted (dashboard/takeaway/deck.py)
        st.markdown(f"**{t('sources.title', lang)}**")
        with ui.section(lang):
            ui.chart(figures.source_grades(lang, current_theme()), lang)
        return
    ui.page_header(t("sources.title", lang), t("methods.lead", lang))
    refresh_notices(lang, str(release["version"]))

    st.header(t("methods.curation", lang), divider="gray")
    st.markdown(t("methods.curation_body", lang))
    st.subheader(t("methods.qualifiers", lang))
    st.dataframe(
        pd.DataFrame(
            {
                t("explorer.col.qualifier", lang): list(QUALIFIERS),
                t("methods.q_label", lang): [t("qualifier." + q, lang) for q in QUALIFIERS],
                t("methods.meaning", lang): [t("methods.q." + q, lang) for q in QUALIFIERS],
            }
        ),
        hide_index=True,
        alt=t("methods.qualifiers", lang),
    )
    st.subheader(t("methods.grades", lang))
    st.markdown(t("methods.grades_body", lang))
    shown: list = []  # the charts drawn, for the download of them all at the foot
    with ui.section(lang):
        ui.chart(figures.source_grades(lang, current_theme()), lang, shown=shown)
    with ui.section(lang):  # how the figures spread across the priorities: a fact about this dataset
        ui.chart(figures.figures_per_area(lang, current_theme()), lang, shown=shown)

    st.header(t("methods.derived", lang), divider="gray")
    st.markdown(t("methods.derived_body", lang))
    ui.markdown_lines(model.derived)

    st.header(t("methods.targets", lang), divider="gray")
    st.markdown(target_method(load_table("release"), lang))
    st.dataframe(target_rules(lang), hide_index=True, alt=t("methods.targets", lang))

    st.header(t("methods.conflicts", lang), divider="gray")
    for heading, explanation, members in model.conflicts:
        with st.container(border=True):
            st.markdown(heading)
            st.markdown(explanation)
            st.caption(members)

    st.header(t("methods.sources", lang), divider="gray")
    st.markdown(t("methods.sources_body", lang, n=len(model.sources)))
    start, stop = explorer.page_bounds(len(model.sources), ui.pager(len(model.sources), "src_page", lang))
    st.dataframe(
        ui.table_data(("sources-table", lang, start), lambda: model.sources.iloc[start:stop]),
        hide_index=True,
        alt=t("methods.sources", lang),
        column_config={
            "link": st.column_config.LinkColumn(
                t("explorer.col.link", lang), display_text=t("common.open_source", lang)
            ),
            "citation": st.column_config.TextColumn(t("methods.citation", lang), width="large"),
        },
    )

    st.header(t("methods.version", lang), divider="gray")
    version = t("sidebar.version", lang, version=release["version"], date=format_date(release["released"], "day", lang))
    licence = md(version + " · " + t("sidebar.licence", lang, licence=release["licence"]))
    st.markdown(
        t("fmt.aside", lang, text=licence, aside=f"<{release['licence_url']}>")
    )  # a link in the language's brackets
    st.caption(md(pick(release, "note", lang)))
    if CHANGELOG.exists():
        with st.expander(t("methods.changelog", lang), icon=":material/history:"):
            st.markdown(CHANGELOG.read_text(encoding="utf-8"))
    ui.export_all_charts(lang, "sources", shown)


def refresh_notices(lang: str, served: str) -> None:
    """Say so when a newer dataset version was rejected, or the data location cannot be reached now."""
    rejected = data.refresh_problem()
    if rejected is not None:
        st.warning(
            t(
                "methods.refresh_rejected",
                lang,
                version=md(rejected.label or "?"),
                file=md(rejected.error.file),
                problem=md(rejected.error.problem),
                served=md(served),
            ),
            icon=":material/sync_problem:",
        )
    unreachable = data.unreachable()
    if unreachable is not None:
        st.warning(
            t(
                "methods.store_unreachable",
                lang,
                file=md(unreachable.file),
                problem=md(unreachable.problem),
                served=md(served),
            ),
            icon=":material/cloud_off:",
        )
