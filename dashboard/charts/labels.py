"""Placing text: point labels on series charts and map labels kept clear of markers, other labels and the edges."""

from __future__ import annotations

import math

import pandas as pd

from dashboard.formatting import (
    display_width,
)

# Label sides that keep the city names off the outlines and off each other.
# Map labels: placed around their marker where they collide with no other label or marker, else replaced
# by a number that a key beside the map names. Sizes are estimated in degrees of the Mercator map at the size
# the page draws the whole of China (at least 10 px a degree; labels at 14 px). A slide or a deck's picture
# draws the map smaller against larger type: labels are placed so that they fit there too.
MAP_PX_PER_DEGREE = 10.0
MAP_SLIDE_PX_PER_DEGREE = 5.5


MAP_CHAR_PX = 8.0  # a Latin character at 14 px; a Chinese one counts as two


MAP_LINE_PX = 22.0


MAP_MARKER_PX = 16.0


MAP_LABEL_GAP_PX = 6.0


_MAP_POSITIONS = (
    "middle right",
    "middle left",
    "top center",
    "bottom center",
    "top right",
    "bottom right",
    "top left",
    "bottom left",
)


def _mercator_y(lat: float) -> float:
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def _label_box(
    x: float, y: float, text: str, position: str, px_per_degree: float = MAP_PX_PER_DEGREE
) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of a label at `position` around a marker at (x, y), in map degrees, on a
    map drawn at `px_per_degree`. The box reaches from the marker's edge to the label's far side: Plotly
    sets a label closer to its marker than the gap, by an amount that depends on the font (Chinese glyphs
    have a taller box)."""
    width = display_width(text) * MAP_CHAR_PX / px_per_degree
    height = MAP_LINE_PX / px_per_degree
    near = MAP_MARKER_PX / 2 / px_per_degree
    gap = (MAP_MARKER_PX / 2 + MAP_LABEL_GAP_PX) / px_per_degree
    vertical, horizontal = position.split()
    left, right = {
        "right": (x + near, x + gap + width),
        "left": (x - gap - width, x - near),
        "center": (x - width / 2, x + width / 2),
    }[horizontal]
    bottom, top = {
        "middle": (y - height / 2, y + height / 2),
        "top": (y + near, y + gap + height),
        "bottom": (y - gap - height, y - near),
    }[vertical]
    return left, bottom, right, top


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_map_labels(
    places: pd.DataFrame,
    labels: list[str],
    bounds: tuple[float, float, float, float],
    sizes: tuple[float, ...] = (MAP_PX_PER_DEGREE, MAP_SLIDE_PX_PER_DEGREE),
) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """(text, position) for each place's label, in order, and the key of the labels that found no room:
    (number, label). A label goes to the first position around its marker that overlaps no marker, no
    label already placed and no edge of the map (`bounds`: west, south, east, north in degrees) at every
    one of the `sizes` the map is drawn at (pixels a degree); else a number does, which the key names."""
    points = [(float(lon), _mercator_y(float(lat))) for lon, lat in zip(places.lon, places.lat, strict=True)]
    frame = (bounds[0], _mercator_y(bounds[1]), bounds[2], _mercator_y(bounds[3]))
    taken: dict[float, list[tuple[float, float, float, float]]] = {}
    for size in sizes:
        marker = MAP_MARKER_PX / 2 / size
        taken[size] = [(x - marker, y - marker, x + marker, y + marker) for x, y in points]

    def box_fits(box: tuple[float, float, float, float], size: float) -> bool:
        inside = frame[0] <= box[0] and box[2] <= frame[2] and frame[1] <= box[1] and box[3] <= frame[3]
        return inside and not any(_overlap(box, other) for other in taken[size])

    def fits(x: float, y: float, text: str, position: str) -> bool:
        return all(box_fits(_label_box(x, y, text, position, size), size) for size in sizes)

    texts: list[str] = []
    positions: list[str] = []
    key: list[tuple[str, str]] = []
    for (x, y), label in zip(points, labels, strict=True):
        number = str(len(key) + 1)
        placed = next(
            ((text, p) for text in (label, number) for p in _MAP_POSITIONS if fits(x, y, text, p)),
            ("", "middle right"),  # not even a number fits: the marker keeps its hover and the key names it
        )
        if placed[0]:
            for size in sizes:
                taken[size].append(_label_box(x, y, *placed, size))
        if placed[0] != label:
            key.append((number, label))
        texts.append(placed[0])
        positions.append(placed[1])
    return texts, positions, key


class _PointLabels:
    """Where a series chart writes its value labels, so that no two collide and no whisker strikes through
    one: a value already written near the same place is not written again (a report restated a few days
    later, a low-grade copy of the same figure); otherwise a label goes above its point, or below it when
    that is taken, or is left out when both are (the point keeps its hover). A lower bound's whisker rises
    from its point, so its label goes below it, or beside it. 'Near' is a share of the axes' spans, which is
    what a viewer sees whatever the chart's size."""

    CHAR_X = 0.011  # of the x span: a character's width at the chart's narrowest (a slide at 1280 px)
    HEIGHT = 0.1  # of the y span: a label's height with its gap to the marker
    GAP = 0.02
    MARK_X = 0.015  # of the x span: half a marker and the gap to a label beside it
    WHISKER = 0.1  # of the y span: a lower bound's whisker (series_chart draws it a tenth of the data's span)

    def __init__(self, xs: pd.Series, ys: pd.Series, *, log_y: bool = False):
        self.x0, self.x_span = self._span(xs)
        self.log_y = log_y
        if log_y:  # the axis spans the points' decades
            self.y0, self.y_span = self._span(pd.Series([math.log10(v) for v in ys if v > 0]))
        else:  # the axis runs from zero to a quarter above the largest point (series_chart)
            self.y0, self.y_span = 0.0, float(ys.max()) * 1.25 or 1.0
        # boxes taken, as (left, right, bottom, top, value): labels written (value: theirs) and whiskers (None)
        self.taken: list[tuple[float, float, float, float, float | None]] = []

    @staticmethod
    def _number(x) -> float:
        return x.timestamp() / 86400 if isinstance(x, pd.Timestamp) else float(x)

    def _span(self, values: pd.Series) -> tuple[float, float]:
        numbers = [self._number(v) for v in values]
        low, high = (min(numbers), max(numbers)) if numbers else (0.0, 0.0)
        return low, (high - low) or 1.0

    def _box(self, nx: float, ny: float, width: float, position: str) -> tuple[float, float, float, float]:
        """(left, right, bottom, top) of a label of `width` at `position` around a point at (nx, ny)."""
        if position == "top center":
            return nx - width / 2, nx + width / 2, ny + self.GAP, ny + self.GAP + self.HEIGHT
        if position == "bottom center":
            return nx - width / 2, nx + width / 2, ny - self.GAP - self.HEIGHT, ny - self.GAP
        half = (self.HEIGHT - self.GAP) / 2
        if position == "middle right":
            return nx + self.MARK_X, nx + self.MARK_X + width, ny - half, ny + half
        return nx - self.MARK_X - width, nx - self.MARK_X, ny - half, ny + half  # middle left

    def _point(self, x, y) -> tuple[float, float]:
        height = math.log10(y) if self.log_y and y > 0 else float(y)
        return (self._number(x) - self.x0) / self.x_span, (height - self.y0) / self.y_span

    def whisker(self, x, y) -> None:
        """A lower bound's whisker rises from (x, y): no label may cross it (call before placing labels)."""
        nx, ny = self._point(x, y)
        self.taken.append((nx - self.GAP / 4, nx + self.GAP / 4, ny, ny + self.WHISKER, None))

    def place(self, x, y, value: float, label: str, *, whisker: bool = False) -> tuple[str, str]:
        """(the label to write, or '', and its position) for a point at (x, y) of this value; `whisker`: the
        point is a lower bound drawn with a whisker rising from it."""
        nx, ny = self._point(x, y)
        width = max(display_width(label), 6) * self.CHAR_X
        near = [b for b in self.taken if b[4] is not None and b[0] < nx + width / 2 and nx - width / 2 < b[1]]
        if any(b[4] == value for b in near):
            return "", "top center"
        positions = ("bottom center", "middle right", "middle left") if whisker else ("top center", "bottom center")
        for position in positions:
            left, right, bottom, top = self._box(nx, ny, width, position)
            if bottom < 0 and not self.log_y:
                continue  # under the x axis, among its labels
            if not any(b[0] < right and left < b[1] and b[2] < top and bottom < b[3] for b in self.taken):
                self.taken.append((left, right, bottom, top, value))
                return label, position
        return "", "top center"
