"""Series charts (one line per series, its reports as points) and the sentences that state what a series shows."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.base import DATE_TICKS, DEFAULT_HEIGHT, MAX_SERIES_POINTS, Chart
from dashboard.charts.labels import _PointLabels
from dashboard.charts.style import (
    _chinese_count_ticks,
    _finish,
    _legend_marks,
    _mark_class,
    _marker,
    log_scale,
    series_colours,
)
from dashboard.charts.text import conflict_topics, esc, footnote_lines, hover_text, publisher, value_text
from dashboard.formatting import (
    format_date,
    join_sentences,
    number_text,
    plot_values,
)
from dashboard.i18n import pick, t
from dashboard.schema import (
    Grade,
    ObservationKind,
    Precision,
    Qualifier,
    Status,
    UnitKind,
)
from dashboard.theme import palette
from dashboard.views import headline_row, sentence_pool

# Builders -----------------------------------------------------------------------------------------


def series_chart(
    rows: pd.DataFrame,
    lang: str,
    theme: str,
    *,
    key: str,
    title: str | None = None,
    conflicts: pd.DataFrame | None = None,
    log_y: bool | None = None,
    height: int = DEFAULT_HEIGHT,
) -> Chart:
    """A metric over successive reports. Lower bounds are upward triangles with an upward stub, upper
    bounds downward ones, targets hollow stars, low-grade sources hollow and labelled with ⚠. Each series
    has its colour (series_colours). `log_y`: None to draw on the scale the rows call for (log_scale: give
    every figure of the indicators drawn, so that the scale is the same on every chart of them)."""
    pal = palette(theme)
    complete = rows.sort_values(["as_of", "published"], kind="stable")
    if log_y is None:
        log_y = log_scale(complete)
    rows = series_window(complete)
    year_end = (rows.as_of.dt.month == 12) & (rows.as_of.dt.day == 31)
    yearly = bool((rows.as_of_precision == Precision.YEAR).all() or year_end.all())  # annual figures: a year axis
    rows = rows.assign(x=rows.as_of.dt.year if yearly else rows.as_of, pos=plot_values(rows, lang))
    fig = go.Figure()
    topics = conflict_topics(conflicts, lang)
    metrics = list(dict.fromkeys(rows.metric_id))
    span = float(rows.pos.max() - (0 if not log_y else rows.pos.min())) or float(rows.pos.max() or 1)
    traces: list[dict] = []  # added at once: one validation pass for the whole chart
    labels = _PointLabels(rows.x, rows.pos, log_y=log_y)
    whiskers = not log_y  # a lower bound's whisker, on a linear axis (a log axis has no room to draw one)
    if whiskers:
        for _, row in rows.iterrows():
            if _mark_class(row) == "lower":
                labels.whisker(row["x"], row["pos"])
    colours = series_colours(metrics, pal)
    for metric in metrics:
        colour = colours[metric]
        mrows = rows[rows.metric_id == metric]
        trusted = mrows[
            (mrows.status == Status.ACTUAL) & (mrows.grade != Grade.LOW) & (mrows.kind == ObservationKind.REPORTED)
        ]
        trusted = trusted.drop_duplicates("as_of", keep="last")
        if len(trusted) > 1:
            traces.append(
                dict(
                    type="scatter",
                    x=trusted.x,
                    y=trusted.pos,
                    mode="lines",
                    line={"color": colour, "width": 2},
                    name=esc(pick(mrows.iloc[0], "name", lang)),
                    hoverinfo="skip",
                    showlegend=len(metrics) > 1,
                )
            )
        for _, row in mrows.iterrows():
            mark = _mark_class(row)
            label = value_text(row, lang, with_unit=row["unit_kind"] in (UnitKind.PERCENT, UnitKind.MULTIPLE))
            if row["grade"] == Grade.LOW:
                label = "⚠ " + label
            label, position = labels.place(
                row["x"], row["pos"], row["value"], label, whisker=whiskers and mark == "lower"
            )
            stub = None
            if mark == "lower" and whiskers:
                stub = {
                    "visible": True,
                    "type": "data",
                    "symmetric": False,
                    "array": [span * 0.1],
                    "arrayminus": [0],
                    "color": colour,
                    "thickness": 2,
                    "width": 0,
                }
            traces.append(
                dict(
                    type="scatter",
                    x=[row["x"]],
                    y=[row["pos"]],
                    mode="markers+text",
                    marker=_marker(row, colour, pal),
                    text=[esc(label)],
                    textposition=position,
                    textfont={"color": pal.text, "size": 12},
                    hovertext=[hover_text(row, lang, topics)],
                    hoverinfo="text",
                    error_y=stub,
                    showlegend=False,
                    cliponaxis=False,
                )
            )
    fig.add_traces(traces)
    _legend_marks(fig, rows, pal, lang)
    first = rows.iloc[0]
    yaxis: dict[str, Any] = {
        "title": {"text": esc(pick(first, "axis", lang))},
        "type": "log" if log_y else "linear",
        "separatethousands": True,
        "exponentformat": "none",
        **({"dtick": 1} if log_y else {"rangemode": "tozero"}),
    }
    if yearly:
        first_year, last_year = int(rows.x.min()), int(rows.x.max())
        xaxis = {
            "title": {"text": t("chart.axis.year", lang)},
            "type": "linear",
            "dtick": 1,
            "tickformat": "d",
            "range": [first_year - 0.5, last_year + 0.5],
        }
    else:
        low, high = rows.as_of.min(), rows.as_of.max()
        pad = (high - low) * 0.08 if high > low else pd.Timedelta(days=200)
        xaxis = {
            "title": {"text": t("chart.axis.report_date", lang)},
            "type": "date",
            "tickformat": DATE_TICKS[lang],
            "range": [low - pad, high + pad],
        }
    if not log_y:
        yaxis["range"] = [0, rows.pos.max() * 1.25]
        _chinese_count_ticks(yaxis, rows, rows.pos.max() * 1.25, lang)
    lead = complete[complete.metric_id == metrics[0]]
    latest = headline_row(lead)
    if latest is None:
        latest = lead.sort_values(["as_of", "published"], kind="stable").iloc[-1]
    key_name = "title.series_year" if latest["as_of_precision"] == Precision.YEAR else "title.series"
    heading = title or t(
        key_name,
        lang,
        metric=pick(latest, "name", lang),
        latest=value_text(latest, lang),
        date=format_date(latest["as_of"], latest["as_of_precision"], lang),
    )
    _finish(
        fig,
        title=heading,
        footnote=footnote_lines(rows, lang),
        pal=pal,
        height=height,
        lang=lang,
        layout_extra={"xaxis": xaxis, "yaxis": yaxis},
    )
    summary = _series_summary(complete, lang)
    if len(rows) < len(complete):
        window = t(
            "chart.window",
            lang,
            n=len(rows),
            total=len(complete),
            date=format_date(rows.as_of.min(), Precision.MONTH, lang),
        )
        summary = join_sentences([summary, window])
        rows = complete.assign(x=complete.as_of.dt.year if yearly else complete.as_of, pos=plot_values(complete, lang))
    return Chart(key, fig, summary, rows)


def series_window(rows: pd.DataFrame, max_points: int = MAX_SERIES_POINTS) -> pd.DataFrame:
    """The reports a series chart draws: those of the latest dates, as many dates as make at most
    `max_points` reports (the latest date always). A viewer cannot read more labelled points on one
    chart; the chart's table and CSV keep every report."""
    rows = rows.sort_values(["as_of", "published"], kind="stable")
    if len(rows) <= max_points:
        return rows
    per_date = rows.groupby("as_of").size().sort_index(ascending=False).cumsum()
    kept = per_date[per_date <= max_points]
    cutoff = kept.index.min() if len(kept) else per_date.index[0]
    return rows[rows.as_of >= cutoff]


