"""Rankings and comparisons: bars of the latest value per place or metric, and share charts."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.base import FOOTNOTE_WIDTH, MAX_BARS, Chart
from dashboard.charts.style import _chinese_count_ticks, _finish, log_scale, note_above, series_colours
from dashboard.charts.text import conflict_topics, esc, footnote_lines, hover_text, labels_plain, publisher, value_text
from dashboard.formatting import (
    display_width,
    format_date,
    join_sentences,
    plot_values,
    wrap_text,
)
from dashboard.i18n import join, pick, t
from dashboard.schema import (
    Grade,
    ObservationKind,
    Precision,
    Status,
)
from dashboard.theme import palette


def compare_chart(
    rows: pd.DataFrame,
    lang: str,
    theme: str,
    *,
    key: str,
    title: str,
    summary: str | None = None,
    conflicts: pd.DataFrame | None = None,
    log_x: bool | None = None,
    label_by: str = "metric",
    height: int | None = None,
) -> Chart:
    """Horizontal bars, one per figure: counts side by side, or the reports on each side of a conflict.
    `label_by` = 'metric' labels bars with the metric name; 'source' with the source and date, each source
    in its colour (series_colours). `log_x`: None to draw on the scale the rows call for (log_scale; a
    caller drawing some figures of an indicator gives the scale that all of them call for)."""
    pal = palette(theme)
    if log_x is None:
        log_x = log_scale(rows)
    topics = conflict_topics(conflicts, lang)
    rows = rows.reset_index(drop=True)
    rows = rows.assign(pos=plot_values(rows, lang))
    labels = []
    for _, row in rows.iterrows():
        if label_by == "place":
            place = pick(row, "place", lang) or str(row["place_id"])  # the id where the places file is unreadable
            base = f"{place} ({format_date(row['as_of'], row['as_of_precision'], lang)})"
        elif label_by == "source":
            base = f"{publisher(row, lang)} ({format_date(row['as_of'], row['as_of_precision'], lang)})"
            if row["kind"] == ObservationKind.DERIVED:
                base = f"{t('chart.derived_by_us', lang)} ({format_date(row['as_of'], row['as_of_precision'], lang)})"
        else:
            base = pick(row, "name", lang)
        labels.append(wrap_text(esc(base), lang, 34, break_chinese=False))
    # the footnote starts where the plot does, right of the bars' labels: its lines are shorter by as much
    labels_width = min(max(display_width(line) for label in labels for line in label.split("<br>")) + 8, 60)
    records = [r for _, r in rows.iterrows()]
    if label_by == "source":
        by_source = series_colours((publisher(r, "en") for r in records), pal)
        colours = [by_source[publisher(r, "en")] for r in records]
    else:
        colours = [pal.series[0]] * len(records)
    hatched = [
        r["grade"] == Grade.LOW or r["kind"] == ObservationKind.DERIVED or r["status"] != Status.ACTUAL for r in records
    ]
    texts = []
    for row in records:
        label = value_text(row, lang)
        if row["grade"] == Grade.LOW:
            label = "⚠ " + label
        if row["status"] != Status.ACTUAL:
            status = t("status." + row["status"], lang)
            label = t("fmt.aside", lang, text=label, aside=status.lower())
        texts.append(esc(label))
    marker = {
        "color": colours,
        "pattern": {"shape": ["/" if h else "" for h in hatched], "fgcolor": pal.background, "solidity": 0.25},
        "line": {
            "color": [pal.conflict if r["conflict_ids"] else c for r, c in zip(records, colours, strict=True)],
            "width": [2.5 if r["conflict_ids"] else 0 for r in records],
        },
    }
    fig = go.Figure(
        go.Bar(
            y=labels,
            x=rows.pos,
            orientation="h",
            marker=marker,
            text=texts,
            textposition="outside",
            cliponaxis=False,
            textfont={"color": pal.text, "size": 13},
            hovertext=[hover_text(r, lang, topics) for r in records],
            hoverinfo="text",
        )
    )
    units = rows.drop_duplicates("unit")
    axis_title = esc(pick(units.iloc[0], "axis", lang)) if len(units) == 1 else t("chart.axis.count", lang)
    xaxis: dict[str, Any] = {
        "title": {"text": axis_title},
        "type": "log" if log_x else "linear",
        "separatethousands": True,
        "exponentformat": "none",
    }
    if log_x:
        xaxis.update(dtick=1, range=[0, math.log10(rows.pos.max()) + 0.7])
    else:
        xaxis["range"] = [0, rows.pos.max() * 1.3]
        _chinese_count_ticks(xaxis, rows, rows.pos.max() * 1.3, lang)
    yaxis = {"autorange": "reversed", "tickfont": {"color": pal.text, "size": 13}}
    bar_height = height or 150 + 62 * len(rows)
    _finish(
        fig,
        title=title,
        footnote=footnote_lines(rows, lang, width=FOOTNOTE_WIDTH - labels_width),
        pal=pal,
        height=bar_height,
        lang=lang,
        legend=False,
        layout_extra={"xaxis": xaxis, "yaxis": yaxis, "bargap": 0.35},
    )
    if summary is None:
        parts = [f"{labels_plain(r, lang, label_by)} {value_text(r, lang, long=True)}" for _, r in rows.iterrows()]
        summary = t("fmt.sentence", lang, text=join(parts, lang))
    return Chart(key, fig, summary, rows)


def latest_bars(
    rows: pd.DataFrame, lang: str, theme: str, *, key: str, title: str, max_bars: int = MAX_BARS, **kwargs
) -> Chart:
    """`compare_chart` of the latest `max_bars` of some rows (in time order); the chart's table and CSV
    keep every row, and its summary says how many are drawn."""
    rows = rows.sort_values(["as_of", "published"], kind="stable")
    drawn = rows.tail(max_bars)
    chart = compare_chart(drawn, lang, theme, key=key, title=title, **kwargs)
    if len(drawn) == len(rows):
        return chart
    note = t(
        "chart.window", lang, n=len(drawn), total=len(rows), date=format_date(drawn.as_of.min(), Precision.MONTH, lang)
    )
    return Chart(chart.key, chart.figure, join_sentences([chart.summary, note]), rows)


def share_chart(row: pd.Series, lang: str, theme: str, *, key: str, title: str, context: str) -> Chart:
    """A percentage against its 100% scale, with a line of context under it."""
    pal = palette(theme)
    frame = pd.DataFrame([row])
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=[""],
            x=[100],
            orientation="h",
            marker={"color": pal.surface, "line": {"color": pal.grid, "width": 1}},
            hoverinfo="skip",
            name=t("chart.process.remaining", lang),
            showlegend=False,
        )
    )
    fig.add_trace(
        go.Bar(
            y=[""],
            x=[row["value"]],
            orientation="h",
            marker={"color": pal.accent},
            text=[esc(value_text(row, lang))],
            textposition="inside",
            insidetextanchor="end",
            textfont={"size": 26, "color": "#ffffff"},
            hovertext=[hover_text(row, lang)],
            hoverinfo="text",
            showlegend=False,
        )
    )
    fig.update_layout(barmode="overlay")
    fig.update_xaxes(range=[0, 100], title_text=esc(pick(row, "axis", lang)), ticksuffix="%", dtick=20)
    fig.update_yaxes(showticklabels=False)
    note_above(fig, esc(wrap_text(context, lang, 110)), pal, yshift=6)
    _finish(
        fig, title=title, footnote=footnote_lines(frame, lang), pal=pal, height=250, lang=lang, legend=False, top=100
    )
    summary = t(
        "chart.summary.single",
        lang,
        name=pick(row, "name", lang),
        value=value_text(row, lang),
        when=format_date(row["as_of"], row["as_of_precision"], lang),
        who=publisher(row, lang),
    )
    return Chart(key, fig, summary, frame)
