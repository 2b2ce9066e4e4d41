"""The take-away deck (issue 14): the slides presentation mode shows (`deck.deck`), as an editable PowerPoint
file made with python-pptx.

- A title slide with the dataset version and date.
- A slide per chart: the chart as a picture drawn on the server at twice its size (`image_export`),
  its finding as the slide's title, and its source line as text.
- A slide per group of figures, as native text boxes (value with qualifier, label, date, source) that
  can be edited.
- Speaker notes on every slide: the chart's summary, each figure with its qualifier, date and source,
  and how to cite it.
- A closing slide of sources with their grades.

Every sentence comes from the catalogue in the deck's language. Built once per dataset version and
language (`per_dataset`), and each chart's picture once (shared by the page decks and the whole deck).
Pure: no Streamlit here.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import re
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd
from lxml import etree  # type: ignore[import-untyped]  # python-pptx's own XML library
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from dashboard import charts, figures, models
from dashboard.cache import per_dataset
from dashboard.charts import Chart
from dashboard.data import DataFileError, load_table
from dashboard.formatting import format_date, iso_date
from dashboard.i18n import pick, t
from dashboard.layouts import Block, BlockKind
from dashboard.navigation import AREA_PAGE_IDS
from dashboard.schema import ObservationKind, Precision, Status
from dashboard.takeaway import deck, image_export
from dashboard.takeaway.deck import SlideKind
from dashboard.theme import palette

LOG = logging.getLogger("dashboard")
FILE_STEM = "china-data-market-monitor"
MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
# Pages with a deck of their own (and a brief): the overview and the priorities.
PAGES_WITH_DOWNLOADS = ("overview", *AREA_PAGE_IDS)

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.55)
PICTURE_TOP, PICTURE_BOTTOM = Inches(1.75), Inches(6.4)
PICTURE_PX = 1100  # CSS width the picture is drawn at (then twice that in pixels): type reads at ~12 pt
PICTURE_FONT_SCALE = 1.15
MAX_NOTE_ITEMS = 30  # figures, places or events listed in one slide's notes (the rest are counted)
MAX_NOTE_SOURCES = 12  # sources cited in one slide's notes
# the closing slides' columns of sources: from below the lead line on the first, below the title on the others
SOURCES_TOP, SOURCES_TOP_MORE, SOURCES_BOTTOM = Inches(2.0), Inches(1.55), Inches(6.9)
SOURCE_COLUMNS, SOURCE_GAP, SOURCE_SIZE, SOURCE_SPACE = 2, Inches(0.35), 10, 4  # columns, gap, points, points after
MAX_TITLE = 90  # characters of a source's title on the closing slide (the notes give it whole)
LATIN_FONT, EAST_ASIAN_FONT = "Arial", "Microsoft YaHei"  # Office's own; LibreOffice maps them to its fonts
PAL = palette("light")


def plain(text: str) -> str:
    """Text the view-models escaped for Markdown, as it reads."""
    return re.sub(r"\\(.)", r"\1", text or "")


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


# What the slides say -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CardText:
    label: str
    value: str
    delta: str | None
    when: str
    source: str
    remarks: tuple[str, ...]  # low grade, in conflict, single source, possibly outdated


@dataclass
class SlideText:
    kind: SlideKind
    kicker: str
    title: str
    notes: list[str]
    picture: bytes | None = None
    picture_size: tuple[int, int] = (0, 0)  # px
    source_line: str = ""
    cards: tuple[CardText, ...] = ()
    # the title slide's lines of text; a sources slide's lead line (as a pair with an empty first)
    lines: tuple[str, ...] | tuple[tuple[str, str], ...] = ()
    source_ids: list[str] = field(default_factory=list)  # sources cited (with repeats: one per figure)
    columns: tuple[tuple[tuple[str, str], ...], ...] = ()  # a sources slide's columns of (publisher, rest)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@per_dataset
def release() -> pd.Series:
    return load_table("release").iloc[0]


def page_name(page_id: str, lang: str) -> str:
    return t("overview.title", lang) if page_id == "overview" else t(f"nav.{page_id}", lang)


def file_name(what: str, lang: str, extension: str) -> str:
    """'china-data-market-monitor-ai-datasets-en-2026-12-01.pptx': what, language and the dataset's date
    (left out when the release record cannot be read: the page still offers its downloads)."""
    try:
        when = "-" + iso_date(release()["released"])
    except DataFileError:
        when = ""
    return f"{FILE_STEM}-{what.replace('_', '-')}-{lang}{when}.{extension}"


def deck_file_name(page_id: str | None, lang: str) -> str:
    return file_name(page_id or "all-pages", lang, "pptx")


@per_dataset
def _sources() -> pd.DataFrame:
    return load_table("sources").set_index("source_id")


def source_citation(source_id: str, lang: str) -> str:
    source = _sources().loc[source_id]
    url = source["url"] if isinstance(source["url"], str) and source["url"] else t("deck.notes.no_url", lang)
    return t(
        "deck.notes.source",
        lang,
        publisher=pick(source, "publisher", lang),
        date=format_date(source["published"], source["published_precision"], lang),
        title=pick(source, "title", lang),
        url=url,
    )


def citation(page: str, lang: str) -> str:
    rel = release()
    return t(
        "deck.notes.cite",
        lang,
        year=iso_date(rel["released"])[:4],
        title=rel["title"],
        version=rel["version"],
        page=page,
        licence=rel["licence"],
    )


def _cite_block(source_ids: list[str], page: str, lang: str) -> list[str]:
    ordered = [s for s, _ in Counter(source_ids).most_common()]
    lines = ["", citation(page, lang), t("deck.notes.cite_sources", lang)]
    lines += [f"- {source_citation(s, lang)}" for s in ordered[:MAX_NOTE_SOURCES]]
    if len(ordered) > MAX_NOTE_SOURCES:
        lines.append(t("deck.sources_more", lang, n=len(ordered) - MAX_NOTE_SOURCES))
    return lines


def figure_line(row, lang: str) -> str:
    """One figure for the notes: its name, value with qualifier (long form), date, source and grade."""
    when = format_date(row["as_of"], row["as_of_precision"], lang)
    if row["status"] != Status.ACTUAL:
        when = t("kpi.status", lang, status=t("status." + row["status"], lang), date=when)
    return t(
        "deck.notes.figure",
        lang,
        label=pick(row, "name", lang),
        value=charts.value_text(row, lang, long=True),
        when=when,
        publisher=charts.publisher(row, lang),
        published=format_date(row["published"], row["published_precision"], lang),
        grade=t("grade." + row["grade"], lang) if isinstance(row.get("grade"), str) else "",
    )


def _row_lines(rows: pd.DataFrame, lang: str) -> list[str]:
    """A line per figure, place or event behind a chart (the first MAX_NOTE_ITEMS, then how many more)."""
    more = [t("deck.notes.more", lang, n=len(rows) - MAX_NOTE_ITEMS)] if len(rows) > MAX_NOTE_ITEMS else []
    return _item_lines(rows, lang)[:MAX_NOTE_ITEMS] + more


def _item_lines(rows: pd.DataFrame, lang: str) -> list[str]:
    if rows.empty:
        return []
    if "target_id" in rows:  # the targets' progress chart: each target's checked sentence and its document
        items = {i.target_id: i for i in models.target_items(lang)}
        return [
            f"{items[tid].sentence} {t('fmt.labelled', lang, label=t('targets.col.document', lang), text=items[tid].document)}"
            for tid in rows.target_id.head(MAX_NOTE_ITEMS)
            if tid in items
        ]
    if "obs_id" in rows:
        ordered = rows.sort_values(["metric_id", "as_of", "published"], kind="stable").head(MAX_NOTE_ITEMS)
        return [figure_line(r, lang) for _, r in ordered.iterrows()]
    if "event_id" in rows:
        return [
            t(
                "deck.notes.event",
                lang,
                when=format_date(r["start"], r["date_precision"], lang),
                title=pick(r, "title", lang),
                publisher=charts.publisher(r, lang),
                published=format_date(r["published"], r["published_precision"], lang),
            )
            for _, r in rows.sort_values("start", kind="stable").head(MAX_NOTE_ITEMS).iterrows()
        ]
    if "place_id" in rows and "role" in rows:
        return [
            t(
                "deck.notes.place",
                lang,
                place=pick(r, "name", lang),
                role=t("chart.map.role." + r["role"], lang),
                publisher=charts.publisher(r, lang),
                published=format_date(r["published"], r["published_precision"], lang),
            )
            for _, r in rows.head(MAX_NOTE_ITEMS).iterrows()
        ]
    return []


def chart_title(chart: Chart) -> str:
    return (
        re.sub(r"\s+", " ", deck._plain_title(chart.figure))
        .strip()
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
    )


def chart_slide(block: Block, page_id: str, lang: str) -> SlideText | None:
    chart = figures.block_chart(block, lang, "light")
    if chart is None:
        return None
    picture, size = slide_picture(block, lang)
    page = page_name(page_id, lang)
    ids = [s for s in chart.rows.get("source_id", pd.Series(dtype=str)).dropna()]
    notes = [
        t("deck.notes.summary", lang, summary=chart.summary),
        "",
        t("deck.notes.figures", lang),
        *(f"- {line}" for line in _row_lines(chart.rows, lang)),
        *_cite_block(ids, page, lang),
    ]
    footnote = [line for line in charts.footnote_text(chart.figure) if line != t("chart.footer_site", lang)]
    return SlideText(
        SlideKind.CHART,
        page,
        chart_title(chart),
        notes,
        picture=picture,
        picture_size=size,
        source_line=" ".join(footnote),
        source_ids=ids,
    )


def card_text(metric_id: str, lang: str) -> tuple[CardText, pd.Series] | None:
    card = models.kpi(metric_id, lang)
    latest = latest_row(metric_id)
    if card is None or latest is None:
        return None
    parts = [plain(p) for p in card.caption.split(" · ")]
    source = t(
        "deck.source_of",
        lang,
        publisher=charts.publisher(latest, lang),
        date=format_date(latest["published"], latest["published_precision"], lang),
    )
    if latest["kind"] == ObservationKind.DERIVED:
        source = t("chart.legend.derived", lang)
    remarks = tuple(parts[2:]) + ((plain(card.later_low),) if card.later_low else ())
    return CardText(plain(card.label), card.value, card.delta, parts[0], source, remarks), latest


def latest_row(metric_id: str) -> pd.Series | None:
    """The report a metric's card shows (the same `models.reports` its card is made from), for the notes."""
    return models.reports(metric_id)["latest"]


