"""Reusable pieces of the pages: data guard, KPI card, chart with footnote and data expander, source list,
events, compliance notes, conflicts. Pages compose these; they do not query or reshape data themselves.

Text that comes from the data or the URL goes through `md()` before Markdown sees it; no HTML from the
data is ever rendered.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from contextlib import contextmanager

import pandas as pd
import streamlit as st

from dashboard import charts, export, figures, models
from dashboard.cache import bounded_memo, memo
from dashboard.charts import Chart
from dashboard.data import DataFileError, check_tables
from dashboard.i18n import pick, t
from dashboard.layouts import BlockKind
from dashboard.navigation import INDICATOR_SCRIPT, PAGES
from dashboard.safe import md
from dashboard.takeaway import brief, deck, deck_pptx, image_export
from dashboard.theme import THEMES, palette
from dashboard.ui.state import current_language, current_theme, presenting

LOG = logging.getLogger("dashboard")


# Theme ------------------------------------------------------------------------------------------

# Streamlit writes a selected segmented control's label in primaryColor on a 10% tint of it; in the dark
# theme no primaryColor gives that 4.5:1 and white button text 4.5:1 too (docs/accessibility.md). Style
# only, made from the palette: no data reaches this HTML.
_THEME_CSS = {
    name: "<style>button[data-variant='segmented_control'][data-selected]:not([data-disabled]) "
    f"{{ color: {palette(name).selected}; }}</style>"
    for name in THEMES
}


def theme_styles(theme: str) -> None:
    """The few colours the theme settings cannot reach, in the viewer's theme (every run, every page)."""
    st.html(_THEME_CSS[theme if theme in _THEME_CSS else "light"])


# Guards -------------------------------------------------------------------------------------------


def data_error(err: DataFileError, lang: str) -> None:
    st.error(
        t("error.data_body", lang, message=md(str(err))),
        title=t("error.data_title", lang),
        icon=":material/database_off:",
    )


def require(lang: str, title: str, *tables: str) -> None:
    """Load what the page needs; if a file is broken, show the page's title, say which file and what to do,
    and stop this page (other pages keep working)."""
    try:
        check_tables(*tables)
        if set(figures.VIEW_TABLES) <= set(tables):
            figures.observation_view()
    except DataFileError as err:
        LOG.warning("data file problem: %s", err)
        st.title(title)
        data_error(err, lang)
        st.stop()


@contextmanager
def section(lang: str):
    """Run one part of a page; a failure there shows a short message instead of taking the page down."""
    try:
        yield
    except DataFileError as err:
        data_error(err, lang)
    except Exception:  # noqa: BLE001 - the viewer gets a message; the log gets the traceback
        LOG.exception("a page section failed")
        st.error(t("error.unexpected", lang), icon=":material/error:")


# Text blocks -------------------------------------------------------------------------------------


def page_header(title: str, lead: str | None = None) -> None:
    st.title(title)
    if lead:
        st.markdown(md(lead))


# KPI cards ---------------------------------------------------------------------------------------


def kpi_card(card: models.Kpi | None, metric_id: str, *, key: str | None = None, link: bool = True) -> None:
    """One figure: its value with qualifier, the change against the previous report, the sparkline of its
    series, one line of provenance (date · who said it, and the most serious warning) with the rest behind
    its help, and (with `link`) a link to its indicator page."""
    if card is None:
        return
    with st.container(border=True, height="stretch", key=f"kpi-{key or metric_id}"):
        st.markdown(f"**{card.label}**")
        st.metric(
            card.label,
            card.value,
            delta=card.delta,
            delta_color="off",
            delta_arrow=card.arrow,
            label_visibility="collapsed",
        )
        svg = models.spark_svg(metric_id, current_theme()) if card.spark is not None else None
        if svg is not None and card.spark is not None:
            st.image(svg, width="stretch", alt=card.spark.span)
            if not presenting():  # a slide has no room for it: the sparkline's description says it
                st.caption(card.spark.span)
        st.caption(card.line, help=card.help)
        if link and not presenting():
            indicator_link(metric_id, current_language())


def indicator_link(metric_id: str, lang: str, label: str | None = None) -> None:
    """A link to the page of one indicator (/indicator?id=...)."""
    st.page_link(
        INDICATOR_SCRIPT,
        label=label or t("indicator.link", lang),
        icon=":material/query_stats:",
        query_params={"id": metric_id, "lang": lang},
    )


