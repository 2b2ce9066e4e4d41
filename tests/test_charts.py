"""Chart builders, tested alone on small synthetic frames (tests/factories.py), so that correcting a shipped
figure never breaks them: traces, bounds, hover, footnote, grades, conflicts, escaping, units, offline map."""

import json

import pandas as pd
import pytest

from dashboard import charts, views
from dashboard.theme import PALETTES, contrast
from tests import factories as f

DATASETS = f.unit("datasets", label_en="datasets", label_zh="个", axis_en="Datasets", axis_zh="数据集（个）")
TIMES = f.unit("times", label_en="×", label_zh="倍", axis_en="Multiple", axis_zh="倍数", kind="multiple")
PERCENT = f.unit("percent", label_en="%", label_zh="%", axis_en="Share (%)", axis_zh="比例（%）", kind="percent")
ZB = f.unit("zb", label_en="ZB", label_zh="ZB", axis_en="Volume (zettabytes)", axis_zh="数据量（ZB）", kind="volume")
YUAN = f.unit(
    "yuan_bn",
    label_en="billion yuan",
    label_zh="亿元",
    zh_scale=10,
    axis_en="Amount (billion yuan)",
    axis_zh="金额（亿元）",
    kind="money",
)
YICAI = f.source("yicai", "high", publisher="Yicai Global", publisher_zh="第一财经")
BLOG = f.source("cdb", "low", publisher="China Daily Brief", publisher_zh="中国日报简报", reliability="blog")
TOKEN_CONFLICT = f.table("conflicts", [f.conflict("token_growth", "Growth of daily tokens", "日均词元增长")])


def annotations_text(fig) -> str:
    return " ".join(a.text for a in fig.layout.annotations)


def data_traces(fig):
    return [tr for tr in fig.data if tr.hovertext is not None and len(tr.hovertext)]