def card_finding(card: CardText, latest: pd.Series, lang: str) -> str:
    """What a card says, as a title: its metric, value and date in the series charts' own wording (the
    status said for a target or forecast)."""
    name = pick(latest, "name", lang)
    when = format_date(latest["as_of"], latest["as_of_precision"], lang)
    if latest["status"] != Status.ACTUAL:
        when = t("kpi.status", lang, status=t("status." + latest["status"], lang), date=when)
        return t("deck.cards.planned", lang, metric=name, latest=card.value, date=when)
    key = "title.series_year" if latest["as_of_precision"] == Precision.YEAR else "title.series"
    return t(key, lang, metric=name, latest=card.value, date=when)


def cards_title(built: list[tuple[CardText, pd.Series]], lang: str) -> str:
    """A group's title: its first card's finding, and how many more figures the slide shows."""
    card, latest = built[0]
    finding = card_finding(card, latest, lang)
    if len(built) == 1:
        return finding
    key = "deck.cards.title_one" if len(built) == 2 else "deck.cards.title"
    return t(key, lang, finding=finding, n=len(built) - 1)


def cards_slides(block: Block, page_id: str, lang: str) -> list[SlideText]:
    """A group of cards as slides: one slide if every card's text fits its box, else the group split into
    slides of fewer (larger) cards (`card_layout`)."""
    built = [c for c in (card_text(m, lang) for m in block.metrics) if c is not None]
    if not built:
        return []
    page = page_name(page_id, lang)
    kicker = t("deck.kicker", lang, page=page, group=t(block.title_key, lang)) if block.title_key else page
    per_slide = max_cards_per_slide([c for c, _ in built])
    out = []
    for start in range(0, len(built), per_slide):
        part = built[start : start + per_slide]
        notes = [t("deck.notes.figures", lang)]
        ids = []
        for card, latest in part:
            notes.append(f"- {figure_line(latest, lang)}")
            if latest["kind"] == ObservationKind.REPORTED:
                notes.append(f"  “{latest['evidence']}”")
                ids.append(latest["source_id"])
            notes.extend(f"  {remark}" for remark in card.remarks)
        notes += ["", t("deck.notes.qualifiers", lang), *_cite_block(ids, page, lang)]
        out.append(
            SlideText(
                SlideKind.CARDS,
                kicker,
                cards_title(part, lang),
                notes,
                cards=tuple(c for c, _ in part),
                source_ids=ids,
            )
        )
    return out


