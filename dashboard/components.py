"""Reusable pieces of the pages: data guard, KPI card, chart with footnote and data expander, source list,
events, compliance notes, conflicts. Pages compose these; they do not query or reshape data themselves.

Text that comes from the data or the URL goes through `md()` before Markdown sees it; no HTML from the
data is ever rendered.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from contextlib import contextmanager

import pandas as pd
import streamlit as st

from dashboard import charts, export, figures, views
from dashboard.charts import Chart, value_text
from dashboard.data import DataFileError, datasets_uri, load_geojson, load_table, load_tables
from dashboard.formatting import format_date
from dashboard.i18n import pick, t
from dashboard.safe import md
from dashboard.state import current_theme, presenting

LOG = logging.getLogger("dashboard")


# Guards -------------------------------------------------------------------------------------------


def data_error(err: DataFileError, lang: str) -> None:
    st.error(t("error.data_body", lang, message=md(str(err))), title=t("error.data_title", lang),
             icon=":material/database_off:")


def require(lang: str, *tables: str, geo: bool = False) -> None:
    """Load what the page needs; if a file is broken, say which and stop this page (others keep working)."""
    try:
        load_tables(*tables)
        if set(figures.VIEW_TABLES) <= set(tables):
            figures.observation_view()
        if geo:
            load_geojson(figures.COASTLINE)
    except DataFileError as err:
        LOG.warning("data file problem: %s", err)
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


def quote(text: str, who: str, lang: str) -> None:
    st.markdown("> " + md(t("common.quote", lang, text=text, who=who)))


# KPI cards ---------------------------------------------------------------------------------------


def _when(row, lang: str) -> str:
    return format_date(row["as_of"], row["as_of_precision"], lang)


def _publisher(row, lang: str) -> str:
    return str(row["publisher_zh"] if lang == "zh" else row["publisher"])


def kpi_card(metric_id: str, lang: str) -> None:
    """One figure: its value with qualifier, the change against the previous report, date and source."""
    reports = views.latest_reports(figures.observation_view(), metric_id)
    latest, previous, later_low = reports["latest"], reports["previous"], reports["later_low"]
    if latest is None:
        return
    label = pick(latest, "name", lang)
    unit_label = str(latest["label_zh"] if lang == "zh" else latest["label_en"])
    inline_unit = latest["unit_kind"] != "count" and len(unit_label) <= 7
    if latest["unit_kind"] != "count" and not inline_unit:
        label += f"（{unit_label}）" if lang == "zh" else f" ({unit_label})"
    value = value_text(latest, lang, with_unit=inline_unit)
    delta, arrow = None, "off"
    shared_conflict = previous is not None and bool(
        set(str(latest["conflict_ids"]).split(";")) & set(str(previous["conflict_ids"]).split(";")) - {""})
    if previous is not None and latest["kind"] == "reported" and not shared_conflict:
        delta = t("kpi.previous", lang, value=value_text(previous, lang, with_unit=inline_unit))
        arrow = "up" if latest["value"] > previous["value"] else "down" if latest["value"] < previous["value"] else "off"
    if latest["kind"] == "derived":
        evidence = t("kpi.help_derived", lang, formula=latest["formula"])
    else:
        evidence = t("kpi.help", lang, evidence=latest["evidence"], publisher=_publisher(latest, lang),
                     date=format_date(latest["published"], latest["published_precision"], lang),
                     grade=t("grade." + latest["grade"], lang))
    with st.container(border=True, height="stretch", key=f"kpi-{metric_id}"):
        st.markdown(f"**{md(label)}**", help=md(evidence))
        st.metric(label, value, delta=delta, delta_color="off", delta_arrow=arrow, label_visibility="collapsed")
        as_of = t("kpi.as_of", lang, date=_when(latest, lang))
        if latest["status"] != "actual":
            as_of = t("kpi.status", lang, status=t("status." + latest["status"], lang), date=_when(latest, lang))
        if delta is not None:
            as_of += t("kpi.previous_date", lang, date=_when(previous, lang))
        caption = as_of + " · " + t("kpi.source", lang, publisher=_publisher(latest, lang),
                                     date=format_date(latest["published"], latest["published_precision"], lang))
        if latest["grade"] == "low":
            caption += f" · ⚠ {t('kpi.low_grade', lang)}"
        if latest["conflict_ids"]:
            caption += f" · ⚠ {t('kpi.in_conflict', lang)}"
        st.caption(md(caption))
        if later_low is not None and not presenting():
            st.caption("⚠ " + md(t("kpi.later_low", lang, value=value_text(later_low, lang, with_unit=True),
                                    date=_when(later_low, lang))))


def kpi_grid(metric_ids: Iterable[str], lang: str, per_row: int = 4) -> None:
    metric_ids = list(metric_ids)
    for start in range(0, len(metric_ids), per_row):
        columns = st.columns(per_row)
        for column, metric_id in zip(columns, metric_ids[start : start + per_row], strict=False):
            with column:
                kpi_card(metric_id, lang)


# Charts ------------------------------------------------------------------------------------------


def plotly_config(chart: Chart, lang: str) -> dict:
    return {
        "displaylogo": False,
        "responsive": True,
        "toImageButtonOptions": {"format": "png", "scale": 2, "filename": chart.export_name(lang)},
        "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines"],
    }


@st.cache_resource(show_spinner=False, max_entries=500)
def _slide_figure(key: str, lang: str, theme: str, uri: str, _figure):
    """The figure with type and height for a 16:9 screen (built once per chart, language, theme)."""
    return charts.for_slides(_figure)


def chart(chart_obj: Chart | None, lang: str) -> None:
    """A chart, its one-sentence summary, and (outside presentation mode) the rows behind it with a CSV."""
    if chart_obj is None:
        return
    figure = chart_obj.figure
    if presenting():
        figure = _slide_figure(chart_obj.key, lang, current_theme(), datasets_uri(), chart_obj.figure)
    st.plotly_chart(figure, theme=None, key=f"chart-{chart_obj.key}", config=plotly_config(chart_obj, lang),
                    alt=chart_obj.summary)
    st.caption(md(chart_obj.summary))
    if presenting():
        return
    expander = st.expander(t("chart.data", lang), key=f"data-{chart_obj.key}", on_change="rerun",
                           icon=":material/table:")
    if expander.open:
        with expander:
            rows_table(chart_obj.rows, lang, name=chart_obj.key)


def rows_table(rows: pd.DataFrame, lang: str, *, name: str) -> None:
    """The rows behind a chart, and a CSV of exactly those rows."""
    if "obs_id" in rows:
        frame = export.export_frame(rows)
        data = export.csv_bytes(rows)
    else:
        frame = export.plain_frame(rows)
        data = export.plain_csv_bytes(frame)
    st.dataframe(frame, hide_index=True, alt=t("chart.data", lang))
    st.download_button(t("chart.download", lang, n=len(frame)), data=data, file_name=f"cdmm-{name}.csv",
                       mime="text/csv", key=f"download-{name}", icon=":material/download:", on_click="ignore")
    st.caption(t("chart.export_hint", lang))


# Lists -------------------------------------------------------------------------------------------


def source_list(source_rows: pd.DataFrame, lang: str) -> None:
    for _, s in source_rows.iterrows():
        title = s["title_zh"] if lang == "zh" else s["title"]
        when = format_date(s["published"], s["published_precision"], lang)
        grade = t("common.grade_badge", lang, grade=t("grade." + s["grade"], lang))
        badge = f":orange-badge[⚠ {grade}]" if s["grade"] == "low" else f":gray-badge[{grade}]"
        link = f"[{t('common.open_source', lang)}]({_safe_url(s['url'])})" if _safe_url(s["url"]) else t("common.no_url", lang)
        st.markdown(f"- **{md(_publisher(s, lang))}**, {md(when)}: {md(title)} {badge} · {link}")


def _safe_url(url) -> str:
    """Only plain http(s) links, with characters that would break Markdown link syntax escaped."""
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        return ""
    return url.replace("(", "%28").replace(")", "%29").replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")


def events_list(events: pd.DataFrame, lang: str) -> None:
    for _, ev in events.sort_values("start", kind="stable").iterrows():
        when = format_date(ev["start"], ev["date_precision"], lang)
        if ev["end"] != ev["start"] and ev["date_precision"] == "day":
            when += " – " + format_date(ev["end"], "day", lang)
        st.markdown(f"- **{md(when)}**: {md(pick(ev, 'title', lang))}")


def compliance_notes(area_id: str, lang: str) -> None:
    notes = load_table("compliance_notes")
    notes = notes[notes.area_id == area_id]
    if notes.empty:
        return
    st.subheader(t("area.compliance", lang))
    source = load_table("sources").set_index("source_id")
    for _, note in notes.iterrows():
        who = _publisher(source.loc[note["source_id"]], lang)
        with st.container(border=True):
            st.markdown(md(pick(note, "summary", lang)))
            st.caption(md(t("common.quote", lang, text=note["evidence"], who=who)))


def conflict_notes(conflict_rows: pd.DataFrame, lang: str) -> None:
    if conflict_rows.empty:
        return
    st.subheader(t("area.conflicts", lang))
    for _, c in conflict_rows.iterrows():
        st.warning(md(pick(c, "explanation", lang)), title=md(pick(c, "topic", lang)), icon=":material/compare_arrows:")


def what_changed(lang: str, limit: int = 6) -> None:
    """The latest reports that moved a figure, each with the report before it."""
    st.subheader(t("overview.changed", lang))
    changes = views.what_changed(figures.observation_view(), limit)
    for _, row in changes.iterrows():
        line = t("overview.changed_item", lang, metric=pick(row, "name", lang), value=value_text(row, lang),
                 as_of=_when(row, lang), publisher=_publisher(row, lang),
                 published=format_date(row["published"], row["published_precision"], lang))
        prev = {**row.to_dict(), "value": row["prev_value"], "qualifier": row["prev_qualifier"], "kind": "reported"}
        line += " · " + t("overview.changed_prev", lang, value=value_text(prev, lang),
                          as_of=format_date(row["prev_as_of"], row["prev_as_of_precision"], lang))
        if row["grade"] == "low":
            line += f" · ⚠ {t('kpi.low_grade', lang)}"
        st.markdown("- " + md(line))


def priority_links(lang: str, pages: dict) -> None:
    """The eight priorities (and data security) with a link to each page."""
    st.subheader(t("overview.priorities", lang))
    areas = load_table("priority_areas")
    top = areas[areas.kind != "action"].assign(order=lambda a: (a.kind == "cross_cutting").astype(int) * 100 + a["rank"])
    top = top.sort_values("order")
    columns = st.columns(3)
    for i, (_, area) in enumerate(top.iterrows()):
        with columns[i % 3], st.container(border=True, height="stretch"):
            page = pages.get(area["area_id"])
            label = pick(area, "name", lang)
            if page is not None:
                st.page_link(page, label=label, icon=page.icon)
            else:
                st.markdown(f"**{md(label)}**")
            st.caption(md(pick(area, "summary", lang).split(". ")[0].split("。")[0] + ("。" if lang == "zh" else ".")))
