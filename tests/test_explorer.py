"""Explorer filters (pure, on a small synthetic view from tests/factories.py) and the explorer page with
valid and invalid URL parameters (AppTest, on the shipped data)."""

import datetime as dt

import pytest

from dashboard import explorer
from dashboard.data import read_table
from tests import factories as f
from tests.pages_helper import open_page, plain

AREAS = f.table(
    "priority_areas",
    [
        f.area("data_market", 1),
        f.area("ai_datasets", 2),
        f.area("action_labeling", 1, kind="action", parent_id="ai_datasets"),
        f.area("action_other", 2, kind="action", parent_id="ai_datasets"),
    ],
)
METRICS = [
    f.metric("pilot_cities", area_id="action_labeling", name_en="Annotation pilot cities", name_zh="数据标注试点城市"),
    f.metric("labeling_cases", area_id="action_labeling", name_en="Outstanding cases", name_zh="优秀案例"),
    f.metric("bases_output", area_id="action_labeling", name_en="Output of the bases", name_zh="基地产值"),
    f.metric("bases_firms", area_id="action_other", name_en="Firms in the bases", name_zh="基地企业"),
    f.metric("hqds", area_id="ai_datasets", name_en="High-quality datasets", name_zh="高质量数据集"),
    f.metric("token_daily", area_id="data_market", name_en="Daily tokens processed", name_zh="日均词元"),
    f.metric("token_total", area_id="data_market", name_en="Tokens in total", name_zh="词元总量"),
    f.metric("meetings", area_id="data_market", name_en="Meetings held", name_zh="会议"),
    f.metric("ratio", area_id="data_market", name_en="A ratio", name_zh="比率"),
]
VIEW = f.view_of(
    [
        f.obs("cities", "pilot_cities", 7, "2026-04-03", precision="day"),
        f.obs("cases", "labeling_cases", 47, "2026-04-03", evidence="47 outstanding annotation cases were selected"),
        f.obs("output", "bases_output", 9, "2025-12-31", note="Output of the annotation bases", source_id="src_b"),
        f.obs("firms", "bases_firms", 300, "2025-12-31", note_zh="数据标注基地内的企业", source_id="src_low"),
        f.obs("hqds", "hqds", 35000, "2024-12-31", qualifier="more_than", evidence="已建成超过3.5万个高质量数据集"),
        f.obs("tok_day", "token_daily", 100, "2026-03-31", evidence="by March 2026 daily tokens passed 100 trillion"),
        f.obs("tok_all", "token_total", 5, "2025-12-31", evidence="five in 2025", source_id="src_b"),
        f.obs("meet", "meetings", 3, "2026-03-31", evidence="three meetings in March 2026"),
        # for the date, kind and qualifier filters: only the first three are derived, "about" and in 2025
        f.obs("d_first_day", "ratio", 1, "2025-01-01", kind="derived", formula="cases / cities", qualifier="about"),
        f.obs("d_mid", "ratio", 2, "2025-06-30", kind="derived", formula="cases / cities", qualifier="about"),
        f.obs("d_last_day", "ratio", 3, "2025-12-31", kind="derived", formula="cases / cities", qualifier="about"),
        f.obs("d_before", "ratio", 4, "2024-12-31", kind="derived", formula="cases / cities", qualifier="about"),
        f.obs("d_after", "ratio", 5, "2026-01-01", kind="derived", formula="cases / cities", qualifier="about"),
        f.obs("d_exact", "ratio", 6, "2025-06-30", kind="derived", formula="cases / cities"),
        f.obs("r_about", "ratio", 7, "2025-06-30", qualifier="about", source_id="src_low"),
    ],
    METRICS,
)


def parse(params):
    return explorer.parse(params, set(AREAS.area_id), set(f.SOURCES.source_id))


def found(params) -> set[str]:
    """The observations the explorer shows for these URL parameters."""
    return set(explorer.apply(VIEW, parse(params).filters, AREAS).obs_id)


def test_q_annotation_finds_the_annotation_figures_and_nothing_else():
    # in the name, in the evidence, in the note; not the figure whose only mention is the Chinese 标注
    assert found({"q": "annotation"}) == {"cities", "cases", "output"}
    assert found({"q": "ANNOTATION"}) == found({"q": "annotation"})  # case does not matter


def test_q_searches_chinese_names_evidence_and_notes():
    assert found({"q": "数据标注"}) == {"cities", "firms"}  # a Chinese name and a Chinese note
    assert found({"q": "超过3.5万个"}) == {"hqds"}  # the Chinese evidence
    assert found({"q": "tokens"}) == {"tok_day", "tok_all"}
    assert found({"q": "march"}) == {"tok_day", "meet"}
    assert found({"q": "tokens March"}) == {"tok_day"}  # every word must match