def _draw_pictures(blocks: list[Block], lang: str) -> None:
    """Draw (and cache) the pictures of some chart slides, in order; a failure is left to the slide that
    needs the picture, which tries again and reports it."""
    for block in blocks:
        try:
            if figures.block_chart(block, lang, "light") is not None:
                slide_picture(block, lang)
        except Exception:  # noqa: BLE001 - see above
            LOG.warning("drawing a slide's picture failed; the slide will try again", exc_info=True)
            return


def _card_groups_joined(slides, lang: str) -> list[tuple[str, Block]]:
    """The slides' (page, block) pairs, a group of cards that presentation mode splits over slides joined
    again as the page declares it (`deck.page_contents`; the deck splits it by what fits: `cards_slides`);
    a page shown as a whole (the explorer) has nothing to take away as a slide and is left out."""
    out: list[tuple[str, Block]] = []
    groups: dict[str, list[tuple[str, ...]]] = {}
    for slide in slides:
        block = slide.block
        if block is None:
            continue
        if out and block.kind == BlockKind.CARDS and out[-1][0] == slide.page_id:
            page, last = out[-1]
            joined = (*last.metrics, *block.metrics)
            if page not in groups:
                groups[page] = [b.metrics for b in deck.page_contents(page, lang) if b.kind == BlockKind.CARDS]
            if last.kind == BlockKind.CARDS and any(g[: len(joined)] == joined for g in groups[page]):
                out[-1] = (page, dataclasses.replace(last, metrics=joined))
                continue
        out.append((slide.page_id, block))
    return out


