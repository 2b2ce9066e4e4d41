"""The one place numbers and dates become text: qualifier-aware, language-aware, never rounding a figure.

A reported value is printed with exactly the digits the source gave (153.69 stays 153.69). Only a
derived value, which we computed, is shown to three significant figures. A bound stays a bound:
"100,000+" in English, "10万+" in Chinese.
"""

from __future__ import annotations

import datetime as dt
import textwrap
import unicodedata
from decimal import Decimal

import pandas as pd

from dashboard.schema import UnitKind

# Short forms (cards, chart labels) and long forms (hover, sentences) of each qualifier.
_SHORT = {
    "en": {
        "exact": "{n}",
        "more_than": "{n}+",
        "at_least": "≥{n}",
        "about": "≈{n}",
        "nearly": "nearly {n}",
        "less_than": "<{n}",
        "at_most": "≤{n}",
        "indicative": "{n}",
    },
    "zh": {
        "exact": "{n}",
        "more_than": "{n}+",
        "at_least": "≥{n}",
        "about": "约{n}",
        "nearly": "近{n}",
        "less_than": "<{n}",
        "at_most": "≤{n}",
        "indicative": "{n}",
    },
}
# After the unit: an indicative figure reads "3.1 TB (indicative)", with no ≈ sign.
_AFTER_UNIT = {"en": {"indicative": " (indicative)"}, "zh": {"indicative": "（示意）"}}
_LONG = {
    "en": {
        "exact": "{n}",
        "more_than": "more than {n}",
        "at_least": "at least {n}",
        "about": "about {n}",
        "nearly": "nearly {n}",
        "less_than": "less than {n}",
        "at_most": "at most {n}",
        "indicative": "{n} (indicative only)",
    },
    "zh": {
        "exact": "{n}",
        "more_than": "超过{n}",
        "at_least": "至少{n}",
        "about": "约{n}",
        "nearly": "近{n}",
        "less_than": "不足{n}",
        "at_most": "至多{n}",
        "indicative": "{n}（仅供参考）",
    },
}
_UNSPACED_EN = {"%", "×"}
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _decimal(value: float) -> Decimal:
    return Decimal(repr(float(value)))


def _plain(number: Decimal, grouping: bool = True) -> str:
    """Decimal -> text with the digits it has (no exponent, no trailing zeros)."""
    number = number.normalize()
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    text = f"{number:,f}" if grouping else f"{number:f}"
    return text


def significant(value: float, digits: int = 3) -> Decimal:
    """`value` to `digits` significant figures (for derived figures only)."""
    if value == 0:
        return Decimal(0)
    return Decimal(f"{value:.{digits}g}")


def number_text(value: float, lang: str, *, count_like: bool = False, scale: float = 1.0, derived: bool = False) -> str:
    """The bare number in the language's style. Chinese counts of 10,000 or more use 万 and 亿."""
    number = significant(value) if derived else _decimal(value)
    number *= _decimal(scale)
    if lang == "zh":
        if count_like and abs(number) >= 100_000_000:
            return _plain(number / Decimal(100_000_000), grouping=False) + "亿"
        if count_like and abs(number) >= 10_000:
            return _plain(number / Decimal(10_000), grouping=False) + "万"
        return _plain(number, grouping=abs(number) >= 100_000)
    return _plain(number)


def format_value(
    value: float,
    qualifier: str,
    unit: dict | pd.Series | None,
    lang: str,
    *,
    long: bool = False,
    with_unit: bool = True,
    derived: bool = False,
) -> str:
    """A figure as text: '100,000+ datasets', '≈310×', 'more than 890 PB', '超过10万个', '约1536.9亿元'."""
    count_like = unit is not None and unit["kind"] == UnitKind.COUNT
    scale = float(unit["zh_scale"]) if (unit is not None and lang == "zh") else 1.0
    n = number_text(value, lang, count_like=count_like, scale=scale, derived=derived)
    if not long:  # the qualifier sits on the number: "100,000+ datasets", "10万+个"
        n = _SHORT[lang][qualifier].format(n=n)
    if with_unit and unit is not None:
        label = unit["label_zh"] if lang == "zh" else unit["label_en"]
        n = f"{n}{label}" if (lang == "zh" or label in _UNSPACED_EN) else f"{n} {label}"
    if long:
        return _LONG[lang][qualifier].format(n=n)
    return n + _AFTER_UNIT[lang].get(qualifier, "")


