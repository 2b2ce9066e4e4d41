"""Indicator pages: the pure view-models on synthetic frames, and the page through AppTest."""

import pandas as pd
import pytest

from dashboard import explorer, indicator
from tests import factories as f
from tests.pages_helper import open_page, plain, plotly_specs

AREAS = pd.DataFrame(
    [
        {
            "area_id": "data_market",
            "rank": 2,
            "parent_id": None,
            "kind": "priority",
            "name_en": "Data market",
            "name_zh": "数据市场",
            "summary_en": "s",
            "summary_zh": "s",
        },
        {
            "area_id": "ai_datasets",
            "rank": 7,
            "parent_id": None,
            "kind": "priority",
            "name_en": "AI datasets",
            "name_zh": "数据集",
            "summary_en": "s",
            "summary_zh": "s",
        },
        {
            "area_id": "action_one",
            "rank": 1,
            "parent_id": "ai_datasets",
            "kind": "action",
            "name_en": "Action one",
            "name_zh": "行动一",
            "summary_en": "s",
            "summary_zh": "s",
        },
    ]
)
NO_CONFLICTS = pd.DataFrame(columns=["conflict_id", "kind", "topic_en", "topic_zh", "explanation_en", "explanation_zh"])
NO_MEMBERS = pd.DataFrame(columns=["conflict_id", "member_table", "member_id"])


def frames():
    metrics = [f.metric("m_count", area_id="action_one"), f.metric("m_other"), f.metric("m_ratio")]
    rows = [
        f.obs("a1", "m_count", 100, "2024-12-31", published="2025-02-01", source_id="src_a", qualifier="more_than"),
        f.obs("b1", "m_count", 120, "2024-12-31", published="2025-03-01", source_id="src_b"),
        f.obs("a2", "m_count", 200, "2025-12-31", published="2026-01-15", source_id="src_a"),
        f.obs("l1", "m_count", 999, "2026-03-31", published="2026-04-01", source_id="src_low"),
        f.obs("o1", "m_other", 5, "2025-12-31"),
        f.obs("r1", "m_ratio", 2, "2025-12-31", kind="derived", formula="a2 / o1", qualifier="indicative"),
    ]
    return f.view_of(rows, metrics), pd.DataFrame(metrics)


def build(metric_id="m_count", lang="en"):
    view, metrics = frames()
    return indicator.build(view, metrics, AREAS, NO_CONFLICTS, NO_MEMBERS, metric_id, lang)


def test_unknown_id_gives_none():
    assert build("no_such_metric") is None


def test_definition_priority_and_action():
    page = build()
    assert page.name == "Metric m_count" and page.definition == "d"
    assert page.priority == "AI datasets" and page.action == "Action one" and page.priority_id == "ai_datasets"
    assert len(page.rows) == 4 and page.unit == "things"
    assert "200" in page.latest  # the latest trusted figure, not the later low-grade one


def test_vintages_say_what_was_known_at_each_publication_date():
    vintages = build().vintages
    # a medium-grade report of the same date does not displace a high-grade one (the cards' rule), and the
    # later low-grade report never becomes 'latest'
    assert list(vintages.obs_id) == ["a1", "a1", "a2", "a2"]
    assert list(vintages.changed) == [True, False, True, False]
    assert "120" in vintages.iloc[1]["published_that_day"]
    assert vintages.iloc[0]["latest"].startswith("100")
    assert "999" in vintages.iloc[-1]["published_that_day"]


def test_derived_figures_show_their_formulas_both_ways():
    assert any("a2 / o1" in line for line in build().derived)  # m_ratio is derived from m_count's a2
    ratio = build("m_ratio")
    assert ratio.derived and "a2 / o1" in ratio.derived[0] and "a2 = 200" in ratio.derived[0]


def test_chart_gives_each_source_its_own_colour_and_keeps_bounds():
    page = build()
    chart = indicator.chart(page.national, "en", "light", key="t")
    points = indicator._point_traces(chart.figure)
    assert len(points) == len(page.national)
    colours = {tr.name: tr.marker.color for tr in points}
    assert len(set(colours.values())) == 3 == len(colours)
    assert points[0].marker.symbol.startswith("triangle-up")  # a lower bound stays a lower bound
    assert points[-1].marker.symbol.endswith("-open")  # the low-grade source hollow
    assert sum(1 for tr in points if tr.showlegend) == 3


