"""MSPDI: every demo project, and a plan using every feature, survive itpm -> MSPDI -> itpm."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from itpm_tui.db import read_session, write_session
from itpm_tui.models import BaselineTask, Dependency, Holiday, Person, Project, Task
from itpm_tui.services.exchange.formats import (
    ExportOptions,
    ImportOptions,
    export_format,
    import_format,
)
from itpm_tui.services.planning.schedule_records import list_baselines
from itpm_tui.services.portfolio.projects import find_project, list_projects

# pytest puts tests/ on the path (tests/mspdi_plans.py is `mspdi_plans` there); mypy reads
# it as a module of the tests package.
if TYPE_CHECKING:
    from tests.mspdi_plans import rich_plan, round_trip
else:
    from mspdi_plans import rich_plan, round_trip


def test_every_demo_project_survives_the_round_trip(demo_engine: Engine) -> None:
    today = date.today()
    with read_session(demo_engine) as session:
        codes = [p.code for p in list_projects(session)]
    assert len(codes) >= 5
    for n, code in enumerate(codes):
        before, after, _ = round_trip(demo_engine, code, f"COPY-{n}", today)
        assert after == before, code


def test_every_link_type_constraint_and_calendar_survives(engine: Engine) -> None:
    today = date.today()
    code = rich_plan(engine, today)
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
                select(Task, BaselineTask)
                .join(BaselineTask, BaselineTask.task_id == Task.id)  # type: ignore[arg-type]
                .where(BaselineTask.baseline_id == list_baselines(session, original.id)[-1].id)  # type: ignore[arg-type]
            )
        }
        new = {
            t.title: bt
            for t, bt in session.exec(
                select(Task, BaselineTask)
                .join(BaselineTask, BaselineTask.task_id == Task.id)  # type: ignore[arg-type]
                .where(BaselineTask.baseline_id == list_baselines(session, copy.id)[-1].id)  # type: ignore[arg-type]
            )
        }
        assert {k: (v.start, v.finish) for k, v in new.items()} == {
            k: (v.start, v.finish) for k, v in old.items()
        }
        # The baseline is the old plan, not the current one.
        assert new["Build"].finish != before["tasks"]["1.2"]["finish"]
        # The person is found again, not created twice.
        assert len(session.exec(select(Person).where(Person.name == "Ada Byron")).all()) == 1


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