def format_date(when, precision: str, lang: str) -> str:
    """A date printed only as precisely as it is known: '30 Jun 2025', 'Jun 2025', 'H1 2025', '2025'."""
    if when is None or (isinstance(when, float) and pd.isna(when)) or when is pd.NaT:
        return ""
    day = pd.Timestamp(when).date() if not isinstance(when, dt.date) else when
    y, m, d = day.year, day.month, day.day
    if lang == "zh":
        return {
            "day": f"{y}年{m}月{d}日",
            "month": f"{y}年{m}月",
            "quarter": f"{y}年第{'一二三四'[(m - 1) // 3]}季度",
            "half": f"{y}年{'上' if m <= 6 else '下'}半年",
            "year": f"{y}年",
        }[precision]
    return {
        "day": f"{d} {_MONTHS_EN[m - 1]} {y}",
        "month": f"{_MONTHS_EN[m - 1]} {y}",
        "quarter": f"Q{(m - 1) // 3 + 1} {y}",
        "half": f"H{1 if m <= 6 else 2} {y}",
        "year": f"{y}",
    }[precision]


_VIA = (", via ", "，经")  # "original, via host": how a republication names who said it and where it was found


def said_by(publisher: str) -> str:
    """Who said it, without the host that republished it: 'Xinhua, via China Review News' -> 'Xinhua'."""
    for via in _VIA:
        if via in publisher:
            return publisher.split(via, 1)[0]
    return publisher


def iso_date(when) -> str:
    """ISO 8601 date, or '' for a missing one (for CSV and citations)."""
    if when is None or pd.isna(when):
        return ""
    return pd.Timestamp(when).date().isoformat()


# Text layout: how wide a text is and where it breaks, per script ----------------------------------


def display_width(text: str) -> int:
    """Width in Latin-character units: a Chinese character counts as two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _mostly_chinese(text: str, lang: str) -> bool:
    return lang == "zh" or sum(ord(c) > 0x2E80 for c in text) > len(text) / 3


def wrap_text(text: str, lang: str, width: int = 64, *, break_chinese: bool = True) -> str:
    """Text broken into lines of about `width` Latin characters with <br> (Plotly labels): Chinese text
    every width/2 characters, other text between words. With `break_chinese` false, Chinese labels stay
    on one line."""
    if not text:
        return ""
    if lang == "zh" and not break_chinese:
        return text
    if _mostly_chinese(text, lang):
        step = width // 2
        return "<br>".join(text[i : i + step] for i in range(0, len(text), step))
    return "<br>".join(textwrap.wrap(text, width))


def join_lines(pieces: list[str], sep: str, width: int) -> list[str]:
    """Join pieces with `sep` into lines no wider than `width`, breaking only between pieces."""
    lines, current = [], ""
    for piece in pieces:
        candidate = current + sep + piece if current else piece
        if current and display_width(candidate) > width:
            lines.append(current + sep.rstrip())
            current = piece
        else:
            current = candidate
    return [*lines, current] if current else lines


def title_lines(title: str, lang: str, width: int = 92) -> list[str]:
    """A long title in two lines rather than cut off at the chart's edge."""
    if display_width(title) <= width:
        return [title]
    if _mostly_chinese(title, lang) or " " not in title:
        half = len(title) // 2
        return [title[:half], title[half:]]
    return textwrap.wrap(title, max(40, len(title) // 2 + 6))


def shorten(text: str, width: int) -> str:
    """The text cut to `width` display units, with an ellipsis where it was cut."""
    if display_width(text) <= width:
        return text
    out = ""
    for ch in text:
        if display_width(out + ch) > width - 2:
            break
        out += ch
    return out + "…"


def join_sentences(sentences) -> str:
    """Sentences one after another: a space after a Latin full stop, none after a Chinese one."""
    out = ""
    for sentence in sentences:
        out += (" " if out and not out.endswith(("。", "！", "？")) else "") + sentence
    return out


def plot_values(rows: pd.DataFrame, lang: str) -> pd.Series:
    """Where each figure is drawn: its value in the unit the axis title names. Chinese axes use the
    Chinese unit (亿元 for billion yuan: ten times the number)."""
    if lang == "zh":
        return rows["value"] * rows["zh_scale"].astype(float)
    return rows["value"]


_SMALL_COUNTS = {
    "en": ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    "zh": ("零", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十"),
}


def count_words(n: int, lang: str) -> str:
    """A count as it is written in running text: in words up to ten ("seven", "七"), in figures above."""
    return _SMALL_COUNTS[lang][n] if 0 <= n <= 10 and lang in _SMALL_COUNTS else f"{n:,}"


def sentence_case(text: str) -> str:
    """The text with its first letter a capital (a sentence that starts with a count in words)."""
    return text[:1].upper() + text[1:]


def counts_in_wan(lang: str) -> bool:
    """Whether counts of ten thousand or more are written in 万 (Chinese)."""
    return lang == "zh"


def first_sentence(text: str) -> str:
    """The first sentence of a text, with its full stop (Chinese 。 or Latin '. ')."""
    if "。" in text or _mostly_chinese(text, ""):
        return text.split("。")[0] + "。"
    return text.split(". ")[0].rstrip(".") + "."
