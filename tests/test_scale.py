"""Growth (issue 15): synthetic k-times data (bench/scale.py) passes the curation check, and the pages stay
bounded on it. The explorer pages its table while its count and downloads stay complete; a priority page
draws at most what the fullest page draws on the shipped data and links to the rest; long series and
rankings draw what a viewer can read while their tables keep every row. The one-pass versions of the
reshaping functions give what the simple versions gave (the simple ones are kept here as oracles)."""

import pandas as pd
import pytest

from bench import scale
from dashboard import charts, explorer, figures, layouts, models, settings, views
from dashboard.curation.rules import load_curated
from dashboard.data import read_table
from dashboard.ui import startup
from tests import factories
from tests.pages_helper import open_page

K = 9  # three times as deep (older years, more places) and three times as many indicators


@pytest.fixture(scope="module")
def grown(tmp_path_factory):
    folder, facts = scale.build(K, tmp_path_factory.mktemp("grown"))
    return folder, facts


@pytest.fixture
def grown_data(grown, served):
    """The app pointed at the grown data for one test (conftest.py's `served`). The process's start-up path
    runs first, on the shipped data, as it does before a server takes traffic."""
    startup.ensure()
    return served(grown[0])


def test_generated_data_grows_in_indicators_years_and_places_and_passes_the_check(grown):
    folder, facts = grown
    rows = facts["rows"]
    shipped = {name: len(scale.read_rows(name)) for name in ("observations", "metrics", "sources", "places")}
    assert 0.8 * K <= rows["observations"] / shipped["observations"] <= 1.2 * K
    assert rows["metrics"] >= 2.5 * shipped["metrics"]  # more indicators
    assert rows["sources"] >= 2.5 * shipped["sources"]  # older sources, for the older years
    assert rows["places"] > shipped["places"]  # more places
    tables = load_curated(folder / "curated")  # raises CurationError with every problem found
    years = {row["as_of"].year for row in tables["observations"].rows}
    shipped_years = {int(row["as_of"][:4]) for row in scale.read_rows("observations")}
    assert min(years) < min(shipped_years) - 10  # more years, not only copies of the same ones
    derived = [row for row in tables["observations"].rows if row["kind"] == "derived"]
    assert len(derived) > K  # copied with their formulas renamed and their values recomputed (the check agrees)
    built = read_table("observations", str(folder))
    assert len(built) == rows["observations"]


def test_shifted_dates_and_scaled_values_keep_their_form():
    assert scale.shift_years("2024-02-29", 11) == "2013-02-28"
    assert scale.shift_years("2025-12-31", 22) == "2003-12-31"
    assert scale.scaled("68.6", 0.9) == "61.7" and scale.scaled("100000", 0.95) == "95000"
    assert scale.plan(1) == (1, 1.0) and scale.plan(100) == (10, 10.0)


# Pages on the grown data ---------------------------------------------------------------------------


def test_a_priority_page_draws_at_most_what_the_fullest_page_draws_and_links_to_the_rest(grown_data):
    for area_id in ("digital_china", "ai_datasets", "data_security"):
        page = models.area_page(area_id, "en")
        assert len(page.series_metrics) <= models.MAX_AREA_SERIES
        assert len(page.place_metrics) <= models.MAX_AREA_PLACES
        assert len(page.other_metrics) <= models.MAX_AREA_CARDS
        assert page.more_metrics > 0
    at = open_page("digital_china", {"section": "series"})
    assert not at.exception and not at.error
    links = [link for link in at.get("page_link") if "area=digital_china" in link.proto.query_string]
    assert links, "the page links to the explorer filtered to the priority"


def test_the_kept_series_are_the_richest(grown_data):
    page = models.area_page("digital_china", "en")
    view = figures.observation_view()
    rows = views.area_observations(view, read_table("priority_areas", str(grown_data)), "digital_china")
    national = views.national(rows)
    dates = national[national.status == "actual"].groupby("metric_id").as_of.nunique()
    kept = dates[list(page.series_metrics)]
    left = dates.drop(list(page.series_metrics) + sorted(layouts.named_metrics("digital_china")), errors="ignore")
    assert kept.min() >= left[left >= views.MIN_SERIES_POINTS].max()


