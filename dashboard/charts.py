"""Chart builders: pure functions (DataFrame, language, theme -> Chart). No Streamlit in this module.

Every chart states its finding in its title, labels its axes with units, carries its provenance in a
footnote drawn inside the figure (so a PNG export or a screen-share keeps it), shows the exact value,
qualifier, date, source, grade and evidence on hover, marks low-reliability sources and conflicts, and
draws a lower bound as a lower bound. Text from the data is HTML-escaped before Plotly sees it.
"""

from __future__ import annotations

import copy
import html
import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io

from dashboard.formatting import (
    counts_in_wan,
    display_width,
    format_date,
    format_value,
    join_lines,
    join_sentences,
    number_text,
    plot_values,
    shorten,
    title_lines,
    wrap_text,
)
from dashboard.i18n import column, join, pick, t
from dashboard.schema import (
    EVENT_KINDS,
    INDICATIVE,
    LOWER_BOUNDS,
    NEARLY,
    UPPER_BOUNDS,
    Grade,
    ObservationKind,
    Precision,
    Qualifier,
    Status,
    UnitKind,
)
from dashboard.theme import FONT_FAMILY, Palette, palette
from dashboard.views import headline_row, sentence_pool

DEFAULT_HEIGHT = 400
MAX_SERIES_POINTS = 24  # labelled reports a series chart draws (the latest dates); its table and CSV keep all
MAX_BARS = 30  # bars a ranked chart draws (the largest); its table and CSV keep every one
MAX_FOOTNOTE_SOURCES = 6  # beyond this the footnote points to the Sources and methods page
DATE_TICKS = {"en": "%b %Y", "zh": "%Y年%-m月"}  # date axis labels in the viewer's language
FOOTNOTE_LINE = 15  # px per footnote line
_AXIS_SPACE = 58  # px below the plot for tick labels and the x-axis title


class PreparedFigure(go.Figure):
    """A finished figure whose dict form is computed once. Streamlit asks for `to_dict()` on every run
    (a deep copy of the whole figure) and then encodes it as JSON; a cached chart's dict never changes, so
    it is kept, in plain JSON types (dates as the ISO text Plotly writes, arrays as lists), which the JSON
    encoder writes at once instead of walking the figure to convert its values on every run. The JSON is
    the same text. Do not change a PreparedFigure after it is made: build a new one."""

    def to_dict(self):
        prepared = self.__dict__.get("_prepared_dict")
        if prepared is None:
            prepared = json.loads(plotly.io.to_json(super().to_dict(), validate=False))
            self._prepared_dict = prepared
        return prepared


def prepared(chart: Chart) -> Chart:
    """The chart with its figure frozen for serving (see PreparedFigure)."""
    return Chart(chart.key, PreparedFigure(chart.figure), chart.summary, chart.rows)


@dataclass
class Chart:
    """A built chart: the figure, a one-sentence summary of its finding, and the rows behind it."""

    key: str
    figure: go.Figure
    summary: str
    rows: pd.DataFrame = field(default_factory=pd.DataFrame)

    def export_name(self, lang: str) -> str:
        return f"cdmm-{self.key}-{lang}"


# Shared pieces ------------------------------------------------------------------------------------


