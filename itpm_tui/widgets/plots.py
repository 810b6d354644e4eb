"""Line charts through textual-plotext: series told apart by letter markers, not by colour."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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
        self, title: str, labels: Sequence[str], series: Sequence[Series], y_label: str = ""
    ) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(title)
        if not labels:
            self.refresh()
            return
        xs = list(range(len(labels)))
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
        step = max(1, len(labels) // 6)
        ticks = xs[::step]
        plt.xticks(ticks, [labels[i] for i in ticks])
        if y_label:
            plt.ylabel(y_label)
        self.refresh()
