"""WCAG 2.1 A and AA in Chromium (docs/accessibility.md).

axe-core runs on every page in four modes: light, dark, Chinese and presentation. One test per mode loops
over the pages on the shared server; in light, every section of the priority pages too (`?section=`). The same loops check what the old per-page render tests checked: no
exception, every chart drawn, the dark background. They also check that every chart carries its text
alternative. Two keyboard tests tab through the explorer's filters and the presentation controls, and
check the order and that focus can be seen.
"""

from __future__ import annotations

import io
import json
import os
import re
from dataclasses import dataclass

import pytest
from axe_playwright_python.base import AXE_FILE_PATH
from PIL import Image, ImageChops

from dashboard.i18n import t
from dashboard.navigation import PAGES
from tests.browser.helpers import assert_clean, open_and_wait
from tests.serving import wait_rendered

AXE_SCRIPT = AXE_FILE_PATH.read_text(encoding="utf-8")  # axe-core, as pinned in requirements-dev.txt
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")
IMPACTS = ("critical", "serious", "moderate", "minor")


@dataclass(frozen=True)
class Known:
    """A violation that Streamlit's own markup causes, not the app, and the theme cannot work around."""

    rule: str
    selector: str  # a failing node is this known violation when it matches this selector
    upstream: str


# Each entry is listed in docs/accessibility.md. Anything else that is serious or critical fails the test.
STREAMLIT_MARKUP = (
    # st.navigation with sections: the <ul> holds one <div> per section, and the page <li>s sit in those.
    Known("list", 'ul[data-testid="stSidebarNavItems"]', "https://github.com/streamlit/streamlit/issues/8399"),
    Known("listitem", '[data-testid="stSidebarNavItems"] li', "https://github.com/streamlit/streamlit/issues/8399"),
)

MODES = {
    "light": ({}, ""),
    "dark": ({"color_scheme": "dark"}, ""),
    "zh": ({}, "lang=zh"),
    "present": ({"viewport": {"width": 1920, "height": 1080}}, "present=1"),
}

# axe's results, with each failing node matched against the known list (the index, or -1) in the page.
RUN_AXE = """async ([tags, known]) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return results.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => {
    const el = n.target.length === 1 ? document.querySelector(n.target[0]) : null;
    const index = known.findIndex(([rule, selector]) => rule === v.id && el !== null && el.matches(selector));
    return {target: n.target.join(" >>> "), html: n.html.slice(0, 160), known: index,
            summary: (n.failureSummary || "").split("\\n").slice(-1)[0]};
  })}));
}"""

# Every Plotly chart: its accessible name, and the caption printed right under it.
CHARTS = """() => Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]')).map(chart => {
  // On a slide the chart sits in its box (.st-key-slide_chart); the caption follows the box.
  let box = chart.closest('.st-key-slide_chart') || chart.closest('[data-testid="stElementContainer"]');
  while (box && !box.nextElementSibling && box.parentElement) box = box.parentElement;  // out of its wrappers
  let next = box && box.nextElementSibling;
  while (next && !next.querySelector('[data-testid="stCaptionContainer"]') && !next.innerText.trim()) {
    next = next.nextElementSibling;
  }
  const caption = next && next.querySelector('[data-testid="stCaptionContainer"]');
  return {role: chart.getAttribute("role"), label: chart.getAttribute("aria-label") || "",
          drawn: chart.querySelector(".main-svg") !== null, caption: caption ? caption.innerText : null};
})"""


def run_axe(page) -> list[dict]:
    return page.evaluate(RUN_AXE, [WCAG_TAGS, [[k.rule, k.selector] for k in STREAMLIT_MARKUP]])


def counts_by_impact(violations: list[dict], *, known: bool | None = None) -> dict[str, int]:
    """Failing nodes per impact; `known=False` counts only those not on the known list."""
    counts = dict.fromkeys(IMPACTS, 0)
    for v in violations:
        nodes = [n for n in v["nodes"] if known is None or (n["known"] >= 0) == known]
        counts[v["impact"] or "minor"] += len(nodes)
    return counts


def blocking(violations: list[dict]) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {n['target']} {n['html']} {n['summary']}"
        for v in violations
        if v["impact"] in BLOCKING
        for n in v["nodes"]
        if n["known"] < 0
    ]


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def chart_problems(charts: list[dict]) -> list[str]:
    problems = []
    for i, chart in enumerate(charts):
        if not chart["drawn"]:
            problems.append(f"chart {i} not drawn")
        if chart["role"] != "figure" or not chart["label"].strip():
            problems.append(f"chart {i} has no accessible name (role={chart['role']})")
        elif chart["caption"] is None or words(chart["label"]) not in words(chart["caption"]):
            problems.append(f"chart {i}: the caption under it does not give its text alternative {chart['label']!r}")
    return problems


