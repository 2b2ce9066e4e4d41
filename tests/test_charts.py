"""Chart builders, tested alone: traces, bounds, hover, footnote, grades, conflicts, escaping, offline map."""

import json

import pandas as pd
import pytest

from dashboard import charts, views
from dashboard.data import read_geojson, read_table
from dashboard.theme import PALETTES, contrast


@pytest.fixture(scope="module")
def conflicts():
    return read_table("conflicts")


def annotations_text(fig) -> str:
    return " ".join(a.text for a in fig.layout.annotations)


def data_traces(fig):
    return [tr for tr in fig.data if tr.hovertext is not None and len(tr.hovertext)]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_series_chart_draws_lower_bounds_as_lower_bounds(view, conflicts, lang, theme):
    chart = charts.series_chart(views.metric_rows(view, "hqds_count"), lang, theme, key="k", conflicts=conflicts)
    points = data_traces(chart.figure)
    assert len(points) == 4
    for trace in points:
        assert trace.marker.symbol.startswith("triangle-up")  # every report is "more than"
        assert "+" in trace.text[0] or trace.text[0] == ""
    # the upward stub that says "at least this, maybe more"
    assert any(tr.error_y.visible and tr.error_y.arrayminus == (0,) for tr in points)
    assert "chinadailybrief" in annotations_text(chart.figure) or "China Daily Brief" in annotations_text(chart.figure)
    assert chart.figure.layout.paper_bgcolor == PALETTES[theme].background


def test_hover_has_value_qualifier_date_source_grade_and_evidence(view, conflicts):
    chart = charts.series_chart(views.metric_rows(view, "hqds_count"), "en", "light", key="k", conflicts=conflicts)
    hover = " ".join(t for tr in data_traces(chart.figure) for t in tr.hovertext)
    for words in ("more than 100,000 datasets", "31 Dec 2025", "Yicai Global", "Reliability: high", "Evidence:",
                  "more than 100,000 high-quality datasets had been established"):
        assert words in hover
    assert "Reliability: low ⚠" in hover


def test_low_grade_point_is_hollow_and_labelled(view, conflicts):
    chart = charts.series_chart(views.metric_rows(view, "hqds_count"), "en", "light", key="k", conflicts=conflicts)
    low = [tr for tr in data_traces(chart.figure) if "Reliability: low" in tr.hovertext[0]]
    assert low and low[0].marker.symbol.endswith("-open") and low[0].text[0].startswith("⚠")
    assert "Low-reliability source" in annotations_text(chart.figure)


def test_conflict_is_shown_in_series_and_in_comparison(view, conflicts):
    rows = views.metric_rows(view, "token_daily_multiple")
    series = charts.series_chart(rows, "en", "light", key="k", conflicts=conflicts)
    ringed = [tr for tr in data_traces(series.figure) if tr.marker.line.color == PALETTES["light"].conflict]
    assert len(ringed) == 3
    assert "Conflict" in ringed[0].hovertext[0]
    bars = charts.compare_chart(rows, "en", "light", key="c", title="t", conflicts=conflicts, label_by="source", log_x=True)
    labels = list(bars.figure.data[0].text)
    assert labels == ["10+×", "1,000+×", "1,400+×"] or sorted(labels) == sorted(["10+×", "1,000+×", "1,400+×"])
    assert bars.figure.layout.xaxis.type == "log"


def test_every_builder_puts_the_source_footnote_inside_the_figure(view, conflicts):
    built = [
        charts.series_chart(views.metric_rows(view, "compute_total_eflops"), "en", "light", key="a", conflicts=conflicts),
        charts.compare_chart(pd.DataFrame([views.latest_reports(view, m)["latest"] for m in
                                           ("hqds_leading_units", "hqds_pilot_units")]), "en", "light", key="b", title="t"),
        charts.share_chart(views.latest_reports(view, "process_control_rate")["latest"], "en", "light", key="c",
                           title="t", context="c"),
        charts.timeline_chart(read_table("events"), read_table("sources"), "en", "light", key="d", title="t"),
        charts.city_map(read_table("places"), read_table("sources"), read_geojson("land_east_asia.geojson"), "en", "light",
                        key="e", title="t", note="n"),
    ]
    for chart in built:
        text = annotations_text(chart.figure)
        assert "Source" in text and "China Data Market Monitor" in text, chart.key
        assert chart.summary and chart.summary.endswith(".")
        assert chart.figure.layout.title.text


