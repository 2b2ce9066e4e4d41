"""The intake's rules, each on small strings: text extraction, sentences, numbers and units, qualifiers, dates,
status, indicator matching, evidence and restatements (dashboard/curation/intake.py)."""

import csv
import datetime as dt
from decimal import Decimal

import pytest

from dashboard.curation.intake import (
    IntakeError,
    convert,
    extract_text,
    find_dates,
    find_figures,
    match_metric,
    metric_specs,
    propose,
    split_sentences,
    status_of,
)
from tests.factories import tiny_pdf
from tests.helpers import CURATED

PUBLISHED = dt.date(2026, 11, 20)


def read(name: str) -> list[dict[str, str]]:
    with (CURATED / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def one(sentence: str):
    figures = find_figures(sentence)
    assert len(figures) == 1, figures
    return figures[0]


# Text ----------------------------------------------------------------------------------------------


def test_html_text_keeps_paragraphs_and_drops_scripts():
    page = (
        "<html><head><title>发布会</title><script>var x = '999万';</script></head><body>"
        "<p>截至2025年底,数据集超过10万个。</p><div>总量<b>超过890PB</b>。</div><style>p{}</style></body></html>"
    )
    text = extract_text(page.encode("utf-8"), "report.html")
    assert text.splitlines() == ["发布会", "截至2025年底,数据集超过10万个。", "总量超过890PB。"]
    assert "999" not in text


def test_plain_text_in_gb18030_is_read():
    assert extract_text("截至2025年底,超过890PB。".encode("gb18030"), "report.txt") == "截至2025年底,超过890PB。"


def test_pdf_text_layer_is_read():
    assert "180 EFLOPS" in extract_text(tiny_pdf("Total computing power reached 180 EFLOPS."), "report.pdf")


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"", "empty.html", "is empty"),
        (b"  \n\t", "blank.txt", "is empty"),
        (tiny_pdf(None), "scan.pdf", "PDF without text"),
        (b"%PDF-1.4 this is not really a PDF", "broken.pdf", "cannot be read as PDF"),
        (b"<html><body><script>x</script></body></html>", "nothing.html", "has no text"),
    ],
)
def test_unreadable_reports_get_a_clear_message(data, name, words):
    with pytest.raises(IntakeError, match=words):
        extract_text(data, name)


# Sentences -------------------------------------------------------------------------------------


def test_sentences_split_on_chinese_and_english_ends_but_not_on_decimals():
    text = "截至2025年底,数据集超过10万个。总量超过890PB!\nThe rate reached 68.6% in 2025. It was 55.3% before."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "截至2025年底,数据集超过10万个。",
        "总量超过890PB!",
        "The rate reached 68.6% in 2025.",
        "It was 55.3% before.",
    ]
    assert [s.paragraph for s in sentences] == [0, 0, 1, 1]
    assert all(text[s.start : s.start + len(s.text)] == s.text for s in sentences)


# Numbers and units -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "value", "unit"),
    [
        ("建设高质量数据集超过3.5万个", "35000", "个"),
        ("累计交易额近40亿元", "4", "billion_yuan"),
        ("增加值2508.9亿元", "250.89", "billion_yuan"),
        ("规模达到45.5万亿元", "45.5", "trillion_yuan"),
        ("营业收入10510亿元", "1051", "billion_yuan"),
        ("日均Token消耗量已经突破30万亿", "30", "trillion_tokens_per_day"),
        ("日均Token的消耗量为1000亿", "0.1", "trillion_tokens_per_day"),
        ("总体量超过了400PB", "400", "pb"),
        ("存力总规模超过1000EB", "1000", "eb"),
        ("数据产量达32.85ZB", "32.85", "zb"),
        ("算力总规模达到280EFlops", "280", "eflops"),
        ("智能算力规模超过1590 EFLOPS", "1590", "eflops"),
        ("总算力规模突破10.6万P", "106000", "pflops"),
        ("智能算力达到78万PFLOPS", "780000", "pflops"),
        ("占比已经超过了60%", "60", "percent"),
        ("高于规上工业2.1个百分点", "2.1", "percentage_points"),
        ("相当于国家图书馆的140倍左右", "140", "times"),
        ("时延降低到20毫秒以内", "20", "ms"),
        ("with a total volume exceeding 890PB", "890", "pb"),
        ("sharing 13 petabytes of data", "13", "pb"),
        ("with over 1.3 million users", "1300000", "users"),
        ("more than 100,000 high-quality datasets", "100000", "datasets"),
        ("10 national data center clusters", "10", "clusters"),
        ("the rate reached 68.6 per cent", "68.6", "percent"),
        ("研发费用总额占全省比重近三成", "30", "percent"),
    ],
)
def test_numbers_are_converted_exactly_to_their_unit(sentence, value, unit):
    figure = one(sentence)
    assert (figure.value, figure.unit) == (Decimal(value), unit)