def esc(text) -> str:
    """Data text made safe for Plotly's HTML-like labels."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    return html.escape(str(text), quote=False)


def unit_of(row) -> dict:
    return {
        "label_en": row["label_en"],
        "label_zh": row["label_zh"],
        "zh_scale": row["zh_scale"],
        "kind": row["unit_kind"],
    }


def value_text(row, lang: str, *, long: bool = False, with_unit: bool = True) -> str:
    return format_value(
        row["value"],
        row["qualifier"],
        unit_of(row),
        lang,
        long=long,
        with_unit=with_unit,
        derived=row["kind"] == ObservationKind.DERIVED,
    )


def publisher(row, lang: str) -> str:
    return pick(row, "publisher", lang)


def source_label(row, lang: str) -> str:
    """'Publisher, date' for a footnote or legend."""
    return join((publisher(row, lang), format_date(row["published"], row["published_precision"], lang)), lang, "comma")


def hover_text(row, lang: str, conflicts: dict[str, str] | None = None) -> str:
    """Everything about one figure, for its hover label."""
    metric = esc(pick(row, "name", lang))
    lines = [f"<b>{metric}</b>", f"{t('chart.hover.value', lang)}: <b>{esc(value_text(row, lang, long=True))}</b>"]
    as_of = format_date(row["as_of"], row["as_of_precision"], lang)
    if pd.notna(row.get("period_start")):
        start = format_date(row["period_start"], "month" if row["as_of_precision"] != Precision.YEAR else "year", lang)
        lines.append(f"{t('chart.hover.period', lang)}: {esc(start)} – {esc(as_of)}")
    else:
        lines.append(f"{t('chart.hover.as_of', lang)}: {esc(as_of)}")
    if row["status"] != Status.ACTUAL:
        lines.append(f"{t('chart.hover.status', lang)}: {t('status.' + row['status'], lang)}")
    lines.append(f"{t('chart.hover.source', lang)}: {esc(source_label(row, lang))}")
    grade = t("grade." + row["grade"], lang)
    lines.append(f"{t('chart.hover.grade', lang)}: {grade}" + (" ⚠" if row["grade"] == Grade.LOW else ""))
    if row["kind"] == ObservationKind.DERIVED:
        lines.append(f"{t('chart.hover.formula', lang)}: {esc(t('chart.derived_by_us', lang))}")
        lines.append(wrap_text(esc(row["formula"]), "en", 70))
    else:
        lines.append(f"{t('chart.hover.evidence', lang)}: “{wrap_text(esc(row['evidence']), lang)}”")
    note = pick(row, "note", lang)
    if note:
        lines.append(f"{t('chart.hover.note', lang)}: {wrap_text(esc(note), lang)}")
    if conflicts and row.get("conflict_ids"):
        topics = [conflicts.get(c, c) for c in row["conflict_ids"]]
        lines.append(f"<b>{t('chart.hover.conflict', lang)}</b>: {esc(join(topics, lang))}")
    return "<br>".join(lines)


def footnote_lines(rows: pd.DataFrame, lang: str, width: int = 120) -> list[str]:
    """'Source: A, date; B, date' in lines, low-grade and derived remarks, and the site line."""
    # one label per source and date: formatted once each, however many figures they back
    label_columns = [c for c in ("publisher", "publisher_zh", "published", "published_precision") if c in rows]
    reported = (
        rows.loc[rows["kind"] == ObservationKind.REPORTED, label_columns] if "obs_id" in rows else rows[label_columns]
    )
    ordered = reported.sort_values("published", kind="stable") if "published" in reported else reported
    ordered = ordered.drop_duplicates()
    labels = list(dict.fromkeys(source_label(r, lang) for _, r in ordered.iterrows()))
    if len(labels) > MAX_FOOTNOTE_SOURCES:
        labels = [t("chart.many_sources", lang, n=len(labels))]
    word = t("chart.source", lang) if len(labels) == 1 else t("chart.sources", lang)
    pieces = labels.copy()
    if pieces:  # only derived rows: no publisher to name, the derived remark below says whose they are
        pieces[0] = t("fmt.labelled", lang, label=word, text=pieces[0])
    if "obs_id" in rows and (rows["kind"] == ObservationKind.DERIVED).any():
        pieces.append(t("chart.legend.derived", lang))
    if "grade" in rows and (rows["grade"] == Grade.LOW).any():
        pieces.append("⚠ " + t("chart.legend.low", lang))
    lines = join_lines(pieces, t("punct.semicolon", lang), width)
    return [esc(line) for line in lines] + [esc(t("chart.footer_site", lang))]


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
    top += 22 * (len(heading) - 1)
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
            height=height + bottom - 90 + 22 * (len(heading) - 1),
            title={
                "text": "<br>".join(f"<b>{esc(line)}</b>" for line in heading),
                "x": 0.0,
                "xanchor": "left",
                "xref": "container",
                "y": 0.985,
                "yanchor": "top",
                "pad": {"l": 12, "t": 6},
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


# Label sides that keep the city names off the coastline and off each other.
# Map labels: placed around their marker where they collide with no other label or marker, else replaced
# by a number that a key beside the map names. Sizes are estimated in degrees of the Mercator map at the size
# the page draws it (about 15 px a degree; labels at 14 px).
MAP_PX_PER_DEGREE = 15.0
MAP_CHAR_PX = 8.0  # a Latin character at 14 px; a Chinese one counts as two
MAP_LINE_PX = 22.0
MAP_MARKER_PX = 16.0
MAP_LABEL_GAP_PX = 6.0
_MAP_POSITIONS = (
    "middle right",
    "middle left",
    "top center",
    "bottom center",
    "top right",
    "bottom right",
    "top left",
    "bottom left",
)


def _mercator_y(lat: float) -> float:
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def _label_box(x: float, y: float, text: str, position: str) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of a label at `position` around a marker at (x, y), in map degrees."""
    width = display_width(text) * MAP_CHAR_PX / MAP_PX_PER_DEGREE
    height = MAP_LINE_PX / MAP_PX_PER_DEGREE
    gap = (MAP_MARKER_PX / 2 + MAP_LABEL_GAP_PX) / MAP_PX_PER_DEGREE
    vertical, horizontal = position.split()
    left = {"right": x + gap, "left": x - gap - width, "center": x - width / 2}[horizontal]
    bottom = {"middle": y - height / 2, "top": y + gap, "bottom": y - gap - height}[vertical]
    return left, bottom, left + width, bottom + height


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_map_labels(
    places: pd.DataFrame, labels: list[str], bounds: tuple[float, float, float, float]
) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """(text, position) for each place's label, in order, and the key of the labels that found no room:
    (number, label). A label goes to the first position around its marker that overlaps no marker, no
    label already placed and no edge of the map (`bounds`: west, south, east, north in degrees); else a
    number does, which the key names."""
    points = [(float(lon), _mercator_y(float(lat))) for lon, lat in zip(places.lon, places.lat, strict=True)]
    marker = MAP_MARKER_PX / 2 / MAP_PX_PER_DEGREE
    taken = [(x - marker, y - marker, x + marker, y + marker) for x, y in points]
    frame = (bounds[0], _mercator_y(bounds[1]), bounds[2], _mercator_y(bounds[3]))

    def fits(box: tuple[float, float, float, float]) -> bool:
        inside = frame[0] <= box[0] and box[2] <= frame[2] and frame[1] <= box[1] and box[3] <= frame[3]
        return inside and not any(_overlap(box, other) for other in taken)

    texts: list[str] = []
    positions: list[str] = []
    key: list[tuple[str, str]] = []
    for (x, y), label in zip(points, labels, strict=True):
        number = str(len(key) + 1)
        placed = next(
            ((text, p) for text in (label, number) for p in _MAP_POSITIONS if fits(_label_box(x, y, text, p))),
            ("", "middle right"),  # not even a number fits: the marker keeps its hover and the key names it
        )
        if placed[0]:
            taken.append(_label_box(x, y, *placed))
        if placed[0] != label:
            key.append((number, label))
        texts.append(placed[0])
        positions.append(placed[1])
    return texts, positions, key


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


