"""One number formatter: qualifier-aware, language-aware, never rounding a reported figure."""

import pandas as pd
import pytest

from dashboard.formatting import format_date, format_value, number_text

COUNT = {"kind": "count", "zh_scale": 1.0, "label_en": "datasets", "label_zh": "个"}
MONEY = {"kind": "money", "zh_scale": 10.0, "label_en": "billion yuan", "label_zh": "亿元"}
PERCENT = {"kind": "percent", "zh_scale": 1.0, "label_en": "%", "label_zh": "%"}
TIMES = {"kind": "multiple", "zh_scale": 1.0, "label_en": "×", "label_zh": "倍"}
PB = {"kind": "volume", "zh_scale": 1.0, "label_en": "PB", "label_zh": "PB"}


@pytest.mark.parametrize(
    "value,qualifier,unit,lang,expected",
    [
        (100000, "more_than", COUNT, "en", "100,000+ datasets"),
        (100000, "more_than", COUNT, "zh", "10万+个"),
        (116000, "more_than", COUNT, "zh", "11.6万+个"),
        (890, "more_than", PB, "en", "890+ PB"),
        (68.6, "exact", PERCENT, "en", "68.6%"),
        (310, "about", TIMES, "en", "≈310×"),
        (310, "about", TIMES, "zh", "约310倍"),
        (153.69, "about", MONEY, "en", "≈153.69 billion yuan"),
        (153.69, "about", MONEY, "zh", "约1536.9亿元"),
        (2.164, "exact", MONEY, "zh", "21.64亿元"),
        (4, "less_than", MONEY, "en", "<4 billion yuan"),
        (50, "at_least", COUNT, "en", "≥50 datasets"),
        (50, "at_most", COUNT, "en", "≤50 datasets"),
    ],
)
def test_short_form(value, qualifier, unit, lang, expected):
    assert format_value(value, qualifier, unit, lang) == expected


@pytest.mark.parametrize(
    "qualifier,lang,expected",
    [
        ("more_than", "en", "more than 100,000 datasets"),
        ("more_than", "zh", "超过10万个"),
        ("about", "en", "about 100,000 datasets"),
        ("less_than", "zh", "不足10万个"),
        ("exact", "en", "100,000 datasets"),
    ],
)
def test_long_form(qualifier, lang, expected):
    assert format_value(100000, qualifier, COUNT, lang, long=True) == expected


def test_reported_digits_are_never_rounded_and_derived_are_three_significant():
    assert number_text(52.26, "en") == "52.26"
    assert number_text(0.1, "en") == "0.1"
    assert number_text(17282.0, "en") == "17,282"
    assert number_text(2.870967741935484, "en", derived=True) == "2.87"
    assert number_text(1400.0, "en", derived=True) == "1,400"


def test_a_lower_bound_never_loses_its_plus():
    for lang in ("en", "zh"):
        assert "+" in format_value(35000, "more_than", COUNT, lang, with_unit=False)


@pytest.mark.parametrize(
    "precision,lang,expected",
    [
        ("day", "en", "30 Jun 2025"),
        ("month", "en", "Jun 2025"),
        ("quarter", "en", "Q2 2025"),
        ("half", "en", "H1 2025"),
        ("year", "en", "2025"),
        ("day", "zh", "2025年6月30日"),
        ("half", "zh", "2025年上半年"),
        ("quarter", "zh", "2025年第二季度"),
    ],
)
def test_dates_only_as_precise_as_known(precision, lang, expected):
    assert format_date(pd.Timestamp("2025-06-30"), precision, lang) == expected


def test_small_counts_in_words_and_a_capital_at_the_start():
    from dashboard.formatting import count_words, sentence_case

    assert [count_words(n, "en") for n in (0, 2, 7, 10, 11)] == ["no", "two", "seven", "ten", "11"]
    assert [count_words(n, "zh") for n in (2, 7, 10, 11)] == ["两", "七", "十", "11"]
    assert count_words(12_345, "en") == "12,345"
    assert sentence_case("seven cities") == "Seven cities" and sentence_case("七个城市") == "七个城市"
    assert sentence_case("") == ""
