"""Timelines of policy events and milestones."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.base import DATE_TICKS, FOOTNOTE_WIDTH, Chart
from dashboard.charts.style import _finish
from dashboard.charts.text import esc, footnote_lines
from dashboard.formatting import (
    format_date,
    wrap_text,
)
from dashboard.i18n import pick, t
from dashboard.schema import (
    EVENT_KINDS,
    Precision,
)
from dashboard.theme import palette

EVENT_LABEL_WIDTH = 50  # display width of a line of an event's label: the whole title, wrapped, never cut


EVENT_ROW = 34  # px a row of one event takes, at least


EVENT_LINE = 17  # px a line of an event's label takes (12 px type), with room to spare on a slide


_TIMELINE_FRAME = 200  # px of the figure outside its plot: title, legend, date axis and footnote


def timeline_chart(
    events: pd.DataFrame,
    sources: pd.DataFrame,
    lang: str,
    theme: str,
    *,
    key: str,
    title: str,
    height: int | None = None,
) -> Chart:
    """Events as rows labelled with what happened (the whole title, in lines of EVENT_LABEL_WIDTH), coloured
    by kind; spans for month- or year-precise dates."""
    pal = palette(theme)
    events = events.sort_values("start", kind="stable").reset_index(drop=True)
    src = sources.set_index("source_id")
    labels, hover = [], []
    fig = go.Figure()
    for _, ev in events.iterrows():
        label = pick(ev, "title", lang)
        labels.append(wrap_text(esc(label), lang, EVENT_LABEL_WIDTH))
        s = src.loc[ev["source_id"]]
        when = format_date(ev["start"], ev["date_precision"], lang)
        if ev["end"] != ev["start"] and ev["date_precision"] == Precision.DAY:
            when += " – " + format_date(ev["end"], "day", lang)
        lines = [
            f"<b>{wrap_text(esc(label), lang, 60)}</b>",
            esc(when),
            f"{t('chart.hover.source', lang)}: {esc(pick(s, 'publisher', lang))}, "
            f"{format_date(s['published'], s['published_precision'], lang)}",
        ]
        if isinstance(ev["evidence"], str) and ev["evidence"]:
            lines.append(f"{t('chart.hover.evidence', lang)}: “{wrap_text(esc(ev['evidence']), lang)}”")
        hover.append("<br>".join(lines))
    label_lines = max(label.count("<br>") + 1 for label in labels)
    kinds = [k for k in EVENT_KINDS if k in set(events.kind)]
    kind_colour = dict(zip(EVENT_KINDS, pal.events, strict=True))  # the same colour for a kind on every page
    for i, ev in events.iterrows():
        colour = kind_colour[ev["kind"]]
        if ev["date_precision"] == Precision.DAY and ev["end"] == ev["start"]:
            fig.add_trace(
                go.Scatter(
                    x=[ev["start"]],
                    y=[labels[i]],
                    mode="markers",
                    marker={"size": 12, "color": colour},
                    hovertext=[hover[i]],
                    hoverinfo="text",
                    showlegend=False,
                )
            )
        else:  # a span: the days of a meeting, or the month or year a date is known to
            span_end = ev["end"] if ev["end"] != ev["start"] else ev["start"] + pd.Timedelta(days=27)
            yearly = ev["date_precision"] == Precision.YEAR
            fig.add_trace(
                go.Scatter(
                    x=[ev["start"], span_end],
                    y=[labels[i], labels[i]],
                    mode="lines" if yearly else "lines+markers",
                    marker={"size": 9, "color": colour},
                    line={"color": colour, "width": 5 if yearly else 9},
                    opacity=0.5 if yearly else 0.9,
                    hovertext=[hover[i]] * 2,
                    hoverinfo="text",
                    showlegend=False,
                )
            )
    for kind in kinds:
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker={"size": 10, "color": kind_colour[kind]},
                name=t("event_kind." + kind, lang),
            )
        )
    fig.update_yaxes(
        autorange="reversed",
        tickfont={"color": pal.text, "size": 12},
        type="category",
        categoryorder="array",
        categoryarray=labels,
    )
    fig.update_xaxes(title_text=t("chart.axis.date", lang), type="date", tickformat=DATE_TICKS[lang])
    rows = events.merge(
        sources[["source_id", "publisher", "publisher_zh", "published", "published_precision"]], on="source_id"
    )
    _finish(
        fig,
        title=title,
        # the footnote starts where the plot does, right of the event labels: its lines are shorter
        footnote=footnote_lines(rows, lang, width=FOOTNOTE_WIDTH - EVENT_LABEL_WIDTH),
        pal=pal,
        # rows are evenly spaced: each as tall as the longest label needs
        height=height or _TIMELINE_FRAME + len(labels) * max(EVENT_ROW, EVENT_LINE * label_lines + 10),
        lang=lang,
        legend=True,
        top=104,
    )
    first, last = events.iloc[0], events.iloc[-1]
    if len(events) == 1:
        summary = t(
            "fmt.sentence",
            lang,
            text=t(
                "fmt.labelled",
                lang,
                label=format_date(first["start"], first["date_precision"], lang),
                text=pick(first, "title", lang),
            ),
        )
        return Chart(key, fig, summary, rows)
    summary = t(
        "chart.summary.events",
        lang,
        n=len(events),
        first_when=format_date(first["start"], first["date_precision"], lang),
        first=pick(first, "title", lang),
        last_when=format_date(last["start"], last["date_precision"], lang),
        last=pick(last, "title", lang),
    )
    return Chart(key, fig, summary, rows)
