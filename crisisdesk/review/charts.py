"""Chart geometry shared by the HTML and PDF reports and the dashboard's painter.

Pure arithmetic: where each point or bar goes in a box, so every rendering draws the same
picture from the same KPI data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def series_points(
    keys: Sequence[str],
    values: Mapping[str, int],
    top: int,
    left: float,
    right: float,
    upper: float,
    lower: float,
) -> list[tuple[float, float]]:
    """One point per key (missing keys count 0), spread evenly from left to right."""
    span = max(len(keys) - 1, 1)
    scale = (lower - upper) / (top or 1)
    return [
        (left + (right - left) * i / span, lower - values.get(key, 0) * scale)
        for i, key in enumerate(keys)
    ]


def bars(
    values: Sequence[int], left: float, right: float, upper: float, lower: float
) -> list[tuple[float, float, float, float]]:
    """``(x, y, width, height)`` of one bar per value, with a gap between bars."""
    if not values:
        return []
    top = max(values) or 1
    slot = (right - left) / len(values)
    width = slot * 0.7
    out = []
    for i, value in enumerate(values):
        height = (lower - upper) * value / top
        out.append((left + i * slot + (slot - width) / 2, lower - height, width, height))
    return out
