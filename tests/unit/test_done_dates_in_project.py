"""A never-started task marked done is not dated before its project started."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from itpm_tui.db import read_session, write_session
from itpm_tui.models import Task
from itpm_tui.services.planning import plan_edits
from itpm_tui.services.planning.schedule_records import add_dependency, reschedule
from itpm_tui.services.planning.tasks import TaskInput, create_task
from itpm_tui.services.portfolio.projects import ProjectInput, create_project

MONDAY = date(2026, 3, 2)
WEDNESDAY = date(2026, 3, 4)


def test_a_long_task_marked_done_early_starts_no_earlier_than_its_project(engine: Engine) -> None:
    with write_session(engine) as s:
        pid = int(create_project(s, ProjectInput(code="P", name="Plan", start=MONDAY)).id)  # type: ignore[arg-type]
        first = create_task(s, pid, TaskInput("Order"))
        first.duration_days = 3
        long = create_task(s, pid, TaskInput("Delivery"))
        long.duration_days = 20
        s.flush()
        add_dependency(s, int(first.id), int(long.id))  # type: ignore[arg-type]
        reschedule(s, pid, MONDAY)
        long_id = int(long.id)  # type: ignore[arg-type]
    with read_session(engine) as s:
        assert s.get(Task, long_id).start == date(2026, 3, 5)  # type: ignore[union-attr]
    # Marked done on Wednesday 4 March, before its scheduled start: 20 working days
    # before that would be 5 February, a month before the project started.
    with write_session(engine) as s:
        plan_edits.set_percent(s, long_id, 100, WEDNESDAY)
        reschedule(s, pid, WEDNESDAY)
    with read_session(engine) as s:
        done = s.get(Task, long_id)
        assert done is not None
        assert (done.actual_start, done.actual_finish) == (MONDAY, WEDNESDAY)