def test_conversion_between_units_is_exact():
    assert convert(Decimal("2508.9"), "billion_yuan", "trillion_yuan") == Decimal("2.5089")
    assert convert(Decimal("780000"), "pflops", "eflops") == Decimal("780")
    assert convert(Decimal("1"), "eb", "pb") == Decimal("1000")
    assert convert(Decimal("1"), "pb", "datasets") is None


@pytest.mark.parametrize(
    "sentence",
    [
        "2024年以来推出了新的政策",  # a year
        "1年半时间增长明显",  # a duration
        "需要持续按键近40年",  # a duration
        "位居全球第二,排名第3",  # ranks and ordinals
        "在5G及工业互联网推动下",  # a name
        "全面支持IPv6,SRv6等",  # names
        "电影《哪吒2》票房登顶",  # a title
        "高于“415X”集群平均增速",  # a name
        "算力每投入1元,带动增长",  # the base of a rate
        "1PB可存储约5亿张2MB大小的高清照片",  # a unit's definition
        "按计算器速度(1次/秒)计算",  # an illustration of a rate
        "时间:2025-04-01 15:09",  # a date and a time
        "The 2024-2026 action plan",  # a span of years
    ],
)
def test_what_is_not_a_figure(sentence):
    assert find_figures(sentence) == []


def test_a_range_gives_its_two_ends_as_bounds():
    low, high = find_figures("将带动3-4元的GDP经济增长")
    assert (low.value, low.qualifier, high.value, high.qualifier) == (
        Decimal(3),
        "at_least",
        Decimal(4),
        "at_most",
    )


# Qualifiers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "qualifier"),
    [
        ("数据集超过10万个", "more_than"),
        ("总体量超过了400PB", "more_than"),
        ("中国占全球比重超四成", "more_than"),
        ("交易额逾40亿元", "more_than"),
        ("报名队伍突破2.2万支", "more_than"),
        ("增长了300多倍", "more_than"),
        ("遴选出900多个项目", "more_than"),
        ("规模约4000亿元", "about"),
        ("相当于140倍左右", "about"),
        ("交易额近40亿元", "nearly"),
        ("将近80%的份额", "nearly"),
        ("不少于50个", "at_least"),
        ("至少30个城市", "at_least"),
        ("提升15%以上", "at_least"),
        ("不足30个工作日", "less_than"),
        ("平均用时不到30个工作日", "less_than"),
        ("不高于理论时延1.5倍", "at_most"),
        ("降低到20毫秒以内", "at_most"),
        ("已达68.6%", "exact"),
        ("达到了246PB", "exact"),
        ("占比为18.3%", "exact"),
        ("more than 100,000 datasets", "more_than"),
        ("over 1.3 million users", "more_than"),
        ("has exceeded 1000 EB", "more_than"),
        ("about 310 times", "about"),
        ("nearly 30 percent", "nearly"),
        ("at least 50 projects", "at_least"),
        ("less than 30 working days", "less_than"),
        ("reached 180 EFLOPS", "exact"),
    ],
)
def test_qualifier_from_the_words_around(sentence, qualifier):
    assert one(sentence).qualifier == qualifier


def test_near_in_a_word_before_is_no_qualifier():
    assert one("近年来,我国算力产业年增长率达30%").qualifier == "exact"


# Dates -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "as_of", "precision"),
    [
        ("截至2025年底,数据集超过10万个", "2025-12-31", "day"),
        ("截至2025年末,数据集超过10万个", "2025-12-31", "day"),
        ("2025年上半年规模为1.5万亿元", "2025-06-30", "half"),
        ("2025年前三季度收入增长", "2025-09-30", "quarter"),
        ("一季度增长", "2026-03-31", "quarter"),
        ("2024年,规模达到2.75万亿元", "2024-12-31", "year"),
        ("今年6月底,规模达到", "2026-06-30", "day"),
        ("截至去年底,规模达到", "2025-12-31", "day"),
        ("去年推出了21项政策", "2025-12-31", "year"),
        ("2024年1至8月,营业收入突破2.4万亿元", "2024-08-31", "month"),
        ("前8个月,收入增长", "2026-08-31", "month"),
        ("2024年初,我国日均Token消耗量为1000亿", "2024-01-31", "month"),
        ("到2027年,建成100个", "2027-12-31", "year"),
        ("2026年1月21日举行的发布会上", "2026-01-21", "day"),
        ("By the end of 2025, the rate reached 68.6%", "2025-12-31", "day"),
        ("By the end of last year, it reached 180 EFLOPS", "2025-12-31", "day"),
        ("As of June, capacity reached 246 EFLOPS", "2026-06-30", "month"),
        ("It grew 25 per cent in the first half of the year", "2026-06-30", "half"),
        ("in 2024 the total was 4.9 trillion yuan", "2024-12-31", "year"),
        ("the target of 300 EFLOPS by 2025", "2025-12-31", "year"),
    ],
)
def test_the_date_described(sentence, as_of, precision):
    dates = find_dates(sentence, PUBLISHED)
    assert [(d.as_of.isoformat(), d.precision) for d in dates][:1] == [(as_of, precision)]


