"""Shared layout and marks: the finishing step every chart goes through (title, footnote, axes, legend rows), marks by grade and qualifier."""

from __future__ import annotations

import html
import math
import re
import zlib
from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.base import _AXIS_SPACE, FOOTNOTE_LINE
from dashboard.charts.text import esc
from dashboard.formatting import (
    counts_in_wan,
    display_width,
    number_text,
    title_lines,
)
from dashboard.i18n import t
from dashboard.schema import (
    INDICATIVE,
    LOWER_BOUNDS,
    NEARLY,
    UPPER_BOUNDS,
    Grade,
    Qualifier,
    Status,
    UnitKind,
)
from dashboard.theme import FONT_FAMILY, Palette


def _finish(
    fig: go.Figure,
    *,
    title: str,
    footnote: list[str],
    pal: Palette,
    height: int,
    lang: str,
    legend: bool = True,
    top: int = 78,
    layout_extra: dict | None = None,
    title_width: int = 92,
) -> go.Figure:
    """Title, footnote inside the figure, fonts, colours and margins common to every chart, after the
    chart's own layout settings (`layout_extra`: e.g. its axes, as a layout dictionary). `title_width`: the
    display width a title line may take (narrower for a chart drawn in a column)."""
    bottom = _AXIS_SPACE + FOOTNOTE_LINE * len(footnote) + 12
    heading = title_lines(title, lang, title_width)
    # Plotly lifts a title of several lines above its anchor by about half a line per line added: pushed
    # down as much (and the plot with it), its first line stays inside the figure, clear of the legend
    lift = TITLE_LINE_LIFT * (len(heading) - 1)
    top += 22 * (len(heading) - 1) + lift
    if legend:
        top += LEGEND_ROW * (legend_rows(fig, title_width * TITLE_PX_PER_WIDTH) - 1)
    # The layout is put together as a plain dictionary and given to the figure once: Plotly's incremental
    # update_layout / update_xaxes / add_annotation go through its change-tracking machinery and cost ten
    # times as much, for the same figure (bench/RESULTS.md).
    layout = _merge(fig.layout.to_plotly_json(), layout_extra or {})
    _merge(
        layout,
        dict(
            template="none",  # every style is set here; Plotly's default template would add ~7 KB to each chart
            colorway=list(pal.series),
            height=height + bottom - 90 + 22 * (len(heading) - 1) + lift,
            title={
                "text": "<br>".join(f"<b>{esc(line)}</b>" for line in heading),
                "x": 0.0,
                "xanchor": "left",
                "xref": "container",
                "y": 0.985,
                "yanchor": "top",
                "pad": {"l": 12, "t": 6 + lift},
                "font": {"size": 17, "color": pal.text},
            },
            font={"family": FONT_FAMILY, "color": pal.text, "size": 13},
            paper_bgcolor=pal.background,
            plot_bgcolor=pal.background,
            margin={"l": 64, "r": 28, "t": top, "b": bottom},
            hoverlabel={
                "bgcolor": pal.surface,
                "bordercolor": pal.grid,
                "font": {"color": pal.text, "size": 12, "family": FONT_FAMILY},
                "align": "left",
            },
            showlegend=legend,
            legend={
                "orientation": "h",
                "yanchor": "bottom",
                "y": 1.0,
                "xanchor": "left",
                "x": 0,
                "font": {"size": 12, "color": pal.text},
                "bgcolor": "rgba(0,0,0,0)",
            },
            separators=".,",
        ),
    )
    layout.setdefault("annotations", []).append(
        dict(
            text="<br>".join(footnote),
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            xanchor="left",
            yanchor="top",
            yshift=-_AXIS_SPACE + 4,
            showarrow=False,
            align="left",
            font={"size": 11, "color": pal.muted},
        )
    )
    for name in {"xaxis", "yaxis", *(k for k in layout if _AXIS_KEY.match(k))}:
        _merge(
            layout.setdefault(name, {}),
            {
                "gridcolor": pal.grid,
                "linecolor": pal.grid,
                "zerolinecolor": pal.grid,
                "tickfont": {"color": pal.muted},
                "showgrid": True,
                "zeroline": False,
                "showline": True,
                "ticks": "",
                "title": {"font": {"color": pal.muted, "size": 12}},
                "automargin": True,
                # x tick labels clear of the y axis's lowest label where the two axes meet
                **({"ticklabelstandoff": X_TICK_STANDOFF} if name.startswith("x") else {}),
            },
        )
    fig.layout = layout
    return fig


SLIDE_DATE_TICKS = 6  # date ticks on a slide's x axis, at most: "2025年1月" in slide type fits six to a 1280 px slide


X_TICK_STANDOFF = 6  # px between the x axis and its labels: clear of the y axis's lowest label at the corner


LEGEND_ROW = 20  # px a row of a horizontal legend takes


TITLE_LINE_LIFT = 12  # px Plotly lifts a top-anchored title per line past the first (measured in Chromium)


TITLE_PX_PER_WIDTH = 8.5  # px per unit of display width at the title's size: a title line is as wide as the plot


_LEGEND_MARK = 40  # px of symbol and gap before an entry's text


def legend_rows(fig: go.Figure, width_px: float) -> int:
    """How many rows the horizontal legend above the plot takes at `width_px`, from its entries' text (at
    least one). The top margin grows by the rows past the first, so that the legend never covers the title."""
    entries = [tr.name for tr in fig.data if tr.name and tr.showlegend is not False]
    rows, used = 1, 0.0
    for name in entries:
        text = re.sub(r"<[^>]+>", "", html.unescape(str(name)))
        width = _LEGEND_MARK + 7 * display_width(text)  # legend font 12 px: about 7 px per unit of width
        if used and used + width > width_px:
            rows, used = rows + 1, 0.0
        used += width
    return rows


