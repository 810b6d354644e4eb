"""Benchmark: schedule() on 10,000 and 100,000-task random plans, and tj3 when present."""

from __future__ import annotations

import csv
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

# The source root goes after the installed itpm, not before it: the folder itpm_tui/
# alone has no itpm_tui.screens (installing maps screens/ into it).
sys.path.append(str(Path(__file__).resolve().parents[2]))

from itpm_tui.services.planning.calendar import WorkCalendar  # noqa: E402
from itpm_tui.services.planning.schedule import (  # noqa: E402
    DependencyInput,
    DependencyKind,
    TaskToSchedule,
    schedule,
)

START = date(2024, 1, 1)
CALENDAR = WorkCalendar(recurring_holidays=("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25",))
# Mostly FS, as in real plans; lags mostly 0 with a few leads and gaps.
KINDS = [DependencyKind.FS] * 14 + [DependencyKind.SS] * 3 + [DependencyKind.FF] * 2
KINDS += [DependencyKind.SF]
LAGS = [0] * 12 + [-2, -1, 1, 2, 3]
# How far back in the plan a predecessor may be; keeps the network long and deep.
WINDOW = 80


def make_plan(
    n_tasks: int, links_per_task: float, seed: int, *, mixed: bool = True
) -> tuple[list[TaskToSchedule], list[DependencyInput]]:
    """A random plan: phases of work packages of tasks, links from earlier tasks only."""
    rng = random.Random(seed)
    tasks: list[TaskToSchedule] = []
    leaves: list[int] = []
    phase = package = None
    while len(tasks) < n_tasks:
        next_id = len(tasks) + 1
        if mixed and (phase is None or rng.random() < 0.01):
            phase, package = next_id, None
            tasks.append(TaskToSchedule(next_id, 0, f"Phase {next_id}", order=next_id))
        elif mixed and (package is None or rng.random() < 0.1):
            package = next_id
            tasks.append(
                TaskToSchedule(next_id, 0, f"WP {next_id}", parent_id=phase, order=next_id)
            )
        else:
            duration = 0 if rng.random() < 0.1 else rng.randint(1, 10)
            tasks.append(
                TaskToSchedule(
                    next_id, duration, f"Task {next_id}", parent_id=package, order=next_id
                )
            )
            leaves.append(next_id)
    links: dict[tuple[int, int], DependencyInput] = {}
    wanted = int(n_tasks * links_per_task)
    while len(links) < wanted:
        k = rng.randrange(1, len(leaves))
        pred, succ = leaves[k - rng.randint(1, min(k, WINDOW))], leaves[k]
        kind = rng.choice(KINDS) if mixed else DependencyKind.FS
        lag = rng.choice(LAGS) if mixed else 0
        links.setdefault((pred, succ), DependencyInput(pred, succ, kind, lag))
    return tasks, list(links.values())


def best_of(runs: int, action: Callable[[], object]) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds over `runs` calls."""
    wall = cpu = float("inf")
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        action()
        wall = min(wall, time.perf_counter() - began)
        cpu = min(cpu, time.process_time() - began_cpu)
    return wall, cpu


def tj3_project(tasks: list[TaskToSchedule], links: list[DependencyInput], end: date) -> str:
    """TaskJuggler source for a flat FS-only plan ending by `end`."""
    preds: dict[int, list[int]] = {}
    for link in links:
        preds.setdefault(link.successor_id, []).append(link.predecessor_id)
    lines = [
        f'project p "P" {START.isoformat()} - {end.isoformat()} {{',
        '  timezone "UTC"',
        "}",
    ]
    for task in tasks:
        body = "milestone" if task.duration == 0 else f"length {task.duration}d"
        after = preds.get(task.id)
        if after:
            body += " depends " + ", ".join(f"t{pred}" for pred in after)
        else:
            body += " start ${projectstart}"
        lines.append(f'task t{task.id} "{task.id}" {{ {body} }}')
    lines += ['taskreport "out" {', "  formats csv", "  columns id, start, end", "}"]
    return "\n".join(lines) + "\n"


def time_tj3(
    tasks: list[TaskToSchedule], links: list[DependencyInput]
) -> tuple[float, date] | None:
    """Seconds for a whole tj3 run (parse, schedule, CSV report) and its finish date."""
    if shutil.which("tj3") is None:
        return None
    finish = schedule(tasks, links, START, WorkCalendar()).project_finish
    assert finish is not None
    # TaskJuggler allocates its time slots for the whole project span: keep it tight.
    end = date(finish.year + 1, 1, 1)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder, "plan.tjp")
        source.write_text(tj3_project(tasks, links, end))
        began = time.perf_counter()
        subprocess.run(
            ["tj3", "--no-color", "--silent", str(source)],
            cwd=folder,
            check=True,
            capture_output=True,
        )
        seconds = time.perf_counter() - began
        with open(Path(folder, "out.csv"), newline="") as handle:
            ends = [row["End"] for row in csv.DictReader(handle, delimiter=";")]
    return seconds, max(date.fromisoformat(end[:10]) for end in ends)


def main() -> None:
    rows: list[tuple[str, int, int, float, float]] = []
    for n_tasks in (10_000, 100_000):
        tasks, links = make_plan(n_tasks, 1.5, seed=n_tasks)
        wall, cpu = best_of(3, partial(schedule, tasks, links, START, CALENDAR))
        rows.append((f"itpm, mixed links, WBS, {n_tasks:,}", len(tasks), len(links), wall, cpu))
    flat_tasks, flat_links = make_plan(10_000, 1.5, seed=7, mixed=False)
    flat_run = lambda: schedule(flat_tasks, flat_links, START, WorkCalendar())  # noqa: E731
    wall, cpu = best_of(3, flat_run)
    rows.append(("itpm, FS only, flat, 10,000", len(flat_tasks), len(flat_links), wall, cpu))
    tj3 = None if "--no-tj3" in sys.argv else time_tj3(flat_tasks, flat_links)
    if tj3 is not None:
        rows.append(("tj3, FS only, flat, 10,000", len(flat_tasks), len(flat_links), tj3[0], 0.0))

    print(f"{'case':<34} {'tasks':>8} {'links':>8} {'wall s':>8} {'cpu s':>8} {'us/task':>8}")
    for name, n_tasks, n_links, wall, cpu in rows:
        per_task = wall / n_tasks * 1e6
        cpu_text = f"{cpu:>8.3f}" if cpu else f"{'-':>8}"
        print(f"{name:<34} {n_tasks:>8,} {n_links:>8,} {wall:>8.3f} {cpu_text} {per_task:>8.1f}")
    print(
        f"ratio 100k / 10k: {rows[1][3] / rows[0][3]:.1f}x wall, {rows[1][4] / rows[0][4]:.1f}x cpu"
        " (linear would be 10x)"
    )
    if tj3 is None:
        print("tj3 not run (not on PATH, or --no-tj3)")
    else:
        ours = flat_run().project_finish
        print(f"tj3 / itpm on the same flat plan: {tj3[0] / rows[2][3]:.0f}x;")
        print(f"  project finish: tj3 {tj3[1]}, itpm {ours}")


if __name__ == "__main__":
    main()
