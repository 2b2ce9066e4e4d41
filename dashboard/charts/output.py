"""Figures adapted to slides and pictures (larger type, fewer ticks) and the footnote read back."""

from __future__ import annotations

import copy
import html

import plotly.graph_objects as go

from dashboard.charts.base import _AXIS_SPACE, DEFAULT_HEIGHT, PreparedFigure
from dashboard.charts.style import SLIDE_DATE_TICKS, X_TICK_STANDOFF
from dashboard.theme import FONT_FAMILY


def for_slides(figure: go.Figure, scale: float = 1.35) -> go.Figure:
    """A copy of a figure with larger type and a taller plot, for presentation on a 16:9 screen."""
    slide = go.Figure(figure.to_dict())
    layout = slide.layout
    slide.update_layout(
        font_size=round((layout.font.size or 13) * scale),
        title_font_size=round((layout.title.font.size or 17) * scale),
        height=slide_min_height(figure),
        margin_b=round((layout.margin.b or 80) * scale),
        margin_t=round((layout.margin.t or 78) * 1.25),
        title_pad_t=round((layout.title.pad.t or 6) * scale),  # a title of several lines stays inside
    )
    slide.update_xaxes(ticklabelstandoff=round(X_TICK_STANDOFF * scale * 1.2))  # clear of the larger y labels
    # Dates in larger type: fewer ticks, kept level (Plotly would tilt crowded labels into the footnote).
    slide.update_xaxes(nticks=SLIDE_DATE_TICKS, tickangle=0, selector={"type": "date"})
    for annotation in slide.layout.annotations:
        annotation.font.size = round((annotation.font.size or 11) * scale)
        if annotation.yshift:
            annotation.yshift = annotation.yshift * scale
    slide.update_traces(textfont_size=round(12 * scale), selector={"mode": "markers+text"})
    slide.update_traces(textfont_size=round(13 * scale), selector={"type": "bar"})
    return PreparedFigure(slide)


SLIDE_FILL_MAX_PX = 600  # a slide figure drawn taller than this (rows, bars, a map) keeps its own height
SLIDE_BOX_1080P_PX = 840  # a slide's chart box on a 1080p screen (presentation.styles: 100vh - 15rem)
_GEO_TRACES = ("scattergeo", "choropleth")


def slide_figure(figure: go.Figure) -> go.Figure:
    """A chart as a slide draws it: `for_slides`, then without a fixed height, so that Plotly fills the
    slide's chart box (margins, legend and footnote keep their sizes in pixels, the plot takes the rest). A
    figure that needs more height than a standard chart keeps a height of its own: a map the height it was
    drawn for (its labels are placed for that size; at most 834 px), rows and bars up to 1.2 times taller, as
    `for_slides` makes them, but no taller than a 1080p slide's box unless they were drawn taller. On a
    shorter screen those scroll inside the box; a timeline is cut over several slides so that none is that
    tall (`figures.EVENTS_PER_SLIDE`)."""
    slide = for_slides(figure)
    drawn = figure.layout.height or DEFAULT_HEIGHT
    if any(t.type in _GEO_TRACES for t in slide.data):
        slide.layout.height = drawn
        return slide
    if (slide.layout.height or 0) > SLIDE_FILL_MAX_PX:
        slide.layout.height = max(drawn, min(slide.layout.height, SLIDE_BOX_1080P_PX))
        return slide
    slide.layout.height = None
    slide.layout.autosize = True
    return slide


def slide_min_height(figure: go.Figure) -> int:
    """The height in px below which a slide must not squeeze a figure (`figure` as drawn for the page): the
    height it was drawn for, 1.2 times, as its type is larger on a slide. A figure that fills the slide's box
    is given this as its least height: on a short screen the box scrolls rather than the rows of a
    timeline running into each other (issue 21: five events at 1280x720)."""
    return round((figure.layout.height or DEFAULT_HEIGHT) * 1.2)


def footnote_text(figure: go.Figure) -> list[str]:
    """The lines of a chart's source footnote (the annotation `_finish` draws), as plain text."""
    for annotation in figure.layout.annotations:
        if annotation.yshift == -_AXIS_SPACE + 4 and annotation.yref == "paper":
            return [html.unescape(line) for line in str(annotation.text or "").split("<br>")]
    return []


def for_picture(figure: go.Figure, font_scale: float = 1.0) -> dict:
    """A figure (as the dict Kaleido draws) for a slide or a page where its finding and source line are set as
    text around it: no title, no footnote, margins to match, type `font_scale` times larger. Works on a copy
    of the figure's dict: building a Figure again would validate every property, which costs more than the rest."""

    def scaled(font: dict | None, default: float) -> dict:
        font = dict(font or {})
        font["size"] = round((font.get("size") or default) * font_scale)
        return font

    spec = copy.deepcopy(figure.to_dict())
    layout = spec.setdefault("layout", {})
    kept = [
        a
        for a in layout.get("annotations", [])
        if not (a.get("yshift") == -_AXIS_SPACE + 4 and a.get("yref") == "paper")
    ]
    above = layout.get("showlegend", True) is not False or any(a.get("yanchor") == "bottom" for a in kept)
    layout["annotations"] = [{**a, "font": scaled(a.get("font"), 11)} for a in kept]
    layout["title"] = {**layout.get("title", {}), "text": ""}
    layout["margin"] = {
        **layout.get("margin", {}),
        "t": round((34 if above else 14) * font_scale),
        "b": round((_AXIS_SPACE - 6) * font_scale),
    }
    layout["font"] = scaled(layout.get("font"), 13)
    layout["legend"] = {**layout.get("legend", {}), "font": scaled(layout.get("legend", {}).get("font"), 12)}
    for name, axis in layout.items():
        if name.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            title: dict = axis["title"] if isinstance(axis.get("title"), dict) else {}
            axis["title"] = {**title, "font": scaled(title.get("font"), 12)}
    for trace in spec.get("data", []):
        if "textfont" in trace or trace.get("mode", "").endswith("text") or trace.get("type") == "bar":
            font = scaled(trace.get("textfont"), 13)
            font.setdefault("family", FONT_FAMILY)
            trace["textfont"] = font
    return spec
