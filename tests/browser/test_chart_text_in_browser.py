"""No two pieces of text in a chart overlap (issue 21): point labels, tick labels, axis titles, legend, title,
annotations and map labels, read from each chart's SVG as Chromium draws it.

Every page in English and in Chinese at 1440 px, and every chart slide of presentation mode at 1920x1080
(English) and 1280x720 (Chinese). The dark theme changes colours only, never a size or a position, so the
light pages stand for both."""

from __future__ import annotations

import pytest

from dashboard.navigation import PAGES
from tests.serving import wait_rendered

# Every visible <text> of every Plotly chart (hover labels excluded: they show only on hover), with its box.
TEXT_BOXES = r"""
() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].map(chart => {
  const title = chart.querySelector('.gtitle');
  const boxes = [];
  chart.querySelectorAll('svg.main-svg text').forEach(el => {
    const text = (el.textContent || '').trim();
    if (!text || el.closest('.hoverlayer')) return;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none' || style.opacity === '0') return;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return;
    const group = el.closest('g[class]');
    boxes.push({text, x: r.left, y: r.top, w: r.width, h: r.height, group: group ? group.getAttribute('class') : ''});
  });
  return {title: title ? title.textContent : '', boxes};
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


def collisions(page, urls: list[str]) -> tuple[int, list[str]]:
    """(charts checked, the overlaps found) on the pages at `urls`, opened one after the other in `page`."""
    checked, found = 0, []
    for url in urls:
        page.goto(url)
        assert wait_rendered(page) is not None, f"{url} never finished rendering"
        charts = page.evaluate(TEXT_BOXES)
        checked += len(charts)
        found += [f"{url} · {c['title'][:60]}: {o}" for c in charts for o in overlaps(c["boxes"])]
    return checked, found


@pytest.mark.parametrize("query", ["", "?lang=zh"], ids=["en", "zh"])
def test_no_chart_text_overlaps_on_any_page(server, context_factory, query):
    page = context_factory().new_page()
    checked, found = collisions(page, [f"{server}/{spec.url_path}{query}" for spec in PAGES])
    assert checked >= 40, f"only {checked} charts were drawn"
    assert not found, "\n".join(found)


@pytest.mark.parametrize(("size", "lang"), [((1920, 1080), "en"), ((1280, 720), "zh")], ids=["1920-en", "1280-zh"])
def test_no_chart_text_overlaps_on_any_chart_slide(server, context_factory, size, lang):
    from dashboard import deck

    page = context_factory(viewport={"width": size[0], "height": size[1]}).new_page()
    numbers = [n for n, slide in enumerate(deck.deck(lang), start=1) if slide.kind == deck.SlideKind.CHART]
    checked, found = collisions(page, [f"{server}/?present=1&slide={n}&lang={lang}" for n in numbers])
    assert checked >= len(numbers) * 0.9, f"only {checked} charts were drawn on {len(numbers)} chart slides"
    assert not found, "\n".join(found)