_AXIS_KEY = re.compile(r"^[xy]axis\d*$")


def _merge(base: dict, extra: dict) -> dict:
    """`base` updated with `extra` as Plotly's update_layout does: nested dictionaries merged, anything else
    replaced."""
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value
    return base


def _chinese_count_ticks(axis: dict, rows: pd.DataFrame, top: float, lang: str) -> None:
    """Chinese tick labels in 万 for counts of ten thousand or more, as the point labels are written (set in
    the axis's layout dictionary)."""
    if not counts_in_wan(lang) or not (rows["unit_kind"] == UnitKind.COUNT).all() or top < 20_000:
        return
    raw = top / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    ticks = [i * step for i in range(int(top // step) + 1)]
    texts = [number_text(v, "zh", count_like=True) if v else "0" for v in ticks]
    axis.update(tickvals=ticks, ticktext=texts)


def series_colours(names: Iterable[str], pal: Palette, *, reserved: Iterable[str] = ()) -> dict[str, str]:
    """A colour of its own for each series or source of one chart (`names`, in order), and the same colour
    on every chart where it can: the palette slot its name hashes to, else the next slot free in this chart.
    `reserved`: colours the chart already uses for something else. Past the palette's length colours repeat."""
    size = len(pal.series)
    taken = {pal.series.index(c) for c in reserved if c in pal.series}
    colours: dict[str, str] = {}
    for name in dict.fromkeys(names):
        start = zlib.crc32(name.encode("utf-8")) % size
        slot = next(((start + k) % size for k in range(size) if (start + k) % size not in taken), start)
        taken.add(slot)
        colours[name] = pal.series[slot]
    return colours


LOG_SPAN = 100  # an indicator whose figures span more than this factor (two decades) is drawn on a log scale


def log_scale(rows: pd.DataFrame) -> bool:
    """Whether figures of these indicators are drawn on a log scale: when the positive figures of any one of
    them span more than LOG_SPAN. Given every figure of an indicator, the answer is the same on every chart."""
    positive = rows[rows["value"] > 0]
    if positive.empty:
        return False
    by_metric = positive.groupby("metric_id")["value"]
    return bool(((by_metric.max() / by_metric.min()) > LOG_SPAN).any())


_SYMBOL = {
    "exact": "circle",
    "about": "diamond",
    "more_than": "triangle-up",
    "at_least": "triangle-up",
    "nearly": "triangle-down",
    "less_than": "triangle-down",
    "at_most": "triangle-down",
    "indicative": "circle-x",
}


def _mark_class(row) -> str:
    if row["status"] != Status.ACTUAL:
        return "target"
    if row["qualifier"] in LOWER_BOUNDS:
        return "lower"
    if row["qualifier"] in UPPER_BOUNDS:
        return "upper"
    if row["qualifier"] == NEARLY:
        return "nearly"
    if row["qualifier"] == INDICATIVE:
        return "indicative"
    if row["qualifier"] == Qualifier.ABOUT:
        return "about"
    return "exact"


def _marker(row, colour: str, pal: Palette) -> dict:
    symbol = "star" if row["status"] != Status.ACTUAL else _SYMBOL[row["qualifier"]]
    if row["grade"] == Grade.LOW or row["status"] != Status.ACTUAL:
        symbol += "-open"
    line_colour = pal.conflict if row.get("conflict_ids") else colour
    return {
        "symbol": symbol,
        "size": 13,
        "color": pal.target if row["status"] != Status.ACTUAL else colour,
        "line": {"color": line_colour, "width": 3 if row.get("conflict_ids") else 1.5},
    }


def _legend_marks(fig: go.Figure, rows: pd.DataFrame, pal: Palette, lang: str) -> None:
    """Legend entries that explain the marks used (they carry no data)."""
    present = {_mark_class(r) for _, r in rows.iterrows()}
    entries = [
        (mark, key, symbol, pal.muted)
        for mark, key, symbol in (
            ("exact", "chart.legend.exact", "circle"),
            ("lower", "chart.legend.lower", "triangle-up"),
            ("upper", "chart.legend.upper", "triangle-down"),
            ("nearly", "chart.legend.nearly", "triangle-down"),
            ("about", "chart.legend.about", "diamond"),
            ("indicative", "chart.legend.indicative", "circle-x"),
            ("target", "chart.legend.target", "star-open"),
        )
        if mark in present
    ]
    if (rows.grade == Grade.LOW).any():
        entries.append(("low", "chart.legend.low", "circle-open", pal.muted))
    if (rows.conflict_ids.map(len) > 0).any():
        entries.append(("conflict", "chart.legend.conflict", "circle-open", pal.conflict))
    for mark, key, symbol, colour in entries:
        name = ("⚠ " if mark == Grade.LOW else "") + t(key, lang)
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=name,
                hoverinfo="skip",
                marker={
                    "symbol": symbol,
                    "size": 11,
                    "color": colour,
                    "line": {"width": 3 if mark == "conflict" else 1, "color": colour},
                },
            )
        )


def note_above(fig, text: str, pal: Palette, *, yshift: int = 4) -> None:
    """A muted line of context just above the plot, left-aligned (a map's or a gauge's note). `text` is
    escaped already; `_finish`'s `top` leaves room for it."""
    fig.add_annotation(
        text=text,
        xref="paper",
        yref="paper",
        x=0,
        y=1.0,
        yanchor="bottom",
        xanchor="left",
        showarrow=False,
        align="left",
        font={"size": 12, "color": pal.muted},
        yshift=yshift,
    )
