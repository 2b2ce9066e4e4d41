"""Series, figures by place, currency and the new qualifiers, on small synthetic frames (issue 11)."""

import pandas as pd

from dashboard import charts, views
from dashboard.formatting import count_words, format_value
from tests.factories import UNITS, obs, view_of

COUNT = UNITS.set_index("unit_id").loc["things"]


def test_the_card_shows_the_latest_date_described_not_the_latest_publication():
    v = view_of(
        [
            obs("new_date_early_pub", "m", 200, "2025-12-31", published="2026-01-10"),
            obs("old_date_late_pub", "m", 150, "2024-12-31", published="2026-06-01"),
        ]
    )
    latest = views.latest_reports(v, "m")
    assert latest["latest"]["obs_id"] == "new_date_early_pub"
    assert latest["previous"]["obs_id"] == "old_date_late_pub"


def test_figures_by_place_never_join_the_national_line_or_card():
    v = view_of(
        [
            obs("n1", "m", 10, "2023-12-31"),
            obs("n2", "m", 12, "2024-12-31"),
            obs("p1", "m", 99, "2025-12-31", place_id="alpha"),
        ]
    )
    assert list(views.metric_rows(v, "m").obs_id) == ["n1", "n2"]
    assert views.latest_reports(v, "m")["latest"]["obs_id"] == "n2"


def test_series_and_place_metrics_are_chosen_by_dates_and_places():
    v = view_of(
        [
            *(obs(f"s{y}", "series_m", y, f"{y}-12-31") for y in (2021, 2022, 2023)),
            obs("two1", "two_m", 1, "2022-12-31"),
            obs("two2", "two_m", 2, "2023-12-31"),
            *(obs(f"pl_{p}", "place_m", i, "2024-12-31", place_id=p) for i, p in enumerate(("alpha", "beta", "gamma"))),
        ]
    )
    ids = ["series_m", "two_m", "place_m"]
    assert views.series_metrics(v, ids) == ["series_m"]
    assert views.place_metrics(v, ids) == ["place_m"]
    ranked = views.latest_by_place(v, "place_m")
    assert list(ranked.place_id) == ["gamma", "beta", "alpha"] and list(ranked.place_en) == ["Gamma", "Beta", "Alpha"]


def test_two_methods_are_two_lines_never_one():
    v = view_of(
        [
            *(obs(f"a{y}", "national_total", y, f"{y}-12-31") for y in (2021, 2022, 2023)),
            *(obs(f"b{y}", "exchange_estimate", y / 10, f"{y}-12-31") for y in (2022, 2023, 2024)),
        ]
    )
    chart = charts.series_chart(views.metric_rows(v, ("national_total", "exchange_estimate")), "en", "light", key="k")
    lines = [tr for tr in chart.figure.data if tr.mode == "lines"]
    assert len(lines) == 2
    years = [sorted(int(x) for x in tr.x) for tr in lines]
    assert sorted(years) == [[2021, 2022, 2023], [2022, 2023, 2024]]


def test_nearly_reads_as_nearly_and_indicative_has_no_approximation_sign():
    assert format_value(40, "nearly", COUNT, "en") == "nearly 40 things"
    assert format_value(40, "nearly", COUNT, "zh") == "近40个"
    assert format_value(40, "nearly", COUNT, "en", long=True) == "nearly 40 things"
    indicative = format_value(3.1, "indicative", UNITS.set_index("unit_id").loc["tb"], "en")
    assert indicative == "3.1 TB (indicative)" and "≈" not in indicative
    assert "≈" not in format_value(3.1, "indicative", COUNT, "zh") and "约" not in format_value(
        3.1, "indicative", COUNT, "zh"
    )


def test_a_derived_figure_is_ours_and_takes_its_weakest_input_grade():
    v = view_of(
        [
            obs("x_high", "x", 100, "2025-12-31", source_id="src_a"),
            obs("y_low", "y", 4, "2025-12-31", source_id="src_low"),
            obs(
                "ratio",
                "r",
                25,
                "2025-12-31",
                source_id="src_a",
                kind="derived",
                formula="x_high / y_low",
                qualifier="indicative",
            ),
        ]
    )
    row = v.set_index("obs_id").loc["ratio"]
    assert row["grade"] == "low"
    assert "derived" in row["publisher"] and row["publisher"] != "Publisher src_a"
    assert pd.isna(row["url"])


def test_staleness_and_single_source():
    newest = pd.Timestamp("2026-06-30")
    assert views.is_stale(pd.Timestamp("2025-03-31"), newest)
    assert not views.is_stale(pd.Timestamp("2025-12-31"), newest)
    v = view_of(
        [
            obs("a", "m", 5, "2025-12-31", source_id="src_a"),
            obs("b", "m", 5, "2025-12-31", source_id="src_b"),
            obs("c", "m", 7, "2026-06-30", source_id="src_a"),
        ]
    )
    rows = v.set_index("obs_id")
    assert not views.single_source(v, rows.loc["a"])
    assert views.single_source(v, rows.loc["c"])
    assert views.newest_described(v) == newest


def test_a_chart_of_derived_figures_only_still_has_its_footnote():
    v = view_of(
        [
            obs("x", "x", 100, "2024-12-31"),
            obs("y", "x", 120, "2025-12-31"),
            obs("d1", "r", 2, "2024-12-31", kind="derived", formula="x / x"),
            obs("d2", "r", 3, "2025-12-31", kind="derived", formula="y / x"),
        ]
    )
    chart = charts.series_chart(views.metric_rows(v, "r"), "en", "light", key="derived-only")
    text = " ".join(a.text for a in chart.figure.layout.annotations)
    assert "China Data Market Monitor" in text


def test_a_map_title_counts_its_places_and_quotes_its_figure_from_the_data(monkeypatch):
    from dashboard import figures, layouts
    from dashboard.data import load_table

    places = load_table("places")
    cities = places[places.role == "annotation_pilot_city"].place_id.nunique()
    latest = views.latest_reports(figures.observation_view(), "annotation_cases")["latest"]
    for lang, prefix in (
        ("en", f"{count_words(cities, 'en').capitalize()} cities pilot"),
        ("zh", f"{count_words(cities, 'zh')}个城市"),
    ):
        figure = figures.city_map.__wrapped__(lang, "light", "annotation")
        title = figure.figure.layout.title.text
        assert prefix in title and charts.esc(charts.value_text(latest, lang)) in title, title
    # a map whose quoted figure is missing says only what the data holds
    roles, title_key, note_key, _ = layouts.MAPS["annotation"]
    monkeypatch.setitem(layouts.MAPS, "annotation", (roles, title_key, note_key, "no_such_metric"))
    bare = figures.city_map.__wrapped__("en", "light", "annotation").figure.layout.title.text
    assert f"{count_words(cities, 'en').capitalize()} cities pilot" in bare and "outstanding" not in bare
