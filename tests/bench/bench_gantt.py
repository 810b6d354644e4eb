"""GanttView render cost against the number of rows: 10 rows against 10,000, in one run.

In a headless 120x40 app, times (a) a first full render: the line cache cleared, then
`render_line(y)` for every visible line, and (b) a page scroll: `scroll_page_down` and a
render of every visible line, uncached. Best of 5 each. With the Line API only the visible
rows are drawn, so the 10,000-row chart should cost what a full screen of rows costs.
A chart of 10 rows leaves most of the screen blank, which is cheaper to draw; the table
also shows a full-screen chart (one row per visible line) to compare like with like.
The garbage collector runs with the app's setting (itpm_tui.runtime).
Run: python tests/bench/bench_gantt.py [--runs N]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

# The source root goes after the installed itpm, not before it: the folder itpm_tui/
# alone has no itpm_tui.screens (installing maps screens/ into it).
sys.path.append(str(Path(__file__).resolve().parents[2]))

from textual.app import App, ComposeResult  # noqa: E402

from itpm_tui.runtime import tune_collector  # noqa: E402
from itpm_tui.services.planning.gantt_text import HEADER_HEIGHT, GanttRow  # noqa: E402
from itpm_tui.widgets.gantt import GanttView  # noqa: E402

SIZE = (120, 40)
TODAY = date(2025, 6, 2)
START = date(2025, 1, 6)


def synthetic_rows(count: int) -> list[GanttRow]:
    """`count` tasks over about a year: summaries, critical tasks, links and baselines."""
    rows = []
    for i in range(count):
        start = START + timedelta(days=(i * 5) % 330)
        finish = start + timedelta(days=2 + i % 15)
        rows.append(
            GanttRow(
                id=i + 1,
                wbs=f"{i // 10 + 1}.{i % 10}",
                name=f"Synthetic task {i + 1} with a longer name",
                depth=0 if i % 10 == 0 else 1 + i % 3,
                duration=float(2 + i % 15),
                start=start,
                finish=finish,
                percent=(i * 23) % 101,
                total_float=i % 7,
                critical=i % 4 == 0,
                milestone=i % 17 == 0,
                summary=i % 10 == 0,
                baseline_start=start - timedelta(days=i % 3),
                baseline_finish=finish - timedelta(days=i % 3),
                predecessors=(i,) if i % 3 else (),
            )
        )
    return rows


class BenchApp(App[None]):
    def __init__(self, rows: list[GanttRow]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield GanttView(self.rows, today=TODAY)


def best_of(runs: int, setup: Callable[[], None], body: Callable[[], None]) -> float:
    best = float("inf")
    for _ in range(runs):
        setup()
        started = time.perf_counter()
        body()
        best = min(best, time.perf_counter() - started)
    return best


async def measure(count: int, runs: int) -> tuple[float, float, int]:
    """Seconds for (a) a full uncached render and (b) a page scroll, and lines drawn."""
    app = BenchApp(synthetic_rows(count))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.query_one(GanttView)
        # The same dates in view for every size, so that equal rows draw equal lines.
        view.timeline_offset = view.timeline.column_of(START)
        await pilot.pause()
        height = view.scrollable_content_region.height

        def render_all() -> None:
            for y in range(height):
                view.render_line(y)

        def clear() -> None:
            view._line_cache.clear()

        def to_top_and_clear() -> None:
            view.scroll_to(y=0, animate=False)
            clear()

        def page_down() -> None:
            view.scroll_page_down(animate=False)
            render_all()

        first = best_of(runs, clear, render_all)
        scroll = best_of(runs, to_top_and_clear, page_down)
        drawn = min(count, height - HEADER_HEIGHT)
    return first, scroll, drawn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    tune_collector()  # as `itpm` does when it starts the app
    full_screen = SIZE[1] - HEADER_HEIGHT
    sizes = [10, full_screen, 10_000]
    results = {n: asyncio.run(measure(n, args.runs)) for n in sizes}

    print(f"GanttView at {SIZE[0]}x{SIZE[1]}, best of {args.runs} (milliseconds)")
    print(f"{'rows':>8} {'task lines':>10} {'first render':>13} {'page scroll':>12} {'us/line':>8}")
    for n in sizes:
        first, scroll, drawn = results[n]
        per_line = first / (drawn + HEADER_HEIGHT) * 1e6
        print(f"{n:>8} {drawn:>10} {first * 1000:>13.2f} {scroll * 1000:>12.2f} {per_line:>8.0f}")
    big = results[10_000]
    notes = ((10, "the issue's comparison; target <= 1.5"), (full_screen, "like for like"))
    for n, note in notes:
        small = results[n]
        label = f"ratio 10k/{n}"
        print(f"{label:>19} {big[0] / small[0]:>13.2f} {big[1] / small[1]:>12.2f}   ({note})")


if __name__ == "__main__":
    main()