def slide_texts(page_id: str | None, lang: str) -> list[SlideText]:
    """The deck's slides, from the presentation's slides of one page (or of every page). The pictures are
    drawn in Chromium by a helper thread while this one writes the text (a slide whose picture is still
    being drawn waits for it: the picture cache builds each key once)."""
    slides = [s for s in deck.deck(lang) if page_id is None or s.page_id == page_id]
    helper = threading.Thread(
        target=_draw_pictures,
        args=([s.block for s in slides if s.kind == SlideKind.CHART], lang),
        name="deck-pictures",
        daemon=True,
    )
    helper.start()
    out: list[SlideText] = []
    for page, block in _card_groups_joined(slides, lang):
        if block.kind == BlockKind.CARDS:
            out.extend(cards_slides(block, page, lang))
        else:
            built = chart_slide(block, page, lang)
            if built is not None:
                out.append(built)
    helper.join()
    subject = page_name(page_id, lang) if page_id else t("deck.all_pages", lang)
    ids = [s for built in out for s in built.source_ids]
    closing = sources_slides([s for s, _ in Counter(ids).most_common()], subject, lang)
    version = plain(models.version_line(lang))
    title = SlideText(
        SlideKind.TITLE,
        t("app.title", lang),
        subject,
        [version, t("deck.notes.qualifiers", lang), "", citation(subject, lang)],
        lines=(
            t("deck.subtitle", lang),
            version,
            plain(models.currency(lang)),
            t("deck.built", lang, slides=len(out) + 1 + len(closing)),
        ),
    )
    return [title, *out, *closing]


def source_entry(source_id: str, lang: str) -> tuple[str, str]:
    """A source on the closing slides: its publisher, and the rest of its line (date, grade, title)."""
    source = _sources().loc[source_id]
    return (
        pick(source, "publisher", lang) + t("punct.colon", lang),
        t(
            "deck.sources_line",
            lang,
            date=format_date(source["published"], source["published_precision"], lang),
            grade=t("grade." + source["grade"], lang),
            title=_clip(pick(source, "title", lang), MAX_TITLE),
        ),
    )


def _entry_height(entry: tuple[str, str]) -> float:
    room = Emu(_source_column() - Inches(0.1)).pt
    return text_height([("".join(entry), SOURCE_SIZE, False)], room) + SOURCE_SPACE


def sources_slides(ranked: list[str], subject: str, lang: str) -> list[SlideText]:
    """The closing slides: every source cited, most used first, over as many slides as they need (two
    columns a slide); each slide's notes cite the sources it lists."""
    entries = [(s, source_entry(s, lang)) for s in ranked]
    slides: list[list[list[tuple[str, tuple[str, str]]]]] = [[[]]]
    used = 0.0
    for source_id, entry in entries:
        height = _entry_height(entry)
        room = Emu(SOURCES_BOTTOM - (SOURCES_TOP if len(slides) == 1 else SOURCES_TOP_MORE)).pt * FILL
        if used + height > room and slides[-1][-1]:
            if len(slides[-1]) == SOURCE_COLUMNS:
                slides.append([])
            slides[-1].append([])
            used = 0.0
        slides[-1][-1].append((source_id, entry))
        used += height
    out = []
    for number, columns in enumerate(slides, 1):
        listed = [source_id for column in columns for source_id, _ in column]
        title = t("deck.sources_title", lang)
        if len(slides) > 1:
            title = t("deck.sources_title_part", lang, title=title, n=number, total=len(slides))
        out.append(
            SlideText(
                SlideKind.SOURCES,
                subject,
                title,
                [
                    citation(subject, lang),
                    t("deck.notes.cite_sources", lang),
                    *(f"- {source_citation(s, lang)}" for s in listed),
                ],
                lines=(("", t("deck.sources_lead", lang) if number == 1 else ""),),
                columns=tuple(tuple(entry for _, entry in column) for column in columns),
            )
        )
    return out


