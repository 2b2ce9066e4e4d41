"""A priority page in sections: its lead (headline cards and lead charts) first, then its topics, the
series and figures no block names, its events, and its notes and sources. The page shows one section at a
time under a short index; `?section=<id>` names it in the URL, so that a view can be shared and reopened.

Pure: the page (dashboard/ui/area_page.py) draws what this returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from dashboard import models
from dashboard.layouts import AREA_BLOCKS, CHART_KINDS, MIN_EVENTS_FOR_CHART, Block, BlockKind

PARAM = "section"


class SectionKind(StrEnum):
    LEAD = "lead"  # the declared blocks before the first heading: headline cards and lead charts
    TOPIC = "topic"  # the declared blocks under one heading (its id is the heading's)
    SERIES = "series"  # series and ranked charts that no block names, and the figures left as cards
    EVENTS = "events"  # the priority's events, as a timeline or a list
    NOTES = "notes"  # where the sources disagree, the compliance briefing, the sources of the page


# The fixed sections' ids and titles; a topic takes its id from its heading's catalog key
# ("area.heading.tokens" -> "tokens") and its title from the heading.
FIXED_TITLES = {
    SectionKind.LEAD: "section.lead",
    SectionKind.SERIES: "section.series",
    SectionKind.EVENTS: "section.events",
    SectionKind.NOTES: "section.notes",
}


@dataclass(frozen=True)
class Section:
    section_id: str
    kind: SectionKind
    title_key: str
    blocks: tuple[Block, ...] = ()

    @property
    def index_key(self) -> str:
        """The short name of the section in the page's index (its heading can be a sentence)."""
        if self.title_key == "section.figures":
            return "section.index.figures"
        return f"section.index.{self.section_id}"


def topic_id(title_key: str) -> str:
    return title_key.rsplit(".", 1)[-1]


def declared_sections(area_id: str) -> list[Section]:
    """The page's declared blocks cut at its headings: the lead, then one topic per heading."""
    out: list[Section] = []
    current = Section(SectionKind.LEAD.value, SectionKind.LEAD, FIXED_TITLES[SectionKind.LEAD])
    blocks: list[Block] = []
    for block in AREA_BLOCKS.get(area_id, ()):
        if block.kind == BlockKind.HEADING and block.title_key:
            out.append(Section(current.section_id, current.kind, current.title_key, tuple(blocks)))
            current, blocks = Section(topic_id(block.title_key), SectionKind.TOPIC, block.title_key), []
        else:
            blocks.append(block)
    out.append(Section(current.section_id, current.kind, current.title_key, tuple(blocks)))
    return [s for s in out if s.blocks]


def area_sections(area_id: str, lang: str) -> tuple[Section, ...]:
    """The sections of a priority page that have something to show, in page order."""
    page = models.area_page(area_id, lang)
    out = declared_sections(area_id)
    extra = list(page.extra_blocks)
    if page.other_metrics:
        extra.append(Block(BlockKind.CARDS, page.other_metrics, "area.more_figures"))
    if extra or page.more_metrics:
        title = FIXED_TITLES[SectionKind.SERIES] if out else "section.figures"  # "more" only after a lead
        out.append(Section(SectionKind.SERIES.value, SectionKind.SERIES, title, tuple(extra)))
    if page.events:
        timeline = (
            (Block(BlockKind.TIMELINE, (), context_key=area_id),) if len(page.events) >= MIN_EVENTS_FOR_CHART else ()
        )
        out.append(Section(SectionKind.EVENTS.value, SectionKind.EVENTS, FIXED_TITLES[SectionKind.EVENTS], timeline))
    if page.conflicts or page.compliance or page.sources:
        out.append(Section(SectionKind.NOTES.value, SectionKind.NOTES, FIXED_TITLES[SectionKind.NOTES]))
    return tuple(out)


def choose(raw: str | None, sections: tuple[Section, ...]) -> tuple[Section | None, bool]:
    """The section a URL value asks for, and whether the value was usable; without one (or with one this
    page does not have), the first section."""
    first = sections[0] if sections else None
    if raw is None or raw == "":
        return first, True
    wanted = str(raw).strip().lower()
    for section in sections:
        if section.section_id == wanted:
            return section, True
    return first, False


def chart_blocks(sections: tuple[Section, ...]) -> list[Block]:
    """Every chart of the page, in page order, whichever section is open (for the download of them all)."""
    return [block for section in sections for block in section.blocks if block.kind in CHART_KINDS]