def kpi_grid(metric_ids: Iterable[str], lang: str, per_row: int = 4) -> None:
    metric_ids = tuple(metric_ids)
    cards = models.kpis(metric_ids, lang)
    for start in range(0, len(metric_ids), per_row):
        columns = st.columns(per_row)
        for column, metric_id in zip(columns, metric_ids[start : start + per_row], strict=False):
            with column:
                kpi_card(cards[metric_id], metric_id)


# Charts ------------------------------------------------------------------------------------------


def plotly_config(chart: Chart, lang: str) -> dict:
    return {
        "displaylogo": False,
        "responsive": True,
        "toImageButtonOptions": {"format": "png", "scale": 2, "filename": chart.export_name(lang)},
        "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines"],
    }


# The least height of a chart that fills its slide box, in steps of 10 px up to the height beyond which a slide
# figure keeps its own (charts.SLIDE_FILL_MAX_PX): a table of constants, so no computed text reaches st.html.
SLIDE_CHART_LEAST = {
    px: f'<style>.st-key-slide_chart [data-testid="stPlotlyChart"] {{ min-height: {px}px; }}</style>'
    for px in range(0, 610, 10)
}


def chart(chart_obj: Chart | None, lang: str, *, links: bool = True, shown: list[Chart] | None = None) -> None:
    """A chart, its summary (on a slide, its lead sentence), and (outside presentation mode) the rows behind it with a CSV
    and (with `links`) links to the pages of the indicators it draws. The page passes `shown`, the list of
    the charts it has drawn, for the download of them all at its foot (`export_all_charts`)."""
    if chart_obj is None:
        return
    if shown is not None:
        shown.append(chart_obj)
    figure = chart_obj.figure
    if presenting():  # larger type, built once per chart, language and theme; as tall as the screen allows
        figure = memo(("slide", chart_obj.key, lang, current_theme()), lambda: charts.slide_figure(chart_obj.figure))
        if figure.layout.height is None:  # it fills the box, but no less tall than its rows need
            least = min(-(-charts.slide_min_height(chart_obj.figure) // 10) * 10, max(SLIDE_CHART_LEAST))
            st.html(SLIDE_CHART_LEAST[least])
        with st.container(key="slide_chart"):  # its height is set by presentation.styles: the screen's, less the rest
            st.plotly_chart(
                figure,
                theme=None,
                key=f"chart-{chart_obj.key}",
                config=plotly_config(chart_obj, lang),
                alt=chart_obj.caption,  # the text under it says the same (the page has the whole summary)
                height="stretch" if figure.layout.height is None else "content",
            )
        st.caption(md(chart_obj.caption))
        return
    st.plotly_chart(
        figure, theme=None, key=f"chart-{chart_obj.key}", config=plotly_config(chart_obj, lang), alt=chart_obj.summary
    )
    st.caption(md(chart_obj.summary))
    expander = st.expander(
        t("chart.data", lang), key=f"data-{chart_obj.key}", on_change="rerun", icon=":material/table:"
    )
    if expander.open:
        with expander:
            rows_table(chart_obj.rows, lang, name=chart_obj.key)
            if links and "metric_id" in chart_obj.rows:
                metric_links(chart_obj.rows, lang)


def metric_links(rows: pd.DataFrame, lang: str) -> None:
    """Links to the indicator pages of the metrics in some rows."""
    firsts = rows.drop_duplicates("metric_id")
    if firsts.empty:
        return
    st.caption(t("indicator.links", lang))
    with st.container(horizontal=True):
        for _, row in firsts.iterrows():
            indicator_link(row["metric_id"], lang, label=pick(row, "name", lang) or None)


def observation_columns(lang: str) -> dict:
    """How st.dataframe shows the columns of `models.table_rows` (the explorer's and an indicator's tables)."""
    return {
        "place": st.column_config.TextColumn(t("explorer.col.place", lang)),
        "figure": st.column_config.TextColumn(t("explorer.col.figure", lang), help=t("explorer.col.figure_help", lang)),
        "value": st.column_config.NumberColumn(t("explorer.col.value", lang), help=t("explorer.col.value_help", lang)),
        "qualifier": st.column_config.TextColumn(t("explorer.col.qualifier", lang)),
        "as_of": st.column_config.TextColumn(t("explorer.col.as_of", lang)),
        "status": st.column_config.TextColumn(t("explorer.col.status", lang)),
        "source": st.column_config.TextColumn(t("explorer.col.source", lang), width="medium"),
        "published": st.column_config.TextColumn(t("explorer.col.published", lang)),
        "grade": st.column_config.TextColumn(t("explorer.col.grade", lang)),
        "evidence": st.column_config.TextColumn(t("explorer.col.evidence", lang), width="large"),
        "link": st.column_config.LinkColumn(t("explorer.col.link", lang), display_text=t("common.open_source", lang)),
        "obs_id": st.column_config.TextColumn("obs_id"),
    }


def rows_table(rows: pd.DataFrame, lang: str, *, name: str) -> None:
    """The rows behind a chart, and a CSV of exactly those rows."""
    if "obs_id" in rows:
        frame = export.export_frame(rows)
        data = export.csv_bytes(rows)
    else:
        frame = export.plain_frame(rows)
        data = export.plain_csv_bytes(frame)
    st.dataframe(frame, hide_index=True, alt=t("chart.data", lang))
    st.download_button(
        t("chart.download", lang, n=len(frame)),
        data=data,
        file_name=f"cdmm-{name}.csv",
        mime="text/csv",
        key=f"download-{name}",
        icon=":material/download:",
        on_click="ignore",
    )
    st.caption(t("chart.export_hint", lang))


# Tables ------------------------------------------------------------------------------------------

_TABLES = bounded_memo(256)  # keys can come from what a viewer filtered: bounded


def table_data(key: tuple, frame):
    """A table for st.dataframe, converted to Arrow as st.dataframe converts it, once per dataset version
    and `key` (what identifies the rows), and shared: a rerun then only sends it. `frame` is a DataFrame
    or a function that makes one (called only the first time)."""
    from streamlit import dataframe_util

    return _TABLES(
        ("arrow", *key), lambda: dataframe_util.convert_pandas_df_to_arrow_table(frame() if callable(frame) else frame)
    )


def pager(n: int, key: str, lang: str, *, reset_on=None, caption_key: str = "common.page_rows") -> int:
    """Which page of n table rows to show (explorer.PAGE_SIZE a page): a page switch, shown only when there
    are more rows than one page holds; back to the first page when `reset_on` changes (e.g. the filters)."""
    from dashboard import explorer

    pages = explorer.page_count(n)
    synced = f"{key}_synced"
    if st.session_state.get(synced) != reset_on or st.session_state.get(key, 1) > pages:
        st.session_state[key] = 1
        st.session_state[synced] = reset_on
    if pages == 1:
        return 1
    with st.container(horizontal=True, vertical_alignment="bottom"):
        page = st.number_input(
            t("explorer.page", lang, pages=pages), min_value=1, max_value=pages, step=1, key=key, width=180
        )
        start, stop = explorer.page_bounds(n, page)
        st.caption(t(caption_key, lang, first=start + 1, last=stop, n=n))
    return int(page)


# Targets (issue 25) ---------------------------------------------------------------------------------

STATUS_BADGES = {"met": "green", "on_track": "blue", "behind": "orange", "missed": "red", "not_measurable": "gray"}
TARGETS_SCRIPT = "../pages/targets.py"  # as st.page_link names it, relative to the entry script


def target_strip(lang: str, area_id: str | None = None, *, link: bool = True) -> None:
    """'Targets (5): Met 0 · On track 1 · Behind 0 · Missed 0 · Not measurable 4' as coloured badges, and a
    link to /targets filtered to the priority. Nothing when the priority has no target, or when the targets
    cannot be read (the /targets page says why; a priority page keeps working)."""
    try:
        found = models.target_counts(area_id)
    except DataFileError:
        return
    if not found:
        return
    badges = " ".join(
        f":{STATUS_BADGES[s]}-badge[{t('targets.badge', lang, status=t(f'target_status.{s}', lang), n=n)}]"
        for s, n in found.items()
    )
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        st.markdown(f"**{t('targets.strip_label', lang, n=sum(found.values()))}** {badges}", width="content")
        if link:
            st.page_link(
                TARGETS_SCRIPT,
                label=t("targets.strip_link", lang),
                icon=":material/flag_circle:",
                query_params={"lang": lang, **({"area": area_id} if area_id else {})},
            )


# Lists -------------------------------------------------------------------------------------------


def markdown_lines(lines: Iterable[str]) -> None:
    """Prepared (already escaped) Markdown list items, as one element."""
    lines = list(lines)
    if lines:
        st.markdown("\n".join(lines))


def compliance_notes(notes, lang: str) -> None:
    if not notes:
        return
    st.subheader(t("area.compliance", lang))
    for summary, quotation in notes:
        with st.container(border=True):
            st.markdown(summary)
            st.caption(quotation)


def conflict_notes(conflicts, lang: str) -> None:
    if not conflicts:
        return
    st.subheader(t("area.conflicts", lang))
    for topic, explanation in conflicts:
        st.warning(explanation, title=topic, icon=":material/compare_arrows:")


def what_changed(lang: str, limit: int = 6) -> None:
    """The latest reports that moved a figure, each with the report before it."""
    st.subheader(t("overview.changed", lang))
    markdown_lines("- " + line for line in models.changes(lang, limit))


def priority_list(lang: str, pages: dict) -> None:
    """The eight priorities (and data security) as a list of links, for the overview's side column."""
    st.subheader(t("overview.priorities", lang))
    for area_id, name, _first_sentence in models.priority_cards(lang):
        page = pages.get(area_id)
        if page is not None:
            st.page_link(page, label=page.title, icon=page.icon)
        else:
            st.markdown(md(name))


def export_all_charts(lang: str, page_id: str, charts: list[Chart]) -> None:
    """At the foot of a page: the charts it drew as PNG files in one zip (rendered on the server); not in
    presentation mode."""
    if presenting() or not charts or not image_export.available():
        return
    st.divider()
    _png_zip_button(charts, lang, PAGE_NAMES.get(page_id, page_id))
    st.caption(t("export.all_png_help", lang))


def _png_zip_button(charts: list[Chart] | Callable[[], list[Chart]], lang: str, page_name: str) -> None:
    """`charts`, or a function that gives them when the viewer asks for the zip (a page in sections draws
    only the open one, but its zip has every chart of the page)."""
    st.download_button(
        t("export.all_png", lang),
        data=lambda: image_export.charts_zip(charts() if callable(charts) else charts, lang),
        file_name=f"cdmm-{page_name}-charts-{lang}.zip",
        mime="application/zip",
        icon=":material/image:",
        key="export_all_png",
        on_click="ignore",
    )


def slide_block(block, lang: str, theme: str) -> None:
    """One slide's content: a group of cards (with its heading, in rows that fill the width) or a chart."""
    if block.kind == BlockKind.CARDS:
        if block.title_key:  # a small heading: the cards need the screen's height
            st.markdown(f"#### {t(block.title_key, lang)}")
        kpi_grid(block.metrics, lang, per_row=deck.cards_per_row(len(block.metrics)))
    else:
        chart(figures.block_chart(block, lang, theme), lang)


# Take-away downloads (issue 14) -----------------------------------------------------------------

PAGE_NAMES = {p.page_id: p.url_path or "overview" for p in PAGES}  # as the PNG zip names a page


def take_away_downloads(
    page_id: str, lang: str, charts: list[Chart] | Callable[[], list[Chart]], *, any_charts: bool | None = None
) -> None:
    """At the foot of the overview and of each priority page: the page as slides (PPTX), its one-page
    brief (PDF) and the charts it drew as PNG, built on the server when first asked for (then cached per
    dataset version and language). Not in presentation mode. Where the server has no Chromium to draw
    them, the buttons say why."""
    if presenting() or page_id not in deck_pptx.PAGES_WITH_DOWNLOADS:
        return
    ready = image_export.available()
    st.divider()
    with st.container(horizontal=True, key="take_away"):
        st.download_button(
            t("deck.download_page", lang),
            data=lambda: deck_pptx.page_deck(page_id, lang),
            file_name=deck_pptx.deck_file_name(page_id, lang),
            mime=deck_pptx.MIME,
            icon=":material/slideshow:",
            key="download_page_deck",
            on_click="ignore",
            disabled=not ready,
            help=t("deck.download_help" if ready else "deck.unavailable", lang),
        )
        st.download_button(
            t("brief.download", lang),
            data=lambda: brief.brief_pdf(page_id, lang),
            file_name=brief.file_name(page_id, lang),
            mime=brief.MIME,
            icon=":material/picture_as_pdf:",
            key="download_brief",
            on_click="ignore",
            disabled=not ready,
            help=t("brief.download_help" if ready else "deck.unavailable", lang),
        )
        if (bool(charts) if any_charts is None else any_charts) and ready:
            _png_zip_button(charts, lang, PAGE_NAMES.get(page_id, page_id))
    st.caption(t("deck.take_away_help", lang) if ready else t("deck.unavailable", lang))


def whole_deck_download(lang: str) -> None:
    """In the sidebar: every page's slides in one PPTX (not in presentation mode, where there is no sidebar)."""
    if presenting():
        return
    ready = image_export.available()
    st.download_button(
        t("deck.download_all", lang),
        data=lambda: deck_pptx.full_deck(lang),
        file_name=deck_pptx.deck_file_name(None, lang),
        mime=deck_pptx.MIME,
        icon=":material/slideshow:",
        key="download_full_deck",
        on_click="ignore",
        disabled=not ready,
        help=t("deck.download_help" if ready else "deck.unavailable", lang),
        width="stretch",
    )
