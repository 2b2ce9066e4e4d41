"""Presentation mode fills the screen (issue 21): on every slide, nothing scrolls and nothing runs under the
controls; a chart slide's chart takes at least 60 % of the screen's height; no slide says "see below".

Every slide at 1280x720 in Chinese (the smallest screen, and the longer labels), and the first slide of every
presented page at 1920x1080 in English. The dark theme changes colours only, never a size."""

from __future__ import annotations

from tests.serving import wait_rendered

MIN_CHART_SHARE = 0.6  # of the viewport's height (a chart taller than the screen scrolls inside its box)

# What a slide occupies, measured as Chromium lays it out.
SLIDE_LAYOUT = r"""
() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const controls = document.querySelector('.st-key-present_controls');
  const c = controls ? controls.getBoundingClientRect() : null;
  const under = [];
  if (c) {
    // A chart taller than its box scrolls inside it: the box is what shows.
    const shown = [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stElementContainer"]')]
      .filter(el => !el.closest('.st-key-slide_chart'));
    shown.push(...document.querySelectorAll('.st-key-slide_chart'));
    shown.forEach(el => {
      if (el.closest('.st-key-present_controls')) return;
      const r = el.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) return;
      if (r.right > c.left && r.left < c.right && r.bottom > c.top && r.top < c.bottom)
        under.push((el.innerText || el.getAttribute('data-testid') || '').trim().slice(0, 50));
    });
  }
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"] svg.main-svg')]
    .map(svg => svg.getBoundingClientRect().height);
  return {
    scrolls: main.scrollHeight > main.clientHeight + 1,
    height: innerHeight,
    under,
    charts,
    text: main.innerText,
  };
}
"""
PAGE_WORDING = ("see below", "see above", "见下文", "见上文")


def slide_problems(page, url: str, *, chart: bool) -> list[str]:
    page.goto(url)
    wait_rendered(page)
    layout = page.evaluate(SLIDE_LAYOUT)
    found = []
    if layout["scrolls"]:
        found.append(f"{url}: the slide scrolls")
    found += [f"{url}: under the controls: {text!r}" for text in layout["under"]]
    if chart:
        share = max(layout["charts"], default=0) / layout["height"]
        if share < MIN_CHART_SHARE:
            found.append(f"{url}: the chart takes {share:.0%} of the screen's height")
    found += [f"{url}: says {w!r}" for w in PAGE_WORDING if w in layout["text"]]
    return found


def test_every_slide_fits_a_small_screen(server, context_factory):
    from dashboard.takeaway import deck

    page = context_factory(viewport={"width": 1280, "height": 720}).new_page()
    slides = deck.deck("zh")
    found = []
    for number, slide in enumerate(slides, start=1):
        found += slide_problems(
            page, f"{server}/?present=1&slide={number}&lang=zh", chart=slide.kind == deck.SlideKind.CHART
        )
    assert len(slides) >= 50
    assert not found, "\n".join(found)


def test_the_first_slide_of_every_page_fills_a_large_screen(server, context_factory):
    from dashboard.takeaway import deck

    page = context_factory(viewport={"width": 1920, "height": 1080}).new_page()
    firsts: dict[str, tuple[int, deck.Slide]] = {}
    for number, slide in enumerate(deck.deck("en"), start=1):
        firsts.setdefault(slide.page_id, (number, slide))
        if slide.kind == deck.SlideKind.CHART:  # and the first chart slide of every page
            firsts.setdefault(slide.page_id + ":chart", (number, slide))
    found = []
    for number, slide in firsts.values():
        found += slide_problems(page, f"{server}/?present=1&slide={number}", chart=slide.kind == deck.SlideKind.CHART)
    assert not found, "\n".join(found)
