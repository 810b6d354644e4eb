"""Dates that stay true: only typed dates pin a task, the project start moves the plan."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Engine

from itpm_tui.db import read_session, write_session
from itpm_tui.services import board
from itpm_tui.services.projects import ProjectInput, create_project, get_project, update_project
from itpm_tui.services.task_edits import save_task
from itpm_tui.services.tasks import TaskInput, get_task, list_task_rows

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
