"""The page of one 2026 priority (or the cross-cutting data-security theme), composed from components:
what it is, its figures as cards and charts, conflicts, events, compliance notes and sources."""

from __future__ import annotations

import streamlit as st

from dashboard import figures, models
from dashboard.charts import Chart
from dashboard.i18n import t
from dashboard.layouts import MIN_EVENTS_FOR_CHART, Block, BlockKind
from dashboard.safe import md
from dashboard.sections import PARAM, Section, SectionKind, area_sections, chart_blocks, choose
from dashboard.ui import components as ui
from dashboard.ui.state import current_language, current_slide, current_theme, presenting

PAGE_TABLES = (
    *figures.VIEW_TABLES,
    "priority_areas",
    "area_wordings",
    "events",
    "compliance_notes",
    "conflicts",
    "entities",
    "mentions",
)


def render(area_id: str) -> None:
    lang, theme = current_language(), current_theme()
    ui.require(lang, t(f"nav.{area_id}", lang), *PAGE_TABLES)
    page = models.area_page(area_id, lang)
    if presenting():  # the page's name as a kicker above the slide
        st.markdown(f"**{page.name}**")
    else:
        ui.page_header(page.name)
        st.markdown(page.summary)
    if page.quote and not presenting():
        st.markdown(page.quote)
    if not presenting():
        ui.target_strip(lang, area_id)
    if not page.has_figures:
        st.info(t("area.no_figures", lang), icon=":material/info:")
    if presenting():  # one slide: the block it names (dashboard/takeaway/deck.py)
        slide = current_slide()
        if slide is not None and slide.page_id == area_id and slide.block is not None:
            with ui.section(lang):
                ui.slide_block(slide.block, lang, theme)
        return
    sections = area_sections(area_id, lang)
    open_section = section_index(area_id, sections, lang)
    if open_section is not None:
        with ui.section(lang):
            render_section(area_id, open_section, page, lang, theme)
    blocks = chart_blocks(sections)  # the zip at the foot has every chart of the page, whichever section is open
    ui.take_away_downloads(
        area_id, lang, lambda: [c for b in blocks if (c := chart_of(b, lang, theme))], any_charts=bool(blocks)
    )


def section_index(area_id: str, sections: tuple[Section, ...], lang: str) -> Section | None:
    """The short index at the top of the page: one button per section, the open one selected. The URL names
    the open section by its id (`?section=tokens`), whatever the language: the page writes it (a bound
    widget would write the translated label) and follows it when it changes (a shared link, Back)."""
    raw = st.query_params.get(PARAM)
    chosen, usable = choose(raw, sections)
    if chosen is None:
        return None
    if not usable:
        ids = ", ".join(s.section_id for s in sections)
        st.warning(t("notice.bad_section", lang, value=md(str(raw)[:40]), ids=ids), icon=":material/link_off:")
    key, synced = f"section-{area_id}", f"section-{area_id}-url"
    if len(sections) == 1:
        return chosen
    if st.session_state.get(synced) != chosen.section_id or key not in st.session_state:
        st.session_state[key] = chosen.section_id  # the URL changed outside the widget, or a first visit
    titles = {s.section_id: t(s.index_key, lang) for s in sections}
    picked = st.segmented_control(
        t("section.index", lang),
        list(titles),
        format_func=titles.__getitem__,
        key=key,
        required=True,
        help=t("section.index_help", lang),
        width="stretch",
    )
    current = next((s for s in sections if s.section_id == picked), chosen)
    if current is sections[0]:
        st.query_params.pop(PARAM, None)  # the first section is the page's default: a clean URL
    else:
        st.query_params[PARAM] = current.section_id
    st.session_state[synced] = current.section_id
    return current


def render_section(area_id: str, section: Section, page: models.AreaPage, lang: str, theme: str) -> None:
    if section.kind != SectionKind.LEAD:
        st.header(t(section.title_key, lang), divider="gray")
    for block in section.blocks:
        with ui.section(lang):
            render_block(block, lang, theme)
    if section.kind == SectionKind.SERIES and page.more_metrics:
        more_metrics(area_id, page.more_metrics, lang)
    if section.kind == SectionKind.EVENTS and len(page.events) < MIN_EVENTS_FOR_CHART:
        ui.markdown_lines(page.events)
    if section.kind == SectionKind.NOTES:
        ui.conflict_notes(page.conflicts, lang)
        ui.compliance_notes(page.compliance, lang)
        if page.sources:
            st.subheader(t("area.sources", lang))
            ui.markdown_lines(page.sources)


def chart_of(block: Block, lang: str, theme: str) -> Chart | None:
    return figures.block_chart(block, lang, theme)


def more_metrics(area_id: str, n: int, lang: str) -> None:
    """Where the indicators left off the page are: the explorer, filtered to this priority."""
    st.caption(t("area.more_metrics", lang, n=n))
    st.page_link(
        "../pages/explorer.py",
        label=t("area.more_link", lang),
        icon=":material/table_view:",
        query_params={"area": area_id, "lang": lang},
    )


def render_block(block: Block, lang: str, theme: str) -> None:
    if block.kind == BlockKind.CARDS:
        if block.title_key:
            st.subheader(t(block.title_key, lang))
        ui.kpi_grid(block.metrics, lang)
    elif block.kind == BlockKind.HEADING and block.title_key:
        st.header(t(block.title_key, lang), divider="gray")
    elif block.kind == BlockKind.ACTIONS:
        six_actions(lang)
    else:
        ui.chart(figures.block_chart(block, lang, theme), lang)


def six_actions(lang: str) -> None:
    """The six specialized actions, as each source orders and words them."""
    st.subheader(t("area.actions", lang))
    st.caption(t("area.actions_lead", lang))
    st.dataframe(models.six_actions(lang), hide_index=True, alt=t("area.actions", lang))