def test_the_explorer_sends_one_page_of_rows_and_keeps_the_count_and_downloads_complete(grown_data):
    total = len(figures.observation_view())
    assert total > explorer.PAGE_SIZE
    at = open_page("explorer")
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert len(table) == explorer.PAGE_SIZE
    assert any(f"{total:,}" in h.value or str(total) in h.value for h in at.subheader)
    labels = [b.proto.label for b in at.get("download_button")]
    assert any(str(total) in label or f"{total:,}" in label for label in labels), labels
    first = list(table.obs_id)
    at.number_input(key="ex_page").set_value(2).run()
    second = list(at.dataframe[0].value.obs_id)
    assert len(second) == explorer.PAGE_SIZE and not set(first) & set(second)
    assert second == list(figures.observation_view().obs_id[explorer.PAGE_SIZE : 2 * explorer.PAGE_SIZE])
    at.text_input(key="ex_q").set_value("annotation").run()  # new filters: back to the first page
    rows = explorer.apply(
        figures.observation_view(), explorer.Filters(q="annotation"), read_table("priority_areas", str(grown_data))
    )
    assert list(at.dataframe[0].value.obs_id) == list(rows.obs_id[: explorer.PAGE_SIZE])


def test_the_sources_page_pages_its_table_of_sources(grown_data):
    total = len(read_table("sources", str(grown_data)))
    assert total > explorer.PAGE_SIZE
    at = open_page("sources")
    assert not at.exception and not at.error
    assert len(at.dataframe[-1].value) == explorer.PAGE_SIZE
    at.number_input(key="src_page").set_value(2).run()
    assert len(at.dataframe[-1].value) == min(explorer.PAGE_SIZE, total - explorer.PAGE_SIZE)


def test_the_explorer_on_the_shipped_data_shows_every_row_without_a_page_switch():
    at = open_page("explorer")
    assert len(at.dataframe[0].value) == len(read_table("observations"))
    assert not [w for w in at.number_input if w.key == "ex_page"]


# Charts draw what a viewer can read -----------------------------------------------------------------


def long_series(n: int) -> pd.DataFrame:
    return factories.view_of([factories.obs(f"o{i:03d}", "m", 100 + i, f"{1950 + i}-12-31") for i in range(n)])


def test_a_long_series_draws_its_latest_reports_and_its_table_keeps_every_one():
    rows = views.metric_rows(long_series(60), "m")
    chart = charts.series_chart(rows, "en", "light", key="long")
    points = [tr for tr in chart.figure.data if tr.mode == "markers+text"]
    assert len(points) == charts.MAX_SERIES_POINTS
    assert {tr.x[0] for tr in points} == set(range(2009 - charts.MAX_SERIES_POINTS + 1, 2010))  # the latest years
    assert len(chart.rows) == 60
    assert f"{charts.MAX_SERIES_POINTS} of 60" in chart.summary
    short = charts.series_chart(views.metric_rows(long_series(5), "m"), "en", "light", key="short")
    assert "of 5" not in short.summary and len(short.rows) == 5


def test_ranked_bars_draw_the_latest_and_keep_every_row():
    rows = long_series(45)
    chart = charts.latest_bars(rows, "zh", "light", key="bars", title="t", label_by="source")
    assert len(chart.figure.data[0].y) == charts.MAX_BARS and len(chart.rows) == 45
    assert "共45条" in chart.summary


# The one-pass versions give what the simple ones gave ------------------------------------------------


def reference_what_changed(view: pd.DataFrame, limit: int = 6) -> pd.DataFrame:
    """views.what_changed as it was written first: row by row, per metric."""
    actual = view[(view.status == "actual") & (view.kind == "reported") & (view.conflict_ids.map(len) == 0)]
    changes = []
    for _, group in actual.groupby("metric_id", sort=False):
        group = group.sort_values(["published", "as_of"], kind="stable")
        frontier = None
        for _, row in group.iterrows():
            same_figure = frontier is not None and row.as_of == frontier.as_of and row.value == frontier.value
            if same_figure and row.grade_rank < frontier.grade_rank:
                if changes and changes[-1]["obs_id"] == frontier.obs_id:
                    changes[-1] = {**changes[-1], **row.to_dict()}
                frontier = row
                continue
            if (
                frontier is not None
                and row.as_of > frontier.as_of
                and (row.value != frontier.value or row.qualifier != frontier.qualifier)
            ):
                changes.append(
                    {
                        **row.to_dict(),
                        **{
                            f"prev_{k}": frontier[k]
                            for k in ("value", "qualifier", "as_of", "as_of_precision", "obs_id")
                        },
                    }
                )
            if frontier is None or row.as_of > frontier.as_of:
                frontier = row
    if not changes:
        return view.head(0)
    frame = pd.DataFrame(changes).sort_values(["published", "as_of"], ascending=False, kind="stable")
    frame = frame.sort_values("grade_rank", key=lambda g: g == views.GRADE_ORDER["low"], kind="stable")
    return frame.drop_duplicates("metric_id").head(limit).reset_index(drop=True)


