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

import io
import logging
import re
import threading
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

from dashboard import charts, deck, figures, image_export, models
from dashboard.cache import per_dataset
from dashboard.charts import Chart
from dashboard.data import DataFileError, load_table
from dashboard.deck import SlideKind
from dashboard.formatting import display_width, format_date, iso_date
from dashboard.i18n import pick, t
from dashboard.layouts import Block
from dashboard.navigation import AREA_PAGE_IDS
from dashboard.schema import ObservationKind, Status
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
MAX_SOURCE_LINES = 16  # sources on the closing slide (all of them are cited in its notes)
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
    # the title slide's lines of text; the sources slide's (publisher, rest of its line) pairs
    lines: tuple[str, ...] | tuple[tuple[str, str], ...] = ()
    source_ids: list[str] = field(default_factory=list)  # sources cited (with repeats: one per figure)


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


def cards_slide(block: Block, page_id: str, lang: str) -> SlideText | None:
    built = [c for c in (card_text(m, lang) for m in block.metrics) if c is not None]
    if not built:
        return None
    page = page_name(page_id, lang)
    notes = [t("deck.notes.figures", lang)]
    ids = []
    for card, latest in built:
        notes.append(f"- {figure_line(latest, lang)}")
        if latest["kind"] == ObservationKind.REPORTED:
            notes.append(f"  “{latest['evidence']}”")
            ids.append(latest["source_id"])
        notes.extend(f"  {remark}" for remark in card.remarks)
    notes += ["", t("deck.notes.qualifiers", lang), *_cite_block(ids, page, lang)]
    title = t(block.title_key, lang) if block.title_key else t("deck.figures", lang)
    return SlideText(SlideKind.CARDS, page, title, notes, cards=tuple(c for c, _ in built), source_ids=ids)


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
    for slide in slides:
        if slide.kind == SlideKind.CHART:
            built = chart_slide(slide.block, slide.page_id, lang)
        elif slide.kind == SlideKind.CARDS:
            built = cards_slide(slide.block, slide.page_id, lang)
        else:  # a page shown as a whole (the explorer) has nothing to take away as a slide
            built = None
        if built is not None:
            out.append(built)
    helper.join()
    subject = page_name(page_id, lang) if page_id else t("deck.all_pages", lang)
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
            t("deck.built", lang, slides=len(out) + 2),
        ),
    )
    ids = [s for built in out for s in built.source_ids]
    ranked = [s for s, _ in Counter(ids).most_common()]
    sources = _sources()
    lines = tuple(
        (
            pick(sources.loc[s], "publisher", lang),
            t(
                "deck.sources_line",
                lang,
                date=format_date(sources.loc[s, "published"], sources.loc[s, "published_precision"], lang),
                grade=t("grade." + sources.loc[s, "grade"], lang),
                title=_clip(pick(sources.loc[s], "title", lang), MAX_TITLE),
            ),
        )
        for s in ranked[:MAX_SOURCE_LINES]
    )
    if len(ranked) > MAX_SOURCE_LINES:
        lines += (("", t("deck.sources_more", lang, n=len(ranked) - MAX_SOURCE_LINES)),)
    closing = SlideText(
        SlideKind.SOURCES,
        subject,
        t("deck.sources_title", lang),
        [
            citation(subject, lang),
            t("deck.notes.cite_sources", lang),
            *(f"- {source_citation(s, lang)}" for s in ranked),
        ],
        lines=(("", t("deck.sources_lead", lang)), *lines),
    )
    return [title, *out, closing]


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


def _title(slide, text: str, size: float = 26) -> None:
    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = MARGIN, Inches(0.62), SLIDE_WIDTH - 2 * MARGIN, Inches(1.05)
    frame = shape.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP
    frame.margin_left = frame.margin_right = Inches(0.05)
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    run = paragraph.add_run()
    run.text = text
    _font(run, size if len(text) <= 90 else size - 4, bold=True)


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


def _draw_chart(slide, item: SlideText) -> None:
    box_width, box_height = picture_box()
    px_width, px_height = item.picture_size
    scale = min(box_width / px_width, box_height / px_height)
    width, height = Emu(round(px_width * scale)), Emu(round(px_height * scale))
    slide.shapes.add_picture(
        io.BytesIO(item.picture or b""), MARGIN + (box_width - width) // 2, PICTURE_TOP, width, height
    )
    _text(
        slide,
        MARGIN,
        PICTURE_BOTTOM + Inches(0.05),
        SLIDE_WIDTH - 2 * MARGIN,
        Inches(0.5),
        [(item.source_line, 11, False, PAL.muted)],
    )