MAX_SUMMARY_SERIES = 3  # sentences a chart's summary gives, one per series; the rest are counted


GROWTH_QUALIFIERS = (Qualifier.EXACT, Qualifier.ABOUT)  # a bound or an indicative figure gives no growth rate


GROWTH_KINDS = (UnitKind.COUNT, UnitKind.MONEY, UnitKind.VOLUME, UnitKind.COMPUTE, UnitKind.TOKENS)


def growth_clause(first: pd.Series, last: pd.Series, lang: str) -> str:
    """How much a series grew between two of its reports, as the unit allows: percentage points for a
    percentage, a multiple and a yearly rate over a year or more, a percentage change over less; '' where the
    figures cannot give it (a bound, a zero, a unit without growth, the same date)."""
    if last["as_of"] <= first["as_of"]:
        return ""
    if first["qualifier"] not in GROWTH_QUALIFIERS or last["qualifier"] not in GROWTH_QUALIFIERS:
        return ""
    about = Qualifier.ABOUT in (first["qualifier"], last["qualifier"])
    kind = first["unit_kind"]
    if kind == UnitKind.PERCENT:
        points = float(last["value"]) - float(first["value"])
        if points == 0:
            return ""
        key = "chart.growth.points_up" if points > 0 else "chart.growth.points_down"
        return t(key, lang, n=number_text(round(abs(points), 1), lang))
    if kind not in GROWTH_KINDS or float(first["value"]) <= 0 or float(last["value"]) <= 0:
        return ""
    ratio = float(last["value"]) / float(first["value"])
    years = (last["as_of"] - first["as_of"]).days / 365.25
    prefix = t("chart.growth.about", lang) if about else ""
    if years >= 1 and ratio >= 2:
        rate = ratio ** (1 / years) - 1
        return prefix + t(
            "chart.growth.multiple",
            lang,
            times=number_text(ratio, lang, derived=True),
            rate=number_text(rate * 100, lang, derived=True),
        )
    change = (ratio - 1) * 100
    if years >= 1:
        rate = (ratio ** (1 / years) - 1) * 100
        key = "chart.growth.yearly_up" if rate >= 0 else "chart.growth.yearly_down"
        return prefix + t(key, lang, pct=number_text(abs(rate), lang, derived=True))
    key = "chart.growth.up" if change >= 0 else "chart.growth.down"
    return prefix + t(key, lang, pct=number_text(abs(change), lang, derived=True))