def conflict_topics(conflicts: pd.DataFrame | None, lang: str) -> dict[str, str]:
    if conflicts is None or conflicts.empty:
        return {}
    return {r.conflict_id: pick(r._asdict(), "topic", lang) for r in conflicts.itertuples()}


# Builders -----------------------------------------------------------------------------------------


def series_chart(
    rows: pd.DataFrame,
    lang: str,
    theme: str,
    *,
    key: str,
    title: str | None = None,
    conflicts: pd.DataFrame | None = None,
    log_y: bool = False,
    height: int = DEFAULT_HEIGHT,
) -> Chart:
    """A metric over successive reports. Lower bounds are upward triangles with an upward stub, upper
    bounds downward ones, targets hollow stars, low-grade sources hollow and labelled with ⚠."""
    pal = palette(theme)
    complete = rows.sort_values(["as_of", "published"], kind="stable")
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
    for index, metric in enumerate(metrics):
        colour = pal.series[index % len(pal.series)]
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
            label, position = labels.place(row["x"], row["pos"], row["value"], label)
            stub = None
            if mark == "lower" and not log_y:
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


class _PointLabels:
    """Where a series chart writes its value labels, so that no two collide: a value already written near
    the same place is not written again (a report restated a few days later, a low-grade copy of the same
    figure); otherwise a label goes above its point, or below it when that is taken, or is left out when
    both are (the point keeps its hover). 'Near' is a share of the axes' spans, which is what a viewer sees
    whatever the chart's size."""

    CHAR_X = 0.011  # of the x span: a character's width at the chart's narrowest (a slide at 1280 px)
    HEIGHT = 0.1  # of the y span: a label's height with its gap to the marker
    GAP = 0.02

    def __init__(self, xs: pd.Series, ys: pd.Series, *, log_y: bool = False):
        self.x0, self.x_span = self._span(xs)
        self.log_y = log_y
        if log_y:  # the axis spans the points' decades
            self.y0, self.y_span = self._span(pd.Series([math.log10(v) for v in ys if v > 0]))
        else:  # the axis runs from zero to a quarter above the largest point (series_chart)
            self.y0, self.y_span = 0.0, float(ys.max()) * 1.25 or 1.0
        self.written: list[tuple[float, float, float, float, float]] = []  # (x, y low, y high, value, width)

    @staticmethod
    def _number(x) -> float:
        return x.timestamp() / 86400 if isinstance(x, pd.Timestamp) else float(x)

    def _span(self, values: pd.Series) -> tuple[float, float]:
        numbers = [self._number(v) for v in values]
        low, high = (min(numbers), max(numbers)) if numbers else (0.0, 0.0)
        return low, (high - low) or 1.0

    def place(self, x, y, value: float, label: str) -> tuple[str, str]:
        """(the label to write, or '', and its position) for a point at (x, y) of this value."""
        height = math.log10(y) if self.log_y and y > 0 else float(y)
        nx, ny = (self._number(x) - self.x0) / self.x_span, (height - self.y0) / self.y_span
        width = max(display_width(label), 6) * self.CHAR_X
        near = [w for w in self.written if abs(w[0] - nx) < (w[4] + width) / 2]
        if any(w[3] == value for w in near):
            return "", "top center"
        for position, low in (("top center", ny + self.GAP), ("bottom center", ny - self.GAP - self.HEIGHT)):
            high = low + self.HEIGHT
            if not any(w[1] < high and low < w[2] for w in near):
                self.written.append((nx, low, high, value, width))
                return label, position
        return "", "top center"


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