CARD_COLUMNS = 4


def _draw_cards(slide, item: SlideText) -> None:
    """Up to CARD_COLUMNS cards a row, as native text in rounded boxes; a short row is centred."""
    count = len(item.cards)
    rows = -(-count // CARD_COLUMNS)
    gap = Inches(0.25)
    width = (SLIDE_WIDTH - 2 * MARGIN - gap * (CARD_COLUMNS - 1)) // CARD_COLUMNS
    area = PICTURE_BOTTOM - PICTURE_TOP
    height = min(Inches(3.3), (area - gap * (rows - 1)) // rows)
    big = rows == 1
    sizes = {
        "label": 16 if big else 13,
        "value": 40 if big else 28,
        "line": 13 if big else 11,
        "remark": 12 if big else 10,
    }
    for index, card in enumerate(item.cards):
        row, column = divmod(index, CARD_COLUMNS)
        in_row = min(CARD_COLUMNS, count - row * CARD_COLUMNS)
        offset = (SLIDE_WIDTH - 2 * MARGIN - in_row * width - (in_row - 1) * gap) // 2
        left, y = MARGIN + offset + column * (width + gap), PICTURE_TOP + row * (height + gap)
        shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, y, width, height)
        shape.adjustments[0] = 0.05
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(PAL.surface)
        shape.line.color.rgb = _rgb(PAL.grid)
        shape.shadow.inherit = False
        frame = shape.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.TOP
        frame.margin_left = frame.margin_right = Inches(0.16)
        frame.margin_top = Inches(0.14)
        # the value on one line: smaller type for a long one (a digit or Latin letter is about 0.6 em wide)
        room = Emu(width - frame.margin_left - frame.margin_right).pt
        value_size = min(sizes["value"], int(room / (0.62 * max(1, display_width(card.value)))))
        lines = [(card.label, sizes["label"], True, PAL.text), (card.value, value_size, True, PAL.accent)]
        if card.delta:
            lines.append((card.delta, sizes["line"], False, PAL.muted))
        lines += [(card.when, sizes["line"], False, PAL.muted), (card.source, sizes["line"], False, PAL.muted)]
        lines += [(remark, sizes["remark"], False, PAL.low) for remark in card.remarks]
        for number, (text, size, bold, colour) in enumerate(lines):
            paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
            paragraph.alignment = PP_ALIGN.LEFT
            if number == 1:
                paragraph.space_before, paragraph.space_after = Pt(2), Pt(4)
            run = paragraph.add_run()
            run.text = text
            _font(run, size, bold=bold, colour=colour)


def _draw_sources(slide, item: SlideText, lang: str) -> None:
    """The lead line, then the sources in two columns: the publisher in bold, then date, grade and title."""
    pairs: list[tuple[str, str]] = list(item.lines)  # type: ignore[arg-type]  # the sources slide's pairs
    (_, lead), *rest = pairs
    _text(slide, MARGIN, Inches(1.45), SLIDE_WIDTH - 2 * MARGIN, Inches(0.5), [(lead, 13, False, PAL.muted)])
    half = -(-len(rest) // 2)
    gap = Inches(0.35)
    column = (SLIDE_WIDTH - 2 * MARGIN - gap) // 2
    for index, chunk in enumerate((rest[:half], rest[half:])):
        if not chunk:
            continue
        box = slide.shapes.add_textbox(MARGIN + index * (column + gap), Inches(2.0), column, Inches(4.9))
        frame = box.text_frame
        frame.word_wrap = True
        for number, (publisher, rest_of_line) in enumerate(chunk):
            paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
            paragraph.space_after = Pt(5)
            if publisher:
                run = paragraph.add_run()
                run.text = publisher + t("punct.colon", lang)
                _font(run, 11, bold=True)
            run = paragraph.add_run()
            run.text = rest_of_line
            _font(run, 11, colour=PAL.muted)


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
            shape = slide.shapes.title
            _title(slide, item.title, size=40)
            shape.top, shape.height = Inches(1.8), Inches(1.6)
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
                _draw_sources(slide, item, lang)
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
