"""Geometry of bar charts drawn as inline SVG on the server: no JavaScript, no inline style.

Pure functions from (label, value) pairs to coordinates in a fixed viewBox; the template
draws them and site.css colours them, so the page's Content-Security-Policy holds.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 640
COLUMNS_HEIGHT = 290
# Columns: room for the value axis on the left, for a legend line and the values above
# the columns, and for the labels below them.
LEFT, TOP, BOTTOM, LEGEND_Y = 52, 50, 32, 18
# Horizontal bars: a label line above each bar, the value after its end.
ROW, BAR, LABEL_BASELINE, BAR_TOP, VALUE_ROOM = 52, 18, 20, 27, 72


# "columns": vertical, for months; "bars": horizontal, for categories.
CHART_KINDS = ("columns", "bars")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    x: float
    y: float
    width: float
    height: float
    # Where the label and the value are written.
    label_x: float
    label_y: float
    value_x: float
    value_y: float


@dataclass(frozen=True)
class Tick:
    value: float
    position: float


@dataclass(frozen=True)
class Chart:
    kind: str  # one of CHART_KINDS
    width: int
    height: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    # The plot area, and the position of a target line if there is one.
    left: float
    top: float
    right: float
    bottom: float
    target: float | None = None
    target_position: float | None = None
    legend_y: float = LEGEND_Y

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def empty(self) -> bool:
        return not any(b.value for b in self.bars)


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 or 10 times a power of ten that is at least `value`."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value - 1e-9:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def _ticks(top_value: float, count: int = 4) -> list[float]:
    return [top_value * i / count for i in range(count + 1)]


def columns(points: Sequence[tuple[str, float]], target: float | None = None) -> Chart:
    """Vertical columns, one per point (months), on a value axis from 0 with gridlines."""
    top_value = nice_ceiling(max([v for _, v in points] + [target or 0, 0]))
    left, top, right, bottom = LEFT, TOP, WIDTH - 8, COLUMNS_HEIGHT - BOTTOM
    slot = (right - left) / max(len(points), 1)
    width = round(slot * 0.62, 1)

    def y_of(value: float) -> float:
        return round(bottom - (bottom - top) * value / top_value, 1)

    out = []
    for i, (label, value) in enumerate(points):
        x = round(left + i * slot + (slot - width) / 2, 1)
        y, middle = y_of(value), round(x + width / 2, 1)
        out.append(
            Bar(
                label,
                value,
                x,
                y,
                width,
                round(bottom - y, 1),
                label_x=middle,
                label_y=bottom + 22,
                value_x=middle,
                value_y=y - 7,
            )
        )
    return Chart(
        "columns",
        WIDTH,
        COLUMNS_HEIGHT,
        tuple(out),
        ticks=tuple(Tick(v, y_of(v)) for v in _ticks(top_value)),
        left=left,
        top=top,
        right=right,
        bottom=bottom,
        target=target,
        target_position=y_of(target) if target else None,
    )


def bars(points: Sequence[tuple[str, float]]) -> Chart:
    """Horizontal bars, one per point (categories), each with its label written above it."""
    top_value = nice_ceiling(max([v for _, v in points] + [0]))
    left, right = 4, WIDTH - VALUE_ROOM
    out = []
    for i, (label, value) in enumerate(points):
        y = i * ROW + BAR_TOP
        width = round((right - left) * value / top_value, 1)
        out.append(
            Bar(
                label,
                value,
                left,
                y,
                width,
                BAR,
                label_x=left,
                label_y=i * ROW + LABEL_BASELINE,
                value_x=left + width + 8,
                value_y=y + BAR - 3,
            )
        )
    height = max(len(points), 1) * ROW + 4
    return Chart("bars", WIDTH, height, tuple(out), (), left, 0, right, height)
