"""No two pieces of text in a chart overlap (issue 21): point labels, tick labels, axis titles, legend, title,
annotations and map labels, read from each chart's SVG as Chromium draws it. Every text lies inside its
chart (a footnote never runs past the figure's foot), none is cut short with "…", and no lower-bound
whisker runs through a label.

Every page (each section of a priority page) in English and in Chinese at 1440 px, and every chart slide of
presentation mode at 1920x1080, 1440x900 and 1280x720 in both languages. The dark theme changes colours only, never a size or a position (its
palette has the same entries in the same order, tests/test_chart_rules.py), so a small sample of dark pages
stands for it: the pages with the most charts of each family (series, bars, map, timeline), in English."""

from __future__ import annotations

import pytest

from dashboard.navigation import PAGES
from tests.helpers import page_paths
from tests.serving import wait_rendered

# Every visible <text> of every Plotly chart (hover labels excluded: they show only on hover), with its box;
# the chart's own box (its outer SVG) and the boxes of the whiskers drawn on lower bounds.
TEXT_BOXES = r"""
() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].map(chart => {
  const title = chart.querySelector('.gtitle');
  const svg = chart.querySelector('svg.main-svg');
  const frame = svg ? svg.getBoundingClientRect() : null;
  const box = r => ({x: r.left, y: r.top, w: r.width, h: r.height});
  const boxes = [];
  chart.querySelectorAll('svg.main-svg text').forEach(el => {
    const text = (el.textContent || '').trim();
    if (!text || el.closest('.hoverlayer')) return;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none' || style.opacity === '0') return;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return;
    const group = el.closest('g[class]');
    boxes.push({text, ...box(r), group: group ? group.getAttribute('class') : ''});
  });
  const whiskers = [...chart.querySelectorAll('g.errorbar path')]
    .map(el => el.getBoundingClientRect()).filter(r => r.height >= 1).map(box);
  return {title: title ? title.textContent : '', frame: frame ? box(frame) : null, boxes, whiskers};
})
"""
TOLERANCE_PX = 1.0  # anti-aliasing: boxes that touch by a pixel do not overlap


def overlaps(boxes: list[dict]) -> list[str]:
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            width = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
            height = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
            if width > TOLERANCE_PX and height > TOLERANCE_PX:
                found.append(f"“{a['text'][:40]}” ({a['group']}) over “{b['text'][:40]}” ({b['group']})")
    return found


def outside(boxes: list[dict], frame: dict | None) -> list[str]:
    """Texts that run past the chart's own box (cut off where the figure ends)."""
    if frame is None:
        return []
    return [
        f"“{b['text'][:40]}” ({b['group']}) outside the chart"
        for b in boxes
        if b["x"] < frame["x"] - TOLERANCE_PX
        or b["y"] < frame["y"] - TOLERANCE_PX
        or b["x"] + b["w"] > frame["x"] + frame["w"] + TOLERANCE_PX
        or b["y"] + b["h"] > frame["y"] + frame["h"] + TOLERANCE_PX
    ]


def cut(boxes: list[dict]) -> list[str]:
    return [f"“{b['text'][:60]}” ({b['group']}) is cut with “…”" for b in boxes if "…" in b["text"]]


def struck(boxes: list[dict], whiskers: list[dict]) -> list[str]:
    """Labels a whisker runs through (a whisker is a vertical line: its box may be no wider than its stroke)."""
    return [
        f"a whisker strikes through “{b['text'][:40]}” ({b['group']})"
        for b in boxes
        for w in whiskers
        if b["x"] + TOLERANCE_PX < w["x"] + w["w"] / 2 < b["x"] + b["w"] - TOLERANCE_PX
        and min(b["y"] + b["h"], w["y"] + w["h"]) - max(b["y"], w["y"]) > TOLERANCE_PX
    ]


def problems(chart: dict) -> list[str]:
    boxes = chart["boxes"]
    return overlaps(boxes) + outside(boxes, chart["frame"]) + cut(boxes) + struck(boxes, chart["whiskers"])


