"""MSPDI: every demo project, and a plan using every feature, survive itpm -> MSPDI -> itpm."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from itpm_tui.db import read_session, write_session
from itpm_tui.models import Dependency, Holiday, Person, Project, Task
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
    list_baselines,
    reschedule,
    save_baseline,
)
from itpm_tui.services.planning.tasks import TaskInput, create_task
from itpm_tui.services.portfolio.projects import find_project, list_projects


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


def test_every_demo_project_survives_the_round_trip(demo_engine: Engine) -> None:
    today = date.today()
    with read_session(demo_engine) as session:
        codes = [p.code for p in list_projects(session)]
    assert len(codes) >= 5
    for n, code in enumerate(codes):
        before, after, _ = round_trip(demo_engine, code, f"COPY-{n}", today)
        assert after == before, code


def _rich_plan(engine: Engine, today: date) -> str:
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


def test_every_link_type_constraint_and_calendar_survives(engine: Engine) -> None:
    today = date.today()
    code = _rich_plan(engine, today)
    before, after, data = round_trip(engine, code, "RICH-2", today)
    assert after == before
    kinds = {link[2] for link in before["links"]}
    assert kinds == {"FS", "SS", "FF", "SF"}
    assert {t["constraint"][0] for t in before["tasks"].values()} == {
        "ASAP",
        "SNET",
        "FNLT",
        "MSO",
        "MFO",
    }
    assert before["weekdays"] == "0,1,2,3,6"
    with read_session(engine) as session:
        rows = session.exec(select(Holiday).where(Holiday.name == "New year")).all()
    # The yearly holiday went out as the days it falls on around the plan.
    assert len(rows) > 2
    with read_session(engine) as session:
        original = find_project(session, code)
        copy = find_project(session, "RICH-2")
        old = {
            t.title: bt
            for t, bt in session.exec(
                select(Task, BaselineTaskT)
                .join(BaselineTaskT, BaselineTaskT.task_id == Task.id)  # type: ignore[arg-type]
                .where(BaselineTaskT.baseline_id == list_baselines(session, original.id)[-1].id)  # type: ignore[arg-type]
            )
        }
        new = {
            t.title: bt
            for t, bt in session.exec(
                select(Task, BaselineTaskT)
                .join(BaselineTaskT, BaselineTaskT.task_id == Task.id)  # type: ignore[arg-type]
                .where(BaselineTaskT.baseline_id == list_baselines(session, copy.id)[-1].id)  # type: ignore[arg-type]
            )
        }
        assert {k: (v.start, v.finish) for k, v in new.items()} == {
            k: (v.start, v.finish) for k, v in old.items()
        }
        # The baseline is the old plan, not the current one.
        assert new["Build"].finish != before["tasks"]["1.2"]["finish"]
        # The person is found again, not created twice.
        assert len(session.exec(select(Person).where(Person.name == "Ada Byron")).all()) == 1


from itpm_tui.models import BaselineTask as BaselineTaskT  # noqa: E402


def test_an_existing_code_is_refused_unless_replaced(demo_engine: Engine) -> None:
    from itpm_tui.services.shared.errors import ItpmError

    today = date.today()
    with read_session(demo_engine) as session:
        project = find_project(session, "ERP-S4")
        data = export_format("mspdi").write(session, project.id, ExportOptions(today=today))  # type: ignore[arg-type]
        tasks_before = len(session.exec(select(Task).where(Task.project_id == project.id)).all())
    with (
        pytest.raises(ItpmError, match="ERP-S4 is already the code of a project"),
        write_session(demo_engine, "import") as session,
    ):
        import_format("mspdi").read(session, data, ImportOptions(today=today, code="ERP-S4"))
    with write_session(demo_engine, "import") as session:
        import_format("mspdi").read(
            session, data, ImportOptions(today=today, code="ERP-S4", replace=True)
        )
    with read_session(demo_engine) as session:
        projects = session.exec(select(Project).where(Project.code == "ERP-S4")).all()
        assert len(projects) == 1
        count = len(session.exec(select(Task).where(Task.project_id == projects[0].id)).all())
        assert count == tasks_before
        assert session.exec(select(Dependency)).first() is not None