def test_units_on_axes(view, conflicts):
    chart = charts.series_chart(views.metric_rows(view, "data_production_zb"), "en", "light", key="k", conflicts=conflicts)
    assert chart.figure.layout.yaxis.title.text == "Volume (zettabytes)"
    assert chart.figure.layout.xaxis.title.text == "Year"  # annual figures get a year axis
    zh = charts.series_chart(views.metric_rows(view, "data_production_zb"), "zh", "light", key="k", conflicts=conflicts)
    assert zh.figure.layout.yaxis.title.text == "数据量（ZB）"


def test_targets_are_marked_apart_from_results(view, conflicts):
    chart = charts.series_chart(views.metric_rows(view, "compute_total_eflops"), "en", "light", key="k", conflicts=conflicts)
    target = [tr for tr in data_traces(chart.figure) if "Status: Target" in tr.hovertext[0]]
    assert len(target) == 1 and target[0].marker.symbol == "star-open"
    line = [tr for tr in chart.figure.data if tr.mode == "lines"][0]
    assert 300 not in list(line.y)  # the target is not joined to the actual series


def test_data_text_is_escaped(view, conflicts):
    rows = views.metric_rows(view, "process_control_rate").copy()
    rows["evidence"] = '<img src=x onerror="alert(1)"> =HYPERLINK("http://x")'
    rows["publisher"] = "<script>alert(1)</script>"
    chart = charts.series_chart(rows, "en", "light", key="k", conflicts=conflicts)
    spec = json.dumps(chart.figure.to_plotly_json(), default=str)
    assert "<img" not in spec and "<script>" not in spec
    assert "&lt;img" in spec


def test_map_needs_no_internet_and_draws_no_borders():
    chart = charts.city_map(read_table("places"), read_table("sources"), read_geojson("land_east_asia.geojson"), "en",
                            "dark", key="m", title="t", note="n")
    fig = chart.figure
    assert {tr.type for tr in fig.data} == {"scattergeo"}
    assert fig.layout.geo.visible is False  # no CDN base map: coastlines come from the shipped GeoJSON
    assert not any(getattr(tr, "locations", None) for tr in fig.data)
    cities = [tr for tr in fig.data if tr.mode == "markers+text"][0]
    assert sorted(cities.text) == sorted(["Chengdu", "Shenyang", "Hefei", "Changsha", "Haikou", "Baoding", "Datong"])
    coast = fig.data[0]
    assert coast.mode == "lines" and len(coast.lon) > 1000
    spec = json.dumps(fig.to_plotly_json(), default=str)
    assert "topojson" not in spec and "http" not in spec.replace("https://creativecommons", "")


def test_chart_text_colours_meet_contrast_in_both_themes():
    for palette in PALETTES.values():
        assert contrast(palette.text, palette.background) >= 7
        assert contrast(palette.muted, palette.background) >= 4.5
        assert contrast(palette.low, palette.background) >= 4.5
        for colour in (*palette.series, *palette.grades, *palette.events):
            assert contrast(colour, palette.background) >= 3
        assert len(set(palette.events)) == len(palette.events)


def test_figures_per_area_counts_reported_figures(view):
    counts = views.figures_per_area(view, read_table("priority_areas"))
    reported = view[view.kind == "reported"]
    assert counts.to_numpy().sum() == reported.area_id.notna().sum(), "every reported figure with an area counted once"
    assert counts.loc["ai_datasets"].sum() == reported.area_id.str.startswith(("action_", "ai_datasets")).sum()
    chart = charts.figures_per_area_chart(counts, read_table("priority_areas"), view, "zh", "light", key="f")
    top = counts.sum(axis=1).idxmax()
    name = read_table("priority_areas").set_index("area_id").loc[top, "name_zh"]
    assert name in chart.summary and f"{counts.to_numpy().sum()}条" in chart.summary


def test_chinese_money_axes_are_in_the_chinese_unit(view, conflicts):
    """亿元 on the axis means the bars and points are drawn at ten times the billions."""
    rows = views.metric_rows(view, "data_trading_value")
    zh = charts.series_chart(rows, "zh", "light", key="k", conflicts=conflicts)
    en = charts.series_chart(rows, "en", "light", key="k", conflicts=conflicts)
    assert zh.figure.layout.yaxis.title.text == "金额（亿元）"
    zh_y = sorted(tr.y[0] for tr in data_traces(zh.figure))
    en_y = sorted(tr.y[0] for tr in data_traces(en.figure))
    assert zh_y == pytest.approx([v * 10 for v in en_y])
    assert zh.figure.layout.yaxis.range[1] == pytest.approx(en.figure.layout.yaxis.range[1] * 10)
