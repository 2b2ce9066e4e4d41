"""Sparklines: a card's series as a small SVG picture (no axes, no text), its points placed by date.

A sparkline shows the shape of one series next to its latest value: the y axis starts at zero (so a small
change looks small), each report is a dot, a bound ("more than", "under") an open dot, and the last point,
the card's value, a larger dot. Only numbers reach the SVG: no text from the data.
"""

from __future__ import annotations

from collections.abc import Sequence

from dashboard.theme import palette

SPARK_WIDTH = 240  # the picture's own size; the page scales it to the card's width
SPARK_HEIGHT = 64
_PAD = 6  # room for the dots at the edges


def sparkline_svg(days: Sequence[float], values: Sequence[float], bounds: Sequence[bool], theme: str) -> str:
    """The SVG of a sparkline: x by date (`days` after the first point), y from zero to the largest value."""
    if len(days) != len(values) or len(values) != len(bounds) or len(values) < 2:
        raise ValueError("a sparkline needs two points or more, each with a date, a value and a bound flag")
    pal = palette(theme)
    span = max(days[-1] - days[0], 1.0)
    low = min(0.0, *values)
    high = max(*values, low + 1e-9)
    inner_w, inner_h = SPARK_WIDTH - 2 * _PAD, SPARK_HEIGHT - 2 * _PAD
    xs = [_PAD + (d - days[0]) / span * inner_w for d in days]
    ys = [SPARK_HEIGHT - _PAD - (v - low) / (high - low) * inner_h for v in values]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))
    dots = []
    for i, (x, y, bound) in enumerate(zip(xs, ys, bounds, strict=True)):
        r = 4.5 if i == len(xs) - 1 else 3
        fill = pal.background if bound else pal.accent
        dots.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{fill}" stroke="{pal.accent}" stroke-width="1.5"/>'
        )
    base = SPARK_HEIGHT - _PAD - (0 - low) / (high - low) * inner_h
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SPARK_WIDTH} {SPARK_HEIGHT}" '
        f'width="{SPARK_WIDTH}" height="{SPARK_HEIGHT}">'
        f'<line x1="{_PAD}" y1="{base:.1f}" x2="{SPARK_WIDTH - _PAD}" y2="{base:.1f}" stroke="{pal.grid}" stroke-width="1"/>'
        f'<polyline points="{line}" fill="none" stroke="{pal.accent}" stroke-width="2" stroke-linejoin="round"/>'
        + "".join(dots)
        + "</svg>"
    )
