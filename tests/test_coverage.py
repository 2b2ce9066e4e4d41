"""What the shipped dataset must cover (issue 11): every priority page has figures from independent
sources, the core indicators are yearly series, the newest reports are in, and the qualifiers `nearly` and
`indicative` reach cards, charts and downloads as the sources state them."""

import pandas as pd

from dashboard import charts, export, views
from dashboard.data import read_table
from dashboard.navigation import AREA_PAGE_IDS

MIN_FIGURES_PER_PAGE = 6
MIN_SOURCES_PER_PAGE = 2
MIN_SERIES = 15
MIN_YEARS = 4


def test_every_priority_page_has_figures_from_several_sources(view):
    areas = read_table("priority_areas")
    for area_id in AREA_PAGE_IDS:
        rows = views.area_observations(view, areas, area_id)
        reported = rows[rows.kind == "reported"]
        assert len(reported) >= MIN_FIGURES_PER_PAGE, f"{area_id}: {len(reported)} reported figures"
        assert reported.publisher.nunique() >= MIN_SOURCES_PER_PAGE, (
            f"{area_id}: {reported.publisher.nunique()} publishers"
        )


def test_core_indicators_are_yearly_series(view):
    actual = views.national(view)
    actual = actual[(actual.kind == "reported") & (actual.status == "actual")]
    years = actual.groupby("metric_id").as_of.agg(lambda d: d.dt.year.nunique())
    series = years[years >= MIN_YEARS]
    assert len(series) >= MIN_SERIES, series.to_dict()
    for core in ("base_stations_5g", "compute_total_eflops", "process_control_rate", "core_de_gdp_share"):
        assert core in series.index, f"{core} is not a yearly series"


def test_the_dataset_is_large_current_and_well_sourced(view):
    reported = view[view.kind == "reported"]
    assert len(reported) >= 350
    sources = read_table("sources")
    cited = sources[sources.source_id.isin(reported.source_id)]
    assert (cited.grade == "high").sum() >= 20
    assert reported.published.max() >= pd.Timestamp("2026-01-01")


def test_nearly_and_indicative_reach_cards_charts_and_downloads(view):
    nearly = view[view.qualifier == "nearly"]
    assert len(nearly), "the 近 figures are qualified nearly"
    row = nearly.iloc[0]
    assert charts.value_text(row, "zh").startswith("近") and charts.value_text(row, "en").startswith("nearly")
    assert "nearly" in export.csv_bytes(nearly).decode("utf-8-sig")
    evidence = view[view.evidence.fillna("").str.contains("近") & (view.kind == "reported")]
    assert not (evidence.qualifier == "less_than").any(), "近 is nearly, not less than"
    indicative = view[view.qualifier == "indicative"]
    assert len(indicative) and (indicative.kind == "derived").all()
    assert "≈" not in charts.value_text(indicative.iloc[0], "en")
    assert indicative.headline_rank.isna().all(), "an indicative figure is never a headline"
    assert "indicative" in export.csv_bytes(indicative).decode("utf-8-sig")


def test_figures_by_place_are_stored_by_place(view):
    by_place = views.by_place(view)
    assert by_place.place_id.nunique() >= 15
    assert views.place_metrics(view, list(dict.fromkeys(by_place.metric_id))), "at least one ranked chart"
