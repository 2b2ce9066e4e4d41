"""Rules every chart built on the shipped data keeps (issue 21, item 2), checked on the figures themselves:
every chart of every page, slide, the overview's trends, the explorer's first view and every indicator page.

- within one chart, each series or source has a colour and symbol of its own;
- a series has the same colour wherever it is drawn;
- one scale per indicator: log where its figures span more than two decades, and then on every chart;
- no chart text is cut short with "…";
- no lower-bound whisker runs through its label."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from dashboard import charts, figures, models, warmup
from dashboard.theme import PALETTES

# Every test here reads every chart of the dashboard, built first (tens of seconds): none is a unit test.
pytestmark = pytest.mark.slow

DATASET_CHARTS = ("figures-per-area", "source-grades")  # counts of our rows: no indicator on their axis


def of_indicators(chart: charts.Chart) -> bool:
    """A chart of reported figures (series, bars of figures), not of events, places or our own rows."""
    return "metric_id" in chart.rows and chart.key not in DATASET_CHARTS


@pytest.fixture(scope="module")
def built() -> list[charts.Chart]:
    """Every chart the app builds in English (colours, symbols and scales do not depend on the language)."""
    found = warmup.warm("en", "light")
    found += [figures.series(m, (m,), "en", "light") for m in models.overview_series()]
    metric_ids = sorted(set(figures.observation_view().metric_id))
    found += [c for c in (models.indicator_chart(m, "en", "light") for m in metric_ids) if c is not None]
    unique = {c.key: c for c in found}
    assert len(unique) > 150, len(unique)
    return list(unique.values())


def _bold(text) -> str:
    found = re.match(r"<b>(.*?)</b>", str(text or ""))
    return found.group(1) if found else ""


def identity(trace) -> str:
    """Which series or source a trace draws: its legend group, else its name, else the metric its hover
    names (a series chart's points)."""
    if trace.legendgroup:
        return trace.legendgroup
    if trace.name:
        return str(trace.name)
    hover = trace.hovertext[0] if trace.hovertext is not None and len(trace.hovertext) else ""
    return _bold(hover)


def marks(fig) -> dict[str, set[tuple[str, str]]]:
    """(colour, symbol) of the marks drawn for each series or source of a scatter chart. A point's colour
    is its outline's unless the outline is a conflict ring (then its fill's, unless it is a target's grey);
    a hollow mark (low grade) has the symbol of a full one; lines are ('colour', 'line')."""
    target = {p.target for p in PALETTES.values()}
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for trace in fig.data:
        if trace.type != "scatter" or trace.hoverinfo == "skip" and trace.mode != "lines":
            continue  # legend keys that explain the marks carry no data
        who = identity(trace)
        if not who:
            continue
        if trace.mode == "lines":
            found[who].add((trace.line.color, "line"))
            continue
        if "markers" not in (trace.mode or ""):
            continue
        marker = trace.marker
        ring = (marker.line.width or 0) >= 3
        colour = marker.line.color if not ring else marker.color
        if colour in target:
            continue  # a target with a conflict ring: neither colour is its series'
        found[who].add((colour, str(marker.symbol).replace("-open", "")))
    return found


def test_within_a_chart_each_series_or_source_has_its_own_colour_and_symbol(built):
    shared = []
    for chart in filter(of_indicators, built):
        drawn = marks(chart.figure)
        names = sorted(drawn)
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                both = drawn[a] & drawn[b]
                if both:
                    shared.append(f"{chart.key}: “{a}” and “{b}” both drawn as {sorted(both)}")
    assert not shared, "\n".join(shared)


def test_a_series_has_the_same_colour_wherever_it_is_drawn(built):
    colours: dict[str, set[str]] = defaultdict(set)
    where: dict[str, list[str]] = defaultdict(list)
    for chart in filter(of_indicators, built):
        for trace in chart.figure.data:
            if trace.type == "scatter" and trace.mode == "lines" and trace.name:
                colours[str(trace.name)].add(trace.line.color)
                where[str(trace.name)].append(chart.key)
    differ = [f"{name}: {sorted(c)} on {where[name]}" for name, c in colours.items() if len(c) > 1]
    assert len(colours) > 20
    assert not differ, "\n".join(differ)


def test_the_palettes_are_long_enough_for_the_largest_chart_and_alike_in_both_themes(built):
    largest = max(len(marks(c.figure)) for c in built if of_indicators(c))
    light, dark = PALETTES["light"].series, PALETTES["dark"].series
    assert len(set(light)) == len(light) and len(set(dark)) == len(dark), "a colour repeats in a palette"
    assert len(light) == len(dark) >= largest, (len(light), len(dark), largest)


def value_axis(fig) -> str:
    horizontal = any(tr.type == "bar" and tr.orientation == "h" for tr in fig.data)
    return (fig.layout.xaxis if horizontal else fig.layout.yaxis).type or "linear"


def test_one_scale_per_indicator_log_only_beyond_two_decades(built):
    view = figures.observation_view()
    positive = view[view.value > 0].groupby("metric_id").value
    wide = set((positive.max() / positive.min())[lambda s: s > 100].index)
    assert "token_daily" in wide  # the shipped data has one: daily tokens, from billions to quadrillions
    scales: dict[str, set[str]] = defaultdict(set)
    wrong = []
    for chart in filter(of_indicators, built):
        scale = value_axis(chart.figure)
        for metric in set(chart.rows.metric_id):
            scales[metric].add(scale)
            if (scale == "log") != (metric in wide):
                wrong.append(f"{chart.key}: {metric} on a {scale} axis")
    assert not wrong, "\n".join(sorted(set(wrong)))
    assert all(len(s) == 1 for s in scales.values())


def chart_texts(fig) -> list[str]:
    """Every text a chart shows without hovering: title, annotations, point and bar labels, legend entries,
    and category tick labels (a timeline's event labels)."""
    texts = [fig.layout.title.text or ""]
    texts += [a.text or "" for a in fig.layout.annotations]
    for trace in fig.data:
        texts.append(str(trace.name or ""))
        if trace.text is not None:
            texts += [str(t) for t in ([trace.text] if isinstance(trace.text, str) else trace.text)]
        if trace.type == "scatter" and fig.layout.yaxis.type == "category" and trace.y is not None:
            texts += [str(y) for y in trace.y if y is not None]
        if trace.type == "bar" and trace.orientation == "h":
            texts += [str(y) for y in trace.y]
    return texts


def test_no_chart_text_is_cut_short(built):
    cut = [f"{c.key}: “{text[:80]}”" for c in built for text in chart_texts(c.figure) if "…" in text]
    assert not cut, "\n".join(cut)


def test_no_whisker_runs_through_its_label(built):
    """A lower bound's whisker rises from its point: its label goes beside or below, never above."""
    struck = [
        f"{c.key}: “{tr.text[0]}” {tr.textposition}"
        for c in built
        for tr in c.figure.data
        if tr.type == "scatter"
        and tr.error_y.visible
        and tr.text is not None
        and tr.text[0]
        and str(tr.textposition).startswith("top")
    ]
    assert not struck, "\n".join(struck)