def lower_bound_rows() -> pd.DataFrame:
    """Four "more than" reports on three dates: two sources agree on the first, the last is from a blog."""
    evidence = "more than 100,000 high-quality datasets had been established"
    return views.metric_rows(
        f.view_of(
            [
                f.obs(
                    "h1", "hqds", 35000, "2024-12-31", qualifier="more_than", unit="datasets", published="2025-01-10"
                ),
                f.obs(
                    "h2",
                    "hqds",
                    35000,
                    "2024-12-31",
                    qualifier="more_than",
                    unit="datasets",
                    source_id="src_b",
                    published="2025-02-01",
                ),
                f.obs(
                    "h3",
                    "hqds",
                    100000,
                    "2025-12-31",
                    qualifier="more_than",
                    unit="datasets",
                    source_id="yicai",
                    precision="day",
                    published="2026-01-20",
                    evidence=evidence,
                ),
                f.obs(
                    "h4",
                    "hqds",
                    116000,
                    "2026-03-31",
                    qualifier="more_than",
                    unit="datasets",
                    source_id="cdb",
                    precision="day",
                    published="2026-04-02",
                ),
            ],
            units=[DATASETS],
            sources=[YICAI, BLOG],
        ),
        "hqds",
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_series_chart_draws_lower_bounds_as_lower_bounds(lang, theme):
    chart = charts.series_chart(lower_bound_rows(), lang, theme, key="k")
    points = data_traces(chart.figure)
    assert len(points) == 4
    for trace in points:
        assert trace.marker.symbol.startswith("triangle-up")  # every report is "more than"
        assert "+" in trace.text[0] or trace.text[0] == ""  # the second report of one value is not labelled again
        # the upward stub that says "at least this, maybe more"
        assert trace.error_y.visible and trace.error_y.arrayminus == (0,) and trace.error_y.array[0] > 0
    assert sum(trace.text[0] == "" for trace in points) == 1
    assert {"en": "China Daily Brief", "zh": "中国日报简报"}[lang] in annotations_text(chart.figure)
    assert chart.figure.layout.paper_bgcolor == PALETTES[theme].background


def test_an_exact_figure_gets_no_lower_bound_mark():
    rows = views.metric_rows(f.view_of([f.obs("e1", "m", 5, "2024-12-31"), f.obs("e2", "m", 6, "2025-12-31")]), "m")
    for trace in data_traces(charts.series_chart(rows, "en", "light", key="k").figure):
        assert trace.marker.symbol == "circle" and not trace.error_y.visible and "+" not in trace.text[0]


def test_hover_has_value_qualifier_date_source_grade_and_evidence():
    chart = charts.series_chart(lower_bound_rows(), "en", "light", key="k")
    hover = {tr.y[0]: tr.hovertext[0] for tr in data_traces(chart.figure)}
    for words in (
        "more than 100,000 datasets",
        "31 Dec 2025",
        "Yicai Global",
        "Reliability: high",
        "Evidence:",
        "more than 100,000 high-quality datasets had been established",
    ):
        assert words in hover[100000], words
    assert "Reliability: low ⚠" in hover[116000] and "China Daily Brief" in hover[116000]
    assert "⚠" not in hover[100000]


def test_low_grade_point_is_hollow_and_labelled():
    chart = charts.series_chart(lower_bound_rows(), "en", "light", key="k")
    points = data_traces(chart.figure)
    low = [tr for tr in points if "Reliability: low" in tr.hovertext[0]]
    assert len(low) == 1 and low[0].marker.symbol.endswith("-open") and low[0].text[0].startswith("⚠")
    assert not any(tr.marker.symbol.endswith("-open") for tr in points if tr not in low)
    assert "Low-reliability source" in annotations_text(chart.figure)
    line = [tr for tr in chart.figure.data if tr.mode == "lines"][0]
    assert 116000 not in list(line.y)  # the low-grade report is not joined to the trusted line


def test_conflict_is_shown_in_series_and_in_comparison():
    v = f.view_of(
        [
            f.obs("t0", "tokens", 5, "2023-06-30", unit="times", precision="month"),
            f.obs("t1", "tokens", 10, "2026-03-31", unit="times", qualifier="more_than", precision="month"),
            f.obs(
                "t2",
                "tokens",
                1000,
                "2026-03-31",
                unit="times",
                qualifier="more_than",
                precision="month",
                source_id="src_b",
                published="2026-04-05",
            ),
            f.obs(
                "t3",
                "tokens",
                1400,
                "2026-03-31",
                unit="times",
                qualifier="more_than",
                precision="month",
                source_id="yicai",
                published="2026-04-10",
            ),
        ],
        units=[TIMES],
        sources=[YICAI],
        conflicts={"token_growth": ["t1", "t2", "t3"]},
    )
    rows = views.metric_rows(v, "tokens")
    series = charts.series_chart(rows, "en", "light", key="k", conflicts=TOKEN_CONFLICT)
    ringed = [tr for tr in data_traces(series.figure) if tr.marker.line.color == PALETTES["light"].conflict]
    assert sorted(tr.y[0] for tr in ringed) == [10, 1000, 1400]  # the report outside the conflict is not ringed
    assert all("Conflict</b>: Growth of daily tokens" in tr.hovertext[0] for tr in ringed)
    bars = charts.compare_chart(
        rows[rows.conflict_ids.map(len) > 0],
        "en",
        "light",
        key="c",
        title="t",
        conflicts=TOKEN_CONFLICT,
        label_by="source",
        log_x=True,
    )
    assert list(bars.figure.data[0].text) == ["10+×", "1,000+×", "1,400+×"]
    assert list(bars.figure.data[0].marker.line.color) == [PALETTES["light"].conflict] * 3
    assert bars.figure.layout.xaxis.type == "log"


PUBLISHERS = {
    "s_series": ("Series Daily", "系列日报"),
    "s_bars": ("Bar Weekly", "柱状周刊"),
    "s_share": ("Share Office", "比例办公室"),
    "s_event": ("Event Herald", "事件导报"),
    "s_map": ("Map Bureau", "地图局"),
}


def every_builder(lang: str) -> list[charts.Chart]:
    """One chart from each builder, each from its own sources (whose publishers the footnote must name)."""
    sources = [f.source(source_id, publisher=en, publisher_zh=zh) for source_id, (en, zh) in PUBLISHERS.items()]
    v = f.view_of(
        [
            f.obs("c1", "compute", 200, "2023-12-31", source_id="s_series"),
            f.obs("c2", "compute", 246, "2024-12-31", source_id="s_series"),
            f.obs("l1", "leading_units", 72, "2026-04-03", source_id="s_bars", precision="day"),
            f.obs("p1", "pilot_units", 140, "2026-04-03", source_id="s_bars", precision="day"),
            f.obs("r1", "control_rate", 68.6, "2025-12-31", source_id="s_share", unit="percent"),
        ],
        [
            f.metric("compute", area_id="data_market"),
            f.metric("leading_units", area_id="ai_datasets"),
            f.metric("pilot_units", area_id="ai_datasets"),
            f.metric("control_rate", "percent", area_id="data_market"),
        ],
        units=[PERCENT],
        sources=sources,
    )
    all_sources = f.all_sources(*sources)
    areas = f.table("priority_areas", [f.area("data_market", 1), f.area("ai_datasets", 2)])
    reported = v[v.kind == "reported"]
    events = f.table(
        "events",
        [
            f.event("e1", "2025-12-30", end="2025-12-31", source_id="s_event"),
            f.event("e2", "2026-03-01", precision="month", kind="policy", source_id="s_event"),
        ],
    )
    places = f.table("places", [f.place("hefei", "Hefei", role="annotation_pilot_city", source_id="s_map")])
    return [
        charts.series_chart(views.metric_rows(v, "compute"), lang, "light", key="series"),
        charts.compare_chart(
            pd.DataFrame([views.latest_reports(v, m)["latest"] for m in ("leading_units", "pilot_units")]),
            lang,
            "light",
            key="compare",
            title="t",
        ),
        charts.share_chart(
            views.latest_reports(v, "control_rate")["latest"], lang, "light", key="share", title="t", context="c"
        ),
        charts.timeline_chart(events, all_sources, lang, "light", key="timeline", title="t"),
        charts.city_map(
            places,
            all_sources,
            f.provinces([(100, 20), (120, 40), (100, 40), (100, 20)]),
            lang,
            "light",
            key="map",
            title="t",
            note="n",
        ),
        charts.figures_per_area_chart(views.figures_per_area(v, areas), areas, reported, lang, "light", key="areas"),
        charts.reliability_chart(views.figures_by_reliability(v), reported, lang, "light", key="grades"),
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_builder_puts_the_source_footnote_inside_the_figure(lang):
    named = {
        "series": ["s_series"],
        "compare": ["s_bars"],
        "share": ["s_share"],
        "timeline": ["s_event"],
        "map": ["s_map"],
        "areas": ["s_series", "s_bars", "s_share"],
        "grades": ["s_series", "s_bars", "s_share"],
    }
    word, site = {"en": ("Source", "China Data Market Monitor"), "zh": ("来源", "中国数据要素市场监测")}[lang]
    built = every_builder(lang)
    assert [chart.key for chart in built] == list(named)
    for chart in built:
        text = annotations_text(chart.figure)
        assert word in text and site in text, chart.key
        for source_id in named[chart.key]:
            assert PUBLISHERS[source_id][lang == "zh"] in text, (chart.key, source_id)
        assert chart.summary and chart.summary.endswith((".", "。")), chart.key
        assert chart.figure.layout.title.text, chart.key


@pytest.mark.parametrize(
    "lang,y_title,x_title", [("en", "Volume (zettabytes)", "Year"), ("zh", "数据量（ZB）", "年份")]
)
def test_units_on_axes(lang, y_title, x_title):
    yearly = f.view_of(
        [f.obs(f"z{y}", "zb_made", y - 2000, f"{y}-12-31", unit="zb") for y in (2022, 2023, 2024)], units=[ZB]
    )
    chart = charts.series_chart(views.metric_rows(yearly, "zb_made"), lang, "light", key="k")
    assert chart.figure.layout.yaxis.title.text == y_title
    assert chart.figure.layout.xaxis.title.text == x_title  # annual figures get a year axis
    monthly = f.view_of(
        [
            f.obs("m1", "zb_made", 1, "2024-03-31", unit="zb", precision="month"),
            f.obs("m2", "zb_made", 2, "2024-09-30", unit="zb", precision="month"),
        ],
        units=[ZB],
    )
    dated = charts.series_chart(views.metric_rows(monthly, "zb_made"), lang, "light", key="k")
    assert dated.figure.layout.xaxis.title.text != x_title and dated.figure.layout.xaxis.type == "date"


def test_targets_are_marked_apart_from_results():
    v = f.view_of(
        [
            *(f.obs(f"c{y}", "compute", v, f"{y}-12-31") for y, v in ((2022, 180), (2023, 230), (2024, 280))),
            f.obs("goal", "compute", 300, "2025-12-31", status="target", published="2024-01-01"),
        ]
    )
    chart = charts.series_chart(views.metric_rows(v, "compute"), "en", "light", key="k")
    target = [tr for tr in data_traces(chart.figure) if "Status: Target" in tr.hovertext[0]]
    assert len(target) == 1 and target[0].marker.symbol == "star-open" and target[0].y[0] == 300
    assert not any(tr.marker.symbol.startswith("star") for tr in data_traces(chart.figure) if tr not in target)
    line = [tr for tr in chart.figure.data if tr.mode == "lines"][0]
    assert list(line.y) == [180, 230, 280]  # the target is not joined to the actual series


def test_data_text_is_escaped():
    v = f.view_of(
        [
            f.obs("r1", "rate", 60, "2024-12-31", unit="percent"),
            f.obs("r2", "rate", 68.6, "2025-12-31", unit="percent"),
        ],
        units=[PERCENT],
    )
    rows = views.metric_rows(v, "rate").copy()
    rows["evidence"] = '<img src=x onerror="alert(1)"> =HYPERLINK("http://x")'
    rows["publisher"] = "<script>alert(1)</script>"
    chart = charts.series_chart(rows, "en", "light", key="k")
    spec = json.dumps(chart.figure.to_plotly_json(), default=str)
    assert "<img" not in spec and "<script>" not in spec
    assert "&lt;img" in spec and "&lt;script&gt;" in spec


def test_map_needs_no_internet():
    places = f.table(
        "places",
        [
            f.place("hefei", "Hefei", role="annotation_pilot_city", lat=31.8, lon=117.2),
            f.place("haikou", "Haikou", role="annotation_pilot_city", lat=20.0, lon=110.3),
            f.place("datong", "Datong (Shanxi)", role="annotation_pilot_city", lat=40.1, lon=113.3),
            f.place("hubei", "Hubei", role="province", lat=30.6, lon=114.3),
        ],
    )
    shapes = f.provinces([(100, 20), (110, 21), (120, 30), (100, 20)], [(121, 31), (122, 39), (121, 39), (121, 31)])
    chart = charts.city_map(places, f.SOURCES, shapes, "en", "dark", key="m", title="t", note="n")
    fig = chart.figure
    assert {tr.type for tr in fig.data} == {"scattergeo"}
    assert fig.layout.geo.visible is False  # no CDN base map: the provinces come from the shipped GeoJSON
    assert not any(getattr(tr, "locations", None) for tr in fig.data)
    cities = [tr for tr in fig.data if tr.mode == "markers+text"]
    assert len(cities) == 1 and sorted(cities[0].text) == ["Datong", "Haikou", "Hefei"]  # only the role asked for
    outlines = fig.data[0]
    assert outlines.mode == "lines"
    assert list(outlines.lon) == [100, 110, 120, 100, None, 121, 122, 121, 121, None]  # each ring, then a break
    spec = json.dumps(fig.to_plotly_json(), default=str)
    assert "topojson" not in spec and "http" not in spec


def test_chart_text_colours_meet_contrast_in_both_themes():
    for palette in PALETTES.values():
        assert contrast(palette.text, palette.background) >= 7
        assert contrast(palette.muted, palette.background) >= 4.5
        assert contrast(palette.low, palette.background) >= 4.5
        for colour in (*palette.series, *palette.grades, *palette.events):
            assert contrast(colour, palette.background) >= 3
        assert len(set(palette.events)) == len(palette.events)


def test_figures_per_area_counts_reported_figures():
    areas = f.table(
        "priority_areas",
        [
            f.area("first", 1, name_zh="第一"),
            f.area("second", 2, name_zh="第二"),
            f.area("empty", 3, name_zh="空白"),
            f.area("first_action", 1, kind="action", parent_id="first"),
            f.area("security", 1, kind="cross_cutting"),
        ],
    )
    metrics = [
        f.metric("m1", area_id="first"),
        f.metric("m_act", area_id="first_action"),
        f.metric("m2", area_id="second"),
        f.metric("m_sec", area_id="security"),
        f.metric("m_none", area_id=None),
        f.metric("m_derived", area_id="first"),
    ]
    v = f.view_of(
        [
            f.obs("a", "m1", 1, "2024-12-31"),
            f.obs("b", "m1", 2, "2025-12-31"),
            f.obs("c", "m_act", 3, "2025-12-31", source_id="src_b"),
            f.obs("d", "m_act", 4, "2026-06-30", source_id="src_low"),
            f.obs("e", "m2", 5, "2025-12-31"),
            f.obs("g", "m_sec", 6, "2025-12-31", source_id="src_b"),
            f.obs("h", "m_none", 7, "2025-12-31"),  # no area: not counted
            f.obs(
                "i", "m_derived", 0.5, "2025-12-31", kind="derived", formula="a / b"
            ),  # ours, not reported: not counted
        ],
        metrics,
    )
    counts = views.figures_per_area(v, areas)
    expected = pd.DataFrame(
        {"high": [2, 1, 0, 0], "medium": [1, 0, 0, 1], "low": [1, 0, 0, 0]},
        index=["first", "second", "empty", "security"],
    )
    assert counts.to_dict("index") == expected.to_dict("index"), "actions rolled into their priority, by grade"
    assert list(counts.index) == ["first", "second", "empty", "security"]  # priorities by rank, then cross-cutting
    chart = charts.figures_per_area_chart(counts, areas, v[v.kind == "reported"], "zh", "light", key="f")
    assert "第一" in chart.summary and "6条" in chart.summary and "（4条）" in chart.summary
    assert "空白尚无数据" in chart.summary


def test_chinese_money_axes_are_in_the_chinese_unit():
    """亿元 on the axis means the bars and points are drawn at ten times the billions."""
    v = f.view_of(
        [
            f.obs("y1", "trade", 2.164, "2023-12-31", unit="yuan_bn"),
            f.obs("y2", "trade", 153.69, "2024-12-31", unit="yuan_bn", qualifier="about"),
            f.obs("y3", "trade", 200, "2025-12-31", unit="yuan_bn", qualifier="more_than"),
        ],
        units=[YUAN],
    )
    rows = views.metric_rows(v, "trade")
    zh = charts.series_chart(rows, "zh", "light", key="k")
    en = charts.series_chart(rows, "en", "light", key="k")
    assert zh.figure.layout.yaxis.title.text == "金额（亿元）"
    assert en.figure.layout.yaxis.title.text == "Amount (billion yuan)"
    zh_y = sorted(tr.y[0] for tr in data_traces(zh.figure))
    en_y = sorted(tr.y[0] for tr in data_traces(en.figure))
    assert en_y == [2.164, 153.69, 200]
    assert zh_y == pytest.approx([v * 10 for v in en_y])
    assert zh.figure.layout.yaxis.range[1] == pytest.approx(en.figure.layout.yaxis.range[1] * 10)
    assert "约1536.9" in " ".join(tr.text[0] for tr in data_traces(zh.figure))


def test_map_labels_never_overlap_and_crowded_ones_become_numbers_in_a_key():
    import itertools

    crowd = [(111.0 + 0.4 * (i % 3), 40.0 + 0.4 * (i // 3)) for i in range(9)]  # nine markers in a degree
    places = pd.DataFrame({"lon": [x for x, _ in crowd] + [120.0], "lat": [y for _, y in crowd] + [30.0]})
    names = ["Hohhot", *(f"Inner Mongolia cluster {i}" for i in range(1, 9)), "Hangzhou"]
    texts, positions, key = charts.place_map_labels(places, names, (96.0, 17.0, 131.0, 46.0))
    boxes = [
        charts._label_box(lon, charts._mercator_y(lat), text, position)
        for lon, lat, text, position in zip(places.lon, places.lat, texts, positions, strict=True)
        if text
    ]
    assert not any(charts._overlap(a, b) for a, b in itertools.combinations(boxes, 2))
    assert texts[-1] == "Hangzhou" and texts[0] == "Hohhot"  # room: the name itself
    assert key and all(texts[names.index(name)] in (number, "") for number, name in key)  # crowded: a number


def test_a_value_restated_nearby_is_labelled_once():
    rows = f.view_of(
        [
            f.obs("a", "m", 1260, "2025-09-01"),
            f.obs("b", "m", 1260, "2025-09-09", source_id="src_b"),
            f.obs("c", "m", 700, "2025-03-15"),
        ]
    )
    chart = charts.series_chart(rows, "en", "light", key="k")
    labels = [text for tr in chart.figure.data if tr.mode == "markers+text" for text in tr.text if text]
    assert sorted(labels) == ["1,260", "700"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_timeline_summary_states_its_count_first_and_last_event(lang):
    """The sentence under a timeline: how many events it draws, the earliest and the latest (by date, in
    whatever order the table holds them), each with its date."""
    events = f.table(
        "events",
        [
            f.event("mid", "2024-06-15", title_en="Middle", title_zh="居中"),
            f.event("last", "2025-12-30", end="2025-12-31", title_en="Latest", title_zh="最新"),
            f.event("first", "2021-03-01", precision="month", kind="policy", title_en="Earliest", title_zh="最早"),
        ],
    )
    chart = charts.timeline_chart(events, f.all_sources(), lang, "light", key="k", title="t")
    expected = {
        "en": "3 events, from Mar 2021 (Earliest) to 30 Dec 2025 (Latest).",
        "zh": "3件大事，从2021年3月（最早）到2025年12月30日（最新）。",
    }
    assert chart.summary == expected[lang]
    one = charts.timeline_chart(events.iloc[[0]], f.all_sources(), lang, "light", key="k", title="t")
    assert "Middle" in one.summary or "居中" in one.summary