# Pictures ------------------------------------------------------------------------------------------


def picture_box() -> tuple[int, int]:
    return SLIDE_WIDTH - 2 * MARGIN, PICTURE_BOTTOM - PICTURE_TOP


@per_dataset
def slide_picture(block: Block, lang: str) -> tuple[bytes, tuple[int, int]]:
    """A chart as the slide shows it, drawn once per dataset version and language (shared by the page decks
    and the whole deck): the picture's box at PICTURE_PX CSS pixels wide, in twice as many pixels, without
    the title and source line (the slide sets those as text)."""
    chart = figures.block_chart(block, lang, "light")
    if chart is None:
        raise ValueError(f"block {block} draws no chart")
    width, height = picture_box()
    px_height = round(PICTURE_PX * height / width)
    figure = charts.for_picture(chart.figure, PICTURE_FONT_SCALE)
    image = image_export.render([figure], scale=2, width=PICTURE_PX, height=px_height)[0]
    return image, (PICTURE_PX * 2, px_height * 2)


# Drawing -------------------------------------------------------------------------------------------


def _font(run, size: float, *, bold: bool = False, colour: str | None = None) -> None:
    """A run's type, with a typeface for Chinese; its paragraph keeps punctuation inside the box (no
    hanging punctuation at a line's end, which LibreOffice allows by default)."""
    run._r.getparent().get_or_add_pPr().set("hangingPunct", "0")  # noqa: SLF001 - no python-pptx API for it
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = LATIN_FONT
    run.font.color.rgb = _rgb(colour or PAL.text)
    rpr = run.font._rPr  # noqa: SLF001 - python-pptx sets only the Latin typeface; Chinese text needs its own
    latin = rpr.find(qn("a:latin"))
    if rpr.find(qn("a:ea")) is None:
        ea = etree.SubElement(rpr, qn("a:ea"))
        ea.set("typeface", EAST_ASIAN_FONT)
        latin.addnext(ea)


def _text(slide, left, top, width, height, paragraphs, *, anchor=MSO_ANCHOR.TOP, align=PP_ALIGN.LEFT):
    """A text box; `paragraphs` is a list of (text, size, bold, colour)."""
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = Inches(0.05)
    for index, (text, size, bold, colour) in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = text
        _font(run, size, bold=bold, colour=colour)
    return box


TITLE_TOP, TITLE_HEIGHT = Inches(0.62), Inches(1.05)


def title_size(text: str, size: float, width: int, height: int) -> float:
    """The largest type, from `size` down in 2-point steps (to 16), at which a title fits its box."""
    room = Emu(width - Inches(0.1)).pt
    while size > 16 and text_height([(text, size, True)], room) > Emu(height).pt * FILL:
        size -= 2
    return size


def _title(slide, text: str, size: float = 26, top: int = TITLE_TOP, height: int = TITLE_HEIGHT) -> None:
    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = MARGIN, top, SLIDE_WIDTH - 2 * MARGIN, height
    frame = shape.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP
    frame.margin_left = frame.margin_right = Inches(0.05)
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    run = paragraph.add_run()
    run.text = text
    _font(run, title_size(text, size, shape.width, shape.height), bold=True)


def _kicker_and_footer(slide, kicker: str, number: int, total: int, lang: str) -> None:
    _text(slide, MARGIN, Inches(0.25), SLIDE_WIDTH - 2 * MARGIN, Inches(0.4), [(kicker, 14, True, PAL.accent)])
    version = release()["version"]
    _text(
        slide,
        MARGIN,
        SLIDE_HEIGHT - Inches(0.45),
        Inches(9),
        Inches(0.3),
        [(t("deck.footer", lang, version=version), 10, False, PAL.muted)],
    )
    _text(
        slide,
        SLIDE_WIDTH - MARGIN - Inches(2),
        SLIDE_HEIGHT - Inches(0.45),
        Inches(2),
        Inches(0.3),
        [(t("present.counter", lang, current=number, total=total), 10, False, PAL.muted)],
        align=PP_ALIGN.RIGHT,
    )


