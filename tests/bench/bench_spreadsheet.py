"""CSV import and export of large plans: 1,000 and 10,000 tasks (1.5 links each), in one run.

A generated task table (phases, work packages, tasks; links to earlier tasks, mostly
finish-to-start) is imported into a new project of a fresh database, inside one write
transaction as the importer runs it, then exported as CSV and as XLSX. The table prints
seconds per size and the ratio of the largest to the smallest, which should stay near
the ratio of their sizes (linear). `--big` adds 100,000 tasks.
Run: python tests/bench/bench_spreadsheet.py [--big]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

# The source root goes after the installed itpm, not before it: the folder itpm_tui/
# alone has no itpm_tui.screens (installing maps screens/ into it).
sys.path.append(str(Path(__file__).resolve().parents[2]))

from itpm_tui.db import open_database, read_session, write_session  # noqa: E402
from itpm_tui.services.exchange.formats import (  # noqa: E402
    ExportOptions,
    ImportOptions,
    export_format,
    import_format,
)
from itpm_tui.services.portfolio.projects import find_project  # noqa: E402

TODAY = date(2026, 3, 2)
KINDS = ["FS"] * 14 + ["SS"] * 3 + ["FF"] * 2
LAGS = [""] * 12 + ["-1d", "+1d", "+2d"]
WINDOW = 60  # how far back a predecessor may be


def make_csv(n_tasks: int, links_per_task: float = 1.5, seed: int = 11) -> bytes:
    """WBS, Title, Duration, Predecessors: phases of work packages of tasks."""
    rng = random.Random(seed)
    lines = ["WBS,Title,Duration,Predecessors"]
    leaves: list[str] = []
    phase = package = task = 0
    made = 0
    while made < n_tasks:
        if phase == 0 or (package and rng.random() < 0.01):
            phase, package, task = phase + 1, 0, 0
            lines.append(f"{phase},Phase {phase},,")
        elif package == 0 or (task and rng.random() < 0.1):
            package, task = package + 1, 0
            lines.append(f"{phase}.{package},Package {phase}.{package},,")
        else:
            task += 1
            wbs = f"{phase}.{package}.{task}"
            count = int(links_per_task) + (rng.random() < links_per_task % 1)
            earlier = leaves[-WINDOW:]
            chosen = rng.sample(earlier, min(count, len(earlier)))
            refs = ";".join(f"{ref}{rng.choice(KINDS)}{rng.choice(LAGS)}" for ref in chosen)
            days = 0 if rng.random() < 0.05 else rng.randint(1, 10)
            lines.append(f"{wbs},Task {wbs},{days},{refs}")
            leaves.append(wbs)
        made += 1
    return ("\n".join(lines) + "\n").encode()


def measure(n_tasks: int, folder: Path) -> tuple[int, int, float, float, float]:
    data = make_csv(n_tasks)
    engine = open_database(str(folder / f"bench-{n_tasks}.db"))
    started = time.perf_counter()
    with write_session(engine, "import") as session:
        report = import_format("csv").read(session, data, ImportOptions(TODAY, code="BIG"))
    imported = time.perf_counter() - started
    assert not report.refused, report.refused[:3]
    with read_session(engine) as session:
        project_id = int(find_project(session, "BIG").id)  # type: ignore[arg-type]
        started = time.perf_counter()
        export_format("csv").write(session, project_id, ExportOptions(TODAY))
        as_csv = time.perf_counter() - started
        started = time.perf_counter()
        export_format("xlsx").write(session, project_id, ExportOptions(TODAY))
        as_xlsx = time.perf_counter() - started
    engine.dispose()
    return report.created["tasks"], report.created["links"], imported, as_csv, as_xlsx


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", action="store_true", help="also 100,000 tasks")
    args = parser.parse_args()
    sizes = [1_000, 10_000] + ([100_000] if args.big else [])
    print("CSV import and export (seconds)")
    print(f"{'tasks':>8} {'links':>8} {'import':>8} {'csv out':>8} {'xlsx out':>9}")
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            tasks, links, imported, as_csv, as_xlsx = measure(size, Path(folder))
            results.append((imported, as_csv, as_xlsx))
            print(f"{tasks:>8} {links:>8} {imported:>8.2f} {as_csv:>8.2f} {as_xlsx:>9.2f}")
    small, big = results[0], results[-1]
    factor = sizes[-1] // sizes[0]
    ratios = "  ".join(f"{b / s:.1f}x" for b, s in zip(big, small, strict=True))
    print(f"{sizes[-1]:,} against {sizes[0]:,} ({factor}x the rows): {ratios}")


if __name__ == "__main__":
    main()
