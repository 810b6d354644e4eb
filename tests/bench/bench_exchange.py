"""Benchmark: export and import of a 10,000-task, 15,000-link plan in each exchange format.

Run: python tests/bench/bench_exchange.py [--large]  (--large adds 100,000 tasks and the
100k / 10k ratio). Prints a table of wall and CPU seconds (on a shared machine the CPU time
is what the code costs); nothing is asserted (the machines are noisy).
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

# The source root goes after the installed itpm, not before it: the folder itpm_tui/
# alone has no itpm_tui.screens (installing maps screens/ into it).
sys.path.append(str(Path(__file__).resolve().parents[2]))

from sqlalchemy import Engine, insert  # noqa: E402

from itpm_tui.db import open_database, write_session  # noqa: E402
from itpm_tui.models import Dependency, Task  # noqa: E402
from itpm_tui.services.exchange.formats import ExportOptions, ImportOptions  # noqa: E402
from itpm_tui.services.exchange.runner import export_to_file, import_file  # noqa: E402
from itpm_tui.services.planning.schedule_records import reschedule  # noqa: E402
from itpm_tui.services.portfolio.projects import ProjectInput, create_project  # noqa: E402

TODAY = date(2026, 6, 1)
# Formats measured; colleagues add theirs here.
FORMATS = ["mspdi"]


def build_plan(engine: Engine, n_tasks: int, n_links: int, seed: int = 7) -> str:
    """One project: phases of work packages of tasks, links from earlier tasks only."""
    rng = random.Random(seed)
    with write_session(engine, journal=False) as session:
        project = create_project(
            session, ProjectInput(code="BIG", name="Big plan", start=TODAY), TODAY
        )
        pid = project.id
        rows: list[dict[str, object]] = []
        leaves: list[int] = []
        phase = package = None
        for task_id in range(1, n_tasks + 1):
            if phase is None or rng.random() < 0.01:
                phase, package, parent = task_id, None, None
            elif package is None or rng.random() < 0.1:
                package, parent = task_id, phase
            else:
                parent = package
                leaves.append(task_id)
            rows.append(
                {
                    "id": task_id,
                    "project_id": pid,
                    "parent_id": parent,
                    "position": task_id,
                    "title": f"Task {task_id}",
                    "duration_days": rng.randint(1, 10),
                    "estimate_days": float(rng.randint(1, 10)),
                }
            )
        session.execute(insert(Task), rows)
        links: set[tuple[int, int]] = set()
        while len(links) < n_links:
            succ = rng.randrange(1, len(leaves))
            pred = rng.randrange(max(0, succ - 80), succ)
            links.add((leaves[pred], leaves[succ]))
        session.execute(
            insert(Dependency),
            [{"predecessor_id": p, "successor_id": s, "kind": "FS"} for p, s in links],
        )
        reschedule(session, pid, TODAY)  # type: ignore[arg-type]
    return "BIG"


Timing = tuple[float, float, float, float, int]  # export wall, CPU, import wall, CPU, bytes


def measure(n_tasks: int, n_links: int) -> dict[str, Timing]:
    results: dict[str, Timing] = {}
    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(str(Path(folder) / "bench.db"))
        code = build_plan(engine, n_tasks, n_links)
        for name in FORMATS:
            target = Path(folder) / f"plan.{name}"
            started, cpu = time.perf_counter(), time.process_time()
            export_to_file(engine, code, name, target, ExportOptions(TODAY))
            exported, export_cpu = time.perf_counter() - started, time.process_time() - cpu
            started, cpu = time.perf_counter(), time.process_time()
            report = import_file(
                engine, target, ImportOptions(TODAY, code=f"IN-{name.upper()}"), name
            )
            imported, import_cpu = time.perf_counter() - started, time.process_time() - cpu
            assert report.created["tasks"] == n_tasks, report.created
            results[name] = (exported, export_cpu, imported, import_cpu, target.stat().st_size)
        engine.dispose()
    return results


def main() -> None:
    sizes = [(10_000, 15_000)]
    if "--large" in sys.argv:
        sizes.append((100_000, 150_000))
    table = {size: measure(*size) for size in sizes}
    print(
        f"{'format':8} {'tasks':>8} {'links':>8} {'export s':>9} {'(CPU)':>7} "
        f"{'import s':>9} {'(CPU)':>7} {'MB':>6}"
    )
    for (tasks, links), results in table.items():
        for name, (exported, export_cpu, imported, import_cpu, size) in results.items():
            print(
                f"{name:8} {tasks:>8,} {links:>8,} {exported:>9.2f} {export_cpu:>7.2f} "
                f"{imported:>9.2f} {import_cpu:>7.2f} {size / 1e6:>6.1f}"
            )
    if len(sizes) == 2:
        small, large = table[sizes[0]], table[sizes[1]]
        for name in FORMATS:
            print(
                f"{name}: 100k / 10k CPU time: export {large[name][1] / small[name][1]:.1f}x, "
                f"import {large[name][3] / small[name][3]:.1f}x (linear is 10x; target <= 12x)"
            )


if __name__ == "__main__":
    main()
