"""Presentation mode's slides: every headline group of cards and every chart is a slide, across the pages
in navigation order (issue 14). One declaration, read by the presentation controls, the pages and the tests.

A slide names its page and the block it shows (a `layouts.Block`); a page with no blocks of its own (the
explorer) is one slide showing the page. Pure: no Streamlit here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from dashboard import figures, models
from dashboard.cache import per_dataset
from dashboard.i18n import t
from dashboard.layouts import AREA_BLOCKS, CHART_KINDS, MIN_EVENTS_FOR_CHART, Block, BlockKind
from dashboard.navigation import AREA_PAGE_IDS, PAGES
from dashboard.schema import Qualifier

SLIDE_PARAM = "slide"
CARDS_PER_SLIDE = 6  # a card group larger than this is split over several slides: six fit in large type
NOT_PRESENTED = frozenset({"indicator", "explorer"})  # a catalogue and a table: opened from links, not presented


class SlideKind(StrEnum):
    """What a slide holds (`Slide.kind`, and the slides of the PPTX decks)."""

    PAGE = "page"  # a page as a whole
    CHART = "chart"
    CARDS = "cards"
    TITLE = "title"  # a deck's opening slide
    SOURCES = "sources"  # a deck's closing slide


@dataclass(frozen=True)
class Slide:
    page_id: str
    block: Block | None  # None: the page as a whole

    @property
    def kind(self) -> SlideKind:
        if self.block is None:
            return SlideKind.PAGE
        return SlideKind.CARDS if self.block.kind == BlockKind.CARDS else SlideKind.CHART


def cards_per_row(n: int) -> int:
    """Cards per row on a slide: one row of up to three, two by two for four, rows of three for five or six
    (large type needs the width; CARDS_PER_SLIDE keeps a slide to two rows)."""
    return n if n <= 3 else 2 if n == 4 else 3


def _presentable(metric_id: str) -> bool:
    """Whether a figure may be a slide's figure: not an indicative one (a ratio of two bounds) nor one judged
    a probable slip. Both stay on their page, with their explanation, and in the downloads."""
    latest = models.reports(metric_id)["latest"]
    if latest is None:
        return True
    return latest["qualifier"] != Qualifier.INDICATIVE and not bool(latest.get("probable_error", False))


def _cards(metrics: tuple[str, ...], title_key: str | None = None) -> list[Block]:
    metrics = tuple(m for m in metrics if _presentable(m))
    return [
        Block(BlockKind.CARDS, metrics[i : i + CARDS_PER_SLIDE], title_key)
        for i in range(0, len(metrics), CARDS_PER_SLIDE)
    ]


def area_blocks(area_id: str, lang: str) -> list[Block]:
    """The blocks of a priority page that are slides, in page order."""
    page = models.area_page(area_id, lang)
    out: list[Block] = []
    for block in (*AREA_BLOCKS.get(area_id, ()), *page.extra_blocks):
        if block.kind == BlockKind.CARDS:
            out.extend(_cards(block.metrics, block.title_key))
        elif block.kind in CHART_KINDS:
            out.append(block)
    if page.other_metrics:
        out.extend(_cards(page.other_metrics, "area.more_figures"))
    if len(page.events) >= MIN_EVENTS_FOR_CHART:
        out.extend(_timeline_slides(area_id))
    return out


def _timeline_slides(area_id: str | None) -> list[Block]:
    """A timeline as slides: one, or parts of at most `figures.EVENTS_PER_SLIDE` events in date order, so that
    no slide's chart is taller than its box on a 1080p screen (a page shows the whole timeline)."""
    parts = figures.timeline_parts(area_id)
    if parts == 1:
        return [Block(BlockKind.TIMELINE, (), context_key=area_id)]
    return [Block(BlockKind.TIMELINE, (), context_key=area_id, part=k) for k in range(1, parts + 1)]


def page_blocks(page_id: str, lang: str) -> list[Block | None]:
    if page_id in AREA_PAGE_IDS:
        return list(area_blocks(page_id, lang))
    if page_id == "overview":
        headlines = models.headline_ids()
        return [
            *_cards(headlines, "overview.headline"),
            *(Block(BlockKind.SERIES, (m,)) for m in models.overview_series()),
        ]
    if page_id == "timeline":
        return list(_timeline_slides(None))
    if page_id == "sources":
        return [Block(BlockKind.SOURCE_GRADES)]  # one summary slide; the page's tables are not slides
    if page_id == "targets":
        return [Block(BlockKind.TARGETS)]  # the progress chart; the tables are not slides
    return [None]


def page_contents(page_id: str, lang: str) -> list[Block]:
    """What a page shows outside presentation mode, block by block, in page order: the one declaration
    that the pages' layout follows and the start-up warm-up builds."""
    if page_id in AREA_PAGE_IDS:
        page = models.area_page(page_id, lang)
        blocks = [*AREA_BLOCKS.get(page_id, ()), *page.extra_blocks]
        if page.other_metrics:
            blocks.append(Block(BlockKind.CARDS, page.other_metrics, "area.more_figures"))
        if len(page.events) >= MIN_EVENTS_FOR_CHART:
            blocks.append(Block(BlockKind.TIMELINE, (), context_key=page_id))
        return blocks
    if page_id == "overview":
        headlines = models.headline_ids()
        return [
            Block(BlockKind.CARDS, headlines, "overview.headline"),
            *(Block(BlockKind.SERIES, (m,)) for m in models.overview_series()),
        ]
    if page_id == "timeline":
        return [Block(BlockKind.TIMELINE)]  # the page draws the whole timeline; its slides cut it in parts
    return [block for block in page_blocks(page_id, lang) if block is not None]


@per_dataset
def deck(lang: str) -> tuple[Slide, ...]:
    """Every slide, in navigation order."""
    return tuple(
        Slide(spec.page_id, block)
        for spec in PAGES
        if spec.page_id not in NOT_PRESENTED
        for block in page_blocks(spec.page_id, lang)
    )


def slide_number(raw, slides: tuple[Slide, ...], page_id: str) -> tuple[int, bool]:
    """The 1-based slide a URL asks for, and whether the value was usable. Without a value, the first
    slide of the current page."""
    first_of_page = next((i for i, s in enumerate(slides, 1) if s.page_id == page_id), 1)
    if raw is None or raw == "":
        return first_of_page, True
    try:
        number = int(str(raw))
    except ValueError:
        return first_of_page, False
    if 1 <= number <= len(slides):
        return number, True
    return first_of_page, False


def labels(lang: str, theme: str = "light") -> tuple[str, ...]:
    """A line per slide for the slide list: its number, its page and its chart's finding (or its cards)."""
    out = []
    for number, slide in enumerate(deck(lang), 1):
        page = t(f"nav.{slide.page_id}", lang)
        if slide.block is None:
            what = page
        elif slide.block.kind == BlockKind.CARDS:
            what = t(slide.block.title_key, lang) if slide.block.title_key else t("present.cards", lang)
        else:
            chart = figures.block_chart(slide.block, lang, theme)
            what = _plain_title(chart.figure) if chart is not None else page
        out.append(f"{number}. {page} · {what}")
    return tuple(out)


def _plain_title(figure) -> str:
    title = figure["layout"]["title"]["text"] if isinstance(figure, dict) else figure.layout.title.text
    return re.sub(r"<[^>]+>", " ", str(title or "")).replace("  ", " ").strip()