def test_catalogue_groups_by_priority_and_searches():
    view, metrics = frames()
    groups = dict(indicator.catalogue(view, metrics, AREAS, "en"))
    assert [e.metric_id for e in groups["AI datasets"]] == ["m_count"]
    assert {e.metric_id for e in groups["Data market"]} == {"m_other", "m_ratio"}
    found = indicator.catalogue(view, metrics, AREAS, "en", "m_cou")
    assert [e.metric_id for _, entries in found for e in entries] == ["m_count"]
    assert indicator.catalogue(view, metrics, AREAS, "zh", "指标m_other")[0][0] == "数据市场"


def test_citations_carry_version_and_access_date():
    texts = indicator.citations(
        ("High-quality datasets built", "高质量数据集数量"),
        "hqds_count",
        f.RELEASE,
        "https://x/indicator?id=hqds_count",
        "https://x/data/v/9.8.7/observations.csv?metric=hqds_count",
        "2026-12-01",
    )
    assert "version 9.8.7" in texts["plain"] and "accessed 2026-12-01" in texts["plain"]
    assert "https://x/indicator?id=hqds_count" in texts["plain"]
    assert "Retrieved December 1, 2026, from https://x/data/v/9.8.7/observations.csv?metric=hqds_count" in texts["apa"]
    assert texts["bibtex"].startswith("@misc{cdmm_hqds_count_2026_v9_8_7,") and "hqds\\_count" in texts["bibtex"]
    assert "urldate      = {2026-12-01}" in texts["bibtex"]


def test_embed_snippet_escapes():
    snippet = indicator.embed_snippet("https://h", "m", "zh", 'a "quoted" <name>')
    assert 'src="https://h/indicator?id=m&amp;lang=zh&amp;embed=true"' in snippet
    assert "&lt;name&gt;" in snippet and '"quoted"' not in snippet


def test_metric_filter_and_chart_parameter():
    parsed = explorer.parse({"metric": "a,zz"}, set(), set(), {"a", "b"})
    assert parsed.filters.metrics == ("a",) and parsed.notices[0].param == "metric"
    assert explorer.to_params(parsed.filters) == {"metric": "a"}
    assert explorer.chart_kind("bar") == ("bar", None)
    kind, notice = explorer.chart_kind("pie")
    assert kind == "line" and notice.param == "chart"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_indicator_page_renders_chart_vintages_table_and_citation(lang):
    at = open_page("indicator", query={"id": "hqds_count", "lang": lang})
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == ("High-quality datasets built" if lang == "en" else "高质量数据集数量")
    assert len(plotly_specs(at)) >= 1
    assert len(at.dataframe) >= 2  # vintages and the table
    codes = " ".join(c.value for c in at.code)
    assert "@misc{cdmm_hqds_count_" in codes and "dataset version" in codes and "<iframe" in codes
    assert "/data/observations.csv?metric=hqds_count" in codes
    headers = " ".join(s.value for s in at.subheader)
    assert ("What was known when" if lang == "en" else "各时点已知数据") in headers


def test_unknown_id_lists_indicators():
    at = open_page("indicator", query={"id": "<nope>"})
    assert not at.exception
    assert "There is no indicator with the id" in plain(at.warning[0].value)
    links = catalogue_links(at)
    assert len(links) >= 10


def test_search_narrows_the_catalogue():
    everything = len(catalogue_links(open_page("indicator")))
    some = len(catalogue_links(open_page("indicator", query={"search": "dataset"})))
    assert 0 < some < everything


def test_every_card_links_to_its_indicator():
    at = open_page("ai_datasets")
    cards = [m for m in at.metric]
    targets = [link.proto.page for link in at.get("page_link")]
    assert len(cards) >= 3
    assert sum(1 for t in targets if "indicator" in t) >= len(cards)


def catalogue_links(at) -> list[str]:
    """The indicator links of the catalogue (Markdown list items)."""
    import re

    return [m for block in at.markdown for m in re.findall(r"\(/indicator\?id=[^)]+\)", block.value)]
