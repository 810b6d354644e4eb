"""The Gantt screen end to end: 10,000 tasks against 10, and against 100, in one run.

The projects live in one SQLite file (bulk-inserted: work packages of ten tasks under a
summary, finish-to-start links along each package and between packages, a few milestones;
the first hundred tasks of every project above ten have the same shape).
In a headless ItpmApp at 80x24 and 120x40 with the app's collector setting, once the chart
has its rows, times until the frame is composed (App._display is called):
(a) a full screen: every widget of the screen repainted, the chart's line cache cleared;
(b) a page scroll: home, then pagedown pressed on the chart, its line cache cleared;
(c) the same page scroll again with the chart's line cache kept: every row's strip is
    already made, so what is left is Textual's own work of showing a page of lines.
Best of N each. The three charts are screens of one app, measured in turn round after
round, so that the noise of a shared machine falls on all of them alike. The target: the
10,000-task project within 1.5x of the smaller one.

Two comparisons are shown, because a 10-task chart cannot scroll. There, pagedown moves
the selection from the first to the last row and two rows are drawn again; on the
10,000-task chart it scrolls, and a page of rows never drawn before (plus the scroll bar,
and the header when the timeline follows the selection) goes through Textual. That ratio
is printed as measured: it is the issue's literal comparison, and it weighs a scroll
against a cursor move more than a large project against a small one; (c) shows how much
of it no drawing of ours can remove. The like-for-like comparison is a 100-task project
(three pages at 120x40, whose first hundred rows are the 10,000-task project's): pagedown
scrolls a whole page there too, over the same rows and dates, so the only difference is
the number of tasks. Nothing is left out of either measurement; the 10-task rows are
still measured and printed.
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

# The source root goes after the installed itpm, not before it: the folder itpm_tui/
# alone has no itpm_tui.screens (installing maps screens/ into it).
sys.path.append(str(Path(__file__).resolve().parents[2]))

from sqlalchemy import insert  # noqa: E402

from itpm_tui.app import ItpmApp  # noqa: E402
from itpm_tui.db import open_database, write_session  # noqa: E402
from itpm_tui.models import Dependency, Task  # noqa: E402
from itpm_tui.runtime import tune_collector  # noqa: E402
from itpm_tui.screens.planning.gantt import GanttScreen  # noqa: E402
from itpm_tui.services.portfolio.projects import ProjectInput, create_project  # noqa: E402
from itpm_tui.widgets.gantt import GanttView  # noqa: E402

SMALL, PAGE, LARGE = 10, 100, 10_000
COUNTS = (SMALL, PAGE, LARGE)
SIZES = ((80, 24), (120, 40))
START = date(2026, 1, 5)
PACKAGE = 10  # a summary and its nine tasks
WIDTHS = (12, 12, 13)  # of the printed columns


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


async def measure(engine: Any, projects: dict[int, int], size: tuple[int, int], runs: int) -> dict:
    """{tasks: (full screen, page scroll, page scroll with rows drawn before, rows)}, best of runs.

    The three charts live in one app as installed screens and are measured in turn, round
    after round, so a busy spell of a shared machine falls on all of them alike rather than
    on whichever project happened to be measured then.
    """
    app = ItpmApp(engine, today=START + timedelta(days=30))
    timings: dict[int, list[tuple[float, float, float]]] = {n: [] for n in COUNTS}
    rows: dict[int, int] = {}
    async with app.run_test(size=size) as pilot:
        for n in COUNTS:
            app.install_screen(GanttScreen(projects[n]), name=f"gantt-{n}")
        await app.push_screen(f"gantt-{COUNTS[0]}")
        clock = FrameClock(app)

        async def page_scroll(view: GanttView, drawn_before: bool) -> float:
            await pilot.press("home")
            await pilot.pause(0.05)
            if not drawn_before:
                view._line_cache.clear()
            clock.start()
            await pilot.press("pagedown")
            elapsed = await clock.elapsed(pilot)
            await pilot.pause(0.05)
            return elapsed

        for round_number in range(runs + 1):
            for n in COUNTS:
                await app.switch_screen(f"gantt-{n}")
                view = await chart_with_rows(app, pilot)
                rows[n] = len(view.rows)
                if round_number == 0:
                    continue  # the first round reads the plans and draws each chart once
                view._line_cache.clear()
                clock.start()
                for widget in app.screen.walk_children(with_self=True):
                    widget.refresh()
                full = await clock.elapsed(pilot)
                await pilot.pause(0.05)
                scroll = await page_scroll(view, drawn_before=False)
                warm = await page_scroll(view, drawn_before=True)
                timings[n].append((full, scroll, warm))
    return {n: (*(min(run[i] for run in timings[n]) for i in range(3)), rows[n]) for n in COUNTS}


async def chart_with_rows(app: ItpmApp, pilot: Any) -> GanttView:
    """The shown chart, once its plan is read and the screen has settled."""
    for _ in range(600):
        await pilot.pause(0.05)
        screen = app.screen
        if isinstance(screen, GanttScreen) and screen.query_one(GanttView).rows:
            break
    await pilot.pause(0.2)
    return app.screen.query_one(GanttView)


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
            by_size = {
                size: asyncio.run(measure(engine, projects, size, args.runs)) for size in SIZES
            }
            results = {(size, n): by_size[size][n] for size in SIZES for n in COUNTS}
        finally:
            engine.dispose()
    print(f"Gantt screen, best of {args.runs} (milliseconds to the composed frame)")
    print(
        f"{'screen':>8} {'tasks':>7} {'full screen':>12} {'page scroll':>12} {'drawn before':>13}"
    )
    verdicts = {SMALL: True, PAGE: True}
    for size in SIZES:
        label = f"{size[0]}x{size[1]}"
        for n in COUNTS:
            *times, rows = results[(size, n)]
            figures = " ".join(f"{t * 1000:>{w}.2f}" for t, w in zip(times, WIDTHS, strict=True))
            print(f"{label:>8} {rows:>7} {figures}")
        large = results[(size, LARGE)]
        for n, note in ((SMALL, "the issue's; 10 tasks cannot scroll"), (PAGE, "like for like")):
            small = results[(size, n)]
            ratios = [large[i] / small[i] for i in range(3)]
            verdicts[n] = verdicts[n] and all(r <= 1.5 for r in ratios[:2])
            ratio = f"{LARGE // 1000}k/{n}"
            figures = " ".join(f"{r:>{w}.2f}" for r, w in zip(ratios, WIDTHS, strict=True))
            print(f"{label:>8} {ratio:>7} {figures}   ({note})")
    for n in (SMALL, PAGE):
        print(f"  target 10,000 tasks within 1.5x of {n}: {'yes' if verdicts[n] else 'NO'}")


if __name__ == "__main__":
    main()
