"""Every page through AppTest: it renders, raises nothing, and shows the expected figures and charts."""

import functools

import pytest

from dashboard.navigation import PAGES
from tests.pages_helper import captions, footnotes, open_every_section, open_page, plain, plotly_specs

# page id -> minimum number of Plotly charts it draws
MIN_CHARTS = {
    "overview": 1,
    "digital_china": 4,
    "data_market": 2,
    "industry_clusters": 3,
    "data_element_x": 2,
    "data_infrastructure": 2,
    "data_system": 2,
    "ai_datasets": 4,  # its lead section (tests/test_sections.py: every section)
    "international": 0,
    "data_security": 0,
    "explorer": 0,
    "indicator": 0,
    "timeline": 1,
    "sources": 1,
    "targets": 1,
}


@functools.cache
def opened(page_id: str):
    """A page opened once for this module's render checks (the shipped data; later tests may change it, but
    an opened page keeps what it drew)."""
    return open_page(page_id)


@pytest.mark.parametrize("page_id", [p.page_id for p in PAGES])
def test_page_renders_without_exception(page_id):
    at = opened(page_id)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.title, "every page has a title"
    specs = plotly_specs(at)
    assert len(specs) >= MIN_CHARTS[page_id]
    for spec in specs:
        text = footnotes(spec)
        assert ("Source" in text) and "China Data Market Monitor" in text
        assert spec["layout"]["title"]["text"]


def test_at_least_ten_pages_draw_a_chart():
    drawing = [p.page_id for p in PAGES if plotly_specs(opened(p.page_id))]
    assert len(drawing) >= 10, drawing
    assert len(PAGES) >= 12


def test_overview_shows_the_five_headline_figures_with_qualifiers_and_dates():
    at = open_page("overview")
    values = [m.value for m in at.metric]
    for expected in ("100,000+", "890+ PB", "72", "7", "68.6%"):
        assert expected in values, values
    text = captions(at)
    assert "As of 31 Dec 2025" in text and "Yicai Global" in text
    helps = plain(" ".join(c.proto.help for c in at.caption))
    # the later low-reliability report: in the help, not promoted
    assert "116,000+" in helps and "116,000+" not in values
    assert "⚠" in text, "a card with a warning says so on its line"
    assert len(at.metric) >= 10


def test_cards_show_change_against_previous_report():
    at = open_page("overview")
    deltas = {m.value: m.proto.delta for m in at.metric}
    assert deltas["100,000+"] == "from 35,000+ (Jun 2025)"  # bounds: the earlier figure, no growth rate
    assert deltas["4,838,000"] == "+13.8% since Dec 2024"  # exact figures: the growth since the previous report
    assert deltas["72"] == ""


def test_every_chart_has_a_data_expander():
    at = open_page("ai_datasets")
    assert len(at.expander) >= len(plotly_specs(at))


