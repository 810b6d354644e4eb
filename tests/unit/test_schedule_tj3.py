"""Cross-check: random FS-only plans scheduled by TaskJuggler (tj3) and by us agree."""

from __future__ import annotations

import csv
import random
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest

from itpm_tui.services.planning.calendar import WorkCalendar
from itpm_tui.services.planning.schedule import DependencyInput, TaskToSchedule, schedule

pytestmark = pytest.mark.skipif(
    shutil.which("tj3") is None, reason="TaskJuggler (tj3) is not installed"
)

START = date(2024, 1, 1)  # a Monday
CAL = WorkCalendar()  # Monday to Friday, like tj3's default


def random_plan(seed: int, count: int = 40) -> tuple[list[TaskToSchedule], list[DependencyInput]]:
    rng = random.Random(seed)
    tasks = [
        TaskToSchedule(i, rng.choice([0, 1, 1, 2, 3, 5, 8]), f"t{i}") for i in range(1, count + 1)
    ]
    links: dict[tuple[int, int], DependencyInput] = {}
    for succ in range(2, count + 1):
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            pred = rng.randint(max(1, succ - 10), succ - 1)
            links.setdefault(
                (pred, succ), DependencyInput(pred, succ, lag=rng.choice([0, 0, 1, 2]))
            )
    return tasks, list(links.values())


def tj3_source(tasks: list[TaskToSchedule], links: list[DependencyInput]) -> str:
    into: dict[int, list[DependencyInput]] = {}
    for dep in links:
        into.setdefault(dep.successor_id, []).append(dep)
    lines = [f'project p "P" {START.isoformat()} +2y {{', '  timezone "UTC"', "}"]
    for task in tasks:
        body = "milestone" if task.duration == 0 else f"length {task.duration}d"
        deps = into.get(task.id)
        if deps:
            # gaplength counts working time, as our lag does.
            body += " depends " + ", ".join(
                f"t{dep.predecessor_id} {{ gaplength {dep.lag}d }}"
                if dep.lag
                else f"t{dep.predecessor_id}"
                for dep in deps
            )
        else:
            body += " start ${projectstart}"
        lines.append(f'task t{task.id} "{task.name}" {{ {body} }}')
    lines += [
        'taskreport "dates" {',
        "  formats csv",
        "  columns id, start, end",
        '  timeformat "%Y-%m-%d %H:%M"',
        "}",
    ]
    return "\n".join(lines) + "\n"


def run_tj3(source: str, folder: Path) -> dict[int, tuple[datetime, datetime]]:
    path = folder / "plan.tjp"
    path.write_text(source)
    subprocess.run(
        ["tj3", "--no-color", "--silent", str(path)],
        cwd=folder,
        check=True,
        capture_output=True,
        timeout=120,
    )
    with open(folder / "dates.csv", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    parse = datetime.fromisoformat
    return {int(row["Id"][1:]): (parse(row["Start"]), parse(row["End"])) for row in rows}


def our_dates_from_tj3(start: datetime, end: datetime, milestone: bool) -> tuple[date, date]:
    """tj3 gives instants; a task whose start is a working day's evening starts next day."""
    if milestone:
        return start.date(), start.date()
    first = start.date()
    if start.hour >= 17:
        first = CAL.add_working_days(first, 1)
    first = CAL.next_working_day(first)
    last = end.date() if end.hour > 0 else CAL.add_working_days(end.date(), -1)
    return first, last


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_dates_match_taskjuggler(seed: int, tmp_path: Path) -> None:
    tasks, links = random_plan(seed)
    ours = schedule(tasks, links, START, CAL)
    theirs = run_tj3(tj3_source(tasks, links), tmp_path)
    assert len(theirs) == len(tasks)
    mismatches = {}
    for task in tasks:
        expected = our_dates_from_tj3(*theirs[task.id], task.duration == 0)
        got = (ours.tasks[task.id].start, ours.tasks[task.id].finish)
        if got != expected:
            mismatches[task.id] = (got, expected, theirs[task.id])
    assert mismatches == {}