def compare_chart(
    rows: pd.DataFrame,
    lang: str,
    theme: str,
    *,
    key: str,
    title: str,
    summary: str | None = None,
    conflicts: pd.DataFrame | None = None,
    log_x: bool = False,
    label_by: str = "metric",
    height: int | None = None,
) -> Chart:
    """Horizontal bars, one per figure: counts side by side, or the reports on each side of a conflict.
    `label_by` = 'metric' labels bars with the metric name; 'source' with the source and date."""
    pal = palette(theme)
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
    records = [r for _, r in rows.iterrows()]
    colours = [pal.series[i % len(pal.series)] if label_by == "source" else pal.series[0] for i in range(len(rows))]
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
        footnote=footnote_lines(rows, lang),
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


def labels_plain(row, lang: str, label_by: str) -> str:
    if label_by == "source":
        who = t("chart.derived_by_us", lang) if row["kind"] == ObservationKind.DERIVED else publisher(row, lang)
        return t("fmt.labelled", lang, label=who, text="").rstrip()
    return t("fmt.labelled", lang, label=pick(row, "name", lang), text="").rstrip()


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
    fig.add_annotation(
        text=esc(wrap_text(context, lang, 110)),
        xref="paper",
        yref="paper",
        x=0,
        y=1.0,
        yanchor="bottom",
        xanchor="left",
        showarrow=False,
        align="left",
        font={"size": 12, "color": pal.muted},
        yshift=6,
    )
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


