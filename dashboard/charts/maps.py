"""Maps of China's provinces, drawn from a shipped GeoJSON (datasets/geo/china_provinces.geojson): hubs,
cities and exchanges as points with labels placed without collisions, and province figures as a choropleth.
Every map has the South China Sea islands and the maritime boundary line in an inset beside it."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.base import Chart
from dashboard.charts.labels import place_map_labels
from dashboard.charts.style import _finish, note_above
from dashboard.charts.text import esc, footnote_lines, value_text
from dashboard.formatting import (
    format_date,
    join_sentences,
    plot_values,
    wrap_text,
)
from dashboard.i18n import column, join, pick, t
from dashboard.theme import Palette, blend, palette

# (west, south, east, north) in degrees: the main map holds every province; the South China Sea south of
# MAIN_BOUNDS is drawn in an inset, as China's standard maps do.
MAIN_BOUNDS = (73.0, 17.5, 135.5, 54.0)
INSET_BOUNDS = (105.0, 2.5, 123.0, 23.5)
MAIN_WIDTH = 0.78  # of the plot's width: the inset and the key of numbered labels share the rest
MAP_HEIGHT = 760  # with the title, note and legend: a plot of at least MAP_PX_PER_DEGREE
KEY_WIDTH = 26  # display width of a line of the key
INSET_TOP = 0.34  # of the plot's height: the inset's top; the colour bar and the key sit above it
COLOUR_BAR_LEN = 0.36  # of the plot's height, with its title


def _rings(feature: dict) -> Iterator[list]:
    geometry = feature["geometry"]
    if geometry["type"] == "MultiPolygon":
        yield from (ring for polygon in geometry["coordinates"] for ring in polygon)
    elif geometry["type"] in ("Polygon", "MultiLineString"):
        yield from geometry["coordinates"]
    elif geometry["type"] == "LineString":
        yield geometry["coordinates"]


def _touches(ring: list, box: tuple[float, float, float, float]) -> bool:
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    return min(lons) <= box[2] and max(lons) >= box[0] and min(lats) <= box[3] and max(lats) >= box[1]


def _lines(features: list[dict], box: tuple[float, float, float, float]) -> tuple[list, list]:
    """Longitudes and latitudes of every ring that reaches the box, one line each (None between them)."""
    lons: list = []
    lats: list = []
    for feature in features:
        for ring in _rings(feature):
            if _touches(ring, box):
                lons.extend([p[0] for p in ring] + [None])
                lats.extend([p[1] for p in ring] + [None])
    return lons, lats


def _kind(provinces: dict, kind: str) -> list[dict]:
    return [x for x in provinces["features"] if x["properties"].get("kind") == kind]


def _outline_traces(provinces: dict, pal: Palette) -> list[go.Scattergeo]:
    """The province outlines and the maritime boundary line, on the main map and in the inset."""
    traces = []
    for geo, box in (("geo", MAIN_BOUNDS), ("geo2", INSET_BOUNDS)):
        for kind, meta, width in (("province", "provinces", 0.8), ("maritime_boundary", "maritime_boundary", 1.4)):
            lons, lats = _lines(_kind(provinces, kind), box)
            if lons:
                traces.append(
                    go.Scattergeo(
                        lon=lons,
                        lat=lats,
                        mode="lines",
                        line={"color": pal.grid if kind == "province" else pal.muted, "width": width},
                        hoverinfo="skip",
                        showlegend=False,
                        geo=geo,
                        meta=meta,
                    )
                )
    return traces


def _geos(fig: go.Figure, pal: Palette) -> None:
    common = {"visible": False, "projection_type": "mercator", "bgcolor": pal.background}
    fig.update_layout(
        geo={
            **common,
            "domain": {"x": [0, MAIN_WIDTH], "y": [0, 1]},
            "lonaxis": {"range": [MAIN_BOUNDS[0], MAIN_BOUNDS[2]]},
            "lataxis": {"range": [MAIN_BOUNDS[1], MAIN_BOUNDS[3]]},
        },
        geo2={
            **common,
            "domain": {"x": [MAIN_WIDTH + 0.04, 1.0], "y": [0, INSET_TOP]},
            "lonaxis": {"range": [INSET_BOUNDS[0], INSET_BOUNDS[2]]},
            "lataxis": {"range": [INSET_BOUNDS[1], INSET_BOUNDS[3]]},
            "showframe": True,
            "framecolor": pal.grid,
        },
    )


def _key(fig: go.Figure, entries: list[tuple[str, str]], lang: str, pal: Palette, top: float = 1.0) -> None:
    """The labels that found no room beside their marker, by number, beside the map (above the inset,
    from `top` down)."""
    if not entries:
        return
    lines = [wrap_text(esc(t("chart.map.key_entry", lang, n=n, name=name)), lang, KEY_WIDTH) for n, name in entries]
    fig.add_annotation(
        text="<br>".join(lines),
        xref="paper",
        yref="paper",
        x=MAIN_WIDTH + 0.02,
        y=top,
        xanchor="left",
        yanchor="top",
        align="left",
        showarrow=False,
        font={"size": 13, "color": pal.text},
        bgcolor=pal.background,
    )


def _short(name: str) -> str:
    return name.split(" (")[0].split("（")[0]


def city_map(
    places: pd.DataFrame,
    sources: pd.DataFrame,
    provinces: dict,
    lang: str,
    theme: str,
    *,
    key: str,
    title: str,
    note: str,
    roles: tuple[str, ...] = ("annotation_pilot_city",),
) -> Chart:
    """Places of the given roles on China's provinces drawn from a shipped GeoJSON: no tiles, no CDN.
    One colour and legend entry per role."""
    pal = palette(theme)
    fig = go.Figure(_outline_traces(provinces, pal))
    cities = places[places.role.isin(roles)]
    several = cities.role.nunique() > 1
    short_names = [_short(pick(c, "name", lang)) for _, c in cities.iterrows()]  # the full name on hover
    texts, positions, map_key = place_map_labels(cities, short_names, MAIN_BOUNDS)
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
    _geos(fig, pal)
    _key(fig, map_key, lang, pal)
    note_above(fig, esc(note), pal)
    rows = cities.merge(
        sources[["source_id", "publisher", "publisher_zh", "published", "published_precision"]], on="source_id"
    )
    _finish(
        fig,
        title=title,
        footnote=footnote_lines(rows, lang),
        pal=pal,
        height=MAP_HEIGHT,
        lang=lang,
        legend=several,
        top=100,
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


def province_map(
    rows: pd.DataFrame,
    places: pd.DataFrame,
    provinces: dict,
    lang: str,
    theme: str,
    *,
    key: str,
    title: str,
    summary: str,
) -> Chart:
    """The latest figure of each province (`rows`: one per place, from views.latest_by_place) as a
    choropleth: only provinces with a figure are coloured, the colour bar names the metric, its unit and the
    dates, and each province's value is written at its capital where it fits (else numbered in a key)."""
    pal = palette(theme)
    by_name = {x["properties"]["name_en"]: x for x in _kind(provinces, "province")}
    where = places.set_index("place_id")
    drawn = rows[rows.place_id.map(lambda p: p in where.index and where.loc[p, "province_en"] in by_name)]
    first = drawn.iloc[0]
    years = sorted({d.year for d in drawn.as_of})
    dates = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    unit = pick(first, "label", lang)
    legend = "<br>".join(
        wrap_text(esc(line), lang, KEY_WIDTH)
        for line in (pick(first, "name", lang), t("chart.map.colour_unit", lang, unit=unit, dates=dates))
    )
    hover = [
        "<br>".join(
            [
                f"<b>{esc(pick(r, 'place', lang))}</b>: {esc(value_text(r, lang))}",
                format_date(r["as_of"], r["as_of_precision"], lang),
                f"{t('chart.hover.source', lang)}: {esc(pick(r, 'publisher', lang))}",
            ]
        )
        for _, r in drawn.iterrows()
    ]
    values = list(plot_values(drawn, lang))  # in the unit the colour bar names (亿元 in Chinese)
    low, high = min(values), max(values)
    # From a tint to a mid tone of the accent colour: the labels written on the provinces stay readable.
    lightest, darkest = 0.12, 0.6
    scale = [[0.0, blend(pal.accent, pal.background, lightest)], [1.0, blend(pal.accent, pal.background, darkest)]]
    fig = go.Figure()
    for place_id, value, text in zip(drawn.place_id, values, hover, strict=True):
        # Filled outlines, not a Choropleth trace: Plotly would fetch a base map from its CDN for that.
        lons, lats = _lines([by_name[where.loc[place_id, "province_en"]]], MAIN_BOUNDS)
        share = (value - low) / (high - low) if high > low else 1.0
        fig.add_trace(
            go.Scattergeo(
                lon=lons,
                lat=lats,
                mode="lines",
                fill="toself",
                fillcolor=blend(pal.accent, pal.background, lightest + (darkest - lightest) * share),
                line={"width": 0},
                hoverinfo="text",
                hovertext=text,
                showlegend=False,
                meta="choropleth",
            )
        )
    for trace in _outline_traces(provinces, pal):
        fig.add_trace(trace)
    spots = pd.DataFrame(
        {"lon": [where.loc[p, "lon"] for p in drawn.place_id], "lat": [where.loc[p, "lat"] for p in drawn.place_id]}
    )
    names = [  # the province's name as the places table gives it, without "(municipality)"
        f"{_short(pick(where.loc[r['place_id']], 'name', lang))} {value_text(r, lang, with_unit=False)}"
        for _, r in drawn.iterrows()
    ]
    texts, positions, map_key = place_map_labels(spots, names, MAIN_BOUNDS)
    fig.add_trace(
        go.Scattergeo(
            lon=spots.lon,
            lat=spots.lat,
            mode="markers+text",
            text=[esc(x) for x in texts],
            textposition=positions,
            textfont={"color": pal.text, "size": 14},
            marker={
                "size": 7,
                "color": values,  # the colour bar: what the colour of a province means
                "colorscale": scale,
                "cmin": low,
                "cmax": high,
                "line": {"color": pal.text, "width": 1},
                "showscale": True,
                "colorbar": {
                    "title": {"text": legend, "side": "top", "font": {"size": 12, "color": pal.text}},
                    "x": MAIN_WIDTH + 0.02,
                    "xanchor": "left",
                    "y": 1.0,
                    "yanchor": "top",
                    "len": COLOUR_BAR_LEN,
                    "thickness": 14,
                    "tickfont": {"size": 11, "color": pal.muted},
                    "outlinewidth": 0,
                },
            },
            hovertext=hover,
            hoverinfo="text",
            showlegend=False,
        )
    )
    _geos(fig, pal)
    _key(fig, map_key, lang, pal, top=1.0 - COLOUR_BAR_LEN - 0.04)  # under the colour bar, above the inset
    _finish(fig, title=title, footnote=footnote_lines(drawn, lang), pal=pal, height=MAP_HEIGHT, lang=lang, legend=False)
    fig.update_layout(margin={"l": 10, "r": 10})
    return Chart(key, fig, summary, rows)
