"""The /targets page (AppTest, both languages, a filter in the URL), the strip on the overview and the
priority pages, and the progress chart."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import models, targets
from dashboard.i18n import t
from tests.pages_helper import captions, open_page, plain


def _tables(at):
    return [el.value for el in at.dataframe]


@pytest.mark.parametrize(("locale", "lang"), [("en-US", "en"), ("zh-CN", "zh")])
def test_the_targets_page_lists_every_target_by_priority_in_both_languages(locale, lang):
    at = open_page("targets", {"lang": lang}, locale=locale)
    assert not at.exception, at.exception
    assert at.title[0].value == t("targets.title", lang)
    tables = _tables(at)
    rows = sum(len(table) for table in tables)
    assert rows == len(models.target_frame()) == 25
    headers = [h.value for h in at.subheader]
    names = {a: n for a, n, _ in models.priority_cards(lang)}
    assert set(headers) == {names[p] for p in models.target_frame().priority_id.dropna()}
    shown = [cell for table in tables for cell in table.status]
    assert t("target_status.on_track", lang) in shown and t("target_status.behind", lang) in shown
    clauses = [cell for table in tables for cell in table.clause]
    assert "力争数字经济规模突破5.5万亿元。" in clauses  # verbatim, in the source's language
    links = [cell for table in tables for cell in table.link]
    assert all(link.startswith("/indicator?id=") and f"lang={lang}" in link for link in links)
    markdown = " ".join(m.value for m in at.markdown)
    assert t("targets.strip_label", lang, n=25) in markdown
    assert len(at.get("plotly_chart")) == 1


def test_a_filter_in_the_url_keeps_only_those_targets_and_an_unknown_value_says_so():
    at = open_page("targets", {"lang": "en", "status": "behind,on_track", "area": "industry_clusters,nowhere"})
    assert not at.exception, at.exception
    tables = _tables(at)
    assert [cell for table in tables for cell in table.status] == [
        "Behind"
    ]  # big data; computing is data infrastructure
    assert [h.value for h in at.subheader] == ["Digital industry clusters"]
    assert any("nowhere" in w.value for w in at.warning)
    assert at.multiselect(key="targets-status").value == ["behind", "on_track"]
    assert "Targets (1)" in captions(at)


def test_a_filter_chosen_on_the_page_is_written_to_the_url():
    at = open_page("targets", {"lang": "zh"}, locale="zh-CN")
    at.multiselect(key="targets-area").set_value(["data_infrastructure"]).run()
    assert not at.exception, at.exception
    assert at.query_params["area"] in ("data_infrastructure", ["data_infrastructure"])
    statuses = [cell for table in _tables(at) for cell in table.status]
    assert len(statuses) == 7 and "进度正常" in statuses


def test_a_filter_that_matches_nothing_says_so():
    at = open_page("targets", {"lang": "en", "status": "missed"})
    assert not at.exception
    assert any(t("targets.none", "en") in i.value for i in at.info)


@pytest.mark.parametrize("page_id", ["overview", "data_infrastructure"])
def test_the_overview_and_a_priority_page_carry_the_strip_with_a_link(page_id):
    at = open_page(page_id, {"lang": "en"})
    assert not at.exception
    markdown = " ".join(m.value for m in at.markdown)
    n = 25 if page_id == "overview" else 7
    assert f"Targets ({n})" in markdown and "On track: 1" in markdown
    from urllib.parse import parse_qs

    links = [el.proto for el in at.get("page_link") if el.proto.label == "See every target"]
    assert len(links) == 1 and links[0].page.endswith("targets")
    wanted = {"lang": ["en"], **({"area": [page_id]} if page_id != "overview" else {})}
    assert parse_qs(links[0].query_string) == wanted


def test_a_priority_without_targets_has_no_strip():
    at = open_page("international", {"lang": "en"})
    assert not any("Targets (" in m.value for m in at.markdown)


def test_the_chart_draws_every_target_with_a_figure_and_hatches_lower_bounds():
    chart = models.target_chart("en", "light")
    bars = [trace for trace in chart.figure.data if trace.type == "bar"]
    drawn = [y for trace in bars for y in trace.y]
    assert len(drawn) == len(models.target_frame().latest_obs_id.dropna()) == 10
    hatched = {y for trace in bars for y, shape in zip(trace.y, trace.marker.pattern.shape, strict=True) if shape}
    open_ = {i.name for i in models.target_items("en") if i.progress_open}
    assert {h.replace("<br>", " ") for h in hatched} == open_
    assert "Hatched" in " ".join(a.text for a in chart.figure.layout.annotations)
    hover = " ".join(h for trace in bars for h in trace.hovertext)
    assert "力争数字经济规模突破5.5万亿元。" in hover  # the clause on hover
    assert chart.summary.startswith("10 of 25 targets have a reported figure")


def test_the_url_filters_parse_with_notices():
    filters, notices = targets.parse_filters({"status": "behind,late", "area": "ai-datasets"}, {"ai_datasets"})
    assert filters.statuses == ("behind",) and filters.areas == ()
    assert [(n.param, n.value, n.suggestion) for n in notices] == [
        ("area", "ai-datasets", "ai_datasets"),
        ("status", "late", ""),
    ]


@pytest.mark.parametrize(
    ("metric_id", "start", "end", "first", "last"),
    [
        ("compute_total_eflops", 280, 300, pd.Timestamp("2024-12-31"), pd.Timestamp("2025-12-31")),  # a date axis
        ("big_data_industry_scale", 1.57, 3, 2022, 2025),  # annual figures: a year axis
    ],
)
def test_an_indicator_chart_draws_the_growth_its_target_needs_from_the_latest_report(
    metric_id, start, end, first, last
):
    chart = models.indicator_chart(metric_id, "en", "light")
    paths = [tr for tr in chart.figure.data if tr.legendgroup == "needed-path"]
    assert len(paths) == 1
    path = paths[0]
    assert path.y[0] == pytest.approx(start) and path.y[-1] == pytest.approx(end)
    if isinstance(first, pd.Timestamp):
        assert (pd.Timestamp(path.x[0]), pd.Timestamp(path.x[-1])) == (first, last)
    else:
        assert (path.x[0], path.x[-1]) == (pytest.approx(first), pytest.approx(last))
    ratios = [b / a for a, b in zip(path.y, path.y[1:], strict=False)]
    assert max(ratios) == pytest.approx(min(ratios)), "compound growth: the same ratio each step"


def test_an_indicator_without_a_national_target_ahead_draws_no_path():
    chart = models.indicator_chart("hqds_count", "en", "light")
    assert not [tr for tr in chart.figure.data if tr.legendgroup == "needed-path"]


def test_the_indicator_page_says_where_its_targets_stand():
    at = open_page("indicator", {"id": "big_data_industry_scale", "lang": "en"})
    assert not at.exception
    assert "Targets for this indicator" in [h.value for h in at.subheader]
    text = plain(" ".join(m.value for m in at.markdown))
    assert "behind" in text and "needs 24.1% a year, achieved 20.8% a year since 2021" in text


def test_presentation_mode_and_the_whole_deck_carry_the_targets_slide():
    from dashboard.layouts import BlockKind
    from dashboard.takeaway import deck, deck_pptx

    slides = [s for s in deck.deck("en") if s.page_id == "targets"]
    assert len(slides) == 1 and slides[0].block.kind == BlockKind.TARGETS
    text = deck_pptx.chart_slide(slides[0].block, "targets", "en")
    assert text.title.startswith("How far each target is") and text.picture
    notes = "\n".join(text.notes)
    behind = next(i for i in models.target_items("en") if i.status == "behind")
    assert f"- {behind.sentence} Set by: {behind.document}" in notes


def test_the_targets_slide_says_the_count_under_the_chart_and_keeps_the_rest_for_the_alt_text():
    """A slide's caption is one line: the whole summary (a sentence per target) pushed the chart under the
    slide controls on a 1280x720 screen (issue 21)."""
    from dashboard.takeaway import deck

    chart = models.target_chart("en", "light")
    number = next(n for n, s in enumerate(deck.deck("en"), 1) if s.page_id == "targets")
    at = open_page("overview", {"present": "1", "slide": str(number)})
    shown = captions(at)
    assert plain(chart.lead) in shown and chart.summary.startswith(chart.lead)
    behind = next(i for i in models.target_items("en") if i.status == "behind")
    assert behind.sentence in chart.summary and plain(behind.sentence) not in shown


def test_the_target_axis_marks_every_50_percent_so_the_target_label_has_room():
    chart = models.target_chart("en", "light")
    axis = chart.figure.layout.xaxis
    assert list(axis.tickvals) == [0, 50, 100, 150] and axis.ticktext[2] == t("targets.chart_target_tick", "en")