def record(mode: str, path: str, violations: list[dict]) -> None:
    """With AXE_REPORT=<file>, append this page's counts (docs/accessibility.md is made from them)."""
    target = os.environ.get("AXE_REPORT")
    if target:
        row = {
            "mode": mode,
            "path": path,
            "all": counts_by_impact(violations),
            "app": counts_by_impact(violations, known=False),
            "rules": sorted({v["id"] for v in violations}),
        }
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(row) + "\n")


def every_page(ctx, server: str, query: str):
    """Yield each page of the navigation, drawn, with the errors its browser page reported. The first is
    opened from its URL and the rest through the sidebar, as a viewer moves (a third of the time of a fresh
    load each). Presentation mode has no sidebar: there each page's URL is opened (one slide: quick)."""
    suffix = "?" + query if query else ""
    page, errors = open_and_wait(ctx, server + "/" + PAGES[0].url_path + suffix)
    yield PAGES[0], page, errors
    if query == "present=1":
        for spec in PAGES[1:]:  # in the same browser page
            page.goto(server + "/" + spec.url_path + suffix)
            wait_rendered(page)
            yield spec, page, errors
        page.close()
        return
    for spec in PAGES[1:]:
        before = page.locator("h1").first.inner_text()
        page.locator(f'[data-testid="stSidebarNav"] a[href$="/{spec.url_path}"]').click()
        page.wait_for_url(re.compile("/" + re.escape(spec.url_path) + r"(\?.*)?$"))
        # every page has its own title, so a new one means the new page's run has begun drawing
        page.wait_for_function("old => (document.querySelector('h1') || {}).innerText !== old", arg=before)
        wait_rendered(page)
        yield spec, page, errors
    page.close()


def every_other_section(ctx, server: str):
    """Yield the sections of the priority pages that the navigation does not open (it opens a page's first
    section), each from its URL, in one browser page, with the errors that page reported."""
    from dashboard import sections
    from dashboard.navigation import AREA_PAGE_IDS

    page = None
    for spec in PAGES:
        if spec.page_id not in AREA_PAGE_IDS:
            continue
        for section in sections.area_sections(spec.page_id, "en")[1:]:
            url = f"{server}/{spec.url_path}?{sections.PARAM}={section.section_id}"
            if page is None:
                page, errors = open_and_wait(ctx, url)
            else:
                page.goto(url)
                assert wait_rendered(page) is not None, f"{url} never finished rendering"
            yield f"/{spec.url_path}?{sections.PARAM}={section.section_id}", page, errors
    if page is not None:
        page.close()


@pytest.mark.slow
@pytest.mark.timeout(1200)  # 14 pages, each drawn and checked (and, in light, 27 more sections)
@pytest.mark.parametrize("mode", list(MODES))
def test_every_page_meets_wcag_21_aa_in_axe(server, context_factory, mode):
    context_kwargs, query = MODES[mode]
    ctx = context_factory(**context_kwargs)
    ctx.add_init_script(script=AXE_SCRIPT)  # in every document the context opens
    problems, known_seen = [], set()
    for spec, page, errors in every_page(ctx, server, query):
        path = "/" + spec.url_path
        assert_clean(page, errors)
        served_lang = page.evaluate("document.documentElement.lang")  # WCAG 3.1.1 (dashboard/page_language.py)
        if served_lang != t("html.lang", "zh" if "lang=zh" in query else "en"):
            problems.append(f"{path}: the page says <html lang={served_lang!r}>")
        violations = run_axe(page)
        record(mode, path, violations)
        problems += [f"{path}: {p}" for p in blocking(violations)]
        known_seen |= {n["known"] for v in violations for n in v["nodes"] if n["known"] >= 0}
        charts = page.evaluate(CHARTS)
        problems += [f"{path}: {p}" for p in chart_problems(charts)]
        # the explorer draws on request, the indicator catalogue is a list
        if mode == "light" and spec.page_id not in ("explorer", "indicator") and not charts:
            problems.append(f"{path}: no chart")
        if mode == "dark":
            background = page.locator('[data-testid="stApp"]').evaluate("el => getComputedStyle(el).backgroundColor")
            if background != "rgb(14, 17, 23)":
                problems.append(f"{path}: background {background}, not the dark theme's")
        if mode == "zh" and "lang=zh" not in page.url:
            problems.append(f"{path}: the language was lost on the way ({page.url})")
    if mode == "light":  # the sections the navigation does not open: their tables and lists are checked too
        opened = 0
        for path, page, errors in every_other_section(ctx, server):
            opened += 1
            assert_clean(page, errors)
            violations = run_axe(page)
            record(mode, path, violations)
            problems += [f"{path}: {p}" for p in blocking(violations)]
            known_seen |= {n["known"] for v in violations for n in v["nodes"] if n["known"] >= 0}
            problems += [f"{path}: {p}" for p in chart_problems(page.evaluate(CHARTS))]
        if not opened:
            problems.append("no section beyond a priority page's first was opened")
    if mode != "present":  # no navigation is shown while presenting
        stale = [k for i, k in enumerate(STREAMLIT_MARKUP) if i not in known_seen]
        problems += [
            f"known Streamlit violation no longer seen (remove it from the list and the docs): {k}" for k in stale
        ]
    assert not problems, f"{mode}: {len(problems)} problems\n" + "\n".join(problems)