def _notes(slide, lines: list[str]) -> None:
    slide.notes_slide.notes_text_frame.text = "\n".join(lines)


SOURCE_LINE_SIZES = (11, 10, 9)  # points tried for a chart's source line before the picture gives it room
SOURCE_LINE_BOX = Inches(0.5)


def source_line_fit(text: str) -> tuple[float, int]:
    """A chart's source line: its type size and the height (EMU) of its box; the largest size at which it
    fits SOURCE_LINE_BOX, else the smallest, in a box as tall as it needs."""
    room = Emu(SLIDE_WIDTH - 2 * MARGIN - Inches(0.1)).pt
    for size in SOURCE_LINE_SIZES:
        needed = text_height([(text, size, False)], room)
        if needed <= Emu(SOURCE_LINE_BOX).pt * FILL:
            return size, SOURCE_LINE_BOX
    return size, Pt(needed / FILL)


def _draw_chart(slide, item: SlideText) -> None:
    """The picture, scaled to the slide's body (less the room a long source line takes), and its source line."""
    size, line_height = source_line_fit(item.source_line)
    box_width, box_height = picture_box()
    box_height -= line_height - SOURCE_LINE_BOX
    px_width, px_height = item.picture_size
    scale = min(box_width / px_width, box_height / px_height)
    width, height = Emu(round(px_width * scale)), Emu(round(px_height * scale))
    slide.shapes.add_picture(
        io.BytesIO(item.picture or b""), MARGIN + (box_width - width) // 2, PICTURE_TOP, width, height
    )
    _text(
        slide,
        MARGIN,
        PICTURE_TOP + box_height + Inches(0.05),
        SLIDE_WIDTH - 2 * MARGIN,
        line_height,
        [(item.source_line, size, False, PAL.muted)],
    )


# How text fills a box: an estimate of the lines a paragraph wraps to, from the advance of its characters
# (a Latin character about EM_PER_UNIT of its size, bold a little wider; a Chinese character one em;
# ASIAN_SPACE between the two). The boxes are filled only to FILL of their height, a margin for the estimate.
EM_PER_UNIT, BOLD_WIDER, LINE_HEIGHT, FILL, ASIAN_SPACE = 0.56, 1.08, 1.22, 0.92, 0.3
TOKENS = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+\s*")


def _advance(text: str, size: float, bold: bool) -> float:
    """Points a run of text advances: a Chinese character (or full-width sign) one em, any other
    character EM_PER_UNIT (BOLD_WIDER in bold)."""
    wide = sum(1 for ch in text if unicodedata.east_asian_width(ch) in ("W", "F"))
    return size * (wide + (len(text) - wide) * EM_PER_UNIT * (BOLD_WIDER if bold else 1.0))


def text_lines(text: str, size: float, room: float, *, bold: bool = False) -> int:
    """The lines `text` wraps to in `room` points at `size` (words kept whole; Chinese broken anywhere;
    a quarter em between Chinese and Latin text, as LibreOffice spaces them)."""
    lines, used, previous = 1, 0.0, None
    for token in TOKENS.findall(text):
        wide = unicodedata.east_asian_width(token[0]) in ("W", "F")
        width = _advance(token.rstrip(), size, bold) + (size * ASIAN_SPACE if previous not in (None, wide) else 0)
        if used and used + width > room:
            lines, used = lines + 1, 0.0
        while width > room:  # a word longer than the line is broken
            lines, width = lines + 1, width - room
        used += width + _advance(token[len(token.rstrip()) :], size, bold)
        previous = wide
    return lines


def value_size(value: str, largest: float, room: float) -> float:
    """The type size that keeps a card's value on one line (capitals and digits in bold are wide)."""
    wide = [unicodedata.east_asian_width(ch) in ("W", "F") for ch in value]
    ems = sum(1.0 if w else 0.74 if ch.isupper() else 0.62 for ch, w in zip(value, wide, strict=True))
    ems += ASIAN_SPACE * sum(a != b for a, b in zip(wide, wide[1:], strict=False))  # Chinese beside Latin
    return min(largest, room / max(1.0, ems * 1.05))