def test_area_without_figures_says_so(datasets_copy, monkeypatch, fresh_caches):
    """A priority whose figures are all gone (here: removed from a copy of the data) says so and still lists
    its events."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    metrics = pq.read_table(datasets_copy / "metrics.parquet")
    gone = metrics.filter(pc.equal(metrics["area_id"], "international"))["metric_id"]
    observations = pq.read_table(datasets_copy / "observations.parquet")
    kept = observations.filter(pc.invert(pc.is_in(observations["metric_id"], value_set=gone)))
    pq.write_table(kept, datasets_copy / "observations.parquet")
    monkeypatch.setenv("DATASETS_URI", str(datasets_copy))
    international = open_page("international")
    assert not international.exception
    assert any("no figures" in plain(i.value) for i in international.info)
    events = " ".join(plain(m.value) for m in international.markdown)
    assert "SCO Digital Economy International Cooperation Platform" in events, "its events are still listed"


def test_ai_page_has_the_six_actions_in_both_orders():
    at = open_page("ai_datasets")
    table = at.dataframe[0].value
    assert len(table) == 6
    assert "2. tackling annotation challenges" in table.iloc[:, 2].tolist()


def test_broken_file_names_it_on_pages_that_need_it_and_others_keep_working(datasets_copy, monkeypatch, fresh_caches):
    path = datasets_copy / "observations.parquet"
    path.write_bytes(path.read_bytes()[:300])
    monkeypatch.setenv("DATASETS_URI", str(datasets_copy))
    overview = open_page("overview")
    assert not overview.exception
    message = plain(" ".join(e.value for e in overview.error))
    assert "observations.parquet" in message and "python -m dashboard.curation build" in message
    assert "Traceback" not in message
    timeline = open_page("timeline")
    assert not timeline.exception and not timeline.error
    assert plotly_specs(timeline)


def test_a_page_offers_the_charts_it_drew_as_one_download_and_not_when_presenting():
    from dashboard.takeaway import image_export

    if not image_export.available():
        pytest.skip("server-side PNG export needs Kaleido and Chromium")
    at = open_page("ai_datasets")
    buttons = [b for b in at.get("download_button") if b.proto.id and "export_all_png" in b.proto.id]
    assert len(buttons) == 1 and not at.exception  # offered only when the page passed the charts it drew
    presenting = open_page("ai_datasets", query={"present": "1"})
    assert not [b for b in presenting.get("download_button") if "export_all_png" in b.proto.id]


def _visible_text(at) -> str:
    """The text a viewer reads on a page: Markdown, captions, callouts and the tables' cells and headers."""
    parts = [el.value for kind in ("markdown", "caption", "warning", "info") for el in at.get(kind)]
    for table in at.dataframe:
        parts += [str(c) for c in table.value.columns] + [str(v) for v in table.value.to_numpy().ravel()]
    return plain("\n".join(parts))


def _english_quotes() -> list[str]:
    from dashboard.data import load_table

    return [*load_table("area_wordings").wording, *load_table("compliance_notes").evidence]


@pytest.mark.parametrize(
    ("page_id", "chinese"),
    [
        ("overview", ()),
        ("data_market", ("“加快培育开放共享安全的全国一体化数据市场”——国家数据局，经 hgjy100.com 转载",)),
        ("digital_china", ("“完成高质量数字中国建设方案，并因地制宜制定落实举措。”", "（本站译）")),
        ("data_system", ("“加强数据资产管理”", "（本站译）")),
        ("sources", ("“Liu Honglie”——全国数据标准化技术委员会",)),  # a name is quoted as written
        ("ai_datasets", ("2. 攻克标注难题", "会议摘要（顺序、措辞）（本站译）", "数据文章（顺序、措辞）（本站译）")),
    ],
)
def test_chinese_pages_quote_chinese_originals_or_our_marked_translations(page_id, chinese):
    """In Chinese a quotation is the Chinese source's own words where one was found, else our translation
    marked as ours; no English wording or briefing quotation is left on the page."""
    text = " ".join(_visible_text(at) for at in open_every_section(page_id, {"lang": "zh"}, "zh"))
    for phrase in chinese:
        assert phrase in text
    assert [q for q in _english_quotes() if q in text] == []


def test_the_licence_note_is_in_chinese_on_the_chinese_sources_page():
    text = _visible_text(open_page("sources", {"lang": "zh"}))
    assert "许可：CC BY 4.0" in text and "所引证据原文仍归其发布者所有" in text
    assert "Quoted evidence phrases remain" not in text


def test_a_quotation_is_the_sources_words_in_english_and_a_chinese_original_or_our_marked_translation():
    import pandas as pd

    from dashboard.models import quotation
    from tests.factories import source

    sources = pd.DataFrame(
        [source("en_src", publisher="Briefing", publisher_zh="简报"), source("zh_src", publisher_zh="国家数据局")]
    ).set_index("source_id")
    row = {"source_id": "en_src", "wording": "Do it", "wording_zh": "做好", "zh_source_id": None}
    ours = row | {"zh_origin": "translation"}
    original = row | {"wording_zh": "抓好落实", "zh_origin": "original", "zh_source_id": "zh_src"}
    assert quotation(ours, "wording", sources, "en") == "“Do it” — Briefing"
    assert quotation(ours, "wording", sources, "zh") == "“做好”——简报（本站译）"
    assert quotation(original, "wording", sources, "zh") == "“抓好落实”——国家数据局"
