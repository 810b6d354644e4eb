"""Benchmark: the JSON project document of a 10,000-task plan with 15,000 links, out and in.

One project per size (summary tasks over work packages, assignees, a baseline of every
task, 1.5 links per task to earlier tasks), bulk-inserted into a SQLite file. Times (a) the
export (read and written to bytes), (b) the import into a fresh database in one journalled
write transaction, as `itpm import` runs it, (c) the export of the imported copy, which
must equal (a). Best of N runs each. Target: under 3 s each at 10,000 tasks, and linear
(with --large, 100,000 tasks take at most 12x the 10,000-task time).
Run: python tests/bench/bench_json.py [--runs N] [--large]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

# The source root goes after the installed itpm, not before it: the folder itpm_tui/
# alone has no itpm_tui.screens (installing maps screens/ into it).
sys.path.append(str(Path(__file__).resolve().parents[2]))

from sqlalchemy import Engine, insert  # noqa: E402

from itpm_tui.db import backup, open_database, read_session, write_session  # noqa: E402
from itpm_tui.models import Baseline, BaselineTask, Dependency, Task  # noqa: E402
from itpm_tui.services.exchange.formats import (  # noqa: E402
    ExportOptions,
    ImportOptions,
    export_format,
    import_format,
)
from itpm_tui.services.portfolio.projects import ProjectInput, create_project  # noqa: E402
from itpm_tui.services.resources.people import PersonInput, create_person  # noqa: E402

START = date(2026, 1, 5)
TODAY = date(2026, 12, 3)
KINDS = ["FS"] * 14 + ["SS"] * 3 + ["FF"] * 2 + ["SF"]
WINDOW = 80  # how far back a predecessor may be


def build(engine: Engine, size: int, seed: int = 7) -> int:
    """A project of `size` tasks and 1.5 links per task; returns its id."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    with write_session(engine, journal=False) as session:
        people = [
            create_person(session, PersonInput(name=f"Person {n:02d}", email=f"p{n}@example.com"))
            for n in range(1, 21)
        ]
        project = create_project(
            session, ProjectInput(code=f"P{size}", name=f"Plan of {size}", start=START), TODAY
        )
        pid = int(project.id)  # type: ignore[arg-type]
        first = pid * 10_000_000
        tasks: list[dict[str, Any]] = []
        parent: int | None = None
        for n in range(size):
            task_id = first + n
            summary = n % 20 == 0
            start = START + timedelta(days=rng.randint(0, 300))
            tasks.append(
                {
                    "id": task_id,
                    "project_id": pid,
                    "parent_id": None if summary else parent,
                    "position": n,
                    "title": f"Task {n} of the plan",
                    "description": "" if n % 3 else "Work described in a sentence or two.",
                    "assignee_id": None if summary else people[n % 20].id,
                    "estimate_days": None if summary else rng.choice((0.5, 1.0, 2.5, 4.0)),
                    "start": start,
                    "finish": start + timedelta(days=rng.randint(0, 20)),
                    "duration_days": rng.randint(1, 10),
                    "percent_complete": 0,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            if summary:
                parent = task_id
        session.connection().execute(insert(Task), tasks)
        links: set[tuple[int, int]] = set()
        while len(links) < size * 3 // 2:
            successor = rng.randint(1, size - 1)
            predecessor = rng.randint(max(0, successor - WINDOW), successor - 1)
            links.add((first + predecessor, first + successor))
        session.connection().execute(
            insert(Dependency),
            [
                {
                    "predecessor_id": p,
                    "successor_id": s,
                    "kind": rng.choice(KINDS),
                    "lag_days": rng.choice((0, 0, 0, 1, -1, 2)),
                    "created_at": now,
                }
                for p, s in sorted(links)
            ],
        )
        baseline = Baseline(project_id=pid, name="Approved plan")
        session.add(baseline)
        session.flush()
        session.connection().execute(
            insert(BaselineTask),
            [
                {
                    "baseline_id": baseline.id,
                    "task_id": t["id"],
                    "start": t["start"],
                    "finish": t["finish"],
                    "duration_days": t["duration_days"],
                }
                for t in tasks
            ],
        )
    return pid


class Timing:
    """Best wall-clock and CPU time of several runs (CPU time shows the work itself on a
    machine shared with other jobs, where the wall clock also counts the waiting)."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def run(self, step: Callable[[], Any]) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        result = step()
        self.wall.append(time.perf_counter() - wall)
        self.cpu.append(time.process_time() - cpu)
        return result

    def __str__(self) -> str:
        return f"{min(self.wall):>6.2f}s {min(self.cpu):>5.2f}s"


def best(runs: int, step: Callable[[], Any]) -> tuple[Timing, Any]:
    timing, result = Timing(), None
    for _ in range(runs):
        result = timing.run(step)
    return timing, result


def export(engine: Engine, pid: int) -> bytes:
    with read_session(engine) as session:
        return export_format("json").write(session, pid, ExportOptions(today=TODAY))


def _import(target: Engine, data: bytes) -> None:
    with write_session(target, "import") as session:
        import_format("json").read(session, data, ImportOptions(today=TODAY))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--large", action="store_true", help="also 100,000 tasks")
    args = parser.parse_args()
    sizes = [1_000, 10_000] + ([100_000] if args.large else [])
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        template = open_database(str(root / "template.db"))
        source = open_database(str(root / "source.db"))
        rows = []
        for size in sizes:
            pid = build(source, size)
            out_time, data = best(args.runs, partial(export, source, pid))
            targets: list[Engine] = []
            in_times = Timing()
            for run in range(args.runs):
                # A fresh database each run (copied, not timed), as moving a project to a file.
                target = open_database(str(backup(template, root / f"{size}-{run}.db", keep=None)))
                targets.append(target)
                in_times.run(partial(_import, target, data))
            again_time, again = best(args.runs, partial(export, target, 1))
            same = again == data
            rows.append((size, len(data), out_time, in_times, again_time, same))
            for target in targets:
                target.dispose()
        source.dispose()
        template.dispose()
    print(f"{'':>30} {'export':^14} {'import':^14} {'again':^14}")
    print(f"{'tasks':>8} {'links':>8} {'bytes':>11}" + f" {'wall':>7} {'cpu':>6}" * 3 + "  same")
    for size, length, out_time, in_time, again_time, same in rows:
        print(
            f"{size:>8,} {size * 3 // 2:>8,} {length:>11,} {out_time} {in_time} {again_time}"
            f"  {'yes' if same else 'NO'}"
        )
    by_size = {row[0]: row[2:4] for row in rows}
    if 100_000 in by_size:
        for label, index in (("export", 0), ("import", 1)):
            large, small = by_size[100_000][index], by_size[10_000][index]
            ratio = min(large.cpu) / min(small.cpu)
            print(f"{label}: 100,000 tasks take {ratio:.1f}x the CPU time of 10,000 (target 12x)")


if __name__ == "__main__":
    main()
