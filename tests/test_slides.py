"""Presentation mode: every headline group of cards and every chart is a slide, across the pages in
navigation order; ?slide=N opens slide N; Next and Previous keep present, lang and the slide in step."""

import pytest

from dashboard.navigation import AREA_PAGE_IDS
from dashboard.takeaway import deck
from tests.pages_helper import open_every_section, open_page, plain, plotly_specs


def counter(at) -> str:
    return " ".join(plain(m.value) for m in at.markdown if " / " in m.value)


@pytest.mark.parametrize("page_id", ["overview", "ai_datasets", "digital_china", "international", "timeline"])
def test_every_chart_on_a_page_is_a_slide(page_id):
    slides = [s for s in deck.deck("en") if s.page_id == page_id]
    charts_on_page = sum(len(plotly_specs(at)) for at in open_every_section(page_id))
    # a timeline cut in parts over several slides is one chart of the page
    assert sum(s.kind == "chart" and (s.block.part or 1) == 1 for s in slides) == charts_on_page


@pytest.mark.parametrize("area_id", [None, *AREA_PAGE_IDS])
def test_a_timeline_is_cut_into_slides_of_a_few_events_in_date_order(area_id):
    """Every event once, in date order, at most EVENTS_PER_SLIDE a slide, each part's title saying which
    part of how many it is (the whole timeline at 1080p would scroll inside its slide: issue 21)."""
    from dashboard import figures

    slides = [
        s
        for s in deck.deck("en")
        if s.block is not None and s.block.kind == "timeline" and s.block.context_key == area_id
    ]
    events = figures.timeline_events(area_id)
    if area_id is not None and not slides:
        return  # a priority with too few events for a chart
    assert slides, "the timeline page has its slides"
    drawn = []
    for k, slide in enumerate(slides, 1):
        chart = figures.block_chart(slide.block, "en", "light")
        assert chart is not None
        drawn.append(len(chart.rows))
        if len(slides) > 1:
            assert slide.block.part == k and f"(part {k} of {len(slides)})" in chart.figure.layout.title.text
            zh = figures.block_chart(slide.block, "zh", "light").figure.layout.title.text
            assert f"第{k}部分，共{len(slides)}部分" in zh
    assert all(n <= figures.EVENTS_PER_SLIDE for n in drawn) and sum(drawn) == len(events), drawn
    assert list(events.start) == sorted(events.start)


def test_every_card_group_is_a_slide_and_the_deck_follows_navigation_order():
    slides = deck.deck("en")
    order = [s.page_id for s in slides]
    assert order[0] == "overview" and order == sorted(order, key=order.index)  # pages contiguous, in order
    for area_id in AREA_PAGE_IDS:
        cards = [s for s in slides if s.page_id == area_id and s.kind == "cards"]
        assert all(len(s.block.metrics) <= deck.CARDS_PER_SLIDE for s in cards)
    assert sum(s.kind == "cards" for s in slides) >= len(AREA_PAGE_IDS)
    assert len(deck.labels("en")) == len(slides) and len(deck.labels("zh")) == len(slides)


def test_slide_n_opens_slide_n_with_its_counter():
    slides = deck.deck("en")
    number = next(i for i, s in enumerate(slides, 1) if s.page_id == "ai_datasets" and s.kind == "chart")
    at = open_page("ai_datasets", {"present": "1", "slide": str(number)})
    assert not at.exception
    assert f"{number} / {len(slides)}" in counter(at)
    assert len(plotly_specs(at)) == 1, "one slide, one chart"


def test_a_slide_on_another_page_opens_that_page():
    slides = deck.deck("en")
    number = next(i for i, s in enumerate(slides, 1) if s.page_id == "data_market")
    at = open_page("overview", {"present": "1", "slide": str(number)})
    assert not at.exception
    assert f"{number} / {len(slides)}" in counter(at)
    assert at.query_params["slide"] == str(number)


def test_next_and_previous_keep_present_lang_and_the_slide_number():
    slides = deck.deck("zh")
    at = open_page("overview", {"present": "1", "slide": "1", "lang": "zh"})
    assert f"1 / {len(slides)}" in counter(at)
    at.button(key="present_next").click().run()
    assert not at.exception
    assert at.query_params["slide"] == "2" and at.query_params["present"] == "1"
    assert at.query_params["lang"] == "zh"
    assert f"2 / {len(slides)}" in counter(at)
    at.button(key="present_previous").click().run()
    assert at.query_params["slide"] == "1" and f"1 / {len(slides)}" in counter(at)


def test_a_bad_slide_number_gives_a_notice_not_an_error():
    at = open_page("overview", {"present": "1", "slide": "9999"})
    assert not at.exception
    assert any("9999" in plain(w.value) for w in at.warning)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_slide_is_a_whole_page_and_a_card_slide_holds_six_cards_at_most(lang):
    slides = deck.deck(lang)
    assert all(slide.kind != deck.SlideKind.PAGE for slide in slides), "a whole page runs under the controls"
    assert all(len(s.block.metrics) <= 6 for s in slides if s.block is not None and s.kind == deck.SlideKind.CARDS)
    assert {"explorer", "indicator"}.isdisjoint(s.page_id for s in slides)
    kinds = [s.block.kind for s in slides if s.page_id in ("sources", "timeline")]
    assert set(kinds[:-1]) == {"timeline"} and kinds[-1] == "source_grades"  # the timeline in parts, then one


def test_the_sources_and_timeline_slides_show_their_chart_only():
    slides = deck.deck("en")
    for page_id in ("sources", "timeline"):
        number = next(i for i, s in enumerate(slides, 1) if s.page_id == page_id)
        at = open_page(page_id, {"present": "1", "slide": str(number)})
        assert not at.exception
        assert len(plotly_specs(at)) == 1 and not at.dataframe, page_id


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_card_slide_presents_an_indicative_figure_or_a_probable_slip(lang):
    """An indicative figure (a ratio of two bounds) and a figure judged a probable slip stay on the page,
    with their explanation, but a presenter is never handed one as a slide's figure."""
    from dashboard import figures, models

    view = figures.observation_view()
    slips = set(view.loc[view.probable_error, "metric_id"]) if "probable_error" in view else set()
    for number, slide in enumerate(deck.deck(lang), 1):
        if slide.kind != "cards":
            continue
        for metric_id in slide.block.metrics:
            latest = models.reports(metric_id)["latest"]
            assert latest is None or latest["qualifier"] != "indicative", (number, metric_id)
            assert latest is None or not bool(latest.get("probable_error", False)), (number, metric_id, slips)