def same_changes(view: pd.DataFrame, limit: int) -> None:
    expected, found = reference_what_changed(view, limit), views.what_changed(view, limit)
    columns = ["obs_id", "metric_id", "value", "as_of", "published", "prev_obs_id", "prev_value", "prev_as_of"]
    assert len(expected) and len(expected) == len(found), "changes to compare, as many found as expected"
    pd.testing.assert_frame_equal(expected[columns].astype(str), found[columns].astype(str))


def test_what_changed_in_one_pass_is_what_changed_row_by_row(view):
    for limit in (6, 50):
        same_changes(view, limit)
    graded = factories.view_of(
        [
            factories.obs("a1", "m", 1, "2024-12-31", source_id="src_b"),
            factories.obs("a2", "m", 2, "2025-12-31", source_id="src_b", published="2026-01-01"),
            factories.obs("a3", "m", 2, "2025-12-31", source_id="src_a", published="2026-02-01"),  # better graded
            factories.obs("b1", "n", 5, "2024-12-31", source_id="src_low"),
            factories.obs("b2", "n", 6, "2025-06-30", source_id="src_low"),
        ]
    )
    same_changes(graded, 6)
    assert views.what_changed(graded).set_index("metric_id").loc["m", "obs_id"] == "a3"


def test_what_changed_on_grown_data_is_what_changed_row_by_row(grown_data):
    same_changes(figures.observation_view(), 6)


def test_latest_of_each_is_the_card_rule_for_every_metric(view):
    latest = views.latest_of_each(view)
    with_card = []
    for metric_id in view.metric_id.unique():
        expected = views.latest_reports(view, metric_id)["latest"]
        assert (expected is None) == (metric_id not in latest.index), metric_id
        if expected is not None:
            with_card.append(metric_id)
            assert latest.loc[metric_id, "obs_id"] == expected["obs_id"], metric_id
    assert len(with_card) > view.metric_id.nunique() / 2, "most indicators have a latest report to compare"
    only_targets = factories.view_of(
        [
            factories.obs("t1", "m", 9, "2030-12-31", status="target"),
            factories.obs("p1", "m", 3, "2025-12-31", place_id="alpha"),
        ]
    )
    assert views.latest_of_each(only_targets).loc["m", "obs_id"] == "t1"


def test_explorer_positions_and_search_text_match_the_filters(view):
    areas = read_table("priority_areas")
    old_haystack = view[list(explorer.SEARCHED)].fillna("").astype(str).agg(" ".join, axis=1).str.casefold()
    assert explorer.search_text(view).equals(old_haystack)
    for filters in (
        explorer.Filters(),
        explorer.Filters(q="annotation"),
        explorer.Filters(areas=("ai_datasets",)),
        explorer.Filters(kind="derived", qualifiers=("about", "exact")),
    ):
        rows = explorer.apply(view, filters, areas)
        assert list(view.iloc[explorer.positions(view, filters, areas)].obs_id) == list(rows.obs_id)


def test_pages_of_rows():
    assert explorer.page_count(0) == 1 and explorer.page_count(500) == 1 and explorer.page_count(501) == 2
    assert explorer.page_bounds(1234, 3) == (1000, 1234)
    assert explorer.page_bounds(1234, 99) == (1000, 1234) and explorer.page_bounds(10, 0) == (0, 10)


def test_the_prepare_setting_reads_first_or_all(monkeypatch, caplog):
    monkeypatch.setattr(startup.LOG, "propagate", True)  # the server's own handler may have been set up already
    for raw, expected in (("", False), ("first", False), ("all", True), (" ALL ", True)):
        monkeypatch.setenv(settings.DASHBOARD_PREPARE.name, raw)
        assert startup.prepare_all() is expected
    monkeypatch.setenv(settings.DASHBOARD_PREPARE.name, "everything")
    assert startup.prepare_all() is False
    assert "neither first nor all" in caplog.text
