"""Line charts through textual-plotext: series told apart by letter markers, not by colour."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from textual_plotext import PlotextPlot


@dataclass(frozen=True)
class Series:
    label: str
    marker: str  # one printable ASCII character: readable without colour and in ASCII mode
    values: Sequence[float | None]  # None: not known (the points after the status date)
    color: str = "default"


class LineChart(PlotextPlot):
    """A small line chart of several series over shared x labels (dates)."""

    DEFAULT_CSS = """
    LineChart { height: 12; }
    """

    def show(
        self,
        title: str,
        days: Sequence[date],
        series: Sequence[Series],
        y_label: str = "",
        *,
        whole: bool = False,
    ) -> None:
        """Plot `series` over `days`, placed by time (a gap of a week is wider than a day).

        With `whole`, the values are counts: the y-axis is marked in whole numbers only.
        """
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(title)
        if not days:
            self.refresh()
            return
        xs = [(day - days[0]).days for day in days]
        for one in series:
            points = [(x, v) for x, v in zip(xs, one.values, strict=False) if v is not None]
            if points:
                plt.plot(
                    [p[0] for p in points],
                    [p[1] for p in points],
                    marker=one.marker,
                    label=one.label,
                    color=one.color,
                )
        # At most about six date labels fit under an 80-column chart.
        ticks = date_ticks(xs, 6)
        plt.xticks(ticks, [_label(days[0], x) for x in ticks])  # type: ignore[arg-type]  # plotext's stub wants list[float]; ints work
        if whole:
            values = [v for one in series for v in one.values if v is not None]
            if values:
                marks = whole_ticks(min(values), max(values), 5)
                plt.yticks(marks, [str(m) for m in marks])  # type: ignore[arg-type]  # plotext's stub, as xticks
        if y_label:
            plt.ylabel(y_label)
        self.refresh()


def _label(first: date, offset: int) -> str:
    return date.fromordinal(first.toordinal() + offset).strftime("%m-%d")


def date_ticks(xs: Sequence[int], most: int) -> list[int]:
    """Up to `most` of the day offsets `xs` to label, spread evenly over the time they span."""
    if len(xs) <= most:
        return list(xs)
    span = xs[-1] - xs[0]
    picked: list[int] = []
    for n in range(most):
        target = xs[0] + span * n / (most - 1)
        nearest = min(xs, key=lambda x: abs(x - target))
        if nearest not in picked:
            picked.append(nearest)
    return picked


def whole_ticks(low: float, high: float, most: int) -> list[int]:
    """Whole numbers from below `low` to above `high`, at most `most` of them, evenly stepped."""
    bottom, top = math.floor(low), math.ceil(high)
    step = max(1, math.ceil((top - bottom) / max(1, most - 1)))
    return list(range(bottom, top + 1, step)) or [bottom]
