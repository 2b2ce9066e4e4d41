"""Explorer filters (pure) and the explorer page with valid and invalid URL parameters (AppTest)."""

import datetime as dt

import pytest

from dashboard import explorer
from dashboard.data import read_table
from tests.pages_helper import open_page, plain


@pytest.fixture(scope="module")
def areas():
    return read_table("priority_areas")


def parse(params, areas):
    return explorer.parse(params, set(areas.area_id), set(read_table("sources").source_id))


def test_q_annotation_finds_the_annotation_figures_and_nothing_else(view, areas):
    rows = explorer.apply(view, parse({"q": "annotation"}, areas).filters, areas)
    assert {"annotation_pilot_cities", "annotation_cases", "annotation_bases_volume", "annotation_bases_hqds",
            "annotation_bases_firms", "annotation_bases_workers", "annotation_bases_output",
            "annotation_industry_cagr_target"} <= set(rows.metric_id)
    names = (rows.name_en + " " + rows.name_zh + " " + rows.evidence.fillna("") + " " + rows.note.fillna("")).str.lower()
    assert names.str.contains("annotation|标注").all(), "nothing that does not mention annotation"
    assert {7.0, 47.0} <= set(rows.value)


def test_q_searches_chinese_names_evidence_and_notes(view, areas):
    assert set(explorer.apply(view, parse({"q": "数据标注"}, areas).filters, areas).metric_id) >= {"annotation_pilot_cities"}
    assert "hqds_count" in set(explorer.apply(view, parse({"q": "超过3.5万个"}, areas).filters, areas).metric_id)
    both = explorer.apply(view, parse({"q": "tokens March"}, areas).filters, areas)  # every word must match
    assert len(both) and both.metric_id.str.startswith("token").all()


def test_area_includes_its_actions(view, areas):
    rows = explorer.apply(view, parse({"area": "ai_datasets"}, areas).filters, areas)
    assert "action_labeling" in set(rows.area_id) and "ai_datasets" in set(rows.area_id)
    only = explorer.apply(view, parse({"area": "action_labeling"}, areas).filters, areas)
    assert set(only.area_id) == {"action_labeling"}


def test_dates_kind_qualifier_and_source(view, areas):
    f = parse({"from": "2025-01-01", "to": "2025-12-31", "kind": "derived", "qualifier": "about"}, areas).filters
    rows = explorer.apply(view, f, areas)
    assert len(rows) and (rows.kind == "derived").all() and (rows.qualifier == "about").all()
    assert rows.as_of.min() >= dt.datetime(2025, 1, 1)
    rows = explorer.apply(view, parse({"source": "seed_004,seed_000"}, areas).filters, areas)
    assert set(rows.source_id) == {"seed_004", "seed_000"}


@pytest.mark.parametrize("params,param", [
    ({"area": "nowhere"}, "area"), ({"from": "2025-13-40"}, "from"), ({"to": "yesterday"}, "to"),
    ({"kind": "guessed"}, "kind"), ({"qualifier": "roughly"}, "qualifier"), ({"source": "x'; DROP TABLE"}, "source"),
    ({"from": "2026-01-01", "to": "2025-01-01"}, "to"), ({"q": "a" * 5000}, "q"),
])
def test_invalid_parameters_become_notices(areas, params, param):
    parsed = parse(params, areas)
    assert [n.param for n in parsed.notices] == [param]


def test_params_round_trip(areas):
    params = {"q": "tokens", "area": "ai_datasets,data_market", "from": "2024-01-01", "kind": "reported",
              "qualifier": "more_than,about"}
    assert explorer.to_params(parse(params, areas).filters) == params
    assert explorer.to_params(explorer.Filters()) == {}


def test_file_name_and_url_say_what_was_filtered(areas):
    f = parse({"q": "annotation"}, areas).filters
    assert explorer.file_name(f, dt.date(2026, 11, 23), "csv") == "cdmm-observations-q-annotation-2026-11-23.csv"
    assert explorer.file_name(explorer.Filters(), dt.date(2026, 11, 23), "csv") == "cdmm-observations-all-2026-11-23.csv"
    assert explorer.view_url("http://h:8501", f, "zh") == "http://h:8501/explorer?q=annotation&lang=zh"


def test_explorer_page_with_filters_from_the_url(view, areas):
    at = open_page("explorer", {"q": "annotation"})
    assert not at.exception and not at.warning
    expected = len(explorer.apply(view, parse({"q": "annotation"}, areas).filters, areas))
    assert len(at.dataframe[0].value) == expected
    labels = [b.label for b in at.get("download_button")]
    total = len(read_table("observations"))
    assert labels[0] == f"Download CSV ({expected} rows)" and labels[1] == f"Download full data CSV ({total} rows)"
    assert at.text_input(key="ex_q").value == "annotation"
    citation = at.code[0].value
    version = read_table("release").iloc[0]["version"]
    assert "q=annotation" in citation and f"version {version}" in citation


def test_explorer_page_with_invalid_parameters_shows_notices():
    at = open_page("explorer", {"area": "ai_datasets,<b>x</b>", "from": "not-a-date", "kind": "both"})
    assert not at.exception
    notices = " ".join(plain(w.value) for w in at.warning)
    assert "area=“<b>x</b>”" in notices and "from=“not-a-date”" in notices and "kind=“both”" in notices
    assert len(at.dataframe[0].value) > 0


def test_widget_change_updates_the_url():
    at = open_page("explorer")
    at.text_input(key="ex_q").set_value("tokens").run()
    assert at.query_params["q"] == ["tokens"] or at.query_params["q"] == "tokens"
    assert len(at.dataframe[0].value) < len(read_table("observations"))