def collisions(page, urls: list[str]) -> tuple[int, list[str]]:
    """(charts checked, the problems found) on the pages at `urls`, opened one after the other in `page`."""
    checked, found = 0, []
    for url in urls:
        page.goto(url)
        wait_rendered(page)
        n, seen = drawn_problems(page, url)
        checked, found = checked + n, found + seen
    return checked, found


def drawn_problems(page, where: str) -> tuple[int, list[str]]:
    """(charts drawn, the problems of their texts) on the page as it is now, each problem naming `where`."""
    charts = page.evaluate(TEXT_BOXES)
    return len(charts), [f"{where} · {c['title'][:60]}: {p}" for c in charts for p in problems(c)]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_chart_text_overlaps_on_any_page(server, context_factory, lang):
    page = context_factory().new_page()
    query = "lang=zh" if lang == "zh" else ""
    checked, found = collisions(page, [server + path for path in page_paths(lang, query)])
    assert checked >= 40, f"only {checked} charts were drawn"
    assert not found, "\n".join(found)


DARK_SAMPLE = ("ai-datasets", "data-infrastructure", "timeline")  # series, bars, the log scale; a map; events


def test_no_chart_text_overlaps_in_the_dark_theme(server, context_factory):
    page = context_factory(color_scheme="dark").new_page()
    sampled = [spec for spec in PAGES if spec.url_path in DARK_SAMPLE]
    assert len(sampled) == len(DARK_SAMPLE), "a sampled page was renamed"
    urls = [server + path for path in page_paths("en", "") if path.lstrip("/").split("?")[0] in DARK_SAMPLE]
    checked, found = collisions(page, urls)
    assert checked >= 8, f"only {checked} charts were drawn"
    assert not found, "\n".join(found)


SLIDE_SIZES = ((1920, 1080), (1440, 900), (1280, 720))

# True once every chart's drawing is as wide as its box (Plotly has redrawn after the window changed size).
REDRAWN = r"""
() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(chart => {
  const svg = chart.querySelector('svg.main-svg');
  return svg && Math.abs(svg.getBoundingClientRect().width - chart.getBoundingClientRect().width) <= 2;
})
"""


# The slide's chart box: [its content's height, its own height] (presentation.styles sets the box's height).
SLIDE_BOX = r"""
() => { const box = document.querySelector('.st-key-slide_chart'); return [box.scrollHeight, box.clientHeight]; }
"""


def slide_collisions(page, urls: list[str]) -> tuple[int, list[str]]:
    """As `collisions`, for each slide at every size of SLIDE_SIZES: opened once at the first, then the window
    is resized and the charts checked again once Plotly has redrawn them to the new width."""
    checked, found = 0, []
    for url in urls:
        page.set_viewport_size({"width": SLIDE_SIZES[0][0], "height": SLIDE_SIZES[0][1]})
        page.goto(url)
        wait_rendered(page)  # raises RenderTimeout, with the URL and a screenshot, when it never draws
        for width, height in SLIDE_SIZES:
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_function(REDRAWN, timeout=20_000)
            n, seen = drawn_problems(page, f"{url} at {width}x{height}")
            checked, found = checked + n, found + seen
            scroll, box = page.evaluate(SLIDE_BOX)
            if (width, height) == SLIDE_SIZES[0] and scroll > box + 2:  # smaller screens: tall charts scroll
                found.append(f"{url} at {width}x{height}: the chart scrolls inside its slide box ({scroll} > {box} px)")
    return checked, found


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_chart_text_overlaps_on_any_chart_slide(server, context_factory, lang):
    """Every chart slide of presentation mode at 1920x1080, 1440x900 and 1280x720, in both languages: no two
    texts overlapping; at 1920x1080, no chart taller than its slide's box (issue 21: maps and the timeline
    scrolled inside it)."""
    from dashboard.takeaway import deck

    page = context_factory().new_page()
    numbers = [n for n, slide in enumerate(deck.deck(lang), start=1) if slide.kind == deck.SlideKind.CHART]
    checked, found = slide_collisions(page, [f"{server}/?present=1&slide={n}&lang={lang}" for n in numbers])
    expected = len(numbers) * len(SLIDE_SIZES)
    assert checked >= expected * 0.9, f"only {checked} charts were drawn on {len(numbers)} chart slides at each size"
    assert not found, "\n".join(found)
