"""Intake: a saved report (HTML, plain text or PDF) in, proposed observation rows out.

Every function here is pure (bytes or text in, values out); the command line (`cli.py`) reads the file and
writes the CSV. The steps, in order:

- `extract_text`: the report's text (HTML through lxml, PDF through pypdf, plain text as is);
- `split_sentences`: paragraphs (lines) and sentences, Chinese and English, with their offsets;
- `find_dates`: the dates a sentence describes (截至2025年底, 上半年, 1至8月, by the end of last year, ...),
  resolved against the publication date for 今年/去年/this year/last year;
- `find_figures`: every figure a sentence states: the number as written, its unit converted exactly (万, 亿,
  万亿; PB, EB, ZB; PFLOPS, EFLOPS; %), its qualifier from the words around it;
- `propose`: one `Proposal` per figure: the date it describes, its status (actual, target, forecast,
  estimate), the indicator it most likely belongs to (by the words of the metric's names and its unit), the
  shortest span stating it (the evidence) and its sentence (the excerpt), a confidence and the reason.

Numbers are `Decimal` from the text to the CSV, so a conversion never rounds: 1000亿 Token a day is 0.1
trillion tokens a day, 2508.9亿元 is 250.89 billion yuan.

What is read as a figure: a number written in digits (or a tenth in Chinese numerals: 近三成) with a unit or
a counter after it. What is not: years, dates and times, durations (1年半, 近40年), ordinals and ranks (第二),
names with digits (5G, IPv6, 《哪吒2》, “415X”), a number inside a book title 《…》, the base of a rate or a
unit's definition (每投入1元, 1PB可存储…, 1次/秒), and counts written in Chinese numerals or English words
(六部门, eight hubs), which the curator adds by hand.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from dashboard.curation.rules import MAX_EVIDENCE_WORDS, count_words, period_end
from dashboard.schema import Precision, Qualifier, Status


class IntakeError(Exception):
    """A report that cannot be read: the message says what is wrong and what to do."""


# Text --------------------------------------------------------------------------------------------

BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "dd",
        "dt",
        "td",
        "th",
        "title",
        "figcaption",
    ]
)
DROP_TAGS = ("script", "style", "noscript", "nav", "iframe", "svg", "form", "button", "select", "template")


def detect_kind(data: bytes, name: str = "") -> str:
    """'pdf', 'html' or 'text', from the bytes (a PDF's signature, an HTML tag) and then the file name."""
    head = data[:2048].lstrip().lower()
    if data.startswith(b"%PDF") or name.lower().endswith(".pdf"):
        return "pdf"
    if name.lower().endswith((".html", ".htm", ".xhtml")) or head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if re.search(rb"<(p|div|body|br)[\s>/]", head):
        return "html"
    return "text"


def decode(data: bytes) -> str:
    """Bytes as text: UTF-8 (with or without a byte-order mark), else GB18030 (older Chinese pages)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise IntakeError("is neither UTF-8 nor GB18030 text; save the page again as UTF-8")


def html_text(markup: str) -> str:
    """The visible text of an HTML page, one line per block (paragraph, heading, list item, cell)."""
    import lxml.html  # type: ignore[import-untyped]
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError) as err:
        raise IntakeError(f"cannot be read as HTML ({err})") from None
    for bad in root.iter(*DROP_TAGS):
        bad.drop_tree()
    for comment in root.iter(etree.Comment):
        comment.drop_tree()
    parts: list[str] = []

    def walk(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        block = tag.lower() in BLOCK_TAGS
        if block:
            parts.append("\n")
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    head = root.find("head")
    body = root.find("body")
    if head is not None and head.find("title") is not None:
        walk(head.find("title"))
    walk(body if body is not None else root)
    lines = (re.sub(r"[ \t\u3000\xa0]+", " ", line).strip() for line in "".join(parts).splitlines())
    return "\n".join(line for line in lines if line)


def pdf_text(data: bytes) -> str:
    """The text layer of a PDF, page by page."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as err:
        raise IntakeError(f"cannot be read as PDF ({err}); save the report again or give its text") from None
    return "\n".join(pages)


def extract_text(data: bytes, name: str = "") -> str:
    """The text of a saved report. Raises IntakeError for an empty file, a PDF without a text layer, or
    bytes that are no text."""
    if not data.strip():
        raise IntakeError("is empty; save the report again")
    kind = detect_kind(data, name)
    if kind == "pdf":
        text = pdf_text(data)
        if not text.strip():
            raise IntakeError(
                "is a PDF without text (a scan?); run it through OCR or save the page as HTML, then try again"
            )
    elif kind == "html":
        text = html_text(decode(data))
    else:
        text = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IntakeError("has no text; save the report again")
    return text


# Normalisation: one character for one character, so that offsets stay those of the original ----------

# Traditional characters that appear in the words this module looks for, and full-width forms.
_T2S = (
    "個个萬万億亿項项條条臺台張张戶户過过達达約约將将為为於于數数據据規规經经濟济產产業业點点與与來来標标劃划預预測测"
    "計计爭争內内餘余兩两實实際际總总佔占長长網网國国務务區区門门統统機机構构資资場场額额們们級级邊边進进運运質质"
    "費费營营創创價价報报發发會会釋释專专見见當当這这從从間间時时億亿據据連连腦脑訊讯頻频傳传輸输儲储組组單单"
    "號号極极層层識识詞词議议類类雲云築筑縣县鎮镇塊块載载檔档術术廣广東东蘇苏陝陕灣湾衛卫廳厅縮缩綫线線线"
    "０0１1２2３3４4５5６6７7８8９9％%，,．.：:；;（(）)～~－-"
)
T2S = str.maketrans(_T2S[0::2], _T2S[1::2])


def normalise(text: str) -> str:
    """`text` with traditional characters and full-width forms replaced one for one (same length)."""
    return text.translate(T2S)


# Sentences ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    text: str  # as in the report
    start: int  # offset in the report's text
    paragraph: int  # index of its paragraph (line)


_ZH_END = "。！？；!?;"
_EN_END = re.compile(r"(?<!\b[A-Z])(?<!\bNo)(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bvs)\.(?=\s+[\"'“(A-Z0-9])")


def split_sentences(text: str) -> list[Sentence]:
    """Paragraphs (non-empty lines) split into sentences after 。！？；!?; and after an English full stop
    that a space and a capital follow (a decimal point or an initial is no end)."""
    sentences: list[Sentence] = []
    offset = 0
    paragraph = 0
    for line in text.split("\n"):
        if line.strip():
            cuts = [i + 1 for i, ch in enumerate(line) if ch in _ZH_END]
            cuts += [m.end() for m in _EN_END.finditer(line)]
            start = 0
            for cut in sorted(set(cuts)) + [len(line)]:
                piece = line[start:cut]
                if piece.strip():
                    lead = len(piece) - len(piece.lstrip())
                    sentences.append(Sentence(piece.strip(), offset + start + lead, paragraph))
                start = cut
            paragraph += 1
        offset += len(line) + 1
    return sentences


_CLAUSE_MARKS = ',，、；;：:()（）"“”'


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around text[start:end]: from after the previous comma (or colon, bracket, quote) to the
    next one; commas inside a number (1,000) do not count."""
    left = start
    while left > 0 and not (text[left - 1] in _CLAUSE_MARKS and not _digit_comma(text, left - 1)):
        left -= 1
    right = end
    while right < len(text) and not (text[right] in _CLAUSE_MARKS and not _digit_comma(text, right)):
        right += 1
    return left, right


def _digit_comma(text: str, i: int) -> bool:
    return text[i] == "," and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()


# Dates -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateSpan:
    start: int
    end: int
    as_of: dt.date
    precision: Precision
    period_start: dt.date | None = None
    deadline: bool = False  # 到2027年 / by 2027: the date a target is set for
    implicit: bool = False  # no date in the text: the publication date


_ZH_NUM = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}
_MONTH_RE = "|".join(list(_MONTHS) + [m[:3] for m in _MONTHS if m != "may"])

ZH_DATE = re.compile(
    r"(?P<prefix>截至|截止到|截止|到)?\s*"
    r"(?:(?P<y>(?:19|20)\d{2})\s*年|(?P<rel>今|去|前|明)年)?\s*"
    r"(?:"
    r"(?P<m1>\d{1,2})\s*[至到\-—~]\s*(?P<m2>\d{1,2})\s*月份?"
    r"|前(?P<firstn>\d{1,2}|[一二三四五六七八九十]{1,2})个月"
    r"|(?P<m>\d{1,2})\s*月份?(?:(?P<d>\d{1,2})\s*日|(?P<mend>底|末))?"
    r"|(?P<half>上半年|下半年)"
    r"|(?P<q>前三季度|第?[一二三四1-4]季度)"
    r"|年?(?P<yend>底|末)"
    r"|(?P<ystart>初)"
    r"|(?P<since>以来)"
    r")?"
)
EN_DATE = re.compile(
    r"(?P<end>(?:by|as of|at|until|to) the end of\s+)?"
    r"(?:(?P<prep>by|in|since|as of|during|for|through|until)\s+)?"
    r"(?:(?P<half>the first half of|the second half of|the first three quarters of|the first quarter of)\s+)?"
    r"(?:(?P<early>early|the beginning of)\s+)?"
    r"(?:(?P<month>" + _MONTH_RE + r")\.?\s*(?P<day>\d{1,2})?(?:,\s*|\s+)?)?"
    r"(?:(?P<y>(?:19|20)\d{2})\b(?!\s*-\s*\d)|(?P<rel>last|this|next) year(?!'s)|the year)?",
    re.IGNORECASE,
)


def _month_end(year: int, month: int) -> dt.date:
    return period_end(dt.date(year, month, 1), Precision.MONTH)


def _zh_date(m: re.Match[str], published: dt.date) -> DateSpan | None:
    g = m.groupdict()
    has_year = bool(g["y"] or g["rel"])
    parts = ("m1", "firstn", "m", "half", "q", "yend", "ystart", "since")
    if not has_year and not any(g[p] for p in parts):
        return None
    if not has_year and (g["yend"] or g["ystart"] or g["since"]):
        return None  # 底 / 初 / 以来 alone are no date
    if g["y"]:
        year = int(g["y"])
    elif g["rel"]:
        year = published.year + {"今": 0, "去": -1, "前": -2, "明": 1}[g["rel"]]
    else:
        year = published.year
    deadline = g["prefix"] == "到"
    try:
        if g["since"]:
            return DateSpan(m.start(), m.end(), published, Precision.DAY, dt.date(year, 1, 1))
        if g["m1"]:
            last = int(g["m2"])
            if not has_year and _month_end(year, last) > published:
                year -= 1
            return DateSpan(
                m.start(), m.end(), _month_end(year, last), Precision.MONTH, dt.date(year, int(g["m1"]), 1), deadline
            )
        if g["firstn"]:
            n = int(g["firstn"]) if g["firstn"].isdigit() else _zh_count(g["firstn"])
            return DateSpan(m.start(), m.end(), _month_end(year, n), Precision.MONTH, dt.date(year, 1, 1), deadline)
        if g["m"]:
            month = int(g["m"])
            if g["d"]:
                day = dt.date(year, month, int(g["d"]))
                if not has_year and day > published:
                    day = day.replace(year=year - 1)
                return DateSpan(m.start(), m.end(), day, Precision.DAY, None, deadline)
            end = _month_end(year, month)
            if not has_year and end > published and not deadline:
                end = _month_end(year - 1, month)
            return DateSpan(m.start(), m.end(), end, Precision.DAY if g["mend"] else Precision.MONTH, None, deadline)
        if g["half"]:
            if g["half"] == "上半年":
                return DateSpan(m.start(), m.end(), dt.date(year, 6, 30), Precision.HALF, dt.date(year, 1, 1), deadline)
            return DateSpan(m.start(), m.end(), dt.date(year, 12, 31), Precision.HALF, dt.date(year, 7, 1), deadline)
        if g["q"]:
            q = g["q"]
            if q == "前三季度":
                return DateSpan(
                    m.start(), m.end(), dt.date(year, 9, 30), Precision.QUARTER, dt.date(year, 1, 1), deadline
                )
            n = int(q[-3]) if q[-3].isdigit() else _ZH_NUM[q[-3]]
            return DateSpan(
                m.start(),
                m.end(),
                _month_end(year, 3 * n),
                Precision.QUARTER,
                dt.date(year, 3 * n - 2, 1),
                deadline,
            )
        if g["yend"]:
            return DateSpan(m.start(), m.end(), dt.date(year, 12, 31), Precision.DAY, None, deadline)
        if g["ystart"]:
            return DateSpan(m.start(), m.end(), dt.date(year, 1, 31), Precision.MONTH, None, deadline)
    except ValueError:
        return None
    return DateSpan(m.start(), m.end(), dt.date(year, 12, 31), Precision.YEAR, None, deadline)


def _zh_count(text: str) -> int:
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _ZH_NUM[text[1]]
    return _ZH_NUM[text[0]] * (10 if text.endswith("十") and len(text) > 1 else 1) + (
        _ZH_NUM[text[-1]] if len(text) == 3 else 0
    )


def _en_date(m: re.Match[str], published: dt.date) -> DateSpan | None:
    g = m.groupdict()
    if not (g["y"] or g["rel"] or g["month"] or m.group(0).lower().rstrip().endswith("the year")):
        return None
    if g["month"] and not (g["day"] or g["y"] or g["prep"] or g["end"] or g["rel"]):
        return None  # a bare month name ("May") is no date
    if g["y"]:
        year = int(g["y"])
    elif g["rel"]:
        year = published.year + {"last": -1, "this": 0, "next": 1}[g["rel"].lower()]
    else:
        year = published.year
    prep = (g["prep"] or "").lower()
    if not (g["y"] or g["rel"]) and not g["month"] and not g["half"] and not g["end"]:
        return None
    if g["y"] and not (prep or g["end"] or g["half"] or g["early"] or g["month"]):
        return None  # "the 2024 report": a year that names, not a date described
    deadline = prep == "by" and not g["end"]
    try:
        if prep == "since":
            return DateSpan(m.start(), m.end(), published, Precision.DAY, dt.date(year, 1, 1))
        if g["half"]:
            half = g["half"].lower()
            if "first half" in half:
                return DateSpan(m.start(), m.end(), dt.date(year, 6, 30), Precision.HALF, dt.date(year, 1, 1))
            if "second half" in half:
                return DateSpan(m.start(), m.end(), dt.date(year, 12, 31), Precision.HALF, dt.date(year, 7, 1))
            if "three quarters" in half:
                return DateSpan(m.start(), m.end(), dt.date(year, 9, 30), Precision.QUARTER, dt.date(year, 1, 1))
            return DateSpan(m.start(), m.end(), dt.date(year, 3, 31), Precision.QUARTER, dt.date(year, 1, 1))
        if g["month"]:
            month = _MONTHS.get(g["month"].lower()) or next(
                v for k, v in _MONTHS.items() if k.startswith(g["month"].lower())
            )
            if g["day"]:
                day = dt.date(year, month, int(g["day"]))
                if not (g["y"] or g["rel"]) and day > published:
                    day = day.replace(year=year - 1)
                return DateSpan(m.start(), m.end(), day, Precision.DAY)
            end = _month_end(year, month)
            if not (g["y"] or g["rel"]) and end > published:
                end = _month_end(year - 1, month)
            return DateSpan(m.start(), m.end(), end, Precision.DAY if g["end"] else Precision.MONTH, None, deadline)
        if g["end"]:
            return DateSpan(m.start(), m.end(), dt.date(year, 12, 31), Precision.DAY)
        if g["early"]:
            return DateSpan(m.start(), m.end(), dt.date(year, 1, 31), Precision.MONTH)
    except ValueError:
        return None
    return DateSpan(m.start(), m.end(), dt.date(year, 12, 31), Precision.YEAR, None, deadline)


def _book_titles(text: str) -> list[tuple[int, int]]:
    """Spans of 《…》 titles (a year or number inside one names the document)."""
    return [(m.start(), m.end()) for m in re.finditer(r"《[^》]*》", text)]


def _inside(pos: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def find_dates(sentence: str, published: dt.date) -> list[DateSpan]:
    """The dates `sentence` names, in order, each with the period it ends and its precision."""
    text = normalise(sentence)
    titles = _book_titles(text)
    found: list[DateSpan] = []
    for pattern, parse in ((ZH_DATE, _zh_date), (EN_DATE, _en_date)):
        for m in pattern.finditer(text):
            if m.end() == m.start() or _inside(m.start(), titles):
                continue
            span = parse(m, published)
            if span is None:
                continue
            span = _trim(span, text)
            if not any(s.start < span.end and span.start < s.end for s in found):
                found.append(span)
    return sorted(found, key=lambda s: s.start)


def _trim(span: DateSpan, text: str) -> DateSpan:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return replace(span, start=start, end=end)


# Figures -----------------------------------------------------------------------------------------

ZH_MULTIPLIERS = {
    "万亿": 10**12,
    "千亿": 10**11,
    "百亿": 10**10,
    "亿": 10**8,
    "千万": 10**7,
    "百万": 10**6,
    "万": 10**4,
}
EN_MULTIPLIERS = {"trillion": 10**12, "billion": 10**9, "million": 10**6, "thousand": 10**3}

# Units as the text writes them -> (unit id, factor from the written number to that unit). The unit id is the
# project's (units.csv) where one fits; otherwise a plain id the curator adds to units.csv before accepting.
WRITTEN_UNITS: tuple[tuple[str, str], ...] = (
    (r"个百分点|百分点|percentage points?", "percentage_points"),
    (r"%|per cent|percent(?![A-Za-z])", "percent"),
    (r"倍|times(?![A-Za-z])|-fold(?![A-Za-z])|fold(?![A-Za-z])", "times"),
    (r"EFLOPS|EFlops|Eflops|EFLOP/s|exaflops(?![A-Za-z])|exaFLOPS", "eflops"),
    (r"PFLOPS|PFlops|Pflops|petaflops(?![A-Za-z])", "pflops"),
    (r"ZB(?![A-Za-z])|zettabytes?(?![A-Za-z])", "zb"),
    (r"EB(?![A-Za-z])|exabytes?(?![A-Za-z])", "eb"),
    (r"PB(?![A-Za-z])|petabytes?(?![A-Za-z])", "pb"),
    (r"TB(?![A-Za-z])|terabytes?(?![A-Za-z])", "tb"),
    (r"GB(?![A-Za-z])|gigabytes?(?![A-Za-z])", "gb"),
    (r"MB(?![A-Za-z])|megabytes?(?![A-Za-z])", "mb"),
    (r"亿美元|美元|US dollars(?![A-Za-z])|dollars(?![A-Za-z])", "usd"),
    (r"元|yuan(?![A-Za-z])", "yuan"),
    (r"毫秒|milliseconds?(?![A-Za-z])", "ms"),
    (r"Tokens?(?![A-Za-z])|tokens?(?![A-Za-z])|词元", "tokens"),
    (r"标准机架|机架|racks?(?![A-Za-z])", "racks"),
    (r"个工作日|working days(?![A-Za-z])", "working_days"),
)
# Units of time: a number with one of these is a date or a duration, never a figure.
TIME_UNITS = re.compile(
    r"(?:个)?(?:年|月|日|天|秒|小时|分钟|周|星期|季度)|(?:years?|months?|days?|hours?|weeks?|seconds?)\b"
)
ZH_COUNTERS = "个家项件次条款起支户人名架座批地份台张篇部种类所场只辆艘颗套处位"
LATIN_NOUN = re.compile(r"([a-z][a-z\-]*s)\b")

QUALIFIER_BEFORE: tuple[tuple[str, Qualifier], ...] = (
    (r"不少于|不低于|至少|at least|no (?:less|fewer) than|not less than|a minimum of", Qualifier.AT_LEAST),
    (r"不超过|不高于|最多|至多|at most|up to|no more than|a maximum of", Qualifier.AT_MOST),
    (r"不足|不到|少于|低于|未满|less than|fewer than|under|below", Qualifier.LESS_THAN),
    (
        r"超过了|超过|超出|超|逾|突破了|突破|多于|大于|more than|over|exceeding|exceeded|exceeds|exceed|surpassed|"
        r"surpassing|topped|above|in excess of|upwards of",
        Qualifier.MORE_THAN,
    ),
    (r"将近|接近|近|nearly|almost|close to|just under", Qualifier.NEARLY),
    (r"大约|约为|约|大概|估计|about|around|approximately|roughly|some|an estimated", Qualifier.ABOUT),
)
QUALIFIER_AFTER: tuple[tuple[str, Qualifier], ...] = (
    (r"左右|上下|or so\b", Qualifier.ABOUT),
    (r"以上|或以上|or more\b|and above\b|plus\b", Qualifier.AT_LEAST),
    (r"以内|以下|或以下|or less\b|and below\b", Qualifier.AT_MOST),
    (r"多|余|有余", Qualifier.MORE_THAN),
)
_BEFORE = [(re.compile(r"(?:" + words + r")(?:了|的)?\s*$", re.IGNORECASE), q) for words, q in QUALIFIER_BEFORE]
# 不高于理论时延1.5倍: a bound compared with a named quantity (a few characters between the words and the number)
_COMPARED = re.compile(r"(不高于|不超过|不低于|不少于)[\u4e00-\u9fff]{1,6}$")
_AFTER = [(re.compile(r"\s*(?:" + words + r")", re.IGNORECASE), q) for words, q in QUALIFIER_AFTER]

NUMBER = re.compile(r"(?<![A-Za-z0-9.\-/_#])(\d{1,3}(?:,\d{3})+(?!\d)|\d+)(\.\d+)?")
RANGE_JOIN = re.compile(r"\s*[-–—~]\s*(\d+(?:\.\d+)?)")
TENTHS = re.compile(r"([一二三四五六七八九十两])成(?![都员为立果功本交长熟])")
DEFINITION_AFTER = re.compile(r"\s*(?:可|是指|即|相当于|等于|=|is equivalent|equals)")
# ISO dates, times and year ranges: never figures.
MASKS = re.compile(
    r"\b(?:19|20)\d{2}-\d{1,2}-\d{1,2}\b|\b\d{1,2}:\d{2}(?::\d{2})?\b|\b(?:19|20)\d{2}\s*[-–—~至到]\s*(?:19|20)\d{2}\b"
)


@dataclass(frozen=True)
class Figure:
    start: int  # offsets in the sentence: the number and its qualifier, unit
    end: int
    value: Decimal  # in `unit`
    unit: str  # a units.csv id, or the written counter (个, 项...) when none fits
    qualifier: Qualifier
    written: str  # the number as the text writes it
    note: str = ""  # "range 3-4" and similar


def _decimal(integer: str, fraction: str | None) -> Decimal:
    return Decimal(integer.replace(",", "") + (fraction or ""))


def _natural_unit(written: str, factor: Decimal, value: Decimal, context: str) -> tuple[str, Decimal] | None:
    """The unit id for a written unit after the multiplier `factor`, and the value in it."""
    amount = value * factor
    if written == "yuan":
        if factor >= 10**12:
            return "trillion_yuan", amount / 10**12
        if factor >= 10**8:
            return "billion_yuan", amount / 10**9
        return "yuan", amount
    if written == "usd":
        return "billion_usd", amount / 10**9
    if written == "tokens":
        return _token_unit(amount, context)
    return written, amount


def _token_unit(tokens: Decimal, context: str) -> tuple[str, Decimal]:
    daily = re.search(r"日均|每日|每天|一天|a day|per day|daily", context, re.IGNORECASE)
    return ("trillion_tokens_per_day" if daily else "trillion_tokens"), tokens / 10**12


def _qualifier(text: str, start: int, after: int) -> tuple[Qualifier, int, int]:
    """The qualifier of the number at text[start:] whose unit ends at `after`, and the span it widens to."""
    before = text[max(0, start - 16) : start]
    found = Qualifier.EXACT
    left = start
    for pattern, q in _BEFORE:
        m = pattern.search(before)
        if m:
            found, left = q, start - (len(before) - m.start())
            break
    else:
        if m := _COMPARED.search(before):
            found = Qualifier.AT_MOST if m.group(1) in ("不高于", "不超过") else Qualifier.AT_LEAST
            left = start - (len(before) - m.start())
    right = after
    for pattern, q in _AFTER:
        m = pattern.match(text, after)
        if m and not (q == Qualifier.MORE_THAN and text[after : after + 2] in ("多数", "多项", "余额")):
            if found == Qualifier.EXACT or q == found:
                found = q
            right = m.end()
            break
    return found, left, right


def _unit_at(text: str, pos: int) -> tuple[str, int] | None:
    for pattern, unit in WRITTEN_UNITS:
        m = re.compile(r"\s?(?:" + pattern + r")").match(text, pos)
        if m:
            return unit, m.end()
    return None


def find_figures(sentence: str) -> list[Figure]:
    """Every figure `sentence` states, in order (see the module docstring for what is read as a figure)."""
    text = normalise(sentence)
    skip = [(m.start(), m.end()) for m in MASKS.finditer(text)] + _book_titles(text) + _definitions(text)
    figures: list[Figure] = []
    for m in NUMBER.finditer(text):
        if _inside(m.start(), skip) or (figures and m.start() < figures[-1].end):
            continue
        figures.extend(_figures_at(text, m))
    for m in TENTHS.finditer(text):
        if _inside(m.start(), skip):
            continue
        q, left, right = _qualifier(text, m.start(), m.end())
        figures.append(Figure(left, right, Decimal(_ZH_NUM[m.group(1)] * 10), "percent", q, m.group(0)))
    return sorted(figures, key=lambda f: f.start)


def _definitions(text: str) -> list[tuple[int, int]]:
    """Spans of a unit's definition, to the end of its clause: 1PB可存储约5亿张2MB大小的高清照片."""
    spans = []
    for pattern, _ in WRITTEN_UNITS:
        for m in re.finditer(r"(?<![\d.])1\s?(?:" + pattern + r")(?=" + DEFINITION_AFTER.pattern + ")", text):
            spans.append((m.start(), clause_bounds(text, m.start(), m.end())[1]))
    return spans


def _figures_at(text: str, m: re.Match[str]) -> list[Figure]:
    start = m.start()
    if text[max(0, start - 1) : start] == "第" or _per_unit(text, start):
        return []
    values = [_decimal(m.group(1), m.group(2))]
    pos = m.end()
    joined = RANGE_JOIN.match(text, pos)
    if joined and not re.match(r"\s*(?:19|20)\d{2}", text[pos + 1 :]):
        values.append(Decimal(joined.group(1)))
        pos = joined.end()
    factor, pos = _multiplier(text, pos)
    if re.match(r"\s?(?:多|余)", text[pos:]) and not re.match(r"\s?(?:多数|余额)", text[pos:]):
        more, pos = True, pos + 1 + (text[pos] == " ")
    else:
        more = False
    if TIME_UNITS.match(text, pos) and not text.startswith("个工作日", pos):
        return []
    unit_found = _unit_at(text, pos)
    if unit_found is None and factor > 1 and re.match(r"P(?![A-Za-z])", text[pos:]):
        unit_found = ("pflops", pos + 1)  # 10.6万P: ten-thousands of PFLOPS
    if unit_found is not None:
        written_unit, after = unit_found
    elif text[pos : pos + 1] in ZH_COUNTERS and text[pos : pos + 1]:
        written_unit, after = text[pos], pos + 1
    elif text[pos : pos + 1] == " " and (noun := _latin_noun(text, pos + 1)):
        written_unit, after = noun
    elif factor > 1 and re.search(r"token|词元", text, re.IGNORECASE):
        written_unit, after = "tokens", pos
    else:
        return []
    if re.match(r"[A-Za-z]", text[after : after + 1]) and written_unit not in ("tokens",):
        return []  # 5G, 415X: a name, not a unit
    if values == [Decimal(1)] and DEFINITION_AFTER.match(text, after):
        return []  # 1PB可存储…: a unit's definition
    if re.match(r"\s*/\s*(?:秒|s\b)", text[after:]):
        return []  # 1次/秒: a rate's illustration
    q, left, right = _qualifier(text, start, after)
    if more and q == Qualifier.EXACT:
        q = Qualifier.MORE_THAN
    figures = []
    for i, value in enumerate(values):
        converted = _natural_unit(written_unit, Decimal(factor), value, text)
        if converted is None:
            continue
        unit, amount = converted
        qualifier = q
        note = ""
        if len(values) == 2:
            qualifier = Qualifier.AT_LEAST if i == 0 else Qualifier.AT_MOST
            note = f"range {m.group(0)}-{values[1]}: {'lower' if i == 0 else 'upper'} end"
        figures.append(Figure(left, right, amount, unit, qualifier, text[start:after], note))
    return figures


def _latin_noun(text: str, pos: int) -> tuple[str, int] | None:
    """The plural noun a number counts, among the next four lowercase words (10 national data center
    clusters); none after a number word (246 quintillion operations)."""
    for _ in range(4):
        m = re.compile(r"([a-z][a-z\-]*)\s?").match(text, pos)
        if m is None or m.group(1).endswith("illion"):
            return None
        if LATIN_NOUN.fullmatch(m.group(1)):
            return m.group(1), m.start(1) + len(m.group(1))
        pos = m.end()
    return None


def _per_unit(text: str, start: int) -> bool:
    """Whether the number is the base of a rate: 每投入1元, per 1,000 people, every 10 percent."""
    before = text[max(0, start - 5) : start]
    if "每" in re.split(r"[,，、；;。]", before)[-1]:
        return True
    return bool(re.search(r"\b(?:per|every|each)\s+$", text[max(0, start - 7) : start], re.IGNORECASE))


def _multiplier(text: str, pos: int) -> tuple[int, int]:
    for word, factor in ZH_MULTIPLIERS.items():
        if text.startswith(word, pos):
            return factor, pos + len(word)
    m = re.match(r"\s+(trillion|billion|million|thousand)\b", text[pos:], re.IGNORECASE)
    if m:
        return EN_MULTIPLIERS[m.group(1).lower()], pos + m.end()
    return 1, pos


# Units of the project, and exact comparison across units ------------------------------------------

# unit id -> (quantity, factor to that quantity's base): figures in units of one quantity compare exactly.
SCALES: dict[str, tuple[str, Decimal]] = {
    "trillion_yuan": ("yuan", Decimal(10**12)),
    "billion_yuan": ("yuan", Decimal(10**9)),
    "yuan": ("yuan", Decimal(1)),
    "billion_usd": ("usd", Decimal(10**9)),
    "zb": ("bytes", Decimal(10**21)),
    "eb": ("bytes", Decimal(10**18)),
    "pb": ("bytes", Decimal(10**15)),
    "tb": ("bytes", Decimal(10**12)),
    "gb": ("bytes", Decimal(10**9)),
    "mb": ("bytes", Decimal(10**6)),
    "eflops": ("flops", Decimal(10**18)),
    "pflops": ("flops", Decimal(10**15)),
    "trillion_tokens_per_day": ("tokens_per_day", Decimal(10**12)),
    "trillion_tokens": ("tokens", Decimal(10**12)),
    "ms": ("seconds", Decimal("0.001")),
}


def scale(unit: str) -> tuple[str, Decimal]:
    return SCALES.get(unit, (unit, Decimal(1)))


def convert(value: Decimal, unit: str, target: str) -> Decimal | None:
    """`value` in `unit` expressed exactly in `target`, or None when they measure different things."""
    (q1, f1), (q2, f2) = scale(unit), scale(target)
    if q1 != q2:
        return None
    return value * f1 / f2


def same_figure(value_a: Decimal, unit_a: str, value_b: Decimal, unit_b: str) -> bool:
    converted = convert(value_a, unit_a, unit_b)
    return converted is not None and converted == value_b


@dataclass(frozen=True)
class UnitSpec:
    unit_id: str
    counter: str  # the Chinese counter (label_zh): 个, 家...
    nouns: tuple[str, ...]  # words naming what is counted, Chinese and English


def unit_specs(units: Sequence[dict[str, Any]]) -> list[UnitSpec]:
    """What the units table says about each count unit: its counter and the nouns of what it counts."""
    specs = []
    for row in units:
        if row.get("kind") != "count":
            continue
        axis = re.sub(r"（.*?）|\(.*?\)", "", row.get("axis_zh") or "")
        noun = re.sub(r"(?:数量|数)$", "", axis)
        english = (row.get("label_en") or "").split()
        nouns = tuple(n for n in (noun, english[-1] if english else "", row["unit_id"]) if n)
        specs.append(UnitSpec(row["unit_id"], row.get("label_zh") or "", nouns))
    return specs


def count_unit(written: str, context: str, position: int, specs: Sequence[UnitSpec]) -> str:
    """The units.csv id of a counted figure: the unit whose noun stands nearest the number in its clause,
    else the counter as written (a metric with that counter may still take it: see `match_metric`)."""
    if written in {s.unit_id for s in specs}:
        return written
    best: tuple[int, str] | None = None
    lowered = context.lower()
    for spec in specs:
        if written in ZH_COUNTERS and spec.counter != written and written not in "个個地":
            continue
        for noun in spec.nouns:
            n = noun.lower()
            if len(n) < 2 and n != written:  # 人 (people): the counter is the noun
                continue
            for m in re.finditer(re.escape(n), lowered):
                distance = abs(m.start() - position)
                if best is None or distance < best[0]:
                    best = (distance, spec.unit_id)
    return best[1] if best is not None else written


# Status ------------------------------------------------------------------------------------------

ESTIMATE_WORDS = re.compile(r"测算|估算|估计|推算|\bestimat", re.IGNORECASE)
FORECAST_WORDS = re.compile(r"预计|预测|预期|有望|\bexpected\b|\bforecast|\bprojected\b|\bis set to\b", re.IGNORECASE)
TARGET_WORDS = re.compile(r"目标|力争|\btargets?\b|\baims? to\b|\bgoal\b", re.IGNORECASE)
PLAN_WORDS = re.compile(r"将|计划|拟|\bwill\b|\bplans? to\b", re.IGNORECASE)


def status_of(sentence: str, clause: str, as_of: dt.date, published: dt.date) -> tuple[Status, str]:
    """actual, target, forecast or estimate, from the words of the sentence and the date described (a date
    after publication is a target unless the words say forecast or estimate); and why."""
    text, part = normalise(sentence), normalise(clause)
    if m := ESTIMATE_WORDS.search(text):
        return Status.ESTIMATE, f"'{m.group(0)}'"
    if m := FORECAST_WORDS.search(text):
        return Status.FORECAST, f"'{m.group(0)}'"
    if m := TARGET_WORDS.search(text):
        return Status.TARGET, f"'{m.group(0)}'"
    if as_of > published:
        return Status.TARGET, "a date after publication"
    if m := PLAN_WORDS.search(part):
        return Status.TARGET, f"'{m.group(0)}'"
    return Status.ACTUAL, ""


# Metrics -----------------------------------------------------------------------------------------

_EN_STOP = frozenset(
    [
        "the",
        "of",
        "and",
        "in",
        "a",
        "an",
        "for",
        "by",
        "on",
        "to",
        "with",
        "as",
        "at",
        "from",
        "its",
        "their",
        "per",
        "one",
        "all",
    ]
)


@dataclass(frozen=True)
class MetricSpec:
    metric_id: str
    unit: str
    zh: frozenset[str]  # character pairs of the Chinese name
    en: frozenset[str]  # words of the English name
    counter: str = ""  # the Chinese counter of a count unit (个, 家, 次...)


def metric_specs(metrics: Sequence[dict[str, Any]], units: Sequence[dict[str, Any]] = ()) -> list[MetricSpec]:
    counters = {u["unit_id"]: u.get("label_zh") or "" for u in units if u.get("kind") == "count"}
    specs = []
    for row in metrics:
        zh = re.sub(r"（.*?）|\(.*?\)", "", row.get("name_zh") or "")
        en = re.sub(r"\(.*?\)", "", row.get("name_en") or "").lower()
        words = frozenset(w for w in re.findall(r"[a-z][a-z\-]+", en) if w not in _EN_STOP)
        specs.append(MetricSpec(row["metric_id"], row["unit"], _pairs(zh), words, counters.get(row["unit"], "")))
    return specs


def _pairs(text: str) -> frozenset[str]:
    han = re.sub(r"[^\u4e00-\u9fff]", "", normalise(text))
    return frozenset(han[i : i + 2] for i in range(len(han) - 1))


def match_metric(
    context: str, unit: str, specs: Sequence[MetricSpec], counter: str = ""
) -> tuple[MetricSpec, float] | None:
    """The metric whose name the context states best, among those whose unit measures the same quantity
    as `unit` (or, for a figure counted with `counter`, whose unit counts with it); with the share of its
    name found (at least 0.6), else None."""
    pairs = _pairs(context)
    words = set(re.findall(r"[a-z][a-z\-]+", context.lower()))
    best: tuple[MetricSpec, float] | None = None
    for spec in specs:
        if scale(spec.unit)[0] != scale(unit)[0] and not (counter and spec.counter == counter):
            continue
        zh = len(spec.zh & pairs) / len(spec.zh) if spec.zh else 0.0
        en = len(spec.en & words) / len(spec.en) if spec.en else 0.0
        score = max(zh, en)
        if score >= 0.6 and (best is None or score > best[1]):
            best = (spec, score)
    return best


# Proposals ---------------------------------------------------------------------------------------

PROPOSAL_COLUMNS = (
    "metric_id",
    "value",
    "unit",
    "qualifier",
    "as_of",
    "as_of_precision",
    "status",
    "evidence",
    "excerpt",
    "confidence",
    "reason",
    "period_start",
    "published",
    "source_id",
    "url",
    "decision",
)


@dataclass
class Proposal:
    metric_id: str
    value: Decimal
    unit: str
    qualifier: Qualifier
    as_of: dt.date
    as_of_precision: Precision
    status: Status
    evidence: str
    excerpt: str
    confidence: float
    reason: str
    period_start: dt.date | None = None
    published: dt.date | None = None
    source_id: str = ""
    url: str = ""
    decision: str = ""
    implicit_date: bool = field(default=False, repr=False)

    def row(self) -> dict[str, str]:
        """The proposal as a CSV row (PROPOSAL_COLUMNS)."""
        return {
            "metric_id": self.metric_id,
            "value": format_decimal(self.value),
            "unit": self.unit,
            "qualifier": str(self.qualifier),
            "as_of": self.as_of.isoformat(),
            "as_of_precision": str(self.as_of_precision),
            "status": str(self.status),
            "evidence": self.evidence,
            "excerpt": self.excerpt,
            "confidence": f"{self.confidence:.2f}",
            "reason": self.reason,
            "period_start": self.period_start.isoformat() if self.period_start else "",
            "published": self.published.isoformat() if self.published else "",
            "source_id": self.source_id,
            "url": self.url,
            "decision": self.decision,
        }


def format_decimal(value: Decimal) -> str:
    """A Decimal as a plain number: no exponent, no trailing zeros (250.89, 35000, 0.1)."""
    text = format(value.normalize(), "f")
    return text


def _date_for(figure: Figure, sentence: str, dates: list[DateSpan]) -> DateSpan | None:
    """The date a figure describes: the nearest date in its clause, else the nearest before it in the
    sentence, else the first after it."""
    if not dates:
        return None
    left, right = clause_bounds(normalise(sentence), figure.start, figure.end)
    in_clause = [d for d in dates if d.start >= left and d.end <= right]
    if in_clause:
        return min(in_clause, key=lambda d: min(abs(d.end - figure.start), abs(d.start - figure.end)))
    before = [d for d in dates if d.end <= figure.start]
    if before:
        return before[-1]
    after = [d for d in dates if d.start >= figure.end]
    return after[0] if after else None


def evidence_span(sentence: str, figure: Figure) -> str:
    """The shortest span of the sentence that states the figure: its clause, with the clause before it
    when the clause alone names nothing but the number (同比增长5.5%), within the evidence length limit."""
    text = normalise(sentence)
    left, right = clause_bounds(text, figure.start, figure.end)
    # brackets and quotes inside a clause are part of it: extend past them
    while left > 0 and text[left - 1] in '“"(（' and left - 1 > 0:
        left, _ = clause_bounds(text, left - 1, left - 1)
    words = re.sub(r"[\d.,%]|同比|增长|下降|分别|为|达|达到|了|和|、", "", text[left:right]).strip()
    if len(words) < 4 and left > 1:
        prev_left, _ = clause_bounds(text, left - 2, left - 2)
        left = prev_left
    phrase = sentence[left:right].strip(" ,，、。！？；!?;.")
    while count_words(phrase) > MAX_EVIDENCE_WORDS and len(phrase) > figure.end - figure.start:
        offset = sentence.find(phrase)
        cut = max(offset + 1, min(figure.start, offset + len(phrase) // 4))
        phrase = sentence[cut : offset + len(phrase)].strip(" ,，、")
        if count_words(phrase) > MAX_EVIDENCE_WORDS:
            phrase = sentence[figure.start - min(20, figure.start) : figure.end].strip(" ,，、")
            break
    return phrase


# A sentence that names who says or measures it starts a statement of its own: it takes no date from the
# sentence before.
NEW_SOURCE = re.compile(
    r"测算|測算|显示|顯示|表示|介绍|介紹|指出|(?<![数數])据.{1,12}(?:统计|數據|数据)|according to|\bsaid\b|\bsays\b"
)


def propose(
    text: str,
    published: dt.date,
    metrics: Sequence[dict[str, Any]] = (),
    units: Sequence[dict[str, Any]] = (),
    *,
    source_id: str = "",
    url: str = "",
) -> list[Proposal]:
    """One proposal per figure stated in `text` (a figure stated again later in the same report is
    proposed once), in the order the report states them."""
    metric_list = metric_specs(metrics, units)
    count_specs = unit_specs(units)
    known_units = {u["unit_id"] for u in units}
    proposals: list[Proposal] = []
    previous: tuple[int, DateSpan | None] = (-1, None)
    for sentence in split_sentences(text):
        dates = find_dates(sentence.text, published)
        inherited = previous[1] if previous[0] == sentence.paragraph and not NEW_SOURCE.search(sentence.text) else None
        for figure in find_figures(sentence.text):
            proposals.append(
                _proposal(
                    sentence, figure, dates, inherited, published, metric_list, count_specs, known_units, source_id, url
                )
            )
        if dates:
            previous = (sentence.paragraph, dates[-1])
        elif previous[0] != sentence.paragraph:
            previous = (sentence.paragraph, None)
    return dedupe(proposals)


def _proposal(
    sentence: Sentence,
    figure: Figure,
    dates: list[DateSpan],
    inherited: DateSpan | None,
    published: dt.date,
    metrics: Sequence[MetricSpec],
    count_specs: Sequence[UnitSpec],
    known_units: set[str],
    source_id: str,
    url: str,
) -> Proposal:
    text = normalise(sentence.text)
    reasons: list[str] = []
    confidence = 0.9
    date = _date_for(figure, sentence.text, dates)
    if date is None and inherited is not None:
        date, confidence = inherited, confidence - 0.1
        reasons.append("date from the sentence before")
    if date is None:
        date = DateSpan(0, 0, published, Precision.DAY, implicit=True)
        confidence -= 0.2
        reasons.append("no date in the text: dated by publication")
    else:
        reasons.append(f"date from '{sentence.text[date.start : date.end]}'")
    left, right = clause_bounds(text, figure.start, figure.end)
    clause = text[left:right]
    status, why = status_of(text, clause, date.as_of, published)
    if status != Status.ACTUAL:
        reasons.append(f"{status} ({why})")
    unit = figure.unit
    counter = unit if len(unit) == 1 and unit in ZH_COUNTERS else ""
    if unit not in SCALES and unit not in ("percent", "percentage_points", "times"):
        unit = count_unit(unit, clause, figure.start - left, count_specs)
    context = text[max(0, figure.start - 40) : figure.end + 10]
    match = match_metric(context, unit, metrics, counter if unit == counter else "")
    value = figure.value
    metric_id = ""
    if match is not None:
        spec, score = match
        converted = value if unit == counter else convert(value, unit, spec.unit)
        if converted is not None:
            metric_id, value, unit = spec.metric_id, converted, spec.unit
            reasons.append(f"indicator {spec.metric_id} ({score:.0%} of its name)")
            confidence -= 0.3 * (1 - score)
    if not metric_id:
        confidence -= 0.2
        reasons.append(f"no indicator matches: suggest a new one, e.g. {suggest_metric_id(clause, unit)}")
    if unit not in known_units:
        confidence -= 0.1
        reasons.append(f"unit '{unit}' is not in units.csv")
    if figure.note:
        confidence -= 0.1
        reasons.append(figure.note)
    if figure.qualifier != Qualifier.EXACT:
        reasons.append(f"{figure.qualifier} from '{sentence.text[figure.start : figure.end]}'")
    return Proposal(
        metric_id=metric_id,
        value=value,
        unit=unit,
        qualifier=figure.qualifier,
        as_of=date.as_of,
        as_of_precision=date.precision,
        status=status,
        evidence=evidence_span(sentence.text, figure),
        excerpt=sentence.text,
        confidence=round(max(0.05, min(confidence, 0.99)), 2),
        reason="; ".join(reasons),
        period_start=date.period_start,
        published=published,
        source_id=source_id,
        url=url,
        implicit_date=date.implicit,
    )


def suggest_metric_id(clause: str, unit: str) -> str:
    """A new metric id to start from: the clause's first English words and the unit (new_<unit> for a
    Chinese clause); the curator renames it."""
    words = [w for w in re.findall(r"[a-z]+", clause.lower()) if w not in _EN_STOP and len(w) > 2][:3]
    unit_part = re.sub(r"[^a-z0-9_]", "", unit.lower()) or "count"
    return "_".join([*(words or ["new"]), unit_part])


def dedupe(proposals: list[Proposal]) -> list[Proposal]:
    """Drop restatements: a later figure of the same value, unit and status that is exact or has the same
    qualifier restates an earlier one. The one kept is the first whose date the text states."""
    kept: list[Proposal] = []
    for p in proposals:
        twin = next(
            (
                k
                for k in kept
                if k.status == p.status
                and same_figure(p.value, p.unit, k.value, k.unit)
                and (p.qualifier == Qualifier.EXACT or p.qualifier == k.qualifier)
            ),
            None,
        )
        if twin is None:
            kept.append(p)
        elif twin.implicit_date and not p.implicit_date:
            if p.qualifier == Qualifier.EXACT and twin.qualifier != Qualifier.EXACT:
                p = replace(p, qualifier=twin.qualifier)
            kept[kept.index(twin)] = p
    return kept