def test_since_a_year_means_the_state_at_publication():
    (since,) = find_dates("2024年以来推出3批33项", PUBLISHED)
    assert (since.as_of, since.period_start) == (PUBLISHED, dt.date(2024, 1, 1))


@pytest.mark.parametrize(
    "sentence",
    ["发布《中国数字经济发展白皮书(2022年)》", "the 2024 report said", "last year's conference was held"],
)
def test_years_that_name_are_no_dates(sentence):
    assert find_dates(sentence, PUBLISHED) == []


# Status ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "as_of", "status"),
    [
        ("目标是建成100个数据集", "2026-06-30", "target"),
        ("力争规模突破5.5万亿元", "2026-06-30", "target"),
        ("预计2026年规模将达到1万亿元", "2026-12-31", "forecast"),
        ("到2027年,建成100个", "2027-12-31", "target"),
        ("据测算,每投入1元带动3元", "2026-06-30", "estimate"),
        ("截至2025年底,数据集超过10万个", "2025-12-31", "actual"),
        ("The plan aims to reach 300 EFLOPS by 2025", "2025-12-31", "target"),
        ("revenue is expected to reach 2 trillion yuan", "2026-06-30", "forecast"),
    ],
)
def test_status_from_the_words_and_the_date(sentence, as_of, status):
    assert status_of(sentence, sentence, dt.date.fromisoformat(as_of), PUBLISHED)[0] == status


# Indicators, evidence, restatements ------------------------------------------------------------


def test_indicator_is_matched_by_name_and_unit():
    specs = metric_specs(read("metrics.csv"), read("units.csv"))
    spec, _ = match_metric("我国已经建设高质量数据集超过3.5万个", "datasets", specs)
    assert spec.metric_id == "hqds_count"
    assert match_metric("我国已经建设高质量数据集超过3.5万个", "pb", specs)[0].metric_id == "hqds_volume_pb"
    assert match_metric("今天天气很好,气温20", "percent", specs) is None


def test_proposals_carry_the_metric_unit_the_evidence_and_the_excerpt():
    text = "他表示,截至今年6月底,我国已经建设高质量数据集超过3.5万个,总体量超过了400PB(400PB的总量相当于国家图书馆的140倍左右)。"
    proposals = propose(text, dt.date(2025, 8, 14), read("metrics.csv"), read("units.csv"), source_id="x")
    rows = [(p.metric_id, p.value, p.unit, p.qualifier, p.as_of.isoformat()) for p in proposals]
    assert rows == [
        ("hqds_count", Decimal(35000), "datasets", "more_than", "2025-06-30"),
        ("hqds_volume_pb", Decimal(400), "pb", "more_than", "2025-06-30"),  # the 400PB restated is dropped
        ("hqds_nlc_multiple", Decimal(140), "times", "about", "2025-06-30"),
    ]
    for p in proposals:
        assert p.evidence in p.excerpt and p.excerpt in text
        assert p.confidence > 0.5 and p.reason
    assert proposals[0].evidence == "我国已经建设高质量数据集超过3.5万个"


def test_a_figure_without_a_date_takes_the_sentence_before_or_the_publication_date():
    text = "2024年1至8月,收入增长5.5%。相对应的,产量分别同比增长88.5%、66.3%。\n总的来看,专利数量占全球总量的60%。"
    proposals = propose(text, dt.date(2024, 10, 1))
    assert [(p.as_of.isoformat(), p.as_of_precision) for p in proposals] == [
        ("2024-08-31", "month"),
        ("2024-08-31", "month"),
        ("2024-08-31", "month"),
        ("2024-10-01", "day"),
    ]
    assert "no date in the text" in proposals[-1].reason


def test_a_short_clause_takes_the_clause_before_as_evidence():
    (first, growth) = propose("2023年浙江数字经济增加值达4.33万亿元,同比增长5.5%。", dt.date(2024, 10, 1))
    assert growth.evidence == "2023年浙江数字经济增加值达4.33万亿元,同比增长5.5%"
    assert first.evidence == "2023年浙江数字经济增加值达4.33万亿元"