def series_sentence(rows: pd.DataFrame, lang: str) -> str:
    """One sentence about one series (one metric, national), stating only what its reports prove: 'went from
    A to B' between two actual reports of different dates (the earliest and the headline), with the growth
    the unit allows; one figure when it has one date; its latest figure with its status when it has no
    actual report. A low-grade headline is said to be so (and then every report used is low-grade)."""
    pool = sentence_pool(rows)
    name = pick(rows.iloc[0], "name", lang)
    when = lambda r: format_date(r["as_of"], r["as_of_precision"], lang)  # noqa: E731
    if pool.empty:  # only targets, forecasts or estimates
        last = rows.sort_values(["as_of", "published"], kind="stable").iloc[-1]
        return t(
            "chart.summary.planned",
            lang,
            name=name,
            status=t(f"status.{last['status']}", lang),
            value=value_text(last, lang, long=True),
            when=when(last),
            who=publisher(last, lang),
        )
    last = headline_row(rows)
    assert last is not None
    weak = t("chart.summary.weak", lang) if last["grade"] == Grade.LOW else ""
    earlier = pool[pool.as_of < last["as_of"]].sort_values(["as_of", "grade_rank"], ascending=[True, True])
    if earlier.empty:
        return t(
            "chart.summary.single",
            lang,
            name=name,
            value=value_text(last, lang, long=True),
            when=when(last),
            who=publisher(last, lang) + weak,
        )
    first = earlier.iloc[0]
    growth = growth_clause(first, last, lang)
    return t(
        "chart.summary.series",
        lang,
        name=name,
        first=value_text(first, lang, long=True),
        first_when=when(first),
        last=value_text(last, lang, long=True),
        last_when=when(last),
        who=publisher(last, lang) + (t("chart.summary.weak_all", lang) if weak else ""),
        growth=(t("chart.growth.joiner", lang) + growth) if growth else "",
    )


def _series_summary(rows: pd.DataFrame, lang: str) -> str:
    """One sentence per series drawn (at most MAX_SUMMARY_SERIES, then how many more)."""
    metrics = list(dict.fromkeys(rows.metric_id))
    sentences = [series_sentence(rows[rows.metric_id == m], lang) for m in metrics[:MAX_SUMMARY_SERIES]]
    if len(metrics) > MAX_SUMMARY_SERIES:
        sentences.append(t("chart.summary.more", lang, n=len(metrics) - MAX_SUMMARY_SERIES))
    return join_sentences(sentences)
