"""The Gantt screen end to end: 10,000 tasks against 10, and against 100, in one run.

The projects live in one SQLite file (bulk-inserted: work packages of ten tasks under a
summary, finish-to-start links along each package and between packages, a few milestones;
the first hundred tasks of every project above ten have the same shape).
In a headless ItpmApp at 80x24 and 120x40 with the app's collector setting, once the chart
has its rows, times until the frame is composed (App._display is called):
(a) a full screen: every widget of the screen repainted, the chart's line cache cleared;
(b) a page scroll: home, then pagedown pressed on the chart, its line cache cleared.
Best of N each. The target: the 10,000-task project within 1.5x of the smaller one.

Two comparisons are shown, because a 10-task chart cannot scroll. There, pagedown moves
the selection from the first to the last row and two rows are drawn again; on the
10,000-task chart it scrolls, and a page of rows never drawn before (plus the scroll bar,
and the header when the timeline follows the selection) goes through Textual. That ratio
is printed as measured: it is the issue's literal comparison, and it weighs a scroll
against a cursor move more than a large project against a small one. The like-for-like
comparison is a 100-task project (three pages at 120x40, whose first hundred rows are
the 10,000-task project's): pagedown scrolls a whole page there too, over the same rows
and dates, so the only difference is the number of tasks. Nothing is left out of either
measurement; the 10-task rows are still measured and printed.
tests/bench/bench_gantt.py measures the chart widget alone, line by line.
Run: python tests/bench/bench_gantt_screen.py [--runs N]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from itpm_tui.screens.gantt import GanttScreen  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from itpm_tui.app import ItpmApp  # noqa: E402
from itpm_tui.db import open_database, write_session  # noqa: E402
from itpm_tui.models import Dependency, Task  # noqa: E402
from itpm_tui.runtime import tune_collector  # noqa: E402
from itpm_tui.services.projects import ProjectInput, create_project  # noqa: E402
from itpm_tui.widgets.gantt import GanttView  # noqa: E402

SMALL, PAGE, LARGE = 10, 100, 10_000
COUNTS = (SMALL, PAGE, LARGE)
SIZES = ((80, 24), (120, 40))
START = date(2026, 1, 5)
PACKAGE = 10  # a summary and its nine tasks


def build(path: Path) -> dict[int, int]:
    """One project per size; returns {size: project id}."""
    engine = open_database(str(path))
    now = datetime.now(UTC)
    projects: dict[int, int] = {}
    next_id = 1
    with write_session(engine) as session:
        for size in COUNTS:
            project = create_project(
                session, ProjectInput(code=f"G{size}", name=f"Plan of {size}", start=START), START
            )
            projects[size] = project.id  # type: ignore[assignment]
            tasks: list[dict[str, Any]] = []
            links: list[dict[str, Any]] = []
            previous_leaf: int | None = None
            parent: int | None = None
            for i in range(size):
                task_id = next_id
                next_id += 1
                summary = i % PACKAGE == 0 and size > PACKAGE
                milestone = not summary and i % 50 == 49
                if summary:
                    parent = task_id
                tasks.append(
                    {
                        "id": task_id,
                        "project_id": project.id,
                        "parent_id": None if summary else parent,
                        "position": i,
                        "title": f"Task {i + 1} of the {size}-task plan",
                        "description": "",
                        "status": "todo",
                        "priority": "medium",
                        "estimate_days": 0.0 if milestone else float(1 + i % 5),
                        "percent_complete": (i * 7) % 100,
                        "is_milestone": milestone,
                        "tags": "",
                        "board_position": i,
                        "blocked": False,
                        "created_at": now,
                        "updated_at": now,
                        "version": 1,
                    }
                )
                if not summary:
                    if previous_leaf is not None:
                        links.append(
                            {
                                "predecessor_id": previous_leaf,
                                "successor_id": task_id,
                                "kind": "FS",
                                "lag_days": 0,
                            }
                        )
                    # Packages run side by side: a new chain starts every few packages.
                    previous_leaf = None if i % (PACKAGE * 4) == PACKAGE * 4 - 1 else task_id
            session.execute(insert(Task), tasks)
            if links:
                session.execute(insert(Dependency), links)
    engine.dispose()
    return projects


class FrameClock:
    """Seconds from start() to the next composed frame."""

    def __init__(self, app: ItpmApp) -> None:
        self.started = 0.0
        self.hit: float | None = None
        display = app._display

        def watched(screen: Any, renderable: Any) -> None:
            if renderable is not None and self.hit is None:
                self.hit = time.perf_counter()
            display(screen, renderable)

        app._display = watched  # type: ignore[method-assign]

    def start(self) -> None:
        self.started, self.hit = time.perf_counter(), None

    async def elapsed(self, pilot: Any) -> float:
        while self.hit is None:
            await pilot.pause(0.001)
        return self.hit - self.started


async def measure(engine: Any, project_id: int, size: tuple[int, int], runs: int) -> tuple:
    app = ItpmApp(engine, today=START + timedelta(days=30))
    async with app.run_test(size=size) as pilot:
        app.push_screen(GanttScreen(project_id))
        for _ in range(600):
            await pilot.pause(0.05)
            screen = app.screen
            if isinstance(screen, GanttScreen) and screen.query_one(GanttView).rows:
                break
        await pilot.pause(0.2)
        view = app.screen.query_one(GanttView)
        clock = FrameClock(app)
        full, scroll = [], []
        for _ in range(runs):
            view._line_cache.clear()
            clock.start()
            for widget in app.screen.walk_children(with_self=True):
                widget.refresh()
            full.append(await clock.elapsed(pilot))
            await pilot.pause(0.05)
        for _ in range(runs):
            await pilot.press("home")
            await pilot.pause(0.05)
            view._line_cache.clear()
            clock.start()
            await pilot.press("pagedown")
            scroll.append(await clock.elapsed(pilot))
            await pilot.pause(0.05)
        rows = len(view.rows)
    return min(full), min(scroll), rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    tune_collector()  # as `itpm` does when it starts the app
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench" / "gantt.db"
        projects = build(path)
        engine = open_database(str(path))
        try:
            results = {
                (size, n): asyncio.run(measure(engine, projects[n], size, args.runs))
                for size in SIZES
                for n in COUNTS
            }
        finally:
            engine.dispose()
    print(f"Gantt screen, best of {args.runs} (milliseconds to the composed frame)")
    print(f"{'screen':>8} {'tasks':>7} {'full screen':>12} {'page scroll':>12}")
    verdicts = {SMALL: True, PAGE: True}
    for size in SIZES:
        label = f"{size[0]}x{size[1]}"
        for n in COUNTS:
            full, scroll, rows = results[(size, n)]
            print(f"{label:>8} {rows:>7} {full * 1000:>12.2f} {scroll * 1000:>12.2f}")
        large = results[(size, LARGE)]
        for n, note in ((SMALL, "the issue's; 10 tasks cannot scroll"), (PAGE, "like for like")):
            small = results[(size, n)]
            ratios = (large[0] / small[0], large[1] / small[1])
            verdicts[n] = verdicts[n] and all(r <= 1.5 for r in ratios)
            ratio = f"{LARGE // 1000}k/{n}"
            print(f"{label:>8} {ratio:>7} {ratios[0]:>12.2f} {ratios[1]:>12.2f}   ({note})")
    for n in (SMALL, PAGE):
        print(f"  target 10,000 tasks within 1.5x of {n}: {'yes' if verdicts[n] else 'NO'}")


if __name__ == "__main__":
    main()
