"""Dates that stay true: only typed dates pin a task, the project start moves the plan."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine

from itpm_tui.db import read_session, write_session
from itpm_tui.services.kanban import board
from itpm_tui.services.planning.task_edits import save_task
from itpm_tui.services.planning.tasks import TaskInput, get_task, list_task_rows
from itpm_tui.services.portfolio.projects import (
    ProjectInput,
    create_project,
    get_project,
    update_project,
)

TODAY = date(2026, 11, 18)  # a Wednesday
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


def d(day: int, month: int = 11, year: int = 2026) -> date:
    return date(year, month, day)


def new_project(engine: Engine, start: date = date(2026, 11, 2)) -> int:
    with write_session(engine) as s:
        project = create_project(s, ProjectInput(code="NET", name="Network", start=start), TODAY)
        return int(project.id)  # type: ignore[arg-type]


def move_start(engine: Engine, project_id: int, start: date) -> None:
    with write_session(engine) as s:
        project = get_project(s, project_id)
        data = ProjectInput(code=project.code, name=project.name, start=start)
        update_project(s, project_id, data, project.version, TODAY)


def row_dates(engine: Engine, project_id: int) -> dict[str, tuple[date | None, date | None]]:
    with read_session(engine) as s:
        return {r.title: (r.start, r.finish) for r in list_task_rows(s, project_id)}


def constraint(engine: Engine, task_id: int) -> tuple[str, date | None]:
    with read_session(engine) as s:
        task = get_task(s, task_id)
        return task.constraint_kind, task.constraint_date


# --- only a typed date pins a task -----------------------------------------------------------


def test_a_task_saved_from_the_form_without_a_date_is_not_pinned(engine: Engine) -> None:
    pid = new_project(engine)
    with write_session(engine) as s:
        task_id = save_task(s, pid, None, TaskInput(title="Survey"), today=TODAY).id
    assert constraint(engine, task_id) == ("ASAP", None)  # type: ignore[arg-type]
    assert row_dates(engine, pid)["Survey"] == (d(2), d(2))
    # Moved later and earlier than the day it was created, it follows the project.
    move_start(engine, pid, d(7, 12))
    assert row_dates(engine, pid)["Survey"] == (d(7, 12), d(7, 12))
    move_start(engine, pid, d(26, 10))
    assert row_dates(engine, pid)["Survey"] == (d(26, 10), d(26, 10))


def test_a_start_typed_in_the_form_is_a_constraint(engine: Engine) -> None:
    pid = new_project(engine)
    with write_session(engine) as s:
        task_id = save_task(s, pid, None, TaskInput(title="Cutover", start=d(23)), today=TODAY).id
    assert constraint(engine, task_id) == ("SNET", d(23))  # type: ignore[arg-type]
    move_start(engine, pid, d(26, 10))
    assert row_dates(engine, pid)["Cutover"] == (d(23), d(23))


def test_a_quick_added_card_is_not_pinned_to_the_day_it_was_added(engine: Engine) -> None:
    pid = new_project(engine)
    with read_session(engine) as s:
        todo = next(c.id for c in board.list_columns(s, pid) if c.status == "todo")
    with write_session(engine) as s:
        card = board.quick_add(s, pid, todo, "Label racks", NOW)  # type: ignore[arg-type]
    assert constraint(engine, card.id) == ("ASAP", None)  # type: ignore[arg-type]
    move_start(engine, pid, d(26, 10))
    assert row_dates(engine, pid)["Label racks"] == (d(26, 10), d(26, 10))


# --- the project's start moves the stored plan ---------------------------------------------


def test_changing_the_project_start_moves_the_dates_every_list_shows(engine: Engine) -> None:
    pid = new_project(engine)
    with write_session(engine) as s:
        save_task(s, pid, None, TaskInput(title="Design", estimate_days=3), today=TODAY)
    assert row_dates(engine, pid)["Design"] == (d(2), d(4))
    move_start(engine, pid, d(16))
    # Monday 16 to Wednesday 18: what the Planning list reads, as the chart computes it.
    assert row_dates(engine, pid)["Design"] == (d(16), d(18))


# --- the estimate drives the dates ----------------------------------------------------------


def form_values(engine: Engine, task_id: int, **changes: Any) -> TaskInput:
    """What the task form sends back: the stored values, with the person's changes."""
    with read_session(engine) as s:
        t = get_task(s, task_id)
    values: dict[str, Any] = {
        "title": t.title,
        "status": t.status,
        "estimate_days": t.estimate_days,
        "start": t.start,
        "finish": t.finish,
        "percent_complete": t.percent_complete,
        "is_milestone": t.is_milestone,
        "parent_id": t.parent_id,
    }
    values.update(changes)
    return TaskInput(**values)


def save(engine: Engine, pid: int, task_id: int, data: TaskInput) -> None:
    with write_session(engine) as s:
        version = get_task(s, task_id).version
        save_task(s, pid, task_id, data, version, TODAY)


def test_a_new_estimate_sets_the_span_in_working_days(engine: Engine) -> None:
    pid = new_project(engine)
    with write_session(engine) as s:
        task_id = int(save_task(s, pid, None, TaskInput(title="Cabling"), today=TODAY).id)  # type: ignore[arg-type]
    assert row_dates(engine, pid)["Cabling"] == (d(2), d(2))
    save(engine, pid, task_id, form_values(engine, task_id, estimate_days=2.0))
    assert row_dates(engine, pid)["Cabling"] == (d(2), d(3))
    # Over a weekend: 4 working days from Monday 2 end on Thursday 5; 6 end on Monday 9.
    save(engine, pid, task_id, form_values(engine, task_id, estimate_days=6.0))
    assert row_dates(engine, pid)["Cabling"] == (d(2), d(9))
    # Half a day still takes a day of the calendar.
    save(engine, pid, task_id, form_values(engine, task_id, estimate_days=0.5))
    assert row_dates(engine, pid)["Cabling"] == (d(2), d(2))


def test_a_finish_typed_with_the_estimate_wins(engine: Engine) -> None:
    pid = new_project(engine)
    with write_session(engine) as s:
        task_id = int(save_task(s, pid, None, TaskInput(title="Racks"), today=TODAY).id)  # type: ignore[arg-type]
    save(engine, pid, task_id, form_values(engine, task_id, estimate_days=2.0, finish=d(6)))
    assert row_dates(engine, pid)["Racks"] == (d(2), d(6))


def test_the_resources_screen_spreads_an_estimate_over_its_days(engine: Engine) -> None:
    from itpm_tui.services.resources.load import resource_load
    from itpm_tui.services.resources.people import PersonInput, create_person

    pid = new_project(engine)
    with write_session(engine) as s:
        ada = int(create_person(s, PersonInput(name="Ada")).id)  # type: ignore[arg-type]
        data = TaskInput(title="Patch", assignee_id=ada)
        task_id = int(save_task(s, pid, None, data, today=TODAY).id)  # type: ignore[arg-type]
    save(engine, pid, task_id, form_values(engine, task_id, estimate_days=10.0, assignee_id=ada))
    with read_session(engine) as s:
        load = resource_load(s, d(2), 2)
    # 80 h over two weeks of 40 h, not in one: no one is over-allocated.
    assert [w.load for w in load.loads[ada]] == [40.0, 40.0]
    assert load.over == []
