"""Time against scale per stage, as a self-contained SVG (no plotting library needed).

One panel per stage: the pipeline's time (solid) and DuckDB alone doing the same work
(dashed), both axes logarithmic, so a constant ratio shows as parallel lines and fixed
overhead as a flat one.
"""

from __future__ import annotations

import math
from html import escape
from pathlib import Path

PANEL_WIDTH, PANEL_HEIGHT, MARGIN = 260, 200, 44
PIPELINE_COLOUR, FLOOR_COLOUR = "#b03a2e", "#1f618d"


def write_plot(results: list[dict], path: Path) -> Path:
    """`results` as `tests.bench.run` returns them: each with `scale` and `stages`
    (stage, pipeline seconds, DuckDB-alone seconds, pandas seconds or None)."""
    stages = [stage for stage, *_ in results[0]["stages"]]
    scales = [result["scale"] for result in results]
    seconds = [
        value
        for result in results
        for _stage, pipeline, floor, _pandas in result["stages"]
        for value in (pipeline, floor)
        if value > 0
    ]
    x_range = _log_range(scales)
    y_range = _log_range(seconds)
    width = len(stages) * (PANEL_WIDTH + MARGIN) + MARGIN
    height = PANEL_HEIGHT + 3 * MARGIN
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'font-family="sans-serif" font-size="11">',
        f'<text x="{MARGIN}" y="16">Seconds against the scale of the demo extracts (log-log); '
        "solid: the refresh, dashed: DuckDB alone doing the same work</text>",
    ]
    for index, stage in enumerate(stages):
        left = MARGIN + index * (PANEL_WIDTH + MARGIN)
        parts += _panel(stage, index, results, left, x_range, y_range)
    parts.append("</svg>")
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path


def _panel(stage, index, results, left, x_range, y_range) -> list[str]:
    top = 2 * MARGIN

    def x(scale: float) -> float:
        return left + PANEL_WIDTH * _fraction(scale, x_range)

    def y(value: float) -> float:
        return top + PANEL_HEIGHT * (1 - _fraction(value, y_range))

    parts = [
        f'<text x="{left}" y="{top - 8}" font-weight="bold">{escape(stage)}</text>',
        f'<rect x="{left}" y="{top}" width="{PANEL_WIDTH}" height="{PANEL_HEIGHT}" '
        'fill="none" stroke="#999"/>',
    ]
    for tick in _decades(y_range):
        parts.append(
            f'<text x="{left - 4}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick:g}</text>'
        )
    for result in results:
        parts.append(
            f'<text x="{x(result["scale"]):.1f}" y="{top + PANEL_HEIGHT + 14}" '
            f'text-anchor="middle">×{result["scale"]}</text>'
        )
    for column, colour, dash in ((1, PIPELINE_COLOUR, ""), (2, FLOOR_COLOUR, "5,4")):
        points = [
            (x(result["scale"]), y(result["stages"][index][column]))
            for result in results
            if result["stages"][index][column] > 0
        ]
        line = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        parts.append(
            f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2" '
            f'stroke-dasharray="{dash}"/>'
        )
        parts += [
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{colour}"/>' for px, py in points
        ]
    return parts


def _log_range(values: list[float]) -> tuple[float, float]:
    low, high = math.log10(min(values)), math.log10(max(values))
    if high - low < 1:  # at least a decade, so one scale alone still draws
        low, high = low - 0.5, high + 0.5
    return math.floor(low), math.ceil(high)


def _fraction(value: float, log_range: tuple[float, float]) -> float:
    low, high = log_range
    return (math.log10(value) - low) / (high - low)


def _decades(log_range: tuple[float, float]) -> list[float]:
    low, high = log_range
    return [10.0**power for power in range(int(low), int(high) + 1)]
