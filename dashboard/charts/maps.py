"""Maps: hubs, cities and exchanges as points on China's outline, labels placed without collisions."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.base import Chart
from dashboard.charts.labels import place_map_labels
from dashboard.charts.style import _finish
from dashboard.charts.text import esc, footnote_lines
from dashboard.formatting import (
    format_date,
    join_sentences,
    wrap_text,
)
from dashboard.i18n import column, join, pick, t
from dashboard.theme import palette


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
