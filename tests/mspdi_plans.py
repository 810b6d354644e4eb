"""Plans for the MSPDI tests: a plan using every feature, and a project's schedule by WBS code."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from itpm_tui.db import read_session, write_session
from itpm_tui.models import Person, Task
from itpm_tui.services.exchange.formats import (
    ExportOptions,
    ImportOptions,
    export_format,
    import_format,
)
from itpm_tui.services.planning.calendar_records import (
    HolidayInput,
    add_holiday,
    set_working_weekdays,
)
from itpm_tui.services.planning.schedule_records import (
    add_dependency,
    compute,
    reschedule,
    save_baseline,
)
from itpm_tui.services.planning.tasks import TaskInput, create_task
from itpm_tui.services.portfolio.projects import find_project


def schedule_by_wbs(session: Session, project_id: int, today: date) -> dict[str, Any]:
    """Everything the plan says, keyed by WBS code so two projects compare task by task."""
    plan, result = compute(session, project_id, today)
    mine = {tid: t for tid, t in plan.tasks.items() if t.project_id == project_id}
    wbs = {tid: result.tasks[tid].wbs for tid in mine}
    people = {p.id: p.name for p in session.exec(select(Person))}
    tasks = {}
    for tid, task in mine.items():
        done = result.tasks[tid]
        tasks[wbs[tid]] = {
            "title": task.title,
            "notes": task.description,
            "start": done.start,
            "finish": done.finish,
            "duration": done.duration,
            "total_float": done.total_float,
            "free_float": done.free_float,
            "critical": done.critical,
            "summary": done.is_summary,
            "milestone": task.is_milestone,
            "percent": round(done.percent_complete),
            "actual": (task.actual_start, task.actual_finish) if not done.is_summary else None,
            "constraint": (task.constraint_kind, task.constraint_date)
            if task.constraint_date
            else ("ASAP", None),
            "assignee": people.get(task.assignee_id),
        }
    links = sorted(
        (wbs[d.predecessor_id], wbs[d.successor_id], d.kind, d.lag_days)
        for d in plan.dependencies
        if d.successor_id in mine and d.predecessor_id in mine
    )
    project = plan.projects[project_id]
    # Days off around the plan: a yearly rule goes out as the days it falls on.
    calendar = plan.calendars[project_id]
    first = (result.project_start or today) - timedelta(days=400)
    days_off = [
        first + timedelta(days=n)
        for n in range(800)
        if not calendar.is_working_day(first + timedelta(days=n))
    ]
    return {
        "tasks": tasks,
        "links": links,
        "weekdays": project.working_weekdays,
        "days_off": days_off,
        "finish": result.project_finish,
    }


def round_trip(engine: Engine, code: str, new_code: str, today: date) -> tuple[Any, Any, bytes]:
    with read_session(engine) as session:
        project = find_project(session, code)
        data = export_format("mspdi").write(session, project.id, ExportOptions(today=today))  # type: ignore[arg-type]
        before = schedule_by_wbs(session, project.id, today)  # type: ignore[arg-type]
    with write_session(engine, "import") as session:
        import_format("mspdi").read(session, data, ImportOptions(today=today, code=new_code))
    with read_session(engine) as session:
        after = schedule_by_wbs(session, find_project(session, new_code).id, today)  # type: ignore[arg-type]
    return before, after, data


def rich_plan(engine: Engine, today: date) -> str:
    """A plan with every link type, lags and leads, each constraint, holidays, a Sunday-to-
    Thursday week, actual dates, notes, assignees and a baseline."""
    from itpm_tui.services.portfolio.projects import ProjectInput, create_project
    from itpm_tui.services.resources.people import PersonInput, create_person

    start = today - timedelta(days=20)
    with write_session(engine, "set up") as session:
        person = create_person(session, PersonInput(name="Ada Byron", email="ada@example.org"))
        project = create_project(session, ProjectInput(code="RICH", name="Rich plan", start=start))
        pid: int = project.id  # type: ignore[assignment]
        set_working_weekdays(session, pid, "sun-thu", today)
        add_holiday(
            session,
            pid,
            HolidayInput("Founders day", (start + timedelta(days=9)).isoformat()),
            today,
        )
        add_holiday(session, pid, HolidayInput("New year", "yearly 01-01"), today)

        def task(title: str, parent: Task | None = None, **extra: Any) -> Task:
            made = create_task(
                session,
                pid,
                TaskInput(title=title, parent_id=parent.id if parent else None, **extra),
            )
            return made

        phase = task("Phase one")
        a = task("Design", phase, description="Line one\nline two", assignee_id=person.id)
        a.duration_days, a.percent_complete, a.actual_start = 5, 40, start
        b = task("Build", phase, estimate_days=7.5)
        b.duration_days = 8
        c = task("Review", phase)
        c.duration_days = 3
        c.constraint_kind, c.constraint_date = "SNET", start + timedelta(days=30)
        d = task("Sign-off", None, is_milestone=True)
        e = task("Pilot")
        e.duration_days = 4
        e.constraint_kind, e.constraint_date = "FNLT", start + timedelta(days=80)
        f = task("Fixed meeting")
        f.duration_days = 1
        f.constraint_kind, f.constraint_date = "MSO", start + timedelta(days=45)
        g = task("Go-live")
        g.duration_days = 2
        g.constraint_kind, g.constraint_date = "MFO", start + timedelta(days=100)
        h = task("Done early", phase, percent_complete=100)
        h.duration_days = 2
        h.actual_start, h.actual_finish = start, start + timedelta(days=2)
        session.flush()
        add_dependency(session, a.id, b.id, "FS", 2)  # type: ignore[arg-type]
        add_dependency(session, a.id, c.id, "SS", -1)  # type: ignore[arg-type]
        add_dependency(session, b.id, d.id, "FF", 0)  # type: ignore[arg-type]
        add_dependency(session, phase.id, e.id, "FS", 0)  # type: ignore[arg-type]
        add_dependency(session, e.id, g.id, "SF", 3)  # type: ignore[arg-type]
        reschedule(session, pid, today)
        save_baseline(session, pid, "Approved", today)
        # The plan moves on after its baseline.
        b.duration_days = 10
        reschedule(session, pid, today)
    return "RICH"