def city_map(
    places: pd.DataFrame,
    sources: pd.DataFrame,
    coastline: dict,
    lang: str,
    theme: str,
    *,
    key: str,
    title: str,
    note: str,
    roles: tuple[str, ...] = ("annotation_pilot_city",),
) -> Chart:
    """Places of the given roles on coastlines drawn from a shipped GeoJSON: no tiles, no CDN, no borders.
    One colour and legend entry per role."""
    pal = palette(theme)
    fig = go.Figure()
    lons: list = []
    lats: list = []
    for feature in coastline["features"]:
        geometry = feature["geometry"]
        parts = [geometry["coordinates"]] if geometry["type"] == "LineString" else geometry["coordinates"]
        for part in parts:
            lons.extend([p[0] for p in part] + [None])
            lats.extend([p[1] for p in part] + [None])
    fig.add_trace(
        go.Scattergeo(
            lon=lons, lat=lats, mode="lines", line={"color": pal.muted, "width": 1}, hoverinfo="skip", showlegend=False
        )
    )
    cities = places[places.role.isin(roles)]
    several = cities.role.nunique() > 1
    bounds = (94.0, 17.0, 135.0, 46.0) if several else (96.0, 17.0, 131.0, 46.0)
    short_names = [pick(c, "name", lang).split(" (")[0].split("（")[0] for _, c in cities.iterrows()]  # full on hover
    texts, positions, map_key = place_map_labels(cities, short_names, bounds)
    placed = dict(zip(cities.place_id, zip(texts, positions, strict=True), strict=True))
    src = sources.set_index("source_id")
    for index, role in enumerate(r for r in roles if (cities.role == r).any()):
        group = cities[cities.role == role]
        hover = []
        for _, city in group.iterrows():
            s = src.loc[city["source_id"]]
            who = pick(s, "publisher", lang)
            hover.append(
                "<br>".join(
                    [
                        f"<b>{esc(pick(city, 'name', lang))}</b> ({esc(pick(city, 'province', lang))})",
                        esc(t("chart.map.role." + role, lang)),
                        f"{t('chart.hover.source', lang)}: {esc(who)}, {format_date(s['published'], s['published_precision'], lang)}",
                        f"{t('chart.hover.evidence', lang)}: “{wrap_text(esc(city['evidence']), lang)}”",
                    ]
                )
            )
        colour = pal.accent if index == 0 else pal.series[index % len(pal.series)]
        fig.add_trace(
            go.Scattergeo(
                lon=group.lon,
                lat=group.lat,
                mode="markers+text",
                text=[esc(placed[c][0]) for c in group.place_id],
                textposition=[placed[c][1] for c in group.place_id],
                textfont={"color": pal.text, "size": 14},
                marker={"size": 14, "color": colour, "line": {"color": pal.background, "width": 2}},
                hovertext=hover,
                hoverinfo="text",
                name=esc(t("chart.map.role." + role, lang)),
            )
        )
    fig.update_geos(
        visible=False,
        projection_type="mercator",
        lonaxis_range=[bounds[0], bounds[2]],
        lataxis_range=[bounds[1], bounds[3]],
        bgcolor=pal.background,
    )
    if map_key:  # the labels that found no room beside their marker, named beside the map
        fig.add_annotation(
            text="<br>".join(esc(t("chart.map.key_entry", lang, n=n, name=name)) for n, name in map_key),
            xref="paper",
            yref="paper",
            x=1.0,
            y=1.0,
            xanchor="right",
            yanchor="top",
            align="left",
            showarrow=False,
            font={"size": 13, "color": pal.text},
            bgcolor=pal.background,
        )
    fig.add_annotation(
        text=esc(note),
        xref="paper",
        yref="paper",
        x=0,
        y=1.0,
        yanchor="bottom",
        xanchor="left",
        showarrow=False,
        font={"size": 12, "color": pal.muted},
        yshift=4,
    )
    rows = cities.merge(
        sources[["source_id", "publisher", "publisher_zh", "published", "published_precision"]], on="source_id"
    )
    _finish(
        fig, title=title, footnote=footnote_lines(rows, lang), pal=pal, height=700, lang=lang, legend=several, top=100
    )
    fig.update_layout(margin={"l": 10, "r": 10})
    if several:  # the legend goes under the map, clear of the note above it
        fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": 0.0, "xanchor": "left", "x": 0})
    parts = []
    for role in (r for r in roles if (cities.role == r).any()):
        group = cities[cities.role == role]
        names = join(group[column("name", lang)], lang, "enumeration")
        parts.append(t("chart.map.summary", lang, role=t("chart.map.role." + role, lang), n=len(group), names=names))
    return Chart(key, fig, join_sentences(parts), rows)


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
    """Events as rows labelled with what happened, coloured by kind; spans for month- or year-precise dates."""
    pal = palette(theme)
    events = events.sort_values("start", kind="stable").reset_index(drop=True)
    src = sources.set_index("source_id")
    labels, hover = [], []
    fig = go.Figure()
    for _, ev in events.iterrows():
        label = pick(ev, "title", lang)
        short = shorten(label, 58)
        labels.append(esc(short))
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
        footnote=footnote_lines(rows, lang),
        pal=pal,
        height=height or 150 + 34 * len(events),
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


