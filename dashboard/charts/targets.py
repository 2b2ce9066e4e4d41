"""Targets: how far each target is, as bars of its latest figure's share of the target (a bullet chart with
the target at 100 %), coloured by status, the growth needed and achieved beside each bar, and the clause
that sets the target on hover."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.base import FOOTNOTE_WIDTH, Chart
from dashboard.charts.style import _finish
from dashboard.charts.text import esc, footnote_lines
from dashboard.formatting import display_width, wrap_text
from dashboard.i18n import t
from dashboard.schema import TargetStatus
from dashboard.theme import palette, status_colour

PROGRESS_CAP = 150.0  # % drawn at most (a figure far past its target would squeeze every other bar)
BAR_COLUMNS = ("label", "progress", "bound", "status", "text", "hover")


def progress_chart(
    bars: pd.DataFrame,
    sources: pd.DataFrame,
    lang: str,
    theme: str,
    *,
    key: str,
    title: str,
    summary: str,
    rows: pd.DataFrame | None = None,
    lead: str = "",
) -> Chart:
    """One bar per target (`bars`: BAR_COLUMNS, in the order drawn, top first): its latest figure as a share
    of the target, in %, hatched where the figure is a lower bound (the share is at least the bar); a line
    at 100 %. `sources`: the observation rows it rests on, for the footnote; `rows`: the chart's table."""
    pal = palette(theme)
    labels = [wrap_text(esc(label), lang, 40, break_chinese=False) for label in bars.label]
    labels_width = min(max(display_width(line) for label in labels for line in label.split("<br>")) + 8, 60)
    fig = go.Figure()
    drawn = bars.assign(y=labels, x=bars.progress.clip(upper=PROGRESS_CAP))
    for status in TargetStatus:
        group = drawn[drawn.status == status]
        if group.empty:
            continue
        colour = status_colour(theme, status)
        fig.add_trace(
            go.Bar(
                y=group.y,
                x=group.x,
                orientation="h",
                name=t(f"target_status.{status}", lang),
                marker={
                    "color": colour,
                    "pattern": {
                        "shape": ["/" if b else "" for b in group.bound],
                        "fgcolor": pal.background,
                        "solidity": 0.3,
                        "fillmode": "overlay",  # hatched over the status colour: a lower bound, at least this far
                    },
                },
                hovertext=list(group.hover),
                hoverinfo="text",
            )
        )
    # what each bar says, right of the bar or of the target line, whichever is further: never across the line
    fig.add_trace(
        go.Scatter(
            y=drawn.y,
            x=[max(x, 100.0) + 3 for x in drawn.x],
            mode="text",
            text=[esc(x).replace("\n", "<br>") for x in drawn.text],
            textposition="middle right",
            textfont={"color": pal.text, "size": 12},
            hovertext=list(drawn.hover),
            hoverinfo="text",
            showlegend=False,
            cliponaxis=False,
        )
    )
    top = max(110.0, float(drawn.x.max()) if len(drawn) else 100.0)
    # every 50 %: "100% = target" is wider than a number, and at 25 % steps it met "125%" on a 1280 px slide
    ticks = [v for v in (0, 50, 100, 150) if v <= max(top, 100.0)]
    xaxis = {
        "title": {"text": t("targets.chart_axis", lang)},
        "range": [0, top * 2.1],  # room right of the bars for what they say
        "tickvals": ticks,  # 100 % is the target: said on the axis, where no legend or label can cover it
        "ticktext": [t("targets.chart_target_tick", lang) if v == 100 else f"{v}%" for v in ticks],
        "gridcolor": pal.grid,
        "zeroline": False,
    }
    yaxis = {
        "autorange": "reversed",
        "categoryorder": "array",
        "categoryarray": labels,
        "tickfont": {"color": pal.text, "size": 12},
    }
    line = {"type": "line", "x0": 100, "x1": 100, "yref": "paper", "y0": 0, "y1": 1}
    layout_extra = {
        "xaxis": xaxis,
        "yaxis": yaxis,
        "barmode": "overlay",
        "bargap": 0.35,
        "shapes": [line | {"line": {"color": pal.text, "width": 1.5, "dash": "dash"}}],
    }
    footnote = footnote_lines(sources, lang, width=FOOTNOTE_WIDTH - labels_width)
    if bars.bound.any():  # what the hatching means, first
        footnote = [esc(t("targets.chart_hatched", lang)), *footnote]
    _finish(
        fig,
        title=title,
        footnote=footnote,
        pal=pal,
        height=170 + 64 * len(bars),
        lang=lang,
        legend=True,
        top=100,
        layout_extra=layout_extra,
    )
    return Chart(key, fig, summary, bars if rows is None else rows, lead)
