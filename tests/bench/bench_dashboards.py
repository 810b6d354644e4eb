"""Monitoring and portfolio dashboards: the demo portfolio against a large one, same run.

Large: 200 projects, 20,000 tasks, 50,000 time entries, a budget and a baseline each.
Each dashboard is opened in the app (Pilot, 80x24); the clock stops at the first composed
frame that shows its data (what the user waits for; rows below the first screenful follow);
the ratio large/demo is printed (target within 1.5x).
Run: python tests/bench/bench_dashboards.py [--runs N]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

# The source root goes after the installed itpm, not before it: the folder itpm_tui/
# alone has no itpm_tui.screens (installing maps screens/ into it).
sys.path.append(str(Path(__file__).resolve().parents[2]))

from rich.console import RenderableType  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402
from sqlmodel import col  # noqa: E402
from textual.screen import Screen  # noqa: E402

from itpm_tui.app import ItpmApp  # noqa: E402
from itpm_tui.db import open_database, write_session  # noqa: E402
from itpm_tui.models import (  # noqa: E402
    Baseline,
    BaselineTask,
    BudgetLine,
    Expense,
    Project,
    Task,
    TimeEntry,
)
from tests.bench.portfolio_data import build_demo, build_large  # noqa: E402


def add_monitoring(path: Path, entries: int = 50_000, seed: int = 11) -> None:
    """Budgets, expenses, a baseline per project and `entries` time entries."""
    rng = random.Random(seed)
    engine = open_database(str(path))
    now = datetime.now(UTC)
    with write_session(engine) as session:
        projects = [row[0] for row in session.execute(select(col(Project.id)))]
        tasks = session.execute(
            select(
                col(Task.id),
                col(Task.project_id),
                col(Task.assignee_id),
                col(Task.start),
                col(Task.finish),
            )
        ).all()
        session.execute(
            insert(Baseline),
            [{"project_id": p, "name": "Approved plan", "created_at": now} for p in projects],
        )
        baseline_of = {p: i + 1 for i, p in enumerate(projects)}
        session.execute(
            insert(BaselineTask),
            [
                {
                    "baseline_id": baseline_of[t.project_id],
                    "task_id": t.id,
                    "start": t.start,
                    "finish": t.finish - timedelta(days=rng.randint(0, 3)) if t.finish else None,
                    "duration_days": 5,
                }
                for t in tasks
            ],
        )
        lines = []
        for p in projects:
            for category in ("labour", "hardware", "cloud", "contingency"):
                lines.append(
                    {
                        "project_id": p,
                        "category": category,
                        "name": category.title(),
                        "planned_cents": rng.randint(10, 500) * 100_000,
                        "committed_cents": rng.randint(0, 50) * 100_000,
                        "actual_cents": 0,
                        "created_at": now,
                        "version": 1,
                    }
                )
        session.execute(insert(BudgetLine), lines)
        line_ids = session.execute(select(col(BudgetLine.id), col(BudgetLine.project_id))).all()
        session.execute(
            insert(Expense),
            [
                {
                    "project_id": pid,
                    "line_id": lid,
                    "spent_on": date.today() - timedelta(days=rng.randint(0, 60)),
                    "amount_cents": rng.randint(1, 10_000) * 100,
                    "vendor": "Vendor",
                    "note": "",
                    "created_at": now,
                }
                for lid, pid in line_ids
                for _ in range(5)
            ],
        )
        session.execute(
            insert(TimeEntry),
            [
                {
                    "project_id": t.project_id,
                    "task_id": t.id,
                    "person_id": t.assignee_id,
                    "worked_on": date.today() - timedelta(days=rng.randint(0, 90)),
                    "minutes": rng.choice((30, 60, 90, 120, 240)),
                    "note": "",
                    "created_at": now,
                }
                for t in (rng.choice(tasks) for _ in range(entries))
            ],
        )
    engine.dispose()


async def open_once(db: Path, which: str, code: str, read_ahead: bool = True) -> float:
    """Seconds from asking for the dashboard to the first frame that shows its data."""
    from itpm_tui.screens.monitoring.monitoring import MonitoringScreen
    from itpm_tui.screens.portfolio.dashboard import PortfolioDashboardScreen

    engine = open_database(str(db))
    with engine.connect() as conn:
        query = select(col(Project.id)).where(col(Project.code) == code)
        project_id = conn.execute(query).scalar_one()
    assert project_id is not None
    app = ItpmApp(engine)
    shown: list[float] = []
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen: MonitoringScreen | PortfolioDashboardScreen
            screen = (
                MonitoringScreen(project_id)
                if which == "monitoring"
                else PortfolioDashboardScreen()
            )

            def loaded() -> bool:
                if isinstance(screen, MonitoringScreen):
                    return screen.dashboard is not None
                return bool(screen.rows)

            display = app._display
            opened = screen

            def watched(screen: Screen[Any], renderable: RenderableType | None) -> None:
                # The frame is composed after the data reached the screen: it shows it.
                if renderable is not None and not shown and app.screen is opened and loaded():
                    shown.append(time.perf_counter())
                display(screen, renderable)

            app._display = watched  # type: ignore[method-assign]
            if not read_ahead:
                app._kept.clear()  # as if the portfolio had not read the figures ahead
            started = time.perf_counter()
            app.push_screen(screen)
            while not shown:
                await asyncio.sleep(0.002)
            return shown[0] - started
    finally:
        engine.dispose()


def measure(db: Path, which: str, code: str, runs: int, read_ahead: bool = True) -> float:
    asyncio.run(open_once(db, which, code, read_ahead))  # warm caches once
    return statistics.median(
        asyncio.run(open_once(db, which, code, read_ahead)) for _ in range(runs)
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        demo = build_demo(base / "demo.db")
        large = build_large(base / "large.db")
        add_monitoring(large)
        print(f"{'dashboard':<26} {'demo (s)':>9} {'large (s)':>10} {'ratio':>6}")
        # The portfolio reads the dashboard's figures ahead, once it is drawn; the last line
        # opens the dashboard without them, for reference.
        for label, which, read_ahead in (
            ("monitoring", "monitoring", True),
            ("portfolio", "portfolio", True),
            ("portfolio, not read ahead", "portfolio", False),
        ):
            ours_demo, ours_large = [], []
            for _ in range(args.runs):
                # Interleaved, so both see the same machine load.
                ours_demo.append(measure(demo, which, "ERP-S4", 1, read_ahead))
                ours_large.append(measure(large, which, "P0001", 1, read_ahead))
            d, big = statistics.median(ours_demo), statistics.median(ours_large)
            print(f"{label:<26} {d:>9.3f} {big:>10.3f} {big / d:>6.2f}")
        print(
            f"median of {args.runs} interleaved runs; large: 200 projects, 20,000 tasks, "
            "50,000 time entries; target ratio <= 1.50"
        )


if __name__ == "__main__":
    main()