def test_area_includes_its_actions():
    rows = explorer.apply(VIEW, parse({"area": "ai_datasets"}).filters, AREAS)
    assert set(rows.area_id) == {"ai_datasets", "action_labeling", "action_other"}
    assert set(rows.obs_id) == {"cities", "cases", "output", "firms", "hqds"}
    only = explorer.apply(VIEW, parse({"area": "action_labeling"}).filters, AREAS)
    assert set(only.area_id) == {"action_labeling"} and set(only.obs_id) == {"cities", "cases", "output"}


def test_dates_kind_qualifier_and_source():
    assert found({"from": "2025-01-01", "to": "2025-12-31", "kind": "derived", "qualifier": "about"}) == {
        "d_first_day",
        "d_mid",
        "d_last_day",
    }  # both ends included
    assert found({"kind": "derived", "qualifier": "about", "from": "2025-06-30"}) == {"d_mid", "d_last_day", "d_after"}
    assert found({"source": "src_b,src_low"}) == {"output", "firms", "tok_all", "r_about"}


@pytest.mark.parametrize(
    "params,param",
    [
        ({"area": "nowhere"}, "area"),
        ({"from": "2025-13-40"}, "from"),
        ({"to": "yesterday"}, "to"),
        ({"kind": "guessed"}, "kind"),
        ({"qualifier": "roughly"}, "qualifier"),
        ({"source": "x'; DROP TABLE"}, "source"),
        ({"from": "2026-01-01", "to": "2025-01-01"}, "to"),
        ({"from": "1999-12-31", "to": "2025-01-01"}, "from"),  # outside the date widgets' 2000-2100
        ({"from": "2025-01-01", "to": "2101-01-01"}, "to"),
        ({"q": "a" * 5000}, "q"),
    ],
)
def test_invalid_parameters_become_notices(params, param):
    parsed = parse(params)
    assert [n.param for n in parsed.notices] == [param]
    if param == "q":  # a long query is cut, not dropped
        assert len(parsed.filters.q) == explorer.MAX_QUERY
    else:  # the value is ignored and the rest kept
        assert parsed.filters == parse({k: v for k, v in params.items() if k != param}).filters


def test_params_round_trip():
    params = {
        "q": "tokens",
        "area": "ai_datasets,data_market",
        "from": "2024-01-01",
        "kind": "reported",
        "qualifier": "more_than,about",
    }
    assert explorer.to_params(parse(params).filters) == params
    assert explorer.to_params(explorer.Filters()) == {}


def test_file_name_and_url_say_what_was_filtered():
    filters = parse({"q": "annotation"}).filters
    assert explorer.file_name(filters, dt.date(2026, 11, 23), "csv") == "cdmm-observations-q-annotation-2026-11-23.csv"
    assert (
        explorer.file_name(explorer.Filters(), dt.date(2026, 11, 23), "csv") == "cdmm-observations-all-2026-11-23.csv"
    )
    assert explorer.view_url("http://h:8501", filters, "zh") == "http://h:8501/explorer?q=annotation&lang=zh"


def test_explorer_page_with_filters_from_the_url(view):
    at = open_page("explorer", {"q": "annotation"})
    assert not at.exception and not at.warning
    expected = len(explorer.apply(view, explorer.Filters(q="annotation"), read_table("priority_areas")))
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


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"from": "0001-01-01", "to": "9999-12-31"}, ("from=“0001-01-01”", "to=“9999-12-31”")),
        ({"from": "1999-12-31"}, ("from=“1999-12-31”",)),
        ({"to": "2101-01-01", "q": "annotation"}, ("to=“2101-01-01”",)),
    ],
)
def test_explorer_dates_outside_the_widgets_range_are_ignored_with_a_notice(query, named):
    """The date widgets take 2000-01-01 to 2100-12-31; a URL date outside it is dropped with a notice naming
    the parameter, never passed to the widget (which would raise)."""
    at = open_page("explorer", query)
    assert not at.exception, [e.value for e in at.exception]
    notices = " ".join(plain(w.value) for w in at.warning)
    for text in named:
        assert text in notices and "2000-01-01 to 2100-12-31" in notices, notices
    assert at.date_input(key="ex_from").value is None and at.date_input(key="ex_to").value is None
    assert len(at.dataframe[0].value) > 0


def test_widget_change_updates_the_url():
    at = open_page("explorer")
    at.text_input(key="ex_q").set_value("tokens").run()
    assert at.query_params["q"] == ["tokens"] or at.query_params["q"] == "tokens"
    assert len(at.dataframe[0].value) < len(read_table("observations"))