# Keyboard ---------------------------------------------------------------------------------------

FOCUSED = """() => {
  const e = document.activeElement;
  const box = e && e.closest('[data-testid="stElementContainer"]');
  const label = box && box.querySelector('[data-testid="stWidgetLabel"]');
  if (box) box.setAttribute("data-a11y-focus", "");
  return {label: label ? label.innerText.trim() : null, tag: e ? e.tagName : null,
          name: e ? (e.getAttribute("aria-label") || e.innerText || "").trim().slice(0, 60) : null, inWidget: !!box};
}"""


def snapshot(locator) -> Image.Image:
    return Image.open(io.BytesIO(locator.screenshot(animations="disabled"))).convert("RGB")


def focus_is_visible(page, baseline: Image.Image, timeout_s: float = 3.0) -> bool:
    """The focused control's box looks different from how it looked before anything had focus."""
    box = page.locator("[data-a11y-focus]")
    deadline = page.evaluate("() => performance.now()") + timeout_s * 1000
    while True:
        now = snapshot(box)
        changed = now.size == baseline.size and ImageChops.difference(now, baseline).getbbox() is not None
        if changed or page.evaluate("() => performance.now()") > deadline:
            return changed
        page.wait_for_timeout(50)


def tab_through(page, first, *, until: str | None = None, limit: int = 40) -> list[tuple[str, bool]]:
    """Focus `first`, then press Tab until the control labelled `until` has been left (or `limit` stops);
    return each stop's label (its accessible name outside widgets) and whether its focus can be seen."""
    containers = page.locator('[data-testid="stMain"] [data-testid="stElementContainer"]')
    baselines = {}
    for i in range(containers.count()):  # how every control looks before anything has focus
        box = containers.nth(i)
        if box.is_visible() and box.locator("input, button, a[href], [tabindex]").count():
            box.evaluate("(el, i) => el.setAttribute('data-a11y-box', i)", str(i))
            baselines[str(i)] = snapshot(box)
    first.focus()
    stops: list[tuple[str, bool]] = []
    while len(stops) < limit:
        page.evaluate(
            "() => document.querySelectorAll('[data-a11y-focus]').forEach(e => e.removeAttribute('data-a11y-focus'))"
        )
        info = page.evaluate(FOCUSED)
        label = info["label"] or info["name"] or info["tag"]
        if until is not None and stops and stops[-1][0] == until and label != until:
            break
        index = page.locator("[data-a11y-focus]").get_attribute("data-a11y-box") if info["inWidget"] else None
        stops.append((label, index in baselines and focus_is_visible(page, baselines[index])))
        page.keyboard.press("Tab")
    return stops


def test_keyboard_reaches_the_explorer_filters_in_reading_order_with_visible_focus(server, context_factory):
    page, errors = open_and_wait(context_factory(viewport={"width": 1440, "height": 1200}), server + "/explorer")
    filters = [
        t(k, "en")
        for k in (
            "explorer.q",
            "explorer.area",
            "explorer.source",
            "explorer.qualifier",
            "explorer.from",
            "explorer.to",
            "explorer.kind",
            "explorer.metric",
            "explorer.place",  # issue 23
        )
    ]
    chart_type = t("explorer.chart_kind", "en")
    stops = tab_through(page, page.get_by_label(filters[0]), until=chart_type)
    labels = [label for label, _ in stops]
    controls = [label for i, label in enumerate(labels) if i == 0 or labels[i - 1] != label]  # a date has 4 stops
    # the search box, the left column top to bottom, then the right column, with nothing in between; then
    # the chart type, after at most the link of the chart's heading
    assert controls[: len(filters)] == filters, "\n".join(controls)
    assert controls[-1] == chart_type and len(controls) <= len(filters) + 2, "\n".join(controls)
    hidden = [label for label, visible in stops if label in (*filters, chart_type) and not visible]
    assert not hidden, f"focus cannot be seen on {hidden}"
    assert_clean(page, errors)


def test_keyboard_reaches_the_presentation_controls_in_order_with_visible_focus(server, context_factory):
    page, errors = open_and_wait(context_factory(viewport={"width": 1920, "height": 1080}), server + "/?present=1")
    names = [t(k, "en") for k in ("present.previous", "present.next", "present.list", "present.exit")]
    stops = tab_through(page, page.locator(".st-key-present_previous button"), limit=len(names))
    # a button's text holds its icon's name and its shortcut key on lines of their own
    assert [next((n for n in names if n in label.split("\n")), label) for label, _ in stops] == names, stops
    assert all(visible for _, visible in stops), f"focus cannot be seen on {[n for n, v in stops if not v]}"
    page.locator(".st-key-present_next button").focus()
    page.keyboard.press("Enter")  # a keyboard alone moves the slides
    page.wait_for_url(re.compile(r"slide=2"))
    assert_clean(page, errors)
