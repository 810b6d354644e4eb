"""MPXJ, an independent reader of MS Project files, reads every export as itpm schedules it,
and the MSPDI that MPXJ writes imports to the same schedule."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from itpm_tui.db import read_session
from itpm_tui.models import BaselineTask, Holiday, Person
from itpm_tui.services.exchange.formats import ExportOptions, ImportOptions
from itpm_tui.services.exchange.runner import export_to_file, import_file
from itpm_tui.services.planning.schedule_records import compute, list_baselines, weekdays_of
from itpm_tui.services.portfolio.projects import find_project, list_projects

# pytest puts tests/ on the path (tests/mspdi_plans.py is `mspdi_plans` there); mypy reads
# it as a module of the tests package.
if TYPE_CHECKING:
    from tests.mspdi_plans import rich_plan, schedule_by_wbs
else:
    from mspdi_plans import rich_plan, schedule_by_wbs

PROBE = Path(__file__).resolve().parents[1] / "mpxj_probe.py"
TODAY = date.today()

pytestmark = pytest.mark.skipif(
    shutil.which("java") is None,
    reason="Java is not installed: MPXJ, the independent MSPDI reader, needs a Java runtime "
    "(apt install default-jre-headless)",
)

CONSTRAINTS = {
    "ASAP": "AS_SOON_AS_POSSIBLE",
    "SNET": "START_NO_EARLIER_THAN",
    "FNLT": "FINISH_NO_LATER_THAN",
    "MSO": "MUST_START_ON",
    "MFO": "MUST_FINISH_ON",
}


def _probe(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(PROBE), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _exports(engine: Engine, folder: Path) -> dict[str, Path]:
    with read_session(engine) as session:
        codes = [p.code for p in list_projects(session)]
    return {
        code: export_to_file(engine, code, "mspdi", folder / f"{code}.xml", ExportOptions(TODAY))
        for code in codes
    }


@pytest.fixture
def plans(demo_engine: Engine, tmp_path: Path) -> dict[str, Path]:
    rich_plan(demo_engine, TODAY)
    return _exports(demo_engine, tmp_path)


def _expected(engine: Engine, code: str) -> dict[str, Any]:
    """What MPXJ must see: itpm's own schedule of the project, in MPXJ's terms."""
    with read_session(engine) as session:
        project = find_project(session, code)
        pid: int = project.id  # type: ignore[assignment]
        plan, result = compute(session, pid, TODAY)
        tasks = {tid: t for tid, t in plan.tasks.items() if t.project_id == pid}
        baselines = list_baselines(session, pid)
        saved = (
            {
                row.task_id: [str(row.start), str(row.finish)]
                for row in session.exec(
                    select(BaselineTask).where(BaselineTask.baseline_id == baselines[-1].id)
                )
            }
            if baselines
            else {}
        )
        people = {p.id: p for p in session.exec(select(Person))}
        holidays = session.exec(select(Holiday).where(Holiday.project_id == pid)).all()
        expected_tasks = {}
        for tid, task in tasks.items():
            done = result.tasks[tid]
            kind = task.constraint_kind if task.constraint_date else "ASAP"
            expected_tasks[tid] = {
                "name": task.title,
                "wbs": done.wbs,
                "outline_level": done.wbs.count(".") + 1,
                "start": str(done.start),
                "finish": str(done.finish),
                "duration_days": float(done.duration),
                "milestone": bool(task.is_milestone),
                "summary": done.is_summary,
                "constraint": CONSTRAINTS[kind],
                "constraint_date": str(task.constraint_date) if kind != "ASAP" else None,
                "total_float": float(done.total_float),
                "baseline": saved.get(tid, [None, None]),
                "links": sorted(
                    (d.predecessor_id, d.kind, float(d.lag_days))
                    for d in plan.dependencies
                    if d.successor_id == tid and d.predecessor_id in tasks
                ),
            }
        return {
            "tasks": expected_tasks,
            "weekdays": sorted(weekdays_of(project)),
            "holidays": sorted(str(h.on) for h in holidays if h.on),
            "assignments": sorted(
                [tid, t.assignee_id] for tid, t in tasks.items() if t.assignee_id in people
            ),
        }


def _seen(read: dict[str, Any]) -> dict[str, Any]:
    tasks = {}
    for task in read["tasks"]:
        tasks[task["uid"]] = {
            "name": task["name"],
            "wbs": task["wbs"],
            "outline_level": task["outline_level"],
            "start": task["start"][:10],
            "finish": task["finish"][:10],
            "duration_days": task["duration_days"],
            "milestone": task["milestone"],
            "summary": task["summary"],
            "constraint": task["constraint"],
            "constraint_date": task["constraint_date"],
            "total_float": task["total_float"],
            "baseline": task["baseline"],
            "links": sorted(
                (link["uid"], link["type"], link["lag_days"]) for link in task["links"]
            ),
        }
    return {
        "tasks": tasks,
        "weekdays": read["weekdays"],
        "holidays": sorted(e[0] for e in read["exceptions"] if not e[2]),
        "assignments": read["assignments"],
    }


def test_mpxj_reads_every_export_as_itpm_schedules_it(
    demo_engine: Engine, plans: dict[str, Path]
) -> None:
    codes = sorted(plans)
    assert "RICH" in codes and len(codes) >= 6
    seen = json.loads(_probe("read", *(str(plans[code]) for code in codes)))
    for code, read in zip(codes, seen, strict=True):
        expected = _expected(demo_engine, code)
        got = _seen(read)
        # The yearly holidays of the rich plan go out as the days they fall on.
        expected_holidays = expected.pop("holidays")
        got_holidays = got.pop("holidays")
        assert set(expected_holidays) <= set(got_holidays), code
        assert got == expected, code
    rich = seen[codes.index("RICH")]
    assert {link["type"] for t in rich["tasks"] for link in t["links"]} == {"FS", "SS", "FF", "SF"}
    assert rich["weekdays"] == [0, 1, 2, 3, 6]
    assert any(t["notes"] == "Line one\nline two" for t in rich["tasks"])
    assert "Ada Byron" in {r["name"] for r in rich["resources"].values()}


def test_the_mspdi_mpxj_writes_imports_to_the_same_schedule(
    demo_engine: Engine, plans: dict[str, Path], tmp_path: Path
) -> None:
    codes = sorted(plans)
    pairs = []
    for code in codes:
        pairs += [str(plans[code]), str(tmp_path / f"mpxj-{code}.xml")]
    _probe("rewrite", *pairs)
    for n, code in enumerate(codes):
        rewritten = tmp_path / f"mpxj-{code}.xml"
        assert b"<Project" in rewritten.read_bytes()[:500]
        report = import_file(demo_engine, rewritten, ImportOptions(TODAY, code=f"M{n}"))
        assert not [w for w in report.warnings if "other dates" in w], report.warnings
        with read_session(demo_engine) as session:
            before = schedule_by_wbs(session, find_project(session, code).id, TODAY)  # type: ignore[arg-type]
            after = schedule_by_wbs(session, find_project(session, f"M{n}").id, TODAY)  # type: ignore[arg-type]
        assert after == before, code


@pytest.mark.parametrize("suffix", [".xml", ".mpx", ".xer"])
def test_a_plan_mpxj_builds_imports(demo_engine: Engine, tmp_path: Path, suffix: str) -> None:
    """MSPDI from MPXJ, and other formats converted through MPXJ (MPX, Primavera XER)."""
    plan_file = tmp_path / f"plan{suffix}"
    _probe("make", str(plan_file))
    report = import_file(demo_engine, plan_file, ImportOptions(TODAY, code="MPXJ-1"))
    assert report.created["tasks"] == 2 and report.created["links"] == 1
    with read_session(demo_engine) as session:
        pid: int = find_project(session, "MPXJ-1").id  # type: ignore[assignment]
        plan, result = compute(session, pid, TODAY)
        by_name = {t.title: result.tasks[tid] for tid, t in plan.tasks.items()}
        links = [(d.kind, d.lag_days) for d in plan.dependencies]
    assert links == [("FS", 2)]
    # MPXJ's XER writer keeps no dates or durations of a plan it has not scheduled (MPXJ
    # reading that file back sees none either): for XER the tasks and the link are checked.
    if suffix != ".xer":
        assert (by_name["Design"].duration, by_name["Build"].duration) == (3, 5)
        design = by_name["Design"]
        assert (design.start, design.finish) == (date(2027, 3, 1), date(2027, 3, 3))
        # Two working days of lag after a Wednesday: Monday.
        assert by_name["Build"].start == date(2027, 3, 8)