def _grade_stack(
    counts: pd.DataFrame,
    labels: list[str],
    source_rows: pd.DataFrame,
    lang: str,
    theme: str,
    *,
    key: str,
    title: str,
    summary: str,
    width: int = 92,
) -> Chart:
    """Horizontal bars of reported figures, stacked by the reliability grade of their sources. `width`: the
    display width of a title line (the footnote, which starts after the bars' labels, takes less)."""
    pal = palette(theme)
    fig = go.Figure()
    colours = dict(zip(Grade, pal.grades, strict=True))
    for grade in Grade:
        warn = "⚠ " if grade == Grade.LOW else ""
        fig.add_trace(
            go.Bar(
                y=labels,
                x=counts[grade],
                orientation="h",
                name=warn + t("fmt.labelled", lang, label=t("chart.hover.grade", lang), text=t("grade." + grade, lang)),
                marker={"color": colours[grade]},
                hovertemplate="%{y}: %{x}<extra>" + esc(t("grade." + grade, lang)) + "</extra>",
            )
        )
    totals = counts.sum(axis=1)
    fig.add_trace(
        go.Scatter(
            y=labels,
            x=totals,
            mode="text",
            text=[f"  {int(v)}" for v in totals],
            textposition="middle right",
            textfont={"color": pal.text, "size": 13},
            showlegend=False,
            hoverinfo="skip",
        )
    )
    fig.update_layout(barmode="stack", bargap=0.3)
    fig.update_yaxes(autorange="reversed", tickfont={"color": pal.text, "size": 13})
    fig.update_xaxes(title_text=t("chart.figures_count", lang), range=[0, totals.max() * 1.15])
    _finish(
        fig,
        title=title,
        footnote=footnote_lines(source_rows, lang, width=width - 12),
        pal=pal,
        height=170 + 40 * len(counts),
        lang=lang,
        top=100,
        title_width=width,
    )
    return Chart(key, fig, summary, source_rows)


FIGURES_PER_AREA_WIDTH = 64  # the overview draws this chart in the wider of two columns (pages/overview.py)


def figures_per_area_chart(
    counts: pd.DataFrame, areas: pd.DataFrame, sources_rows: pd.DataFrame, lang: str, theme: str, *, key: str
) -> Chart:
    """Reported figures per priority, stacked by the reliability grade of their sources."""
    names = areas.set_index("area_id")[column("name", lang)]
    totals = counts.sum(axis=1)
    top_area = totals.idxmax()
    zero = [names[a] for a in counts.index if totals[a] == 0]
    summary = t(
        "chart.figures_per_area_summary", lang, n=int(totals.sum()), top=names[top_area], top_n=int(totals[top_area])
    )
    if zero:
        summary = join((summary, t("chart.figures_per_area_none", lang, names=join(zero, lang, "enumeration"))), lang)
    summary = t("fmt.sentence", lang, text=summary)
    return _grade_stack(
        counts,
        [esc(names[a]) for a in counts.index],
        sources_rows,
        lang,
        theme,
        key=key,
        title=t("title.figures_per_area", lang, n=int(totals.sum()), top=names[top_area], top_n=int(totals[top_area])),
        summary=summary,
        width=FIGURES_PER_AREA_WIDTH,
    )


def reliability_chart(counts: pd.DataFrame, sources_rows: pd.DataFrame, lang: str, theme: str, *, key: str) -> Chart:
    """Reported figures per kind of publisher, stacked by grade."""
    labels = [esc(t("reliability." + r, lang)) for r in counts.index]
    low = int(counts[Grade.LOW].sum())
    total = int(counts.values.sum())
    summary = t("chart.reliability_summary", lang, n=total, low=low)
    trusted = total - low
    top = counts.sum(axis=1).idxmax()
    top_label = t("reliability." + str(top), lang)
    title = t(
        "title.reliability",
        lang,
        trusted=trusted,
        total=total,
        top=top_label.lower() if lang == "en" else top_label,
        top_n=int(counts.loc[top].sum()),
    )
    return _grade_stack(counts, labels, sources_rows, lang, theme, key=key, title=title, summary=summary)


def for_slides(figure: go.Figure, scale: float = 1.35) -> go.Figure:
    """A copy of a figure with larger type and a taller plot, for presentation on a 16:9 screen."""
    slide = go.Figure(figure.to_dict())
    layout = slide.layout
    slide.update_layout(
        font_size=round((layout.font.size or 13) * scale),
        title_font_size=round((layout.title.font.size or 17) * scale),
        height=round((layout.height or DEFAULT_HEIGHT) * 1.2),
        margin_b=round((layout.margin.b or 80) * scale),
        margin_t=round((layout.margin.t or 78) * 1.25),
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