def text_height(paragraphs, room: float) -> float:
    """Points the paragraphs (text, size, bold, ...) take in a box `room` points wide."""
    return sum(text_lines(p[0], p[1], room, bold=p[2]) * p[1] * LINE_HEIGHT for p in paragraphs)


CARD_COLUMNS, MAX_ONE_ROW = 4, 5
CARD_GAP = Inches(0.25)
CARD_PAD_X, CARD_PAD_TOP, CARD_PAD_BOTTOM = Inches(0.16), Inches(0.14), Inches(0.08)
CARD_SIZES = {  # points: one row of cards (big) and more rows
    True: {"label": 16, "value": 40, "line": 13, "remark": 12},
    False: {"label": 13, "value": 28, "line": 11, "remark": 10},
}
CARD_SCALES = (1.0, 0.9, 0.8)  # smaller type tried before a group is split over more slides
VALUE_SPACE = (2, 4)  # points before and after the value


def card_columns(count: int) -> int:
    """Cards a row: a group of up to MAX_ONE_ROW in one row, a larger one in rows of CARD_COLUMNS."""
    return count if count <= MAX_ONE_ROW else CARD_COLUMNS


def _card_box(count: int) -> tuple[int, int, bool]:
    """The width and height (EMU) of each card when `count` share a slide, and whether they are one row."""
    columns = card_columns(count)
    rows = -(-count // columns)
    width = (SLIDE_WIDTH - 2 * MARGIN - CARD_GAP * (CARD_COLUMNS - 1)) // CARD_COLUMNS
    if columns > CARD_COLUMNS:
        width = (SLIDE_WIDTH - 2 * MARGIN - CARD_GAP * (columns - 1)) // columns
    area = PICTURE_BOTTOM - PICTURE_TOP
    height = area if rows == 1 else (area - CARD_GAP * (rows - 1)) // rows
    return width, height, rows == 1


def card_paragraphs(card: CardText, big: bool, scale: float, width: int) -> list[tuple[str, float, bool, str]]:
    """A card's lines (text, size, bold, colour): the value on one line, in smaller type if it is long."""
    sizes = {name: size * scale for name, size in CARD_SIZES[big].items()}
    room = Emu(width - 2 * CARD_PAD_X).pt
    value = value_size(card.value, sizes["value"], room)
    lines = [(card.label, sizes["label"], True, PAL.text), (card.value, value, True, PAL.accent)]
    if card.delta:
        lines.append((card.delta, sizes["line"], False, PAL.muted))
    lines += [(card.when, sizes["line"], False, PAL.muted), (card.source, sizes["line"], False, PAL.muted)]
    lines += [(remark, sizes["remark"], False, PAL.low) for remark in card.remarks]
    return lines


def _card_needs(card: CardText, big: bool, scale: float, width: int) -> float:
    """Points of height a card's text needs (its padding included)."""
    room = Emu(width - 2 * CARD_PAD_X).pt
    text = text_height(card_paragraphs(card, big, scale, width), room) + sum(VALUE_SPACE)
    return text + Emu(CARD_PAD_TOP + CARD_PAD_BOTTOM).pt


def card_scale(cards: list[CardText] | tuple[CardText, ...]) -> float | None:
    """The largest type scale at which every card's text fits its box when these cards share a slide (one
    row of cards may take smaller type; rows of small cards may not: the group is split instead)."""
    width, height, big = _card_box(len(cards))
    for scale in CARD_SCALES if big else CARD_SCALES[:1]:
        if all(_card_needs(card, big, scale, width) <= Emu(height).pt * FILL for card in cards):
            return scale
    return None


def max_cards_per_slide(cards: list[CardText]) -> int:
    """How many of a group's cards a slide shows: all of them if they fit, else as evenly as the fewest
    slides allow (one row's worth or fewer each)."""
    for count in dict.fromkeys((len(cards), *range(min(len(cards), CARD_COLUMNS), 0, -1))):
        slides = -(-len(cards) // count)
        even = -(-len(cards) // slides)
        parts = [cards[i : i + even] for i in range(0, len(cards), even)]
        if all(card_scale(part) is not None for part in parts):
            return even
    return 1


def _draw_cards(slide, item: SlideText) -> None:
    """Cards as native text in rounded boxes, one row (up to MAX_ONE_ROW) as tall as the slide's body, or
    rows of CARD_COLUMNS; a short row is centred. The type is the largest that fits (`card_scale`)."""
    count = len(item.cards)
    width, height, big = _card_box(count)
    scale = card_scale(item.cards) or CARD_SCALES[-1]
    columns = card_columns(count)
    for index, card in enumerate(item.cards):
        row, column = divmod(index, columns)
        in_row = min(columns, count - row * columns)
        offset = (SLIDE_WIDTH - 2 * MARGIN - in_row * width - (in_row - 1) * CARD_GAP) // 2
        left, y = MARGIN + offset + column * (width + CARD_GAP), PICTURE_TOP + row * (height + CARD_GAP)
        shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, y, width, height)
        shape.adjustments[0] = 0.05
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(PAL.surface)
        shape.line.color.rgb = _rgb(PAL.grid)
        shape.shadow.inherit = False
        frame = shape.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.TOP
        frame.margin_left = frame.margin_right = CARD_PAD_X
        frame.margin_top, frame.margin_bottom = CARD_PAD_TOP, CARD_PAD_BOTTOM
        for number, (text, size, bold, colour) in enumerate(card_paragraphs(card, big, scale, width)):
            paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
            paragraph.alignment = PP_ALIGN.LEFT
            paragraph.line_spacing = 1.0
            if number == 1:
                paragraph.space_before, paragraph.space_after = Pt(VALUE_SPACE[0]), Pt(VALUE_SPACE[1])
            run = paragraph.add_run()
            run.text = text
            _font(run, round(size * 2) / 2, bold=bold, colour=colour)


def _source_column() -> int:
    return (SLIDE_WIDTH - 2 * MARGIN - SOURCE_GAP * (SOURCE_COLUMNS - 1)) // SOURCE_COLUMNS


def _draw_sources(slide, item: SlideText) -> None:
    """The lead line, then the slide's sources in columns: the publisher in bold, then date, grade and title."""
    pairs: list[tuple[str, str]] = list(item.lines)  # type: ignore[arg-type]  # the sources slide's lead
    lead = pairs[0][1] if pairs else ""
    if lead:
        _text(slide, MARGIN, Inches(1.45), SLIDE_WIDTH - 2 * MARGIN, Inches(0.5), [(lead, 13, False, PAL.muted)])
    column = _source_column()
    top = SOURCES_TOP if lead else SOURCES_TOP_MORE
    for index, chunk in enumerate(item.columns):
        box = slide.shapes.add_textbox(MARGIN + index * (column + SOURCE_GAP), top, column, SOURCES_BOTTOM - top)
        frame = box.text_frame
        frame.word_wrap = True
        frame.margin_left = frame.margin_right = Inches(0.05)
        for number, (publisher, rest_of_line) in enumerate(chunk):
            paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
            paragraph.space_after = Pt(SOURCE_SPACE)
            paragraph.line_spacing = 1.0
            run = paragraph.add_run()
            run.text = publisher
            _font(run, SOURCE_SIZE, bold=True)
            run = paragraph.add_run()
            run.text = rest_of_line
            _font(run, SOURCE_SIZE, colour=PAL.muted)


def build(items: list[SlideText], lang: str) -> bytes:
    """The slides as a .pptx file."""
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    title_only = presentation.slide_layouts[5]
    total = len(items)
    for number, item in enumerate(items, 1):
        slide = presentation.slides.add_slide(title_only)
        if item.kind == SlideKind.TITLE:
            _text(
                slide, MARGIN, Inches(1.2), SLIDE_WIDTH - 2 * MARGIN, Inches(0.5), [(item.kicker, 18, True, PAL.accent)]
            )
            _title(slide, item.title, size=40, top=Inches(1.8), height=Inches(1.6))
            _text(
                slide,
                MARGIN,
                Inches(3.7),
                SLIDE_WIDTH - 2 * MARGIN,
                Inches(2.6),
                [
                    (line, 20 if i == 0 else 14, i == 0, PAL.text if i == 0 else PAL.muted)
                    for i, line in enumerate(item.lines)
                ],
            )
        else:
            _kicker_and_footer(slide, item.kicker, number, total, lang)
            _title(slide, item.title)
            if item.kind == SlideKind.CHART:
                _draw_chart(slide, item)
            elif item.kind == SlideKind.CARDS:
                _draw_cards(slide, item)
            else:
                _draw_sources(slide, item)
        _notes(slide, item.notes)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


@per_dataset
def page_deck(page_id: str, lang: str) -> bytes:
    """One page's slides as a .pptx (built once per dataset version and language)."""
    return build(slide_texts(page_id, lang), lang)


@per_dataset
def full_deck(lang: str) -> bytes:
    """Every page's slides, in navigation order, as one .pptx."""
    return build(slide_texts(None, lang), lang)
