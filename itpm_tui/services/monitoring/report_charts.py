"""Line charts as inline SVG for the HTML reports: dates spaced by time, every label escaped."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 24, 40
TICKS = 4


def line_chart(
    title: str,
    days: Sequence[date],
    series: Sequence[tuple[str, str, Sequence[int | None]]],
    *,
    unit: str = "",
    scale: int = 1,
    whole: bool = False,
    marker: date | None = None,
) -> str:
    """An SVG chart of `series` (name, colour, values) over `days`; None values are gaps.

    `scale` divides the values for the axis labels (minor units to major); `whole` keeps the
    axis on whole numbers (card counts). `marker` draws the status date.
    """
    if len(days) < 2:
        return ""
    first, last = days[0], days[-1]
    span = max((last - first).days, 1)
    known = [v for _, _, values in series for v in values if v is not None]
    top = max(known + [1])
    if whole:
        step = max(1, -(-top // TICKS))
        top = step * TICKS
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        return LEFT + plot_w * (day - first).days / span

    def y(value: float) -> float:
        return TOP + plot_h * (1 - value / top)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{escape(title)}" class="chart">',
        f"<title>{escape(title)}</title>",
    ]
    for i in range(TICKS + 1):
        value = top * i / TICKS
        label = f"{value / scale:,.0f}" if whole or scale > 1 or top >= 10 else f"{value:,.1f}"
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            f'class="grid"/><text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end">'
            f"{escape(label)}</text>"
        )
    for day, anchor in ((first, "start"), (first + (last - first) / 2, "middle"), (last, "end")):
        parts.append(
            f'<text x="{x(day):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="{anchor}">'
            f"{day.isoformat()}</text>"
        )
    if unit:
        parts.append(f'<text x="4" y="{TOP - 10}" class="unit">{escape(unit)}</text>')
    if marker is not None and first <= marker <= last:
        parts.append(
            f'<line x1="{x(marker):.1f}" x2="{x(marker):.1f}" y1="{TOP}" '
            f'y2="{HEIGHT - BOTTOM}" class="today"/>'
        )
    legend_x = LEFT
    for name, colour, values in series:
        runs: list[list[str]] = [[]]
        for day, point in zip(days, values, strict=True):
            if point is None:
                runs.append([])
            else:
                runs[-1].append(f"{x(day):.1f},{y(point):.1f}")
        for run in runs:
            if run:
                parts.append(
                    f'<polyline fill="none" stroke="{colour}" stroke-width="2" '
                    f'points="{" ".join(run)}"/>'
                )
        parts.append(
            f'<rect x="{legend_x}" y="{HEIGHT - 14}" width="12" height="4" fill="{colour}"/>'
            f'<text x="{legend_x + 16}" y="{HEIGHT - 9}">{escape(name)}</text>'
        )
        legend_x += 24 + 8 * len(name)
    parts.append("</svg>")
    return "".join(parts)
